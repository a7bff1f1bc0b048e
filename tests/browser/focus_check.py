"""Focus on one page as a sighted keyboard user meets it (WCAG 1.4.3, 2.4.7, 2.4.11).

Tab is pressed from the top of the page until focus comes back round to the first stop, and
at each stop the page is read as drawn (focus_look.js): the focused element's text against
what is painted behind it (>= 4.5:1, 3:1 for large text), whether the page covers it, and
afterwards whether its focused look differs from its look without focus by at least 3:1
against the colours next to it (outline, box-shadow, background or border). Following an
in-page link that moves focus (the skip link to main) is a focus state too. Before the Tab
walk, every element Tab can reach is focused by script after a mouse click, the state a
mouse or a script leaves (:focus without :focus-visible), and its text is read the same way.

The tab must have reduced motion on (the theme then scrolls without animation) so each stop
is read where it comes to rest, not half-way through a smooth scroll.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FOCUS_LOOK_JS = Path(__file__).with_name("focus_look.js").read_text(encoding="utf-8")
MAX_STOPS = 500  # far more Tab stops than any page has; a walk that never ends is a failure
MAX_TEXT_PROBLEMS = 3  # per element; a focused region with more says how many more
MAX_OFF_PAGE = 3  # Tabs in a row that leave the page (to the browser) before it comes back

# Stops that are links into the page whose target takes focus without being a Tab stop itself
# (main, tabindex="-1"): following them with Enter is a focus state of its own.
IN_PAGE_TARGETS_JS = """() => __focusLook.stops().flatMap((e, index) => {
  if (!e.matches('a[href^="#"]') || e.hash.length < 2) return [];
  const target = document.getElementById(decodeURIComponent(e.hash.slice(1)));
  return target && target.tabIndex < 0 && target.hasAttribute("tabindex") ? [index] : [];
})"""


# A point on the page's heading, scrolled into view: clicking there focuses nothing.
HEADING_POINT_JS = """() => {
  const h1 = document.querySelector("main h1");
  h1.scrollIntoView({block: "center"});
  const box = h1.getClientRects()[0];
  return [box.left + 2, box.top + box.height / 2];
}"""


def click_outside_controls(page: Any) -> None:
    """A real mouse click on the main heading: the page's last interaction is now a pointer,
    so focus moved by script afterwards does not match :focus-visible (Chromium's rule)."""
    x, y = page.evaluate(HEADING_POINT_JS)
    page.mouse.click(x, y)


def focus_problems(page: Any) -> list[str]:
    """Every focus problem on the page shown in `page`, one sentence each ("<element>: ...")."""
    page.evaluate(FOCUS_LOOK_JS)
    problems: list[str] = []
    names: dict[int, str] = {}

    def text(what: str, found: list[str]) -> None:
        problems.extend(f"{what}: {problem}" for problem in found[:MAX_TEXT_PROBLEMS])
        if len(found) > MAX_TEXT_PROBLEMS:
            problems.append(f"{what}: and {len(found) - MAX_TEXT_PROBLEMS} more pieces of text")

    def record(stop: dict[str, Any], how: str = "") -> None:
        names[stop["index"]] = stop["what"]
        text(stop["what"] + how, stop["problems"])
        if stop["covered"]:
            problems.append(f"{stop['what']}{how}: focused but hidden: {stop['covered']}")

    # What the page focuses by itself (the error summary, autofocus) is the first state seen.
    on_load = page.evaluate("__focusLook.focused()")
    if on_load is not None:
        record(on_load, " (focused on load)")

    # A pointer click, then script focus: no :focus-visible for links and buttons.
    click_outside_controls(page)
    for what, _, found in page.evaluate("__focusLook.scriptFocus()"):
        text(f"{what} (focused by mouse or script)", found)
    page.evaluate("document.activeElement.blur()")

    off_page = 0
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate("__focusLook.focused()")
        if stop is None:
            off_page += 1
            if off_page > MAX_OFF_PAGE:
                problems.append(f"Tab left the page {MAX_OFF_PAGE} times in a row")
                break
            continue
        off_page = 0
        if "repeat" in stop:
            break
        record(stop)
    else:
        problems.append(f"{MAX_STOPS} Tabs never came back to the first stop")

    page.evaluate("document.activeElement.blur()")
    for index, passing, faint in page.evaluate("__focusLook.indicators()"):
        if not passing:
            seen = "; ".join(faint) if faint else "it looks the same with and without focus"
            problems.append(
                f"{names[index]}: no focus indicator of 3:1 against its surroundings: {seen}"
            )

    for index in page.evaluate(IN_PAGE_TARGETS_JS):
        page.evaluate("index => __focusLook.stops()[index].focus()", index)
        page.keyboard.press("Enter")
        landed = page.evaluate("__focusLook.landed()")
        if landed is not None:
            text(f"{landed['what']} (reached by {names[index]})", landed["problems"])
    return problems
