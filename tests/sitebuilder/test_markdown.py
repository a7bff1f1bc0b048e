"""Stage 4a, Markdown: heading ids, tables, boxes, images, links rewritten to site URLs."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitebuilder.markdown as markdown
from sitebuilder.markdown import render_markdown
from sitebuilder.options import DEFAULT_THEME
from sitebuilder.pipeline import BuildOptions, build
from sitebuilder.theme import load_theme

SECTION = {"Bygga, bo och miljö/_index.md": "---\ntitle: Bygga\ndescription: Bygga.\n---\n"}


def page(body: str, extra: str = "") -> str:
    return f"---\ntitle: Bygglov\ndescription: Om bygglov.\n{extra}---\n\n{body}"


@pytest.fixture
def render(make_scratch, parse_html):
    """Render one page at /bygga-bo-och-miljo/bygglov/ and return its parsed HTML."""

    def run(body: str, extra: str = "", files: dict | None = None, **options):
        site = make_scratch(
            {**SECTION, "Bygga, bo och miljö/Bygglov.md": page(body, extra), **(files or {})},
            **options,
        )
        return parse_html(site.files["bygga-bo-och-miljo/bygglov/index.html"].decode())

    return run


LABELS = load_theme(DEFAULT_THEME, "sv").strings.for_lang("sv")
BYGGLOV = "bygga-bo-och-miljo/bygglov/index.html"


@pytest.fixture
def body(make_scratch):
    """Render ``text`` as the page's body on a small site: (body HTML, error lines).

    Straight through ``render_markdown``, so that text the load stage would refuse (NUL)
    still reaches the renderer. Lines count from 6, where the page's body starts.
    """

    sites: dict[str, object] = {}

    def run(text: str, files: dict | None = None) -> tuple[str, list[str]]:
        key = repr(sorted((files or {}).items()))
        if key not in sites:  # one build per set of files, however many texts
            sites[key] = make_scratch(
                {**SECTION, "Bygga, bo och miljö/Bygglov.md": page("Text.\n"), **(files or {})}
            )
        site = sites[key]
        found = site.index.pages["/bygga-bo-och-miljo/bygglov/"]
        assert found.source is not None
        found = dataclasses.replace(found, source=dataclasses.replace(found.source, body=text))
        rendered, _, errors = render_markdown(found, site.index, LABELS)
        return rendered.html, [f"{e.line}: {e.message}" for e in errors]

    return run


def test_headings_get_ids_from_their_text(render) -> None:
    doc = render("## Så ansöker du\n\n### Avgift för *bygglov*\n\n## Så ansöker du\n")
    headings = [
        (e.tag, e.get("id")) for e in doc.elements if e.tag in ("h2", "h3") and "main" in e.parents
    ]
    assert headings == [
        ("h2", "sa-ansoker-du"),
        ("h3", "avgift-for-bygglov"),
        ("h2", "sa-ansoker-du-2"),
    ]


def test_heading_ids_never_take_an_id_the_theme_uses(render) -> None:
    doc = render("## Main\n\n## Meny\n\n## Sidfot\n")
    ids = doc.ids()
    assert {"main-2", "meny-2", "sidfot-2"} <= set(ids)
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_heading_on_a_service_page_never_repeats_the_service_box_id(render) -> None:
    # "Om tjänsten" slugifies to the id of the service box the theme adds (om-tjansten).
    doc = render("## Om tjänsten\n\nText.\n", "type: service\nladder_step: 1\n")
    assert [i for i, n in Counter(doc.ids()).items() if n > 1] == []


def test_rejects_h1_and_skipped_heading_levels(scratch_errors) -> None:
    errors = scratch_errors(
        {**SECTION, "Bygga, bo och miljö/Bygglov.md": page("# Titel\n\n## Två\n\n#### Fyra\n")}
    )
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:6: error: a `# ` heading in the text; the title is the "
        "page's only h1, so use `## ` here",
        "Bygga, bo och miljö/Bygglov.md:10: error: heading level skipped: `#### ` follows a "
        "level-2 heading; use `### ` so the outline has no gaps",
    ]


def test_first_heading_may_not_skip_below_h2(scratch_errors) -> None:
    errors = scratch_errors({**SECTION, "Bygga, bo och miljö/Bygglov.md": page("### Tre\n")})
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:6: error: heading level skipped: `### ` follows a "
        "level-1 heading; use `## ` so the outline has no gaps"
    ]


def test_table_is_a_scrollable_region_named_by_the_heading_above(render) -> None:
    doc = render("## Avgifter\n\n| Åtgärd | Avgift |\n|---|---|\n| Altan | 5 000 kr |\n")
    (region,) = doc.find_all("div", role="region")
    assert region.get("tabindex") == "0"
    assert region.get("aria-labelledby") == "avgifter"
    assert doc.find_all(id="avgifter")[0].tag == "h2"
    assert doc.find_all("table") and "Altan" in doc.find_all("table")[0].text


def test_table_before_any_heading_gets_a_generic_label(render) -> None:
    doc = render("| Åtgärd | Avgift |\n|---|---|\n| Altan | 5 000 kr |\n\n## Sedan\n")
    (region,) = doc.find_all("div", role="region")
    assert region.get("aria-label") == "Tabell"
    assert region.get("aria-labelledby") is None


def test_info_and_warning_boxes_get_a_title(render) -> None:
    doc = render(
        "::: info\nHandläggningstiden är fyra veckor.\n:::\n\n::: warning Tänk på\nVänta på startbesked.\n:::\n"
    )
    info = doc.find_all("div", **{"class": "box box--info"})
    warning = doc.find_all("div", **{"class": "box box--warning"})
    assert len(info) == 1 and len(warning) == 1
    # The kind in words first (visually hidden), then the title (tests/sitebuilder/test_boxes.py).
    assert info[0].text.split()[:4] == ["Information:", "Bra", "att", "veta"]
    assert "Handläggningstiden är fyra veckor." in info[0].text
    assert warning[0].text.split()[:3] == ["Varning:", "Tänk", "på"]


def test_rejects_unknown_box(scratch_errors) -> None:
    errors = scratch_errors(
        {**SECTION, "Bygga, bo och miljö/Bygglov.md": page("Text.\n\n::: tips\nHej.\n:::\n")}
    )
    # One error: the unknown box's own `:::` is not also a `:::` that closes nothing.
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:8: error: unknown box `::: tips` (did you mean "
        "`::: info`?); write `::: info` or `::: warning` on its own line, and `:::` to close it "
        "(to show `:::` as text, write `\\:::`)"
    ]


def test_raw_html_is_shown_as_text(render) -> None:
    doc = render('<script>alert("x")</script>\n\nText <b onclick="x()">fet</b>.\n')
    assert doc.find_all("script") == []
    assert doc.find_all("b") == []
    assert any('<script>alert("x")</script>' in p.text for p in doc.find_all("p"))


def test_internal_links_get_the_base_path(render) -> None:
    doc = render(
        "Se [strandskydd](/bygga-bo-och-miljo/strandskydd/) och [start](/).\n",
        files={
            "Bygga, bo och miljö/Strandskydd.md": "---\ntitle: Strandskydd\ndescription: S.\n---\n"
        },
        base_url="https://test.example/kommun",
    )
    hrefs = [a.get("href") for a in doc.find_all("a") if a.text in ("strandskydd", "start")]
    assert hrefs == ["/kommun/bygga-bo-och-miljo/strandskydd/", "/kommun/"]


def test_links_to_content_files_follow_to_their_urls(render) -> None:
    doc = render(
        "[Strandskydd](Strandskydd.md#regler), [hem](../_index.md), "
        "[parkering](<../Trafik och gator/Parkering.md>) och [taxan](<dokument/Taxa 2026.pdf>).\n",
        files={
            "Bygga, bo och miljö/Strandskydd.md": "---\ntitle: Strandskydd\ndescription: S.\n---\n\n## Regler\n",
            "Trafik och gator/_index.md": "---\ntitle: Trafik\ndescription: T.\n---\n",
            "Trafik och gator/Parkering.md": "---\ntitle: Parkering\ndescription: P.\n---\n",
            "Bygga, bo och miljö/dokument/Taxa 2026.pdf": b"%PDF-1.4",
        },
    )
    hrefs = {a.text: a.get("href") for a in doc.find_all("a")}
    assert hrefs["Strandskydd"] == "/bygga-bo-och-miljo/strandskydd/#regler"
    assert hrefs["hem"] == "/"
    assert hrefs["parkering"] == "/trafik-och-gator/parkering/"
    assert hrefs["taxan"] == "/bygga-bo-och-miljo/dokument/taxa-2026.pdf"


def test_external_mail_and_phone_links_are_kept(render) -> None:
    doc = render(
        "[1177](https://www.1177.se/), [mejla](mailto:a@test.example), [ring](tel:+46812345)\n"
    )
    hrefs = {a.text: a.get("href") for a in doc.find_all("a")}
    assert hrefs["1177"] == "https://www.1177.se/"
    assert hrefs["mejla"] == "mailto:a@test.example"
    assert hrefs["ring"] == "tel:+46812345"


def test_rejects_links_with_other_schemes(scratch_errors) -> None:
    errors = scratch_errors(
        {
            **SECTION,
            "Bygga, bo och miljö/Bygglov.md": page("[taxan](ftp://ftp.test.example/taxa.pdf)\n"),
        }
    )
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:6: error: link `ftp://ftp.test.example/taxa.pdf` uses a "
        "scheme we do not publish; use https:, mailto: or tel:"
    ]


def test_script_links_never_become_links(scratch_errors) -> None:
    # An error, not silently dropped; tests/sitebuilder/test_urls.py checks the HTML too.
    errors = scratch_errors(
        {**SECTION, "Bygga, bo och miljö/Bygglov.md": page("[klicka](javascript:alert(1))\n")}
    )
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:6: error: link `javascript:alert(1)` is a "
        "`javascript:` address, which runs code in the reader's browser; the build never "
        "publishes one. Link to a page on this site, e.g. `/kontakt/`, or to an https:// address"
    ]


def test_relative_link_to_a_missing_file_says_where_it_looked(scratch_errors) -> None:
    errors = scratch_errors(
        {
            **SECTION,
            "Bygga, bo och miljö/Bygglov.md": page("Text.\n\nSe [avgifter](Avgifter.md).\n"),
        }
    )
    assert len(errors) == 1
    assert errors[0].startswith(
        "Bygga, bo och miljö/Bygglov.md:8: error: `Avgifter.md` points to no file under content/ "
        "(looked for Bygga, bo och miljö/Avgifter.md)"
    )


def test_images_are_lazy_and_decorative_ones_have_empty_alt(render) -> None:
    doc = render(
        "![Ritning av ett hus](bilder/hus.svg)\n\n![](bilder/hus.svg){.decorative}\n",
        files={"Bygga, bo och miljö/bilder/hus.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
    )
    described, decorative = [
        e for e in doc.find_all("img") if e.get("class") != "site-header__logo"
    ]
    assert described.attrs == {
        "src": "/bygga-bo-och-miljo/bilder/hus.svg",
        "alt": "Ritning av ett hus",
        "loading": "lazy",
    }
    assert decorative.attrs == {
        "src": "/bygga-bo-och-miljo/bilder/hus.svg",
        "alt": "",
        "loading": "lazy",
    }


def test_image_that_is_no_file_is_reported(scratch_errors) -> None:
    errors = scratch_errors(
        {**SECTION, "Bygga, bo och miljö/Bygglov.md": page("![Karta](/bilder/karta.png)\n")}
    )
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:6: error: image `/bilder/karta.png` is not a file under "
        "content/; check the path"
    ]


def test_error_lines_count_soft_breaks_lists_and_tables(scratch_errors) -> None:
    body = (
        "Första raden\n"  # line 6
        "andra raden [a](/saknas-a/)\n"  # 7
        "\n"
        "- punkt\n"  # 9
        "- punkt med [b](/saknas-b/)\n"  # 10
        "\n"
        "| a | b |\n"  # 12
        "|---|---|\n"
        "| 1 | 2 |\n"
        "| [c](/saknas-c/) | 4 |\n"  # 15
        "\n"
        "::: info\n"  # 17
        "Text\n"
        "och ![](/bild.png)\n"  # 19
        ":::\n"
    )
    errors = scratch_errors({**SECTION, "Bygga, bo och miljö/Bygglov.md": page(body)})
    lines = sorted({int(e.split(":")[1]) for e in errors})
    assert lines == [7, 10, 15, 19]


def test_column_alignment_is_a_class_because_the_csp_forbids_style_attributes(render) -> None:
    doc = render("| Vara | Pris |\n|:-:|--:|\n| Kaffe | 20 kr |\n")
    cells = [(e.tag, e.get("class")) for e in doc.elements if e.tag in ("th", "td")]
    assert cells == [
        ("th", "align-center"),
        ("th", "align-right"),
        ("td", "align-center"),
        ("td", "align-right"),
    ]
    assert not any(e.get("style") for e in doc.elements)


def test_box_lines_inside_a_code_fence_stay_code(render) -> None:
    doc = render("```\n::: info\nkod\n:::\n```\n\nText.\n")
    assert doc.find_all("div", **{"class": "box box--info"}) == []
    (code,) = doc.find_all("code")
    assert code.text == "::: info\nkod\n:::\n"


UNCLOSED = (
    "the `::: warning` box opened here is never closed, so the rest of the page would be "
    "inside it; write `:::` on a line of its own where the box ends"
)
IN_A_LIST = (
    "is inside a list item, and a box cannot go in a list; write the box after the list, its "
    "`:::` lines at the very start of the line (no spaces before them)"
)
IN_A_QUOTE = (
    "is inside a quote (`>`), and a box cannot go in a quote; write the box before or after "
    "the quote, its `:::` lines at the very start of the line (no `>` before them)"
)
STRAY = (
    "`:::` here closes no box, as none is open; remove the line, or open the box above it "
    "with `::: info` or `::: warning` on a line of its own"
)


def test_an_unclosed_box_is_an_error_at_its_opening_line(body) -> None:
    # It used to swallow the rest of the page, heading and all, with no error.
    rendered, errors = body("Text.\n\n::: warning\nVänta på startbesked.\n\n## Sedan\n\nMer.\n")
    assert errors == [f"8: {UNCLOSED}"]
    assert rendered.endswith("</div>\n")  # still well formed


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        # A box inside a box, closed or not: one error, at the inner opening.
        (
            "::: info\nA\n::: warning\nB\n:::\n:::\n",
            [
                "8: `::: warning`: a box cannot go inside another box, and the `::: info` box "
                "opened on line 6 is still open here; close it with `:::` on a line of its own "
                "before this one"
            ],
        ),
        (
            "::: info\nA\n\n::: warning Tänk på\nB\n:::\n",
            [
                "9: `::: warning Tänk på`: a box cannot go inside another box, and the "
                "`::: info` box opened on line 6 is still open here; close it with `:::` on a "
                "line of its own before this one"
            ],
        ),
        # In a list item: its own `:::` is not reported again, wherever it is.
        ("- punkt\n\n  ::: info\n  I listan.\n  :::\n- två\n", [f"8: `::: info` {IN_A_LIST}"]),
        ("1. Steg\n   ::: warning\n   Obs\n:::\n", [f"7: `::: warning` {IN_A_LIST}"]),
        ("- ::: info\n- Text\n", [f"6: `::: info` {IN_A_LIST}"]),
        ("> - a\n>   ::: info\n", [f"7: `::: info` {IN_A_LIST}"]),
        ("> ::: info\n> citat\n> :::\n", [f"6: `::: info` {IN_A_QUOTE}"]),
        ("- > ::: info\n", [f"6: `::: info` {IN_A_QUOTE}"]),
        (
            "Text\n  ::: info\n  A\n  :::\n",
            [
                "7: `::: info` has spaces before it; a box's `:::` lines start at the very "
                "beginning of the line: remove the spaces"
            ],
        ),
        ("Text.\n\n:::\n", [f"8: {STRAY}"]),
        ("::: info\nA\n:::\n:::\n", [f"9: {STRAY}"]),
        (
            "::: Varning\nA\n:::\n",
            [
                "6: unknown box `::: Varning` (did you mean `::: warning`?); write `::: info` "
                "or `::: warning` on its own line, and `:::` to close it (to show `:::` as text, "
                "write `\\:::`)"
            ],
        ),
    ],
)
def test_box_lines_that_make_no_box_are_errors(body, text: str, errors: list[str]) -> None:
    assert body(text)[1] == errors


@pytest.mark.parametrize(
    "text",
    [
        "Text.\n\n    ::: info\n",  # indented code
        "- a\n\n      ::: info\n",  # indented code in a list item
        "- ```\n  ::: info\n  :::\n  ```\n",  # a fence in a list item
        "\\::: info\n",  # escaped
        "Se avsnittet ::: nedan.\n",  # not at the start of a line
    ],
)
def test_box_lines_in_code_or_escaped_are_text(body, text: str) -> None:
    rendered, errors = body(text)
    assert errors == []
    assert "::: " in rendered and "box" not in rendered


def test_a_box_right_after_a_list_ends_the_list(body) -> None:
    # At the start of a line a `:::` is a box line, even where CommonMark would read it as
    # more of the list item's text.
    rendered, errors = body("- punkt\n::: info\nEfter listan.\n:::\n")
    assert errors == []
    assert rendered.startswith('<ul>\n<li>punkt</li>\n</ul>\n<div class="box box--info">')


def test_image_alt_is_plain_text_even_with_emphasis(render) -> None:
    doc = render(
        "![Ritning av **ett** hus](bilder/hus.svg)\n",
        files={"Bygga, bo och miljö/bilder/hus.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
    )
    (img,) = [e for e in doc.find_all("img") if e.get("class") != "site-header__logo"]
    assert img.get("alt") == "Ritning av ett hus"
    assert doc.find_all("strong") == []


def test_external_addresses_are_percent_encoded(render) -> None:
    doc = render("[Karta](<https://karta.test.example/sök plats?a=1&b=2>)\n")
    (a,) = [a for a in doc.find_all("a") if a.text == "Karta"]
    assert a.get("href") == "https://karta.test.example/s%C3%B6k%20plats?a=1&b=2"


def test_a_page_may_not_publish_an_address_a_form_sends_to(scratch_errors) -> None:
    form = (
        "id: fraga\ntitle: Fråga\nrecipient: Fragor@Test.example\nsubject: Fråga\n"
        "success: Tack.\nfields:\n  - name: val\n    type: radio\n    label: Val\n"
        "    options: [Ja, Nej]\n    route:\n      Nej: nej@test.example\n"
    )
    errors = scratch_errors(
        {
            **SECTION,
            "forms/fraga.yml": form,
            "Bygga, bo och miljö/Bygglov.md": page(
                "Text.\n\nMejla fragor@test.example eller [oss](mailto:nej@test.example).\n"
            ),
        }
    )
    assert errors == [
        f"Bygga, bo och miljö/Bygglov.md:8: error: `{address}` is where form `fraga` sends its "
        "answers, and it is never published (spam and lost mail bypass the form there); link "
        "to the form's page instead, or give the department a public address of its own"
        for address in ("fragor@test.example", "nej@test.example")
    ]


# -- CommonMark corners (issue 8, items 31 and 32) -------------------------------------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # CommonMark examples 520, 574 and 575: what is inside an image's description is its
        # alt text, never a link or an image of its own.
        (
            "![[[foo](uri1)](uri2)](uri3)",
            '<p><img src="uri3" alt="[foo](uri2)" loading="lazy"></p>\n',
        ),
        ("![foo ![bar](/url)](/url2)", '<p><img src="/url2" alt="foo bar" loading="lazy"></p>\n'),
        ("![foo [bar](/url)](/url2)", '<p><img src="/url2" alt="foo bar" loading="lazy"></p>\n'),
        # A line break in alt text is a space, and no <br> lands beside the image.
        (
            "![Rad ett\\\nrad två](/url)",
            '<p><img src="/url" alt="Rad ett rad två" loading="lazy"></p>\n',
        ),
        (
            "![Rad ett\nrad två](/url)",
            '<p><img src="/url" alt="Rad ett rad två" loading="lazy"></p>\n',
        ),
    ],
)
def test_an_images_description_is_only_its_alt_text(body, text: str, html: str) -> None:
    rendered, _ = body(text)
    assert rendered == html


def test_a_heading_over_two_lines_keeps_the_space_in_its_id(body) -> None:
    rendered, _ = body("Rubrik med\nradbrytning\n---\n\n## Rubrik med radbrytning\n")
    assert rendered.startswith('<h2 id="rubrik-med-radbrytning">Rubrik med\nradbrytning</h2>\n')
    assert '<h2 id="rubrik-med-radbrytning-2">' in rendered


def test_repeated_headings_keep_the_ids_they_always_had(body) -> None:
    # Ids taken by the template (`main`) or by another heading's text (`avgift-3`) are skipped.
    rendered, _ = body(
        "## Avgift\n\n## Avgift 3\n\n## Avgift\n\n## Avgift\n\n## Main\n\n## Avgift\n\n"
        "## Main\n\n## \n\n## \n"
    )
    ids = [line.split('"')[1] for line in rendered.splitlines() if line.startswith("<h2")]
    assert ids == [
        "avgift",
        "avgift-3",
        "avgift-2",
        "avgift-4",
        "main-2",
        "avgift-5",
        "main-3",
        "avsnitt",
        "avsnitt-2",
    ]


def test_heading_ids_take_work_in_proportion_to_the_headings(make_scratch, monkeypatch) -> None:
    """400 headings "Avgift" on a page whose template already uses avgift ... avgift-400:
    finding ids from the start each time looks at 160 000 taken ids, counting on looks at 800."""
    looked = 0

    class Counted(frozenset):
        def __contains__(self, item: object) -> bool:
            nonlocal looked
            looked += 1
            return frozenset.__contains__(self, item)

    reserved = {"avgift"} | {f"avgift-{n}" for n in range(2, 401)}
    real = markdown.template_ids
    monkeypatch.setattr(markdown, "template_ids", lambda p, i: Counted(real(p, i) | reserved))
    site = make_scratch({**SECTION, "Bygga, bo och miljö/Bygglov.md": page("## Avgift\n\n" * 400)})
    html = site.files[BYGGLOV].decode()
    assert [f'<h2 id="avgift-{n}">' in html for n in (401, 800)] == [True, True]
    assert html.count("<h2 id=") >= 400
    assert looked < 2000


def test_braces_after_an_image_that_are_no_options_stay_on_the_page(body) -> None:
    rendered, errors = body("![K](/k.png){se nedan} text\n")
    assert rendered == '<p><img src="/k.png" alt="K" loading="lazy">{se nedan} text</p>\n'
    assert errors == ["6: image `/k.png` is not a file under content/; check the path"]


def test_unknown_image_options_are_errors_not_dropped(body) -> None:
    _, errors = body("![](/k.png){.decortive}\n")
    assert errors[0] == (
        "6: `.decortive` after image `/k.png` is not an option we know; an image takes "
        "`{.decorative}` (no alt text needed) or a language, `{lang=fi}`"
    )


def test_link_definitions_reach_across_boxes(body) -> None:
    rendered, errors = body(
        "Se [avgifter].\n\n"
        "::: info\n"
        "Läs om [bygglov] och [taxan][t].\n\n"
        "[avgifter]: /avgifter/\n"
        ":::\n\n"
        "[bygglov]: /bygglov/\n"
        '[t]: /taxa/ "Taxa"\n\n'
        "::: warning\n"
        "[t]: /annan/\n\n"
        "Igen [taxan][t].\n"
        ":::\n"
    )
    assert errors == []
    assert '<p>Se <a href="/avgifter/">avgifter</a>.</p>' in rendered
    assert (
        'Läs om <a href="/bygglov/">bygglov</a> och <a href="/taxa/" title="Taxa">taxan</a>'
        in rendered
    )
    # As in one CommonMark document: the first definition of a name wins.
    assert 'Igen <a href="/taxa/" title="Taxa">taxan</a>' in rendered


@pytest.mark.parametrize(
    "code",
    [
        "- ```\n  ::: info\n  ```\n",  # a fence opened on a list item's line
        "> ```\n> ::: info\n> ```\n",  # in a quote
        "1. Steg\n\n   ```\n   ::: info\n   ```\n",  # under a numbered item
        "Se `kod` här:\n```\n::: info\n```\n",  # right after a line with a code span
    ],
)
def test_box_lines_in_a_fence_in_a_list_or_quote_stay_code(body, code: str) -> None:
    rendered, _ = body(code + "\n::: warning\nVänta.\n:::\n")
    assert '<div class="box box--info">' not in rendered
    assert "::: info\n</code></pre>" in rendered
    assert '<div class="box box--warning">' in rendered and "<p>Vänta.</p>" in rendered


def test_a_code_span_at_the_start_of_a_line_opens_no_fence(body) -> None:
    # ```kod``` is a code span: a fence's info string may not hold a backtick.
    rendered, _ = body("```kod``` i texten\n\n::: info\nText\n:::\n\n```\n::: warning\n```\n")
    assert "<p><code>kod</code> i texten</p>" in rendered
    assert '<div class="box box--info">' in rendered and "<p>Text</p>" in rendered
    assert '<div class="box box--warning">' not in rendered


def test_error_lines_count_only_what_commonmark_calls_lines(body) -> None:
    # U+2028, U+2029, U+0085 and form feed end a line for str.splitlines, not for CommonMark.
    text = "Rad\u2028ett\u2029två\x85tre\x0cfyra\n\n::: info\nText ![](/a.png){.decorative}\n:::\n"
    _, errors = body(text + "\n![](/b.png){.decorative}\n")
    assert errors == [
        "9: image `/a.png` is not a file under content/; check the path",
        "12: image `/b.png` is not a file under content/; check the path",
    ]
    rendered, _ = body(text)
    assert rendered.startswith("<p>Rad\u2028ett\u2029två\x85tre\x0cfyra</p>\n<div")


def test_nul_is_the_replacement_character(body) -> None:
    rendered, _ = body("a\x00b `c\x00d`\n")
    assert rendered == "<p>a\ufffdb <code>c\ufffdd</code></p>\n"


def test_old_mac_line_endings_are_lines(body, scratch_errors) -> None:
    rendered, _ = body("Text\r\r```\r::: info\rkod\r```\r\r::: warning\rVänta.\r:::\r")
    assert "<pre><code>::: info\nkod\n</code></pre>" in rendered
    assert '<div class="box box--warning">' in rendered
    bygglov = page("Text\r\r```\rkod\r```\r\r![](/saknas.png){.decorative}\r").replace("\n", "\r")
    errors = scratch_errors({**SECTION, "Bygga, bo och miljö/Bygglov.md": bygglov})
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:12: error: image `/saknas.png` is not a file under "
        "content/; check the path"
    ]


def test_a_body_with_lone_carriage_returns_builds_the_same_clean_and_incremental(
    scratch_site, tmp_path
) -> None:
    # The clean build reads bytes, the incremental one re-reads a cached page as text:
    # both must see the same lines.
    content = scratch_site(
        {
            **SECTION,
            "Bygga, bo och miljö/Bygglov.md": page("Text\r\r```\r::: info\rkod\r```\r\rSlut.\r"),
        }
    )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out))
    html = (out / BYGGLOV).read_text(encoding="utf-8")
    assert "<pre><code>::: info\nkod\n</code></pre>" in html
    (content / "Bygga, bo och miljö/Strandskydd.md").write_text(
        "---\ntitle: Strandskydd\ndescription: S.\n---\n", encoding="utf-8"
    )
    assert build(BuildOptions(content=content, out=out)).mode == "incremental"
    build(BuildOptions(content=content, out=tmp_path / "clean", cache=False))
    assert (out / BYGGLOV).read_bytes() == (tmp_path / "clean" / BYGGLOV).read_bytes()


def test_an_address_in_a_links_text_is_no_link_of_its_own(body) -> None:
    # CommonMark nests the autolink (<a> in <a>, which HTML forbids); its text is enough.
    rendered, _ = body("[Se <https://karta.example/> här](/karta/)\n")
    assert rendered == '<p><a href="/karta/">Se https://karta.example/ här</a></p>\n'


_PIECES = (
    *("[", "]", "(", ")", "{", "}", "!", "![", "](", "<", ">", "*", "_", "**", "`", "```", "~~~"),
    *("{lang=fi}", "{.decorative}", "{se nedan}", "<https://a.example/", "[x]: /x/", "[x][]"),
    *("](/a/)", "](<b c>)", "<https://a.example/>", "[a](/a/)", "![b](/b.png)"),
    *("::: info", "::: warning Obs", ":::", "- ", "1. ", "> ", "# ", "## ", "---", "===", "|"),
    *("ord", "Åäö", "\\", "&amp;", "<b>", "</b>", "/a/", "bild.png", "x.md", "javascript:x"),
    *("\n", "\n\n", "\r", "\r\n", "\u2028", "\x0c", "\x00", " ", "    ", "| a |\n|-|\n"),
)


class _Tags(HTMLParser):
    """Every tag closed in order, and no link inside a link."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("img", "br", "hr"):
            return
        if tag == "a" and "a" in self.open:
            self.problems.append("a link inside a link")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")


