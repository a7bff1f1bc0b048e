"""The words of schema errors: where the problem is, what is wrong, and the fix, in plain
language. No pydantic or YAML vocabulary reaches an editor: `fields.grupp.type` is said
"field `grupp`: `type`", a pattern is said "an email address, like ...".
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from .errors import one_line

# Words Swedish editors write for our keys. A word may stand for keys of several schemas
# (`typ` is `type` on a page and `kind` in an alternative); the first allowed one is offered.
SWEDISH_KEYS: dict[str, tuple[str, ...]] = {
    "titel": ("title", "text"),
    "rubrik": ("title", "text"),
    "beskrivning": ("description",),
    "typ": ("type", "kind"),
    "sort": ("kind",),
    "sätt": ("kind",),
    "satt": ("kind",),
    "sprak": ("lang", "language"),
    "språk": ("lang", "language"),
    "ansvarig": ("owner",),
    "agare": ("owner",),
    "ägare": ("owner",),
    "sidansvarig": ("owner",),
    "förvaltning": ("owner",),
    "granskad": ("reviewed",),
    "senast_granskad": ("reviewed",),
    "utkast": ("draft",),
    "datum": ("date",),
    "publicerad": ("date",),
    "vikt": ("weight",),
    "ordning": ("weight",),
    "kontakt": ("contact",),
    "namn": ("name",),
    "steg": ("ladder_step",),
    "formulär": ("form",),
    "formular": ("form",),
    "alias": ("aliases",),
    "adress": ("address",),
    "telefon": ("phone",),
    "tel": ("phone",),
    "epost": ("email",),
    "e-post": ("email",),
    "mejl": ("email",),
    "öppettider": ("hours",),
    "oppettider": ("hours",),
    "tider": ("hours",),
    "webb": ("url", "link"),
    "webbplats": ("url",),
    "hemsida": ("url",),
    "länk": ("url", "link"),
    "lank": ("url", "link"),
    "länktext": ("link_text",),
    "lanktext": ("link_text",),
    "alternativ": ("alternatives", "options"),
    "andra_sätt": ("alternatives",),
    "översättning_av": ("translation_of",),
    "logotyp": ("logo",),
    "färger": ("colours",),
    "farger": ("colours",),
    "colors": ("colours",),
    "meny": ("nav",),
    "uppgifter": ("tasks",),
    "genvägar": ("tasks",),
    "genvagar": ("tasks",),
    "ärenden": ("tasks",),
    "arenden": ("tasks",),
    "mottagare": ("recipient",),
    "ämne": ("subject",),
    "amne": ("subject",),
    "fält": ("fields",),
    "falt": ("fields",),
    "frågor": ("fields",),
    "fragor": ("fields",),
    "fråga": ("label",),
    "etikett": ("label",),
    "hjälptext": ("hint",),
    "hjalptext": ("hint",),
    "obligatorisk": ("required",),
    "krävs": ("required",),
    "val": ("options",),
    "öppnar": ("opens",),
    "stänger": ("closes",),
    "stanger": ("closes",),
    "tack": ("success",),
    "ingress": ("intro",),
    "knapp": ("submit",),
    "syfte": ("purpose",),
}

# Values editors write for a fixed choice, by what they mean (only offered if allowed).
VALUE_WORDS: dict[str, str] = {
    # page types
    "sida": "page",
    "tjänst": "service",
    "tjanst": "service",
    "e-tjänst": "service",
    "nyhet": "news",
    "artikel": "news",
    # form field types
    "checkbox": "checkboxes",
    "kryssruta": "checkboxes",
    "kryssrutor": "checkboxes",
    "flerval": "checkboxes",
    "dropdown": "select",
    "lista": "select",
    "rullista": "select",
    "epost": "email",
    "e-post": "email",
    "e-mail": "email",
    "mail": "email",
    "mejl": "email",
    "textfield": "text",
    "textfält": "text",
    "input": "text",
    "string": "text",
    "textruta": "textarea",
    "fritext": "textarea",
    "telefon": "tel",
    "phone": "tel",
    "telefonnummer": "tel",
    "datum": "date",
    "nummer": "number",
    "tal": "number",
    "siffra": "number",
    "integer": "number",
    "radioknapp": "radio",
    "radioknappar": "radio",
    "radiobutton": "radio",
    "samtycke": "consent",
    "godkännande": "consent",
    # ways to do without e-legitimation
    "blankett": "paper",
    "papper": "paper",
    "pappersblankett": "paper",
    "form": "paper",
    "post": "paper",
    "ring": "phone",
    "besök": "visit",
    "besok": "visit",
    "ombud": "proxy",
    "fullmakt": "proxy",
    "god man": "proxy",
}

# What one entry of a list is called.
ITEM_NOUNS = {
    "fields": "field",
    "alternatives": "alternative",
    "options": "option",
    "aliases": "alias",
    "nav": "menu entry",
    "tasks": "task",
}

TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD (no time)",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a group of `key: value` lines indented below it",
    "model_type": "a group of `key: value` lines indented below it",
    "model_attributes_type": "a group of `key: value` lines indented below it",
}

# Lists written the way editors do, by key.
LIST_EXAMPLES = {
    "aliases": '["/gammal-adress/"]',
    "nav": '["Bygga, bo och miljö", "Trafik och gator"]',
    "options": "[Ja, Nej]",
    "alternatives": '[{kind: phone, text: "Ring kontaktcenter, så hjälper vi dig."}]',
    "tasks": '["/bygga-bo-och-miljo/bygglov/", "/kultur-och-fritid/bibliotek/"]',
}


class Pattern(NamedTuple):
    """How to say what a pattern allows, with an example."""

    words: str
    example: str


# By pattern text; the schema modules own the patterns, this only says them in words.
PATTERN_WORDS: dict[str, Pattern] = {
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": Pattern("an email address", "namn@kommun.example"),
    r"^[a-z]{2,3}(-[A-Z]{2})?$": Pattern("a language code in lower case", "en"),
    r"^#[0-9a-fA-F]{6}$": Pattern("a colour written # and six hex digits", "#1d5c8a"),
    r"^https?://[^\s/]+(/\S*)?$": Pattern(
        "the site's address, starting with https://", "https://www.kommun.example"
    ),
    r"^(https?://|/)": Pattern(
        "an address starting with https:// or a path on this site starting with /",
        "https://www.kommun.example/",
    ),
    r"^(https://[^\s/]+)?/\S*[^/]$": Pattern(
        "a path on this site or an https:// address, with no / at the end", "/api/forms"
    ),
    r"^[a-z][a-z0-9_]{0,39}$": Pattern(
        "a short name of lower-case letters a-z, digits and _, starting with a letter", "epost"
    ),
    r"^[a-z0-9]+(-[a-z0-9]+)*$": Pattern(
        "lower-case letters a-z, digits and single hyphens, the same as the file name",
        "felanmalan",
    ),
    r"^[a-z0-9 -]+$": Pattern("an autocomplete word in lower case", "email"),
}


# -- where -------------------------------------------------------------------------------


class Part(NamedTuple):
    """One step of a location: a schema key, an entry of a list, or a key of a free mapping."""

    kind: str  # "key", "item" or "entry"
    name: str  # the key; for an item, the list's key
    index: int = 0  # for an item: 0-based position
    label: str | None = None  # for an item: its `name:` if it has one


def where(parts: Sequence[Part]) -> str:
    """``fields[2].type`` -> "field `grupp`: `type`"; ``contact.email`` -> "`email` in `contact`"."""
    phrases: list[str] = []
    keys: list[str] = []
    for part in parts:
        if part.kind == "item":
            keys = keys[:-1]  # "field `grupp`" says which list it is in
            phrases.extend(_in(keys))
            keys = []
            which = f"`{part.label}`" if part.label else str(part.index + 1)
            noun = ITEM_NOUNS.get(part.name)
            phrases.append(f"{noun} {which}" if noun else f"entry {which} of `{part.name}`")
        elif part.kind == "entry":
            keys[-1:] = [f"{keys[-1] if keys else ''} for `{part.name}`".strip()]
        else:
            keys.append(f"`{part.name}`")
    phrases.extend(_in(keys))
    return ": ".join(phrases)


def _in(keys: list[str]) -> list[str]:
    """["`contact`", "`email`"] -> ["`email` in `contact`"]."""
    if not keys:
        return []
    return [" in ".join(reversed(keys))]


def last_key(parts: Sequence[Part]) -> str:
    for part in reversed(parts):
        if part.kind == "key":
            return part.name
    return ""


# -- did you mean ----------------------------------------------------------------------------


def did_you_mean(key: str, allowed: list[str]) -> str:
    """A hint for an unknown key: the Swedish word's key, or the closest spelling."""
    folded = key.lower().strip()
    for candidate in SWEDISH_KEYS.get(folded, ()):
        if candidate in allowed:
            return f"; did you mean `{candidate}`?"
    close = difflib.get_close_matches(folded, allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean `{close[0]}`?"
    return f"; allowed keys are {', '.join(f'`{k}`' for k in allowed)}"


def suggested_key(key: str, allowed: list[str]) -> str | None:
    """The key an unknown one most likely means, if any."""
    folded = key.lower().strip()
    for candidate in SWEDISH_KEYS.get(folded, ()):
        if candidate in allowed:
            return candidate
    close = difflib.get_close_matches(folded, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def closest_value(value: Any, allowed: Sequence[str]) -> str | None:
    """The allowed value an editor most likely meant by ``value`` (`checkbox` -> `checkboxes`)."""
    if not isinstance(value, str):
        return None
    folded = value.strip().lower()
    meant = VALUE_WORDS.get(folded)
    if meant in allowed:
        return meant
    close = difflib.get_close_matches(folded, list(allowed), n=1, cutoff=0.6)
    return close[0] if close else None


# -- values as an editor wrote them -----------------------------------------------------------


def shown(value: Any) -> str:
    """A value as it reads in the file, never as Python writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a group of `key: value` lines"
    text = str(value)
    text = one_line(text)  # a message is one line: a line break in the value shows as \n
    text = text if len(text) <= 60 else text[:57] + "..."
    return "'" + text.replace("'", "’") + "'" if "'" in text else f"'{text}'"


def quoted(text: str) -> str:
    """``text`` as a YAML value in quotes that keep it text."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def expected_values(ctx: dict[str, Any]) -> list[str]:
    """The choices of a literal error, from pydantic's text "'a', 'b' or 'c'"."""
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def choice_list(values: Sequence[str]) -> str:
    quoted_values = [f"`{v}`" for v in values]
    if len(quoted_values) < 2:
        return "".join(quoted_values)
    return ", ".join(quoted_values[:-1]) + " or " + quoted_values[-1]
