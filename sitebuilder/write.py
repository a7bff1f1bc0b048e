"""Stage 5, write.

A clean build writes the whole site into a new folder and swaps it in at once: a failed
build never touches the published folder, and a web server reading it never sees a
half-written site (on Linux the folders are exchanged atomically with
renameat2(RENAME_EXCHANGE); elsewhere two renames a moment apart).

An incremental build (the cache knows what is already there) stages only the files whose
content changed in a folder beside the output; only when every page has rendered does it
move them into place (each with an atomic rename) and remove the files no longer produced.
A build that fails at any point, even inside a template, leaves the output as it was.

Every path the writers are given is checked on its own, whatever the caller checked
before: a relative path that stays inside the output folder (no `..`, no absolute path, no
symbolic link on the way that leads elsewhere), or `OutsideOutput` is raised and nothing is
written. Files are copied without following a symbolic link at the source.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutsideOutput(ValueError):
    """A path given to a writer would land outside its folder; nothing was written."""


class _Inside:
    """Paths under one folder, refusing any that would land outside it.

    Checked by the text (an absolute path, a `..` or `.` part, an empty name, a NUL), then
    by where it really lands: a symbolic link on the way (which the build never makes, but a
    person may have left in the output folder) must lead to somewhere inside. Folders found
    safe are remembered, so each costs one `lstat` per build rather than one per file.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._prefix = os.fspath(self.root) + os.sep
        self._safe: set[str] = set()

    def __call__(self, rel: str) -> Path:
        parts = rel.split("/")
        if (
            not rel
            or "\x00" in rel
            or rel.startswith("/")
            or any(p in ("", ".", "..") for p in parts)
        ):
            raise OutsideOutput(f"refusing to write {rel!r}: it is not a path inside {self.root}")
        folder = ""
        for name in parts[:-1]:
            folder = f"{folder}/{name}" if folder else name
            if folder not in self._safe:
                self._check(rel, folder)
                self._safe.add(folder)
        self._check(rel, rel)
        return Path(self._prefix + rel)

    def _check(self, rel: str, part: str) -> None:
        path = self._prefix + part
        if os.path.islink(path) and not Path(path).resolve().is_relative_to(self.root):
            raise OutsideOutput(f"refusing to write {rel!r}: {part} leads outside {self.root}")


def _read_source(source: Path) -> bytes:
    """A content file to copy, read without following a symbolic link; only a plain file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise OutsideOutput(f"refusing to copy {source}: it is a symbolic link") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OutsideOutput(f"refusing to copy {source}: it is not a plain file")
        return handle.read()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the OS cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


class FreshFolder:
    """Collects the new site in a temporary folder beside ``out``; `commit` swaps it in."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        if self.out.exists() and not self.out.is_dir():
            raise NotADirectoryError(f"{self.out} exists and is not a folder")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(
            tempfile.mkdtemp(prefix=f".{self.out.name}-new-", dir=self.out.parent)
        ).resolve()
        self._inside = _Inside(self.root)
        self._made: set[Path] = set()
        self.written = 0

    def _target(self, rel: str) -> Path:
        target = self._inside(rel)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def put(self, rel: str, data: bytes) -> bool:
        """Write one file; safe to call from forked workers (the parent then `record`s it)."""
        self._target(rel).write_bytes(data)
        return True

    def record(self, rel: str) -> None:
        self.written += 1

    def write(self, rel: str, data: bytes) -> None:
        if self.put(rel, data):
            self.record(rel)

    def copy(self, rel: str, source: Path) -> None:
        self._target(rel).write_bytes(_read_source(source))
        self.written += 1

    def commit(self) -> None:
        self.root.chmod(0o755)
        if not self.out.exists():
            self.root.rename(self.out)
        elif _exchange(self.root, self.out):
            shutil.rmtree(self.root)  # now holds the previous site
        else:
            old = self.out.with_name(f".{self.out.name}-old-{os.getpid()}")
            self.out.rename(old)
            self.root.rename(self.out)
            shutil.rmtree(old)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class CommitFailed(OSError):
    """An in-place update could not be finished; the output folder is as it was before."""


