"""Every sample form in the real content/ can be filled without JavaScript and becomes one email."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
from sample_answers import answers_for

import forms_api
from forms_api.sender import deliver_due
from sitebuilder.errors import ErrorList
from sitebuilder.forms import load_forms

CONTENT = Path(__file__).resolve().parents[2] / "content"
SAMPLE = load_forms(CONTENT, ErrorList())
TODAY = dt.date.today()


def test_the_sample_site_has_the_forms_the_issue_asks_for() -> None:
    assert {"synpunkter", "felanmalan", "medborgarforslag", "kontakt"} <= set(SAMPLE.forms)
    consultations = [f for f in SAMPLE.forms.values() if f.definition.closes]
    assert consultations, "a rådslag with a closing date"
    assert any(f.definition.closes < TODAY for f in consultations), "one closed consultation"
    felanmalan = SAMPLE.forms["felanmalan"].definition
    assert any(field.route for field in felanmalan.fields), "felanmälan routes per category"
    assert all(f.definition.privacy is not None for f in SAMPLE.forms.values())


@pytest.mark.parametrize("form_id", sorted(SAMPLE.forms))
def test_each_sample_form_is_accepted_and_emailed(form_id: str, tmp_path: Path) -> None:
    loaded = SAMPLE.forms[form_id]
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(CONTENT),
            "DATABASE": str(tmp_path / "outbox.sqlite3"),
            "MAIL_DIR": str(tmp_path / "mail"),
        }
    )
    client = app.test_client()
    answers = answers_for(loaded.definition)
    response = client.post(f"/api/forms/{form_id}", data=answers)
    if not loaded.definition.is_open(TODAY):
        assert response.status_code == 410
        return
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    ref = response.headers["Location"].rsplit("/", 1)[-1]
    assert client.get(response.headers["Location"]).status_code == 200

    result = deliver_due(
        app.extensions["forms_outbox"],
        forms_api.transport_for(app.config),
        forms_api.policy_for(app.config),
    )
    assert result == {"sent": 1, "failed": 0}
    message = email.message_from_bytes(
        (tmp_path / "mail" / f"{ref}.eml").read_bytes(), policy=email.policy.default
    )
    routes = [f.route for f in loaded.definition.fields if f.route]
    first_choice = {f.name: (f.options or ("",))[0] for f in loaded.definition.fields if f.route}
    expected_to = loaded.definition.recipient
    for field in loaded.definition.fields:
        if field.route and first_choice[field.name] in field.route:
            expected_to = field.route[first_choice[field.name]]
    assert message["To"] == expected_to, routes
    assert ref in message["Subject"]
    if any(f.reply_to for f in loaded.definition.fields):
        assert message["Reply-To"] == "anna.andersson@example.com"
    body = message.get_content()
    for field in loaded.definition.fields:
        # A question whose `show_if` did not hold was not asked, and is not in the email.
        assert (f"{field.label}:" in body) == (field.name in answers), field.name


def test_email_notes_when_the_resident_saw_another_version_of_the_questions(tmp_path: Path) -> None:
    loaded = SAMPLE.forms["kontakt"]
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(CONTENT),
            "DATABASE": str(tmp_path / "outbox.sqlite3"),
            "MAIL_DIR": str(tmp_path / "mail"),
            "REPEAT_WINDOW_SECONDS": 0,  # the same answers twice, on purpose
        }
    )
    client = app.test_client()
    for shown in (loaded.version, "0123456789ab"):
        answers = {**answers_for(loaded.definition), "_v": shown}
        assert client.post("/api/forms/kontakt", data=answers).status_code == 303
    deliver_due(
        app.extensions["forms_outbox"],
        forms_api.transport_for(app.config),
        forms_api.policy_for(app.config),
    )
    bodies = sorted(
        email.message_from_bytes(f.read_bytes(), policy=email.policy.default).get_content()
        for f in (tmp_path / "mail").glob("*.eml")
    )
    assert all(f"Formulärets version: {loaded.version}" in body for body in bodies)
    noted = [body for body in bodies if "0123456789ab" in body]
    assert len(noted) == 1 and "frågorna kan ha ändrats" in noted[0]