def test_random_markdown_always_gives_well_formed_html(body) -> None:
    """Fragments of every syntax we handle, shuffled: no crash, tags balanced, no <a> in <a>."""
    rng = random.Random(8)
    documents = [
        "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(1500)
    ]
    for document in documents:
        rendered, _ = body(document)
        tags = _Tags()
        tags.feed(rendered)
        tags.close()
        assert (tags.problems, tags.open) == ([], []), f"{document!r} gave {rendered!r}"


def test_internal_addresses_are_percent_encoded(body) -> None:
    rendered, _ = body("[a](</sök plats>) [b](/a?q=1#x)\n")
    assert '<a href="/s%C3%B6k%20plats/">a</a>' in rendered
    assert '<a href="/a/?q=1#x">b</a>' in rendered


# -- what looks like a link but is not one (issue 8, item 25) -------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "Läs om [Bygglov](../Bygga, bo och miljö/Bygglov.md) först.",
            "`[Bygglov](../Bygga, bo och miljö/Bygglov.md)` looks like a link but is not one: "
            "the address has spaces; write it in angle brackets: "
            "`[Bygglov](<../Bygga, bo och miljö/Bygglov.md>)`",
        ),
        (
            "Se ![Karta](bilder/karta över centrum.png).",
            "`![Karta](bilder/karta över centrum.png)` looks like an image but is not one: the "
            "address has spaces; write it in angle brackets: "
            "`![Karta](<bilder/karta över centrum.png>)`",
        ),
        (
            "Se [taxan](<dokument/Taxa\n2026.pdf>).",
            "`[taxan](<dokument/Taxa` looks like a link but is not one: an address in `<...>` "
            "must end with `>` on the same line: `[taxan](<dokument/Taxa>)`",
        ),
        (
            "Se [Bygglov](/bygglov/ innan du börjar.",
            "`[Bygglov](/bygglov/ innan du börjar.` looks like a link but is not one: the `(` "
            "after `]` is never closed; end the address with `)`: `[Bygglov](/bygglov/)`",
        ),
        (
            "Se [Bygglov](../Bygga, bo och miljö/Bygglov.md innan du börjar.",
            "`[Bygglov](../Bygga, bo och miljö/Bygglov.md innan du börjar.` looks like a link "
            "but is not one: the `(` after `]` is never closed; end the address with `)`: "
            "`[Bygglov](<../Bygga, bo och miljö/Bygglov.md>)`",
        ),
        (
            "Se [taxan](/taxa/(2026).",
            "`[taxan](/taxa/(2026).` looks like a link but is not one: the `(` after `]` is "
            "never closed: `[taxan](/taxa/(2026).)`",
        ),
        (
            "Läs [reglerna][regler] först.",
            "`[reglerna][regler]` looks like a link, but no line `[regler]: /address/` defines "
            "`regler` on this page; add one, or write `[reglerna](/address/)` (to show the "
            "brackets as text, write `\\[reglerna][regler]`)",
        ),
        (
            "Läs [reglerna][] först.",
            "`[reglerna][]` looks like a link, but no line `[reglerna]: /address/` defines "
            "`reglerna` on this page; add one, or write `[reglerna](/address/)` (to show the "
            "brackets as text, write `\\[reglerna][]`)",
        ),
        (
            "Kartan: ![Karta över centrum]",
            "`![Karta över centrum]` looks like an image but is not one; write "
            "`![Karta över centrum](bilder/bild.png)` with the image's file (to show it as "
            "text, write `!\\[Karta över centrum]`)",
        ),
        (
            "Se <https://karta.example/sök plats> för kartan.",
            "`<https://karta.example/sök plats>` looks like a link but is not one: an address "
            "in `<...>` cannot have spaces; write them as `%20`: "
            "`<https://karta.example/sök%20plats>`",
        ),
        (
            "Se <https://karta.example/ för kartan.",
            "`<https://karta.example/` looks like a link but is not one: the `<` has no `>` "
            "after the address; write `<https://karta.example/>`",
        ),
    ],
)
def test_what_looks_like_a_link_but_is_not_one_is_an_error(body, text: str, error: str) -> None:
    _, errors = body(f"Första stycket.\n\n{text}\n")
    assert errors == [f"8: {error}"]


