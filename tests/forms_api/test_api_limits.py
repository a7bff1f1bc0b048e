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


def test_posts_sent_at_once_do_not_pass_the_limit_together(gunicorn_api):
    """20 distinct valid posts at the same moment from one address, through gunicorn with the
    README's 8 threads: no more than the limit are accepted, and exactly that many stored."""
    import http.client
    import sqlite3
    import threading

    api = gunicorn_api(threads=8, FORMS_RATE_LIMIT="5 per minute", FORMS_MIN_FILL_SECONDS="0")
    start = threading.Barrier(20)
    statuses: list[int] = []

    def post(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=60)
        body = f"meddelande=Fr%C3%A5ga+nummer+{i}".encode()
        conn.putrequest("POST", "/api/forms/kort")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        start.wait()  # every connection is open and its headers sent: now the bodies, at once
        conn.send(body)
        statuses.append(conn.getresponse().status)
        conn.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    assert sorted(statuses) == [303] * 5 + [429] * 15
    db = sqlite3.connect(api.env["FORMS_DATABASE"])
    try:
        assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 5
    finally:
        db.close()


def test_a_rate_limit_that_cannot_be_read_stops_the_start(make_app):
    from forms_api.settings import ConfigError

    with pytest.raises(ConfigError, match="FORMS_RATE_LIMIT must be limits such as"):
        make_app(RATE_LIMIT="fem per minut")
