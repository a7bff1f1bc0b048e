"""The Jinja2 theme: one environment (autoescape, StrictUndefined) shared by build and API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from .options import DEFAULT_THEME
from .strings import Strings, load_strings

__all__ = ["DEFAULT_THEME", "Theme", "load_theme", "long_date", "make_environment"]


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
