"""Conditional questions (`show_if`, `required_if`): the build checks each condition at its
line, the server decides them on the answers, and the page shows every question without
JavaScript, with the condition in the hint, nested where the script reveals it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitebuilder.forms.answers import check_answers
from sitebuilder.forms.definition import FormDefinition
from sitebuilder.forms.loading import LoadedForm
from sitebuilder.forms.view import form_element_ids, form_params
from sitebuilder.strings import load_strings

REPO = Path(__file__).resolve().parents[3]
T = load_strings(REPO / "theme" / "strings", "sv").for_lang("sv")

HEAD = """\
id: prov
title: Prov
recipient: prov@kommun.example
subject: Prov
success: Tack.
privacy:
  purpose: Vi svarar dig.
  legal_basis: Allmänt intresse
  recipients: Handläggare.
  retention: Två år.
  protected_identity: Ring oss i stället.
fields:
  - name: kontaktsatt
    type: radio
    label: Hur vill du att vi kontaktar dig?
    options: [E-post, Telefon, Brev]
"""
TELEFON = """\
  - name: telefon
    type: tel
    label: Vilket telefonnummer har du?
    required: true
    show_if: {field: kontaktsatt, is: Telefon}
"""


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][nth]


# -- the build -------------------------------------------------------------------------------

# case -> (fields appended to HEAD, the line (its text) the error points at, the message)
MISTAKES: dict[str, tuple[str, str, str]] = {
    "a field that does not exist": (
        "  - name: telefon\n    type: tel\n    label: Telefon\n"
        "    show_if: {field: kontaktsat, is: Telefon}\n",
        "show_if:",
        "field `telefon`: `show_if` names `kontaktsat`, which is no field of this form; "
        "did you mean `kontaktsatt`?",
    ),
    "the field itself": (
        "  - name: val\n    type: radio\n    label: Val\n    options: [A, B]\n"
        "    show_if: {field: val, is: A}\n",
        "show_if:",
        "field `val`: `show_if` names the field itself; name an earlier question whose answer "
        "decides whether this one is asked",
    ),
    "a later field": (
        "  - name: telefon\n    type: tel\n    label: Telefon\n"
        "    required_if: {field: val, is: A}\n"
        "  - name: val\n    type: radio\n    label: Val\n    options: [A, B]\n",
        "required_if:",
        "field `telefon`: `required_if` names `val`, which comes after this field; move "
        "`telefon` below `val` (a question can only depend on an earlier answer)",
    ),
    "a cycle": (
        "  - name: a\n    type: radio\n    label: A\n    options: [Ja, Nej]\n"
        "    show_if: {field: b, is: Ja}\n"
        "  - name: b\n    type: radio\n    label: B\n    options: [Ja, Nej]\n"
        "    show_if: {field: a, is: Ja}\n",
        "show_if: {field: b",
        "field `a`: `show_if` names `b`, which comes after this field; move `a` below `b` "
        "(a question can only depend on an earlier answer)",
    ),
    "a free-text field": (
        "  - name: namn\n    type: text\n    label: Namn\n"
        "  - name: telefon\n    type: tel\n    label: Telefon\n"
        "    show_if: {field: namn, is: Anna}\n",
        "show_if:",
        "field `telefon`: `show_if` names `namn`, a text field; a condition needs a select, "
        "radio, checkboxes or consent field, whose answers are known in advance",
    ),
    "an answer that is no option": (
        "  - name: telefon\n    type: tel\n    label: Telefon\n"
        "    show_if:\n      field: kontaktsatt\n      is: telefon\n",
        "is: telefon",
        "field `telefon`: `is` names 'telefon', which is not one of the options of "
        "`kontaktsatt` (E-post, Telefon, Brev); did you mean `Telefon`?",
    ),
    "a list with an answer that is no option": (
        "  - name: namn\n    type: text\n    label: Namn\n"
        "    show_if:\n      field: kontaktsatt\n      is: [Telefon, SMS]\n",
        "is: [Telefon, SMS]",
        "field `namn`: `is` names 'SMS', which is not one of the options of `kontaktsatt` "
        "(E-post, Telefon, Brev); write one of them, as written there",
    ),
    "a consent box with an option": (
        "  - name: kopia\n    type: consent\n    label: Jag vill ha en kopia\n"
        "  - name: adress\n    type: text\n    label: Adress\n"
        "    show_if:\n      field: kopia\n      is: Ja\n",
        "is: Ja",
        "field `adress`: `kopia` is a consent box: write `is: true` (when it is ticked)",
    ),
    "yes on a radio": (
        "  - name: namn\n    type: text\n    label: Namn\n"
        "    show_if:\n      field: kontaktsatt\n      is: yes\n",
        "is: yes",
        "field `namn`: `is` is a yes/no value here (YAML reads yes, no, on, off, true and "
        "false that way), which fits only a consent box; write one of the options of "
        '`kontaktsatt` in quotes, e.g. `is: "E-post"`',
    ),
    "both show_if and required_if": (
        "  - name: namn\n    type: text\n    label: Namn\n"
        "    show_if: {field: kontaktsatt, is: Brev}\n"
        "    required_if: {field: kontaktsatt, is: Brev}\n",
        "- name: namn",
        "field `namn`: a field has `show_if` (asked only then; add `required: true` to make "
        "it required then) or `required_if` (always asked), not both",
    ),
    "required and required_if": (
        "  - name: namn\n    type: text\n    label: Namn\n    required: true\n"
        "    required_if: {field: kontaktsatt, is: Brev}\n",
        "- name: namn",
        "field `namn`: `required: true` makes the field always required, `required_if` only "
        "when the condition holds; keep one of them",
    ),
    "a misspelt key": (
        "  - name: namn\n    type: text\n    label: Namn\n"
        "    show_if: {field: kontaktsatt, iss: Brev}\n",
        "show_if:",
        "field `namn`: `show_if`: unknown key `iss`; did you mean `is`? (e.g. "
        "`show_if: {field: kontaktsatt, is: Telefon}`)",
    ),
    "no answer at all": (
        "  - name: namn\n    type: text\n    label: Namn\n    show_if: {field: kontaktsatt}\n",
        "show_if:",
        "field `namn`: `show_if`: `is` is missing; a condition has both, e.g. "
        "`show_if: {field: kontaktsatt, is: Telefon}`",
    ),
    "a bare name": (
        "  - name: namn\n    type: text\n    label: Namn\n    show_if: kontaktsatt\n",
        "show_if:",
        "field `namn`: `show_if`: a condition names a question and its answer, e.g. "
        "`show_if: {field: kontaktsatt, is: Telefon}`",
    ),
    "an empty list": (
        "  - name: namn\n    type: text\n    label: Namn\n"
        "    show_if: {field: kontaktsatt, is: []}\n",
        "show_if:",
        "field `namn`: `is` in `show_if`: `is` is the answer that makes the condition true: one "
        "option of that question, e.g. `is: Telefon`, or a list of options, e.g. "
        "`is: [Telefon, E-post]` (write an option that looks like a number or yes/no in "
        'quotes: `is: "1"`)',
    ),
}


@pytest.mark.parametrize(("extra", "at", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_condition_mistake_is_an_error_at_its_line(scratch_errors, extra, at, message):
    text = HEAD + extra

    errors = scratch_errors({"forms/prov.yml": text})

    assert errors == [f"forms/prov.yml:{line_of(text, at)}: error: {message}"]


def test_a_condition_on_a_conditional_question_is_accepted(make_scratch):
    text = HEAD + (
        "  - name: tider\n    type: checkboxes\n    label: När kan vi ringa?\n"
        "    options: [Förmiddag, Eftermiddag]\n    show_if: {field: kontaktsatt, is: Telefon}\n"
        "  - name: kvart\n    type: select\n    label: Vilken kvart?\n"
        "    options: ['13:00', '13:15']\n    show_if: {field: tider, is: Eftermiddag}\n"
    )

    site = make_scratch({"forms/prov.yml": text})

    assert "prov" in site.index.forms.forms


# -- the server ------------------------------------------------------------------------------


def definition(*fields: dict[str, Any]) -> FormDefinition:
    return FormDefinition.model_validate(
        {
            "id": "prov",
            "title": "Prov",
            "recipient": "prov@kommun.example",
            "subject": "Prov",
            "success": "Tack.",
            "fields": [{"personal": False, **f} for f in fields],
        }
    )


KONTAKT = definition(
    {
        "name": "kontaktsatt",
        "type": "radio",
        "label": "Hur vill du att vi kontaktar dig?",
        "required": True,
        "options": ["E-post", "Telefon", "Jag vill inte bli kontaktad"],
    },
    {
        "name": "epost",
        "type": "email",
        "label": "Vilken är din e-postadress?",
        "required": True,
        "show_if": {"field": "kontaktsatt", "is": "E-post"},
    },
    {
        "name": "telefon",
        "type": "tel",
        "label": "Vilket telefonnummer har du?",
        "required": True,
        "show_if": {"field": "kontaktsatt", "is": "Telefon"},
    },
    {
        "name": "namn",
        "type": "text",
        "label": "Vad heter du?",
        "required_if": {"field": "kontaktsatt", "is": ["E-post", "Telefon"]},
    },
)


def check(d: FormDefinition, **posted: str | list[str]):
    def get_list(name: str) -> list[str]:
        value = posted.get(name)
        return [] if value is None else [value] if isinstance(value, str) else list(value)

    return check_answers(d, get_list, T)


def test_telefon_without_a_number_is_refused_naming_the_phone_field():
    checked = check(KONTAKT, kontaktsatt="Telefon", namn="Anna")

    assert checked.errors == {
        "telefon": "Svara på frågan ”Vilket telefonnummer har du?”, eftersom du valde ”Telefon”"
    }


def test_a_question_whose_condition_fails_is_not_checked_and_its_answer_is_dropped():
    checked = check(
        KONTAKT, kontaktsatt="E-post", epost="anna@example.com", telefon="inte ett nummer", namn="A"
    )

    assert checked.valid, checked.errors
    assert checked.answers == {"kontaktsatt": "E-post", "epost": "anna@example.com", "namn": "A"}


def test_required_if_keeps_the_question_and_requires_it_only_when_the_answer_asks():
    refused = check(KONTAKT, kontaktsatt="E-post", epost="anna@example.com")
    assert refused.errors == {
        "namn": "Svara på frågan ”Vad heter du?”, eftersom du valde ”E-post” eller ”Telefon”"
    }

    anonymous = check(KONTAKT, kontaktsatt="Jag vill inte bli kontaktad", namn="Anna")
    assert anonymous.valid
    assert anonymous.answers == {"kontaktsatt": "Jag vill inte bli kontaktad", "namn": "Anna"}


def test_nothing_chosen_asks_no_dependent_question():
    checked = check(KONTAKT, epost="", telefon="08-123 456 78")

    assert checked.errors == {
        "kontaktsatt": "Välj ett alternativ för ”Hur vill du att vi kontaktar dig?”"
    }
    assert "telefon" not in checked.answers


def test_an_answer_that_is_no_option_asks_no_dependent_question():
    checked = check(KONTAKT, kontaktsatt="Telefon ", telefon="")  # clean() trims: still Telefon
    assert set(checked.errors) == {"telefon", "namn"}

    forged = check(KONTAKT, kontaktsatt="Fax", telefon="")
    assert set(forged.errors) == {"kontaktsatt"}


def test_format_errors_of_a_dependent_question_are_the_usual_ones():
    checked = check(KONTAKT, kontaktsatt="Telefon", telefon="ring mig", namn="A")

    assert checked.errors == {
        "telefon": "Skriv ett telefonnummer med siffror, till exempel 08-123 456 78"
    }


NESTED = definition(
    {
        "name": "behov",
        "type": "checkboxes",
        "label": "Behöver du hjälp?",
        "options": ["Tolk", "Hörslinga"],
    },
    {
        "name": "sprak",
        "type": "select",
        "label": "Vilket språk?",
        "required": True,
        "options": ["Arabiska", "Finska", "Annat"],
        "show_if": {"field": "behov", "is": "Tolk"},
    },
    {
        "name": "vilket",
        "type": "text",
        "label": "Vilket annat språk?",
        "required": True,
        "show_if": {"field": "sprak", "is": "Annat"},
    },
    {"name": "kopia", "type": "consent", "label": "Jag vill ha en kopia"},
    {
        "name": "adress",
        "type": "textarea",
        "label": "Vart ska kopian?",
        "required": True,
        "show_if": {"field": "kopia", "is": True},
    },
)


def test_a_condition_on_a_conditional_question_follows_the_chain():
    assert check(NESTED, behov=["Hörslinga", "Tolk"], sprak="Annat").errors == {
        "vilket": "Svara på frågan ”Vilket annat språk?”, eftersom du valde ”Annat”"
    }
    # Without Tolk, the language is not asked, so neither is the question that depends on it,
    # whatever is posted for them.
    checked = check(NESTED, behov="Hörslinga", sprak="Annat", vilket="")
    assert checked.valid
    assert checked.answers == {"behov": ("Hörslinga",), "kopia": ""}


def test_a_consent_box_as_the_condition():
    assert check(NESTED, kopia="ja").errors == {
        "adress": "Svara på frågan ”Vart ska kopian?”, eftersom du kryssade i rutan "
        "”Jag vill ha en kopia”"
    }
    assert check(NESTED, adress="Storgatan 1").answers == {"behov": (), "kopia": ""}


# -- the page --------------------------------------------------------------------------------


def params(d: FormDefinition, **kwargs: Any) -> dict[str, Any]:
    loaded = LoadedForm(d, Path("forms/prov.yml"), "abc123")
    return form_params(
        loaded,
        T,
        action="/api/forms/prov",
        today=__import__("datetime").date(2026, 11, 25),
        script="/assets/form-timing.js",
        reveal_script="/assets/form-reveal.js",
        **kwargs,
    )


def test_dependent_question_sits_in_the_block_after_its_option():
    fields = params(KONTAKT)["fields"]

    assert [f["params"]["name"] for f in fields] == ["kontaktsatt", "namn"]
    items = fields[0]["params"]["items"]
    assert [item.get("controls") for item in items] == [
        "conditional-f-kontaktsatt",
        "conditional-f-kontaktsatt-2",
        None,
    ]
    assert items[1]["conditional"]["id"] == "conditional-f-kontaktsatt-2"
    assert [f["params"]["name"] for f in items[1]["conditional"]["fields"]] == ["telefon"]


def test_without_javascript_the_hint_says_when_a_question_applies():
    fields = params(KONTAKT)["fields"]
    telefon = fields[0]["params"]["items"][1]["conditional"]["fields"][0]["params"]
    namn = fields[1]["params"]

    assert telefon["hint"]["text"] == "Svara bara om du valde ”Telefon” ovan."
    assert telefon["label"]["text"] == "Vilket telefonnummer har du?"
    assert namn["hint"]["text"] == "Du måste svara om du valde ”E-post” eller ”Telefon” ovan."
    assert namn["label"]["text"] == "Vad heter du?"  # not "(frivilligt)": sometimes required


def test_a_select_or_several_answers_reveal_after_the_question():
    fields = params(NESTED)["fields"]
    behov, kopia = fields
    sprak = behov["params"]["items"][0]["conditional"]["fields"][0]
    assert sprak["params"]["name"] == "sprak"
    assert sprak["after"] == [{"id": "reveal-f-vilket", "fields": [sprak["after"][0]["fields"][0]]}]
    assert [i.get("controls") for i in sprak["params"]["items"]] == [None, None, "reveal-f-vilket"]
    assert kopia["params"]["items"][0]["controls"] == "conditional-f-kopia"


def test_the_script_comes_only_with_a_form_that_has_a_dependent_question():
    assert params(KONTAKT)["reveal_script"] == "/assets/form-reveal.js"
    plain = definition({"name": "fraga", "type": "textarea", "label": "Din fråga"})
    assert params(plain)["reveal_script"] is None


def test_error_summary_lists_problems_in_the_order_the_page_shows_them():
    d = definition(
        {"name": "a", "type": "radio", "label": "A", "options": ["Ja", "Nej"]},
        {"name": "b", "type": "text", "label": "B", "required": True},
        {
            "name": "c",
            "type": "text",
            "label": "C",
            "required": True,
            "show_if": {"field": "a", "is": "Ja"},
        },
    )
    checked = check(d, a="Ja")
    assert list(checked.errors) == ["b", "c"]  # the definition's order

    summary = params(d, values=checked.answers, errors=checked.errors)["error_summary"]

    assert [item["href"] for item in summary["items"]] == ["#f-c", "#f-b"]  # the page's


def test_reveal_blocks_are_ids_headings_avoid():
    loaded = LoadedForm(NESTED, Path("forms/prov.yml"), "abc123")

    assert {"conditional-f-behov", "reveal-f-vilket", "conditional-f-kopia"} <= form_element_ids(
        loaded
    )


def test_built_page_nests_the_question_and_leaves_it_visible(make_scratch, parse_html):
    page = "---\ntitle: Kontakt\ndescription: Kontakta oss.\nform: prov\n---\n\nText.\n"
    site = make_scratch({"forms/prov.yml": HEAD + TELEFON, "Kontakt.md": page})
    html = site.files["kontakt/index.html"].decode()
    outline = parse_html(html)

    (telefon_radio,) = outline.find_all("input", id="f-kontaktsatt-2")
    assert telefon_radio.get("data-aria-controls") == "conditional-f-kontaktsatt-2"
    assert telefon_radio.get("aria-controls") is None  # the script sets it, with the state
    (block,) = outline.find_all("div", id="conditional-f-kontaktsatt-2")
    assert block.get("class") == "form-conditional"  # not hidden: only the script hides it
    assert "fieldset" in block.parents  # inside the question it belongs to
    (phone,) = outline.find_all("input", id="f-telefon")
    assert "div" in phone.parents and phone.get("aria-describedby") == "f-telefon-hint"
    order = [e.get("id") for e in outline.elements if e.get("id", "").startswith(("f-", "cond"))]
    assert (
        order.index("f-kontaktsatt-2") < order.index("f-telefon") < order.index("f-kontaktsatt-3")
    )
    assert "style=" not in html
    scripts = [e.get("src") for e in outline.find_all("script")]
    assert any("/assets/form-reveal." in (src or "") for src in scripts)
    assert all(e.get("src") for e in outline.find_all("script"))  # no inline script
    assert any(
        path.startswith("assets/form-reveal.") and path.endswith(".js") for path in site.files
    )
