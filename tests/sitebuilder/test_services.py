"""Services: a section's landing page as a service, the e-services catalogue (steps 2-4), the
inventory of every service by step (1-4), and the ways to do without e-legitimation."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder.errors import ErrorList
from sitebuilder.pipeline import BuildOptions, index_site

REPO_ROOT = Path(__file__).resolve().parents[2]


def page(title: str, extra: str = "", body: str = "Text.\n") -> str:
    return f"---\ntitle: {title}\ndescription: Om {title.lower()}.\n{extra}---\n\n{body}"


def service(step: int, extra: str = "") -> str:
    """A service's front matter; one at step 2 shows a form, as the build requires."""
    form = "form: prov\n" if step == 2 else ""
    return f"type: service\nladder_step: {step}\n{form}{extra}"


BY_PHONE = "alternatives:\n  - kind: phone\n    text: Ring 08-123 456 78.\n"
FORM = (
    "id: prov\ntitle: Prov\nrecipient: prov@test.example\nsubject: Prov\nsuccess: Tack.\n"
    "fields:\n  - name: val\n    type: radio\n    label: Vilket?\n    options: [A, B]\n"
)
SECTION = {"Omsorg/_index.md": page("Omsorg"), "forms/prov.yml": FORM}


def main_of(html: bytes) -> str:
    text = html.decode()
    return text[text.index("<main") : text.index("</main>")]


def service_box(html: bytes) -> str:
    text = html.decode()
    start = text.index('<section class="service-info"')
    return text[start : text.index("</section>", start)]


# -- 24. a section's landing page may be a service -----------------------------------------


def test_a_section_landing_page_may_be_a_service_with_sub_pages(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Omsorg/Hemtjänst/_index.md": page("Hemtjänst", service(2)),
            "Omsorg/Hemtjänst/Så ansöker du.md": page("Så ansöker du", "weight: 1\n"),
            "Omsorg/Hemtjänst/Avgifter.md": page("Avgifter", "weight: 2\n"),
        }
    )
    url = "/omsorg/hemtjanst/"
    landing = site.index.pages[url]
    assert (landing.kind, landing.meta.type) == ("section", "service")
    assert site.index.children[url] == (url + "sa-ansoker-du/", url + "avgifter/")
    html = site.files["omsorg/hemtjanst/index.html"]
    main = main_of(html)
    # The list of its sub-pages and the service box, both on the landing page.
    assert main.index('href="/omsorg/hemtjanst/sa-ansoker-du/"') < main.index("service-info")
    assert 'href="/omsorg/hemtjanst/avgifter/"' in main
    assert "<strong>Steg 2 av 4</strong>" in service_box(html)
    # Listed in the e-services catalogue like any service.
    assert site.index.services[2] == (url,)
    assert 'href="/omsorg/hemtjanst/"' in main_of(site.files["e-tjanster/index.html"])


def test_hemtjanst_in_the_sample_is_a_service_section_at_its_old_address(tmp_path: Path) -> None:
    errors = ErrorList()
    options = BuildOptions(content=REPO_ROOT / "content", out=tmp_path / "public")
    index = index_site(options, errors).index
    assert not errors, [e.format() for e in errors.items]
    landing = index.pages["/omsorg-och-stod/hemtjanst/"]
    assert (landing.kind, landing.meta.type, landing.meta.ladder_step) == ("section", "service", 2)
    assert index.children["/omsorg-och-stod/hemtjanst/"] == (
        "/omsorg-och-stod/hemtjanst/sa-ansoker-du-om-hemtjanst/",
        "/omsorg-och-stod/hemtjanst/avgifter-for-hemtjanst/",
    )
    assert "/omsorg-och-stod/hemtjanst/" in index.services[2]


# -- 29. the catalogue (steps 2-4) and the inventory (steps 1-4) ----------------------------


LADDER_SITE = {
    **SECTION,
    "Omsorg/Information.md": page("Information", service(1)),
    "Omsorg/Formulär.md": page("Formulär", service(2)),
    "Omsorg/Ansökan.md": page("Ansökan", service(3, BY_PHONE)),
    "Omsorg/Samverkan.md": page("Samverkan", service(4, BY_PHONE)),
}


