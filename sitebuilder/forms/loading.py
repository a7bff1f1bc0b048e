"""Read and check every content/forms/*.yml, with `path:line` errors like pages get."""

from __future__ import annotations

import hashlib
import os
import string
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..characters import check_values
from ..errors import ErrorList
from ..load import decode_text, link_problem, read_file
from ..typed import validate
from ..yamlsource import Mapping, parse_mapping
from .conditions import condition_rules
from .definition import FormDefinition
from .elements import id_rules

FORMS_FOLDER = "forms"
DEFINITION_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class LoadedForm:
    definition: FormDefinition
    path: Path  # as shown in messages
    version: str  # content hash of the definition file: which questions were asked
    more_line: int = 1  # where `privacy.more` is written, for its link check

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass(frozen=True)
class FormSet:
    forms: dict[str, LoadedForm]
    broken: frozenset[str] = frozenset()  # ids of definitions with errors (already reported)

    def get(self, form_id: str) -> LoadedForm | None:
        return self.forms.get(form_id)

    @cached_property
    def recipients(self) -> dict[str, str]:
        """Every address a form sends to (lower-cased) -> the form's id: never published."""
        found: dict[str, str] = {}
        for form_id, loaded in sorted(self.forms.items()):
            d = loaded.definition
            found.setdefault(d.recipient.lower(), form_id)
            for field in d.fields:
                for address in (field.route or {}).values():
                    found.setdefault(address.lower(), form_id)
        return found


def load_forms(root: Path, errors: ErrorList, label: Path | None = None) -> FormSet:
    label = root if label is None else label
    forms: dict[str, LoadedForm] = {}
    broken: set[str] = set()
    files, refused = _definition_files(root, label, errors)
    broken.update(refused)
    for file in files:
        shown = label / FORMS_FOLDER / file.name
        try:
            data = read_file(file)
        except OSError as exc:
            broken.add(file.stem)
            errors.add(shown, 1, f"the file cannot be read ({exc.strerror or exc}); check it")
            continue
        text = decode_text(data, shown, errors)
        if text is None:
            broken.add(file.stem)
            continue
        mapping = parse_mapping(text, shown, 1, errors, what="form definition")
        if mapping is None:
            continue
        check_values(mapping, shown, errors)
        definition = validate(FormDefinition, mapping, shown, errors, what="form definition")
        if definition is None or not _form_rules(definition, mapping, shown, errors):
            broken.add(file.stem)
            continue
        if definition.id != file.stem:
            broken.add(file.stem)
            errors.add(
                shown,
                mapping.line("id"),
                f"`id: {definition.id}` must match the file name; rename the file to {definition.id}.yml",
            )
            continue
        forms[definition.id] = LoadedForm(
            definition,
            shown,
            hashlib.sha256(data).hexdigest()[:12],
            more_line=mapping.line_at(("privacy", "more")),
        )
    return FormSet(forms, frozenset(broken))


def _definition_files(root: Path, label: Path, errors: ErrorList) -> tuple[list[Path], set[str]]:
    """The plain `<id>.yml` (or `.yaml`) files in content/forms/, and the ids of those
    refused. Links are reported, never read; anything else in the folder (a subfolder, a
    `.YML`, a PDF) is reported too, since a definition the build does not see is a form that
    silently does not exist."""
    folder = root / FORMS_FOLDER
    files: list[Path] = []
    refused: set[str] = set()
    if folder.is_symlink():
        errors.add(label / FORMS_FOLDER, 1, link_problem(folder, root))
        return files, refused
    if not folder.is_dir():
        return files, refused
    seen: dict[str, str] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        shown = label / FORMS_FOLDER / entry.name
        stem, suffix = os.path.splitext(entry.name)
        if entry.is_symlink():
            refused.add(stem)
            errors.add(shown, 1, link_problem(Path(entry.path), root))
        elif entry.is_dir(follow_symlinks=False) and suffix not in DEFINITION_SUFFIXES:
            errors.add(
                shown,
                1,
                "content/forms/ holds one file per form and no folders; move the definitions in "
                f"`{entry.name}/` up into content/forms/",
            )
        elif suffix not in DEFINITION_SUFFIXES:
            if suffix.lower() in DEFINITION_SUFFIXES:
                fix = f"rename it to `{stem}{suffix.lower()}`"
            else:
                fix = (
                    "move it out of forms/ (a file residents download goes next to the page "
                    "that links it)"
                )
            refused.add(stem)
            errors.add(
                shown,
                1,
                f"content/forms/ holds only form definitions, each named `<id>.yml`; {fix}",
            )
        elif not entry.is_file(follow_symlinks=False):
            refused.add(stem)
            errors.add(shown, 1, "this is not a file; a form definition is one .yml file per form")
        elif stem in seen:
            refused.add(stem)
            errors.add(
                shown,
                1,
                f"the form `{stem}` is also defined in {seen[stem]}; keep one of the two files",
            )
        else:
            seen[stem] = entry.name
            files.append(Path(entry.path))
    return files, refused


def _form_rules(
    definition: FormDefinition, mapping: Mapping, path: Path, errors: ErrorList
) -> bool:
    """Rules across fields, reported at the line that has to change."""
    before = len(errors.items)
    names = [f.name for f in definition.fields]
    seen: set[str] = set()
    for i, field in enumerate(definition.fields):
        line = mapping.line_at(("fields", i))
        if field.name in seen:
            errors.add(
                path, line, f"a second field is named `{field.name}`; field names must be unique"
            )
        seen.add(field.name)
        if field.min is not None and field.max is not None and field.min > field.max:  # type: ignore[operator]
            errors.add(
                path, line, f"field `{field.name}`: `min` is greater than `max`, so no answer fits"
            )
        if field.reply_to and any(f.reply_to for f in definition.fields[:i]):
            errors.add(path, line, "only one field may have `reply_to: true`")
    condition_rules(definition, mapping, path, errors)
    id_rules(definition, mapping, path, errors)
    try:
        placeholders = list(string.Formatter().parse(definition.subject))
    except ValueError:
        placeholders = []
        errors.add(
            path,
            mapping.line("subject"),
            "`subject` has a { or } without its partner; write {field_name} around a field's name",
        )
    for _, name, spec, conversion in placeholders:
        if name is not None and (name not in names or spec or conversion):
            errors.add(
                path,
                mapping.line("subject"),
                f"`subject` uses {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}, "
                f"which is no field name; use one of {', '.join('{' + n + '}' for n in names)}",
            )
    if definition.opens and definition.closes and definition.opens > definition.closes:
        errors.add(path, mapping.line("closes"), "`closes` is before `opens`")
    if definition.privacy is None and definition.collects_personal_data:
        personal = next(i for i, f in enumerate(definition.fields) if f.collects_personal_data)
        field = definition.fields[personal]
        why = (
            " (residents write names, addresses and more in free text)"
            if field.personal is None and field.type in ("text", "textarea")
            else ""
        )
        errors.add(
            path,
            mapping.line_at(("fields", personal)),
            f"field `{field.name}` collects personal data{why}, so the form needs "
            "`privacy:` with purpose, legal_basis, recipients, retention and protected_identity "
            "(or mark the field `personal: false` if it cannot identify anyone)",
        )
    return len(errors.items) == before


def git_commit(path: Path) -> str | None:
    """The last commit that changed ``path``, where git and a repository are at hand."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%H", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = result.stdout.strip()
    return commit or None
