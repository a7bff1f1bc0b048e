"""The API as a real process (flask run, gunicorn): kill -9 loses nothing, the size cap holds."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import signal
import sqlite3
import time


def smtp_env(smtp) -> dict[str, str]:
    return smtp_env_for_port(smtp.port)


def smtp_env_for_port(port: int) -> dict[str, str]:
    return {
        "FORMS_SMTP_HOST": "127.0.0.1",
        "FORMS_SMTP_PORT": str(port),
        "FORMS_SMTP_STARTTLS": "false",
    }


def wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_accepted_post_survives_kill_9_and_is_sent_exactly_once(live_api, flask_cli, smtp):
    api = live_api()
    response = api.post("/api/forms/kort", "meddelande=Hej+fr%C3%A5n+Anna")
    assert response.status == 303
    ref = response.getheader("Location").rsplit("/", 1)[1]

    os.kill(api.process.pid, signal.SIGKILL)
    api.process.wait(timeout=10)
    assert api.process.returncode == -signal.SIGKILL

    sent = flask_cli("outbox", "send", env=smtp_env(smtp))
    assert sent.returncode == 0, sent.stderr
    assert "sent 1, failed 0" in sent.stdout
    again = flask_cli("outbox", "send", env=smtp_env(smtp))
    assert "sent 0, failed 0" in again.stdout

    assert len(smtp.messages) == 1
    assert ref in smtp.messages[0]["Subject"]
    assert "Hej från Anna" in smtp.messages[0].get_body().get_content()
    assert smtp.envelopes[0][1] == ["kontakt@kommun.example"]


def test_receipt_is_still_there_after_a_restart(live_api):
    first = live_api()
    ref = first.post("/api/forms/kort", "meddelande=Hej").getheader("Location").rsplit("/", 1)[1]
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)

    second = live_api()
    status, content_type, body = second.get(f"/api/forms/kort/receipt/{ref}")

    assert status == 200 and content_type.startswith("text/html")
    assert ref in body.decode()


def test_running_server_mails_a_post_without_cron(live_api, smtp):
    api = live_api(FORMS_SENDER_THREAD="true", **smtp_env(smtp))

    response = api.post("/api/forms/kort", "meddelande=Lampan+%C3%A4r+trasig")

    assert response.status == 303
    assert wait_for(lambda: len(smtp.messages) == 1), "the background sender sent nothing"
    time.sleep(0.3)
    assert len(smtp.messages) == 1


def test_operator_commands_do_not_send_mail_behind_the_operators_back(
    make_app, flask_cli, smtp, submit, outbox_row
):
    """`outbox status` is for looking; it must not start a sender that delivers mail."""
    app = make_app()
    ref = submit(app.test_client(), "kort", {"meddelande": "Hej"})

    # The production default: FORMS_SENDER_THREAD is not set (true).
    result = flask_cli("outbox", "status", env={**smtp_env(smtp), "FORMS_SENDER_THREAD": "true"})

    assert result.returncode == 0
    assert "pending  1" in result.stdout
    assert smtp.messages == []
    assert outbox_row(ref)["state"] == "pending"


def outbox_json(api) -> dict:
    """The outbox's counts per state, read straight from the database the server uses."""
    db = sqlite3.connect(api.env["FORMS_DATABASE"])
    try:
        counts = dict(db.execute("SELECT state, COUNT(*) FROM submissions GROUP BY state"))
    finally:
        db.close()
    return {state: counts.get(state, 0) for state in ("pending", "sending", "sent", "dead", "spam")}


def test_chunked_post_over_the_size_cap_gets_413(gunicorn_api):
    """Without Content-Length the cap must still hold, not cut the answers off silently."""
    api = gunicorn_api()

    response = api.post_chunked("/api/forms/kort", b"meddelande=" + b"x" * 200_000)

    assert response.status == 413
    assert outbox_json(api)["pending"] == 0


