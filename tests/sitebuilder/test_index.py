"""Stage 3, index: URLs from Swedish names, sections, navigation, listings and aliases."""

from __future__ import annotations

from pathlib import Path

from sitebuilder.errors import ErrorList
from sitebuilder.pipeline import BuildOptions, index_site


def page(title: str, extra: str = "", body: str = "Text.\n") -> str:
    return f"---\ntitle: {title}\ndescription: Om {title.lower()}.\n{extra}---\n\n{body}"


SECTION = {"Bygga, bo och miljö/_index.md": page("Bygga, bo och miljö")}
# A service at step 3 or 4 must say how to do without e-legitimation.
BY_PHONE = "alternatives: [{kind: phone, text: Ring oss.}]\n"


def test_urls_come_from_swedish_folder_and_file_names(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/Klagomål på buller, lukt och andra störningar.md": page(
                "Klagomål"
            ),
            "Bygga, bo och miljö/Avfall och återvinning.md": page("Avfall"),
        }
    )
    assert {
        "/",
        "/bygga-bo-och-miljo/",
        "/bygga-bo-och-miljo/avfall-och-atervinning/",
        "/bygga-bo-och-miljo/klagomal-pa-buller-lukt-och-andra-storningar/",
    } <= set(site.index.pages)
    assert "bygga-bo-och-miljo/avfall-och-atervinning/index.html" in site.files


def test_decomposed_file_names_give_the_same_urls(make_scratch) -> None:
    site = make_scratch(
        {
            "Omsorg och sto\u0308d/_index.md": page("Omsorg och stöd"),
            "Omsorg och sto\u0308d/Fa\u0308rdtja\u0308nst.md": page("Färdtjänst"),
        }
    )
    assert "/omsorg-och-stod/fardtjanst/" in site.index.pages


def test_slug_overrides_a_page_url_and_an_index_slug_renames_its_folder(make_scratch) -> None:
    site = make_scratch(
        {
            "Bygga, bo och miljö/_index.md": page("Bygga", "slug: bygga\n"),
            "Bygga, bo och miljö/Ansök om bygglov.md": page("Bygglov", "slug: bygglov\n"),
            "Bygga, bo och miljö/Strandskydd.md": page("Strandskydd"),
        }
    )
    assert {"/bygga/", "/bygga/bygglov/", "/bygga/strandskydd/"} <= set(site.index.pages)
    assert not any(url.startswith("/bygga-bo-och-miljo/") for url in site.index.pages)


def test_children_are_ordered_by_weight_then_swedish_title(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/a.md": page("Öppna ytor"),
            "Bygga, bo och miljö/b.md": page("Zonplan"),
            "Bygga, bo och miljö/c.md": page("Ängar"),
            "Bygga, bo och miljö/d.md": page("avfall"),
            "Bygga, bo och miljö/e.md": page("Viktigast", "weight: -1\n"),
            "Bygga, bo och miljö/f.md": page("Allra sist", "weight: 10\n"),
        }
    )
    titles = [site.index.pages[u].title for u in site.index.children["/bygga-bo-och-miljo/"]]
    # Weighted pages first, by weight; then the pages without a weight, in Swedish title order.
    assert titles == ["Viktigast", "Allra sist", "avfall", "Zonplan", "Ängar", "Öppna ytor"]


def test_a_new_page_without_weight_comes_after_the_weighted_pages(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/Bygglov.md": page("Bygglov", "weight: 10\n"),
            "Bygga, bo och miljö/Strandskydd.md": page("Strandskydd", "weight: 20\n"),
            "Bygga, bo och miljö/Nollställd.md": page("Nollställd", "weight: 0\n"),
            # A page added later, in the first place of the alphabet, with no weight:
            "Bygga, bo och miljö/Avlopp.md": page("Avlopp"),
        }
    )
    titles = [site.index.pages[u].title for u in site.index.children["/bygga-bo-och-miljo/"]]
    assert titles == ["Nollställd", "Bygglov", "Strandskydd", "Avlopp"]
    assert site.index.pages["/bygga-bo-och-miljo/avlopp/"].meta.weight is None


