"""A form field's `pattern` against hostile answers, through the real endpoint under gunicorn.

Issue 8: one 56-byte post with a plausible pattern froze every thread (Python's `re`
backtracks exponentially) until gunicorn killed the worker. Patterns now run on RE2.
"""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import quote

# The pattern, as an editor might write it: a day name, then a time.
BOKA = """\
id: boka
title: Boka tid
recipient: boka@kommun.example
subject: Bokning
success: Vi hör av oss.
fields:
  - name: tid
    type: text
    label: Vilken dag och tid passar dig?
    personal: false
    pattern: "^([A-Za-zÅÄÖåäö]+ ?)+ [0-9]+:[0-9]+$"
    pattern_error: Skriv dag och klockslag, till exempel Måndag 10:30
"""
PAGE = "---\ntitle: Boka tid\ndescription: Boka en tid.\nform: boka\n---\n\nText.\n"
HOSTILE = "tid=" + "a" * 49 + "%21"  # Python's re needs about 2**49 steps to refuse it
# Generous: the answer takes microseconds. Only a server that hangs runs into it.
TIMEOUT = 20


def add_booking_form(site_dir: Path) -> None:
    (site_dir / "forms" / "boka.yml").write_text(BOKA, encoding="utf-8")
    (site_dir / "Boka tid.md").write_text(PAGE, encoding="utf-8")


def post(port: int, body: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request(
            "POST",
            "/api/forms/boka",
            body.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_hostile_answer_gets_its_error_page_at_once_and_the_worker_lives_on(
    site_dir, gunicorn_api, outbox_row
):
    add_booking_form(site_dir)
    api = gunicorn_api()
    assert len(HOSTILE.encode()) == 56

    status, html = post(api.port, HOSTILE)

    assert status == 422
    assert "Skriv dag och klockslag, till exempel Måndag 10:30" in html
    # The same worker still answers, and accepts a real booking.
    assert api.get("/api/health")[0] == 200
    status, _ = post(api.port, "tid=" + quote("Måndag 10:30"))
    assert status == 303
    assert api.process.poll() is None, "gunicorn is still running"


def test_many_hostile_answers_at_once_do_not_stall_the_endpoint(site_dir, gunicorn_api):
    add_booking_form(site_dir)
    api = gunicorn_api()
    hostile = ["tid=" + "Aa" * n + "%20" * (n % 3) + "%21" for n in range(20, 40)]

    statuses = [post(api.port, body)[0] for body in hostile]

    assert statuses == [422] * len(hostile)
