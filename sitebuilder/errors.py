"""Content errors: every problem an editor can fix, located by file and line."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, with the fix stated in the message."""

    path: Path
    line: int
    message: str
    # A stable short name for tools (`check --format json`); not part of the printed line.
    code: str = field(default="content", compare=False)

    def __post_init__(self) -> None:
        # One problem, one line of output, whoever wrote the message: a value holding a
        # line break (`recipient: "a\nb@x.example"`) is shown with the break as \n.
        object.__setattr__(self, "message", one_line(self.message))

    def format(self, root_label: Path | None = None) -> str:
        """Render as ``path:line: error: message`` (the format editors' tools understand)."""
        return f"{self.path}:{self.line}: error: {self.message}"


class BuildFailed(Exception):
    """Raised with every content error found, so an editor can fix them all in one go."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} content error(s)")


class ErrorList:
    """Collects errors across a pipeline stage instead of stopping at the first."""

    def __init__(self) -> None:
        self.items: list[ContentError] = []

    def add(self, path: Path, line: int, message: str, code: str = "content") -> None:
        self.items.append(ContentError(path, max(line, 1), message, code))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise BuildFailed(self.items)


def one_line(message: str) -> str:
    """``message`` with every line break and control character written as its escape
    (``\\n``, ``\\x0b``): each problem is one line of output, and tools split it by lines."""
    if message.isprintable():  # fast: almost every message
        return message
    return "".join(_escaped(c) for c in message)


def _escaped(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
        return char.encode("unicode_escape").decode()
    return char  # a no-break space, say: printed as it is
