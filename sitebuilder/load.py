"""Stage 1, load: read every content file into plain data, noting where each part starts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import frontmatter
from frontmatter.default_handlers import YAMLHandler

from .errors import ErrorList
from .yamlsource import Mapping, parse_mapping

CONFIG_FILE = "site.yml"
# Folders under content/ that hold data, not pages.
DATA_FOLDERS = frozenset({"forms"})


@dataclass(frozen=True)
class Source:
    """One Markdown file: its front matter (with key lines) and its body."""

    path: Path  # as shown to editors in messages
    rel: PurePosixPath  # relative to the content folder
    front: Mapping
    body: str
    body_line: int  # file line where the body starts
    # False when the front matter could not be read at all (the error is already reported):
    # the page still takes part in the index, by its file name, so that links to it and its
    # body are checked; the build fails anyway.
    front_ok: bool = True


@dataclass(frozen=True)
class Asset:
    """A file published as it is (image, PDF, ...)."""

    path: Path
    rel: PurePosixPath


@dataclass(frozen=True)
class Content:
    root: Path
    config_path: Path
    config_text: str | None
    sources: tuple[Source, ...]
    assets: tuple[Asset, ...]


class _SplitOnly(YAMLHandler):
    """python-frontmatter's YAML splitter; we parse the YAML ourselves to keep line numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.front_text = ""

    def load(self, fm: str, **kwargs: object) -> dict[str, object]:
        self.front_text = fm
        return {}


def walk(root: Path) -> list[PurePosixPath]:
    """Every visible file under ``root``, in a stable order."""
    found: list[PurePosixPath] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = Path(dirpath).relative_to(root)
        for name in sorted(filenames):
            if not name.startswith("."):
                found.append(PurePosixPath((rel_dir / name).as_posix()))
    return found


def load_content(
    root: Path,
    errors: ErrorList,
    label: Path | None = None,
    reuse: dict[str, Source] | None = None,
) -> Content:
    """Read the content folder. ``label`` is how the folder is named in messages.

    ``reuse`` holds pages parsed by an earlier build whose files have not changed since.
    """
    label = root if label is None else label
    reuse = reuse or {}
    sources: list[Source] = []
    assets: list[Asset] = []
    config_text: str | None = None
    for rel in walk(root):
        shown = label / rel
        if rel.parts[0] in DATA_FOLDERS:
            continue
        if str(rel) == CONFIG_FILE:
            config_text = _read_text(root / rel, shown, errors)
        elif rel.suffix.lower() == ".md":
            if str(rel) in reuse:
                sources.append(reuse[str(rel)])
                continue
            text = _read_text(root / rel, shown, errors)
            if text is None:
                sources.append(_unparsed(shown, rel))
            else:
                sources.append(parse_source(text, shown, rel, errors))
        else:
            assets.append(Asset(shown, rel))
    return Content(root, label / CONFIG_FILE, config_text, tuple(sources), tuple(assets))


def _read_text(file: Path, shown: Path, errors: ErrorList) -> str | None:
    try:
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        errors.add(shown, line, "the file is not UTF-8 text; save it as UTF-8 in your editor")
        return None


def _unparsed(shown: Path, rel: PurePosixPath) -> Source:
    """A file whose front matter and body cannot be told apart (its error is reported).

    It still has its URL, so links to it are not reported as broken; its text is not checked,
    since a guess at where its body starts would give errors that are not there.
    """
    return Source(shown, rel, Mapping({}, {}, 1), "", 1, front_ok=False)


def parse_source(text: str, shown: Path, rel: PurePosixPath, errors: ErrorList) -> Source:
    """Split front matter from body with python-frontmatter, then parse it keeping lines.

    Front matter that cannot be read gives a source with ``front_ok=False`` and an empty
    mapping; its body is kept (and checked) when the `---` lines show where it starts.
    """
    # CommonMark ends lines with \n, \r\n or \r: one form, so lines count the same everywhere.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = text.lstrip()
    lead_lines = text[: len(text) - len(stripped)].count("\n")
    if not stripped.startswith("---"):
        errors.add(
            shown,
            lead_lines + 1,
            "the page has no front matter; start the file with a line `---`, then "
            "`title:` and `description:`, then another `---`",
        )
        return _unparsed(shown, rel)
    if len(YAMLHandler.FM_BOUNDARY.findall(stripped)) < 2:
        errors.add(
            shown, lead_lines + 1, "the front matter is not closed; add a line `---` after it"
        )
        return _unparsed(shown, rel)
    handler = _SplitOnly()
    _, body = frontmatter.parse(text, handler=handler)
    # Find where python-frontmatter's boundaries fell, to turn offsets into file lines.
    opening = YAMLHandler.FM_BOUNDARY.search(stripped)
    assert opening is not None
    closing = YAMLHandler.FM_BOUNDARY.search(stripped, opening.end())
    assert closing is not None

    def line_of(offset: int) -> int:
        return lead_lines + 1 + stripped.count("\n", 0, offset)

    first_line = line_of(opening.end())
    front = parse_mapping(handler.front_text, shown, first_line, errors, what="front matter")
    rest = stripped[closing.end() :]
    body_line = line_of(closing.end() + len(rest) - len(rest.lstrip()))
    if front is None:
        return Source(shown, rel, Mapping({}, {}, first_line), body, body_line, front_ok=False)
    return Source(shown, rel, front, body, body_line)