def test_the_catalogue_lists_e_services_at_steps_2_to_4_not_information(make_scratch) -> None:
    site = make_scratch(LADDER_SITE)
    main = main_of(site.files["e-tjanster/index.html"])
    assert 'id="steg-1"' not in main
    assert "/omsorg/information/" not in main
    for step, url in ((2, "/omsorg/formular/"), (3, "/omsorg/ansokan/"), (4, "/omsorg/samverkan/")):
        group = main[main.index(f'id="steg-{step}"') :]
        assert f'href="{url}"' in group.split("</section>")[0]
    assert '<a href="/servicetrappan/">' in main


def test_the_inventory_lists_every_service_by_step_and_links_to_the_catalogue(
    make_scratch,
) -> None:
    site = make_scratch(LADDER_SITE)
    inventory = site.index.pages["/servicetrappan/"]
    assert (inventory.listing, inventory.title) == ("ladder", "Servicetrappan")
    main = main_of(site.files["servicetrappan/index.html"])
    order = [main.index(f'id="steg-{n}"') for n in (1, 2, 3, 4)]
    assert order == sorted(order)
    group_1 = main[order[0] : order[1]]
    assert 'href="/omsorg/information/"' in group_1
    assert '<a href="/e-tjanster/">' in main


def test_a_content_file_gives_the_inventory_its_title_and_introduction(make_scratch) -> None:
    site = make_scratch(
        {**LADDER_SITE, "Servicetrappan.md": page("Våra tjänster steg för steg", body="Intro.\n")}
    )
    main = main_of(site.files["servicetrappan/index.html"])
    assert "<h1>Våra tjänster steg för steg</h1>" in main
    assert main.index("Intro.") < main.index('id="steg-1"')


def test_a_step_1_service_box_links_to_the_inventory_others_to_the_catalogue(make_scratch) -> None:
    site = make_scratch(LADDER_SITE)
    assert '<a href="/servicetrappan/">Alla tjänster på servicetrappan</a>' in service_box(
        site.files["omsorg/information/index.html"]
    )
    assert '<a href="/e-tjanster/">Alla e-tjänster</a>' in service_box(
        site.files["omsorg/formular/index.html"]
    )


# -- 29. a service at step 3 or 4 says how to do it without e-legitimation ------------------


@pytest.mark.parametrize("step", [3, 4])
def test_a_service_at_step_3_or_4_without_alternatives_is_an_error(scratch_errors, step) -> None:
    errors = scratch_errors({**SECTION, "Omsorg/Ansökan.md": page("Ansökan", service(step))})
    assert errors == [
        f"Omsorg/Ansökan.md:5: error: a service at step {step} needs e-legitimation, which "
        "people with a samordningsnummer or protected identity cannot use; add "
        "`alternatives:` saying how to do it without (kind `paper`, `phone`, `visit` or "
        '`proxy`, and a `text`), e.g. `alternatives: [{kind: visit, text: "Besök '
        'kontaktcenter i kommunhuset, så hjälper vi dig."}]`'
    ]


def test_the_example_uses_the_services_own_phone_number(scratch_errors) -> None:
    contact = "contact:\n  name: Bygglovsenheten\n  phone: 08-123 456 78\n"
    errors = scratch_errors({**SECTION, "Omsorg/Bygglov.md": page("Bygglov", service(3, contact))})
    assert len(errors) == 1
    assert errors[0].startswith("Omsorg/Bygglov.md:5: error: a service at step 3 needs")
    assert errors[0].endswith(
        '`alternatives: [{kind: phone, text: "Ring 08-123 456 78, så skickar vi en blankett."}]`'
    )


def test_an_empty_list_of_alternatives_is_reported_at_its_line(scratch_errors) -> None:
    errors = scratch_errors(
        {**SECTION, "Omsorg/Ansökan.md": page("Ansökan", service(3, "alternatives: []\n"))}
    )
    assert len(errors) == 1 and errors[0].startswith("Omsorg/Ansökan.md:6: error: a service at")


