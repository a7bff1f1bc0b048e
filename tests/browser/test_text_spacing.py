"""WCAG 1.4.12 Text spacing at 320 px: with line height 1.5, paragraph spacing 2 em, letter
spacing 0.12 em and word spacing 0.16 em on every element, no page scrolls sideways and no text
is cut off or sticks out of its box. Every built page, every open form sent empty and a
receipt, one page load each (text_spacing.py says how the spacing is applied and read).
"""

from __future__ import annotations

from browsing import PHONE_MENU_PAGES, open_phone_menu
from page_states import page_states
from text_spacing import text_spacing_problems


def test_text_spacing_breaks_nothing_on_any_page_at_320px(served, narrow_page) -> None:
    problems = []
    states = 0
    for where in page_states(narrow_page, served):
        states += 1
        problems += [f"{where}: {problem}" for problem in text_spacing_problems(narrow_page)]
    assert states > 1
    assert not problems, f"{len(problems)} problems with 1.4.12 text spacing at 320 px:\n" + (
        "\n".join(problems)
    )


def test_text_spacing_breaks_nothing_in_the_open_phone_menu(served, narrow_page) -> None:
    problems = []
    for path in PHONE_MENU_PAGES:
        narrow_page.goto(served.url(path))
        open_phone_menu(narrow_page)
        problems += [f"{path} (menu open): {p}" for p in text_spacing_problems(narrow_page)]
    assert not problems, "\n".join(problems)
