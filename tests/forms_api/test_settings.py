"""FORMS_* settings: seconds may have decimals; a bad value stops the start, naming itself."""

from __future__ import annotations

import pytest

from forms_api.settings import ConfigError, from_environment


def test_seconds_accept_decimals():
    found = from_environment(
        {
            "FORMS_SENDER_POLL_SECONDS": "0.5",
            "FORMS_MIN_FILL_SECONDS": "2.5",
            "FORMS_CLAIM_SECONDS": "90.5",
            "FORMS_SMTP_TIMEOUT": "7.5",
            "FORMS_RETRY_BASE_SECONDS": "10",
        }
    )

    assert found == {
        "SENDER_POLL_SECONDS": 0.5,
        "MIN_FILL_SECONDS": 2.5,
        "CLAIM_SECONDS": 90.5,
        "SMTP_TIMEOUT": 7.5,
        "RETRY_BASE_SECONDS": 10.0,
    }


def test_decimal_seconds_from_the_environment_take_effect(
    make_app, submit, outbox_row, monkeypatch
):
    monkeypatch.setenv("FORMS_SENDER_POLL_SECONDS", "0.5")
    monkeypatch.setenv("FORMS_MIN_FILL_SECONDS", "1.5")
    app = make_app()
    client = app.test_client()

    too_fast = submit(client, "kort", {"meddelande": "Hej", "_t": "1.2"})
    human = submit(client, "kort", {"meddelande": "Hej igen", "_t": "1.8"})

    assert app.config["SENDER_POLL_SECONDS"] == 0.5
    assert outbox_row(too_fast)["state"] == "spam"
    assert outbox_row(human)["state"] == "pending"


BAD_VALUES = [
    ("FORMS_SENDER_POLL_SECONDS", "soon"),
    ("FORMS_MIN_FILL_SECONDS", "3s"),
    ("FORMS_CLAIM_SECONDS", "0"),
    ("FORMS_SMTP_TIMEOUT", "-1"),
    ("FORMS_RETRY_BASE_SECONDS", "nan"),
    ("FORMS_MAX_ATTEMPTS", "2.5"),
    ("FORMS_MAX_CONTENT_LENGTH", "64k"),
    ("FORMS_SENDER_THREAD", "maybe"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_bad_value_names_the_variable_and_the_value(name, value):
    with pytest.raises(ConfigError) as raised:
        from_environment({name: value})

    assert name in str(raised.value)
    assert repr(value) in str(raised.value)


def test_a_bad_value_stops_the_command_with_one_clear_line(flask_cli):
    result = flask_cli("outbox", "status", env={"FORMS_SENDER_POLL_SECONDS": "soon"})

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "FORMS_SENDER_POLL_SECONDS" in last_line and "'soon'" in last_line


def test_decimal_seconds_work_in_a_real_process(flask_cli):
    result = flask_cli(
        "outbox",
        "status",
        env={"FORMS_SENDER_POLL_SECONDS": "0.5", "FORMS_MIN_FILL_SECONDS": "2.5"},
    )

    assert result.returncode == 0, result.stderr
    assert "pending  0" in result.stdout


def test_a_lease_too_short_for_the_smtp_timeout_is_refused(make_app):
    """A slow but working mail server must be able to finish a send within the lease."""
    with pytest.raises(ConfigError) as raised:
        make_app(SMTP_HOST="127.0.0.1", SMTP_TIMEOUT=20, CLAIM_SECONDS=30)

    assert "FORMS_CLAIM_SECONDS" in str(raised.value)
    assert "FORMS_SMTP_TIMEOUT" in str(raised.value)
    assert make_app(SMTP_HOST="127.0.0.1", SMTP_TIMEOUT=20, CLAIM_SECONDS=60)
    assert make_app(CLAIM_SECONDS=1), "without SMTP there is no network send to wait for"
