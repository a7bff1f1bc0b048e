"""Plain data for the theme's form macro: the same for the built page and the API's replies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from ..phones import with_phone_links
from ..strings import LANG_KEY, lang_attr
from .answers import CONSENT_VALUE, Answer
from .conditions import phrase
from .definition import FormDefinition, FormField
from .elements import HONEYPOT, field_id, field_ids, option_id, reveal_place
from .loading import LoadedForm

TIMING = "_t"  # set by the optional script: seconds the page was open
VERSION = "_v"  # the definition's hash, as rendered
PAGE_TOKEN = "_p"  # set by the optional script: a random token for this page load
__all__ = [
    "HONEYPOT",
    "PAGE_TOKEN",
    "TIMING",
    "VERSION",
    "field_id",
    "form_element_ids",
    "form_params",
    "option_id",
    "reveal_place",
]

_INPUT_TYPES = {"text": "text", "email": "email", "tel": "tel", "number": "text", "date": "date"}
_INPUTMODE = {"number": "decimal", "tel": "tel", "email": "email"}
_AUTOCOMPLETE = {"email": "email", "tel": "tel"}
Mark = Callable[[str], str]


def _marker(t: dict[str, str], form_lang: str | None) -> Mark:
    """How to write a theme string in the form: as it is, or, when the theme has no strings
    in the form's language (``t`` then holds the fallback's), in a span that says which
    language it is in, so that a screen reader does not read Swedish as Finnish."""
    other = lang_attr(t.get(LANG_KEY), form_lang) if form_lang else None
    if other is None:
        return lambda text: text
    return lambda text: Markup('<span lang="{}">{}</span>').format(other, text)


def _joined(parts: list[str]) -> str:
    """Editor's and theme's texts side by side, each escaped unless already marked up."""
    if not any(isinstance(part, Markup) for part in parts):
        return " ".join(parts)
    return Markup(" ").join(escape(part) for part in parts)


def form_element_ids(loaded: LoadedForm) -> frozenset[str]:
    """Every id the form puts on its page, so headings on that page can avoid them."""
    ids = {
        section_id(loaded),
        section_id(loaded) + "-title",
        field_id(HONEYPOT),
        "error-summary-title",
    }
    for field in loaded.definition.fields:
        ids |= field_ids(loaded.definition, field).keys()
        place = reveal_place(loaded.definition, field)
        if place:
            ids.add(place[0])  # a block after an option, shared by the fields shown there
    return frozenset(ids)


def section_id(loaded: LoadedForm) -> str:
    return "formular-" + loaded.definition.id


def _long(day: dt.date, t: dict[str, str]) -> str:
    months = t["months"].split()
    return f"{day.day} {months[day.month - 1]} {day.year}"


def closed_text(loaded: LoadedForm, today: dt.date, t: dict[str, str]) -> str | None:
    d = loaded.definition
    if d.opens and today < d.opens:
        return t["forms.not_open"].replace("{date}", _long(d.opens, t))
    if d.closes and today > d.closes:
        return t["forms.closed"].replace("{date}", _long(d.closes, t))
    return None


def form_params(
    loaded: LoadedForm,
    t: dict[str, str],
    *,
    action: str,
    today: dt.date,
    values: Mapping[str, Answer] | None = None,
    errors: Mapping[str, str] | None = None,
    script: str | None = None,
    reveal_script: str | None = None,
    privacy_href: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """``reveal_script`` is published on the page only if a question depends on another.
    ``lang``: the form's language; theme strings in another (a fallback) are marked."""
    d = loaded.definition
    values = values or {}
    errors = errors or {}
    mark = _marker(t, lang)
    ui_lang = lang_attr(t.get(LANG_KEY), lang) if lang else None
    fields = _layout(d, t, values, errors, mark, ui_lang)
    params: dict[str, Any] = {
        "id": section_id(loaded),
        "intro": d.intro,
        "intro_html": with_phone_links(d.intro) if d.intro else None,
        "title": d.title,
        "action": action,
        "closed": None,
        "submit": {"text": d.submit or mark(t["forms.submit"])},
        "hidden": [{"name": VERSION, "value": loaded.version}],
        "honeypot": {
            "id": field_id(HONEYPOT),
            "name": HONEYPOT,
            "label": mark(t["forms.honeypot"]),
        },
        "script": script,
        "reveal_script": reveal_script if any(f.show_if for f in d.fields) else None,
        "fields": fields,
    }
    closed = closed_text(loaded, today, t)
    if closed:
        params["closed"] = {"text": mark(closed)}
        return params
    if errors:
        params["error_summary"] = {
            "title": mark(t["forms.error_title"]),
            "items": [
                {"text": mark(errors[name]), "href": "#" + field_id(name)}
                for name in _page_order(fields)
                if name in errors
            ],
        }
    if d.privacy is not None:
        p = d.privacy
        params["protected_identity"] = {
            "title": mark(t["forms.protected_identity"]),
            "text": p.protected_identity,
            "html": with_phone_links(p.protected_identity),  # "ring oss på 08-..." callable
        }
        params["privacy"] = {
            "heading": mark(t["forms.privacy_heading"]),
            "rows": [
                {"label": mark(t["forms.purpose"]), "text": p.purpose},
                {"label": mark(t["forms.legal_basis"]), "text": p.legal_basis},
                {"label": mark(t["forms.recipients"]), "text": p.recipients},
                {"label": mark(t["forms.retention"]), "text": p.retention},
            ],
            "more": {"text": mark(t["forms.privacy_more"]), "href": privacy_href}
            if privacy_href
            else None,
        }
    return params


