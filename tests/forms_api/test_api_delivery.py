"""A valid post: 303 to a receipt, one email over real SMTP, answers erased after delivery."""

from __future__ import annotations

import email
import email.policy
import re
import ssl
from pathlib import Path
from typing import Any

import pytest

REF = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")


def body_text(message: email.message.EmailMessage) -> str:
    """The plain-text body with its line endings as written (SMTP sends CRLF)."""
    return message.get_body().get_content().replace("\r\n", "\n")


def test_valid_post_redirects_to_a_receipt_with_a_readable_reference(client, valid_answers):
    response = client.post("/api/forms/felanmalan", data=valid_answers)

    assert response.status_code == 303
    location = response.headers["Location"]
    prefix = "/api/forms/felanmalan/receipt/"
    assert location.startswith(prefix)
    assert REF.match(location[len(prefix) :])


def test_receipt_shows_reference_and_next_steps_but_no_answers(client, submit, valid_answers):
    ref = submit(client, "felanmalan", valid_answers)

    response = client.get(f"/api/forms/felanmalan/receipt/{ref}")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert ref in html
    assert "Gatuenheten läser din anmälan inom en arbetsdag." in html
    for name in ("namn", "beskrivning", "epost", "telefon", "postnummer", "datum"):
        assert valid_answers[name].split("\n")[0] not in html, name
    assert "Söder" not in html and "Väghål" not in html


def test_delivered_email_goes_to_the_form_recipient(
    smtp_app, smtp, submit, deliver, valid_answers, form_version
):
    ref = submit(smtp_app.test_client(), "felanmalan", valid_answers)

    assert deliver(smtp_app) == {"sent": 1, "failed": 0}

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert smtp.envelopes[0][1] == ["gata@kommun.example"]
    assert message["To"] == "gata@kommun.example"
    subject = message["Subject"]
    assert "Väghål" in subject and "Anna Åström" in subject and ref in subject
    assert "\n" not in subject and "\r" not in subject
    assert [a.addr_spec for a in message["Reply-To"].addresses] == ["anna.astrom@example.se"]
    assert ref in message["Message-ID"]
    assert message["X-Form-Id"] == "felanmalan"
    body = body_text(message)
    assert ref in body
    assert form_version("felanmalan") in body
    labels_and_answers = {
        "Vad heter du?": "Anna Åström",
        "Beskriv felet": "Lampan vid busshållplatsen\n    slocknar varje kväll.",
        "E-postadress": "anna.astrom@example.se",
        "Telefonnummer": "08-123 456 78",
        "Hur många lampor är trasiga?": "2",
        "När såg du felet?": "2026-11-20",
        "Kommundel": "Söder",
        "Vad gäller det?": "Väghål",
        "Vilka dagar har du sett felet?": "- Måndag\n    - Onsdag",
        "Postnummer": "123 45",
        "Jag har läst hur kommunen behandlar personuppgifter": "Ja",
    }
    for label, answer in labels_and_answers.items():
        assert f"{label}:\n    {answer}\n" in body, label  # each answer line indented


def test_routed_option_sends_to_its_own_recipient_only(
    smtp_app, smtp, submit, deliver, valid_answers
):
    valid_answers["kategori"] = "Gatubelysning"
    submit(smtp_app.test_client(), "felanmalan", valid_answers)

    deliver(smtp_app)

    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == "belysning@kommun.example"
    assert smtp.envelopes[0][1] == ["belysning@kommun.example"]
    assert "gata@kommun.example" not in smtp.messages[0].as_string()


def test_no_reply_to_when_the_resident_leaves_no_email(
    smtp_app, smtp, submit, deliver, valid_answers
):
    valid_answers["epost"] = ""
    submit(smtp_app.test_client(), "felanmalan", valid_answers)

    deliver(smtp_app)

    assert "Reply-To" not in smtp.messages[0]
    assert "E-postadress: (inget svar)\n" in body_text(smtp.messages[0])


def test_delivery_erases_the_answers_but_keeps_reference_form_and_times(
    smtp_app, submit, deliver, outbox_row, valid_answers
):
    ref = submit(smtp_app.test_client(), "felanmalan", valid_answers)
    before = outbox_row(ref)
    assert before is not None and before["state"] == "pending"
    assert b"Anna" in before["message"]

    deliver(smtp_app)

    after = outbox_row(ref)
    assert after is not None
    assert after["message"] is None
    assert after["state"] == "sent"
    assert after["ref"] == ref
    assert after["form_id"] == "felanmalan"
    assert after["received_at"] == before["received_at"]
    assert after["sent_at"] >= after["received_at"]
    assert after["recipient"] == "gata@kommun.example"


