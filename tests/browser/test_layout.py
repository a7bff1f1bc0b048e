"""Layout for people who zoom, print or get sick from motion.

Reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS px. Resize text (1.4.4): with the
browser's own default font size doubled (32 px, as a resident sets it in Chrome's settings)
no page scrolls sideways at 1280 px, and every form sent empty and a receipt fit too. Every
page is checked, not a sample: one tab and a goto per page is cheap. Print hides the
navigation, and reduced motion turns smooth scrolling off.
"""

from __future__ import annotations

import datetime as dt

import pytest
from browsing import (
    CONTENT,
    RECEIPT_PATH,
    answers_for,
    fill_form,
    form_pages,
    horizontal_overflow,
    load_sample_forms,
    site_paths,
)

FORMS = load_sample_forms(CONTENT)
TODAY = dt.date.today()
OPEN = sorted(f for f, loaded in FORMS.items() if loaded.definition.is_open(TODAY))
NAVIGATION = (".skip-link", ".main-nav", ".breadcrumbs")
DISPLAY_JS = "(element) => getComputedStyle(element).display"


def send(page, status: int) -> None:
    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    assert navigation.value is not None and navigation.value.status == status, page.url


def test_no_page_scrolls_sideways_at_320px(served, narrow_page) -> None:
    paths = site_paths(served.out)
    problems = []
    for path in paths:
        narrow_page.goto(served.url(path))
        problem = horizontal_overflow(narrow_page)
        if problem:
            problems.append(f"{path}: {problem}")
    assert not problems, f"{len(problems)} of {len(paths)} pages at 320 px:\n" + "\n".join(problems)


# The root's and body's computed font sizes, and whether a rem-based media query of the theme's
# (site.css: the navigation's row layout) applies.
TEXT_SIZE_JS = """() => ({
  root: parseFloat(getComputedStyle(document.documentElement).fontSize),
  body: parseFloat(getComputedStyle(document.body).fontSize),
  wide: matchMedia("(min-width: 60rem)").matches,
})"""


def test_browser_font_size_setting_doubles_text_and_rem_media_queries(
    served, desktop_page, large_text_page
) -> None:
    """The 200 % text check below is only worth something if the setting really takes."""
    desktop_page.goto(served.url("/"))
    large_text_page.goto(served.url("/"))
    normal = desktop_page.evaluate(TEXT_SIZE_JS)
    large = large_text_page.evaluate(TEXT_SIZE_JS)
    assert (normal["root"], large["root"]) == (16, 32), (normal, large)
    assert large["body"] == 2 * normal["body"], (normal, large)
    # 60rem is 960 px at 16 px text, but 1920 px at 32 px: more than the 1280 px viewport.
    assert (normal["wide"], large["wide"]) == (True, False), (normal, large)


def test_no_page_scrolls_sideways_with_text_at_200_percent(served, large_text_page) -> None:
    page = large_text_page
    paths = site_paths(served.out)
    problems = []

    def check(where: str) -> None:
        root = page.evaluate(TEXT_SIZE_JS)["root"]
        assert root == 32, f"{where}: the root font size is {root} px, the setting did not hold"
        problem = horizontal_overflow(page)
        if problem:
            problems.append(f"{where}: {problem}")

    for path in paths:
        page.goto(served.url(path))
        check(path)
    for form_id, path in sorted(form_pages(served.out).items()):
        if form_id not in OPEN:
            continue
        page.goto(served.url(path))
        send(page, 422)
        check(f"{path} ({form_id} sent empty)")
    form_id = OPEN[0]
    page.goto(served.url(form_pages(served.out)[form_id]))
    definition = FORMS[form_id].definition
    fill_form(page, definition, answers_for(definition))
    send(page, 200)
    assert RECEIPT_PATH.search(page.url), page.url
    check(f"{page.url.removeprefix(served.base_url)} (receipt of {form_id})")
    assert not problems, (
        f"{len(problems)} pages at 1280 px with the browser's text size at 32 px:\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("form_id", OPEN)
def test_error_state_and_receipt_fit_320px(form_id, served, narrow_page) -> None:
    page = narrow_page
    page.goto(served.url(form_pages(served.out)[form_id]))
    send(page, 422)
    assert horizontal_overflow(page) is None, f"{form_id} with errors: {horizontal_overflow(page)}"
    definition = FORMS[form_id].definition
    fill_form(page, definition, answers_for(definition))
    send(page, 200)
    assert RECEIPT_PATH.search(page.url), page.url
    assert horizontal_overflow(page) is None, f"{form_id} receipt: {horizontal_overflow(page)}"


def test_print_hides_the_navigation(served, desktop_page) -> None:
    page = desktop_page
    # A page deep enough to have breadcrumbs, and one with a form.
    path = next(iter(form_pages(served.out).values()))
    page.goto(served.url(path))
    for selector in NAVIGATION:
        assert page.locator(selector).count() == 1, f"{path} has {selector}"
    page.emulate_media(media="print")
    for selector in NAVIGATION:
        assert page.locator(selector).evaluate(DISPLAY_JS) == "none", f"{selector} printed"
    assert page.locator("main h1").is_visible()
    page.emulate_media(media="screen")
    assert page.locator(".main-nav").evaluate(DISPLAY_JS) != "none"


def test_receipt_prints_without_navigation_or_print_advice(served, desktop_page) -> None:
    page = desktop_page
    form_id = OPEN[0]
    page.goto(served.url(form_pages(served.out)[form_id]))
    definition = FORMS[form_id].definition
    fill_form(page, definition, answers_for(definition))
    send(page, 200)
    assert RECEIPT_PATH.search(page.url), page.url
    assert page.locator(".receipt__print").is_visible(), "on screen the print advice shows"

    page.emulate_media(media="print")
    for selector in (".skip-link", ".main-nav", ".receipt__print"):
        assert page.locator(selector).evaluate(DISPLAY_JS) == "none", f"{selector} printed"
    assert page.locator(".receipt__ref").is_visible(), "the reference number is printed"


def test_reduced_motion_turns_smooth_scrolling_off(served, desktop_page) -> None:
    page = desktop_page
    page.goto(served.url("/"))
    behaviour = "() => getComputedStyle(document.documentElement).scrollBehavior"
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(behaviour) == "smooth"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(behaviour) == "auto"
