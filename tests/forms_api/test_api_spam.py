"""Spam signals quarantine a post quietly; people without JavaScript are never held back."""

from __future__ import annotations

import datetime as dt

import pytest


def test_honeypot_post_gets_a_receipt_but_is_held_until_released(
    smtp_app, smtp, submit, deliver, cli, outbox_row, valid_answers
):
    client = smtp_app.test_client()
    valid_answers["webbplats"] = "http://billiga-klockor.example"

    ref = submit(client, "felanmalan", valid_answers)

    assert client.get(f"/api/forms/felanmalan/receipt/{ref}").status_code == 200
    assert deliver(smtp_app) == {"sent": 0, "failed": 0}
    assert smtp.messages == []
    row = outbox_row(ref)
    assert row["state"] == "spam" and row["spam_reason"] == "honeypot filled in"
    listed = cli(smtp_app, "spam")
    assert listed.exit_code == 0
    assert ref in listed.output and "honeypot filled in" in listed.output
    assert "1 in quarantine" in listed.output

    released = cli(smtp_app, "release", ref)
    assert released.exit_code == 0 and f"{ref} released" in released.output
    assert deliver(smtp_app) == {"sent": 1, "failed": 0}
    deliver(smtp_app)

    assert len(smtp.messages) == 1
    assert ref in smtp.messages[0]["Subject"]
    assert "0 in quarantine" in cli(smtp_app, "spam").output


def test_release_refuses_what_is_not_in_quarantine(app, client, submit, cli):
    ref = submit(client, "kort", {"meddelande": "Hej"})

    result = cli(app, "release", ref)

    assert result.exit_code != 0
    assert "is not in quarantine" in result.output


@pytest.mark.parametrize("seconds", ["1", "0", "2.9", "-5"])
def test_post_sent_faster_than_a_person_can_type_is_quarantined(
    make_app, submit, outbox_row, seconds
):
    app = make_app(MIN_FILL_SECONDS=3)

    ref = submit(app.test_client(), "kort", {"meddelande": "Hej", "_t": seconds})

    assert outbox_row(ref)["state"] == "spam"


@pytest.mark.parametrize(
    "fields",
    [{}, {"_t": ""}, {"_t": "  "}, {"_t": "3"}, {"_t": "45"}],
    ids=["no-script", "empty", "blank", "3s", "45s"],
)
def test_post_without_timing_or_with_a_human_time_is_accepted(make_app, submit, outbox_row, fields):
    app = make_app(MIN_FILL_SECONDS=3)

    ref = submit(app.test_client(), "kort", {"meddelande": "Hej", **fields})

    row = outbox_row(ref)
    assert row["state"] == "pending" and row["spam_reason"] is None


def test_an_unreadable_timing_value_is_still_suspect(make_app, submit, outbox_row):
    """Only an empty value counts as absent; a script never sends words."""
    app = make_app(MIN_FILL_SECONDS=3)

    ref = submit(app.test_client(), "kort", {"meddelande": "Hej", "_t": "snabbt"})

    assert outbox_row(ref)["spam_reason"] == "timing signal malformed"


def test_more_links_than_allowed_is_quarantined(make_app, submit, outbox_row):
    app = make_app(MAX_LINKS=3)
    text = "Se https://a.example http://b.example www.c.example https://d.example"

    ref = submit(app.test_client(), "kort", {"meddelande": text})

    row = outbox_row(ref)
    assert row["state"] == "spam" and "4 links" in row["spam_reason"]


def test_a_few_links_are_fine(make_app, submit, outbox_row):
    app = make_app(MAX_LINKS=3)

    ref = submit(
        app.test_client(), "kort", {"meddelande": "Se https://a.example och www.b.example"}
    )

    assert outbox_row(ref)["state"] == "pending"


def test_links_across_text_fields_add_up(make_app, submit, outbox_row, valid_answers):
    app = make_app(MAX_LINKS=3)
    valid_answers.update(
        namn="Anna https://a.example", beskrivning="https://b.example https://c.example www.d.se"
    )

    ref = submit(app.test_client(), "felanmalan", valid_answers)

    assert outbox_row(ref)["state"] == "spam"


def test_quarantine_is_purged_after_the_retention_period(app, client, submit, outbox_row):
    box = app.extensions["forms_outbox"]
    spam = submit(client, "kort", {"meddelande": "Köp", "webbplats": "x"})
    ham = submit(client, "kort", {"meddelande": "Hej"})
    now = dt.datetime.now(dt.UTC)

    assert box.purge_spam(30, at=now + dt.timedelta(days=29)) == 0
    assert outbox_row(spam) is not None
    assert box.purge_spam(30, at=now + dt.timedelta(days=31)) == 1

    assert outbox_row(spam) is None
    assert outbox_row(ham)["state"] == "pending"
