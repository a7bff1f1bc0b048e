"""After following an error summary link, the whole question is on screen (WCAG 3.3.1, 2.4.3):
the field's label or legend, its error message and its control all lie inside the viewport,
and the control has focus. Every link of every open sample form sent empty, at 1280 and at
320 px, with JavaScript on and off.

The summary's links are found by what they do, not by class names: links into the page whose
target is a control inside the form. Each is focused, then activated with Enter, as from the
keyboard; the page is read once its scrolling has come to rest (smooth scrolling is on).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsing import form_pages
from conftest import DESKTOP, NARROW
from page_states import open_forms, send_form

OPEN = open_forms()
MAX_POLLS = 200  # 10 s of scrolling: far longer than any smooth scroll
MODES = {
    "1280px-js": (DESKTOP, True),
    "1280px-no-js": (DESKTOP, False),
    "320px-js": (NARROW, True),
    "320px-no-js": (NARROW, False),
}

SUMMARY_LINKS_JS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .filter(a => { const t = document.getElementById(a.hash.slice(1)); return t && t.closest("form"); })
  .map(a => a.hash.slice(1))"""

# Ids of the controls whose error message is shown (the error contract: <id>-error).
FIELDS_WITH_ERRORS_JS = """() => [...document.querySelectorAll('form [id$="-error"]')]
  .map(e => e.id.slice(0, -"-error".length))"""

# Where the focused control's question is: its legend (a group) or label, its error, itself.
QUESTION_JS = """() => {
  const control = document.activeElement;
  const group = control.closest("fieldset");
  const label = group && group.querySelector("legend") || (control.labels || [])[0];
  const error = document.getElementById(control.id + "-error");
  const box = e => {
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  return {id: control.id, viewport: [innerWidth, innerHeight],
          parts: {"label or legend": box(label), "error message": box(error), control: box(control)}};
}"""


@pytest.fixture(params=list(MODES), ids=list(MODES))
def jump_page(request, browser) -> Iterator[Any]:
    viewport, javascript = MODES[request.param]
    context = browser.new_context(viewport=viewport, locale="sv-SE", java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def wait_until_scrolling_stops(page: Any) -> None:
    """Return once the page has not scrolled for 3 readings 50 ms apart. Polled from here:
    with JavaScript turned off the page runs no timers or animation frames of its own."""
    last, still = None, 0
    for _ in range(MAX_POLLS):
        now = page.evaluate("[scrollX, scrollY]")
        still = still + 1 if now == last else 0
        if still >= 3:
            return
        last = now
        page.wait_for_timeout(50)
    raise AssertionError(f"the page was still scrolling after {MAX_POLLS} readings")


def off_screen(question: dict[str, Any]) -> list[str]:
    """The parts of the question that are missing or not wholly inside the viewport."""
    width, height = question["viewport"]
    problems = []
    for part, box in question["parts"].items():
        if box is None:
            problems.append(f"it has no {part}")
        elif box["top"] < 0 or box["bottom"] > height or box["left"] < 0 or box["right"] > width:
            problems.append(
                f"its {part} is at {round(box['top'])}..{round(box['bottom'])} px"
                f" of a {height} px high viewport"
            )
    return problems


@pytest.mark.parametrize("form_id", OPEN)
def test_after_an_error_summary_link_the_whole_question_is_on_screen(
    form_id, served, jump_page
) -> None:
    page = jump_page
    page.goto(served.url(form_pages(served.out)[form_id]))
    send_form(page, 422)
    targets = page.evaluate(SUMMARY_LINKS_JS)
    assert targets, "the error summary links to the fields"
    assert sorted(targets) == sorted(page.evaluate(FIELDS_WITH_ERRORS_JS)), (
        "one summary link per field with an error message"
    )

    problems = []
    for target in targets:
        page.locator(f'a[href="#{target}"]').focus()
        wait_until_scrolling_stops(page)
        page.keyboard.press("Enter")
        wait_until_scrolling_stops(page)
        question = page.evaluate(QUESTION_JS)
        if question["id"] != target:
            problems.append(f"#{target}: focus went to #{question['id']}, not the field")
            continue
        problems += [f"#{target}: {problem}" for problem in off_screen(question)]
    assert not problems, f"{form_id} after following its error summary's links:\n" + "\n".join(
        problems
    )
