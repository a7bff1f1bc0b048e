"""`check`: the build's content errors plus warnings for editors, without rendering or writing.

Runs load -> validate -> index -> markdown -> links (`pipeline.read_site`), then adds the
warnings below. Everything an error-level finding reports also fails `build`; warnings never do.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .alttext import weak_alts
from .errors import BuildFailed, ContentError, ErrorList
from .markdown import Link
from .model import Body, Page, SiteIndex
from .pipeline import BuildOptions, read_site

Level = Literal["error", "warning"]
DESCRIPTION_LIMIT = 160  # about what search engines show; the schema's hard limit is 300


@dataclass(frozen=True, order=True)
class Finding:
    """One problem for an editor: where, how bad, a stable code for tools, and the fix."""

    path: Path
    line: int
    level: Level
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": str(self.path),
            "line": self.line,
            "level": self.level,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]  # sorted by path and line

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == "warning" for f in self.findings)

    def text(self) -> str:
        """One ``path:line: level: message`` line per finding, then a summary line."""
        lines = [f.format() for f in self.findings]
        if not self.findings:
            lines.append("no problems found")
        else:
            e, w = self.errors, self.warnings
            lines.append(f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}")
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        document = {
            "findings": [f.as_dict() for f in self.findings],
            "errors": self.errors,
            "warnings": self.warnings,
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def check_site(options: BuildOptions, today: dt.date | None = None) -> Report:
    """Every error the build would report and every warning, for the content in ``options``.

    ``today`` (default: the build's day, ``options.day``) dates the review warnings and the
    fixes that suggest a date, in errors and warnings alike.
    """
    if today is not None:
        options = dataclasses.replace(options, today=today)
    today = options.day
    errors = ErrorList()
    try:
        read = read_site(options, errors)
    except BuildFailed as failed:  # site.yml is unusable: nothing further can be checked
        return _report(failed.errors, [])
    index = read.indexed.index
    warnings = [
        *description_warnings(index),
        *review_warnings(index, today),
        *orphan_warnings(index, read.links),
        *translation_warnings(index, today),
        *alt_text_warnings(index, read.bodies),
    ]
    guessed = {str(c.source.path): c.guessed for c in read.indexed.checked}
    return _report(errors.items, [w for w in warnings if not _guesswork(w, guessed)])


# What each page-level warning concludes from; none is given about a page whose front matter
# for it could not be read (its error is reported): "no `reviewed` date" on a page whose
# YAML is broken would only be noise, and about a guess.
_DEPENDS_ON = {
    "description-long": {"description"},
    "review-missing": {"reviewed", "type"},
    "review-overdue": {"reviewed", "type"},
    "orphan-page": {"type", "draft"},
    "translation-outdated": {"translation_of", "reviewed"},
}


def _guesswork(warning: Finding, guessed: dict[str, frozenset[str]]) -> bool:
    return bool(_DEPENDS_ON.get(warning.code, set()) & guessed.get(str(warning.path), set()))


def _report(errors: Iterable[ContentError], warnings: Iterable[Finding]) -> Report:
    found = {Finding(e.path, e.line, "error", e.code, e.message) for e in errors}
    return Report(tuple(sorted(found | set(warnings))))


def _with_source(index: SiteIndex) -> Iterator[Page]:
    """Pages written by an editor (not listings the build generates on its own)."""
    return (page for page in index.pages.values() if page.source is not None)


def description_warnings(index: SiteIndex) -> Iterator[Finding]:
    for page in _with_source(index):
        assert page.source is not None
        length = len(page.meta.description)
        if length > DESCRIPTION_LIMIT:
            yield Finding(
                page.source.path,
                page.source.front.line("description"),
                "warning",
                "description-long",
                f"the description is {length} characters; search results show about "
                f"{DESCRIPTION_LIMIT}, so shorten it to one sentence of at most {DESCRIPTION_LIMIT}",
            )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day if it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_warnings(index: SiteIndex, today: dt.date) -> Iterator[Finding]:
    """Pages not reviewed within ``review_interval_months``. News items are dated, not reviewed."""
    months = index.config.review_interval_months
    limit = months_before(today, months)
    for page in _with_source(index):
        assert page.source is not None
        if page.meta.type == "news":
            continue
        reviewed = page.meta.reviewed
        line = page.source.front.line("reviewed")
        if reviewed is None and "reviewed" in page.source.front.key_lines:
            continue  # written but unreadable: the build already reports it as an error
        if reviewed is None:
            yield Finding(
                page.source.path,
                line,
                "warning",
                "review-missing",
                f"the page has no `reviewed` date; check that it is correct, then add "
                f"`reviewed: {today.isoformat()}`",
            )
        elif reviewed < limit:
            yield Finding(
                page.source.path,
                line,
                "warning",
                "review-overdue",
                f"last reviewed {reviewed.isoformat()}, more than {months} months ago "
                "(review_interval_months in site.yml); check that the page is still correct, "
                f"then set `reviewed: {today.isoformat()}`",
            )


def orphan_warnings(index: SiteIndex, links: list[Link]) -> Iterator[Finding]:
    """Pages that only the automatic listings lead to: no link from another page, menu or footer."""
    url_of = {str(page.source.path): url for url, page in index.pages.items() if page.source}
    linked = set(index.nav) | set(index.footer.values())
    for link in links:
        target = index.aliases.get(link.target, link.target)
        if url_of.get(link.path) != target:
            linked.add(target)
    for url, page in index.pages.items():
        if (
            page.source is None
            or url in linked
            or page.kind == "home"
            or page.listing is not None
            or page.meta.type == "news"
        ):
            continue
        yield Finding(
            page.source.path,
            1,
            "warning",
            "orphan-page",
            "no other page links here; link to it from a related page",
        )


def translation_warnings(index: SiteIndex, today: dt.date) -> Iterator[Finding]:
    """A translation or lättläst version reviewed before its source page last was."""
    for page in _with_source(index):
        assert page.source is not None
        name = page.meta.translation_of
        if name is None:
            continue
        url = index.source_urls.get(unicodedata.normalize("NFC", name))
        original = index.pages.get(url or "")
        if original is None or original.source is None or original.meta.reviewed is None:
            continue  # a wrong name is an error from the index; a draft source is not compared
        theirs, ours = original.meta.reviewed, page.meta.reviewed
        if ours is not None and ours >= theirs:
            continue
        front = page.source.front
        said = f"was last reviewed {ours.isoformat()}" if ours else "has no `reviewed` date"
        yield Finding(
            page.source.path,
            front.line("reviewed" if ours else "translation_of"),
            "warning",
            "translation-outdated",
            f"this version {said}, but its source {original.source.path} was reviewed "
            f"{theirs.isoformat()}; bring it up to date with the source, then set "
            f"`reviewed: {today.isoformat()}`",
        )


def alt_text_warnings(index: SiteIndex, bodies: dict[str, Body]) -> Iterator[Finding]:
    """Images whose alt text says nothing: "bild", the file name, "IMG_1234"."""
    for page in _with_source(index):
        assert page.source is not None
        body = bodies.get(page.url)
        if body is None or "<img" not in body.html:
            continue
        for weak in weak_alts(body.html, page.source.body, page.source.body_line):
            yield Finding(page.source.path, weak.line, "warning", "weak-alt", weak.message)
