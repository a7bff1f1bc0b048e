"""Form definitions (content/forms/*.yml): build errors at the right line, and the built form."""

from __future__ import annotations

import datetime as dt

import pytest

PRIVACY = """\
privacy:
  purpose: Vi handlägger ärendet.
  legal_basis: Allmänt intresse
  recipients: Handläggare.
  retention: Två år.
  protected_identity: Ring oss i stället.
"""

HEAD = (
    """\
id: prov
title: Prov
recipient: prov@kommun.example
subject: Prov
success: Tack.
"""
    + PRIVACY
    + """\
fields:
  - name: forsta
    type: text
    label: Första frågan
"""
)

# The same form without a privacy notice, its one free-text question marked as not personal.
NOT_PERSONAL_HEAD = HEAD.replace(PRIVACY, "").replace(
    "    label: Första frågan\n", "    label: Första frågan\n    personal: false\n"
)

# case -> (the extra field(s) appended to HEAD, words the error must contain,
#          which `- name:` line of the extra text the error must point at (0 = first))
FIELD_ERRORS: dict[str, tuple[str, str, int]] = {
    "radio without options": (
        "  - name: val\n    type: radio\n    label: Val\n",
        "a `radio` field needs `options`",
        0,
    ),
    "checkboxes without options": (
        "  - name: val\n    type: checkboxes\n    label: Val\n",
        "a `checkboxes` field needs `options`",
        0,
    ),
    "select without options": (
        "  - name: val\n    type: select\n    label: Val\n",
        "a `select` field needs `options`",
        0,
    ),
    "options on a text field": (
        "  - name: val\n    type: text\n    label: Val\n    options: [A, B]\n",
        "`options` is only for select, radio and checkboxes",
        0,
    ),
    "the same option twice": (
        "  - name: val\n    type: radio\n    label: Val\n    options: [A, A]\n",
        "the same choice twice",
        0,
    ),
    "route to an unknown option": (
        "  - name: val\n    type: radio\n    label: Val\n    options: [A, B]\n"
        "    route:\n      C: c@kommun.example\n",
        "`route` names 'C', which is not one of the options",
        0,
    ),
    "route to something that is no address": (
        "  - name: val\n    type: select\n    label: Val\n    options: [A, B]\n"
        "    route:\n      A: gatukontoret\n",
        "is not an email address",
        0,
    ),
    "route on checkboxes": (
        "  - name: val\n    type: checkboxes\n    label: Val\n    options: [A, B]\n"
        "    route:\n      A: a@kommun.example\n",
        "`route` is only for select and radio",
        0,
    ),
    "reply_to on a text field": (
        "  - name: val\n    type: text\n    label: Val\n    reply_to: true\n",
        "`reply_to` is only for an `email` field",
        0,
    ),
    "reply_to on two fields": (
        "  - name: a\n    type: email\n    label: A\n    reply_to: true\n"
        "  - name: b\n    type: email\n    label: B\n    reply_to: true\n",
        "only one field may have `reply_to: true`",
        1,
    ),
    "pattern without pattern_error": (
        "  - name: val\n    type: text\n    label: Val\n    pattern: '[0-9]{5}'\n",
        "needs `pattern_error`",
        0,
    ),
    # A pattern RE2 cannot take is reported at its own line: see test_form_patterns.py.
    "pattern on a date field": (
        "  - name: val\n    type: date\n    label: Val\n    pattern: '[0-9]+'\n"
        "    pattern_error: Bara siffror\n",
        "`pattern` is only for text, textarea, email, tel and number fields",
        0,
    ),
    "min on a text field": (
        "  - name: val\n    type: text\n    label: Val\n    min: 1\n",
        "`min` and `max` are only for number and date fields",
        0,
    ),
    "a date field with a number as min": (
        "  - name: val\n    type: date\n    label: Val\n    min: 5\n",
        "`min` and `max` of a date field are dates",
        0,
    ),
    "a number field with a date as max": (
        "  - name: val\n    type: number\n    label: Val\n    max: 2026-01-01\n",
        "`min` and `max` of a number field are numbers",
        0,
    ),
    "maxlength on a number field": (
        "  - name: val\n    type: number\n    label: Val\n    maxlength: 5\n",
        "`maxlength` is only for text, textarea, email and tel fields",
        0,
    ),
    "options on a consent field": (
        "  - name: val\n    type: consent\n    label: Val\n    options: [ja]\n",
        "`options` is only for select, radio and checkboxes",
        0,
    ),
    "route on a textarea": (
        "  - name: val\n    type: textarea\n    label: Val\n"
        "    route:\n      A: a@kommun.example\n",
        "`route` is only for select and radio",
        0,
    ),
    "reply_to on a tel field": (
        "  - name: val\n    type: tel\n    label: Val\n    reply_to: true\n",
        "`reply_to` is only for an `email` field",
        0,
    ),
    "max on an email field": (
        "  - name: val\n    type: email\n    label: Val\n    max: 5\n",
        "`min` and `max` are only for number and date fields",
        0,
    ),
    "maxlength on a select field": (
        "  - name: val\n    type: select\n    label: Val\n    options: [A]\n    maxlength: 5\n",
        "`maxlength` is only for text, textarea, email and tel fields",
        0,
    ),
    "a field whose id is another's option": (
        "  - name: val\n    type: radio\n    label: Val\n    options: [A, B]\n"
        "  - name: val_2\n    type: text\n    label: Val 2\n",
        "field `val_2` would put the id `f-val-2` on the page, which option 2 of `val` has "
        "already; give the field another name",
        1,
    ),
    "a field whose id is another's hint": (
        "  - name: plats\n    type: text\n    label: Plats\n"
        "  - name: plats_hint\n    type: text\n    label: Hint\n",
        "field `plats_hint` would put the id `f-plats-hint` on the page, which the hint of "
        "`plats` has already",
        1,
    ),
    "a field named like the spam trap": (
        "  - name: webbplats\n    type: text\n    label: Vilken webbplats gäller det?\n",
        "`webbplats` is the name of the form's hidden spam trap",
        0,
    ),
    "two fields with one name": (
        "  - name: forsta\n    type: textarea\n    label: Igen\n",
        "a second field is named `forsta`",
        0,
    ),
    "a number field whose min is above its max": (
        "  - name: val\n    type: number\n    label: Val\n    min: 10\n    max: 1\n",
        "`min`",
        0,
    ),
    "a date field whose min is after its max": (
        "  - name: val\n    type: date\n    label: Val\n    min: 2027-01-01\n    max: 2026-01-01\n",
        "`min`",
        0,
    ),
}


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth]