# Near-misses: Markdown that an editor meant as a link, a heading or options, and that would
# be published as text (or lose its meaning) with no error.
@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "Läs om [Bygglov] (/bygglov/) först.",
            "`[Bygglov] (/bygglov/)` looks like a link but is not one: there is a space between "
            "`]` and `(`; write them together: `[Bygglov](/bygglov/)`",
        ),
        (
            "Läs om [Bygglov]\n(<../Bygga, bo och miljö/Bygglov.md>) först.",
            "`[Bygglov]` with `(<../Bygga, bo och miljö/Bygglov.md>)` on the next line looks "
            "like a link but is not one: there is a line break between `]` and `(`; write them "
            "together: `[Bygglov](<../Bygga, bo och miljö/Bygglov.md>)`",
        ),
        (
            "Kartan: ![Karta över centrum] (bilder/karta.png)",
            "`![Karta över centrum] (bilder/karta.png)` looks like an image but is not one: "
            "there is a space between `]` and `(`; write them together: "
            "`![Karta över centrum](bilder/karta.png)`",
        ),
        (
            "Läs om (/bygglov/)[Bygglov] först.",
            "`(/bygglov/)[Bygglov]` looks like a link but is not one: the address comes first; "
            "write the text in brackets, then the address: `[Bygglov](/bygglov/)`",
        ),
        (
            "Läs om [Bygglov(/bygglov/) först.",
            "`[Bygglov(/bygglov/)` looks like a link but is not one: the `]` after the link "
            "text is missing; write `[Bygglov](/bygglov/)` (to show the bracket as text, "
            "write `\\[`)",
        ),
        (
            "Kartan: ![Karta över centrum(bilder/karta.png)",
            "`![Karta över centrum(bilder/karta.png)` looks like an image but is not one: the "
            "`]` after the description is missing; write "
            "`![Karta över centrum](bilder/karta.png)` (to show the bracket as text, write `\\[`)",
        ),
        (
            "Läs om [](/bygga-bo-och-miljo/bygglov/) först.",
            "link `/bygga-bo-och-miljo/bygglov/` has no text, so a screen reader has nothing to "
            "say for it (WCAG 2.4.4); write the words that name the target between the "
            "brackets, e.g. `[Bygglov](/bygga-bo-och-miljo/bygglov/)`",
        ),
        (
            "Läs på [](https://www.1177.se/) först.",
            "link `https://www.1177.se/` has no text, so a screen reader has nothing to say for "
            "it (WCAG 2.4.4); write the words that name the target between the brackets, e.g. "
            "`[Beskriv vart länken går](https://www.1177.se/)`",
        ),
        (
            "Läs om [ ](/bygga-bo-och-miljo/bygglov/) först.",
            "link `/bygga-bo-och-miljo/bygglov/` has no text, so a screen reader has nothing to "
            "say for it (WCAG 2.4.4); write the words that name the target between the "
            "brackets, e.g. `[Bygglov](/bygga-bo-och-miljo/bygglov/)`",
        ),
        (
            "##",
            "heading `##` has no text; write it after the `## `, e.g. `## Så ansöker du`, or "
            "remove the line",
        ),
        (
            "## ##",
            "heading `##` has no text; write it after the `## `, e.g. `## Så ansöker du`, or "
            "remove the line",
        ),
        (
            "##Så ansöker du",
            "`##Så ansöker du` looks like a heading but is not one: put a space after the `##`: "
            "`## Så ansöker du`",
        ),
        (
            "![Karta](/karta.svg){.decorative}",
            "image `/karta.svg` is marked `{.decorative}` but has the alt text `Karta`; choose "
            "one: if it shows something the text does not say, keep the alt text and remove "
            "`{.decorative}`: `![Karta](/karta.svg)`; if it is only decoration, leave the "
            "brackets empty: `![](/karta.svg){.decorative}`",
        ),
        (
            "Kalix heter [Kalixin kunta]{lang=fi}{lang=en}.",
            "`{lang=fi}{lang=en}`: only one `{...}` can follow, and the second would be "
            "published as text; a phrase, a link or an image has one language: keep "
            "`{lang=fi}` or `{lang=en}`",
        ),
        (
            "Se [Suomeksi](/bygga-bo-och-miljo/bygglov/){lang=fi}{lang=se}.",
            "`{lang=fi}{lang=se}`: only one `{...}` can follow, and the second would be "
            "published as text; a phrase, a link or an image has one language: keep "
            "`{lang=fi}` or `{lang=se}`",
        ),
        (
            "![](/karta.svg){.decorative}{lang=fi}",
            "`{.decorative}{lang=fi}`: only one `{...}` can follow, and the second would be "
            "published as text; write the options in one: `{.decorative lang=fi}`",
        ),
        (
            "Kalix heter [Kalixin kunta]{lang=fi lang=en}.",
            "`{lang=fi lang=en}` gives two languages, and a phrase, a link or an image has one; "
            "keep one, e.g. `{lang=fi}`",
        ),
    ],
)
def test_near_misses_are_errors_that_say_how_to_write_it(body, text: str, error: str) -> None:
    _, errors = body(f"Första stycket.\n\n{text}\n", files=KARTA)
    assert errors == [f"8: {error}"]


