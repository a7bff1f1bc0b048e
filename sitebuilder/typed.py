"""Turn a YAML mapping into a typed model, reporting each problem at its line with a fix."""

from __future__ import annotations

import difflib
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


def message_for(model: type[BaseModel], error: dict[str, Any], what: str, data: Any = None) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    name = _dotted(readable(loc, data))
    raw = error.get("input")
    given = _short(raw)
    info = _field_info(model, loc)
    examples = getattr(info, "examples", None) or []
    if kind == "missing":
        sample = f" {examples[0]}" if examples else " …"
        return f"`{name}` is required; add a line `{loc[-1]}:{sample}` to the {what}"
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
        hint = f", for example `{examples[0]}`" if examples else ""
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
) -> M | None:
    """Validate ``mapping`` against ``model``; every problem becomes a ``path:line`` error.

    ``code`` names a pydantic error for tools (see ``ContentError.code``); default "content".
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
            errors.add(
                path,
                mapping.line_at(loc),
                message_for(model, error, what, mapping.data),
                code(error) if code else "content",
            )
        return None


def _closest(model: type[BaseModel], error: dict[str, Any]) -> str | None:
    loc = tuple(error["loc"])
    close = difflib.get_close_matches(
        str(loc[-1]).lower(), _fields_at(model, loc[:-1]), n=1, cutoff=0.6
    )
    return close[0] if close else None
