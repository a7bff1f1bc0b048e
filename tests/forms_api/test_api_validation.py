"""A post with mistakes: 422, the page again with an error summary, the answers kept."""

from __future__ import annotations

import email
import email.policy
import re
from typing import Any

import pytest

# field -> (a wrong answer, words its error message must contain)
WRONG_ANSWERS: list[tuple[str, Any, str]] = [
    ("namn", "", "Vad heter du?"),
    ("namn", "x" * 81, "högst 80 tecken"),
    ("beskrivning", "y" * 501, "högst 500 tecken"),
    ("epost", "anna.example.se", "e-postadress"),
    ("epost", "anna@example", "e-postadress"),
    ("telefon", "ring mig", "telefonnummer"),
    ("antal", "många", "Skriv ett tal"),
    ("antal", "0", "minst 1"),
    ("antal", "11", "högst 10"),
    ("antal", "nan", "Skriv ett tal"),
    ("datum", "20 november", "år-månad-dag"),
    ("datum", "2019-12-31", "2020-01-01 eller senare"),
    ("datum", "2031-01-01", "2030-12-31 eller tidigare"),
    ("datum", "2026-W47-5", "år-månad-dag"),
    ("kommundel", "Väster", "Kommundel"),
    ("kategori", "", "Vad gäller det?"),
    ("kategori", "Något annat", "Vad gäller det?"),
    ("dagar", [], "Vilka dagar har du sett felet?"),
    ("dagar", ["Måndag", "Fredag"], "Vilka dagar har du sett felet?"),
    ("postnummer", "12a45", "Skriv postnumret med fem siffror, till exempel 123 45"),
    ("samtycke", "", "Jag har läst hur kommunen behandlar personuppgifter"),
    ("samtycke", "nej", "Jag har läst hur kommunen behandlar personuppgifter"),
]


def case_id(name: str, wrong: Any) -> str:
    text = "+".join(wrong) if isinstance(wrong, list) else wrong
    return f"{name}={text}" if len(text) < 25 else f"{name}={len(text)}-chars"


def field_id(name: str) -> str:
    return "f-" + name.replace("_", "-")


def described_by(page, element_id: str) -> list:
    return [e for e in page.elements if element_id in (e.get("aria-describedby") or "").split()]


@pytest.mark.parametrize(
    ("name", "wrong", "words"),
    WRONG_ANSWERS,
    ids=[case_id(name, wrong) for name, wrong, _ in WRONG_ANSWERS],
)
def test_wrong_answer_shows_the_page_again_with_a_linked_error(
    client, valid_answers, parse_html, name, wrong, words
):
    valid_answers[name] = wrong

    response = client.post("/api/forms/felanmalan", data=valid_answers)

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    page = parse_html(response.get_data(as_text=True))
    assert page.find_all("title")[0].text.startswith("Fel:")
    fid = field_id(name)
    assert len(page.find_all("div", **{"class": "error-summary"})) == 1
    links = [a for a in page.find_all("a") if a.get("href") == f"#{fid}"]
    assert len(links) == 1, f"no summary link to #{fid}"
    assert words in links[0].text
    error = page.find_all(id=f"{fid}-error")
    assert len(error) == 1 and words in error[0].text
    assert page.find_all(id=fid), f"the summary link #{fid} lands nowhere"
    holders = described_by(page, f"{fid}-error")
    assert holders, f"nothing has aria-describedby {fid}-error"
    assert all(h.get("id") == fid or h.tag == "fieldset" for h in holders)


def test_references_use_only_unambiguous_characters(client, submit):
    refs = {submit(client, "kort", {"meddelande": str(i)}) for i in range(25)}

    assert len(refs) == 25
    assert all(re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}", ref) for ref in refs)


def test_only_the_wrong_fields_are_listed(client, valid_answers, parse_html):
    valid_answers.update(epost="nej", antal="tolv")

    page = parse_html(client.post("/api/forms/felanmalan", data=valid_answers).get_data(True))

    summary = page.find_all("div", **{"class": "error-summary"})[0]
    hrefs = [a.get("href") for a in page.find_all("a") if a.get("href", "").startswith("#f-")]
    assert hrefs == ["#f-epost", "#f-antal"]
    assert "Det finns problem" in summary.text
    assert not page.find_all(id="f-namn-error")


def test_error_page_keeps_every_answer(client, valid_answers, parse_html):
    valid_answers["epost"] = "fel-adress"

    response = client.post("/api/forms/felanmalan", data=valid_answers)

    assert response.status_code == 422
    page = parse_html(response.get_data(as_text=True))
    for name in ("namn", "epost", "telefon", "antal", "datum", "postnummer"):
        (control,) = page.find_all("input", name=name)
        assert control.get("value") == valid_answers[name], name
    (textarea,) = page.find_all("textarea", name="beskrivning")
    assert textarea.text.strip("\n") == valid_answers["beskrivning"]
    selected = [o.get("value") for o in page.find_all("option") if "selected" in o.attrs]
    assert selected == ["Söder"]
    checked = {
        (e.get("name"), e.get("value")) for e in page.find_all("input") if "checked" in e.attrs
    }
    assert checked == {
        ("kategori", "Väghål"),
        ("dagar", "Måndag"),
        ("dagar", "Onsdag"),
        ("samtycke", "ja"),
    }


