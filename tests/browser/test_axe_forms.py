"""Every sample form in a real browser: its error state and its receipt have no axe violations,
at 1280 px and at 320 px wide (each in a tab of its own, sent from that width).

Forms are found twice and compared: from the pages' front matter (``form: <id>``) and from
the built HTML. Whether a form is open is decided from its definition and today's date, as
the API decides it, so the tests follow the calendar instead of hard-coding which is closed.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browsing import (
    CONTENT,
    RECEIPT_PATH,
    RECEIPT_TITLE,
    answers_for,
    describe,
    embedded_form_ids,
    fill_form,
    form_pages,
    load_sample_forms,
    required_when_empty,
    run_axe,
)

from sitebuilder.forms.view import field_id

FORMS = load_sample_forms(CONTENT)
TODAY = dt.date.today()
EMBEDDED = sorted(embedded_form_ids(CONTENT))
OPEN = [f for f in EMBEDDED if FORMS[f].definition.is_open(TODAY)]
CLOSED = [f for f in EMBEDDED if not FORMS[f].definition.is_open(TODAY)]


@pytest.fixture(scope="module")
def pages(served) -> dict[str, str]:
    return form_pages(served.out)


@pytest.fixture(params=["desktop", "narrow"])
def form_page(request):
    """A fresh tab 1280 px wide, or one 320 px wide (a small phone, or 400 % zoom)."""
    return request.getfixturevalue(f"{request.param}_page")


def width(page) -> str:
    return f"{page.viewport_size['width']} px"


def submit(page, expected_status: int):
    """Press the form's send button (a mouse click) and wait for the answer page."""
    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    response = navigation.value
    assert response is not None and response.status == expected_status, (
        f"{page.url}: HTTP {response.status if response else None}, expected {expected_status}"
    )
    return response


def test_every_embedded_form_is_on_a_built_page(pages) -> None:
    assert EMBEDDED, "the sample content embeds forms"
    assert set(pages) == set(EMBEDDED)
    assert set(EMBEDDED) <= set(FORMS)


@pytest.mark.parametrize("form_id", OPEN)
def test_empty_submission_shows_an_accessible_error_state(
    form_id, pages, served, form_page, axe_source
) -> None:
    page = form_page
    definition = FORMS[form_id].definition
    page.goto(served.url(pages[form_id]))
    submit(page, 422)

    assert page.title().startswith("Fel:"), page.title()
    has_focus = page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert has_focus, "the error summary has focus when the page loads"
    hrefs = page.locator(".error-summary a").evaluate_all("links => links.map(a => a.hash)")
    assert hrefs == ["#" + field_id(f.name) for f in required_when_empty(definition)]
    violations = run_axe(page, axe_source)
    assert violations == [], describe(
        f"{page.url} (errors of {form_id}, {width(page)})", violations
    )


@pytest.mark.parametrize("form_id", OPEN)
def test_valid_answers_reach_an_accessible_receipt(
    form_id, pages, served, form_page, axe_source
) -> None:
    page = form_page
    definition = FORMS[form_id].definition
    page.goto(served.url(pages[form_id]))
    fill_form(page, definition, answers_for(definition))
    submit(page, 200)

    match = RECEIPT_PATH.search(page.url)
    assert match and match["form"] == form_id, page.url
    assert page.locator("h1").inner_text() == RECEIPT_TITLE
    assert page.locator(".receipt__ref").inner_text() == match["ref"]
    violations = run_axe(page, axe_source)
    assert violations == [], describe(
        f"{page.url} (receipt of {form_id}, {width(page)})", violations
    )


@pytest.mark.parametrize("form_id", CLOSED)
def test_closed_form_shows_the_closed_message_and_no_form(
    form_id, pages, served, desktop_page, axe_source
) -> None:
    page = desktop_page
    page.goto(served.url(pages[form_id]))
    section = page.locator(".form-section")
    assert (
        section.locator(".form-closed")
        .inner_text()
        .startswith(("Formuläret stängde", "Formuläret öppnar"))
    )
    assert page.locator("form.form").count() == 0
    assert section.locator("input, select, textarea, button").count() == 0

    # A stale copy of the page posting anyway gets the API's own "closed" page.
    with page.expect_navigation() as navigation:
        page.evaluate(
            """action => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                document.body.append(form);
                form.submit();
            }""",
            f"/api/forms/{form_id}",
        )
    assert navigation.value is not None and navigation.value.status == 410
    assert page.locator("h1").inner_text() == "Formuläret är stängt"
    violations = run_axe(page, axe_source)
    assert violations == [], describe(f"{page.url} (closed {form_id}, HTTP 410)", violations)


def test_api_not_found_page_is_accessible(served, desktop_page, axe_source) -> None:
    page = desktop_page
    response = page.goto(served.url(f"/api/forms/{EMBEDDED[0]}/receipt/AAAAAAAA"))
    assert response is not None and response.status == 404
    assert re.search(r"inget kvitto", page.locator("h1").inner_text())
    violations = run_axe(page, axe_source)
    assert violations == [], describe(f"{page.url} (API 404)", violations)


def test_api_post_address_page_is_accessible(served, desktop_page, axe_source) -> None:
    """A GET on a form's post address gets a page that leads to the form, in the site's look."""
    page = desktop_page
    response = page.goto(served.url(f"/api/forms/{EMBEDDED[0]}"))
    assert response is not None and response.status == 405
    assert page.locator("main a").count() >= 1
    violations = run_axe(page, axe_source)
    assert violations == [], describe(f"{page.url} (API 405)", violations)
