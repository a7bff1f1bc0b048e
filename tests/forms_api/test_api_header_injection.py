"""Nothing a resident types may add a header, a recipient or a line to the email's head."""

from __future__ import annotations

import base64
from typing import Any

import pytest

HEADERS = {
    "Subject",
    "From",
    "To",
    "Reply-To",
    "Message-ID",
    "Date",
    "X-Form-Id",
    "X-Form-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
}
FIELDS = (
    "namn",
    "beskrivning",
    "epost",
    "telefon",
    "antal",
    "datum",
    "kommundel",
    "kategori",
    "dagar",
    "postnummer",
    "samtycke",
)


def b_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def q_word(text: str) -> str:
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in text.encode()) + "?="


PAYLOADS = {
    "crlf": "x\r\nBcc: evil@x.example",
    "lf": "x\nBcc: evil@x.example",
    "cr": "x\rBcc: evil@x.example",
    "bare-header": "Bcc: evil@x.example",
    "b-encoded-crlf": b_word("\r\nBcc: evil@x.example"),
    "q-encoded-crlf": q_word("\r\nBcc: evil@x.example"),
    "line-separator": "x\u2028Bcc: evil@x.example",
    "paragraph-separator": "x\u2029Bcc: evil@x.example",
    "next-line": "x\u0085Bcc: evil@x.example",
    "vertical-tab": "x\x0bBcc: evil@x.example",
    "form-feed": "x\x0cBcc: evil@x.example",
}

# Email answers that pass a naive pattern but hide something in an encoded word.
EMAIL_PAYLOADS = {
    "crlf-after-address": "anna@example.se\r\nBcc: evil@x.example",
    "lf-after-address": "anna@example.se\nBcc: evil@x.example",
    "second-address": "anna@example.se, evil@x.example",
    "b-encoded-crlf-local-part": b_word("\r\nBcc: evil@x.example") + "@example.se",
    "q-encoded-crlf-local-part": q_word("\r\nBcc: evil@x.example") + "@example.se",
    "b-encoded-second-address": b_word("evil@x.example, anna") + "@example.se",
    "b-encoded-comment": b_word("evil@x.example (") + "@example.se",
    "b-encoded-domain": "anna@" + b_word("\r\nBcc: evil@x.example") + ".se",
    "b-encoded-domain-new-body": "anna@"
    + b_word("\r\nContent-Type: text/html\r\n\r\n<h1>Ring 0900-123</h1>")
    + ".se",
    "line-separator-after-address": "anna@example.se\u2028Bcc: evil@x.example",
}


@pytest.fixture
def injection_app(make_app, smtp):
    # Show what a resident would get, instead of re-raising errors into the test.
    return make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.port,
        SMTP_STARTTLS=False,
        PROPAGATE_EXCEPTIONS=False,
    )


def expected_recipient(answers: dict[str, Any]) -> str:
    if answers.get("kategori") == "Gatubelysning":
        return "belysning@kommun.example"
    return "gata@kommun.example"


def check_delivered(smtp, answers_by_ref: dict[str, dict[str, Any]]) -> None:
    """Every delivered message has only our headers, one line each, and one recipient."""
    assert len(smtp.messages) == len(answers_by_ref)
    for message, (_, rcpt_tos) in zip(smtp.messages, smtp.envelopes, strict=True):
        ref = str(message["Subject"]).rsplit("[", 1)[1].rstrip("]")
        answers = answers_by_ref[ref]
        keys = list(message.keys())
        assert set(keys) <= HEADERS, f"{ref}: extra headers {set(keys) - HEADERS}"
        assert len(keys) == len(set(keys)), f"{ref}: a header appears twice: {keys}"
        assert "Bcc" not in message and "Cc" not in message
        assert rcpt_tos == [expected_recipient(answers)]
        assert message["To"] == expected_recipient(answers)
        subject = str(message["Subject"])
        assert not any(ch in subject for ch in "\r\n\u2028\u2029\x85\x0b\x0c"), subject
        assert message["Message-ID"] == f"<{ref}.felanmalan@localhost>"
        assert message.get_content_type() == "text/plain"
        assert message.get_content().startswith(f"Referensnummer: {ref}")
        if "Reply-To" in message:
            addresses = [a.addr_spec for a in message["Reply-To"].addresses]
            assert addresses == [answers["epost"]], f"{ref}: Reply-To {addresses}"
        else:
            assert not answers.get("epost")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_field_can_add_a_header_or_recipient(
    injection_app, smtp, deliver, valid_answers, payload
):
    client = injection_app.test_client()
    accepted: dict[str, dict[str, Any]] = {}
    for name in FIELDS:
        answers = dict(valid_answers)
        answers[name] = [payload] if name == "dagar" else payload
        response = client.post("/api/forms/felanmalan", data=answers)
        assert response.status_code in (303, 422), f"{name}: {response.status_code}"
        if response.status_code == 303:
            accepted[response.headers["Location"].rsplit("/", 1)[1]] = answers

    assert deliver(injection_app)["failed"] == 0

    assert accepted, "free-text fields should accept this text (flattened to one line)"
    check_delivered(smtp, accepted)


@pytest.mark.parametrize("payload", EMAIL_PAYLOADS.values(), ids=EMAIL_PAYLOADS.keys())
def test_email_answer_becomes_reply_to_only_exactly_as_checked(
    injection_app, smtp, deliver, valid_answers, payload
):
    """An email answer is either refused (422) or becomes exactly that one Reply-To address."""
    valid_answers["epost"] = payload

    response = injection_app.test_client().post("/api/forms/felanmalan", data=valid_answers)

    assert response.status_code in (303, 422), f"got {response.status_code}"
    deliver(injection_app)
    if response.status_code == 303:
        check_delivered(smtp, {response.headers["Location"].rsplit("/", 1)[1]: valid_answers})
    else:
        assert smtp.messages == []


def test_invalid_email_answer_is_refused_not_sent_without_reply_to(
    injection_app, smtp, deliver, valid_answers
):
    valid_answers["epost"] = "anna(at)example.se"

    response = injection_app.test_client().post("/api/forms/felanmalan", data=valid_answers)

    assert response.status_code == 422
    assert deliver(injection_app) == {"sent": 0, "failed": 0}
    assert smtp.messages == []


def test_encoded_words_in_the_subject_stay_literal_text(
    injection_app, smtp, deliver, submit, valid_answers
):
    valid_answers["namn"] = b_word("Bcc: evil@x.example")
    submit(injection_app.test_client(), "felanmalan", valid_answers)

    deliver(injection_app)

    subject = str(smtp.messages[0]["Subject"])
    assert "Bcc: evil" not in subject
    assert "utf-8?b?" in subject