def test_second_delivery_round_sends_nothing_again(smtp_app, smtp, submit, deliver, valid_answers):
    submit(smtp_app.test_client(), "felanmalan", valid_answers)

    deliver(smtp_app)
    assert deliver(smtp_app) == {"sent": 0, "failed": 0}

    assert len(smtp.messages) == 1


def test_without_smtp_each_email_is_written_as_ref_eml(
    app, client, submit, deliver, valid_answers, tmp_path
):
    valid_answers["kategori"] = "Gatubelysning"
    ref = submit(client, "felanmalan", valid_answers)

    deliver(app)

    files = sorted(p.name for p in (tmp_path / "mail").iterdir())
    assert files == [f"{ref}.eml"]
    message = email.message_from_bytes(
        (tmp_path / "mail" / f"{ref}.eml").read_bytes(), policy=email.policy.default
    )
    assert message["To"] == "belysning@kommun.example"
    assert ref in message["Subject"] and "Gatubelysning" in message["Subject"]
    assert [a.addr_spec for a in message["Reply-To"].addresses] == ["anna.astrom@example.se"]
    assert ref in message["Message-ID"]
    assert "Vad heter du?:\n    Anna Åström\n" in body_text(message)


def test_smtp_with_starttls_and_login(
    make_app, smtp_server, submit, deliver, valid_answers, tmp_path, monkeypatch
):
    trustme = pytest.importorskip("trustme", reason="trustme is needed for a test certificate")
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_context)
    logins: list[tuple[bytes, bool]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"formbot",
            b"hemligt",
        )
        logins.append((getattr(data, "login", b""), ok))
        return AuthResult(success=ok, handled=False)

    sink = smtp_server(
        server_hostname="localhost",
        tls_context=server_context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    # The app trusts the system's CAs; point OpenSSL's default store at the test CA.
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=sink.port,
        SMTP_STARTTLS=True,
        SMTP_USER="formbot",
        SMTP_PASSWORD="hemligt",
    )
    ref = submit(app.test_client(), "felanmalan", valid_answers)

    assert deliver(app) == {"sent": 1, "failed": 0}

    assert logins == [(b"formbot", True)]
    assert len(sink.messages) == 1
    assert ref in sink.messages[0]["Subject"]


def test_wrong_smtp_password_leaves_the_item_waiting(
    make_app, smtp_server, submit, deliver, valid_answers, tmp_path, monkeypatch, outbox_row
):
    trustme = pytest.importorskip("trustme", reason="trustme is needed for a test certificate")
    from aiosmtpd.smtp import AuthResult

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_context)
    sink = smtp_server(
        server_hostname="localhost",
        tls_context=server_context,
        require_starttls=True,
        authenticator=lambda *args: AuthResult(success=False, handled=False),
        auth_require_tls=True,
    )
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=sink.port,
        SMTP_USER="formbot",
        SMTP_PASSWORD="fel",
        SMTP_TIMEOUT=5,
    )
    ref = submit(app.test_client(), "felanmalan", valid_answers)

    assert deliver(app) == {"sent": 0, "failed": 1}

    row = outbox_row(ref)
    assert row is not None
    assert row["state"] == "pending" and row["attempts"] == 1
    assert "535" in row["last_error"] or "Authentication" in row["last_error"]
    assert sink.messages == []


def test_untrusted_smtp_certificate_is_refused(
    make_app, smtp_server, submit, deliver, valid_answers, outbox_row
):
    trustme = pytest.importorskip("trustme", reason="trustme is needed for a test certificate")
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_context)
    sink = smtp_server(
        server_hostname="localhost", tls_context=server_context, require_starttls=True
    )
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port, SMTP_STARTTLS=True)
    ref = submit(app.test_client(), "felanmalan", valid_answers)

    assert deliver(app) == {"sent": 0, "failed": 1}

    row = outbox_row(ref)
    assert row is not None and "CERTIFICATE_VERIFY_FAILED" in row["last_error"]
    assert sink.messages == []


def test_mail_dir_is_created_when_missing(app, client, submit, deliver, valid_answers, tmp_path):
    assert not (tmp_path / "mail").exists()
    ref = submit(client, "felanmalan", valid_answers)

    deliver(app)

    assert (tmp_path / "mail" / f"{ref}.eml").is_file()
    assert not [p for p in Path(tmp_path / "mail").iterdir() if p.suffix == ".tmp"]