def test_breadcrumbs_list_the_ancestors_home_first(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/Avlopp/_index.md": page("Avlopp"),
            "Bygga, bo och miljö/Avlopp/Enskilt avlopp.md": page("Enskilt avlopp"),
        }
    )
    trail = site.index.breadcrumbs("/bygga-bo-och-miljo/avlopp/enskilt-avlopp/")
    assert [p.url for p in trail] == ["/", "/bygga-bo-och-miljo/", "/bygga-bo-och-miljo/avlopp/"]


def test_nav_follows_site_yml_order(make_scratch) -> None:
    site = make_scratch(
        {
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "nav:\n  - Trafik och gator\n  - Bygga, bo och miljö\n",
            **SECTION,
            "Trafik och gator/_index.md": page("Trafik och gator"),
            "Kultur och fritid/_index.md": page("Kultur och fritid"),
        }
    )
    assert site.index.nav == ("/trafik-och-gator/", "/bygga-bo-och-miljo/")


def test_nav_defaults_to_every_top_level_section_by_weight_and_title(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Trafik och gator/_index.md": page("Trafik och gator", "weight: -1\n"),
            "Kultur och fritid/_index.md": page("Kultur och fritid", "weight: 5\n"),
            "Lös sida.md": page("Lös sida"),
        }
    )
    # Weighted sections by weight, then the unweighted one (Bygga, bo och miljö).
    assert site.index.nav == ("/trafik-och-gator/", "/kultur-och-fritid/", "/bygga-bo-och-miljo/")


def test_news_are_newest_first(make_scratch) -> None:
    site = make_scratch(
        {
            "Nyheter/_index.md": page("Nyheter"),
            "Nyheter/a.md": page("Äldst", "type: news\ndate: 2026-01-05\n"),
            "Nyheter/b.md": page("Nyast", "type: news\ndate: 2026-11-20\n"),
            "Nyheter/c.md": page("Mitten", "type: news\ndate: 2026-06-01\n"),
        }
    )
    assert [site.index.pages[u].title for u in site.index.news] == ["Nyast", "Mitten", "Äldst"]


def test_services_are_grouped_by_ladder_step(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/Bygglov.md": page(
                "Bygglov", f"type: service\nladder_step: 3\n{BY_PHONE}"
            ),
            "Bygga, bo och miljö/Avfall.md": page("Avfall", "type: service\nladder_step: 1\n"),
            "Bygga, bo och miljö/Anmälan.md": page(
                "Anmälan", f"type: service\nladder_step: 3\n{BY_PHONE}"
            ),
            "Bygga, bo och miljö/Strandskydd.md": page("Strandskydd"),
        }
    )
    assert site.index.services == {
        1: ("/bygga-bo-och-miljo/avfall/",),
        3: ("/bygga-bo-och-miljo/anmalan/", "/bygga-bo-och-miljo/bygglov/"),
    }


def test_a_to_o_groups_pages_by_swedish_initial_without_news_or_home(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/a.md": page("Överförmyndare"),
            "Bygga, bo och miljö/b.md": page("Återvinning"),
            "Bygga, bo och miljö/c.md": page("Äldreomsorg"),
            "Bygga, bo och miljö/d.md": page("Zon"),
            "Bygga, bo och miljö/e.md": page("bygglov"),
            "Nyheter/_index.md": page("Nyheter"),
            "Nyheter/f.md": page("Ny park", "type: news\ndate: 2026-01-05\n"),
        }
    )
    letters = [letter for letter, _ in site.index.a_z]
    assert letters[-4:] == ["Z", "Å", "Ä", "Ö"]
    titles = {site.index.pages[u].title for _, urls in site.index.a_z for u in urls}
    assert "Ny park" not in titles
    assert site.index.pages["/"].title not in titles
    by_letter = dict(site.index.a_z)
    assert [site.index.pages[u].title for u in by_letter["B"]] == ["Bygga, bo och miljö", "bygglov"]


def test_generated_listings_exist_without_content_files(make_scratch) -> None:
    site = make_scratch()
    for url in ("/a-o/", "/e-tjanster/", "/nyheter/"):
        assert site.index.pages[url].listing is not None
        assert site.index.pages[url].title


