"""`show_if` and `required_if`: questions that depend on an earlier answer.

One rule everywhere: a condition holds when the question it names was asked (its own
condition, if it has one, holds) and was answered with one of the condition's values (for
checkboxes: when any of them is ticked). The server decides it on the posted answers in the
form's order, so a condition on a question that is itself conditional needs nothing more.
Without JavaScript the page shows every question and says the condition in the hint; the
optional script reveals a dependent question in place once its answer is chosen.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping as AnswerMap
from pathlib import Path

from ..errors import ErrorList
from ..yamlsource import Mapping
from .definition import CHOICE_TYPES, Condition, FormDefinition

CONTROLLER_TYPES = CHOICE_TYPES | {"consent"}
KEYS = ("show_if", "required_if")


def holds(condition: Condition, answers: AnswerMap[str, object]) -> bool:
    """Whether the earlier answer is one of the condition's (False if it was not asked)."""
    answer = answers.get(condition.field)
    chosen = answer if isinstance(answer, tuple) else (answer,)
    return any(value in chosen for value in condition.values)


def phrase(condition: Condition, definition: FormDefinition, t: dict[str, str]) -> str:
    """The condition as the resident reads it: "du valde ”Telefon”"."""
    source = definition.field(condition.field)
    if source is not None and source.type == "consent":
        return t["forms.condition.ticked"].replace("{label}", source.label)
    quoted = (t["forms.condition.choice"].replace("{value}", v) for v in condition.values)
    choice = f" {t['forms.condition.or']} ".join(quoted)
    return t["forms.condition.chose"].replace("{choice}", choice)


def condition_rules(
    definition: FormDefinition, mapping: Mapping, path: Path, errors: ErrorList
) -> None:
    """Each condition names an earlier choice question and answers it can have."""
    fields = definition.fields
    position = {f.name: i for i, f in reversed(list(enumerate(fields)))}
    for i, field in enumerate(fields):
        for key in KEYS:
            condition = getattr(field, key)
            if condition is None:
                continue
            at = ("fields", i, key)
            message = _problem(definition, i, key, condition, position)
            if message:
                line = mapping.line_at((*at, "is" if message[0] == "is" else "field"))
                errors.add(path, line, f"field `{field.name}`: {message[1]}")


def _problem(
    definition: FormDefinition,
    i: int,
    key: str,
    condition: Condition,
    position: dict[str, int],
) -> tuple[str, str] | None:
    """(which key to point at, what is wrong and how to fix it), or None."""
    field = definition.fields[i]
    name = condition.field
    what = "asked" if key == "show_if" else "required"
    if name == field.name:
        return "field", (
            f"`{key}` names the field itself; name an earlier question whose answer decides "
            f"whether this one is {what}"
        )
    if name not in position:
        earlier = [f.name for f in definition.fields[:i]]
        close = difflib.get_close_matches(name, earlier, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else _earlier(earlier)
        return "field", f"`{key}` names `{name}`, which is no field of this form{hint}"
    if position[name] > i:
        return "field", (
            f"`{key}` names `{name}`, which comes after this field; move `{field.name}` below "
            f"`{name}` (a question can only depend on an earlier answer)"
        )
    source = definition.fields[position[name]]
    if source.type not in CONTROLLER_TYPES:
        return "field", (
            f"`{key}` names `{name}`, a {source.type} field; a condition needs a select, "
            "radio, checkboxes or consent field, whose answers are known in advance"
        )
    if source.type == "consent":
        if condition.is_ is not True:
            return "is", f"`{name}` is a consent box: write `is: true` (when it is ticked)"
        return None
    options = list(source.options or ())
    if isinstance(condition.is_, bool):
        return "is", (
            "`is` is a yes/no value here (YAML reads yes, no, on, off, true and false that "
            f"way), which fits only a consent box; write one of the options of `{name}` in "
            f'quotes, e.g. `is: "{options[0]}"`'
        )
    for value in condition.values:
        if value not in options:
            close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "write one of them, as written there"
            listed = ", ".join(options)
            return "is", (
                f"`is` names {value!r}, which is not one of the options of `{name}` "
                f"({listed}); {hint}"
            )
    return None


def _earlier(names: list[str]) -> str:
    if not names:
        return "; a condition can only name a question above this one, and there is none"
    return "; the questions above this one are " + ", ".join(f"`{n}`" for n in names)
