"""Every piece of text the theme writes carries the language it is in (WCAG 3.1.1, 3.1.2).

The check reads every text node of every page with the language it inherits (the nearest
`lang` ancestor) and compares it with the language the text is known to be in: the theme's
Swedish and English strings, site.yml's texts (Swedish) and the titles of pages (their own
page's language). It runs on a fixture site with English pages, one page in a language the
theme has no strings for, and on the sample site's English page.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sitebuilder.strings import _flatten

THEME_STRINGS = Path(__file__).resolve().parents[2] / "theme" / "strings"


def _strings(lang: str) -> dict[str, str]:
    data = yaml.safe_load((THEME_STRINGS / f"{lang}.yml").read_text(encoding="utf-8"))
    return {k: str(v) for k, v in _flatten(data).items()}


SV, EN = _strings("sv"), _strings("en")


def known_texts() -> dict[str, str]:
    """Text -> its language, for strings that are clearly one language (not "Information",
    not a date template); placeholders are cut off at the first {."""
    texts: dict[str, str] = {}
    for lang, strings, other in (("sv", SV, EN), ("en", EN, SV)):
        for key, value in strings.items():
            if key in ("months",) or value == other.get(key) or key.endswith("_url"):
                continue
            text = value.split("{")[0].strip().rstrip(":").strip()
            if len(text) >= 4:
                texts.setdefault(text, lang)
    # Strings that are the same in both files say nothing about language.
    for key, value in SV.items():
        if EN.get(key) == value:
            texts.pop(value.split("{")[0].strip().rstrip(":").strip(), None)
    return texts


class TextLanguages(HTMLParser):
    """(text, effective lang) of every text node in <body>, in document order."""

    VOID = frozenset(
        {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.nodes: list[tuple[str, str]] = []
        self.in_body = False

    def lang(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if self.in_body and text and not any(t in ("script", "style") for t, _ in self.stack):
            self.nodes.append((text, self.lang()))


def wrong_languages(html: str, extra: dict[str, str]) -> list[str]:
    """Text nodes whose inherited language is not the language they are written in."""
    parser = TextLanguages()
    parser.feed(html)
    theme = known_texts()
    known = {**theme, **extra}
    problems = []
    for text, lang in parser.nodes:
        bare = text.rstrip(":").strip()
        written = known.get(bare) or known.get(text)
        if written is None:
            # Long theme strings inside a node ("Go to {title}"): by substring. Not the
            # fixture's own texts, which an editor's prose may quote in another language.
            written = next((w for t, w in theme.items() if len(t) >= 12 and t in text), None)
        if written is not None and lang.split("-")[0] != written:
            problems.append(f"{text!r} is {written} but inherits lang={lang!r}")
    return problems


SITE_YML = """\
name: Testby kommun
base_url: https://test.example
language: sv
contact:
  address: Storgatan 1, 000 00 Testby
  phone: 0123-456 00
  email: kontakt@test.example
  hours: Vardagar 8–16
nav:
  - Bygga och bo
  - Visiting Testby
accessibility_statement: Om webbplatsen.md
"""
EN_PAGE = """\
---
title: {title}
description: {title}, in English.
lang: en
owner: Kommunledningen
reviewed: 2026-09-07
{extra}---

Text in English.

| Permit | Fee |
|---|---|
| Resident | Free of charge |

::: info
A box with the theme's title.
:::
"""
FILES = {
    "site.yml": SITE_YML,
    "Om webbplatsen.md": "---\ntitle: Om webbplatsen\ndescription: Om webbplatsen.\n---\n\nText.\n",
    "Bygga och bo/_index.md": "---\ntitle: Bygga och bo\ndescription: Om att bygga.\n---\n",
    "Bygga och bo/Bygglov.md": """\
        ---
        title: Bygglov
        description: Så söker du bygglov.
        type: service
        ladder_step: 1
        ---

        Text på svenska.
        """,
    "Visiting Testby/_index.md": EN_PAGE.format(title="Visiting Testby", extra=""),
    "Visiting Testby/Parking.md": EN_PAGE.format(
        title="Parking permits",
        extra="type: service\nladder_step: 1\ncontact:\n  name: Parking office\n  hours: Weekdays 9–12\n",
    ),
    "Visiting Testby/Svenska sidan.md": "---\ntitle: Parkering på svenska\ndescription: Parkering.\n---\n\nText.\n",
    "Visiting Testby/Kalixin kunta.md": """\
        ---
        title: Tietoa suomeksi
        description: Tietoa kunnasta suomeksi.
        lang: fi
        owner: Kommunledningen
        ---

        Teksti suomeksi.

        | Palvelu | Hinta |
        |---|---|
        | Kirjasto | Maksuton |

        ::: warning
        Kirjasto on suljettu.
        :::
        """,
    "Nyheter/_index.md": "---\ntitle: Nyheter\ndescription: Nyheter.\n---\n",
    "Nyheter/Ny park.md": "---\ntitle: Ny park\ndescription: En park.\ntype: news\ndate: 2026-11-02\n---\n\nText.\n",
}
# Texts of the fixture that are not theme strings, with the language they are written in.
FIXTURE_TEXTS = {
    "Testby kommun": "sv",
    "Storgatan 1, 000 00 Testby": "sv",
    "Vardagar 8–16": "sv",
    "Bygga och bo": "sv",
    "Bygglov": "sv",
    "Parkering på svenska": "sv",
    "Visiting Testby": "en",
    "Parking permits": "en",
    "Parking office": "en",
    "Weekdays 9–12": "en",
    "Tietoa suomeksi": "fi",
    "Teksti suomeksi.": "fi",
    "Palvelu": "fi",
    "Kirjasto": "fi",
    "Maksuton": "fi",
    "Kirjasto on suljettu.": "fi",
    "Permit": "en",
    "Free of charge": "en",
}


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory) -> dict[str, str]:
    import textwrap

    from sitebuilder.pipeline import BuildOptions, make_site

    root = tmp_path_factory.mktemp("lang")
    content = root / "content"
    home = "---\ntitle: Välkommen till Testby\ndescription: Testby kommun.\n---\n\nHej.\n"
    for rel, text in {"_index.md": home, **FILES}.items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    site = make_site(BuildOptions(content=content, out=root / "public", today=dt.date(2026, 12, 2)))
    return {path: data.decode() for path, data in site.files.items() if path.endswith(".html")}


def test_every_page_of_a_site_with_english_pages_marks_its_languages(fixture_pages) -> None:
    assert len(fixture_pages) >= 10
    problems = [
        f"{path}: {problem}"
        for path, html in sorted(fixture_pages.items())
        for problem in wrong_languages(html, FIXTURE_TEXTS)
    ]
    assert problems == []


def test_the_check_sees_the_fixture_texts(fixture_pages) -> None:
    """The test above is only as good as what it recognises: on the English page it meets
    Swedish strings from site.yml, English chrome and Swedish menu titles."""
    parser = TextLanguages()
    parser.feed(fixture_pages["visiting-testby/parking/index.html"])
    texts = {t for t, _ in parser.nodes}
    for expected in (
        "Vardagar 8–16",
        "Bygga och bo",
        "Opening hours",
        "Page owner",
        "Parking office",
    ):
        assert any(expected in t for t in texts), expected


def test_a_page_in_a_language_without_strings_marks_the_chrome(fixture_pages) -> None:
    html = fixture_pages["visiting-testby/kalixin-kunta/index.html"]
    assert '<html lang="fi">' in html
    assert '<header class="site-header" id="sidhuvud" lang="sv">' in html
    assert '<footer class="site-footer" id="sidfot" lang="sv">' in html
    assert '<dl class="page-meta" lang="sv">' in html


def test_the_english_chrome_has_no_swedish_fallbacks(fixture_pages) -> None:
    """An English page gets English strings for everything: its service box and form labels
    used to fall back to Swedish (ladder steps, 'Det finns problem') without a lang."""
    html = fixture_pages["visiting-testby/parking/index.html"]
    assert "Simple interaction without logging in" in html
    assert "Enkel interaktion utan inloggning" not in html


class ElementLanguages(HTMLParser):
    """(tag, attributes, effective lang) of every element, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.elements: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or next((la for _, la in reversed(self.stack) if la), "")
        self.elements.append((tag, values, lang))
        if tag not in TextLanguages.VOID:
            self.stack.append((tag, values.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


@pytest.mark.parametrize(
    ("page", "label", "label_lang", "box", "page_lang"),
    [
        # Finnish: the theme has no Finnish strings, so its Swedish words are marked.
        ("visiting-testby/kalixin-kunta/index.html", "Tabell", "sv", "Varning: ", "fi"),
        ("visiting-testby/parking/index.html", "Table", "en", "Information: ", "en"),
    ],
)
def test_labels_the_renderer_writes_are_in_their_language(
    fixture_pages, page: str, label: str, label_lang: str, box: str, page_lang: str
) -> None:
    """The table region's name and a box's kind are theme words, not the editor's: in the
    page's language when the theme has its strings, else the site's, marked with `lang`
    (which an attribute such as aria-label takes from its element)."""
    parser = ElementLanguages()
    parser.feed(fixture_pages[page])
    (region,) = [(a, la) for t, a, la in parser.elements if a.get("class") == "table-wrap"]
    assert region == ({**region[0], "aria-label": label}, label_lang)
    assert region[0].get("aria-labelledby") is None
    cells = [la for t, _, la in parser.elements if t in ("table", "th", "td")]
    assert cells and set(cells) == {page_lang}, "the table itself is in the page's language"
    kinds = TextLanguages()
    kinds.feed(fixture_pages[page])
    assert (box.strip(), label_lang) in kinds.nodes


def test_every_theme_language_has_every_string() -> None:
    """A strings file with gaps is not used at all (its pages get the site language's
    chrome, marked): keep en.yml complete whenever sv.yml gains a key."""
    from sitebuilder.strings import load_strings

    strings = load_strings(THEME_STRINGS, "sv")
    for lang in strings.by_lang:
        assert strings.missing(lang) == [], f"theme/strings/{lang}.yml lacks these keys"


def test_sample_site_english_page_marks_its_languages(parse_html) -> None:
    from sitebuilder.pipeline import BuildOptions, make_site

    repo = Path(__file__).resolve().parents[2]
    site = make_site(BuildOptions(content=repo / "content", out=repo / ".cache" / "unused"))
    html = site.files["kommun-och-politik/about-exempelby-in-english/index.html"].decode()
    sample = {
        "Exempelby kommun": "sv",
        "Vardagar 8–16": "sv",
        "Exempelvägen 1, 000 00 Exempelby": "sv",
        "Barn och utbildning": "sv",
        "Kommun och politik": "sv",
        "About Exempelby": "en",
    }
    assert wrong_languages(html, sample) == []
    # The footer's contact block is not marked Swedish as a whole: its labels are English.
    doc = parse_html(html)
    (footer,) = doc.find_all("footer")
    assert footer.get("lang") is None
    assert not [
        e
        for e in doc.elements
        if "footer" in e.parents and e.get("lang") == "sv" and e.tag == "div"
    ]


# -- a site whose language the theme has no strings for ------------------------------------

FI_SITE = {
    "site.yml": "name: Kalixin kunta\nbase_url: https://kalix.example\nlanguage: fi\n"
    "contact:\n  hours: Arkisin 8–16\naccessibility_statement: Saavutettavuus.md\n",
    "_index.md": "---\ntitle: Tervetuloa\ndescription: Kunnan tiedot.\n---\n\nHei.\n",
    "Saavutettavuus.md": "---\ntitle: Saavutettavuusseloste\ndescription: Seloste.\n---\n\nJohdanto.\n",
    "accessibility.yml": "compliance: partial\ncontact:\n  email: saavutettavuus@kalix.example\n"
    "  hours: Arkisin 9–12\nfeedback_form: palaute\nknown_issues:\n  - title: Vanhat PDF-tiedostot\n"
    "    description: Niistä puuttuu rakenne.\n    wcag: ['1.3.1']\n    pages: [Palvelut/Palaute.md]\n"
    "disproportionate_burden: [Arkisto on liian suuri.]\nnot_in_scope: [Kolmannen osapuolen kartat.]\n",
    "Palvelut/_index.md": "---\ntitle: Palvelut\ndescription: Kunnan palvelut.\n---\n",
    "Palvelut/Palaute.md": "---\ntitle: Anna palautetta\ndescription: Palaute kunnalle.\n"
    "type: service\nladder_step: 2\nform: palaute\n---\n\nKerro meille.\n",
    "Uutiset/_index.md": "---\ntitle: Uutiset\ndescription: Kunnan uutiset.\n---\n",
    "Uutiset/Uusi puisto.md": "---\ntitle: Uusi puisto\ndescription: Puisto avataan.\ntype: news\n"
    "date: 2026-11-02\n---\n\nTeksti.\n",
    "forms/palaute.yml": "id: palaute\ntitle: Palaute\nrecipient: palaute@kalix.example\n"
    "subject: Palaute\nsuccess: Kiitos palautteesta.\nprivacy:\n  purpose: Vastaamme sinulle.\n"
    "  legal_basis: Yleinen etu.\n  recipients: Käsittelijät.\n  retention: Kaksi vuotta.\n"
    "  protected_identity: Soita meille.\nfields:\n  - name: aihe\n    type: select\n"
    "    label: Aihe\n    options: [Kadut, Puistot]\n  - name: viesti\n    type: textarea\n"
    "    label: Viestisi\n    required: true\n    maxlength: 500\n  - name: nimi\n    type: text\n"
    "    label: Nimesi\n",
}
FI_TEXTS = {
    "Kalixin kunta": "fi",
    "Arkisin 8–16": "fi",
    "Arkisin 9–12": "fi",
    "Tervetuloa": "fi",
    "Palvelut": "fi",
    "Anna palautetta": "fi",
    "Uutiset": "fi",
    "Uusi puisto": "fi",
    "Palaute": "fi",
    "Viestisi": "fi",
    "Nimesi": "fi",
    "Vanhat PDF-tiedostot.": "fi",
    "Niistä puuttuu rakenne.": "fi",
    "Arkisto on liian suuri.": "fi",
    "Kolmannen osapuolen kartat.": "fi",
    "Saavutettavuusseloste": "fi",
}


@pytest.fixture(scope="module")
def fi_site(tmp_path_factory) -> tuple[dict[str, str], str]:
    """The built pages of a Finnish site (the theme has Swedish and English strings only),
    and its form's page sent empty, as the forms API shows it again."""
    import forms_api
    from sitebuilder.pipeline import BuildOptions, make_site

    root = tmp_path_factory.mktemp("fi")
    content = root / "content"
    for rel, text in FI_SITE.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    site = make_site(BuildOptions(content=content, out=root / "public", today=dt.date(2026, 12, 2)))
    pages = {path: data.decode() for path, data in site.files.items()}
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(content),
            "DATABASE": str(root / "outbox.sqlite3"),
            "MAIL_DIR": str(root / "mail"),
            "SENDER_THREAD": False,
        }
    )
    try:
        sent = app.test_client().post("/api/forms/palaute", data={"aihe": "", "viesti": ""})
        assert sent.status_code == 422
        again = sent.get_data(as_text=True)
    finally:
        app.extensions["forms_outbox"].close()
    return pages, again


def test_every_theme_text_on_a_site_without_strings_in_its_language_is_marked(fi_site) -> None:
    pages, again = fi_site
    html = {path: text for path, text in pages.items() if path.endswith(".html")}
    html["(the form sent empty)"] = again
    problems = [
        f"{path}: {problem}"
        for path, text in sorted(html.items())
        for problem in wrong_languages(text, FI_TEXTS)
    ]
    assert problems == []


def test_the_check_sees_the_theme_texts_of_the_finnish_site(fi_site) -> None:
    """What the test above must meet: the form's fallback strings (button, privacy headings,
    hints, errors), the statement's sentences and the generated listings and 404 page."""
    pages, again = fi_site
    form = pages["palvelut/palaute/index.html"]
    assert '<html lang="fi">' in form
    assert '<span lang="sv">Skicka</span>' in form
    assert '<span lang="sv">Du kan skriva högst 500 tecken.</span>' in form
    assert 'Nimesi <span lang="sv">(frivilligt)</span>' in form
    assert '<option value="" lang="sv">' in form
    assert '<span lang="sv">Det finns problem</span>' in again
    statement = pages["saavutettavuus/index.html"]
    assert '<div class="statement" lang="sv">' in statement
    assert '<p lang="fi"><strong>Vanhat PDF-tiedostot.</strong>' in statement
    assert '<html lang="sv">' in pages["e-tjanster/index.html"]  # generated: its texts are sv
    assert '<html lang="sv">' in pages["404.html"]


def test_feed_entries_carry_their_pages_language(make_scratch) -> None:
    import xml.etree.ElementTree as ET

    site = make_scratch(
        {
            "Nyheter/_index.md": "---\ntitle: Nyheter\ndescription: Nyheter.\n---\n",
            "Nyheter/Park.md": "---\ntitle: Ny park\ndescription: En park.\ntype: news\n"
            "date: 2026-11-02\n---\n\nText.\n",
            "Nyheter/Park in English.md": "---\ntitle: A new park\ndescription: A park.\n"
            "type: news\ndate: 2026-11-03\nlang: en\n---\n\nText.\n",
        }
    )
    feed = ET.fromstring(site.files["nyheter/feed.xml"])
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get(xml_lang) == "sv"
    entries = {e.find(atom + "title").text: e.get(xml_lang) for e in feed.iter(atom + "entry")}
    assert entries == {"A new park": "en", "Ny park": "sv"}
