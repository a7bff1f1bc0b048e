"""Turn a YAML mapping into a typed model, reporting each problem at its line with a fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ErrorList
from .messages import TYPE_WORDS, suggested_key
from .schemaerrors import fields_at, locate, message_for
from .yamlsource import Mapping

M = TypeVar("M", bound=BaseModel)


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
            suggested_key(str(e["loc"][-1]), fields_at(model, tuple(e["loc"][:-1]))),
        )
        for e in found
        if e["type"] == "extra_forbidden"
    }
    # One value that fits none of a union's types gives one error per type: say it once.
    by_value: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in found:
        by_value.setdefault(locate(model, tuple(error["loc"]), mapping.data)[2], []).append(error)
    failing_items = {loc[:i] for loc in by_value for i in range(1, len(loc))}
    for loc, group in by_value.items():
        error = group[0]
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in suggested:
            continue
        if error["type"] == "missing" and len(loc) == 1 and loc[0] in mapping.unreadable:
            continue  # written, but YAML could not read its value: reported already
        if error["type"] == "too_short" and _only_failing_entries(error, loc, failing_items):
            continue  # the list has entries, all with errors of their own
        also = [TYPE_WORDS[e["type"]] for e in group[1:] if e["type"] in TYPE_WORDS]
        errors.add(
            path,
            mapping.line_at(loc),
            message_for(model, error, what, mapping.data, examples, also),
            code(error) if code else "content",
        )
    return None


def _only_failing_entries(
    error: dict[str, Any], loc: tuple[Any, ...], failing: set[tuple[Any, ...]]
) -> bool:
    """pydantic counts a list whose entries all failed as too short; it is not."""
    given = error.get("input")
    return isinstance(given, list | tuple) and bool(given) and loc in failing


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
