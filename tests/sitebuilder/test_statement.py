"""The accessibility statement: its facts come from data, and it claims nothing else."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

TODAY = dt.date(2026, 12, 2)
STATEMENT = "Om webbplatsen/Tillgänglighetsredogörelse.md"
SITE_YML = f"""\
name: Testby kommun
base_url: https://test.example
language: sv
accessibility_statement: {STATEMENT}
"""
FILES = {
    "site.yml": SITE_YML,
    "Om webbplatsen/_index.md": """\
        ---
        title: Om webbplatsen
        description: Om Testby kommuns webbplats.
        ---
        """,
    STATEMENT: """\
        ---
        title: Tillgänglighetsredogörelse
        description: Hur webbplatsen uppfyller lagen om tillgänglighet.
        reviewed: 2026-11-30
        ---

        Testby kommun står bakom den här webbplatsen.
        """,
    "Om webbplatsen/Protokoll.md": """\
        ---
        title: Protokoll
        description: Protokoll från kommunfullmäktige.
        ---

        Protokollen finns som PDF.
        """,
    "Om webbplatsen/Synpunkter.md": """\
        ---
        title: Lämna synpunkter
        description: Skriv till kommunen.
        form: synpunkter
        ---
        """,
    "forms/synpunkter.yml": """\
        id: synpunkter
        title: Synpunkter
        recipient: synpunkter@test.example
        subject: Synpunkt
        success: Tack.
        fields:
          - name: meddelande
            type: textarea
            label: Vad vill du säga?
            required: true
            personal: false
        """,
    "accessibility.yml": """\
        compliance: partial
        contact:
          email: tillganglighet@test.example
          phone: 0123-456 00
        feedback_form: synpunkter
        published: 2026-03-02
        known_issues:
          - title: Äldre PDF-dokument
            description: Protokollen från 2019 saknar rubriker.
            wcag: ["1.3.1"]
            pages: [Om webbplatsen/Protokoll.md]
            fix: 2027-06-30
        """,
}
RECORD = {
    "date": "2026-11-30",
    "checkers": [
        {"name": "axe-core", "version": "4.14.1"},
        {"name": "Nu Html Checker (vnu)", "version": "26.9.27"},
        {"name": "Lighthouse", "version": "12.8.2", "pages": ["/", "/om-webbplatsen/protokoll/"]},
    ],
    "browser": "Chromium 156.0.8078.79",
    "pages": 67,
    "page_kinds": ["home", "service", "form_errors"],
    "keyboard": True,
}


def write_record(content: Path, record: dict | None) -> None:
    """docs/accessibility-checks.json beside the content folder, as the browser suite writes it."""
    docs = content.parent / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "accessibility-checks.json").unlink(missing_ok=True)
    if record is not None:
        (docs / "accessibility-checks.json").write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def statement_html(scratch_site, tmp_path, parse_html):
    """Build the fixture site (with ``files`` changes and a record) and parse the statement."""
    from sitebuilder.pipeline import BuildOptions, make_site

    def run(record: dict | None = RECORD, **files: str | None):
        content = scratch_site({**FILES, **files})
        write_record(content, record)
        site = make_site(BuildOptions(content=content, out=tmp_path / "public", today=TODAY))
        html = site.files["om-webbplatsen/tillganglighetsredogorelse/index.html"].decode()
        return parse_html(html), html

    return run


def statement_text(doc) -> str:
    (div,) = [e for e in doc.elements if e.get("class") == "statement"]
    return " ".join(div.text.split())


def test_statement_lists_the_known_issue_with_links_to_its_pages(statement_html) -> None:
    doc, _ = statement_html()
    (issue,) = doc.find_all("li", **{"class": "statement__issue"})
    assert "Äldre PDF-dokument" in issue.text and "1.3.1" in issue.text
    assert "senast 30 juni 2027" in issue.text
    links = [
        a for a in doc.elements if a.tag == "a" and "li" in a.parents and a.text == "Protokoll"
    ]
    assert [a.get("href") for a in links] == ["/om-webbplatsen/protokoll/"]
    text = statement_text(doc)
    assert "delvis förenlig med lagen" in text


def test_statement_links_the_reporting_address_and_the_feedback_form(statement_html) -> None:
    doc, _ = statement_html()
    hrefs = {a.get("href"): a.text for a in doc.find_all("a")}
    assert hrefs["mailto:tillganglighet@test.example"] == "tillganglighet@test.example"
    assert hrefs["/om-webbplatsen/synpunkter/"] == "Lämna synpunkter"
    assert hrefs["https://www.digg.se/tdosanmalan"]


def test_statement_names_the_checks_of_a_recent_record(statement_html) -> None:
    text = statement_text(statement_html()[0])
    assert "Webbplatsen kontrollerades senast automatiskt 30 november 2026." in text
    assert "Alla 67 sidor" in text and "Chromium 156.0.8078.79" in text
    for checker in ("axe-core 4.14.1", "Nu Html Checker (vnu) 26.9.27", "Lighthouse 12.8.2"):
        assert checker in text
    # A checker that ran on some pages only says so, and names them.
    assert (
        "Lighthouse 12.8.2, bara på 2 av sidorna: Välkommen till Testby kommun och Protokoll"
        in text
    )
    assert "med bara tangentbordet" in text
    assert "Vi har inte testat webbplatsen manuellt med skärmläsare" in text


def test_statement_lists_burden_and_out_of_scope_content_from_the_data(statement_html) -> None:
    data = FILES["accessibility.yml"] + (
        "disproportionate_burden:\n          - Kartorna i planarkivet från före 2010.\n"
        "        not_in_scope:\n          - Filmer publicerade före 23 september 2020.\n"
    )
    with_them = statement_text(statement_html(**{"accessibility.yml": data})[0])
    assert "Kartorna i planarkivet från före 2010." in with_them
    assert "Filmer publicerade före 23 september 2020." in with_them
    assert "Vi åberopar inte undantaget" not in with_them
    without = statement_text(statement_html()[0])
    assert "Vi åberopar inte undantaget för oskäligt betungande anpassning" in without
    assert "Kartorna i planarkivet" not in without


def test_statement_names_the_browser_checks_the_record_holds_and_no_others(statement_html) -> None:
    """The checks no checker makes are claimed one by one, only when the record holds them."""
    without = statement_text(statement_html()[0])
    assert "tvingade färger" not in without and "textavstånd" not in without
    record = {**RECORD, "browser_checks": ["focus", "forced_colours", "screen_reader"]}
    doc, _ = statement_html(record)
    text = statement_text(doc)
    assert "fokus syns tydligt" in text and "tvingade färger" in text
    assert "textavstånd" not in text and "felsammanfattningen" not in text
    assert "skärmläsare" not in text.replace("manuellt med skärmläsare", "")


@pytest.mark.parametrize(
    ("record", "says"),
    [
        (None, "Det finns ingen registrering av någon automatisk kontroll"),
        (
            {**RECORD, "date": "2026-08-01"},
            "Den senaste registrerade automatiska kontrollen gjordes 1 augusti 2026",
        ),
        ({"date": "igår"}, "Det finns ingen registrering av någon automatisk kontroll"),
    ],
    ids=["missing", "older-than-90-days", "unreadable"],
)
def test_statement_claims_no_check_without_a_recent_record(statement_html, record, says) -> None:
    text = statement_text(statement_html(record)[0])
    assert says in text
    assert "kontrollerades senast automatiskt" not in text
    assert "axe-core" not in text and "tangentbordet" not in text


def test_max_age_of_the_record_is_a_setting(statement_html) -> None:
    data = FILES["accessibility.yml"] + "check_max_age_days: 1\n"
    text = statement_text(statement_html(**{"accessibility.yml": data})[0])
    assert "Den senaste registrerade automatiska kontrollen gjordes 30 november 2026" in text


def test_statement_without_data_claims_only_what_the_record_says(statement_html) -> None:
    doc, _ = statement_html(**{"accessibility.yml": None})
    text = statement_text(doc)
    assert "förenlig" not in text
    assert "kontrollerades senast automatiskt 30 november 2026" in text


def test_statement_headings_follow_the_editors_text_in_order(statement_html) -> None:
    doc, _ = statement_html()
    headings = [e.text.strip() for e in doc.elements if e.tag in ("h2", "h3")]
    assert headings[:4] == [
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
    ]
    assert "Hur vi testat webbplatsen" in headings


BAD = FILES["accessibility.yml"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            BAD.replace("[Om webbplatsen/Protokoll.md]", "[Om webbplatsen/Protokol.md]"),
            "accessibility.yml:11: error: known issue 'Äldre PDF-dokument' names page "
            "`Om webbplatsen/Protokol.md`, which does not exist; give the page's file relative "
            "to content/, did you mean `Om webbplatsen/Protokoll.md`?",
        ),
        (
            BAD.replace("compliance: partial", "compliance: full"),
            "accessibility.yml:1: error: `compliance: full`, but 1 known issues are listed; "
            "write `compliance: partial` while any content is not accessible",
        ),
        (
            BAD.replace("feedback_form: synpunkter", "feedback_form: synpunkt"),
            "accessibility.yml:5: error: `feedback_form: synpunkt` names no form in "
            "content/forms/; give a form's id, e.g. `feedback_form: synpunkter`",
        ),
        (
            BAD.replace("email: tillganglighet@test.example", "email: tillganglighet"),
            "accessibility.yml:3: error: `contact.email` must be the address that reports of "
            "accessibility problems go to, e.g. `email: tillganglighet@kommun.example`",
        ),
        (
            BAD.replace('wcag: ["1.3.1"]', "wcag: [1.3]"),
            "accessibility.yml:10: error: `1.3` is not a WCAG success criterion; write its "
            'number in quotes, e.g. "1.1.1"',
        ),
        (
            BAD + "kända_brister: []\n",
            "accessibility.yml:13: error: unknown key `kända_brister`; the keys are "
            "check_max_age_days, compliance, contact, disproportionate_burden, feedback_form, "
            "known_issues, not_in_scope, published",
        ),
    ],
    ids=[
        "unknown-page",
        "full-with-issues",
        "unknown-form",
        "bad-email",
        "bad-wcag",
        "unknown-key",
    ],
)
def test_statement_data_errors_name_the_line(scratch_errors, data, expected) -> None:
    assert scratch_errors({**FILES, "accessibility.yml": data}) == [expected]
