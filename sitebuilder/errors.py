"""Content errors: every problem an editor can fix, located by file and line."""

from __future__ import annotations

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
