"""Send pressed twice (or a lost 303 and a resend): the first receipt again, one case, one email.

The outbox keeps a keyed hash of (form, client, answers) for FORMS_REPEAT_WINDOW_SECONDS; a
repeat within it gets a 303 to the first receipt and stores nothing. The hash is all it keeps,
the key is not in the database, and the hash is forgotten when the window ends.
"""

from __future__ import annotations

import datetime as dt
import http.client
import sqlite3
import stat
import threading
from pathlib import Path
from urllib.parse import urlencode

from forms_api.outbox import Outbox, now
from sitebuilder.forms.view import HONEYPOT


def location(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def repeats(database: Path) -> list[tuple]:
    db = sqlite3.connect(database)
    try:
        return db.execute("SELECT fingerprint, ref, until FROM repeats").fetchall()
    finally:
        db.close()


def test_sending_twice_gives_the_first_receipt_and_one_email(
    smtp_app, smtp, deliver, valid_answers
):
    client = smtp_app.test_client()

    first = location(client.post("/api/forms/felanmalan", data=valid_answers))
    again = location(client.post("/api/forms/felanmalan", data=valid_answers))

    assert again == first
    assert smtp_app.extensions["forms_outbox"].counts()["pending"] == 1
    deliver(smtp_app)
    assert len(smtp.messages) == 1
    # After delivery the answers are erased, and a resend still gets the same receipt.
    assert location(client.post("/api/forms/felanmalan", data=valid_answers)) == first
    deliver(smtp_app)
    assert len(smtp.messages) == 1
    assert client.get(first).status_code == 200


def test_the_window_ignores_how_the_answers_were_written(client, valid_answers):
    """Normalised answers: the same case with the browser's CRLF or LF, boxes in any order."""
    first = location(client.post("/api/forms/felanmalan", data=valid_answers))
    variant = {
        **valid_answers,
        "beskrivning": valid_answers["beskrivning"].replace("\n", "\r\n") + "  ",
        "dagar": list(reversed(valid_answers["dagar"])),
        "_t": "42",  # the timing signal is not an answer
    }

    assert location(client.post("/api/forms/felanmalan", data=variant)) == first


def test_other_answers_another_form_or_another_client_are_new_cases(client, app):
    base = location(client.post("/api/forms/kort", data={"meddelande": "Hej"}))
    other_answer = location(client.post("/api/forms/kort", data={"meddelande": "Hej!"}))
    other_browser = location(
        client.post("/api/forms/kort", data={"meddelande": "Hej"}, headers={"User-Agent": "b"})
    )
    other_address = location(
        client.post(
            "/api/forms/kort",
            data={"meddelande": "Hej"},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        )
    )

    assert len({base, other_answer, other_browser, other_address}) == 4
    assert app.extensions["forms_outbox"].counts()["pending"] == 4


def test_a_repeat_tells_a_spammer_nothing_about_the_quarantine(client, app):
    """Flagged first, clean second, or the other way round: the same receipt either way."""
    flagged = {"meddelande": "Köp billigt", HONEYPOT: "x"}
    clean = {"meddelande": "Köp billigt"}
    first = location(client.post("/api/forms/kort", data=flagged))
    assert location(client.post("/api/forms/kort", data=clean)) == first

    second = location(client.post("/api/forms/kort", data={"meddelande": "Hej"}))
    assert location(client.post("/api/forms/kort", data={"meddelande": "Hej", HONEYPOT: "x"})) == (
        second
    )
    assert app.extensions["forms_outbox"].counts() == {
        "pending": 1,
        "sending": 0,
        "sent": 0,
        "dead": 0,
        "spam": 1,
    }


def test_after_the_window_the_same_answers_are_a_new_case(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    start = now()

    def add(ref: str, at: dt.datetime) -> str:
        return box.add(
            ref=ref,
            form_id="kort",
            form_version="v",
            form_commit=None,
            received_at=at,
            recipient="kontakt@kommun.example",
            message=b"x",
            fingerprint=b"f" * 32,
            repeat_seconds=600,
        )

    assert add("AAAAAAAA", start) == "AAAAAAAA"
    assert add("BBBBBBBB", start + dt.timedelta(seconds=599)) == "AAAAAAAA"
    assert add("CCCCCCCC", start + dt.timedelta(seconds=600)) == "CCCCCCCC"
    assert box.counts()["pending"] == 2


def test_the_window_keeps_only_a_keyed_hash_and_forgets_it_when_it_ends(
    app, client, app_config, deliver
):
    database = Path(app_config["DATABASE"])
    ref = location(client.post("/api/forms/kort", data={"meddelande": "Hej Anna"})).rsplit("/")[-1]

    [(fingerprint, stored_ref, until)] = repeats(database)
    assert stored_ref == ref and len(fingerprint) == 32
    assert b"Hej" not in fingerprint
    key = database.with_name(database.name + ".key")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_bytes() not in database.read_bytes()

    deliver(app)
    assert len(repeats(database)) == 1  # the window is still open
    box: Outbox = app.extensions["forms_outbox"]
    assert box.expire_repeats(at=dt.datetime.fromisoformat(until)) == 1
    assert repeats(database) == []


def test_the_sender_round_forgets_hashes_whose_window_has_ended(make_app, app_config, deliver):
    app = make_app(REPEAT_WINDOW_SECONDS=0.001)
    client = app.test_client()
    location(client.post("/api/forms/kort", data={"meddelande": "Hej"}))

    deliver(app)  # the window (a millisecond) is over by the time the round runs

    assert repeats(Path(app_config["DATABASE"])) == []


def test_a_second_process_sees_the_first_ones_post_as_a_repeat(live_api, make_app):
    """Two processes on one outbox: the key file beside it is shared, the lookup is in it."""
    api = live_api()
    body = urlencode({"meddelande": "Gatlyktan är trasig"})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Exempel/1"}
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=10)
    conn.request("POST", "/api/forms/kort", body, headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 303

    app = make_app()  # this process, the same database
    again = app.test_client().post(
        "/api/forms/kort",
        data=body,
        headers=headers,
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )

    assert location(again) == response.getheader("Location")
    assert app.extensions["forms_outbox"].counts()["pending"] == 1


def test_simultaneous_repeats_through_gunicorn_make_one_case(gunicorn_api):
    api = gunicorn_api()
    body = urlencode({"meddelande": "Samma svar, samtidigt"})
    results: list[tuple[int, str]] = []
    start = threading.Barrier(8)

    def post() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=30)
        start.wait()
        conn.request(
            "POST", "/api/forms/kort", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        results.append((response.status, response.getheader("Location") or ""))

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(results) == 8
    assert {status for status, _ in results} == {303}
    assert len({where for _, where in results}) == 1
    db = sqlite3.connect(api.env["FORMS_DATABASE"])
    try:
        assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 1
    finally:
        db.close()


# -- one page load, not one network (audit B, F-repeat) ------------------------------------

SURVEY = """\
id: enkat
title: Enkät om parken
recipient: park@kommun.example
subject: Enkät
success: Tack för dina svar.
repeat_window: false
fields:
  - name: besok
    type: radio
    label: Hur ofta besöker du parken?
    required: true
    options: [Varje dag, Ibland, Aldrig]
"""
PUPIL = {"User-Agent": "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) Chrome/120 Safari/537.36"}
SCHOOL = {"REMOTE_ADDR": "198.51.100.7"}  # one school's NAT


def token(n: int) -> str:
    return f"{n:032x}"


def refs_of(client, form_id: str, posts: list[dict]) -> list[str]:
    return [
        location(
            client.post(f"/api/forms/{form_id}", data=d, headers=PUPIL, environ_base=SCHOOL)
        ).rsplit("/", 1)[1]
        for d in posts
    ]


def test_pupils_with_the_same_answers_from_one_network_are_separate_cases(client):
    """Three page loads (each its own token from the script), the same answers, one NAT and
    one browser build: three answers, three receipts."""
    posts = [{"meddelande": "Lekplats, tack", "_p": token(n)} for n in (1, 2, 3)]

    refs = refs_of(client, "kort", posts)

    assert len(set(refs)) == 3
    assert client.application.extensions["forms_outbox"].counts()["pending"] == 3


def test_send_pressed_twice_on_one_page_is_one_case(client):
    page = {"meddelande": "Lekplats, tack", "_p": token(7)}

    refs = refs_of(client, "kort", [page, page])

    assert refs[0] == refs[1]
    assert client.application.extensions["forms_outbox"].counts()["pending"] == 1


def test_a_token_in_another_format_counts_as_no_token(client):
    """Only the script's format keys a page; anything else falls back to address and browser."""
    posts = [{"meddelande": "Hej", "_p": bad} for bad in ("x", "A" * 32, token(1) + "0")]

    refs = refs_of(client, "kort", posts)

    assert len(set(refs)) == 1


def test_a_survey_without_the_script_never_merges_answers(site_dir, make_app):
    """`repeat_window: false`: without a token, identical answers from one school are each
    an answer; with one, a double click is still one case."""
    (site_dir / "forms" / "enkat.yml").write_text(SURVEY, encoding="utf-8")
    client = make_app().test_client()

    without_script = refs_of(client, "enkat", [{"besok": "Varje dag"}] * 3)
    double_click = refs_of(client, "enkat", [{"besok": "Varje dag", "_p": token(9)}] * 2)

    assert len(set(without_script)) == 3
    assert double_click[0] == double_click[1] and double_click[0] not in without_script
    assert client.application.extensions["forms_outbox"].counts()["pending"] == 4
