"""Stage 1, load: read every content file into plain data, noting where each part starts."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import frontmatter
from frontmatter.default_handlers import YAMLHandler

from .characters import check_text, check_values
from .errors import ErrorList
from .filetypes import CONFIG_FILES, type_problem
from .svgcheck import check_svg
from .yamlsource import Mapping, parse_mapping

CONFIG_FILE = "site.yml"
# Folders under content/ that hold data, not pages.
DATA_FOLDERS = frozenset({"forms"})
# Top-level files that hold data for their own loaders (statement, search): never published.
DATA_FILES = frozenset({"accessibility.yml", "search.yml"})
# What may follow the last `.` of a published file's name: it becomes part of its URL.
_SUFFIX = re.compile(r"\.[a-z0-9]+")


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
    config_refused: bool = False  # site.yml is there but could not be read (reported)


class _SplitOnly(YAMLHandler):
    """python-frontmatter's YAML splitter; we parse the YAML ourselves to keep line numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.front_text = ""

    def load(self, fm: str, **kwargs: object) -> dict[str, object]:
        self.front_text = fm
        return {}


def walk(
    root: Path,
    errors: ErrorList | None = None,
    label: Path | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[PurePosixPath]:
    """Every visible file under ``root``, in a stable order, never following a link.

    A symbolic link (to a file or a folder, inside content/ or not, or to nothing), or
    anything that is neither a file nor a folder, is reported to ``errors`` and left out:
    the build reads only the files that are really in the content folder. Top-level names
    in ``skip`` are left to their own loader (the forms folder).
    """
    label = root if label is None else label
    found: list[PurePosixPath] = []

    def report(rel: PurePosixPath, message: str) -> None:
        if errors is not None:
            errors.add(label / rel, 1, message)

    def visit(folder: Path, rel: PurePosixPath) -> None:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            report(rel, f"the folder cannot be read ({exc.strerror}); check its permissions")
            return
        folders = []
        skipped = skip if rel == PurePosixPath(".") else frozenset()
        for entry in entries:
            if entry.name.startswith(".") or entry.name in skipped:
                continue
            child = rel / entry.name
            problem = name_problem(entry.name)
            if entry.is_symlink():
                report(child, link_problem(Path(entry.path), root))
            elif problem is not None:
                report(child, problem)
            elif entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), child))
            elif entry.is_file(follow_symlinks=False):
                found.append(child)
            else:
                report(
                    child,
                    "this is neither a file nor a folder (a device, pipe or socket); remove it",
                )
        for path, child in folders:
            visit(path, child)

    visit(root, PurePosixPath("."))
    return found


