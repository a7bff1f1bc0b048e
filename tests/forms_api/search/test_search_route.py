"""GET /api/search on the sample content: a results page a resident understands, without JS."""

from __future__ import annotations

import re

import pytest


def hit_links(doc) -> list[str]:
    """The hits' links, in order (each hit's title is a heading holding one link)."""
    titles = [e for e in doc.elements if e.get("class") == "search-hit__title"]
    links = []
    for title in titles:
        index = doc.elements.index(title)
        links.append(doc.elements[index + 1].get("href"))
    return links


def test_title_and_heading_carry_the_count(search_page) -> None:
    status, html, doc = search_page("q=bygglov")
    assert status == 200
    (h1,) = doc.find_all("h1")
    count = int(re.match(r"(\d+) träff(ar)? för ”bygglov”$", h1.text).group(1))
    assert count >= 1
    (title,) = doc.find_all("title")
    assert title.text.startswith(h1.text) and "Exempelby kommun" in title.text
    assert re.search(r"data-status=\"\d+ träff", html)


def test_a_service_hit_shows_breadcrumb_kind_step_and_marked_snippet(search_page) -> None:
    _, html, doc = search_page("q=bygglov")
    links = hit_links(doc)
    assert links[0].startswith("/bygga-bo-och-miljo/bygglov/")
    first = html[html.index('class="search-hit') :]
    first = first[: first.index("</li>")]
    assert "Bygga, bo och miljö" in first  # the breadcrumb, as text
    assert "Tjänst" in first and "på servicetrappan" in first
    assert re.search(r"<mark>[^<]*[Bb]ygglov[^<]*</mark>", first)


def test_a_news_hit_shows_its_date(search_page) -> None:
    _, html, doc = search_page("q=vägarbete")
    assert any("/nyheter/" in link for link in hit_links(doc))
    hit = html[html.index('href="/nyheter/vagarbete') :]
    hit = hit[: hit.index("</li>")]
    assert "Nyhet" in hit and re.search(r'<time datetime="\d{4}-\d\d-\d\d">', hit)


def test_search_box_is_prefilled_and_keeps_the_language(search_page) -> None:
    _, _, doc = search_page("q=bygglov&lang=sv")
    (form,) = [f for f in doc.find_all("form") if "search-box--large" in f.get("class", "")]
    assert form.get("role") == "search" and form.get("action") == "/api/search"
    assert form.get("method") == "get"
    (box,) = doc.find_all("input", id="sok")
    assert box.get("value") == "bygglov"
    assert doc.find_all("label", **{"for": "sok"})
    assert doc.find_all("input", type="hidden", name="lang", value="sv")


def test_filters_are_plain_links_with_counts_that_narrow(search_page, parse_html) -> None:
    _, _, doc = search_page("q=bygglov")
    kinds = [a for a in doc.find_all("a") if "kind=" in (a.get("href") or "")]
    assert kinds, "no kind filter links"
    for link in kinds:
        assert re.search(r"\(\d+\)", link.text), link.text
    target = kinds[0]
    wanted = int(re.search(r"\((\d+)\)", target.text).group(1))
    href = target.get("href").replace("&amp;", "&")
    _, _, narrowed_doc = search_page(href.split("?", 1)[1])
    (h1,) = narrowed_doc.find_all("h1")
    assert h1.text.split()[0] == str(wanted)
    current = [a for a in narrowed_doc.find_all("a") if a.get("aria-current") == "true"]
    assert any(a.get("href") == target.get("href") for a in current)


def test_paging_works_without_javascript(search_page) -> None:
    # A word on nearly every page: more than one page of results.
    _, _, doc = search_page("q=kommun")
    nav = [n for n in doc.find_all("nav") if n.get("class") == "pagination"]
    assert nav, "no pagination"
    page2 = [a for a in doc.find_all("a") if a.get("rel") == "next"]
    assert page2 and "page=2" in page2[0].get("href")
    _, _, second = search_page(page2[0].get("href").split("?", 1)[1])
    (ol,) = second.find_all("ol", **{"class": "search-hits"})
    assert ol.get("start") == "11"
    assert [a for a in second.find_all("a") if a.get("rel") == "prev"]
    assert set(hit_links(doc)).isdisjoint(hit_links(second))


