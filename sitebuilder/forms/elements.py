"""The ids and names a form puts on its page, and the rule that no two of them are the same.

Field names become ids (`kontaktsatt_2` -> `f-kontaktsatt-2`), so two fields can ask for one
id without sharing a name: the second option of `kontaktsatt` has `f-kontaktsatt-2` too, and
a field named `plats_hint` would take the id of the hint of `plats`. The build refuses that,
at the later field's line, because a duplicate id sends the error summary's link and the
screen reader's description to the wrong element.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ErrorList
from ..yamlsource import Mapping
from .definition import FormDefinition, FormField

HONEYPOT = "webbplats"  # a field name bots like to fill; people never see it
FIELD_PREFIX = "f-"  # field ids never clash with heading ids on the same page


def field_id(name: str) -> str:
    return FIELD_PREFIX + name.replace("_", "-")


def option_id(name: str, n: int) -> str:
    """Id of the nth (0-based) radio or checkbox of a field: the first has the bare field id."""
    return field_id(name) if n == 0 else f"{field_id(name)}-{n + 1}"


def reveal_place(definition: FormDefinition, field: FormField) -> tuple[str, int | None] | None:
    """Where a `show_if` field is revealed: (the block's id, the index of the option it sits
    after, or None for after the whole question); None for a field that is always shown.

    On a radio, checkbox or consent box with one value, the block sits directly after that
    option and holds every field shown for it (GOV.UK's conditional reveal); otherwise (a
    select, or several values) the field has a block of its own after the question.
    """
    if field.show_if is None:
        return None
    source = definition.field(field.show_if.field)
    values = field.show_if.values
    if source is not None and len(values) == 1:
        if source.type == "consent":
            return "conditional-" + option_id(source.name, 0), 0
        options = source.options or ()
        if source.type in ("radio", "checkboxes") and values[0] in options:
            n = options.index(values[0])
            return "conditional-" + option_id(source.name, n), n
    return "reveal-" + field_id(field.name), None


def field_ids(definition: FormDefinition, field: FormField) -> dict[str, str]:
    """The ids this field puts on the page, each with what it is (for a message)."""
    fid = field_id(field.name)
    ids = {fid: f"`{field.name}`", fid + "-hint": f"the hint of `{field.name}`"}
    ids[fid + "-error"] = f"the error of `{field.name}`"
    for n in range(1, len(field.options or ())):
        ids[option_id(field.name, n)] = f"option {n + 1} of `{field.name}`"
    place = reveal_place(definition, field)
    if place is not None and place[1] is None:
        ids[place[0]] = f"the block that reveals `{field.name}`"
    return ids


def id_rules(definition: FormDefinition, mapping: Mapping, path: Path, errors: ErrorList) -> None:
    """No field takes an id (or the honeypot's name) that something else on the form has."""
    owners: dict[str, str] = {field_id(HONEYPOT): "the hidden spam trap"}
    names: set[str] = set()
    for i, field in enumerate(definition.fields):
        line = mapping.line_at(("fields", i))
        if field.name == HONEYPOT:
            errors.add(
                path,
                line,
                f"`{HONEYPOT}` is the name of the form's hidden spam trap: an answer to it would "
                "mark the post as spam; name the field otherwise, e.g. `webbadress`",
            )
            continue
        if field.name in names:
            continue  # the same name twice is reported as that
        names.add(field.name)
        for element, what in field_ids(definition, field).items():
            if element in owners:
                errors.add(
                    path,
                    line,
                    f"field `{field.name}` would put the id `{element}` on the page, which "
                    f"{owners[element]} has already; give the field another name",
                )
                break
            owners[element] = what
