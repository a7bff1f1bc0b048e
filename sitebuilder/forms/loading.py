"""Read and check every content/forms/*.yml, with `path:line` errors like pages get."""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import ErrorList
from ..typed import validate
from ..yamlsource import parse_mapping
from .definition import FormDefinition

FORMS_FOLDER = "forms"


@dataclass(frozen=True)
class LoadedForm:
    definition: FormDefinition
    path: Path  # as shown in messages
    version: str  # content hash of the definition file: which questions were asked

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass(frozen=True)
class FormSet:
    forms: dict[str, LoadedForm]

    def get(self, form_id: str) -> LoadedForm | None:
        return self.forms.get(form_id)


def load_forms(root: Path, errors: ErrorList, label: Path | None = None) -> FormSet:
    label = root if label is None else label
    forms: dict[str, LoadedForm] = {}
    folder = root / FORMS_FOLDER
    files = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for file in files:
        shown = label / FORMS_FOLDER / file.name
        data = file.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.add(shown, 1, "the file is not UTF-8 text; save it as UTF-8")
            continue
        mapping = parse_mapping(text, shown, 1, errors, what="form definition")
        if mapping is None:
            continue
        definition = validate(FormDefinition, mapping, shown, errors, what="form definition")
        if definition is None:
            continue
        if definition.id != file.stem:
            errors.add(
                shown,
                mapping.line("id"),
                f"`id: {definition.id}` must match the file name; rename the file to {definition.id}.yml",
            )
            continue
        forms[definition.id] = LoadedForm(definition, shown, hashlib.sha256(data).hexdigest()[:12])
    return FormSet(forms)


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