def link_problem(link: Path, root: Path) -> str:
    """What to tell an editor about the symbolic link ``link`` in the content folder.

    No link is followed, not even one that stays inside content/: a linked file would have
    two addresses, a linked folder can loop, and the build's change detection looks at the
    link, not at what it points to. So the fix is always the same: the file itself.
    """
    target = os.readlink(link)
    shown = target.encode("unicode_escape").decode() if not target.isprintable() else target
    try:
        resolved = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return (
            f"this is a symbolic link to `{shown}`, which does not exist; remove the link, "
            "or put the file itself here"
        )
    kind = "folder" if resolved.is_dir() else "file"
    if not resolved.is_relative_to(root.resolve()):
        return (
            f"this is a symbolic link to `{shown}`, outside the content folder, and the build "
            f"never reads anything outside content/; remove the link and put a copy of the "
            f"{kind} here"
        )
    fix = (
        "remove it, and link to the pages' addresses from the text instead"
        if kind == "folder"
        else "put the file itself here, or link to its address from the text"
    )
    return (
        f"this is a symbolic link (to `{shown}`); the build does not follow links, even "
        f"inside content/: {fix}"
    )


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot become part of the site, or None."""
    if not name.isprintable() and any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs", "Cn") for c in name
    ):
        shown = name.encode("unicode_escape").decode()
        return (
            f"the name `{shown}` holds an invisible control character; rename it using only "
            "visible characters"
        )
    return None


def read_file(path: Path) -> bytes:
    """The bytes of the plain file at ``path``; never through a symbolic link, never a pipe.

    The walk has already left links out; this makes sure nothing put one there since.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise IsADirectoryError(f"{path} is not a plain file")
        return handle.read()


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
    before = len(errors.items)
    for rel in walk(root, errors, label, skip=DATA_FOLDERS):
        shown = label / rel
        if str(rel) == CONFIG_FILE:
            config_text = read_text(root / rel, shown, errors)
        elif str(rel) in DATA_FILES:
            continue
        elif rel.suffix.lower() == ".md":
            if str(rel) in reuse:
                sources.append(reuse[str(rel)])
                continue
            text = read_text(root / rel, shown, errors)
            if text is None:
                sources.append(_unparsed(shown, rel))
            else:
                sources.append(parse_source(text, shown, rel, errors))
        elif str(rel) in CONFIG_FILES:
            continue  # read by its own loader, never published
        elif rel.suffix and not _SUFFIX.fullmatch(rel.suffix.lower()):
            errors.add(
                shown,
                1,
                f"the file name ends in `{rel.suffix}`; rename it so that the part after the "
                "last `.` has only letters a-z and digits, e.g. `.pdf`",
            )
        elif (problem := type_problem(rel.name, rel.suffix.lower())) is not None:
            errors.add(shown, 1, problem, "file-type")
        else:
            if rel.suffix.lower() == ".svg":
                _check_svg_file(root / rel, shown, errors)
            assets.append(Asset(shown, rel))
    # A site.yml that is there but cannot be read (a link, not UTF-8) is not also "missing".
    config_refused = config_text is None and any(
        e.path == label / CONFIG_FILE for e in errors.items[before:]
    )
    return Content(
        root, label / CONFIG_FILE, config_text, tuple(sources), tuple(assets), config_refused
    )


def _check_svg_file(file: Path, shown: Path, errors: ErrorList) -> None:
    try:
        data = read_file(file)
    except OSError as exc:
        errors.add(shown, 1, f"the file cannot be read ({exc.strerror or exc}); check it")
        return
    check_svg(data, shown, errors)


def read_text(file: Path, shown: Path, errors: ErrorList) -> str | None:
    """The file's text, with characters no page may hold reported and made U+FFFD; None
    (reported) when it cannot be read or is not UTF-8. Never through a symbolic link."""
    try:
        data = read_file(file)
    except OSError as exc:
        errors.add(shown, 1, f"the file cannot be read ({exc.strerror or exc}); check it")
        return None
    return decode_text(data, shown, errors)


def decode_text(data: bytes, shown: Path, errors: ErrorList) -> str | None:
    """The text of a file's bytes, as every check sees it; None (reported) if not UTF-8.

    Line endings become one form here, once, before anything counts lines: Windows (CR LF),
    old Mac (CR alone) and Unix (LF) files then give the same `path:line` everywhere.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = one_line_ending(data[: exc.start].decode("utf-8", "replace")).count("\n") + 1
        errors.add(shown, line, "the file is not UTF-8 text; save it as UTF-8 in your editor")
        return None
    return check_text(one_line_ending(text), shown, errors)


def one_line_ending(text: str) -> str:
    """``text`` with CR LF and CR alone made LF (the three line endings CommonMark and YAML
    know, so no parser counts a line differently from the editor's)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    # Normally done at read (decode_text); again here for callers that parse text directly.
    text = one_line_ending(text)
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
    if front is not None:
        check_values(front, shown, errors)
    rest = stripped[closing.end() :]
    body_line = line_of(closing.end() + len(rest) - len(rest.lstrip()))
    if front is None:
        return Source(shown, rel, Mapping({}, {}, first_line), body, body_line, front_ok=False)
    return Source(shown, rel, front, body, body_line)
