"""What screen-reader users navigate by: landmarks, headings, and where the error summary
sits, on built pages of a scratch site and the sample site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitebuilder.pipeline import BuildOptions, make_site

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():
    return make_site(BuildOptions(content=REPO / "content", out=REPO / ".cache" / "unused"))


def regions(doc) -> list[str]:
    """Named sections and role=region: the region landmarks a screen reader lists."""
    return [
        e.get("aria-labelledby") or e.get("aria-label") or ""
        for e in doc.elements
        if (e.tag == "section" and (e.get("aria-labelledby") or e.get("aria-label")))
        or e.get("role") == "region"
    ]


def test_a_to_o_exposes_one_landmark_for_the_index_not_one_per_letter(sample, parse_html) -> None:
    doc = parse_html(sample.files["a-o/index.html"].decode())
    letters = [h for h in doc.find_all("h2") if "az-group__letter" in (h.get("class") or "")]
    assert len(letters) >= 15
    assert regions(doc) == []
    navs = [n.get("aria-label") for n in doc.find_all("nav")]
    assert navs == ["Huvudmeny", "Du är här", "Bokstäver"]


def test_services_listing_has_headings_not_a_region_per_step(sample, parse_html) -> None:
    # The e-services catalogue shows steps 2-4, the inventory (Servicetrappan) all four.
    for path, steps in (("e-tjanster/index.html", 3), ("servicetrappan/index.html", 4)):
        doc = parse_html(sample.files[path].decode())
        assert regions(doc) == []
        headings = [h for h in doc.find_all("h2") if (h.get("id") or "").startswith("steg-")]
        assert len(headings) == steps, path


def test_section_list_of_pages_has_a_heading_before_it(sample, parse_html) -> None:
    for url, page in sample.index.pages.items():
        if page.kind != "section" or page.listing or not sample.index.children.get(url):
            continue
        doc = parse_html(sample.files[page.output].decode())
        order = [e for e in doc.elements if e.tag in ("h2", "h3") or e.get("class") == "card-list"]
        (heading,) = [e for e in order if e.get("id") == "sidor-i-avsnittet"]
        assert heading.tag == "h2" and heading.text == "Sidor i avsnittet", url
        first_list = next(e for e in order if e.get("class") == "card-list")
        assert order.index(heading) == order.index(first_list) - 1, url
        cards = [e for e in doc.elements if e.get("class") == "card__title"]
        assert cards and all(c.tag == "h3" for c in cards), url


def test_error_summary_sits_right_after_the_h1_outside_the_form(sample, parse_html) -> None:
    from sitebuilder.assets import theme_assets
    from sitebuilder.render import Renderer
    from sitebuilder.theme import DEFAULT_THEME, load_theme

    index = sample.index
    url = next(u for u, p in index.pages.items() if p.meta.form == "felanmalan")
    theme = load_theme(DEFAULT_THEME, "sv")
    assets, _ = theme_assets(DEFAULT_THEME, index.config)
    renderer = Renderer(index, theme, assets, dt.date(2026, 12, 2))
    from sitebuilder.markdown import render_markdown

    page = index.pages[url]
    body, _, _ = render_markdown(page, index, theme.strings.for_lang(page.lang))
    html = renderer.render_page(
        page, body, form_values={}, form_errors={"plats": "Svara på frågan"}
    )
    doc = parse_html(html)
    in_main = [e for e in doc.elements if "main" in e.parents]
    assert in_main[0].tag == "h1"
    summary = in_main[1]
    assert summary.get("class") == "error-summary", in_main[1].tag
    assert summary.parents[-1] == "main", "the summary is a child of <main>, not of the form"
    (section,) = [e for e in in_main if e.get("class") == "form-section"]
    assert "section" not in summary.parents
    assert in_main.index(summary) < in_main.index(section)
    assert len([e for e in doc.elements if "autofocus" in e.attrs]) == 1
    assert len([e for e in doc.elements if e.get("role") == "alert"]) == 1
    assert doc.find_all("title")[0].text.startswith("Fel:")


@pytest.mark.parametrize(
    ("lang", "kind", "title", "spoken"),
    [
        ("sv", "info", None, "Information: Bra att veta"),
        ("sv", "warning", "Tänk på", "Varning: Tänk på"),
        ("en", "warning", "Before you start", "Warning: Before you start"),
        ("sv", "info", "Information", "Information"),
    ],
)
def test_boxes_say_their_kind_in_words(make_scratch, parse_html, lang, kind, title, spoken) -> None:
    opening = f"::: {kind} {title}" if title else f"::: {kind}"
    site = make_scratch(
        {
            "Sida.md": f"---\ntitle: Sida\ndescription: En sida.\nlang: {lang}\n---\n\n"
            f"Text.\n\n{opening}\nInnehåll.\n:::\n"
        }
    )
    doc = parse_html(site.files["sida/index.html"].decode())
    (box_title,) = [e for e in doc.elements if e.get("class") == "box__title"]
    assert " ".join(box_title.text.split()) == spoken
    hidden = [e for e in doc.elements if e.get("class") == "visually-hidden" and "p" in e.parents]
    assert len(hidden) == (0 if spoken == title else 1)