@pytest.mark.parametrize(("extra", "words", "nth"), FIELD_ERRORS.values(), ids=FIELD_ERRORS.keys())
def test_field_error_names_the_file_and_the_fields_line(scratch_errors, extra, words, nth):
    text = HEAD + extra

    errors = scratch_errors({"forms/prov.yml": text})

    assert len(errors) == 1, errors
    line = line_of(text, "- name:", nth + 1)  # +1: HEAD has its own field first
    assert errors[0].startswith(f"forms/prov.yml:{line}: error: "), errors[0]
    assert words in errors[0]


def test_unknown_field_type_points_at_its_type_line(scratch_errors):
    text = HEAD + "  - name: bilaga\n    type: file\n    label: Bifoga en fil\n"

    errors = scratch_errors({"forms/prov.yml": text})

    assert errors == [
        f"forms/prov.yml:{line_of(text, 'type: file')}: error: field `bilaga`: `type` must be "
        "one of `text`, `textarea`, `email`, `tel`, `number`, `date`, `select`, `radio`, "
        "`checkboxes` or `consent`, not 'file'"
    ]


def test_misspelt_field_key_suggests_the_right_one(scratch_errors):
    text = HEAD + "  - name: val\n    type: text\n    label: Val\n    requird: true\n"

    errors = scratch_errors({"forms/prov.yml": text})

    assert errors == [
        f"forms/prov.yml:{line_of(text, 'requird')}: error: unknown key `requird` in field "
        "`val`; did you mean `required`?"
    ]


def test_subject_placeholder_naming_no_field_points_at_the_subject(scratch_errors):
    text = HEAD.replace("subject: Prov", "subject: 'Ärende: {kategori}'")

    errors = scratch_errors({"forms/prov.yml": text})

    assert len(errors) == 1
    assert errors[0].startswith(f"forms/prov.yml:{line_of(text, 'subject:')}: error: ")
    assert "{kategori}" in errors[0] and "forsta" in errors[0]


@pytest.mark.parametrize(
    "subject",
    ["'Ärende {forsta'", "'Ärende }'", "'Ärende {}'"],
    ids=["unclosed-brace", "lone-closing-brace", "empty-braces"],
)
def test_broken_subject_placeholder_is_an_error_not_a_crash(scratch_errors, subject):
    text = HEAD.replace("subject: Prov", f"subject: {subject}")

    errors = scratch_errors({"forms/prov.yml": text})

    assert len(errors) == 1
    assert errors[0].startswith(f"forms/prov.yml:{line_of(text, 'subject:')}: error: ")


