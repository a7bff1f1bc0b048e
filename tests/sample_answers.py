"""A valid answer to every question of a form definition, as a resident's browser posts it.

Shared by the forms API tests and the browser tests, so both fill the forms the same way. A
question that depends on an earlier answer (`show_if`) is answered only when that answer asks
for it, as a resident would: with JavaScript the others are not even shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitebuilder.forms.answers import CONSENT_VALUE
from sitebuilder.forms.conditions import holds


def answers_for(
    definition: Any, today: dt.date | None = None, *, every_field: bool = False
) -> dict[str, str | list[str]]:
    """``every_field``: an answer for each question, asked or not (a test picks what it needs)."""
    today = today or dt.date.today()
    data: dict[str, str | list[str]] = {}
    for field in definition.fields:
        asked = field.show_if is None or holds(field.show_if, _as_answers(data))
        if not asked and not every_field:
            continue
        options = list(field.options or ())
        if field.type in ("radio", "select"):
            data[field.name] = options[0]
        elif field.type == "checkboxes":
            data[field.name] = options[:2]
        elif field.type == "consent":
            data[field.name] = CONSENT_VALUE
        elif field.type == "email":
            data[field.name] = "anna.andersson@example.com"
        elif field.type == "tel":
            data[field.name] = "08-465 004 99"
        elif field.type == "number":
            data[field.name] = str(int(field.min or 1))
        elif field.type == "date":
            data[field.name] = (field.min or today).isoformat()
        elif field.pattern:
            data[field.name] = "123 45"
        else:
            data[field.name] = f"Svar på {field.label}"[: field.maxlength or 200]
    return data


def _as_answers(data: dict[str, str | list[str]]) -> dict[str, str | tuple[str, ...]]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
