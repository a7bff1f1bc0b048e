"""Stage 4b, links: every internal link and anchor must land on something that is published."""

from __future__ import annotations

SECTION = {"Bygga, bo och miljö/_index.md": "---\ntitle: Bygga\ndescription: Bygga.\n---\n"}
BYGGLOV = (
    "---\ntitle: Bygglov\ndescription: Om bygglov.\naliases: [/bygglov/]\n---\n\n"
    "## Så ansöker du\n\nText.\n"
)


def with_link(markdown: str) -> dict[str, str]:
    return {
        **SECTION,
        "Bygga, bo och miljö/Bygglov.md": BYGGLOV,
        "Bygga, bo och miljö/Strandskydd.md": (
            f"---\ntitle: Strandskydd\ndescription: Om strandskydd.\n---\n\n## Regler\n\n{markdown}\n"
        ),
    }


def test_accepts_links_to_pages_headings_aliases_assets_and_generated_files(make_scratch) -> None:
    site = make_scratch(
        {
            **with_link(
                "[a](/bygga-bo-och-miljo/bygglov/#sa-ansoker-du) [b](#regler) [c](/bygglov/) "
                "[d](/bygga-bo-och-miljo/bygglov) [e](/bilder/karta.png) [f](/nyheter/feed.xml) "
                "[g](/sitemap.xml) [h](/a-o/) [i](/e-tjanster/) [j](/nyheter/)"
            ),
            "bilder/karta.png": b"\x89PNG",
        }
    )
    assert "bygga-bo-och-miljo/strandskydd/index.html" in site.files


def test_rejects_link_to_no_page_and_suggests_the_closest(scratch_errors) -> None:
    errors = scratch_errors(with_link("[bygglov](/bygga-bo-och-miljo/byglov/)"))
    assert len(errors) == 1
    assert errors[0].startswith(
        "Bygga, bo och miljö/Strandskydd.md:8: error: link `/bygga-bo-och-miljo/byglov/` "
    )
    assert "no page on this site" in errors[0]
    assert errors[0].endswith("; did you mean /bygga-bo-och-miljo/bygglov/?")


def test_rejects_link_to_a_missing_heading_on_the_same_page(scratch_errors) -> None:
    errors = scratch_errors(with_link("[regler](#regel)"))
    assert errors == [
        "Bygga, bo och miljö/Strandskydd.md:8: error: link `#regel`: "
        "/bygga-bo-och-miljo/strandskydd/ has no heading with id `regel`; did you mean #regler?"
    ]


def test_relative_link_to_a_draft_names_the_draft(scratch_errors) -> None:
    files = with_link("[nytt](Nytt.md)")
    files["Bygga, bo och miljö/Nytt.md"] = "---\ntitle: Nytt\ndescription: N.\ndraft: true\n---\n"
    errors = scratch_errors(files)
    assert len(errors) == 1
    assert errors[0].startswith(
        "Bygga, bo och miljö/Strandskydd.md:8: error: link `Nytt.md` goes to a draft ("
    )
    assert errors[0].endswith("Bygga, bo och miljö/Nytt.md); publish it or remove the link")


def test_link_to_a_draft_is_fine_when_drafts_are_built(make_scratch) -> None:
    files = with_link("[nytt](/bygga-bo-och-miljo/nytt/)")
    files["Bygga, bo och miljö/Nytt.md"] = "---\ntitle: Nytt\ndescription: N.\ndraft: true\n---\n"
    site = make_scratch(files, drafts=True)
    assert "bygga-bo-och-miljo/nytt/index.html" in site.files


def test_every_bad_link_is_reported_not_just_the_first(scratch_errors) -> None:
    errors = scratch_errors(with_link("[a](/saknas-a/) [b](/saknas-b/)\n\n[c](#saknas-c)"))
    assert len(errors) == 3
    assert [e.split(":")[1] for e in errors] == ["8", "8", "10"]