class InPlace:
    """Updates an existing output folder: changed files are staged, then moved in on commit."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.written = 0
        # Made before any worker forks, so that they all stage into the same folder.
        self._stage: Path | None = Path(
            tempfile.mkdtemp(prefix=f".{self.out.name}-stage-", dir=self.out.parent)
        ).resolve()
        self._inside = _Inside(self.out)
        self._inside_stage = _Inside(self._stage)
        self._staged: list[str] = []
        self._removed: list[str] = []

    def put(self, rel: str, data: bytes) -> bool:
        """Stage one file if its bytes changed; safe to call from forked workers.

        Returns whether it was staged; the parent then `record`s it.
        """
        target = self._inside(rel)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return False  # same bytes: leave the file (and its modification time) alone
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass  # not there, or a file where a folder will be (or the reverse): commit sorts it
        assert self._stage is not None
        staged = self._inside_stage(rel)
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        os.chmod(staged, 0o644)
        return True

    def record(self, rel: str) -> None:
        self._staged.append(rel)
        self.written += 1

    def write(self, rel: str, data: bytes) -> None:
        if self.put(rel, data):
            self.record(rel)

    def copy(self, rel: str, source: Path) -> None:
        self.write(rel, _read_source(source))

    def remove(self, rel: str) -> None:
        self._inside(rel)
        self._removed.append(rel)

    def commit(self) -> None:
        """Put the new site in place: the old one's leftovers out first (so a file may become
        a folder, or the reverse), then each staged file with an atomic rename.

        Every step is journalled, and the replaced and removed files are kept aside until
        the end: if any step fails, the steps done are undone in reverse and `CommitFailed`
        is raised, so the folder holds the old site or the new one, never a mix of both.
        """
        assert self._stage is not None
        aside = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-old-", dir=self.out.parent))
        journal: list[tuple[str, Path, Path | None]] = []  # (step, path, kept copy)

        def keep(target: Path) -> None:
            copy = aside / str(len(journal))
            os.replace(target, copy)
            journal.append(("moved", target, copy))

        try:
            for rel in self._removed:
                target = self._inside(rel)
                if target.is_file() or target.is_symlink():
                    keep(target)
                    folder = target.parent
                    while folder != self.out and folder.is_dir() and not any(folder.iterdir()):
                        folder.rmdir()
                        journal.append(("rmdir", folder, None))
                        folder = folder.parent
            for rel in self._staged:
                target = self._inside(rel)
                missing = [f for f in (target.parent, *target.parent.parents) if not f.exists()]
                for folder in reversed([f for f in missing if f.is_relative_to(self.out)]):
                    folder.mkdir()
                    journal.append(("mkdir", folder, None))
                if target.is_dir() and not target.is_symlink():
                    raise IsADirectoryError(f"{target} is a folder, not a file of this site")
                if target.exists() or target.is_symlink():
                    keep(target)
                os.replace(self._inside_stage(rel), target)
                journal.append(("placed", target, None))
        except OSError as exc:
            self._undo(journal)
            shutil.rmtree(aside, ignore_errors=True)
            self.abort()
            raise CommitFailed(
                f"could not update {self.out} in place ({exc}); nothing changed"
            ) from exc
        shutil.rmtree(aside, ignore_errors=True)
        self.abort()

    @staticmethod
    def _undo(journal: list[tuple[str, Path, Path | None]]) -> None:
        for step, path, copy in reversed(journal):
            if step == "placed":
                path.unlink(missing_ok=True)
            elif step == "moved" and copy is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(copy, path)
            elif step == "mkdir":
                path.rmdir()
            elif step == "rmdir":
                path.mkdir(exist_ok=True)

    def abort(self) -> None:
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)
            self._stage = None


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path]) -> int:
    """Write a whole site as a new ``out`` (clean build). Returns the number of files."""
    folder = FreshFolder(out)
    try:
        for rel, data in sorted(files.items()):
            folder.write(rel, data)
        for rel, source in sorted(copies.items()):
            folder.copy(rel, source)
        folder.commit()
    except BaseException:
        folder.abort()
        raise
    return folder.written
