"""Stage 4a, Markdown: heading ids, tables, boxes, images, links rewritten to site URLs."""

from __future__ import annotations

from collections import Counter

import pytest

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