def test_id_must_match_the_file_name(scratch_errors):
    errors = scratch_errors({"forms/annat-namn.yml": HEAD})

    assert errors == [
        "forms/annat-namn.yml:1: error: `id: prov` must match the file name; "
        "rename the file to prov.yml"
    ]


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("  - name: epost\n    type: email\n    label: E-post\n", "epost"),
        ("  - name: telefon\n    type: tel\n    label: Telefon\n", "telefon"),
        ("  - name: namn\n    type: text\n    label: Namn\n    autocomplete: name\n", "namn"),
        ("  - name: adress\n    type: text\n    label: Adress\n    personal: true\n", "adress"),
    ],
)
def test_personal_data_without_privacy_points_at_the_personal_field(scratch_errors, field, name):
    text = NOT_PERSONAL_HEAD + field

    errors = scratch_errors({"forms/prov.yml": text})

    assert len(errors) == 1
    assert errors[0].startswith(f"forms/prov.yml:{line_of(text, f'- name: {name}')}: error: ")
    assert f"field `{name}` collects personal data" in errors[0]
    assert "privacy:" in errors[0]


def test_form_without_personal_data_needs_no_privacy(make_scratch):
    text = NOT_PERSONAL_HEAD

    site = make_scratch({"forms/prov.yml": text})

    assert "prov" in site.index.forms.forms


def test_free_text_counts_as_personal_data_unless_marked_otherwise(scratch_errors):
    errors = scratch_errors({"forms/prov.yml": HEAD.replace(PRIVACY, "")})

    assert errors == [
        f"forms/prov.yml:{line_of(HEAD.replace(PRIVACY, ''), '- name: forsta')}: error: field "
        "`forsta` collects personal data (residents write names, addresses and more in free "
        "text), so the form needs `privacy:` with purpose, legal_basis, recipients, retention "
        "and protected_identity (or mark the field `personal: false` if it cannot identify "
        "anyone)"
    ]


def test_email_field_marked_not_personal_needs_no_privacy(make_scratch):
    text = NOT_PERSONAL_HEAD + (
        "  - name: epost\n    type: email\n    label: Funktionsbrevlåda\n    personal: false\n"
    )

    site = make_scratch({"forms/prov.yml": text})

    assert "prov" in site.index.forms.forms


def test_opens_after_closes_points_at_closes(scratch_errors):
    text = HEAD.replace("success: Tack.", "success: Tack.\nopens: 2026-05-01\ncloses: 2026-04-01")

    errors = scratch_errors({"forms/prov.yml": text})

    assert errors == [
        f"forms/prov.yml:{line_of(text, 'closes:')}: error: `closes` is before `opens`"
    ]


def test_impossible_date_points_at_its_line(scratch_errors):
    text = HEAD.replace("success: Tack.", "success: Tack.\ncloses: 2026-02-30")

    errors = scratch_errors({"forms/prov.yml": text})

    assert len(errors) == 1
    assert errors[0].startswith(f"forms/prov.yml:{line_of(text, 'closes:')}: error: ")


def test_page_naming_a_missing_form_is_a_build_error(scratch_errors):
    page = "---\ntitle: Kontakt\ndescription: Kontakta oss.\nform: prv\n---\n\nText.\n"

    errors = scratch_errors({"forms/prov.yml": HEAD, "Kontakt.md": page})

    assert errors == [
        "Kontakt.md:4: error: `form: prv` names no form in content/forms/; did you mean `prov`?"
    ]


def test_page_naming_a_form_when_there_are_none_is_a_build_error(scratch_errors):
    page = "---\ntitle: Kontakt\ndescription: Kontakta oss.\nform: nonexistent\n---\n\nText.\n"

    errors = scratch_errors({"Kontakt.md": page})

    assert errors == ["Kontakt.md:4: error: `form: nonexistent` names no form in content/forms/"]


def test_broken_form_is_reported_once_not_again_for_its_page(scratch_errors):
    page = "---\ntitle: Kontakt\ndescription: Kontakta oss.\nform: prov\n---\n\nText.\n"
    text = HEAD + "  - name: val\n    type: radio\n    label: Val\n"

    errors = scratch_errors({"forms/prov.yml": text, "Kontakt.md": page})

    assert len(errors) == 1 and errors[0].startswith("forms/prov.yml:")


# -- the built page ----------------------------------------------------------------------------

