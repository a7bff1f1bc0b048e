"""Check a resident's answers against a form definition. Pure: no web framework involved.

Every regular expression that reads an answer runs on RE2 (``patterns.compiled``), in time
linear in the answer: the editors' `pattern`s and the fixed checks below alike.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from . import patterns
from .conditions import holds, phrase
from .definition import CHOICE_TYPES, CONSENT_VALUE, Condition, FormDefinition, FormField

Answer = str | tuple[str, ...]
# Deliberately narrower than RFC 5322: no quoted parts, comments, `=` or `?` (which could
# smuggle encoded words into the Reply-To header), and an ASCII domain.
EMAIL = patterns.compiled(
    r"^[A-Za-z0-9!#$%&'*+/^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
TEL = patterns.compiled(r"^\+?[0-9 ()\-]{5,25}$")
ISO_DATE = patterns.compiled(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
LINK = patterns.compiled(r"(?i)https?://|www\.")
# Anything but ordinary whitespace among the control and format characters is removed.
_KEEP = {"\n", "\t"}


def clean(text: str) -> str:
    """NFC, CRLF -> LF, no control or bidi-override characters, trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    return text.strip()


@dataclass(frozen=True)
class Checked:
    # Every question that was asked, normalised; "" or () when not answered. A question whose
    # `show_if` does not hold is left out: not checked, not kept, not emailed.
    answers: dict[str, Answer]
    errors: dict[str, str]  # field name -> message, in the form's order
    links: int  # links in free text, a spam signal

    @property
    def valid(self) -> bool:
        return not self.errors


def _fmt(template: str, **values: object) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def check_answers(
    definition: FormDefinition, get_list: Callable[[str], list[str]], t: dict[str, str]
) -> Checked:
    """Validate posted values (``get_list(name)`` gives every value sent for a name).

    Fields are taken in the form's order, so each condition is decided on the answers above
    it, as they were checked: a question that was not asked cannot make another one apply.
    """
    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    links = 0
    for field in definition.fields:
        if field.show_if is not None and not holds(field.show_if, answers):
            continue
        because = _required_by(field, answers)
        required = field.required if field.required_if is None else because is not None
        raw = [clean(v) for v in get_list(field.name)]
        if field.type == "checkboxes":
            chosen = tuple(v for v in (field.options or ()) if v in raw)
            answers[field.name] = chosen
            if any(v and v not in (field.options or ()) for v in raw):
                errors[field.name] = _fmt(t["forms.error.invalid_choice"], label=field.label)
            elif required and not chosen:
                message = _fmt(t["forms.error.choose_some"], label=field.label)
                errors[field.name] = _because(message, because, definition, t)
            continue
        value = raw[0] if raw else ""
        if field.type != "textarea":
            value = " ".join(value.split())  # one line: no line breaks outside free text
        answers[field.name] = value
        if field.type in ("text", "textarea"):
            links += len(LINK.findall(value))
        message = _check_one(field, value, t, required=required)
        if message:
            errors[field.name] = _because(message, because, definition, t) if not value else message
    return Checked(answers, errors, links)


def _required_by(field: FormField, answers: dict[str, Answer]) -> Condition | None:
    """The condition that makes this (asked) field required now, to name it in the error."""
    if field.required_if is not None:
        return field.required_if if holds(field.required_if, answers) else None
    return field.show_if if field.required else None


def _because(
    message: str, condition: Condition | None, definition: FormDefinition, t: dict[str, str]
) -> str:
    if condition is None:
        return message
    return _fmt(
        t["forms.error.because"], message=message, condition=phrase(condition, definition, t)
    )


def _check_one(field: FormField, value: str, t: dict[str, str], *, required: bool) -> str | None:
    label = field.label
    if not value:
        if not required:
            return None
        if field.type == "consent":
            return _fmt(t["forms.error.consent"], label=label)
        key = "forms.error.choose" if field.type in CHOICE_TYPES else "forms.error.required"
        return _fmt(t[key], label=label)
    if field.type == "consent":
        return None if value == CONSENT_VALUE else _fmt(t["forms.error.consent"], label=label)
    if field.type in ("select", "radio"):
        return (
            None
            if value in (field.options or ())
            else _fmt(t["forms.error.invalid_choice"], label=label)
        )
    if field.maxlength is not None and len(value) > field.maxlength:
        return _fmt(t["forms.error.maxlength"], label=label, n=field.maxlength, count=len(value))
    if field.type == "email" and (len(value) > 254 or not EMAIL.match(value)):
        return t["forms.error.email"]
    if field.type == "tel" and (not TEL.match(value) or sum(ch.isdigit() for ch in value) < 5):
        return t["forms.error.tel"]
    if field.type == "number":
        try:
            number = float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return _fmt(t["forms.error.number"], label=label)
        if not math.isfinite(number):
            return _fmt(t["forms.error.number"], label=label)
        if isinstance(field.min, float | int) and number < field.min:
            return _fmt(t["forms.error.min"], label=label, min=_num(field.min))
        if isinstance(field.max, float | int) and number > field.max:
            return _fmt(t["forms.error.max"], label=label, max=_num(field.max))
    if field.type == "date":
        try:
            if not ISO_DATE.match(value):
                raise ValueError(value)
            day = dt.date.fromisoformat(value)
        except ValueError:
            return t["forms.error.date"]
        if isinstance(field.min, dt.date) and day < field.min:
            return _fmt(t["forms.error.date_min"], min=field.min.isoformat())
        if isinstance(field.max, dt.date) and day > field.max:
            return _fmt(t["forms.error.date_max"], max=field.max.isoformat())
    if field.pattern is not None:
        limit = field.maxlength or patterns.PATTERN_MAX_INPUT
        if len(value) > limit:
            return _fmt(t["forms.error.maxlength"], label=label, n=limit, count=len(value))
        if not patterns.fullmatch(field.pattern, value):
            return field.pattern_error
    return None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