@pytest.mark.parametrize("page", ["99999", "1000000000000", "-1", "abc", "", "1.5", "٣"])
def test_any_page_number_gets_a_results_page(search_page, page: str) -> None:
    status, _, doc = search_page(f"q=kommun&page={page}")
    assert status == 200
    assert hit_links(doc), f"page={page!r} showed no hits"


def test_past_the_last_page_shows_the_last_page(search_page) -> None:
    _, _, doc = search_page("q=kommun&page=99999")
    current = [a for a in doc.find_all("a") if a.get("aria-current") == "page"]
    nexts = [a for a in doc.find_all("a") if a.get("rel") == "next"]
    assert current and not nexts


def test_unknown_filters_and_language_are_ignored(search_page) -> None:
    status, _, doc = search_page("q=bygglov&kind=zzz&section=/nope/&lang=xx-YY")
    assert status == 200
    assert hit_links(doc)[0].startswith("/bygga-bo-och-miljo/bygglov/")
    assert doc.find_all("html")[0].get("lang") == "sv"


def test_no_results_is_not_a_dead_end(search_page) -> None:
    _, html, doc = search_page("q=qwxzvbnmk")
    (h1,) = doc.find_all("h1")
    assert h1.text == "Inga träffar för ”qwxzvbnmk”"
    hrefs = {a.get("href") for a in doc.find_all("a")}
    assert "/a-o/" in hrefs and "/e-tjanster/" in hrefs
    help_block = html[html.index('class="search-help"') :]
    assert "tel:+46846500400" in help_block and "mailto:kontakt@exempelby.example" in help_block
    assert "Vardagar 8–16" in help_block


def test_a_typo_gets_did_you_mean_that_searches_the_suggestion(search_page) -> None:
    _, html, doc = search_page("q=bygglvo")
    assert "Menade du" in html
    suggestion = [a for a in doc.find_all("a") if a.text == "bygglov"]
    assert suggestion and "q=bygglov" in suggestion[0].get("href")


def test_empty_query_gets_the_search_page(search_page) -> None:
    status, html, doc = search_page("q=")
    assert status == 200
    assert doc.find_all("h1")[0].text == "Sök på webbplatsen"
    assert doc.find_all("input", id="sok")
    assert "search-hit" not in html


def test_fragment_is_the_results_region_alone(search_page) -> None:
    status, html, doc = search_page("q=bygglov&fragment=1")
    assert status == 200
    assert "<html" not in html and "<body" not in html
    assert doc.elements[0].get("id") == "search-results"
    assert doc.elements[0].get("data-status").endswith("för ”bygglov”")
    assert hit_links(doc)[0].startswith("/bygga-bo-och-miljo/bygglov/")


def test_fragment_and_page_show_the_same_hits(search_page) -> None:
    _, _, page = search_page("q=avgift")
    _, _, fragment = search_page("q=avgift&fragment=1")
    assert hit_links(page) == hit_links(fragment)


def test_headers_allow_no_shared_cache_and_keep_the_security_headers(search_client) -> None:
    response = search_client.get("/api/search?q=bygglov")
    assert response.headers["Cache-Control"] == "private, max-age=60"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert response.mimetype == "text/html"


def test_the_results_page_loads_the_search_script_and_no_inline_script(search_page) -> None:
    _, html, doc = search_page("q=bygglov")
    scripts = doc.find_all("script")
    assert len(scripts) == 1 and re.fullmatch(
        r"/assets/search\.[0-9a-f]{10}\.js", scripts[0].get("src")
    )
    assert "<script>" not in html and " on" not in "".join(
        k for e in doc.elements for k in e.attrs if k.startswith("on")
    )


def test_too_many_searches_get_a_429_page_in_the_site_look(make_search_app) -> None:
    client = make_search_app(SEARCH_RATE_LIMIT="2 per minute").test_client()
    assert client.get("/api/search?q=a").status_code == 200
    assert client.get("/api/search?q=b").status_code == 200
    response = client.get("/api/search?q=c")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "För många sökningar" in html and 'class="site-footer' in html


def test_forms_are_not_limited_by_searches(make_search_app) -> None:
    client = make_search_app(SEARCH_RATE_LIMIT="1 per minute").test_client()
    client.get("/api/search?q=a")
    assert client.get("/api/search?q=b").status_code == 429
    assert client.get("/api/health").status_code == 200