def test_a_content_file_at_a_listing_url_gives_its_title(make_scratch) -> None:
    site = make_scratch({"E-tjänster.md": page("Våra e-tjänster")})
    assert site.index.pages["/e-tjanster/"].title == "Våra e-tjänster"
    assert site.index.pages["/e-tjanster/"].listing == "services"


def test_assets_get_slugified_urls_below_their_section(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "Bygga, bo och miljö/bilder/Karta över centrum.PNG": b"\x89PNG",
            "bilder/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    assert site.copies.keys() == {
        "bygga-bo-och-miljo/bilder/karta-over-centrum.png",
        "bilder/logo.svg",
    }


def test_rejects_two_assets_with_the_same_url(scratch_errors) -> None:
    errors = scratch_errors({"bilder/Karta.png": b"1", "bilder/karta.png": b"2"})
    assert errors == [
        "bilder/karta.png:1: error: the URL /bilder/karta.png comes from both bilder/Karta.png "
        "and bilder/karta.png; rename one"
    ]


def test_drafts_are_left_out_unless_asked_for(make_scratch) -> None:
    files = {**SECTION, "Bygga, bo och miljö/Nytt.md": page("Nytt", "draft: true\n")}
    assert "/bygga-bo-och-miljo/nytt/" not in make_scratch(files).index.pages
    assert "/bygga-bo-och-miljo/nytt/" in make_scratch(files, drafts=True).index.pages


def test_a_draft_section_hides_its_pages(make_scratch) -> None:
    files = {
        "Bygga, bo och miljö/_index.md": page("Bygga, bo och miljö", "draft: true\n"),
        "Bygga, bo och miljö/Bygglov.md": page("Bygglov"),
    }
    hidden = make_scratch(files)
    assert not any(url.startswith("/bygga-bo-och-miljo/") for url in hidden.index.pages)
    assert not any(path.startswith("bygga-bo-och-miljo/") for path in hidden.files)
    shown = make_scratch(files, drafts=True)
    assert "bygga-bo-och-miljo/bygglov/index.html" in shown.files


def test_footer_links_point_to_the_configured_pages(make_scratch) -> None:
    site = make_scratch(
        {
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "accessibility_statement: Om webbplatsen/Tillgänglighetsredogörelse.md\n"
            "privacy_page: Om webbplatsen/Personuppgifter.md\n",
            "Om webbplatsen/_index.md": page("Om webbplatsen"),
            "Om webbplatsen/Tillgänglighetsredogörelse.md": page("Tillgänglighetsredogörelse"),
            "Om webbplatsen/Personuppgifter.md": page("Personuppgifter"),
        }
    )
    assert site.index.footer == {
        "accessibility_statement": "/om-webbplatsen/tillganglighetsredogorelse/",
        "privacy_page": "/om-webbplatsen/personuppgifter/",
    }


def test_footer_page_that_does_not_exist_is_reported_at_its_line(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "privacy_page: Personuppgifter.md\n"
        }
    )
    assert errors == [
        "site.yml:4: error: privacy_page: 'Personuppgifter.md' is not a page under content/; "
        "give the file's path relative to content/"
    ]


def test_logo_must_be_a_file_under_content(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "logo: bilder/logga.svg\n"
        }
    )
    assert errors == [
        "site.yml:4: error: logo 'bilder/logga.svg' is not a file under content/; give its path "
        "relative to content/"
    ]


def test_aliases_map_old_urls_to_the_page(make_scratch) -> None:
    site = make_scratch(
        {"Bygglov.md": page("Bygglov", 'aliases: ["/bygglov-gammal", "/gamla/bygg.html"]\n')}
    )
    assert site.index.aliases == {"/bygglov-gammal/": "/bygglov/", "/gamla/bygg.html": "/bygglov/"}


def test_rejects_the_same_alias_on_two_pages(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "A.md": page("A", 'aliases: ["/gammal/"]\n'),
            "B.md": page("B", 'aliases: ["/gammal/"]\n'),
        }
    )
    assert errors == ["B.md:4: error: alias /gammal/ is also an alias of A.md; keep it on one page"]


