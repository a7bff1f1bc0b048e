"""Has anything changed since the last successful build? Standard library only: answering
"no" must not cost more than a walk over the files.

The build cache keeps, beside its full state, a small JSON manifest: the size and
modification time of every input and output file, the build settings and the day.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .options import CHECKS_RECORD, BuildOptions

CACHE_VERSION = 4
Stat = tuple[int, int]  # (mtime_ns, size)


def digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """The builder's own source: after an upgrade, nothing cached may be trusted."""
    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py"))
    return digest(
        *((str(f.relative_to(package)), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    )


def settings_digest(options: BuildOptions) -> str:
    """What changes the output besides the content and theme files: options and our code."""
    return digest(
        CACHE_VERSION, options.base_url, options.drafts, code_digest(), _record_bytes(options)
    )


def _record_bytes(options: BuildOptions) -> bytes:
    """The record of automated accessibility checks, which the statement page shows; it
    lives outside content/ (docs/), so the content snapshot does not see it change."""
    try:
        return (options.content.parent / CHECKS_RECORD).read_bytes()
    except OSError:
        return b""


def cache_stem(options: BuildOptions) -> Path:
    """One cache per (content, output, theme) combination."""
    name = digest(
        str(options.content.resolve()), str(options.out.resolve()), str(options.theme.resolve())
    )
    return options.cache_folder / name


def _files(folder: str, prefix: str, hidden: bool) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of every file under ``folder``; one scandir per folder."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        if not hidden and entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path, prefix + entry.name + "/", hidden)
            else:
                yield prefix + entry.name, _stat(entry)
        except FileNotFoundError:
            continue


def _stat(entry: os.DirEntry[str]) -> os.stat_result:
    """The file's stat; for a link to nothing, the link's own, so that adding one is a change
    (the build reports it) rather than invisible."""
    try:
        return entry.stat()
    except FileNotFoundError:
        return entry.stat(follow_symlinks=False)


def snapshot(root: Path) -> dict[str, Stat]:
    """Modification time and size of every visible file under ``root``, by relative path."""
    return {rel: (st.st_mtime_ns, st.st_size) for rel, st in _files(str(root), "", hidden=False)}


def outputs_intact(out: Path, outputs: dict[str, Stat]) -> bool:
    """The published folder holds exactly what the last build wrote, untouched since."""
    if not out.is_dir():
        return False
    seen = 0
    for rel, st in _files(str(out), "", hidden=True):
        recorded = outputs.get(rel)
        if recorded is None or (st.st_mtime_ns, st.st_size) != tuple(recorded):
            return False
        seen += 1
    return seen == len(outputs)


def write_manifest(options: BuildOptions, manifest: dict[str, Any]) -> None:
    path = cache_stem(options).with_suffix(".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def unchanged(options: BuildOptions) -> int | None:
    """The number of pages, if the last build is still exactly right; otherwise None."""
    if not options.cache or options.clean:
        return None
    try:
        manifest = json.loads(cache_stem(options).with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(manifest, dict)
        or manifest.get("settings") != settings_digest(options)
        or manifest.get("today") != options.day.isoformat()
    ):
        return None
    if manifest.get("content") != {k: list(v) for k, v in snapshot(options.content).items()}:
        return None
    if manifest.get("theme") != {k: list(v) for k, v in snapshot(options.theme).items()}:
        return None
    if not outputs_intact(options.out, manifest.get("outputs", {})):
        return None
    return int(manifest.get("pages", 0))
