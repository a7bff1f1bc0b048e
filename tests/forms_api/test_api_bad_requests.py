"""Posts the endpoint cannot take: each answer is a page in the site's look, never a 500."""

from __future__ import annotations

import io
from typing import Any

import pytest


def send(client, method: str, url: str, kwargs: dict[str, Any]):
    """One request; file parts are given as (bytes, name) and opened fresh each time."""
    data = kwargs.get("data")
    if isinstance(data, dict):
        data = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in data.items()}
        kwargs = {**kwargs, "data": data}
    return client.open(url, method=method, **kwargs)


def home_link(parse_html, response) -> bool:
    page = parse_html(response.get_data(as_text=True))
    return any(a.get("href") == "/" for a in page.find_all("a", href="/"))


BAD_REQUESTS: dict[str, tuple[str, str, dict[str, Any], int | tuple[int, ...]]] = {
    "unknown form": ("POST", "/api/forms/finns-inte", {"data": {"a": "b"}}, 404),
    "encoded slashes": ("POST", "/api/forms/..%2f..%2fetc", {"data": {"a": "b"}}, 404),
    "encoded dots": ("POST", "/api/forms/%2e%2e", {"data": {"a": "b"}}, 404),
    "dot dot": ("POST", "/api/forms/..", {"data": {"a": "b"}}, 404),
    "backslashes": ("POST", "/api/forms/..%5c..%5cetc", {"data": {"a": "b"}}, 404),
    "nul byte": ("POST", "/api/forms/kort%00", {"data": {"a": "b"}}, 404),
    "trailing slash": ("POST", "/api/forms/kort/", {"data": {"meddelande": "x"}}, 404),
    "too large": ("POST", "/api/forms/kort", {"data": {"meddelande": "x" * 70_000}}, 413),
    "not utf-8": (
        "POST",
        "/api/forms/felanmalan",
        {"data": b"kategori=%ff%fe", "content_type": "application/x-www-form-urlencoded"},
        400,
    ),
    "raw latin-1 bytes": (
        "POST",
        "/api/forms/kort",
        {"data": b"meddelande=\xe5", "content_type": "application/x-www-form-urlencoded"},
        400,
    ),
    "multipart": (
        "POST",
        "/api/forms/kort",
        {
            "data": {"meddelande": "x", "bilaga": (b"%PDF", "a.pdf")},
            "content_type": "multipart/form-data",
        },
        400,
    ),
    "json": (
        "POST",
        "/api/forms/kort",
        {"data": b'{"meddelande": "x"}', "content_type": "application/json"},
        400,
    ),
    "too many fields": (
        "POST",
        "/api/forms/kort",
        {
            "data": "&".join(f"f{i}=1" for i in range(500)),
            "content_type": "application/x-www-form-urlencoded",
        },
        400,
    ),
    "GET on the post URL": ("GET", "/api/forms/kort", {}, (404, 405)),
    "PUT on the post URL": ("PUT", "/api/forms/kort", {"data": {"meddelande": "x"}}, (404, 405)),
    "wrong Origin": (
        "POST",
        "/api/forms/kort",
        {"data": {"meddelande": "x"}, "headers": {"Origin": "https://evil.example"}},
        403,
    ),
    "Origin null": (
        "POST",
        "/api/forms/kort",
        {"data": {"meddelande": "x"}, "headers": {"Origin": "null"}},
        403,
    ),
    "Origin of a look-alike domain": (
        "POST",
        "/api/forms/kort",
        {"data": {"meddelande": "x"}, "headers": {"Origin": "https://kommun.example.evil.example"}},
        403,
    ),
    "wrong Referer, no Origin": (
        "POST",
        "/api/forms/kort",
        {"data": {"meddelande": "x"}, "headers": {"Referer": "https://evil.example/form"}},
        403,
    ),
    "receipt with an unknown ref": ("GET", "/api/forms/kort/receipt/ABCDEFGH", {}, 404),
    "receipt with a lower-case ref": ("GET", "/api/forms/kort/receipt/abcdefgh", {}, 404),
    "receipt with look-alike letters": ("GET", "/api/forms/kort/receipt/ABCDEF01", {}, 404),
    "receipt of an unknown form": ("GET", "/api/forms/nej/receipt/ABCDEFGH", {}, 404),
    "receipt with traversal": ("GET", "/api/forms/%2e%2e/receipt/ABCDEFGH", {}, 404),
    "receipt with a huge ref": ("GET", "/api/forms/kort/receipt/" + "A" * 5000, {}, 404),
    "unknown API path": ("GET", "/api/nothing-here", {}, 404),
}


@pytest.fixture
def quiet_app(make_app):
    """Errors become the pages residents see, instead of being raised into the test."""
    return make_app(PROPAGATE_EXCEPTIONS=False)


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "expected"), BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys()
)
def test_bad_request_gets_an_html_page_with_the_right_status(
    quiet_app, parse_html, method, url, kwargs, expected
):
    response = send(quiet_app.test_client(), method, url, kwargs)

    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in allowed
    assert response.mimetype == "text/html"
    assert home_link(parse_html, response), "the page has no way back to the site"
    assert quiet_app.extensions["forms_outbox"].counts()["pending"] == 0


def test_no_bad_request_is_ever_a_500(quiet_app):
    client = quiet_app.test_client()
    statuses = {
        name: send(client, method, url, kwargs).status_code
        for name, (method, url, kwargs, _) in BAD_REQUESTS.items()
    }

    assert {name: s for name, s in statuses.items() if s >= 500} == {}


