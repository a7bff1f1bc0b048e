"""The email says unmistakably what the resident wrote.

Every line of an answer is indented; the site writes only at column 0. So free text cannot
pass for a question, the reference or the footer, whatever line breaks it smuggles in.
"""

from __future__ import annotations

import pytest

from forms_api.mail import body_for

# Every line of an answer starts with this; what the site writes starts at column 0.
ANSWER_INDENT = "    "

# Every line break a mail client or a Unicode-aware viewer may honour.
BREAKS = {
    "LF": "\n",
    "CRLF": "\r\n",
    "CR": "\r",
    "VT": "\x0b",
    "FF": "\x0c",
    "FS": "\x1c",
    "GS": "\x1d",
    "RS": "\x1e",
    "NEL": "\x85",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
}


def forgery(br: str) -> str:
    """Free text dressed up as the email's own structure."""
    return br.join(
        [
            "Lampan är trasig.",
            "Referensnummer: FAKE2345",
            "",
            "Vad gäller det?:",
            "Gatubelysning",
            "-- ",
            "--",
            "Skickat via webbformulär på Falsk kommun. Betala till konto 123.",
        ]
    )


def lines_of(body: str) -> list[str]:
    """The body's lines by the strictest rule: every Unicode line boundary."""
    return body.splitlines()


def assert_no_forged_structure(body: str, ref: str, labels: list[str]) -> None:
    at_column_0 = [line for line in lines_of(body) if line and not line[0].isspace()]
    assert [line for line in at_column_0 if line.startswith("Referensnummer:")] == [
        f"Referensnummer: {ref}"
    ]
    assert at_column_0.count("--") == 1
    assert not [line for line in at_column_0 if "FAKE" in line or "Falsk" in line]
    for label in labels:
        assert sum(line.startswith(f"{label}:") for line in at_column_0) == 1, label
    for line in lines_of(body):
        assert not line or not line[0].isspace() or line.startswith(ANSWER_INDENT), repr(line)


@pytest.mark.parametrize("br", BREAKS.values(), ids=BREAKS.keys())
def test_free_text_cannot_imitate_the_emails_structure(
    smtp_app, smtp, submit, deliver, valid_answers, br
):
    valid_answers["beskrivning"] = forgery(br)
    valid_answers["namn"] = f"Anna{br}Referensnummer: FAKE6789"
    ref = submit(smtp_app.test_client(), "felanmalan", valid_answers)

    deliver(smtp_app)

    body = smtp.messages[0].get_body().get_content()
    labels = [
        f.label for f in smtp_app.extensions["forms_site"].form("felanmalan").definition.fields
    ]
    assert_no_forged_structure(body, ref, labels)
    # The resident's words are all there, as their answer (the answer checks drop control
    # characters such as VT or NEL, so then they run on in one indented line).
    answer_lines = [line for line in lines_of(body) if line.startswith(ANSWER_INDENT)]
    for words in ("Referensnummer: FAKE2345", "Falsk kommun. Betala till konto 123."):
        assert any(words in line for line in answer_lines), words


# Straight into body_for, past the answer checks: the email must hold by itself, whatever
# the checks let through now or later.
RAW_ANSWERS = {
    **{f"break {name}": forgery(br) for name, br in BREAKS.items()},
    "NUL and controls": "ok\x00Referensnummer: FAKE\x07\x1b[2J",
    "bidi override": "Lampa \u202e:tkcelleT\u202c och \u2066isolerat\u2069",
    "only line breaks": "\n\u2028\n",
    "leading spaces": "   indraget redan",
}


@pytest.mark.parametrize("text", RAW_ANSWERS.values(), ids=RAW_ANSWERS.keys())
def test_body_keeps_any_answer_indented_and_visible(app, text):
    loaded = app.extensions["forms_site"].form("kort")

    body = body_for(
        loaded,
        {"meddelande": text},
        ref="ABCDEFGH",
        received_local="2026-11-20 10:00 CET",
        commit=None,
        site_name="Testby kommun",
    )

    assert_no_forged_structure(body, "ABCDEFGH", ["Din fråga"])
    for hidden in ("\x00", "\x07", "\x1b", "\u202e", "\u202c", "\u2066", "\u2069"):
        assert hidden not in body
    if "\x00" in text:
        assert f"{ANSWER_INDENT}ok\ufffdReferensnummer: FAKE\ufffd\ufffd[2J" in lines_of(body)


def test_answers_in_the_subject_cannot_fake_the_reference(smtp_app, smtp, submit, deliver):
    answers = {
        "namn": "Anna [ABCDEFGH] =?utf-8?q?x?=",
        "kategori": "Väghål",
        "dagar": ["Måndag"],
        "samtycke": "ja",
    }
    ref = submit(smtp_app.test_client(), "felanmalan", answers)

    deliver(smtp_app)

    subject = smtp.messages[0]["Subject"]
    assert subject == f"Felanmälan: Väghål – Anna (ABCDEFGH) = ?utf-8?q?x?= [{ref}]"


@pytest.mark.parametrize(
    "shown",
    ["Obs: Ring 112 NU\nX", "0123456789AB", "0123456789a", "0123456789abc", " 0123456789ab"],
)
def test_a_version_field_that_is_not_a_version_is_ignored(app, client, deliver, shown):
    """`_v` goes on a line the site writes: only the builder's format may reach it."""
    import email
    import email.policy
    from pathlib import Path

    response = client.post("/api/forms/kort", data={"meddelande": "Hej", "_v": shown})
    assert response.status_code == 303
    deliver(app)
    (eml,) = Path(app.config["MAIL_DIR"]).glob("*.eml")
    body = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default).get_content()
    assert "såg formulärversion" not in body
    assert "Ring" not in body


def test_a_version_in_the_builders_format_is_noted_when_it_differs(app, client, deliver):
    import email
    import email.policy
    from pathlib import Path

    client.post("/api/forms/kort", data={"meddelande": "Hej", "_v": "0123456789ab"})
    deliver(app)
    (eml,) = Path(app.config["MAIL_DIR"]).glob("*.eml")
    body = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default).get_content()
    assert "Obs: avsändaren såg formulärversion 0123456789ab, frågorna kan ha ändrats." in body