KARTA = {"karta.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"}


def test_a_decorative_image_and_a_linked_image_are_no_near_misses(body) -> None:
    rendered, errors = body(
        "![](/karta.svg){.decorative}\n\n[![Karta över centrum](/karta.svg)](/)\n\n"
        "## ![Exempelby kommun](/karta.svg)\n",
        files=KARTA,
    )
    assert errors == []
    assert '<img src="/karta.svg" alt=""' in rendered


def test_the_readme_writes_a_link_with_spaces_the_way_that_works() -> None:
    # tests/sites/invalid/link_address_with_spaces builds both forms.
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "`[Bygglov](<../Bygga, bo och miljö/Bygglov.md>)`" in readme
    assert "[Bygglov](../Bygga, bo och miljö/Bygglov.md)" not in readme


@pytest.mark.parametrize(
    "text",
    [
        "Skriv personnumret så här: [ÅÅÅÅMMDD-NNNN].",
        "Avgiften (se [bilaga 2]) är 500 kronor.",
        "Svara [ja]/[nej] på frågan.",
        "Enligt lagen [SFS 2010:900] (plan- och bygglagen) behöver du lov.",
        "Citatet [sic!] står i originalet.",
        "Tryck på knappen [Skicka] (längst ner).",
        "Skriv \\[Bygglov](../Bygga, bo och miljö/Bygglov.md) om du vill visa koden.",
        "Räkna 3 < 5 och [a] < [b].",
        "Öppet [mån–fre] 8–16 {utom helgdagar}.",
        "Mejla <info@exempelby.example> eller besök <https://www.exempelby.example/>.",
        "Koden `[Bygglov](../Bygga, bo och miljö/Bygglov.md)` är fel, `![bild]` också.",
        "Lagen [SFS 2010:900] (2010) och [red. anm.] (se nedan) gäller.",
        "Se punkt (2024)[1] och [3] (s. 12).",
        "Taggen [#Exempelby] och #1 i länet, C# och ##.",
        "Skriv [Bygglov(i parentes) utan hakparentes.",
        "Se [Kalixin kunta] {lang=fi} som text.",
    ],
)
def test_brackets_in_ordinary_prose_are_no_errors(body, text: str) -> None:
    rendered, errors = body(text + "\n")
    assert errors == []
    assert "[" in rendered or "<a href" in rendered


