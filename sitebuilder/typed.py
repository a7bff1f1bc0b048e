"""Turn a YAML mapping into a typed model, reporting each problem at its line with a fix."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ErrorList
from .yamlsource import Mapping

M = TypeVar("M", bound=BaseModel)

# Keys Swedish editors tend to write, mapped to the key we use.
SWEDISH_KEYS = {
    "titel": "title",
    "rubrik": "title",
    "beskrivning": "description",
    "typ": "type",
    "sprak": "lang",
    "språk": "lang",
    "ansvarig": "owner",
    "agare": "owner",
    "ägare": "owner",
    "sidansvarig": "owner",
    "granskad": "reviewed",
    "utkast": "draft",
    "datum": "date",
    "vikt": "weight",
    "kontakt": "contact",
    "namn": "name",
    "steg": "ladder_step",
}

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD (no time)",
    "list_type": 'a list, e.g. ["/gammal-adress/"]',
    "tuple_type": 'a list, e.g. ["/gammal-adress/"]',
    "dict_type": "a group of `key: value` lines indented below it",
    "model_type": "a group of `key: value` lines indented below it",
    "model_attributes_type": "a group of `key: value` lines indented below it",
}


def did_you_mean(key: str, allowed: list[str]) -> str:
    """A hint for an unknown key: the Swedish word's English key, or the closest spelling."""
    folded = key.lower()
    if folded in SWEDISH_KEYS and SWEDISH_KEYS[folded] in allowed:
        return f"; did you mean `{SWEDISH_KEYS[folded]}`?"
    close = difflib.get_close_matches(folded, allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean `{close[0]}`?"
    return f"; allowed keys are {', '.join(f'`{k}`' for k in allowed)}"


def readable(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """``('fields', 2, 'route')`` -> ``('fields', 'kategori', 'route')`` where items have names."""
    out: list[Any] = []
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
            name = data.get("name") if isinstance(data, dict) else None
            out.append(name if isinstance(name, str) else part)
        else:
            data = data.get(part) if isinstance(data, dict) else None
            out.append(part)
    return tuple(out)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Allowed keys of the (possibly nested) model that ``loc`` points into."""
    current: Any = model
    for part in loc:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            break
        annotation = field.annotation
        for candidate in getattr(annotation, "__args__", (annotation,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return list(getattr(current, "model_fields", {}))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_info(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The pydantic FieldInfo that ``loc`` ends in, through nested models."""
    current: Any = model
    info = None
    for part in loc:
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return info
        info = fields[part]
        annotation = info.annotation
        for candidate in getattr(annotation, "__args__", (annotation,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return info


def message_for(
    model: type[BaseModel],
    error: dict[str, Any],
    what: str,
    data: Any = None,
    examples: dict[str, str] | None = None,
) -> str:
    """One pydantic error as a message that says how to fix it.

    ``examples`` gives example values for top-level keys that fit this file better than the
    schema's own (e.g. a title made from the file name).
    """
    loc = tuple(error["loc"])
    kind = error["type"]
    name = _dotted(readable(loc, data))
    raw = error.get("input")
    given = _short(raw)
    info = _field_info(model, loc)
    key = loc[-1] if loc else ""
    own = (examples or {}).get(name)
    sample = own if own is not None else next(iter(getattr(info, "examples", None) or []), None)
    about = getattr(info, "description", None) or ""
    about = about[:1].lower() + about[1:]
    if kind == "missing":
        if sample is not None:
            return f"`{name}` is required; add a line `{key}: {sample}` to the {what}"
        if about:
            return f"`{name}` is required; add a line `{key}:` with {about} to the {what}"
        return f"`{name}` is required; add a line `{key}: …` to the {what}"
    if (kind == "string_too_short" and _is_blank(raw)) or (kind == "string_type" and raw is None):
        fill = f"write {about} after `{key}:`" if about else f"write a value after `{key}:`"
        return f"`{name}` is empty; {fill}" + (f", e.g. `{key}: {own}`" if own else "")
    if kind in ("int_type", "bool_type", "date_type") and isinstance(raw, str):
        quoted = _quoted_value(kind, raw)
        if quoted is not None:
            return (
                f"`{name}` must be {_TYPE_WORDS[kind]}, but {given} is in quotes, which makes "
                f"it text; remove the quotes: `{key}: {quoted}`"
            )
        day = _quoted_value(kind, raw.strip()[:10]) if _DATE_AND_TIME.match(raw.strip()) else None
        if day is not None:
            return (
                f"`{name}` must be {_TYPE_WORDS['date_from_datetime_inexact']}, not {given}; "
                f"write `{key}: {day}`"
            )
    if kind == "string_too_long" and isinstance(raw, str):
        limit = error.get("ctx", {}).get("max_length")
        return f"`{name}` is {len(raw.strip())} characters, more than the {limit} allowed; " + (
            f"shorten it to {about}" if about else "shorten it"
        )
    if kind == "date_type" and isinstance(raw, dt.datetime):
        return (
            f"`{name}` must be {_TYPE_WORDS['date_from_datetime_inexact']}, not "
            f"{raw.isoformat(sep=' ')}; write `{key}: {raw.date().isoformat()}`"
        )
    if kind == "extra_forbidden":
        return f"unknown key `{name}`" + did_you_mean(str(loc[-1]), _fields_at(model, loc[:-1]))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"`{name}` must be one of {expected}, not {given}"
    if kind == "string_type" and isinstance(raw, bool | int | float):
        return (
            f"`{name}` must be text, but YAML read {given} as a "
            f"{'yes/no value' if isinstance(raw, bool) else 'number'}; put it in quotes: "
            f'{loc[-1]}: "{raw if not isinstance(raw, bool) else "…"}"'
        )
    if kind in _TYPE_WORDS:
        return f"`{name}` must be {_TYPE_WORDS[kind]}, not {given}"
    if kind == "string_pattern_mismatch":
        hint = f", for example `{sample}`" if sample is not None else ""
        return f"`{name}` is not in the expected form (got {given}){hint}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low = _field_bound(info, "ge")
        high = _field_bound(info, "le")
        if low is not None and high is not None:
            return f"`{name}` must be a number from {low} to {high}, not {given}"
    if kind == "value_error":
        reason = str(error["ctx"]["error"])
        return f"`{name}`: {reason}" if name else reason
    return f"`{name}`: {error['msg']} (got {given})"


_DATE_AND_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d")


def _is_blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _quoted_value(kind: str, text: str) -> str | None:
    """How a quoted number, date or true/false is written without quotes, if it is one."""
    value = text.strip()
    if kind == "int_type" and re.fullmatch(r"[+-]?\d+", value):
        return str(int(value))
    if kind == "bool_type" and value.lower() in ("true", "false"):
        return value.lower()
    if kind == "date_type" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _field_bound(info: Any, which: str) -> Any:
    for item in getattr(info, "metadata", []):
        if hasattr(item, which):
            return getattr(item, which)
    return None


def validate(
    model: type[M],
    mapping: Mapping,
    path: Path,
    errors: ErrorList,
    *,
    what: str,
    code: Callable[[dict[str, Any]], str] | None = None,
    examples: dict[str, str] | None = None,
) -> M | None:
    """Validate ``mapping`` against ``model``; every problem becomes a ``path:line`` error.

    ``code`` names a pydantic error for tools (see ``ContentError.code``); default "content".
    ``examples``: example values for top-level keys, used in the fixes (see ``message_for``).
    """
    try:
        return model.model_validate(mapping.data)
    except ValidationError as exc:
        found = exc.errors(include_url=False)
        # `titel:` is reported once, as an unknown key with its fix, not also as a missing `title`.
        suggested = {
            (
                tuple(e["loc"][:-1]),
                SWEDISH_KEYS.get(str(e["loc"][-1]).lower()) or _closest(model, e),
            )
            for e in found
            if e["type"] == "extra_forbidden"
        }
        for error in found:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and (loc[:-1], loc[-1]) in suggested:
                continue
            if error["type"] == "missing" and len(loc) == 1 and loc[0] in mapping.unreadable:
                continue  # written, but YAML could not read its value: reported already
            errors.add(
                path,
                mapping.line_at(loc),
                message_for(model, error, what, mapping.data, examples),
                code(error) if code else "content",
            )
        return None


def salvage(model: type[M], data: dict[str, Any], fill: dict[str, Any]) -> tuple[M, frozenset[str]]:
    """The model from the valid keys of ``data``, with ``fill`` for required ones missing.

    For a file whose errors are already reported but that should still take part in what
    follows (a page in the site index). Returns the model and the keys that were left out.
    """
    kept = dict(data)
    left_out: set[str] = set()
    while True:
        try:
            return model.model_validate({**fill, **kept}), frozenset(left_out)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors(include_url=False) if e["loc"]}
            left_out |= bad
            if not bad & kept.keys():
                break
            for key in bad:
                kept.pop(key, None)
    return model.model_validate(fill), frozenset(left_out | kept.keys())


def _closest(model: type[BaseModel], error: dict[str, Any]) -> str | None:
    loc = tuple(error["loc"])
    close = difflib.get_close_matches(
        str(loc[-1]).lower(), _fields_at(model, loc[:-1]), n=1, cutoff=0.6
    )
    return close[0] if close else None
