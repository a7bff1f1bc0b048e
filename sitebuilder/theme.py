"""The Jinja2 theme: one environment (autoescape, StrictUndefined) shared by build and API."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)

from .errors import ContentError
from .options import DEFAULT_THEME
from .strings import Strings, load_strings

__all__ = [
    "DEFAULT_THEME",
    "Theme",
    "load_theme",
    "long_date",
    "make_environment",
    "template_error",
    "template_errors",
]


def long_date(value: dt.date, t: dict[str, str]) -> str:
    """``2026-03-04`` -> ``4 mars 2026`` in the page's language, independent of the OS locale."""
    months = t["months"].split()
    return f"{value.day} {months[value.month - 1]} {value.year}"


def make_environment(theme_dir: Path, bytecode_dir: Path | None = None) -> Environment:
    """``bytecode_dir`` keeps compiled templates between builds (Jinja checks they are current)."""
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(bytecode_dir))
    env = Environment(
        bytecode_cache=cache,
        loader=FileSystemLoader(str(theme_dir)),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["long_date"] = long_date
    return env


@dataclass(frozen=True)
class Theme:
    root: Path
    env: Environment
    strings: Strings


def load_theme(theme_dir: Path, language: str, bytecode_dir: Path | None = None) -> Theme:
    return Theme(
        theme_dir,
        make_environment(theme_dir, bytecode_dir),
        load_strings(theme_dir / "strings", language),
    )


def template_error(exc: TemplateError, theme_dir: Path, rendering: str) -> ContentError:
    """A template mistake as ``template:line: error:``, like a content error, not a traceback.

    Call it where the exception was raised (in the worker): the line comes from the traceback,
    which Jinja maps back to the template's own lines.
    """
    root = str(theme_dir.resolve())
    path, line = theme_dir, 1
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        path, line = Path(exc.filename), exc.lineno or 1
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename.startswith(root):
                path, line = Path(frame.filename), frame.lineno or 1
    message = getattr(exc, "message", None) or str(exc)
    return ContentError(path, line, f"{message} (rendering {rendering})", "template")


def template_errors(failures: list[ContentError]) -> list[ContentError]:
    """One error per template mistake, naming the first page it broke and how many more."""
    grouped: dict[tuple[Path, int, str], list[str]] = {}
    for failure in failures:
        message, _, rendering = failure.message.rpartition(" (rendering ")
        grouped.setdefault((failure.path, failure.line, message), []).append(rendering[:-1])
    errors = []
    for (path, line, message), pages in sorted(grouped.items()):
        more = f" and {len(pages) - 1} more" if len(pages) > 1 else ""
        errors.append(
            ContentError(
                path,
                line,
                f"the theme failed while rendering {min(pages)}{more}: {message}; fix the "
                "template (the content is not at fault), then build again",
                "template",
            )
        )
    return errors
