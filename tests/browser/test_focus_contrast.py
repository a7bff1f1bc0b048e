"""Focus on every page, as a sighted keyboard user meets it: WCAG 1.4.3 contrast of the focused
text, 2.4.7 a visible focus indicator, 2.4.11 the focused element not hidden by the page.

Every built page, every open form sent empty (its error page) and a receipt are walked with
Tab, at 1280 and at 320 px, and every element Tab reaches is also focused by script after a
mouse click (focus without :focus-visible). focus_check.py says how each stop is read. One
page load per page: a walk presses Tab until focus comes back round and reads each stop with
one evaluate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import MISSING_PATH, PHONE_MENU_PAGES, form_pages, open_phone_menu
from conftest import DESKTOP, NARROW
from focus_check import FOCUS_LOOK_JS, click_outside_controls, focus_problems
from page_states import open_forms, page_states, send_form

MAX_PAGES_NAMED = 3  # in a failure, the pages a problem was seen on (then how many more)


@pytest.fixture(params=[DESKTOP, NARROW], ids=["1280px", "320px"])
def focus_page(request, browser) -> Iterator[Any]:
    """A tab in a context of its own with reduced motion on, so that the theme scrolls to a
    focused element at once (no smooth scrolling) and each stop is read where it rests."""
    context = browser.new_context(viewport=request.param, locale="sv-SE", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def report(found: dict[str, list[str]]) -> str:
    """One line per problem, with the pages it was seen on (the same header on every page is
    one line, not seventy)."""
    lines = []
    for problem, pages in found.items():
        named = ", ".join(pages[:MAX_PAGES_NAMED])
        more = f" and {len(pages) - MAX_PAGES_NAMED} more" if len(pages) > MAX_PAGES_NAMED else ""
        lines.append(f"{problem}\n    on {named}{more}")
    return "\n".join(lines)


def test_every_focused_element_on_every_page_is_readable_and_visibly_focused(
    served, focus_page
) -> None:
    found: dict[str, list[str]] = defaultdict(list)
    states = 0
    for where in page_states(focus_page, served):
        states += 1
        for problem in focus_problems(focus_page):
            found[problem].append(where)
    assert states > len(open_forms()) + 1, "every built page, each error page and a receipt"
    assert not found, f"{len(found)} focus problems:\n" + report(found)


def test_skip_link_focused_without_a_keyboard_is_dark_on_the_focus_colour(
    served, desktop_page
) -> None:
    """A mouse click, then focus by script: :focus without :focus-visible (issue 8, item 22)."""
    page = desktop_page
    form_page = form_pages(served.out)[open_forms()[0]]
    for path, sent_empty in (("/", False), (MISSING_PATH, False), (form_page, True)):
        page.goto(served.url(path))
        if sent_empty:
            send_form(page, 422)
        page.evaluate(FOCUS_LOOK_JS)
        click_outside_controls(page)
        page.evaluate("document.querySelector('.skip-link').focus()")
        state = page.evaluate(
            "() => { const e = document.activeElement, box = e.getBoundingClientRect();"
            " return {skip: e.matches('.skip-link'), focus: e.matches(':focus'),"
            " visible: e.matches(':focus-visible'), left: box.left, top: box.top}; }"
        )
        assert state["skip"] and state["focus"], f"{path}: the skip link did not take focus"
        assert not state["visible"], f"{path}: after a click, script focus is not :focus-visible"
        assert state["left"] >= 0 and state["top"] >= 0, f"{path}: the focused skip link is shown"
        landed = page.evaluate("__focusLook.landed()")
        assert landed["problems"] == [], f"{path}: {landed['what']}: {landed['problems']}"


@pytest.mark.parametrize("width", [320, 375])
def test_the_open_phone_menu_is_readable_and_visibly_focused(served, browser, width) -> None:
    """The menu's links, shown only once the Meny button has opened it: each Tab stop on the
    home page and a service page with the menu open (the closed menu is walked above)."""
    context = browser.new_context(
        viewport={"width": width, "height": 700}, locale="sv-SE", reduced_motion="reduce"
    )
    page = context.new_page()
    problems = []
    try:
        for path in PHONE_MENU_PAGES:
            page.goto(served.url(path))
            open_phone_menu(page)
            problems += [f"{path} (menu open): {problem}" for problem in focus_problems(page)]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