def test_empty_post_lists_every_required_field(client, parse_html):
    response = client.post("/api/forms/felanmalan", data={"_v": "x"})

    assert response.status_code == 422
    page = parse_html(response.get_data(as_text=True))
    hrefs = [a.get("href") for a in page.find_all("a") if a.get("href", "").startswith("#f-")]
    assert hrefs == ["#f-namn", "#f-kategori", "#f-dagar", "#f-samtycke"]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "</textarea><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_markup_in_answers_is_escaped_on_the_error_page(client, valid_answers, parse_html, payload):
    valid_answers.update(
        namn=payload, beskrivning=payload, telefon=payload, postnummer=payload, epost=payload
    )

    response = client.post("/api/forms/felanmalan", data=valid_answers)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    page = parse_html(html)
    assert [e.get("value") for e in page.find_all("input", name="namn")] == [payload]
    assert page.find_all("textarea", name="beskrivning")[0].text.strip("\n") == payload
    assert not [e for e in page.find_all("script") if not e.get("src")]


def test_a_choice_that_is_not_an_option_is_never_echoed(client, valid_answers):
    valid_answers["kategori"] = "<script>alert(1)</script>"
    valid_answers["dagar"] = ["<script>alert(2)</script>"]

    html = client.post("/api/forms/felanmalan", data=valid_answers).get_data(as_text=True)

    assert "alert(1)" not in html and "alert(2)" not in html


def test_single_line_answers_lose_their_line_breaks(app, client, submit, valid_answers):
    valid_answers["namn"] = "Anna\r\nÅström\u2028Berg"

    ref = submit(client, "felanmalan", valid_answers)

    raw = app.extensions["forms_outbox"].get(ref).message
    body = email.message_from_bytes(raw, policy=email.policy.default).get_body().get_content()
    assert "Vad heter du?:\r\n    Anna Åström Berg\r\n" in body


def test_answers_to_other_forms_fields_are_ignored(client, submit, app):
    ref = submit(client, "kort", {"meddelande": "Hej", "namn": "Inte en fråga här"})

    message = app.extensions["forms_outbox"].get(ref).message
    assert b"Inte en fr" not in message


def test_no_page_the_api_serves_names_a_recipient(app, client, submit, valid_answers):
    recipients = ("gata@kommun.example", "belysning@kommun.example", "kontakt@kommun.example")
    valid_answers["kategori"] = "Gatubelysning"
    ref = submit(client, "felanmalan", valid_answers)
    valid_answers["epost"] = "fel"
    pages = [
        client.get(f"/api/forms/felanmalan/receipt/{ref}"),
        client.post("/api/forms/felanmalan", data=valid_answers),
        client.post("/api/forms/kort", data={"meddelande": ""}),
        client.post("/api/forms/stangd", data={"asikt": "x"}),
        client.post("/api/forms/finns-inte", data={}),
    ]

    assert [p.status_code for p in pages] == [200, 422, 422, 410, 404]
    for response in pages:
        html = response.get_data(as_text=True)
        assert not [r for r in recipients if r in html]


def test_receipt_shows_a_long_success_text_in_full(client, submit):
    ref = submit(client, "kort", {"meddelande": "Hej"})

    response = client.get(f"/api/forms/kort/receipt/{ref}")

    assert response.status_code == 200
    html = " ".join(response.get_data(as_text=True).split())
    assert "så hittar vi ditt ärende snabbare." in html


def test_form_that_no_page_embeds_still_shows_its_errors(site_dir, make_app, parse_html):
    intro = "Lämna synpunkter på kommunens service. " * 12  # longer than a page description
    (site_dir / "forms" / "synpunkter.yml").write_text(
        "id: synpunkter\ntitle: Synpunkter\n"
        f"intro: {intro.strip()}\n"
        "recipient: synpunkter@kommun.example\nsubject: Synpunkt\nsuccess: Tack.\n"
        "privacy:\n  purpose: Vi läser synpunkterna.\n  legal_basis: Allmänt intresse\n"
        "  recipients: Kontaktcenter.\n  retention: Två år.\n"
        "  protected_identity: Ring oss i stället.\n"
        "fields:\n  - name: synpunkt\n    type: textarea\n    label: Din synpunkt\n"
        "    required: true\n",
        encoding="utf-8",
    )
    client = make_app().test_client()

    response = client.post("/api/forms/synpunkter", data={"synpunkt": ""})

    assert response.status_code == 422
    page = parse_html(response.get_data(as_text=True))
    assert [a.get("href") for a in page.find_all("a") if a.get("href", "").startswith("#f-")] == [
        "#f-synpunkt"
    ]
    assert client.post("/api/forms/synpunkter", data={"synpunkt": "Bra"}).status_code == 303