# -- language of parts (issue 8, item 18) -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "Kalix heter [Kalixin kunta]{lang=fi} på finska.",
            '<p>Kalix heter <span lang="fi">Kalixin kunta</span> på finska.</p>\n',
        ),
        (
            "Välkommen, [*bures boahtin*]{lang=se}!",
            '<p>Välkommen, <span lang="se"><em>bures boahtin</em></span>!</p>\n',
        ),
        (
            "*Det heter [Tornionlaakso]{lang=fit}.*",
            '<p><em>Det heter <span lang="fit">Tornionlaakso</span>.</em></p>\n',
        ),
        (
            "[Läs om [Kalixin kunta]{lang=fi}](/kalix/) och [Suomeksi](/suomeksi/){lang=fi}.",
            '<p><a href="/kalix/">Läs om <span lang="fi">Kalixin kunta</span></a> och '
            '<a href="/suomeksi/" lang="fi">Suomeksi</a>.</p>\n',
        ),
        (
            "[In English][en]{lang=en-GB}\n\n[en]: /english/",
            '<p><a href="/english/" lang="en-GB">In English</a></p>\n',
        ),
        (
            # A defined reference stays a link (CommonMark's meaning), in that language.
            "[Kalixin kunta]{lang=fi}\n\n[kalixin kunta]: https://kalix.example/",
            '<p><a href="https://kalix.example/" lang="fi">Kalixin kunta</a></p>\n',
        ),
        (
            '![Tervetuloa Kalixiin](/skylt.png){lang="fi"}',
            '<p><img src="/skylt.png" alt="Tervetuloa Kalixiin" lang="fi" loading="lazy"></p>\n',
        ),
        (
            "[Kalixin kunta]{lang=fi}, [Kalixin kunta] {lang=fi}, [ord]{se nedan}, {lang=fi}",
            '<p><span lang="fi">Kalixin kunta</span>, [Kalixin kunta] {lang=fi}, '
            "[ord]{se nedan}, {lang=fi}</p>\n",
        ),
        ("`[kod]{lang=fi}`", "<p><code>[kod]{lang=fi}</code></p>\n"),
    ],
)
def test_a_phrase_link_or_image_can_carry_its_language(body, text: str, html: str) -> None:
    rendered, _ = body(text + "\n")
    assert rendered == html