def test_rejects_alias_that_would_overwrite_a_page_file(scratch_errors) -> None:
    # Without the check the redirect page silently replaces B's page in the output.
    errors = scratch_errors(
        {
            "A.md": page("A", 'aliases: ["/b/index.html"]\n'),
            "B.md": page("B"),
        }
    )
    assert errors == [
        "A.md:4: error: alias /b/index.html is already the address of a page or file; "
        "remove the alias"
    ]


def test_rejects_alias_that_would_overwrite_a_generated_file(scratch_errors) -> None:
    # Without the check the alias is silently dropped: the generated file wins.
    errors = scratch_errors({"A.md": page("A", 'aliases: ["/robots.txt", "/sitemap.xml"]\n')})
    assert errors == [
        "A.md:4: error: alias /robots.txt is a file the build generates; remove the alias",
        "A.md:4: error: alias /sitemap.xml is a file the build generates; remove the alias",
    ]


def test_rejects_a_slug_that_clashes_with_another_page_naming_both_files(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Ansök om bygglov.md": page("Ansök om bygglov", "slug: bygglov\n"),
            "Bygglov.md": page("Bygglov"),
        }
    )
    assert errors == [
        "Bygglov.md:1: error: the URL /bygglov/ comes from both Ansök om bygglov.md and "
        "Bygglov.md; rename one file or give it a different `slug:`"
    ]


def test_rejects_a_section_and_a_page_with_the_same_url(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Bygglov/_index.md": page("Bygglov"),
            "Bygglov.md": page("Bygglov"),
        }
    )
    assert errors == [
        "Bygglov.md:1: error: the URL /bygglov/ comes from both Bygglov/_index.md and "
        "Bygglov.md; rename one file or give it a different `slug:`"
    ]


def test_rejects_a_file_that_would_replace_a_generated_file(scratch_errors) -> None:
    # Otherwise content/robots.txt silently replaces the generated robots.txt (two sources,
    # one output path).
    errors = scratch_errors({"robots.txt": "User-agent: *\nDisallow: /\n"})
    assert errors == [
        "robots.txt:1: error: the URL /robots.txt is a file the build generates; rename or "
        "move this file"
    ]


def test_page_with_front_matter_errors_keeps_its_place_with_its_valid_keys(
    scratch_site, tmp_path: Path
) -> None:
    content = scratch_site(
        {
            "Kultur/_index.md": page("Kultur", "typ: page\n"),
            "Kultur/Bibliotek.md": (
                "---\ndescription: Böcker.\nowner: Kulturförvaltningen\nweight: tjugo\n---\n\nText.\n"
            ),
            "Kultur/Arkiv.md": page("Arkiv", "weight: 5\n"),
            "Kultur/Utkast.md": page("Utkast", "draft: true\nvikt: 2\n"),
        }
    )
    errors = ErrorList()
    index = index_site(BuildOptions(content=content, out=tmp_path / "public"), errors).index
    bibliotek = index.pages["/kultur/bibliotek/"]
    assert (bibliotek.title, bibliotek.meta.description) == ("Bibliotek", "Böcker.")
    assert (bibliotek.meta.owner, bibliotek.meta.weight) == ("Kulturförvaltningen", None)
    assert bibliotek.parent == "/kultur/" and index.pages["/kultur/"].title == "Kultur"
    assert index.children["/kultur/"] == ("/kultur/arkiv/", "/kultur/bibliotek/")
    assert "/kultur/" in index.nav
    # A draft with an error is still a draft: left out, not published by accident.
    assert "/kultur/utkast/" not in index.pages
    assert [e.format().replace(f"{content}/", "") for e in sorted(errors.items)] == [
        "Kultur/Bibliotek.md:1: error: `title` is required; add a line `title: Bibliotek` to "
        "the front matter",
        "Kultur/Bibliotek.md:4: error: `weight` must be a whole number, not 'tjugo'",
        "Kultur/Utkast.md:5: error: unknown key `vikt`; did you mean `weight`?",
        "Kultur/_index.md:4: error: unknown key `typ`; did you mean `type`?",
    ]
