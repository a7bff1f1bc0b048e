"""The colour checks of site.yml match what the theme draws."""

from __future__ import annotations

import re

from sitebuilder.colours import contrast_ratio
from sitebuilder.config import FOCUS_TEXT, Colours
from sitebuilder.theme import DEFAULT_THEME


def test_theme_draws_focused_text_in_the_colour_the_build_checks() -> None:
    css = (DEFAULT_THEME / "static" / "site.css").read_text(encoding="utf-8")
    declared = re.search(r"--colour-focus-text:\s*(#[0-9a-fA-F]{6})\s*;", css)
    assert declared, "site.css declares --colour-focus-text"
    assert declared[1].lower() == FOCUS_TEXT


def test_default_focus_colour_passes_both_focus_checks() -> None:
    colours = Colours()
    assert contrast_ratio(FOCUS_TEXT, colours.focus) >= 4.5
    assert (
        max(
            contrast_ratio(colours.focus, colours.primary),
            contrast_ratio(FOCUS_TEXT, colours.primary),
        )
        >= 3
    )