def test_alternatives_are_shown_in_the_service_box(make_scratch) -> None:
    alternatives = (
        "alternatives:\n"
        "  - kind: paper\n    text: Skriv ut blanketten.\n"
        "    link: /omsorg/blankett.pdf\n    link_text: Blankett för ansökan (PDF)\n"
        "  - kind: phone\n    text: Ring 08-123 456 78.\n"
        "  - kind: visit\n    text: Besök kommunhuset.\n"
        "  - kind: proxy\n    text: Någon med fullmakt kan ansöka åt dig.\n"
        "    link: https://www.example.org/fullmakt\n    link_text: Om fullmakt\n"
    )
    site = make_scratch(
        {
            **SECTION,
            "Omsorg/Ansökan.md": page("Ansökan", service(3, alternatives)),
            "Omsorg/blankett.pdf": b"%PDF-1.4\n",
            "site.yml": "name: Testby kommun\nbase_url: https://test.example/webb\nlanguage: sv\n",
        }
    )
    box = service_box(site.files["omsorg/ansokan/index.html"])
    assert '<h3 class="service-info__subheading">Så gör du utan e-legitimation</h3>' in box
    assert (
        '<li><span class="service-info__label">Blankett:</span> Skriv ut blanketten. '
        '<a href="/webb/omsorg/blankett.pdf">Blankett för ansökan (PDF)</a></li>'
    ) in box
    assert (
        '<li><span class="service-info__label">Telefon:</span> '
        'Ring <a href="tel:+46812345678">08-123 456 78</a>.</li>'
    ) in box  # the number is a tel: link, to call it with a tap
    assert '<span class="service-info__label">Besök:</span> Besök kommunhuset.' in box
    assert '<a href="https://www.example.org/fullmakt">Om fullmakt</a>' in box
    # The heading says what the ways are for, before the contact details.
    assert box.index("Så gör du utan e-legitimation") < box.index("service-info__catalogue")


def test_alternatives_on_a_step_2_service_are_other_ways(make_scratch) -> None:
    site = make_scratch({**SECTION, "Omsorg/Formulär.md": page("Formulär", service(2, BY_PHONE))})
    box = service_box(site.files["omsorg/formular/index.html"])
    assert "Andra sätt att göra det" in box and "utan e-legitimation" not in box


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            "  - kind: phone\n    text: Ring oss.\n    link: /blanketter/\n    link_text: Blankett",
            "Omsorg/Ansökan.md:9: error: alternative 1: `link: /blanketter/` goes to no "
            "page on this site; check the address against the page's URL",
        ),
        (
            "  - kind: phone\n    text: Ring oss.\n    link: /omsorg/utkast/\n    link_text: Utkast",
            "Omsorg/Ansökan.md:9: error: alternative 1: `link: /omsorg/utkast/` goes to a draft "
            "(Omsorg/Utkast.md); publish it or choose another page",
        ),
        (
            "  - kind: phone\n    text: Ring oss.\n    link: /omsorg/\n    link_text: Läs mer",
            "Omsorg/Ansökan.md:10: error: alternative 1: link text `Läs mer` does not say where "
            "the link goes (WCAG 2.4.4); name the target, e.g. "
            "`link_text: Blankett för ansökan (PDF)`",
        ),
        (
            "  - kind: phone\n    text: Ring oss.\n    link: /omsorg/",
            "Omsorg/Ansökan.md:7: error: alternative 1: `link` needs `link_text`, the words to "
            "link, e.g. `link_text: Blankett för ansökan (PDF)`",
        ),
    ],
    ids=["no-such-page", "draft", "vague-text", "no-link-text"],
)
def test_a_link_in_alternatives_is_checked_like_a_link_in_the_text(
    scratch_errors, entry: str, error: str
) -> None:
    errors = scratch_errors(
        {
            **SECTION,
            "Omsorg/Utkast.md": page("Utkast", "draft: true\n"),
            "Omsorg/Ansökan.md": page("Ansökan", service(3, "alternatives:\n" + entry + "\n")),
        }
    )
    assert errors == [error]


def test_alternatives_are_only_for_service_pages(scratch_errors) -> None:
    errors = scratch_errors({**SECTION, "Omsorg/Sida.md": page("Sida", BY_PHONE)})
    assert errors == [
        "Omsorg/Sida.md:4: error: `alternatives` is only for `type: service` pages; remove it"
    ]


