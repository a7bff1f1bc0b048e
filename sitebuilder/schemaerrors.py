"""One pydantic error in words: where in the file, what is wrong, and the fix.

pydantic says `fields.2.type: Input should be 'text', 'textarea', ...`; an editor reads
"field `grupp`: `type` must be one of `text`, ... not 'checkbox'; did you mean `checkboxes`?".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from .messages import (
    LIST_EXAMPLES,
    PATTERN_WORDS,
    TYPE_WORDS,
    Part,
    choice_list,
    closest_value,
    did_you_mean,
    expected_values,
    last_key,
    quoted,
    shown,
    where,
)


def locate(
    model: type[BaseModel], loc: tuple[Any, ...], data: Any
) -> tuple[list[Part], Any, tuple[Any, ...]]:
    """The parts of a pydantic location an editor can read, the FieldInfo it ends in, and the
    location without pydantic's own markers.

    List entries are named by their `name:` where they have one; the tags pydantic adds for
    the members of a union (`min` -> `float`, `date`) and `[key]` markers are dropped.
    """
    parts: list[Part] = []
    clean: list[Any] = []
    current: Any = model  # the model the next key belongs to; None inside a plain value
    info: Any = None
    free_mapping = False
    for part in loc:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list | tuple) and part < len(data) else None
            label = item.get("name") if isinstance(item, dict) else None
            name = label if isinstance(label, str) else None
            parts.append(Part("item", last_key(parts), part, name))
            clean.append(part)
            data = item
            current = _model_in(info) if info is not None else None
            continue
        fields = getattr(current, "model_fields", None) if current is not None else None
        if fields is not None and part in fields:
            info = fields[part]
            parts.append(Part("key", part))
            data = data.get(part) if isinstance(data, dict) else None
            current = _model_in(info)
            free_mapping = _is_mapping(info)
        elif free_mapping and part != "[key]":
            parts.append(Part("entry", str(part)))
            data = data.get(part) if isinstance(data, dict) else None
            free_mapping = False
        elif fields is not None:
            parts.append(Part("key", str(part)))  # a key the model does not have
        else:
            continue  # a union member's tag or a `[key]` marker: nothing an editor wrote
        clean.append(part)
    return parts, info, tuple(clean)


def _model_in(info: Any) -> Any:
    """The model a field holds (directly, in a list or as an option), if any."""
    stack = [getattr(info, "annotation", None)]
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        stack.extend(getattr(annotation, "__args__", ()))
    return None


def _is_mapping(info: Any) -> bool:
    stack = [getattr(info, "annotation", None)]
    while stack:
        annotation = stack.pop()
        if getattr(annotation, "__origin__", None) is dict:
            return True
        stack.extend(getattr(annotation, "__args__", ()))
    return False


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Allowed keys of the (possibly nested) model that ``loc`` points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            break
        current = _model_in(field) or current
    return list(getattr(current, "model_fields", {}))


def message_for(
    model: type[BaseModel],
    error: dict[str, Any],
    what: str,
    data: Any = None,
    examples: dict[str, str] | None = None,
    also: list[str] | None = None,
) -> str:
    """One pydantic error as a message that says how to fix it.

    ``examples`` gives example values for top-level keys that fit this file better than the
    schema's own (e.g. a title made from the file name). ``also`` lists the type words of
    other errors about the same value (a union: "a number or a date").
    """
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    parts, info, _ = locate(model, loc, data)
    name = where(parts)
    key = last_key(parts)
    raw = error.get("input")
    given = shown(raw)
    own = (examples or {}).get(key) if len(parts) == 1 else None
    sample = own if own is not None else next(iter(getattr(info, "examples", None) or []), None)
    about = getattr(info, "description", None) or ""
    about = about[:1].lower() + about[1:]
    inside = _inside(parts, what)
    if kind == "missing" and len(parts) > 1:
        value = sample if sample is not None else "…"
        return f"{name} is required; add a line `{key}: {value}` to {inside}" + (
            f" ({about})" if about and sample is None else ""
        )
    if kind == "missing":
        if sample is not None:
            return f"{name} is required; add a line `{key}: {sample}` to {inside}"
        if about:
            return f"{name} is required; add a line `{key}:` with {about} to {inside}"
        return f"{name} is required; add a line `{key}: …` to {inside}"
    if kind == "extra_forbidden":
        allowed = fields_at(model, tuple(p for p in loc[:-1]))
        place = where(parts[:-1])
        return (
            f"unknown key `{loc[-1]}`"
            + (f" in {place}" if place else "")
            + did_you_mean(str(loc[-1]), allowed)
        )
    if (kind == "string_too_short" and _is_blank(raw)) or (kind == "string_type" and raw is None):
        fill = f"write {about} after `{key}:`" if about else f"write a value after `{key}:`"
        return f"{name} is empty; {fill}" + (f", e.g. `{key}: {own}`" if own else "")
    if kind in ("int_type", "bool_type", "date_type", "float_type") and isinstance(raw, str):
        unquoted = _quoted_value(kind, raw)
        if unquoted is not None:
            return (
                f"{name} must be {TYPE_WORDS[kind]}, but {given} is in quotes, which makes "
                f"it text; remove the quotes: `{key}: {unquoted}`"
            )
        day = _quoted_value("date_type", raw.strip()[:10]) if _DATE_AND_TIME.match(raw) else None
        if day is not None and kind == "date_type":
            return (
                f"{name} must be {TYPE_WORDS['date_from_datetime_inexact']}, not {given}; "
                f"write `{key}: {day}`"
            )
        loose = _loose_date(raw) if kind == "date_type" else None
        if loose is not None:
            return f"{name} must be a date written YYYY-MM-DD, not {given}; write `{key}: {loose}`"
    if kind == "string_too_long" and isinstance(raw, str):
        limit = ctx.get("max_length")
        return f"{name} is {len(raw.strip())} characters, more than the {limit} allowed; " + (
            f"shorten it to {about}" if about else "shorten it"
        )
    if kind == "date_type" and isinstance(raw, dt.datetime):
        return (
            f"{name} must be {TYPE_WORDS['date_from_datetime_inexact']}, not "
            f"{raw.isoformat(sep=' ')}; write `{key}: {raw.date().isoformat()}`"
        )
    if kind == "literal_error":
        choices = expected_values(ctx)
        meant = closest_value(raw, choices)
        hint = f"; did you mean `{meant}`?" if meant else ""
        return f"{name} must be one of {choice_list(choices)}, not {given}{hint}"
    if kind == "string_type" and isinstance(raw, bool | int | float | dt.date):
        read_as = (
            "a yes/no value"
            if isinstance(raw, bool)
            else "a date"
            if isinstance(raw, dt.date)
            else "a number"
        )
        value = "…" if isinstance(raw, bool) else shown(raw)
        label = key if parts and parts[-1].kind == "key" else "- "
        fix = f'{label}: "{value}"' if label != "- " else f'- "{value}"'
        return f"{name} must be text, but YAML read {given} as {read_as}; put it in quotes: {fix}"
    if kind == "string_type" and isinstance(raw, list | tuple):
        return (
            f"{name} must be text on one line, not a list; write it after `{key}:` without "
            f"[ ] or `- `, or put it in quotes: `{key}: {quoted(_joined(raw))}`"
        )
    if kind == "string_type" and isinstance(raw, dict):
        return (
            f"{name} must be text, but YAML read it as a group of keys (a `: ` or {{ }} in the "
            f"value); put the whole value in quotes: `{key}: {quoted(_flat(raw))}`"
        )
    if kind in ("tuple_type", "list_type"):
        example = LIST_EXAMPLES.get(key, '["…", "…"]')
        return f"{name} must be a list, e.g. `{key}: {example}`, not {given}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name} must be a group of `key: value` lines indented below `{key}:`, not {given}"
    if kind in ("bool_parsing", "bool_type") and isinstance(raw, str):
        meant = _YES_NO.get(raw.strip().lower())
        fix = f"; write `{key}: {meant}`" if meant else f"; write `{key}: true` or `{key}: false`"
        return f"{name} must be true or false, not {given}{fix}"
    if kind in TYPE_WORDS:
        words = " or ".join(dict.fromkeys([TYPE_WORDS[kind], *(also or [])]))
        return f"{name} must be {words}, not {given}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, key, raw, given, ctx.get("pattern", ""), sample, info)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low = _field_bound(info, "ge")
        high = _field_bound(info, "le")
        if low is not None and high is not None:
            return f"{name} must be a number from {low} to {high}, not {given}"
        if low is not None:
            return f"{name} must be at least {low}, not {given}"
        if high is not None:
            return f"{name} must be at most {high}, not {given}"
    if kind == "too_short":
        noun = {"fields": "one question", "options": "one choice"}.get(key, "one entry")
        return f"{name} needs at least {noun}"
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        return f"{name}: {reason}" if name else reason
    return f"{name} cannot be {given}" + (f"; write {about}" if about else "")


def _inside(parts: list[Part], what: str) -> str:
    """Where a missing key goes: "the front matter", or "field `grupp`"."""
    if len(parts) <= 1:
        return f"the {what}"
    return where(parts[:-1])


def _pattern_message(
    name: str, key: str, raw: Any, given: str, pattern: str, sample: Any, info: Any
) -> str:
    known = PATTERN_WORDS.get(pattern)
    if known is None:
        hint = f", like `{sample}`" if sample is not None else ""
        return f"{name} is not written the way it should be{hint}; it is {given}"
    example = sample if sample is not None else known.example
    default = getattr(info, "default", None)
    if isinstance(default, str) and re.fullmatch(pattern.strip("^$"), default):
        example = default if sample is None or pattern == r"^#[0-9a-fA-F]{6}$" else example
    fix = _pattern_fix(pattern, raw)
    return f"{name} must be {known.words}, like `{example}`, not {given}" + (
        f"; write `{key}: {fix}`" if fix else ""
    )


def _pattern_fix(pattern: str, raw: Any) -> str | None:
    """The value as it was probably meant, where that is clear (`SV` -> `sv`)."""
    if not isinstance(raw, str):
        return None
    fixes = {
        r"^[a-z]{2,3}(-[A-Z]{2})?$": raw.strip().lower(),
        r"^[a-z][a-z0-9_]{0,39}$": re.sub(r"[^a-z0-9_]+", "_", raw.strip().lower()).strip("_"),
        r"^[a-z0-9]+(-[a-z0-9]+)*$": re.sub(r"[^a-z0-9]+", "-", raw.strip().lower()).strip("-"),
        r"^(https://[^\s/]+)?/\S*[^/]$": raw.strip().rstrip("/"),
        r"^https?://[^\s/]+(/\S*)?$": "https://" + raw.strip() if "://" not in raw else "",
    }
    fix = fixes.get(pattern)
    if fix and fix != raw and re.fullmatch(pattern.strip("^$"), fix):
        return fix
    return None


def _joined(values: Any) -> str:
    return ", ".join(shown(v).strip("'") for v in values)


def _flat(mapping: dict[str, Any]) -> str:
    """``{Sida: None}`` back to `{Sida}`, ``{Bygglov: så}`` to `Bygglov: så`."""
    if all(v is None for v in mapping.values()):
        return "{" + ", ".join(map(str, mapping)) + "}"
    return ", ".join(f"{k}: {shown(v).strip(chr(39))}" for k, v in mapping.items())


_YES_NO = {
    "ja": "true",
    "j": "true",
    "sant": "true",
    "yes": "true",
    "nej": "false",
    "n": "false",
    "falskt": "false",
    "no": "false",
}
_DATE_AND_TIME = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[ T]\d")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _loose_date(text: str) -> str | None:
    """`2026-1-5` -> `2026-01-05`, where that is a real date."""
    match = _LOOSE_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _is_blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _quoted_value(kind: str, text: str) -> str | None:
    """How a quoted number, date or true/false is written without quotes, if it is one."""
    value = text.strip()
    if kind == "int_type" and re.fullmatch(r"[+-]?\d+", value):
        return str(int(value))
    if kind == "float_type" and re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
        return value
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