ROUTED = (
    """\
id: felanmalan
title: Felanmälan
recipient: gata@kommun.example
subject: "Felanmälan: {kategori}"
success: Tack.
"""
    + PRIVACY
    + """\
fields:
  - name: kategori
    type: radio
    label: Vad gäller det?
    required: true
    options: [Belysning, Park, Annat]
    route:
      Belysning: belysning@kommun.example
      Park: park@kommun.example
  - name: epost
    type: email
    label: E-post
    reply_to: true
"""
)

CLOSED = HEAD.replace("id: prov", "id: stangd").replace(
    "recipient: prov@kommun.example", "recipient: stangd@kommun.example\ncloses: 2026-03-31"
)
NOT_OPEN = HEAD.replace("id: prov", "id: snart").replace(
    "recipient: prov@kommun.example", "recipient: snart@kommun.example\nopens: 2027-01-15"
)
PAGES = {
    "Felanmälan.md": "---\ntitle: Felanmälan\ndescription: Anmäl fel.\nform: felanmalan\n---\n\nText.\n",
    "Stängt.md": "---\ntitle: Stängt\ndescription: Ett stängt rådslag.\nform: stangd\n---\n\nText.\n",
    "Snart.md": "---\ntitle: Snart\ndescription: Ett kommande rådslag.\nform: snart\n---\n\nText.\n",
    "forms/felanmalan.yml": ROUTED,
    "forms/stangd.yml": CLOSED,
    "forms/snart.yml": NOT_OPEN,
}
ADDRESSES = (
    "gata@kommun.example",
    "belysning@kommun.example",
    "park@kommun.example",
    "stangd@kommun.example",
    "snart@kommun.example",
)


@pytest.fixture
def form_site(make_scratch):
    return make_scratch(PAGES, today=dt.date(2026, 11, 25))


def test_built_page_posts_the_form_to_the_api(form_site, parse_html):
    page = parse_html(form_site.files["felanmalan/index.html"].decode())

    (form,) = page.find_all("form", method="post")
    assert form.get("action") == "/api/forms/felanmalan"
    assert form.get("method") == "post"
    assert [e.get("value") for e in page.find_all("input", name="kategori")] == [
        "Belysning",
        "Park",
        "Annat",
    ]
    assert page.find_all("input", name="webbplats", tabindex="-1")
    assert "Så behandlar vi dina personuppgifter" in form.text


def test_no_recipient_address_is_ever_published(form_site):
    leaks = [
        (path, address)
        for path, content in form_site.files.items()
        for address in ADDRESSES
        if address.encode() in content
    ]

    assert leaks == []


def test_closed_form_shows_when_it_closed_and_no_form(form_site, parse_html):
    html = form_site.files["stangt/index.html"].decode()
    page = parse_html(html)

    assert page.find_all("form", method="post") == []
    assert "Formuläret stängde 31 mars 2026" in html
    assert page.find_all("div", **{"class": "box box--warning form-closed"})


def test_form_not_yet_open_shows_when_it_opens_and_no_form(form_site, parse_html):
    html = form_site.files["snart/index.html"].decode()

    assert parse_html(html).find_all("form", method="post") == []
    assert "Formuläret öppnar 15 januari 2027" in html


def test_form_is_open_on_its_last_day(make_scratch, parse_html):
    site = make_scratch(PAGES, today=dt.date(2026, 3, 31))

    assert parse_html(site.files["stangt/index.html"].decode()).find_all("form", method="post")


def test_a_yaml_suffix_is_read_like_yml(make_scratch):
    site = make_scratch({"forms/prov.yaml": NOT_PERSONAL_HEAD})

    assert "prov" in site.index.forms.forms


def test_nothing_in_the_forms_folder_is_silently_left_out(scratch_errors):
    other = NOT_PERSONAL_HEAD.replace("id: prov", "id: annan")
    errors = scratch_errors(
        {
            "forms/prov.yml": NOT_PERSONAL_HEAD,
            "forms/prov.yaml": NOT_PERSONAL_HEAD,
            "forms/Annan.YML": other,
            "forms/gamla/annan.yml": other,
            "forms/blankett.pdf": b"%PDF",
            "forms/.utkast.yml": "inte en definition",
        }
    )

    assert errors == [
        "forms/Annan.YML:1: error: content/forms/ holds only form definitions, each named "
        "`<id>.yml`; rename it to `Annan.yml`",
        "forms/blankett.pdf:1: error: content/forms/ holds only form definitions, each named "
        "`<id>.yml`; move it out of forms/ (a file residents download goes next to the page "
        "that links it)",
        "forms/gamla:1: error: content/forms/ holds one file per form and no folders; move the "
        "definitions in `gamla/` up into content/forms/",
        "forms/prov.yml:1: error: the form `prov` is also defined in prov.yaml; keep one of the "
        "two files",
    ]