def test_a_language_mark_in_a_heading_stays_out_of_its_id(body) -> None:
    rendered, errors = body(
        "## Om [Kalixin kunta]{lang=fi}\n\n[Till rubriken](#om-kalixin-kunta)\n"
    )
    assert rendered.startswith(
        '<h2 id="om-kalixin-kunta">Om <span lang="fi">Kalixin kunta</span></h2>'
    )
    assert errors == []


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "[Kalixin kunta]{lang=finska}",
            "`{lang=finska}`: `finska` is not a language code; write two or three small letters, "
            "and a region in capitals if needed, e.g. `[Kalixin kunta]{lang=fi}` (fi finska, se "
            "nordsamiska, fit meänkieli, en-GB)",
        ),
        (
            "[Kalixin kunta]{lang=FI}",
            "`{lang=FI}`: `FI` is not written as a language code; did you mean `lang=fi`?",
        ),
        (
            "[In English](/english/){lang=en_gb}",
            "`{lang=en_gb}`: `en_gb` is not written as a language code; did you mean `lang=en-GB`?",
        ),
        (
            "[Kalixin kunta]{lang=}",
            "`{lang=}`: the language code is missing; write two or three small letters, and a "
            "region in capitals if needed, e.g. `[Kalixin kunta]{lang=fi}` (fi finska, se "
            "nordsamiska, fit meänkieli, en-GB)",
        ),
        (
            "[Kalixin kunta]{.fi}",
            "a phrase in brackets takes a language and nothing else, e.g. "
            "`[Kalixin kunta]{lang=fi}`",
        ),
        (
            "[Kalixin kunta]{lang=fi title=x}",
            "`{lang=fi title=x}`: `title=x` is not an option we know; a phrase in brackets or a "
            "link takes a language, `{lang=fi}`, and an image also `{.decorative}`",
        ),
        (
            "*[Kalixin* kunta]{lang=fi}",
            "`[...]{lang=..}` must start and end inside the same emphasis or link; move the `*` "
            "or `_` inside or outside the brackets",
        ),
        (
            "[Kalix [kommun] kunta]{lang=fi}",
            "the `{...}` after this `]` belongs to no phrase: inside `[...]{lang=..}` write a "
            "bracket as `\\[` or `\\]`, e.g. `[Kalixin kunta \\[Kalix\\]]{lang=fi}`",
        ),
        (
            "![Skylt med [Kalixin kunta]{lang=fi}](/skylt.png)",
            "a language mark cannot go inside an image's description; mark the whole image: "
            "`![Kalixin kunta](bilder/skylt.jpg){lang=fi}`",
        ),
    ],
)
def test_a_language_mark_that_is_wrong_is_an_error_with_the_fix(body, text, error) -> None:
    _, errors = body(f"Text.\n\n{text}\n")
    assert errors[0] == f"8: {error}"