def _layout(
    d: FormDefinition,
    t: dict[str, str],
    values: Mapping[str, Answer],
    errors: Mapping[str, str],
    mark: Mark,
    ui_lang: str | None,
) -> list[dict[str, Any]]:
    """The fields as the page nests them: a `show_if` field inside the block of the question it
    depends on, with the controlling options naming that block (``controls``)."""
    params = {
        f.name: _field(f, d, t, values.get(f.name), errors.get(f.name), mark, ui_lang)
        for f in d.fields
    }
    top: list[dict[str, Any]] = []
    for field in d.fields:
        place = reveal_place(d, field)
        if field.show_if is None or place is None:
            top.append(params[field.name])
            continue
        block_id, after_option = place
        host = params[field.show_if.field]
        items = host["params"]["items"]
        if after_option is None:
            host.setdefault("after", []).append({"id": block_id, "fields": [params[field.name]]})
        else:
            block = items[after_option].setdefault("conditional", {"id": block_id, "fields": []})
            block["fields"].append(params[field.name])
        wanted = set(field.show_if.values)
        for item in (item for item in items if item["value"] in wanted):
            if block_id not in item.get("controls", "").split():
                item["controls"] = (item.get("controls", "") + " " + block_id).strip()
    return top


def _page_order(fields: list[dict[str, Any]]) -> list[str]:
    """Field names in the order the page shows them (nested blocks where they sit)."""
    order: list[str] = []
    for field in fields:
        order.append(field["params"]["name"])
        for item in field["params"].get("items", ()):
            order += _page_order(item.get("conditional", {}).get("fields", []))
        for block in field.get("after", ()):
            order += _page_order(block["fields"])
    return order


def _field(
    field: FormField,
    d: FormDefinition,
    t: dict[str, str],
    value: Answer | None,
    error: str | None,
    mark: Mark,
    ui_lang: str | None,
) -> dict[str, Any]:
    fid = field_id(field.name)
    always = field.required or field.required_if is not None or field.type == "consent"
    label = field.label if always else _joined([field.label, mark(t["forms.optional"])])
    hints = [
        mark(t[f"forms.condition.{key}"].replace("{condition}", phrase(condition, d, t)))
        for key, condition in (("show_hint", field.show_if), ("required_hint", field.required_if))
        if condition is not None
    ]
    if field.hint:
        hints.append(field.hint.rstrip() + ("" if field.hint.rstrip()[-1:] in ".!?:" else "."))
    if field.maxlength and field.type in ("text", "textarea"):
        hints.append(mark(t["forms.maxlength_hint"].replace("{n}", str(field.maxlength))))
    params: dict[str, Any] = {
        "id": fid,
        "name": field.name,
        "hint": {"id": fid + "-hint", "text": _joined(hints)} if hints else None,
        "error": {
            "id": fid + "-error",
            "text": mark(error),
            "prefix": mark(t["forms.error_prefix"]),
        }
        if error
        else None,
    }
    if field.type in CHOICE_COMPONENTS:
        chosen = set(value) if isinstance(value, tuple) else {value or ""}
        params["legend"] = {"text": label}
        params["items"] = [
            {"value": o, "text": o, "checked": o in chosen, "selected": o in chosen}
            for o in field.options or ()
        ]
        if field.type == "select":
            params["label"] = {"text": label}
            params["placeholder"] = t["forms.select_placeholder"]
            params["placeholder_lang"] = ui_lang  # an <option> holds text only: no span
        return {"component": CHOICE_COMPONENTS[field.type], "params": params}
    if field.type == "consent":
        params["legend"] = None
        params["items"] = [
            {"value": CONSENT_VALUE, "text": field.label, "checked": value == CONSENT_VALUE}
        ]
        return {"component": "checkboxes", "params": params}
    params["label"] = {"text": label}
    params["value"] = value if isinstance(value, str) else ""
    params["autocomplete"] = field.autocomplete or _AUTOCOMPLETE.get(field.type)
    if field.type == "textarea":
        params["rows"] = 8 if (field.maxlength or 0) > 1000 else 5
        return {"component": "textarea", "params": params}
    params["type"] = _INPUT_TYPES[field.type]
    params["inputmode"] = _INPUTMODE.get(field.type)
    return {"component": "text_input", "params": params}


CHOICE_COMPONENTS = {"radio": "radios", "checkboxes": "checkboxes", "select": "select"}
