"""The email says unmistakably what the resident wrote, and its headers arrive as written.

Every line of an answer is indented; the site writes only at column 0. So free text cannot
pass for a question, the reference or the footer, whatever line breaks it smuggles in. And
subjects (and the sender's name) of any length with å/ä/ö arrive over real SMTP unchanged.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest

from forms_api.mail import ANSWER_INDENT, SmtpTransport, body_for, set_from, set_subject

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


# -- headers of every length ---------------------------------------------------------------

SWEDISH = (
    "Felanmälan om gatlyktan längs Exempelvägen vid ån, ängen och östra skolan är trasig "
    "sedan i går kväll och det är mörkt på gång- och cykelvägen för barn på väg till skolan "
)


ASCII = SWEDISH.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))


def subject_of_length(n: int, start: int, base: str = SWEDISH) -> str:
    """``n`` characters of ``base`` from ``start``, with single spaces, no edge spaces."""
    text = (base * 3)[start:]
    text = text.lstrip()
    out = text[:n]
    while out.endswith(" ") or len(out) < n:  # never end on a space: pad with a letter
        out = out.rstrip() + "ö" * (n - len(out.rstrip()))
    return out


def round_trip(message: EmailMessage) -> EmailMessage:
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def message_with_subject(subject: str) -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    set_subject(message, subject)
    set_from(message, "Testby kommun", "webbformular@kommun.example")
    message["To"] = "gata@kommun.example"
    message.set_content("Hej")
    return message


@pytest.mark.parametrize("base", [SWEDISH, ASCII], ids=["å/ä/ö", "ASCII"])
def test_subjects_of_every_length_and_spacing_parse_back_unchanged(base):
    """Every length 1-200, shifted along the text, so spaces fall at every position."""
    wrong = {}
    for n in range(1, 201):
        for start in range(0, 8):
            subject = subject_of_length(n, start, base)
            assert len(subject) == n
            message = message_with_subject(subject)
            lines = message.as_bytes().split(b"\r\n")
            assert max(map(len, lines)) <= 78, subject
            got = round_trip(message)["Subject"]
            if got != subject:
                wrong[subject] = got
    assert wrong == {}


def test_subjects_of_every_length_arrive_unchanged_over_smtp(smtp):
    transport = SmtpTransport("127.0.0.1", smtp.port, "", "", False, False, timeout=10)
    sent = []
    for n in range(1, 201):
        subject = subject_of_length(n, n % 23)
        transport.send(
            message_with_subject(subject).as_bytes(),
            "webbformular@kommun.example",
            "gata@kommun.example",
            f"REF{n}",
        )
        sent.append(subject)

    received = [str(message["Subject"]) for message in smtp.messages]
    assert received == sent


def test_a_long_subject_from_the_form_arrives_unchanged(smtp_app, smtp, submit, deliver):
    name = "Anna-Karin Åström Öberg från Ängelholm vid Exempelvägen längs ån 12"
    answers = {"namn": name, "kategori": "Väghål", "dagar": ["Måndag"], "samtycke": "ja"}
    ref = submit(smtp_app.test_client(), "felanmalan", answers)

    deliver(smtp_app)

    assert smtp.messages[0]["Subject"] == f"Felanmälan: Väghål – {name[:60].strip()} [{ref}]"


@pytest.mark.parametrize(
    "name",
    ["Testby kommun", "Upplands Väsby kommun", 'Östra Göinge kommun, "Skåne"', "x" * 60],
)
def test_the_senders_name_arrives_unchanged(name):
    message = message_with_subject("Hej")
    del message["From"]
    set_from(message, name, "webbformular@kommun.example")

    sender = round_trip(message)["From"].addresses[0]

    assert (sender.display_name, sender.addr_spec) == (name, "webbformular@kommun.example")
