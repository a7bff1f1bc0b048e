"""The outbox: retries while SMTP is down, dead letters, leases, and the operators' commands."""

from __future__ import annotations

import datetime as dt
import time

import forms_api


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_mail_waits_while_smtp_is_down_and_is_sent_once_when_it_is_up(
    make_app, smtp_server, unused_port, submit, deliver, outbox_row, cli, valid_answers
):
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=unused_port, SMTP_STARTTLS=False)
    ref = submit(app.test_client(), "felanmalan", valid_answers)

    assert deliver(app) == {"sent": 0, "failed": 1}

    row = outbox_row(ref)
    assert row is not None
    assert row["state"] == "pending"
    assert row["attempts"] == 1
    assert utc(row["next_attempt_at"]) > dt.datetime.now(dt.UTC)
    assert "ConnectionRefusedError" in row["last_error"]
    assert row["message"] is not None
    status = cli(app, "status")
    assert status.exit_code == 0
    assert "pending  1" in status.output
    assert "waiting to be retried" in status.output and ref in status.output
    assert deliver(app) == {"sent": 0, "failed": 0}, "retried before its time"

    sink = smtp_server(port=unused_port)
    retried = cli(app, "retry", ref)
    assert retried.exit_code == 0 and f"{ref} is due now" in retried.output
    assert deliver(app) == {"sent": 1, "failed": 0}
    assert deliver(app) == {"sent": 0, "failed": 0}

    assert len(sink.messages) == 1
    assert ref in sink.messages[0]["Subject"]
    assert outbox_row(ref)["state"] == "sent"


def test_first_failure_waits_the_base_retry_time(
    make_app, unused_port, submit, deliver, outbox_row, valid_answers
):
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=unused_port, SMTP_STARTTLS=False)
    ref = submit(app.test_client(), "felanmalan", valid_answers)

    before = dt.datetime.now(dt.UTC)
    deliver(app)
    after = dt.datetime.now(dt.UTC)

    next_at = utc(outbox_row(ref)["next_attempt_at"])
    assert before + dt.timedelta(seconds=30) <= next_at <= after + dt.timedelta(seconds=30)


def test_backoff_doubles_up_to_its_ceiling_then_gives_up(make_app):
    app = make_app(MAX_ATTEMPTS=6, RETRY_BASE_SECONDS=30, RETRY_MAX_SECONDS=200)
    policy = forms_api.policy_for(app.config)

    waits = [policy.backoff(attempt) for attempt in range(1, 7)]

    assert waits == [30, 60, 120, 200, 200, None]


def test_dead_letter_after_max_attempts_then_retry_sends_it_once(
    make_app, smtp_server, unused_port, submit, deliver, outbox_row, cli, valid_answers
):
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=unused_port,
        SMTP_STARTTLS=False,
        MAX_ATTEMPTS=2,
        RETRY_BASE_SECONDS=0,
    )
    ref = submit(app.test_client(), "felanmalan", valid_answers)

    assert deliver(app) == {"sent": 0, "failed": 2}

    row = outbox_row(ref)
    assert row is not None and row["state"] == "dead" and row["attempts"] == 2
    assert row["message"] is not None, "a dead letter must keep its message for the retry"
    status = cli(app, "status")
    assert "dead     1" in status.output
    assert "dead letters" in status.output
    assert ref in status.output and "attempts=2" in status.output
    assert deliver(app) == {"sent": 0, "failed": 0}, "a dead letter is not retried by itself"

    sink = smtp_server(port=unused_port)
    assert cli(app, "retry", ref.lower()).exit_code == 0
    assert outbox_row(ref)["state"] == "pending"
    assert deliver(app) == {"sent": 1, "failed": 0}
    deliver(app)

    assert len(sink.messages) == 1
    assert outbox_row(ref)["state"] == "sent"


def test_a_live_lease_is_not_taken_by_another_sender(
    smtp_app, smtp, submit, deliver, outbox_row, valid_answers
):
    ref = submit(smtp_app.test_client(), "felanmalan", valid_answers)
    box = smtp_app.extensions["forms_outbox"]

    claimed = box.claim(300)

    assert claimed is not None and claimed.ref == ref
    assert deliver(smtp_app) == {"sent": 0, "failed": 0}
    assert smtp.messages == []
    assert outbox_row(ref)["state"] == "sending"


def test_lease_that_ran_out_is_claimed_again(
    smtp_app, smtp, submit, deliver, outbox_row, valid_answers
):
    ref = submit(smtp_app.test_client(), "felanmalan", valid_answers)
    box = smtp_app.extensions["forms_outbox"]
    # A sender claimed it and handed the mail over, then died before marking it sent.
    first = box.claim(0)  # a lease of 0 s: it has already run out
    assert first is not None
    forms_api.transport_for(smtp_app.config).send(
        first.message, "webbformular@localhost", first.recipient, first.ref
    )

    assert deliver(smtp_app) == {"sent": 1, "failed": 0}

    assert [m["Message-ID"] for m in smtp.messages] == [f"<{ref}.felanmalan@localhost>"] * 2
    row = outbox_row(ref)
    assert row["state"] == "sent" and row["attempts"] == 2 and row["message"] is None