def test_unknown_form_page_looks_like_the_site(client, parse_html):
    response = client.post("/api/forms/finns-inte", data={"a": "b"})

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Formuläret finns inte" in html
    assert "Testby kommun" in html
    page = parse_html(html)
    assert page.find_all("html")[0].get("lang") == "sv"
    assert page.find_all("link", rel="stylesheet")
    assert page.find_all("meta", name="robots")[0].get("content") == "noindex"


def test_method_not_allowed_names_the_allowed_method(client):
    response = client.get("/api/forms/kort")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_receipt_of_another_forms_reference_is_not_found(client, submit):
    ref = submit(client, "kort", {"meddelande": "Hej"})

    assert client.get(f"/api/forms/kort/receipt/{ref}").status_code == 200
    assert client.get(f"/api/forms/felanmalan/receipt/{ref}").status_code == 404


def test_posts_from_the_sites_own_origin_are_accepted(client, submit):
    submit(client, "kort", {"meddelande": "Hej"}, headers={"Origin": "https://kommun.example"})
    submit(client, "kort", {"meddelande": "Hej"}, headers={"Origin": "http://localhost"})
    submit(client, "kort", {"meddelande": "Hej"}, headers={"Referer": "https://kommun.example/x/"})


def test_posts_without_origin_or_referer_are_accepted(client, submit):
    """Privacy tools strip both headers; that is never held against a resident."""
    submit(client, "kort", {"meddelande": "Hej"})


def test_configured_extra_origin_is_accepted(make_app, submit):
    app = make_app(ALLOWED_ORIGINS="https://www.kommun.example, https://preview.kommun.example/")

    submit(
        app.test_client(),
        "kort",
        {"meddelande": "x"},
        headers={"Origin": "https://preview.kommun.example"},
    )
    response = app.test_client().post(
        "/api/forms/kort", data={"meddelande": "x"}, headers={"Origin": "https://other.example"}
    )
    assert response.status_code == 403


def test_too_large_body_is_refused_before_anything_is_stored(app, client):
    response = client.post("/api/forms/kort", data={"meddelande": "ö" * 40_000})

    assert response.status_code == 413
    assert "För mycket text" in response.get_data(as_text=True)
    assert app.extensions["forms_outbox"].counts() == {
        "pending": 0,
        "sending": 0,
        "sent": 0,
        "dead": 0,
        "spam": 0,
    }


# Headers no browser sends; `urlsplit` raises on most of them. They are refused like a
# foreign origin (403): a malformed Referer is not a resident's page posting.
MALFORMED_ORIGINS = [
    "http://[::1",
    "http://[x]/",
    "https://[kommun.example/form",
    "https://kommun.example]/x",
    "http://]/",
    "http://[::1]:99999/",
    "://",
    "kommun.example",
]


@pytest.mark.parametrize("header", ["Referer", "Origin"])
@pytest.mark.parametrize("value", MALFORMED_ORIGINS)
def test_malformed_origin_or_referer_is_refused_not_a_500(quiet_app, parse_html, header, value):
    response = quiet_app.test_client().post(
        "/api/forms/kort", data={"meddelande": "Hej"}, headers={header: value}
    )

    assert response.status_code == 403
    assert response.mimetype == "text/html"
    assert home_link(parse_html, response)
    assert quiet_app.extensions["forms_outbox"].counts()["pending"] == 0


def test_every_answer_carries_the_sites_security_headers(client, submit, valid_answers):
    """netlify.toml's headers for "/*", equal, on every kind of answer: a host does not add
    them to answers it proxies, so the endpoint sends them itself. Plus no-store: nothing
    the endpoint answers may be cached (the 422 page holds the resident's answers)."""
    from pathlib import Path

    from sitebuilder.serve import netlify_headers

    site_headers = dict(netlify_headers(Path(__file__).resolve().parents[2] / "netlify.toml"))
    assert site_headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Permissions-Policy" in site_headers
    ref = submit(client, "kort", {"meddelande": "Hej"})
    answers = {
        "404": client.post("/api/forms/finns-inte", data={}),
        "health": client.get("/api/health"),
        "303": client.post("/api/forms/kort", data={"meddelande": "Hej igen"}),
        "422 with the answers": client.post("/api/forms/felanmalan", data={"namn": "Anna"}),
        "400": client.post("/api/forms/kort", data=b"\xff", content_type="text/plain"),
        "405": client.get("/api/forms/kort"),
        "413": client.post("/api/forms/kort", data={"meddelande": "x" * 70_000}),
        "receipt": client.get(f"/api/forms/kort/receipt/{ref}"),
        "missing receipt": client.get("/api/forms/kort/receipt/ABCDEFGH"),
    }
    assert answers["422 with the answers"].status_code == 422
    for kind, response in answers.items():
        for name, value in site_headers.items():
            if kind == "receipt" and name == "Referrer-Policy":
                value = "no-referrer"  # stricter: the receipt's address holds the reference
            assert response.headers.get(name) == value, (kind, name)
        assert response.headers["Cache-Control"] == "no-store", kind


@pytest.mark.parametrize(
    ("status", "post"),
    [
        (400, {"data": b"meddelande=Hej", "content_type": "text/plain"}),
        (400, {"data": b"meddelande=%ff", "content_type": "application/x-www-form-urlencoded"}),
        (413, {"data": {"meddelande": "x" * 70_000}}),
    ],
)
def test_a_refused_post_links_back_to_the_forms_page(app, parse_html, status, post):
    """The page says "go back to the form": it links to the page the form is on."""
    response = app.test_client().post("/api/forms/kort", **post)

    assert response.status_code == status
    page = app.extensions["forms_site"].page_with_form("kort")
    links = {a.get("href"): a.text.strip() for a in parse_html(response.text).find_all("a")}
    assert links.get(page.url) == "Kort fråga"
    assert home_link(parse_html, response)
