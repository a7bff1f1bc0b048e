"""The browser checks catch regressions: a scratch site built with a deliberately broken copy
of the theme fails them, and the same site with an untouched copy passes.

The real theme is never edited: each test copies it into tmp_path, breaks the copy, builds a
one-form scratch site with it and serves that build on 127.0.0.1 with netlify.toml's headers,
its Content-Security-Policy among them. No forms API is mounted: nothing is sent, only the
page with the form is looked at.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browsing import (
    NETLIFY_TOML,
    CspWatch,
    describe,
    focus_indicator,
    horizontal_overflow,
    run_axe,
)
from conftest import DESKTOP
from focus_check import focus_problems
from text_spacing import text_spacing_problems

from sitebuilder.pipeline import BuildOptions, build
from sitebuilder.serve import netlify_headers, preview_server
from sitebuilder.theme import DEFAULT_THEME

FORM = """\
id: fraga
title: Ställ en fråga
recipient: fraga@testby.example
subject: Fråga
success: Tack för din fråga.
fields:
  - name: fraga
    type: text
    label: Vad vill du fråga?
    hint: Skriv en kort fråga.
    required: true
    personal: false
"""
PAGE = """\
---
title: Fråga kommunen
description: Ställ en fråga till kommunen.
form: fraga
---

Här kan du ställa en fråga.
"""
PATH = "/fraga-kommunen/"
FIELD = "#f-fraga"

Serve = Callable[[Callable[[Path], None] | None], str]


def edit(file: Path, pattern: str, replacement: str) -> None:
    """Change the theme copy, and fail loudly if the theme no longer has what we break."""
    text = file.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text)
    assert count == 1, f"{pattern!r} is not in {file} once; update this test to the theme"
    file.write_text(changed, encoding="utf-8")


def drop_label(theme: Path) -> None:
    edit(theme / "components/text_input/macro.html", r"\n *<label class=\"form-label\"[^\n]*", "")


def fade_muted_text(theme: Path) -> None:
    edit(theme / "static/site.css", r"--colour-muted: #[0-9a-fA-F]{6};", "--colour-muted: #aaaaaa;")


def widen_main(theme: Path) -> None:
    with (theme / "static/site.css").open("a", encoding="utf-8") as css:
        css.write("\n.main { min-width: 30rem; }\n")


def hide_input_focus(theme: Path) -> None:
    with (theme / "static/forms.css").open("a", encoding="utf-8") as css:
        css.write("\n.input:focus { outline: none; box-shadow: none; }\n")


def white_focused_header_links(theme: Path) -> None:
    """The cascade before issue 8: the header's white link colour wins over the focus colour."""
    edit(
        theme / "static/site.css",
        r"color: var\(--colour-focus-text\) !important;",
        "color: var(--colour-focus-text);",
    )


def yellow_outline_only_on_fields(theme: Path) -> None:
    """A focus ring of the focus colour alone: 1.6:1 against white, no dark part."""
    with (theme / "static/forms.css").open("a", encoding="utf-8") as css:
        css.write("\n.input:focus { outline: 3px solid var(--colour-focus); box-shadow: none; }\n")


def heading_on_one_clipped_line(theme: Path) -> None:
    """Fits at 320 px with the theme's spacing, is cut off with 1.4.12's letter spacing."""
    with (theme / "static/site.css").open("a", encoding="utf-8") as css:
        css.write(
            "\n.main h1 { font-size: 1.5rem; max-width: 16rem;"
            " white-space: nowrap; overflow: hidden; }\n"
        )


def inline_style_and_script(theme: Path) -> None:
    edit(
        theme / "layouts/base.html",
        r"\n</main>",
        '\n<p style="color: #1b1b1b">Inline.</p>'
        '\n<script>document.body.dataset.inline = "ran";</script>\n</main>',
    )


