"""Every setting the README documents works: a site that sets each key of site.yml, of the
front matter and of a form definition to a valid value builds, and each shows up where the
README says it does. A second set of tests reads the README's key lists, so a key added to
a schema or to the README must be added to the site in tests/sites/every_setting/ as well.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from sample_answers import answers_for

from sitebuilder.checks import check_site
from sitebuilder.config import Colours, SiteConfig
from sitebuilder.forms import FIELD_TYPES, FormDefinition, FormField, Privacy
from sitebuilder.pipeline import BuildOptions, build
from sitebuilder.schema import Alternative, Contact, FrontMatter, Task

REPO_ROOT = Path(__file__).resolve().parents[2]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
SITE = REPO_ROOT / "tests" / "sites" / "every_setting" / "content"
TODAY = dt.date(2026, 11, 25)
BASE = "/webb"


# -- what the README documents ------------------------------------------------------------------


def section(heading: str) -> str:
    start = README.index(heading)
    end = README.find("\n#", start + len(heading))
    return README[start : end if end != -1 else None]


def table(heading: str) -> dict[str, str]:
    """The rows of the key table below ``heading``: key -> the rest of its row."""
    rows: dict[str, str] = {}
    for line in section(heading).splitlines():
        match = re.match(r"\| `([a-z_]+)` \|(.*)\|\s*$", line)
        if match:
            rows[match[1]] = match[2]
    assert rows, f"no key table under {heading!r}"
    return rows


def words(text: str) -> set[str]:
    """The `backticked` identifiers in ``text``."""
    return set(re.findall(r"`([a-z_]+)`", text))


def listed(label: str) -> set[str]:
    """The keys a "Label: `a`, `b` and `c`." sentence lists."""
    match = re.search(re.escape(label) + r"(.*?)\.(\s|$)", README, re.DOTALL)
    assert match, f"the README has no {label!r} sentence"
    return words(re.sub(r"\([^)]*\)", "", match[1]))


FRONT_MATTER = table("### Front matter reference")
SITE_YML = table("### Configuration reference")
DOCUMENTED = {
    "front matter": set(FRONT_MATTER),
    "contact (front matter)": words(FRONT_MATTER["contact"]),
    "alternatives": words(FRONT_MATTER["alternatives"]) - {"paper", "phone", "visit", "proxy"},
    "alternative kinds": words(FRONT_MATTER["alternatives"]) & {"paper", "phone", "visit", "proxy"},
    "tasks": words(FRONT_MATTER["tasks"]),
    "site.yml": set(SITE_YML),
    "contact (site.yml)": words(SITE_YML["contact"]),
    "colours": words(SITE_YML["colours"]),
    "form": listed("Form keys: "),
    "privacy": listed("Privacy keys: "),
    "field": listed("Field keys: ") | {"min", "max"},
    "field types": listed("Field types: "),
}
SCHEMA = {
    "front matter": set(FrontMatter.model_fields),
    "contact (front matter)": set(Contact.model_fields),
    "alternatives": set(Alternative.model_fields),
    "alternative kinds": set(Alternative.model_fields["kind"].annotation.__args__),
    "tasks": set(Task.model_fields),
    "site.yml": set(SiteConfig.model_fields),
    "contact (site.yml)": set(Contact.model_fields),
    "colours": set(Colours.model_fields),
    "form": set(FormDefinition.model_fields),
    "privacy": set(Privacy.model_fields),
    "field": set(FormField.model_fields),
    "field types": set(FIELD_TYPES),
}


@pytest.mark.parametrize("what", sorted(SCHEMA))
def test_the_readme_documents_exactly_the_keys_the_schema_has(what: str) -> None:
    assert DOCUMENTED[what] == SCHEMA[what]


# -- what the site sets ---------------------------------------------------------------------


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) or {}


PAGES = {p.relative_to(SITE).as_posix(): front_matter(p) for p in sorted(SITE.rglob("*.md"))}
SITE_CONFIG = yaml.safe_load((SITE / "site.yml").read_text(encoding="utf-8"))
FORM = yaml.safe_load((SITE / "forms" / "ansokan.yml").read_text(encoding="utf-8"))


def used() -> dict[str, set[str]]:
    contacts = [p["contact"] for p in PAGES.values() if "contact" in p]
    alternatives = [a for p in PAGES.values() for a in p.get("alternatives", [])]
    return {
        "front matter": {key for page in PAGES.values() for key in page},
        "contact (front matter)": {key for c in contacts for key in c},
        "alternatives": {key for a in alternatives for key in a},
        "alternative kinds": {a["kind"] for a in alternatives},
        "tasks": {
            key
            for p in PAGES.values()
            for t in p.get("tasks", [])
            if isinstance(t, dict)
            for key in t
        },
        "site.yml": set(SITE_CONFIG),
        "contact (site.yml)": set(SITE_CONFIG["contact"]),
        "colours": set(SITE_CONFIG["colours"]),
        "form": set(FORM),
        "privacy": set(FORM["privacy"]),
        "field": {key for field in FORM["fields"] for key in field},
        "field types": {field["type"] for field in FORM["fields"]},
    }


@pytest.mark.parametrize("what", sorted(DOCUMENTED))
def test_the_site_sets_every_documented_key(what: str) -> None:
    missing = DOCUMENTED[what] - used()[what]
    assert not missing, f"tests/sites/every_setting/ sets no {what} key {sorted(missing)}"


def test_colours_and_settings_differ_from_their_defaults() -> None:
    """A value equal to the default proves nothing about the setting."""
    defaults = SiteConfig.model_fields
    for key, value in SITE_CONFIG["colours"].items():
        assert value != Colours.model_fields[key].default, key
    assert SITE_CONFIG["review_interval_months"] != defaults["review_interval_months"].default
    assert SITE_CONFIG["forms_endpoint"] != defaults["forms_endpoint"].default


# -- and each one shows where the README says it does ------------------------------------------


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("every_setting") / "public"
    build(BuildOptions(content=SITE, out=out, drafts=True, today=TODAY, cache=False))
    return out


def html(public: Path, url: str) -> str:
    return (public / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_site_yml_settings_show_in_every_page(public: Path) -> None:
    page = html(public, "/omsorg/")
    header = page[page.index('<header class="site-header"') : page.index("</header>")]
    # name and logo in the header; base_url's path on every link; language on <html>.
    assert '<a class="site-header__name" href="/webb/">' in header
    assert '<img class="site-header__logo" src="/webb/bilder/logo.svg"' in header
    assert "<span>Allby kommun</span>" in header
    assert '<html lang="sv"' in page
    assert "<title>Hemtjänst – Allby kommun</title>" in page
    assert '<link rel="canonical" href="https://www.allby.example/webb/omsorg/">' in page
    # nav in site.yml's order, not by weight or title.
    assert header.index('href="/webb/omsorg/"') < header.index('href="/webb/bygga-och-bo/"')


def test_the_footer_shows_every_contact_key_and_the_footer_pages(public: Path) -> None:
    page = html(public, "/")
    footer = page[page.index('<footer class="site-footer"') : page.index("</footer>")]
    for row in (
        "<li>Kontaktcenter</li>",
        "<li>Adress: Allbyvägen 1, 000 00 Allby</li>",
        '<li>Telefon: <a href="tel:+4612345600">0123-456 00</a></li>',
        '<li>E-post: <a href="mailto:kontakt@allby.example">kontakt@allby.example</a></li>',
        "<li>Öppettider: Vardagar 8–16</li>",
        # contact.url as a path on this site: linked below base_url's path, shown whole.
        '<li>Webbplats: <a href="/webb/om-webbplatsen/">'
        "https://www.allby.example/webb/om-webbplatsen/</a></li>",
    ):
        assert row in footer
    assert '<a href="/webb/om-webbplatsen/tillganglighet/">Tillgänglighetsredogörelse</a>' in footer
    assert '<a href="/webb/om-webbplatsen/personuppgifter/">Behandling av personuppgifter</a>' in (
        footer
    )


def test_the_home_page_shows_its_tasks_and_the_header_searches_at_the_endpoint(
    public: Path,
) -> None:
    page = html(public, "/")
    tasks = page[page.index('<ul class="task-list">') :]
    tasks = tasks[: tasks.index("</ul>")]
    # A path alone is linked with the page's title; an old address (alias) goes to the page.
    assert '<a class="task-list__link" href="/webb/omsorg/">Hemtjänst</a>' in tasks
    assert '<a class="task-list__link" href="/webb/bygga-och-bo/bygglov/">Ansök om bygglov</a>' in (
        tasks
    )
    # forms_endpoint https://forms.allby.example/api/forms: search is beside the forms.
    for url in ("/", "/omsorg/"):
        assert 'action="https://forms.allby.example/api/search"' in html(public, url)


def test_the_colours_are_the_sites(public: Path) -> None:
    css = next((public / "assets").glob("site.*.css")).read_text(encoding="utf-8")
    for value in SITE_CONFIG["colours"].values():
        assert value in css


def test_front_matter_settings_show_on_the_service_page(public: Path) -> None:
    page = html(public, "/bygga-och-bo/bygglov/")  # slug: bygglov, not the file name
    assert "<h1>Bygglov</h1>" in page
    assert '<meta name="description" content="Så ansöker du om bygglov i Allby.">' in page
    assert "Samhällsbyggnadsförvaltningen" in page  # owner
    assert '<time datetime="2026-11-01">1 november 2026</time>' in page  # reviewed
    box = page[page.index('<section class="service-info"') :]
    box = box[: box.index("</section>")]
    assert "<strong>Steg 3 av 4</strong>" in box  # ladder_step
    for row in (
        "<li>Bygglovsenheten</li>",
        "<li>Adress: Allbyvägen 1</li>",
        '<li>Telefon: <a href="tel:+4612345630">0123-456 30</a></li>',
        '<li>E-post: <a href="mailto:bygglov@allby.example">bygglov@allby.example</a></li>',
        "<li>Öppettider: Vardagar 9–12</li>",
        '<li>Webbplats: <a href="https://www.allby.example/webb/bygglov-info/">',
    ):
        assert row in box
    for label in ("Blankett:", "Telefon:", "Besök:", "Ombud:"):
        assert f'<span class="service-info__label">{label}</span>' in box
    assert (
        '<a href="/webb/bygga-och-bo/blankett.pdf">Blankett för ansökan om bygglov (PDF)</a>' in box
    )
    assert '<a href="https://www.allby.example/webb/fullmakt/">Om fullmakt för bygglov</a>' in box


def test_weight_lang_draft_aliases_date_and_section_services(public: Path) -> None:
    section_page = html(public, "/bygga-och-bo/")
    order = [
        section_page.index(f'href="/webb/bygga-och-bo/{slug}/"')
        for slug in ("bygglov", "strandskydd", "bygglov-pa-lattlast", "utkast")
    ]
    assert order == sorted(order)  # weight 1, 2, 3, then the unweighted draft
    assert '<html lang="en"' in html(public, "/om-webbplatsen/about-allby/")
    assert "Inte klar än." in html(public, "/bygga-och-bo/utkast/")  # draft, with --drafts
    assert (public / "bygglov" / "index.html").is_file()  # aliases
    assert "/webb/bygglov/ /webb/bygga-och-bo/bygglov/ 301" in (public / "_redirects").read_text()
    news = html(public, "/nyheter/nytt-bibliotek/")
    assert '<time datetime="2026-11-20">20 november 2026</time>' in news  # date
    # A section whose landing page is a service, in the catalogue.
    assert 'href="/webb/omsorg/"' in html(public, "/e-tjanster/")
    assert "service-info" in html(public, "/omsorg/")


def test_a_draft_is_left_out_without_drafts(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(BuildOptions(content=SITE, out=out, today=TODAY, cache=False))
    assert not (out / "bygga-och-bo" / "utkast").exists()
    locs = [e.text for e in ET.parse(out / "sitemap.xml").getroot().iter() if e.text]
    assert not any("utkast" in loc for loc in locs)


def test_review_interval_and_translation_of_reach_check() -> None:
    report = check_site(BuildOptions(content=SITE), today=TODAY)
    messages = {f.code: f.message for f in report.findings}
    assert report.errors == 0
    assert "more than 6 months ago" in messages["review-overdue"]
    assert "its source" in messages["translation-outdated"]


def test_the_form_shows_every_display_key(public: Path) -> None:
    page = html(public, "/bygga-och-bo/bygglov/")
    start = page.index('<form class="form"')
    form = page[start : page.index("</form>", start)]
    assert 'action="https://forms.allby.example/api/forms/ansokan"' in form  # forms_endpoint
    # ... and the page's own policy lets the form post there (netlify.toml allows https:).
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        'content="form-action &#39;self&#39; https://forms.allby.example">'
    ) in page
    assert "Fyll i ansökan om bygglov." in page  # intro
    assert "Skicka ansökan" in form  # submit
    assert 'autocomplete="name"' in form
    assert "Du kan skriva högst 80 tecken." in form  # maxlength, stated in the hint
    assert "För- och efternamn." in form  # hint
    for field_type in ("text", "email", "tel", "date", "checkbox", "radio"):
        assert f'type="{field_type}"' in form
    assert 'name="yta" type="text" value="" inputmode="decimal"' in form  # number
    assert "<select" in form and "<textarea" in form
    for key in ("purpose", "legal_basis", "recipients", "retention", "protected_identity"):
        assert FORM["privacy"][key] in page
    assert 'href="/webb/om-webbplatsen/personuppgifter/"' in form  # privacy.more
    assert "Svara bara om du valde ”Nybyggnad” ovan." in form  # show_if
    assert "Du måste svara om du valde ”Ritning” ovan." in form  # required_if
    assert "bygglov@allby.example" not in form and "tillbyggnad@allby.example" not in page


def test_the_forms_endpoint_uses_the_form_keys_that_do_not_show(tmp_path: Path) -> None:
    """recipient, route, subject, reply_to, pattern and success act when a resident sends."""
    import forms_api
    from forms_api.sender import deliver_due

    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(SITE),
            "DATABASE": str(tmp_path / "outbox.sqlite3"),
            "MAIL_DIR": str(tmp_path / "mail"),
            "RATE_LIMIT": "1000 per minute",
            "SENDER_THREAD": False,
        }
    )
    try:
        client = app.test_client()
        definition = app.extensions["forms_site"].form("ansokan").definition
        answers = answers_for(definition, TODAY)
        answers["fastighet"] = "Allby 1:23"
        answers["atgard"] = "Tillbyggnad"
        for wrong, error in (
            ({"fastighet": "okänd"}, "Skriv fastighetsbeteckningen som Allby 1:23"),  # pattern
            ({"yta": "501"}, "får vara högst 500"),  # max
            ({"yta": "0"}, "måste vara minst 1"),  # min
            ({"start": "2025-12-31"}, "Datumet måste vara 2026-01-01 eller senare"),
            ({"start": "2031-01-01"}, "Datumet måste vara 2030-12-31 eller tidigare"),
        ):
            bad = client.post("/api/forms/ansokan", data={**answers, **wrong})
            assert bad.status_code == 422, wrong
            assert error in bad.get_data(as_text=True), wrong
        sent = client.post("/api/forms/ansokan", data=answers)
        assert sent.status_code == 303, sent.get_data(as_text=True)[:500]
        receipt = client.get(sent.headers["Location"]).get_data(as_text=True)
        assert "Bygglovsenheten läser din ansökan inom en vecka." in receipt  # success
        deliver_due(
            app.extensions["forms_outbox"],
            forms_api.transport_for(app.config),
            forms_api.policy_for(app.config),
        )
        (eml,) = (tmp_path / "mail").glob("*.eml")
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        assert message["To"] == "tillbyggnad@allby.example"  # route
        assert message["Subject"].startswith("Bygglov: Tillbyggnad")  # subject
        assert message["Reply-To"] == answers["epost"]  # reply_to
    finally:
        app.extensions["forms_outbox"].close()


def test_contact_url_and_name_in_site_yml_are_shown_in_the_footer(make_scratch) -> None:
    """These crashed the footer template: their rows have no label."""
    site = make_scratch(
        {
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "contact:\n  name: Kontaktcenter\n  url: https://test.example/kontakt/\n"
        }
    )
    page = site.files["index.html"].decode()
    footer = page[page.index('<footer class="site-footer"') : page.index("</footer>")]
    assert "<li>Kontaktcenter</li>" in footer
    assert (
        '<li>Webbplats: <a href="https://test.example/kontakt/">https://test.example/kontakt/</a>'
        "</li>"
    ) in footer
