"""Conditional questions through the endpoint: "Hur vill du att vi kontaktar dig? Telefon"
without a number is refused with an error that names the phone question; a question the
answers did not ask is neither checked, nor stored, nor emailed."""

from __future__ import annotations

import http.client
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import forms_api

CONTACT = """\
id: ring
title: Kontakta oss
recipient: kontakt@kommun.example
subject: "Kontakt: {kontaktsatt}"
success: Vi hör av oss.
privacy:
  purpose: Vi svarar dig.
  legal_basis: Allmänt intresse
  recipients: Kontaktcenter.
  retention: Två år.
  protected_identity: Ring oss i stället.
fields:
  - name: fraga
    type: textarea
    label: Vad gäller det?
    required: true
  - name: kontaktsatt
    type: radio
    label: Hur vill du att vi kontaktar dig?
    required: true
    options: [E-post, Telefon, Jag vill inte bli kontaktad]
  - name: epost
    type: email
    label: Vilken är din e-postadress?
    required: true
    reply_to: true
    show_if: {field: kontaktsatt, is: E-post}
  - name: telefon
    type: tel
    label: Vilket telefonnummer har du?
    required: true
    show_if: {field: kontaktsatt, is: Telefon}
"""
PAGE = "---\ntitle: Ring oss\ndescription: Kontakta oss.\nform: ring\n---\n\nText.\n"
PHONE_ERROR = "Svara på frågan ”Vilket telefonnummer har du?”, eftersom du valde ”Telefon”"
REPO = Path(__file__).resolve().parents[2]


def add_contact_form(site_dir: Path) -> None:
    (site_dir / "forms" / "ring.yml").write_text(CONTACT, encoding="utf-8")
    (site_dir / "Ring oss.md").write_text(PAGE, encoding="utf-8")


def stored(database: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT count(*) FROM submissions").fetchone()[0]


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html[html.index('class="error-summary') :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_telefon_without_a_number_is_refused_naming_the_phone_question(
    site_dir, make_app, app_config
):
    add_contact_form(site_dir)
    client = make_app().test_client()

    response = client.post(
        "/api/forms/ring", data={"fraga": "Hej", "kontaktsatt": "Telefon", "telefon": ""}
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert summary_links(html) == [("#f-telefon", PHONE_ERROR)]
    # The link lands on the phone input, shown again with its error and the choice kept.
    assert re.search(r'<input class="input input--error" id="f-telefon" name="telefon"', html)
    assert f'id="f-telefon-error"><span class="visually-hidden">Fel:</span> {PHONE_ERROR}' in html
    assert re.search(
        r'id="f-kontaktsatt-2" name="kontaktsatt" type="radio" value="Telefon" checked', html
    )
    assert stored(app_config["DATABASE"]) == 0


def test_email_chosen_without_an_address_is_refused_too(site_dir, make_app):
    add_contact_form(site_dir)
    client = make_app().test_client()

    response = client.post("/api/forms/ring", data={"fraga": "Hej", "kontaktsatt": "E-post"})

    assert response.status_code == 422
    assert summary_links(response.get_data(as_text=True)) == [
        ("#f-epost", "Svara på frågan ”Vilken är din e-postadress?”, eftersom du valde ”E-post”")
    ]


def test_a_question_not_asked_is_not_checked_stored_or_emailed(
    site_dir, make_app, smtp, submit, deliver
):
    add_contact_form(site_dir)
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    client = app.test_client()

    # A browser without JavaScript posts every field; the address is not what was asked for
    # (the resident chose Telefon), and not even an address.
    ref = submit(
        client,
        "ring",
        {
            "fraga": "Hej",
            "kontaktsatt": "Telefon",
            "telefon": "08-123 456 78",
            "epost": "inte en adress",
        },
    )
    assert deliver(app) == {"sent": 1, "failed": 0}

    (message,) = smtp.messages
    assert ref in message["Subject"]
    body = message.get_body().get_content().replace("\r\n", "\n")
    assert "Vilket telefonnummer har du?" in body and "08-123 456 78" in body
    assert "Vilken är din e-postadress?" not in body
    assert "inte en adress" not in body
    assert message["Reply-To"] is None  # the reply_to field was not asked


def test_nothing_chosen_asks_only_for_the_choice(site_dir, make_app):
    add_contact_form(site_dir)
    client = make_app().test_client()

    response = client.post("/api/forms/ring", data={"fraga": "Hej", "telefon": "", "epost": ""})

    assert response.status_code == 422
    assert summary_links(response.get_data(as_text=True)) == [
        ("#f-kontaktsatt", "Välj ett alternativ för ”Hur vill du att vi kontaktar dig?”")
    ]


def test_the_sample_contact_form_refuses_telefon_without_a_number(tmp_path):
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(REPO / "content"),
            "DATABASE": str(tmp_path / "outbox.sqlite3"),
            "MAIL_DIR": str(tmp_path / "mail"),
            "SENDER_THREAD": False,
        }
    )
    client = app.test_client()

    refused = client.post(
        "/api/forms/kontakt", data={"arende": "Min fråga", "kontaktsatt": "Telefon"}
    )
    accepted = client.post(
        "/api/forms/kontakt",
        data={"arende": "Min fråga", "kontaktsatt": "Telefon", "telefon": "08-123 456 78"},
    )

    assert refused.status_code == 422
    assert summary_links(refused.get_data(as_text=True)) == [("#f-telefon", PHONE_ERROR)]
    assert accepted.status_code == 303
    app.extensions["forms_outbox"].close()


def test_gunicorn_refuses_telefon_without_a_number_and_accepts_it_with_one(
    site_dir, gunicorn_api, forms_env
):
    add_contact_form(site_dir)
    api = gunicorn_api()

    def post(data: dict[str, str]) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=20)
        try:
            conn.request(
                "POST",
                "/api/forms/ring",
                urlencode(data).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
            response = conn.getresponse()
            return response.status, response.read().decode()
        finally:
            conn.close()

    status, html = post({"fraga": "Hej", "kontaktsatt": "Telefon", "telefon": ""})
    assert status == 422
    assert summary_links(html) == [("#f-telefon", PHONE_ERROR)]
    assert stored(forms_env["FORMS_DATABASE"]) == 0

    status, _ = post({"fraga": "Hej", "kontaktsatt": "Telefon", "telefon": "08-123 456 78"})
    assert status == 303
    assert stored(forms_env["FORMS_DATABASE"]) == 1