def test_retry_refuses_a_reference_that_is_not_waiting(
    smtp_app, submit, deliver, cli, valid_answers
):
    ref = submit(smtp_app.test_client(), "felanmalan", valid_answers)
    deliver(smtp_app)

    sent = cli(smtp_app, "retry", ref)
    unknown = cli(smtp_app, "retry", "ABCDEFGH")

    assert sent.exit_code != 0 and "is not waiting or dead-lettered" in sent.output
    assert unknown.exit_code != 0 and "ABCDEFGH" in unknown.output


def test_status_counts_every_state(app, client, submit, deliver, cli, valid_answers):
    submit(client, "felanmalan", valid_answers)
    deliver(app)
    submit(client, "kort", {"meddelande": "Hej"})
    submit(client, "kort", {"meddelande": "Köp", "webbplats": "http://spam.example"})

    result = cli(app, "status")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:5] == ["pending  1", "sending  0", "sent     1", "dead     0", "spam     1"]


def test_send_command_reports_and_fails_when_mail_cannot_go(
    make_app, unused_port, submit, cli, valid_answers
):
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=unused_port, SMTP_STARTTLS=False)
    submit(app.test_client(), "felanmalan", valid_answers)

    result = cli(app, "send")

    assert result.exit_code == 1
    assert "sent 0, failed 1" in result.output


def test_send_command_delivers_what_is_due(smtp_app, smtp, submit, cli, valid_answers):
    submit(smtp_app.test_client(), "felanmalan", valid_answers)
    submit(smtp_app.test_client(), "kort", {"meddelande": "Hej"})

    result = cli(smtp_app, "send")

    assert result.exit_code == 0
    assert result.output.strip() == "sent 2, failed 0"
    assert sorted(m["To"] for m in smtp.messages) == [
        "gata@kommun.example",
        "kontakt@kommun.example",
    ]


def wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_background_sender_retries_by_itself_once_smtp_is_back(
    make_app, smtp_server, unused_port, submit, outbox_row, cli
):
    """No operator, no `outbox retry`: the sender's own backoff brings the mail through."""
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=unused_port,
        SMTP_STARTTLS=False,
        RETRY_BASE_SECONDS=0.5,
        RETRY_MAX_SECONDS=0.5,
        SENDER_POLL_SECONDS=0.1,
    )
    ref = submit(app.test_client(), "kort", {"meddelande": "Hej"})
    forms_api.start_sender(app)
    try:
        # While the mail server is down the item waits, with its last error, and is retried.
        assert wait_for(lambda: outbox_row(ref)["attempts"] >= 2)

        def shown_as_waiting() -> bool:
            output = cli(app, "status").output
            line = next((line for line in output.splitlines() if ref in line), "")
            return "waiting to be retried" in output and "ConnectionRefusedError" in line

        assert wait_for(shown_as_waiting), "status never showed the item waiting with its error"
        assert outbox_row(ref)["message"] is not None

        sink = smtp_server(port=unused_port)
        assert wait_for(lambda: len(sink.messages) == 1), "not sent after the server came back"
        time.sleep(0.5)  # several more sender rounds: nothing is sent twice
    finally:
        app.extensions["forms_sender"].stop()

    assert len(sink.messages) == 1
    assert sink.messages[0]["Message-ID"] == f"<{ref}.kort@localhost>"
    row = outbox_row(ref)
    assert row["state"] == "sent" and row["attempts"] >= 3 and row["last_error"] is None


def test_dead_letters_keep_the_answers_for_30_days_then_only_the_reference(
    make_app, unused_port, submit, deliver, outbox_row, cli
):
    app = make_app(
        SMTP_HOST="127.0.0.1", SMTP_PORT=unused_port, SMTP_STARTTLS=False, MAX_ATTEMPTS=1
    )
    ref = submit(app.test_client(), "kort", {"meddelande": "Hej"})
    deliver(app)
    box = app.extensions["forms_outbox"]
    received = utc(outbox_row(ref)["received_at"])
    status = cli(app, "status").output
    assert "answers kept 30 days after receipt, then erased" in status
    assert f"erased after {received + dt.timedelta(days=30):%Y-%m-%d}" in status

    assert box.erase_dead(30, at=received + dt.timedelta(days=29)) == 0
    assert outbox_row(ref)["message"] is not None
    assert box.erase_dead(30, at=received + dt.timedelta(days=31)) == 1

    row = outbox_row(ref)
    assert row["state"] == "dead" and row["message"] is None
    assert row["ref"] == ref and row["form_id"] == "kort" and row["received_at"]
    assert row["last_error"].startswith("answers erased after 30 days undelivered: ")
    assert "ConnectionRefusedError" in row["last_error"]
    line = next(line for line in cli(app, "status").output.splitlines() if ref in line)
    assert "answers erased" in line
    retried = cli(app, "retry", ref)
    assert retried.exit_code != 0
    assert "answers were erased 30 days after receipt" in retried.output


def test_delivery_rounds_erase_dead_letters_past_their_retention(
    make_app, unused_port, submit, deliver, outbox_row
):
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=unused_port,
        SMTP_STARTTLS=False,
        MAX_ATTEMPTS=1,
        DEAD_RETENTION_DAYS=0,
    )
    ref = submit(app.test_client(), "kort", {"meddelande": "Hej"})

    deliver(app)  # the one attempt fails; kept 0 days, the answers go in the same round

    row = outbox_row(ref)
    assert row["state"] == "dead" and row["message"] is None
    assert row["last_error"].startswith("answers erased after 0 days undelivered")
