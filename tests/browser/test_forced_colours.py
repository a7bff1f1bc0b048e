"""Forced colours (Windows contrast themes): what the theme says with colour must still show.
The browser replaces the author's colours with the user's palette, so a state told by a fill
or a red text alone disappears. In Chromium's emulation of forced colours, light and dark
palettes: the current step of the service ladder must differ from the other steps, and each
error message from its question's label or legend, by more than the font's weight: a
background or text colour 3:1 apart, a border at least 2 px thicker, or an outline. Focus
must stay visible too.
"""

from __future__ import annotations

import re

import pytest
from browsing import PHONE_MENU_PAGES, form_pages, open_phone_menu, url_path
from conftest import DESKTOP, NARROW
from focus_check import focus_problems
from page_states import open_forms, send_form

from sitebuilder.colours import contrast_ratio

MIN_CONTRAST = 3
MIN_BORDER = 2  # px more on some side

LOOK_JS = """e => {
  const s = getComputedStyle(e);
  const canvas = getComputedStyle(document.body).backgroundColor;
  return {
    background: s.backgroundColor, colour: s.color, canvas,
    borders: ["Top", "Right", "Bottom", "Left"].map(side =>
      s[`border${side}Style`] === "none" ? 0 : parseFloat(s[`border${side}Width`])),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
  };
}"""

# Each shown error message (the error contract: <id>-error) and its question's label: the
# legend of the control's fieldset, else the control's own label; their looks.
ERRORS_AND_LABELS_JS = f"""() => [...document.querySelectorAll('form [id$="-error"]')].map(error => {{
  const look = {LOOK_JS};
  const control = document.getElementById(error.id.slice(0, -"-error".length));
  const group = control && control.closest("fieldset");
  const label = group && group.querySelector("legend") || control && (control.labels || [])[0];
  return {{id: error.id, error: look(error), label: label ? look(label) : null}};
}})"""
RGB = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")


def opaque(colour: str, canvas: str) -> str:
    """A computed colour as #rrggbb, composited over the (opaque) canvas colour."""
    (r, g, b, a), (cr, cg, cb, _) = (
        [float(x) if x else 1.0 for x in RGB.fullmatch(c).groups()] for c in (colour, canvas)
    )
    mixed = (round(v * a + w * (1 - a)) for v, w in ((r, cr), (g, cg), (b, cb)))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def differences(one: dict, other: dict) -> list[str]:
    """What makes `one` look different from `other`, each strong enough to see."""
    canvas = one["canvas"]
    found = []
    for part in ("background", "colour"):
        a, b = opaque(one[part], canvas), opaque(other[part], canvas)
        if contrast_ratio(a, b) >= MIN_CONTRAST:
            found.append(f"{part} {a} against {b}")
    if max(x - y for x, y in zip(one["borders"], other["borders"], strict=True)) >= MIN_BORDER:
        found.append(f"border {one['borders']} px against {other['borders']} px")
    if one["outline"] != other["outline"]:
        found.append("an outline")
    return found


@pytest.fixture(params=["light", "dark"])
def forced_page(request, desktop_page):
    desktop_page.emulate_media(forced_colors="active", color_scheme=request.param)
    return desktop_page


def service_pages(out) -> list[str]:
    return [
        url_path(out, f)
        for f in sorted(out.rglob("*.html"))
        if 'aria-current="step"' in f.read_text(encoding="utf-8")
    ]


def test_current_ladder_step_stands_out_in_forced_colours(served, forced_page) -> None:
    page = forced_page
    paths = service_pages(served.out)
    assert paths, "the sample site has service pages with a ladder"
    problems = []
    for path in paths:
        page.goto(served.url(path))
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        current = page.locator('[aria-current="step"]')
        assert current.count() == 1, path
        look = current.evaluate(LOOK_JS)
        steps = current.locator("xpath=../li").evaluate_all(
            f"steps => steps.filter(s => !s.hasAttribute('aria-current')).map({LOOK_JS})"
        )
        assert steps, path
        for n, other in enumerate(steps):
            if not differences(look, other):
                problems.append(f"{path}: the current step looks like step {n + 1} but for weight")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("form_id", open_forms())
def test_error_messages_do_not_look_like_labels_in_forced_colours(
    form_id, served, forced_page
) -> None:
    page = forced_page
    page.goto(served.url(form_pages(served.out)[form_id]))
    send_form(page, 422)
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    pairs = page.evaluate(ERRORS_AND_LABELS_JS)
    assert pairs, "the form sent empty shows error messages"
    problems = []
    for pair in pairs:
        assert pair["label"] is not None, f"#{pair['id']} belongs to a question with a label"
        if not differences(pair["error"], pair["label"]):
            problems.append(f"#{pair['id']} looks like its question's label: {pair}")
    assert not problems, "\n".join(problems)


def test_focus_stays_visible_in_forced_colours(served, browser) -> None:
    """Forced colours drop backgrounds and box-shadows, the theme's usual focus look; the
    transparent outline it also sets becomes visible instead. Checked with the same Tab walk
    as test_focus_contrast on a page of each kind: home, a service page, a form sent empty."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE", reduced_motion="reduce")
    page = context.new_page()
    page.emulate_media(forced_colors="active")
    form_id = open_forms()[0]
    problems = []
    try:
        for path, sent_empty in (
            ("/", False),
            (service_pages(served.out)[0], False),
            (form_pages(served.out)[form_id], True),
        ):
            page.goto(served.url(path))
            if sent_empty:
                send_form(page, 422)
            problems += [f"{path}: {problem}" for problem in focus_problems(page)]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_phone_menu_button_and_its_focus_show_in_forced_colours(served, browser) -> None:
    """Forced colours drop the button's fill: its border must still draw it as a button, its
    three bars must stay (drawn with borders, not a background image alone), and focus must
    stay visible with the menu closed and open."""
    context = browser.new_context(viewport=NARROW, locale="sv-SE", reduced_motion="reduce")
    page = context.new_page()
    problems = []
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(forced_colors="active", color_scheme=scheme)
            for path in PHONE_MENU_PAGES:
                page.goto(served.url(path))
                assert page.evaluate("matchMedia('(forced-colors: active)').matches")
                button = page.locator("summary.menu-toggle__button")
                look = button.evaluate(LOOK_JS)
                if min(look["borders"]) < 2:
                    problems.append(f"{path} ({scheme}): the menu button has no border: {look}")
                bars = button.evaluate(
                    "e => { const s = getComputedStyle(e, '::before');"
                    " return [s.borderTopStyle, s.borderBottomStyle, s.borderTopWidth]; }"
                )
                if bars[:2] != ["solid", "solid"]:
                    problems.append(f"{path} ({scheme}): the menu icon is gone: {bars}")
                for state in ("closed", "open"):
                    if state == "open":  # afresh: the walk above followed the skip link
                        page.goto(served.url(path))
                        open_phone_menu(page)
                    problems += [
                        f"{path} ({scheme}, menu {state}): {problem}"
                        for problem in focus_problems(page)
                    ]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
