"""Too many posts -> 429 with a page saying when to try again; closed forms -> 410."""

from __future__ import annotations

import math
import re
import time

import pytest


def start_of_a_second() -> None:
    """Wait until just after a whole second, so a fixed one-minute window starts there."""
    time.sleep(1.02 - time.time() % 1)


@pytest.fixture
def limited_app(make_app):
    return make_app(RATE_LIMIT="2 per minute")


def test_third_post_in_a_minute_gets_429_with_retry_after(limited_app, parse_html):
    client = limited_app.test_client()
    assert client.post("/api/forms/kort", data={"meddelande": "1"}).status_code == 303
    assert client.post("/api/forms/kort", data={"meddelande": "2"}).status_code == 303

    response = client.post("/api/forms/kort", data={"meddelande": "3"})

    assert response.status_code == 429
    assert response.mimetype == "text/html"
    retry_after = response.headers["Retry-After"]
    assert retry_after.isdigit() and 0 < int(retry_after) <= 61
    html = response.get_data(as_text=True)
    assert "För många försök" in html
    assert re.search(r"Vänta \d+ minut", html)
    assert any(a.get("href") == "/" for a in parse_html(html).find_all("a"))
    assert limited_app.extensions["forms_outbox"].counts()["pending"] == 2


def test_rate_limited_page_and_retry_after_agree_on_the_wait(limited_app):
    client = limited_app.test_client()
    start_of_a_second()
    for text in ("1", "2"):
        client.post("/api/forms/kort", data={"meddelande": text})

    response = client.post("/api/forms/kort", data={"meddelande": "3"})

    assert response.status_code == 429
    seconds = int(response.headers["Retry-After"])
    shown = int(re.search(r"Vänta (\d+) minut", response.get_data(as_text=True)).group(1))
    assert shown == math.ceil(seconds / 60), f"page says {shown} min, Retry-After {seconds} s"


def test_accepted_post_does_not_ask_the_browser_to_wait(client):
    """Retry-After on a 3xx asks the browser to wait that long before following it."""
    response = client.post("/api/forms/kort", data={"meddelande": "Hej"})

    assert response.status_code == 303
    assert "Retry-After" not in response.headers


def test_rate_limit_counts_posts_only(limited_app, submit):
    client = limited_app.test_client()
    ref = submit(client, "kort", {"meddelande": "1"})
    submit(client, "kort", {"meddelande": "2"})

    assert client.get(f"/api/forms/kort/receipt/{ref}").status_code == 200
    assert client.get("/api/health").status_code == 200
    assert client.post("/api/forms/kort", data={"meddelande": "3"}).status_code == 429


def test_another_address_has_its_own_limit(limited_app):
    client = limited_app.test_client()
    for text in ("1", "2", "3"):
        client.post("/api/forms/kort", data={"meddelande": text})

    response = client.post(
        "/api/forms/kort", data={"meddelande": "4"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )

    assert response.status_code == 303


@pytest.mark.parametrize(
    ("form_id", "says"),
    [
        ("stangd", ["Formuläret är stängt", "Formuläret stängde 31 januari 2020."]),
        ("kommande", ["Formuläret har inte öppnat än", "Formuläret öppnar 1 januari 2099."]),
    ],
)
def test_post_to_a_form_that_is_not_open_gets_410_saying_when(app, client, form_id, says):
    response = client.post(f"/api/forms/{form_id}", data={"asikt": "Bra"})

    assert response.status_code == 410
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert all(text in page for text in says), page
    assert app.extensions["forms_outbox"].counts()["pending"] == 0
