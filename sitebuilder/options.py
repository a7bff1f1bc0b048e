"""What a build is asked to do and what it reports. Standard library only, so the command
line can answer "nothing changed" without loading the whole pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "theme"
# The browser suite's record of the last automated accessibility checks, beside content/:
# the accessibility statement shows it (sitebuilder/statement.py).
CHECKS_RECORD = Path("docs") / "accessibility-checks.json"


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("public")
    theme: Path = DEFAULT_THEME
    base_url: str | None = None
    drafts: bool = False
    today: dt.date | None = None  # decides which forms show as closed; default: today
    cache: bool = True  # keep a build cache, and reuse it where inputs did not change
    clean: bool = False  # ignore the cache this time (it is written afresh)
    cache_dir: Path | None = None  # default: .cache/build/ beside the output folder

    @property
    def cache_folder(self) -> Path:
        return self.cache_dir or self.out.resolve().parent / ".cache" / "build"

    @property
    def day(self) -> dt.date:
        return self.today or dt.date.today()


@dataclass(frozen=True)
class BuildResult:
    pages: int  # HTML pages for content (not redirects or 404)
    files: int  # files written (unchanged files are not rewritten)
    seconds: float
    out: Path
    mode: str = "clean"  # "clean", "incremental" or "unchanged"
