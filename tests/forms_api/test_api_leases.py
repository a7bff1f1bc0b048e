"""Leases: two senders never deliver one item at once, and only the lease holder's result counts."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
import time

import forms_api
from forms_api.mail import SmtpTransport
from forms_api.outbox import Outbox
from forms_api.sender import Policy, deliver_due


def test_two_senders_never_deliver_the_same_item_at_once(
    make_app, stalling_smtp, submit, outbox_row, caplog
):
    """The audit's case: a 2 s lease, and a mail server that hangs 4 s in the first send."""
    sink = stalling_smtp(stalls=1, stall_seconds=4)
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port, SMTP_STARTTLS=False)
    ref = submit(app.test_client(), "kort", {"meddelande": "Hej"})
    database = app.config["DATABASE"]
    # Each socket operation may take 10 s, far longer than the lease: only the cut-off at
    # the end of the lease keeps the first sender from finishing after the second began.
    transport = SmtpTransport(
        "127.0.0.1", sink.port, "", "", starttls=False, use_ssl=False, timeout=10
    )
    policy = Policy(claim_seconds=2, retry_base_seconds=0)
    started = time.monotonic()

    def sender() -> None:
        box = Outbox(database)
        try:
            while time.monotonic() - started < 10 and box.get(ref).state != "sent":
                deliver_due(box, transport, policy)
                time.sleep(0.05)
        finally:
            box.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Wait out the stall: a first sender that carried on would deliver its copy now.
    time.sleep(max(0.0, 4.5 - (time.monotonic() - started)))

    assert sink.stalled.is_set()
    assert len(sink.messages) == 1
    assert sink.messages[0]["Message-ID"] == f"<{ref}.kort@localhost>"
    row = outbox_row(ref)
    assert row["state"] == "sent" and row["attempts"] == 2 and row["message"] is None
    assert re.search(r"cut off after 1\.\d s", caplog.text), caplog.text


def test_a_sender_whose_lease_ran_out_cannot_overwrite_the_next_senders_result(
    app, client, submit, outbox_row, caplog
):
    ref = submit(client, "kort", {"meddelande": "Hej"})
    box = app.extensions["forms_outbox"]
    first = box.claim(0)  # a lease of 0 s: it has run out already
    second = box.claim(300)
    assert first is not None and second is not None and second.ref == ref
    assert second.claim_token != first.claim_token

    # The first sender's late failure must not make the item due again mid-send.
    assert box.mark_failed(ref, first.claim_token, "late failure", retry_in=30) is False
    row = outbox_row(ref)
    assert row["state"] == "sending" and row["claim_token"] == second.claim_token
    assert row["last_error"] is None

    assert box.mark_sent(ref, second.claim_token) is True
    assert box.mark_sent(ref, first.claim_token) is False
    assert box.mark_failed(ref, first.claim_token, "later still", retry_in=None) is False
    row = outbox_row(ref)
    assert row["state"] == "sent" and row["message"] is None and row["last_error"] is None
    assert caplog.text.count("its claim had passed") == 3


def test_a_send_that_outlasts_its_time_limit_fails_without_delivering(stalling_smtp):
    sink = stalling_smtp(stalls=1, stall_seconds=30)
    transport = SmtpTransport(
        "127.0.0.1", sink.port, "", "", starttls=False, use_ssl=False, timeout=10
    )

    began = time.monotonic()
    try:
        transport.send(b"Subject: x\r\n\r\nx\r\n", "a@localhost", "b@localhost", "REF", 0.5)
    except TimeoutError as error:
        failure = str(error)
    else:
        failure = ""
    took = time.monotonic() - began
    sink.released.set()  # the server carries on; the sender has hung up, so nothing arrives
    time.sleep(0.3)

    assert "cut off after 0.5 s" in failure
    assert took < 5, f"the send went on for {took:.1f} s, as long as a socket timeout"
    assert sink.messages == []


def test_status_lists_items_being_sent_with_the_end_of_their_lease(app, client, submit, cli):
    ref = submit(client, "kort", {"meddelande": "Hej"})
    claimed = app.extensions["forms_outbox"].claim(300)

    result = cli(app, "status")

    assert result.exit_code == 0
    assert "sending  1" in result.output
    line = next(line for line in result.output.splitlines() if ref in line)
    assert f"lease ends {claimed.claimed_until:%Y-%m-%d %H:%M:%S} UTC" in line
    assert "attempt 1" in line


def test_retry_refuses_an_item_whose_lease_is_running_and_says_why(
    app, client, submit, cli, outbox_row
):
    ref = submit(client, "kort", {"meddelande": "Hej"})
    claimed = app.extensions["forms_outbox"].claim(300)

    result = cli(app, "retry", ref)

    assert result.exit_code != 0
    assert "a sender is sending it right now" in result.output
    assert f"{claimed.claimed_until:%Y-%m-%d %H:%M:%S} UTC" in result.output
    row = outbox_row(ref)
    assert row["state"] == "sending" and row["claim_token"] == claimed.claim_token


def test_retry_takes_back_an_item_whose_lease_ran_out(
    smtp_app, smtp, submit, cli, deliver, outbox_row
):
    ref = submit(smtp_app.test_client(), "kort", {"meddelande": "Hej"})
    box = smtp_app.extensions["forms_outbox"]
    stale = box.claim(0)  # its sender died; the lease has run out
    assert "lease ran out" in cli(smtp_app, "status").output

    result = cli(smtp_app, "retry", ref)

    assert result.exit_code == 0 and f"{ref} is due now" in result.output
    row = outbox_row(ref)
    assert row["state"] == "pending" and row["claim_token"] is None
    assert box.mark_sent(ref, stale.claim_token) is False, "the dead sender's claim is void"
    assert deliver(smtp_app) == {"sent": 1, "failed": 0}
    assert len(smtp.messages) == 1


def test_an_outbox_file_from_before_claim_tokens_is_upgraded(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE submissions (
            ref TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version TEXT NOT NULL,
            form_commit TEXT, received_at TEXT NOT NULL, state TEXT NOT NULL, spam_reason TEXT,
            recipient TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL, claimed_until TEXT, last_error TEXT, sent_at TEXT,
            message BLOB);
        """
    )
    received = dt.datetime(2026, 1, 5, tzinfo=dt.UTC).isoformat()
    db.execute(
        "INSERT INTO submissions (ref, form_id, form_version, received_at, state, recipient,"
        " next_attempt_at, message) VALUES ('ABCDEFGH', 'kort', 'v1', ?, 'pending',"
        " 'a@kommun.example', ?, X'00')",
        (received, received),
    )
    db.commit()
    db.close()

    box = Outbox(path)
    item = box.claim(300)

    assert item is not None and item.ref == "ABCDEFGH" and item.claim_token
    assert box.mark_sent("ABCDEFGH", item.claim_token) is True
    box.close()


def test_policy_cuts_a_send_off_before_the_lease_ends(make_app):
    short = forms_api.policy_for(make_app(CLAIM_SECONDS=2).config)
    default = forms_api.policy_for(make_app().config)

    assert 0 < short.lease_margin < 2
    assert default.claim_seconds == 300 and default.lease_margin == 30
