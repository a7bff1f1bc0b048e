"""/sok/: the search entry page the build generates, its box pointing at the endpoint."""

from __future__ import annotations

import pytest


def _search_form(site, parse_html, output: str = "sok/index.html"):
    doc = parse_html(site.files[output].decode())
    (form,) = [
        f
        for f in doc.find_all("form")
        if f.get("role") == "search" and "search-box--large" in f.get("class", "")
    ]
    return doc, form


def test_the_build_generates_a_search_page(make_scratch, parse_html) -> None:
    site = make_scratch()
    doc, form = _search_form(site, parse_html)
    assert form.get("action") == "/api/search" and form.get("method") == "get"
    assert doc.find_all("h1")[0].text == "Sök"
    (field,) = doc.find_all("input", name="q")
    assert doc.find_all("label", **{"for": field.get("id")})
    assert doc.find_all("input", type="hidden", name="lang", value="sv")
    scripts = [s.get("src") for s in doc.find_all("script")]
    assert len(scripts) == 1 and scripts[0].startswith("/assets/search.")
    assert "/sok/" in {p.url for p in site.index.pages.values()}


def test_an_editor_page_at_sok_gives_title_and_popular_tasks(make_scratch, parse_html) -> None:
    site = make_scratch(
        {
            "Sök.md": """\
            ---
            title: Sök hos oss
            description: Sök, eller välj ett vanligt ärende.
            ---

            ## Vanliga ärenden

            - [Bygglov](/bygglov/)
            """,
            "Bygglov.md": "---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n\nText.\n",
        }
    )
    doc, _ = _search_form(site, parse_html)
    assert doc.find_all("h1")[0].text == "Sök hos oss"
    assert "/bygglov/" in {a.get("href") for a in doc.find_all("a")}


@pytest.mark.parametrize(
    ("site_yml_extra", "action"),
    [
        ("", "/api/search"),
        ("forms_endpoint: /tjanster/api/forms\n", "/tjanster/api/search"),
        (
            "forms_endpoint: https://forms.kommun.example/api/forms\n",
            "https://forms.kommun.example/api/search",
        ),
    ],
)
def test_the_box_follows_the_forms_endpoint(
    make_scratch, parse_html, site_yml_extra, action
) -> None:
    site_yml = (
        "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n" + site_yml_extra
    )
    site = make_scratch({"site.yml": site_yml})
    _, form = _search_form(site, parse_html)
    assert form.get("action") == action


def test_a_site_below_a_base_path_searches_below_it(make_scratch, parse_html) -> None:
    site_yml = "name: Testby kommun\nbase_url: https://test.example/kommun\nlanguage: sv\n"
    site = make_scratch({"site.yml": site_yml})
    doc, form = _search_form(site, parse_html)
    assert form.get("action") == "/kommun/api/search"
    assert doc.find_all("script")[0].get("src").startswith("/kommun/assets/search.")