@pytest.fixture
def calm_page(browser) -> Iterator:
    """A 1280 px tab with reduced motion (no smooth scrolling), as focus_check needs."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def serve_scratch(scratch_site, tmp_path: Path) -> Iterator[Serve]:
    """serve(breakage) builds the scratch site with a theme copy changed by breakage (None:
    untouched) and returns the address it is served at."""
    servers = []

    def serve(breakage: Callable[[Path], None] | None) -> str:
        n = len(servers)
        content = scratch_site({"forms/fraga.yml": FORM, "Fråga kommunen.md": PAGE})
        theme = tmp_path / f"theme-{n}"
        shutil.copytree(DEFAULT_THEME, theme)
        if breakage is not None:
            breakage(theme)
        out = tmp_path / f"public-{n}"
        build(BuildOptions(content=content, out=out, theme=theme))
        server, _ = preview_server(out, headers=netlify_headers(NETLIFY_TOML))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        host, port = server.server_address[:2]
        return f"http://{host}:{port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_the_untouched_theme_copy_passes(
    serve_scratch, desktop_page, narrow_page, calm_page, axe_source
):
    url = serve_scratch(None) + PATH
    watch = CspWatch(desktop_page)
    response = desktop_page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert watch.violations() == ([], [])
    assert desktop_page.locator(f"label[for='{FIELD[1:]}']").count() == 1
    violations = run_axe(desktop_page, axe_source)
    assert violations == [], describe(url, violations)
    desktop_page.focus(FIELD)
    assert focus_indicator(desktop_page)
    narrow_page.goto(url)
    assert horizontal_overflow(narrow_page) is None
    calm_page.goto(url)
    assert focus_problems(calm_page) == []
    narrow_page.goto(url)
    assert text_spacing_problems(narrow_page) == []


def test_axe_names_the_page_rule_and_element_of_a_missing_label_and_faint_text(
    serve_scratch, desktop_page, axe_source
):
    url = serve_scratch(lambda theme: (drop_label(theme), fade_muted_text(theme))) + PATH
    desktop_page.goto(url)

    violations = run_axe(desktop_page, axe_source)

    rules = {v["id"] for v in violations}
    assert {"label", "color-contrast"} <= rules, rules
    report = describe(url, violations).splitlines()
    label_lines = [line for line in report if ": label (" in line]
    contrast_lines = [line for line in report if ": color-contrast (" in line]
    assert label_lines and all(line.startswith(url + ": ") for line in label_lines)
    assert any(f": {FIELD}: <input" in line for line in label_lines), label_lines
    assert any(f": {FIELD}-hint: " in line for line in contrast_lines), contrast_lines


def test_reflow_check_names_what_is_too_wide_at_320px(serve_scratch, narrow_page):
    narrow_page.goto(serve_scratch(widen_main) + PATH)

    problem = horizontal_overflow(narrow_page)

    assert problem is not None
    assert "in a 320 px viewport" in problem
    assert "main#main.main" in problem, problem


def test_focus_check_notices_a_field_without_a_focus_style(serve_scratch, desktop_page):
    desktop_page.goto(serve_scratch(hide_input_focus) + PATH)
    desktop_page.focus(FIELD)

    assert focus_indicator(desktop_page) == []


def test_csp_check_notices_an_inline_style_attribute_and_an_inline_script(
    serve_scratch, desktop_page
):
    page = desktop_page
    watch = CspWatch(page)
    response = page.goto(serve_scratch(inline_style_and_script) + PATH)
    assert "style-src 'self'" in response.headers["content-security-policy"]

    events, console = watch.violations()

    assert page.evaluate("document.body.dataset.inline") is None, "the inline script was refused"
    assert any(e.startswith(f"style-src-attr blocked inline at {PATH}:") for e in events), events
    assert any(e.startswith(f"script-src-elem blocked inline at {PATH}:") for e in events), events
    assert any("inline style" in line for line in console), console
    assert any("inline script" in line for line in console), console


def test_focus_check_notices_white_text_on_the_focus_colour_in_the_header(serve_scratch, calm_page):
    calm_page.goto(serve_scratch(white_focused_header_links) + PATH)

    problems = focus_problems(calm_page)

    header = [p for p in problems if p.startswith("<a.site-header__name> / ")]
    assert any(
        'its text "Testby kommun" is #ffffff on #ffbf47: 1.64:1, needs 3:1 (large text)' in p
        for p in header
    ), problems
    assert any("(focused by mouse or script)" in p for p in header), problems


def test_focus_check_notices_a_focus_ring_of_the_focus_colour_alone(serve_scratch, calm_page):
    calm_page.goto(serve_scratch(yellow_outline_only_on_fields) + PATH)

    problems = focus_problems(calm_page)

    assert (
        f"<input{FIELD}.input>: no focus indicator of 3:1 against its surroundings: "
        + ("outline 3px #ffbf47 (1.64:1 against #ffffff)")
        in problems
    ), problems


def test_text_spacing_check_notices_a_heading_cut_off_by_letter_spacing(serve_scratch, narrow_page):
    url = serve_scratch(heading_on_one_clipped_line) + PATH
    narrow_page.goto(url)
    assert narrow_page.evaluate(
        "(() => { const h = document.querySelector('main h1');"
        " return h.scrollWidth <= h.clientWidth; })()"
    ), "fits unspaced"

    problems = text_spacing_problems(narrow_page)

    assert any(
        p.startswith('h1 "Fråga kommunen" cuts off ') and p.endswith(" px sideways")
        for p in problems
    ), problems
