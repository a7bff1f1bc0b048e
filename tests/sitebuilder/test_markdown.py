"""Stage 4a, Markdown: heading ids, tables, boxes, images, links rewritten to site URLs."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

import sitebuilder.markdown as markdown
from sitebuilder.markdown import render_markdown
from sitebuilder.pipeline import BuildOptions, build

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


LABELS = {"table": "Tabell", "box.info": "Bra att veta", "box.warning": "Viktigt"}
BYGGLOV = "bygga-bo-och-miljo/bygglov/index.html"


@pytest.fixture
def body(make_scratch):
    """Render ``text`` as the page's body on a small site: (body HTML, error lines).

    Straight through ``render_markdown``, so that text the load stage would refuse (NUL)
    still reaches the renderer. Lines count from 6, where the page's body starts.
    """

    def run(text: str, files: dict | None = None) -> tuple[str, list[str]]:
        site = make_scratch(
            {**SECTION, "Bygga, bo och miljö/Bygglov.md": page("Text.\n"), **(files or {})}
        )
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
    doc = render("## Om tjänsten\n\nText.\n", "type: service\nladder_step: 2\n")
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
    assert errors == [
        "Bygga, bo och miljö/Bygglov.md:8: error: unknown box; write `::: info` or `::: warning` "
        "on its own line, and `:::` to close it"
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


def test_script_links_never_become_links(render) -> None:
    doc = render("[klicka](javascript:alert(1))\n")
    assert not any((a.get("href") or "").startswith("javascript:") for a in doc.find_all("a"))


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


def test_an_unclosed_box_ends_with_the_page(render) -> None:
    doc = render("::: warning\nVänta på startbesked.\n\n## Sedan\n")
    (box,) = doc.find_all("div", **{"class": "box box--warning"})
    assert "Vänta på startbesked." in box.text


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


def test_internal_addresses_are_percent_encoded(body) -> None:
    rendered, _ = body("[a](</sök plats>) [b](/a?q=1#x)\n")
    assert '<a href="/s%C3%B6k%20plats/">a</a>' in rendered
    assert '<a href="/a/?q=1#x">b</a>' in rendered
