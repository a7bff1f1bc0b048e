"""The site search in Chromium: /sok/, a results page and a no-results page pass axe at both
widths, work by keyboard alone with and without JavaScript, keep their meaning in forced
colours; with JavaScript results appear as the resident types, announced politely, focus
left in the box; and the relevance table gives the same top 3 on both paths. The focus
walk and 1.4.12 text spacing cover the search pages through page_states.SEARCH_STATES.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from browsing import active, describe, focus_indicator, run_axe
from test_forced_colours import LOOK_JS, differences

# The engine's relevance table lives with the engine's tests; the same cases run here.
_CASES_FILE = Path(__file__).resolve().parents[1] / "forms_api" / "search" / "relevance_cases.py"
_spec = importlib.util.spec_from_file_location("relevance_cases", _CASES_FILE)
assert _spec is not None and _spec.loader is not None
relevance_cases = sys.modules.setdefault("relevance_cases", importlib.util.module_from_spec(_spec))
if not hasattr(relevance_cases, "CASES"):
    _spec.loader.exec_module(relevance_cases)
CASES = relevance_cases.CASES

SEARCH_PAGES = [
    "/sok/",
    "/api/search?q=bygglov&lang=sv",
    "/api/search?q=qwxzvbnmk&lang=sv",  # no results
    "/api/search?q=kommun&lang=sv&page=2",
    "/api/search?q=bygglov&lang=sv&kind=service",
]
MAX_TABS = 80
TOP3_JS = """() => [...document.querySelectorAll('#search-results .search-hit__title a')]
  .slice(0, 3).map(a => a.getAttribute('href'))"""


@pytest.mark.parametrize("viewport", ["desktop", "narrow"])
def test_search_pages_have_no_axe_violations(request, viewport, served, axe_source) -> None:
    page = request.getfixturevalue(viewport).new_page()
    problems = []
    try:
        for path in SEARCH_PAGES:
            response = page.goto(served.url(path))
            assert response is not None and response.status == 200, path
            violations = run_axe(page, axe_source)
            if violations:
                problems.append(describe(f"{path} ({viewport})", violations))
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def test_results_as_you_type_are_announced_and_leave_focus_in_the_box(
    served, desktop_page, axe_source
) -> None:
    page = desktop_page
    page.goto(served.url("/sok/"))
    box = page.locator("main #sok")
    box.click()
    box.press_sequentially("bygglov", delay=40)
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.includes('bygglov')"
    )
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert "träff" in status.text_content()
    assert page.evaluate("document.activeElement.id") == "sok"
    assert page.evaluate(TOP3_JS)[0].startswith("/bygga-bo-och-miljo/bygglov/")
    assert page.url == served.url("/sok/")  # the entry page stays where it is
    assert not run_axe(page, axe_source)


def test_typing_on_the_results_page_updates_heading_title_and_address(served, desktop_page) -> None:
    page = desktop_page
    page.goto(served.url("/api/search?q=bygglov&lang=sv"))
    box = page.locator("main #sok")
    box.fill("")
    box.press_sequentially("hemtjänst", delay=30)
    page.wait_for_function("() => document.title.includes('hemtjänst')")
    assert "hemtjänst" in page.locator("h1").text_content()
    assert "q=hemtj" in page.url
    assert page.evaluate("document.activeElement.id") == "sok"


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_search_by_keyboard_alone(request, served, js) -> None:
    page = request.getfixturevalue("desktop_page" if js else "no_js_page")
    page.goto(served.url("/sok/"))
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = active(page)
        if now and now["id"] == "sok" and page.evaluate("!!document.activeElement.closest('main')"):
            break
    else:
        pytest.fail("Tab never reached the search box in <main>")
    page.keyboard.type("förskola")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/api/search?" in page.url and "q=f%C3%B6rskola" in page.url
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = active(page)
        if now and page.evaluate("!!document.activeElement.closest('.search-hit__title')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    assert focus_indicator(page), "the focused result shows no focus"
    target = now["href"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target) or target in page.url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_and_current_choices_keep_their_meaning_in_forced_colours(
    served, desktop_page, scheme
) -> None:
    page = desktop_page
    page.emulate_media(forced_colors="active", color_scheme=scheme)
    page.goto(served.url("/api/search?q=bygglov&lang=sv&page=1"))
    mark = page.locator(".search-hit__snippet mark").first
    text = page.locator(".search-hit__snippet").first
    assert differences(mark.evaluate(LOOK_JS), text.evaluate(LOOK_JS)), "mark looks like text"
    current = page.locator(".search-filters a[aria-current]").first
    other = page.locator(".search-filters a:not([aria-current])").first
    assert differences(current.evaluate(LOOK_JS), other.evaluate(LOOK_JS)), (
        "the current filter looks like the others"
    )
    page.goto(served.url("/api/search?q=kommun&lang=sv&page=2"))
    current = page.locator(".pagination a[aria-current]")
    other = page.locator(".pagination a:not([aria-current])").first
    assert differences(current.evaluate(LOOK_JS), other.evaluate(LOOK_JS))


def test_relevance_table_gives_the_same_top_3_with_and_without_javascript(
    served, no_js_page, desktop_page
) -> None:
    typing = desktop_page
    typing.goto(served.url("/api/search?lang=sv"))
    box = typing.locator("main #sok")
    problems = []
    for case in CASES:
        no_js_page.goto(
            served.url("/api/search?" + urlencode({"q": case.query, "lang": case.lang}))
        )
        plain = no_js_page.evaluate(TOP3_JS)
        if typing.locator("input[name=lang]").first.get_attribute("value") != case.lang:
            typing.goto(served.url("/api/search?" + urlencode({"lang": case.lang})))
        box.fill("")
        box.press_sequentially(case.query, delay=5)
        # The status names the query in quotes (”…” in Swedish, “…” in English).
        typing.wait_for_function(
            """q => { const t = document.getElementById('search-status').textContent;
                return t.includes('”' + q + '”') || t.includes('“' + q + '”'); }""",
            arg=case.query,
        )
        live = typing.evaluate(TOP3_JS)
        if live != plain:
            problems.append(f"{case.query!r}: with JS {live}, without {plain}")
        if case.url not in [link.split("#")[0] for link in live]:
            problems.append(f"{case.query!r}: {case.url} not in the live top 3 {live}")
    assert not problems, "\n".join(problems)


def test_the_page_is_light(served, desktop_page) -> None:
    """Everything the results page loads, as the browser counts it (what the README quotes)."""
    sizes: dict[str, int] = {}
    desktop_page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    desktop_page.goto(served.url("/api/search?q=bygglov&lang=sv"))
    desktop_page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert any("/assets/search." in url for url in sizes), sizes
    print(f"results page and everything it loads: {total} bytes uncompressed, {len(sizes)} files")
    assert total < 40_000, sizes
