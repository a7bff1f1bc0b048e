"""Stage 5, write: build the whole site in a new folder, then swap it in at once.

A failed build never touches the published folder, and readers of the old site (a web
server, `serve`) never see a half-written one: on Linux the two folders are exchanged
atomically with renameat2(RENAME_EXCHANGE); elsewhere two renames a moment apart.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the OS cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path]) -> int:
    """Write ``files`` (path -> bytes) and ``copies`` (path -> source file) as the new ``out``.

    Returns the number of files written.
    """
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        made: set[Path] = set()
        for rel, data in sorted(files.items()):
            target = fresh / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        for rel, source in sorted(copies.items()):
            target = fresh / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        fresh.chmod(0o755)
        if not out.exists():
            fresh.rename(out)
        elif _exchange(fresh, out):
            shutil.rmtree(fresh)  # now holds the previous site
        else:
            old = out.with_name(f".{out.name}-old-{os.getpid()}")
            out.rename(old)
            fresh.rename(out)
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return len(files) + len(copies)