def test_every_sample_service_at_step_3_or_4_has_alternatives(tmp_path: Path) -> None:
    errors = ErrorList()
    options = BuildOptions(content=REPO_ROOT / "content", out=tmp_path / "public")
    index = index_site(options, errors).index
    e_id = [p for p in index.pages.values() if p.meta.ladder_step in (3, 4)]
    assert len(e_id) >= 10
    assert all(p.meta.alternatives for p in e_id)
    assert {a.kind for p in e_id for a in p.meta.alternatives or ()} == {
        "paper",
        "phone",
        "visit",
        "proxy",
    }


# -- a step 2 service, and text that sends the resident to a form, have a form ----------------

STEP_2 = "type: service\nladder_step: 2\n"


def test_a_step_2_service_without_a_form_is_an_error(scratch_errors) -> None:
    errors = scratch_errors({**SECTION, "Omsorg/Kulturskola.md": page("Kulturskola", STEP_2)})
    assert errors == [
        "Omsorg/Kulturskola.md:5: error: a service at step 2 (simple interaction without "
        "logging in) is listed under E-tjänster, but this page shows no form and links to no "
        "page that does; add `form: <id>` with a form from content/forms/, link to the page "
        "that shows it, or, if residents cannot do it on the site, set `ladder_step: 1`"
    ]


def test_a_step_2_service_may_link_to_the_page_that_shows_its_form(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Omsorg/Hemtjänst/_index.md": page(
                "Hemtjänst", STEP_2, "Läs [så ansöker du](/omsorg/hemtjanst/sa-ansoker-du/).\n"
            ),
            "Omsorg/Hemtjänst/Så ansöker du.md": page("Så ansöker du", "form: prov\n"),
        }
    )
    assert "/omsorg/hemtjanst/" in site.index.services[2]


def test_text_that_sends_the_resident_to_a_form_on_a_page_without_one_is_an_error(
    scratch_errors,
) -> None:
    body = "## Så gör du\n\n1. Fyll i formuläret nedan.\n2. Du kan också ringa oss.\n"
    errors = scratch_errors({**SECTION, "Omsorg/Anmälan.md": page("Anmälan", body=body)})
    assert errors == [
        "Omsorg/Anmälan.md:8: error: `Fyll i formuläret` tells the resident to use a form, but "
        "this page shows none; add `form: <id>` to the front matter, link to the page that "
        "shows the form on the same line, or say how to do it instead (by phone, by email, a "
        "paper form to download)"
    ]


def test_a_form_promise_is_kept_by_the_page_s_form_or_a_link_on_its_line(make_scratch) -> None:
    make_scratch(
        {
            **SECTION,
            "Omsorg/Med formulär.md": page("Med formulär", "form: prov\n", "Fyll i formuläret.\n"),
            "Omsorg/Hänvisning.md": page(
                "Hänvisning",
                body="Fyll i formuläret på [sidan med formuläret](<Med formulär.md>).\n",
            ),
        }
    )


def test_the_service_box_shows_its_parts_in_the_order_the_readme_gives(make_scratch) -> None:
    readme = " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert (
        "The service box comes below the page's text and its form. It shows, in this order: "
        "the step on the service ladder (all four steps, this one marked), the department "
        "responsible (`owner`), the ways to do it without e-legitimation (`alternatives`), "
        "the contact details (`contact`), and a link to E-tjänster (at step 1, to "
        "Servicetrappan)."
    ) in readme
    extra = (
        "owner: Omsorgsförvaltningen\ncontact:\n  name: Biståndsenheten\n"
        "  phone: 08-123 456 78\n" + BY_PHONE
    )
    site = make_scratch({**SECTION, "Omsorg/Ansökan.md": page("Ansökan", service(3, extra))})
    html = site.files["omsorg/ansokan/index.html"].decode()
    main = html[html.index("<main") :]
    parts = [
        main.index('<div class="prose">'),
        main.index('<section class="service-info"'),
        main.index("service-info__step"),
        main.index("service-info__owner"),
        main.index("Så gör du utan e-legitimation"),
        main.index("service-info__contact"),
        main.index("service-info__catalogue"),
    ]
    assert parts == sorted(parts)