def test_a_bad_language_code_fails_the_build_with_its_line(scratch_errors) -> None:
    errors = scratch_errors(
        {
            **SECTION,
            "Bygga, bo och miljö/Bygglov.md": page(
                "Text.\n\nPå finska: [Rakennuslupa]{lang=fin-}.\n"
            ),
        }
    )
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:8: error: `{lang=fin-}`: `fin-` is not written as a "
        "language code; did you mean `lang=fin`?"
    ]


def test_phone_numbers_in_running_text_become_tel_links(body) -> None:
    html, errors = body(
        "Ring kontaktcenter på 08-465 004 00 eller +46 123 45 67 89.\n\n"
        "| Enhet | Telefon |\n|---|---|\n| Bygglov | 0123-45 67 89 |\n\n"
        "- Växeln: *070-123 45 67*\n"
    )
    assert errors == []
    assert '<a href="tel:+46846500400">08-465 004 00</a>' in html
    assert '<a href="tel:+46123456789">+46 123 45 67 89</a>' in html
    assert '<td><a href="tel:+46123456789">0123-45 67 89</a></td>' in html
    assert '<em><a href="tel:+46701234567">070-123 45 67</a></em>' in html


@pytest.mark.parametrize(
    "text",
    [
        "Skriv `08-465 004 00` i fältet.\n",  # code span
        "```\nRing 08-465 004 00\n```\n",  # code block
        "    Ring 08-465 004 00\n",  # indented code
        "## Ring 08-465 004 00\n",  # heading: its id and outline stay plain
        "[Kontaktcenter 08-465 004 00](/kontakt/)\n",  # already a link
        "![Skylt med numret 08-465 004 00](bilder/skylt.png)\n",  # alt text
    ],
)
def test_phone_numbers_in_code_links_headings_and_alt_texts_stay_as_written(body, text) -> None:
    html, _ = body(text)
    assert "08-465 004 00" in html
    assert "tel:" not in html
