"""The endpoint's pages say what is missing and what to do: a receipt that is not there, a
post address opened in the browser, an address that does not exist. All in the site's look."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


def page_of(parse_html, response):
    html = response.get_data(as_text=True)
    page = parse_html(html)
    return html, page


def assert_site_look(page, html: str) -> None:
    assert page.find_all("html")[0].get("lang") == "sv"
    assert page.find_all("link", rel="stylesheet")
    assert page.find_all("meta", name="robots")[0].get("content") == "noindex"
    assert "Testby kommun" in html


def hrefs(page) -> list[str]:
    """The links in the page's main content (not the header's or footer's)."""
    return [a.get("href") for a in page.find_all("a") if "main" in a.parents]


@pytest.mark.parametrize("ref", ["ABCDEFGH", "abcdefgh", "ABCDEF01", "A" * 300, "K7QM%00"])
def test_an_unknown_receipt_says_the_receipt_is_missing_not_the_form(client, parse_html, ref):
    response = client.get(f"/api/forms/kort/receipt/{ref}")

    assert response.status_code == 404
    html, page = page_of(parse_html, response)
    assert_site_look(page, html)
    assert "Formuläret finns inte" not in html
    assert page.find_all("h1")[0].text == "Vi hittar inget kvitto med det referensnumret"
    assert "Kort fråga" in html and "åtta tecken" in html and "Kontakta oss" in html
    assert hrefs(page) == ["/kort-fraga/", "/"]  # back to the form, and home
    assert ref not in html  # what was typed is not echoed


def test_another_forms_reference_is_a_missing_receipt_too(client, submit, parse_html):
    ref = submit(client, "kort", {"meddelande": "Hej"})

    response = client.get(f"/api/forms/felanmalan/receipt/{ref}")

    assert response.status_code == 404
    assert "Vi hittar inget kvitto" in response.get_data(as_text=True)


def test_the_receipt_of_an_unknown_form_says_the_form_does_not_exist(client):
    response = client.get("/api/forms/finns-inte/receipt/ABCDEFGH")

    assert response.status_code == 404
    assert "Formuläret finns inte" in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_opening_a_post_address_says_where_the_form_is(client, parse_html, method):
    response = client.open("/api/forms/kort", method=method)

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    if method == "HEAD":
        return
    html, page = page_of(parse_html, response)
    assert_site_look(page, html)
    assert page.find_all("h1")[0].text == "Formuläret fylls i på webbplatsen"
    assert "”Kort fråga”" in html
    links = {a.get("href"): a.text for a in page.find_all("a") if "main" in a.parents}
    assert links == {"/kort-fraga/": "Kort fråga", "/": "Startsida"}


def test_opening_the_post_address_of_a_form_on_no_page_points_home(make_app, site_dir, parse_html):
    (site_dir / "Kort fråga.md").unlink()
    client = make_app().test_client()

    response = client.get("/api/forms/kort")

    assert response.status_code == 405
    html, page = page_of(parse_html, response)
    assert "Gå till startsidan och leta upp formuläret ”Kort fråga”" in html
    assert hrefs(page) == ["/"]


def test_opening_the_post_address_of_an_unknown_form_says_it_does_not_exist(client):
    response = client.get("/api/forms/finns-inte")

    assert response.status_code == 404
    assert "Formuläret finns inte" in response.get_data(as_text=True)


def test_another_method_on_another_address_gets_a_page_of_its_own(client, parse_html):
    response = client.post("/api/health")

    assert response.status_code == 405
    html, page = page_of(parse_html, response)
    assert_site_look(page, html)
    assert page.find_all("h1")[0].text == "Adressen kan inte användas så"


def test_an_unknown_api_address_is_a_missing_page_not_a_missing_form(client, parse_html):
    response = client.get("/api/nothing-here")

    assert response.status_code == 404
    html, page = page_of(parse_html, response)
    assert_site_look(page, html)
    assert page.find_all("h1")[0].text == "Sidan kunde inte hittas"


def test_the_endpoints_pages_are_in_english_too():
    """Every page string the endpoint added exists in both languages, with the same
    placeholders."""
    sv = yaml.safe_load((REPO_ROOT / "theme/strings/sv.yml").read_text())["forms"]
    en = yaml.safe_load((REPO_ROOT / "theme/strings/en.yml").read_text())["forms"]
    for key in ("receipt_missing", "post_only", "post_only_nowhere", "method_not_allowed"):
        assert set(sv[key]) == set(en[key]), key
        for part in sv[key]:
            assert ("{form}" in sv[key][part]) == ("{form}" in en[key][part]), (key, part)


def test_the_endpoints_pages_have_the_sites_header_with_search_and_menu(client, submit, parse_html):
    """The endpoint renders through the theme's base layout: the same header as every page
    of the site (issue 9, items 1 and 8), on an error page, a form shown again and a receipt."""
    ref = submit(client, "kort", {"meddelande": "Hej"})
    for response in (
        client.get("/api/finns-inte"),
        client.post("/api/forms/kort", data={}),
        client.get(f"/api/forms/kort/receipt/{ref}"),
    ):
        _, page = page_of(parse_html, response)
        (search,) = page.find_all("form", role="search")
        assert "header" in search.parents
        assert (search.get("action"), search.get("method")) == ("/api/search", "get")
        assert [s.text for s in page.find_all("summary")] == ["Meny"]
        assert page.find_all("nav", id="meny")
