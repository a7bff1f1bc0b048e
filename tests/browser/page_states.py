"""Every state of the sample site a resident can see, one after another in one tab: each built
page, each open form sent empty (its 422 page with the error summary) and one receipt.

For the checks that must hold on every page (focused contrast, text spacing): they load each
state here and look at it in the same tab, one page load per state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from browsing import (
    CONTENT,
    RECEIPT_PATH,
    answers_for,
    fill_form,
    form_pages,
    load_sample_forms,
    site_paths,
)

FORMS = load_sample_forms(CONTENT)


def open_forms(today: dt.date | None = None) -> list[str]:
    """The sample forms that take answers today, as the API decides it (by the calendar)."""
    today = today or dt.date.today()
    return sorted(f for f, loaded in FORMS.items() if loaded.definition.is_open(today))


def send_form(page: Any, status: int) -> None:
    """Press the form's send button and wait for the answer page with that status."""
    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    response = navigation.value
    assert response is not None and response.status == status, (
        f"{page.url}: HTTP {response.status if response else None}, expected {status}"
    )


# The endpoint's search pages: results with filters and paging, and no results.
SEARCH_STATES = (
    "/api/search?q=bygglov&lang=sv",
    "/api/search?q=kommun&lang=sv&page=2",
    "/api/search?q=qwxzvbnmk&lang=sv",
)


def page_states(page: Any, served: Any) -> Iterator[str]:
    """Show each state in `page` in turn and yield a name for it (its path, and what was sent)."""
    for path in site_paths(served.out):
        page.goto(served.url(path))
        yield path
    for path in SEARCH_STATES:
        page.goto(served.url(path))
        yield path
    pages = form_pages(served.out)
    forms = open_forms()
    for form_id in forms:
        page.goto(served.url(pages[form_id]))
        send_form(page, 422)
        yield f"{pages[form_id]} ({form_id} sent empty)"
    form_id = forms[0]
    page.goto(served.url(pages[form_id]))
    definition = FORMS[form_id].definition
    fill_form(page, definition, answers_for(definition))
    send_form(page, 200)
    assert RECEIPT_PATH.search(page.url), page.url
    yield f"{page.url.removeprefix(served.base_url)} (receipt of {form_id})"