def test_chunked_post_up_to_the_cap_is_accepted_whole(gunicorn_api, outbox_row):
    api = gunicorn_api(FORMS_MAX_CONTENT_LENGTH="4096")
    text = "a" * (4096 - len("meddelande=") - len("SLUT")) + "SLUT"
    body = f"meddelande={text}".encode()
    assert len(body) == 4096

    over = api.post_chunked("/api/forms/kort", body + b"x", chunk=1000)
    small = api.post_chunked("/api/forms/kort", b"meddelande=Hej+d%C3%A4r", chunk=5)
    exact = api.post_chunked("/api/forms/kort", body, chunk=1000)

    assert over.status == 413
    assert small.status == 303 and exact.status == 303
    ref = exact.getheader("Location").rsplit("/", 1)[1]
    stored = email.message_from_bytes(outbox_row(ref)["message"], policy=email.policy.default)
    assert f"Din fråga:\n    {text}\n" in stored.get_body().get_content().replace("\r\n", "\n")
    assert outbox_json(api)["pending"] == 2


def test_killed_between_accept_and_send_is_delivered_once_after_restart(
    gunicorn_api, smtp_server, unused_port, outbox_row
):
    """kill -9 of the whole server while the mail server is down; restart once it is up."""
    env = {
        **smtp_env_for_port(unused_port),
        "FORMS_SENDER_THREAD": "true",
        "FORMS_SENDER_POLL_SECONDS": "0.2",
        "FORMS_RETRY_BASE_SECONDS": "0.5",
        "FORMS_RETRY_MAX_SECONDS": "0.5",
    }
    first = gunicorn_api(**env)
    response = first.post("/api/forms/kort", "meddelande=Gatlyktan+%C3%A4r+trasig")
    assert response.status == 303
    ref = response.getheader("Location").rsplit("/", 1)[1]
    # The sender thread has tried, and the submission waits with its error.
    assert wait_for(lambda: "ConnectionRefusedError" in (outbox_row(ref)["last_error"] or ""))

    first.kill_9()
    assert outbox_row(ref)["state"] in ("pending", "sending")
    smtp = smtp_server(port=unused_port)
    gunicorn_api(**env)

    assert wait_for(lambda: len(smtp.messages) == 1), "nothing was sent after the restart"
    time.sleep(1)  # a few more sender rounds: nothing is sent twice
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["Message-ID"] == f"<{ref}.kort@localhost>"
    assert "Gatlyktan är trasig" in smtp.messages[0].get_body().get_content()
    assert outbox_row(ref)["state"] == "sent"


def test_killed_during_a_send_is_delivered_once_its_lease_runs_out(
    gunicorn_api, stalling_smtp, outbox_row, flask_cli
):
    """kill -9 while the sender is mid-conversation with the mail server (item claimed)."""
    smtp = stalling_smtp(stalls=1, stall_seconds=30)
    env = {
        **smtp_env_for_port(smtp.port),
        "FORMS_SENDER_THREAD": "true",
        "FORMS_SENDER_POLL_SECONDS": "0.2",
        "FORMS_CLAIM_SECONDS": "4.5",
        "FORMS_SMTP_TIMEOUT": "1.5",
    }
    first = gunicorn_api(**env)
    response = first.post("/api/forms/kort", "meddelande=Hej+fr%C3%A5n+Anna")
    assert response.status == 303
    ref = response.getheader("Location").rsplit("/", 1)[1]
    assert smtp.stalled.wait(15), "the sender never reached the mail server"

    first.kill_9()
    row = outbox_row(ref)
    assert row["state"] == "sending" and row["attempts"] == 1
    lease_end = dt.datetime.fromisoformat(row["claimed_until"])
    status = flask_cli("outbox", "status", env=env)
    assert "sending  1" in status.stdout
    assert f"{ref}  kort  lease ends {lease_end:%Y-%m-%d %H:%M:%S} UTC" in status.stdout
    gunicorn_api(**env)

    assert wait_for(lambda: len(smtp.messages) == 1, 20), "nothing was sent after the restart"
    time.sleep(1)
    assert len(smtp.messages) == 1
    assert smtp.arrivals[0] >= lease_end.timestamp(), "sent again before the lease ran out"
    assert smtp.messages[0]["Message-ID"] == f"<{ref}.kort@localhost>"
    row = outbox_row(ref)
    assert row["state"] == "sent" and row["attempts"] == 2