def test_accepts_links_to_ids_the_listings_generate(make_scratch) -> None:
    # The E-tjänster page has a section per ladder step (#steg-1 ... #steg-4) and A–Ö one per
    # letter (#bokstav-b); those ids are in the published pages, so links to them are fine.
    site = make_scratch(with_link("[steg 3](/e-tjanster/#steg-3) och [B i A–Ö](/a-o/#bokstav-b)"))
    html = site.files["e-tjanster/index.html"].decode()
    assert 'id="steg-3"' in html


# -- site paths written in settings ----------------------------------------------------------

KONTAKT = {
    "Kontakt.md": "---\ntitle: Kontakt\ndescription: Kontakt.\n---\n\n## Öppettider\n\nText.\n",
}


def test_a_site_path_in_contact_url_is_checked_like_a_link(scratch_errors) -> None:
    errors = scratch_errors(
        {
            **KONTAKT,
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "contact:\n  url: /kontkat/\n",
            "Tjänst.md": "---\ntitle: Tjänst\ndescription: Tjänst.\ntype: service\n"
            "ladder_step: 1\ncontact:\n  name: Enheten\n  url: /kontakt/#oppettid\n---\n\nText.\n",
        }
    )
    assert errors == [
        "Tjänst.md:8: error: contact: `url: /kontakt/#oppettid`: /kontakt/ has no heading "
        "with id `oppettid`; did you mean #oppettider?",
        "site.yml:5: error: contact: `url: /kontkat/` goes to no page on this site; "
        "did you mean /kontakt/?",
    ]


def test_a_site_path_in_privacy_more_is_checked_like_a_link(scratch_errors) -> None:
    form = (
        "id: prov\ntitle: Prov\nrecipient: prov@test.example\nsubject: Prov\nsuccess: Tack.\n"
        "privacy:\n  purpose: Svara.\n  legal_basis: Allmänt intresse.\n  recipients: Vi.\n"
        "  retention: Ett år.\n  protected_identity: Ring oss.\n  more: /personuppgifer/\n"
        "fields:\n  - name: epost\n    type: email\n    label: E-post\n"
    )
    errors = scratch_errors(
        {
            "Personuppgifter.md": "---\ntitle: Personuppgifter\ndescription: P.\n---\n\nText.\n",
            "forms/prov.yml": form,
        }
    )
    assert errors == [
        "forms/prov.yml:12: error: privacy: `more: /personuppgifer/` goes to no page on this "
        "site; did you mean /personuppgifter/?"
    ]


def test_an_unchanged_setting_is_checked_again_when_its_target_goes(scratch_site, tmp_path):
    """The incremental build checks settings' paths every time, as it does the text's links."""
    import pytest

    from sitebuilder.errors import BuildFailed
    from sitebuilder.pipeline import BuildOptions, build

    content = scratch_site(
        {
            **KONTAKT,
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            "contact:\n  url: /kontakt/\n",
        }
    )
    options = BuildOptions(content=content, out=tmp_path / "public")
    build(options)
    (content / "Kontakt.md").unlink()
    with pytest.raises(BuildFailed) as failed:
        build(options)
    assert [e.format().replace(f"{content}/", "") for e in failed.value.errors] == [
        "site.yml:5: error: contact: `url: /kontakt/` goes to no page on this site; "
        "check the address against the page's URL"
    ]


def test_contact_url_paths_are_linked_below_the_base_path(make_scratch) -> None:
    site = make_scratch(
        {
            **KONTAKT,
            "site.yml": "name: Testby kommun\nbase_url: https://test.example/kommun\n"
            "language: sv\ncontact:\n  url: /kontakt/\n",
            "Tjänst.md": "---\ntitle: Tjänst\ndescription: Tjänst.\ntype: service\n"
            "ladder_step: 1\ncontact:\n  url: /kontakt/#oppettider\n---\n\nText.\n",
        }
    )
    page = site.files["tjanst/index.html"].decode()
    footer = page[page.index('<footer class="site-footer"') :]
    box = page[page.index('<section class="service-info"') : page.index("</section>")]
    assert '<a href="/kommun/kontakt/">https://test.example/kommun/kontakt/</a>' in footer
    assert (
        '<a href="/kommun/kontakt/#oppettider">https://test.example/kommun/kontakt/#oppettider</a>'
        in box
    )
