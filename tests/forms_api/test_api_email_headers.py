"""Subjects of any length with å/ä/ö arrive over real SMTP unchanged.

The standard library's folder loses a space where it splits a non-ASCII header into encoded
words ("längsExempelvägen"), and puts a space in front of an ASCII subject whose first word
it moves to a line of its own.
"""

from __future__ import annotations

import email
import email.policy
import smtplib
from email.message import EmailMessage

import pytest

from forms_api.mail import set_subject

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


def message_with_subject(subject: str) -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    set_subject(message, subject)
    message["From"] = "Testby kommun <webbformular@kommun.example>"
    message["To"] = "gata@kommun.example"
    message.set_content("Hej")
    return message


@pytest.mark.parametrize("base", [SWEDISH, ASCII], ids=["å/ä/ö", "ASCII"])
def test_subjects_of_every_length_arrive_unchanged_over_smtp(smtp, base):
    """Lengths 1-200, each at eight shifts along the text so spaces fall at every position,
    through aiosmtpd, and parsed as a mail client would."""
    sent = []
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=30) as connection:
        for n in range(1, 201):
            for start in range(0, 8):
                subject = subject_of_length(n, start, base)
                assert len(subject) == n
                message = message_with_subject(subject)
                lines = message.as_bytes().split(b"\r\n")
                assert max(map(len, lines)) <= 78, subject  # short lines, never refolded
                connection.sendmail(
                    "webbformular@kommun.example", ["gata@kommun.example"], message.as_bytes()
                )
                sent.append(subject)

    received = [str(message["Subject"]) for message in smtp.messages]
    assert len(received) == len(sent)
    assert [(s, r) for s, r in zip(sent, received, strict=True) if s != r] == []


def test_a_long_subject_from_the_form_arrives_unchanged(smtp_app, smtp, submit, deliver):
    name = "Åström Öberg från Ängelholm vid Exempelvägen längs ån nära ö"
    answers = {"namn": name, "kategori": "Väghål", "dagar": ["Måndag"], "samtycke": "ja"}
    ref = submit(smtp_app.test_client(), "felanmalan", answers)

    deliver(smtp_app)

    assert smtp.messages[0]["Subject"] == f"Felanmälan: Väghål – {name[:60].strip()} [{ref}]"


def test_an_answer_too_long_for_the_subject_is_cut_at_a_word_with_an_ellipsis(
    smtp_app, smtp, submit, deliver
):
    """Subject placeholders keep 60 characters; the department's inbox must see the cut."""
    name = "Anna-Karin Åström Öberg Lindqvist från Ängelholm vid Exempelvägen 12"  # 68
    answers = {"namn": name, "kategori": "Väghål", "dagar": ["Måndag"], "samtycke": "ja"}
    ref = submit(smtp_app.test_client(), "felanmalan", answers)

    deliver(smtp_app)

    subject = smtp.messages[0]["Subject"]
    assert subject == (
        f"Felanmälan: Väghål – Anna-Karin Åström Öberg Lindqvist från Ängelholm vid… [{ref}]"
    )


@pytest.mark.parametrize(
    ("text", "limit", "cut"),
    [
        ("kort text", 60, "kort text"),
        ("ett två tre fyra", 12, "ett två tre…"),  # the cut falls on a space
        ("ett två trefyra", 12, "ett två…"),  # inside a word: end at the one before
        ("Gatubelysningsreparationsansökan", 12, "Gatubelysni…"),  # one long word
        ("ett, två, tre", 9, "ett, två…"),  # no comma before the ellipsis
    ],
)
def test_header_values_are_cut_at_a_word_and_say_so(text, limit, cut):
    from forms_api.mail import header_safe

    assert header_safe(text, limit) == cut
    assert len(cut) <= limit
