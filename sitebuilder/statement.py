"""The accessibility statement's facts: what the build knows, so the page cannot drift.

Two sources, both data: ``content/accessibility.yml`` (written by editors: compliance, known
issues and the pages they affect, the reporting address, the feedback form) and the record
of the last automated checks, ``docs/accessibility-checks.json`` beside the content folder
(written by the browser test suite, committed by a developer; editors who commit only to
``content/`` cannot change it). The theme renders them on the page that ``site.yml`` names
as ``accessibility_statement``; the record is believed only while it is recent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .characters import check_values
from .errors import ErrorList
from .load import read_text
from .options import CHECKS_RECORD
from .schema import EMAIL_PATTERN
from .yamlsource import Mapping, parse_mapping

STATEMENT_FILE = "accessibility.yml"
COMPLIANCE = ("full", "partial", "none")
DEFAULT_MAX_AGE_DAYS = 90
_KEYS = {
    "compliance",
    "contact",
    "feedback_form",
    "published",
    "check_max_age_days",
    "known_issues",
    "disproportionate_burden",
    "not_in_scope",
}
_ISSUE_KEYS = {"title", "description", "wcag", "pages", "fix"}
_CONTACT_KEYS = {"email", "phone", "hours"}
_WCAG = re.compile(r"^[1-4]\.[0-9]{1,2}\.[0-9]{1,2}$")


@dataclass(frozen=True)
class KnownIssue:
    title: str
    description: str
    wcag: tuple[str, ...]
    pages: tuple[str, ...]  # URLs
    fix: dt.date | None  # the planned date of the fix, if there is one


# What the statement can say a browser check covered; anything else in a record is ignored.
BROWSER_CHECKS = ("focus", "after_jump", "text_spacing", "forced_colours")


@dataclass(frozen=True)
class ChecksRecord:
    """What the last run of the browser suite checked (docs/accessibility-checks.json)."""

    date: dt.date
    # (name, version, the URLs it ran on; empty: every page the record counts)
    checkers: tuple[tuple[str, str, tuple[str, ...]], ...]
    browser: str
    pages: int
    page_kinds: tuple[str, ...]
    keyboard: bool  # the keyboard-only walk through every form ran and passed
    # Checks no checker makes that ran and passed on every page: focus, after_jump,
    # text_spacing, forced_colours (an older record has none).
    browser_checks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    compliance: str | None  # None: accessibility.yml is missing, nothing is claimed
    email: str | None
    phone: str | None
    hours: str | None
    feedback_form: str | None  # form id; its page is linked
    published: dt.date | None
    known_issues: tuple[KnownIssue, ...]
    disproportionate_burden: tuple[str, ...]
    not_in_scope: tuple[str, ...]
    record: ChecksRecord | None  # None: no record, or one too old to claim
    record_problem: str | None  # "missing" or "old" (with ``record_date``) or None
    record_date: dt.date | None


def load_statement(
    content: Path,
    source_urls: dict[str, str],
    form_pages: dict[str, str | None],
    today: dt.date,
    errors: ErrorList,
) -> Statement:
    """Read and check accessibility.yml (every mistake as ``path:line``) and the record."""
    path = content / STATEMENT_FILE
    data: dict[str, Any] = {}
    mapping: Mapping | None = None
    if path.is_file() and not path.is_symlink():  # a link is reported (and not read) by load
        text = read_text(path, path, errors)
        mapping = (
            None if text is None else parse_mapping(text, path, 1, errors, what=STATEMENT_FILE)
        )
        if mapping is not None:
            check_values(mapping, path, errors)
        data = mapping.data if mapping is not None else {}
    check = _Checker(path, mapping, errors)
    for key in sorted(set(data) - _KEYS):
        check.error((key,), f"unknown key `{key}`; the keys are {', '.join(sorted(_KEYS))}")
    compliance = data.get("compliance")
    if mapping is not None and compliance not in COMPLIANCE:
        check.error(
            ("compliance",),
            f"`compliance` must be one of {', '.join(COMPLIANCE)} (förenlig, delvis förenlig, "
            "inte förenlig), e.g. `compliance: partial`",
        )
        compliance = None
    contact = check.sub(data, "contact", _CONTACT_KEYS)
    email = contact.get("email")
    if mapping is not None and not (isinstance(email, str) and re.match(EMAIL_PATTERN, email)):
        check.error(
            ("contact", "email") if "email" in contact else ("contact",),
            "`contact.email` must be the address that reports of accessibility problems go to, "
            "e.g. `email: tillganglighet@kommun.example`",
        )
        email = None
    form = data.get("feedback_form")
    if form is not None and form not in form_pages and not _form_file(content, form):
        example = min(form_pages) if form_pages else "synpunkter"
        check.error(
            ("feedback_form",),
            f"`feedback_form: {form}` names no form in content/forms/; give a form's id, "
            f"e.g. `feedback_form: {example}`",
        )
        form = None
    elif form is not None and form not in form_pages:
        form = None  # the form's own file has errors, reported where they are
    elif form is not None and form_pages[form] is None:
        check.error(
            ("feedback_form",),
            f"`feedback_form: {form}`: no page shows that form, so the statement cannot link "
            f"to it; add `form: {form}` to a page's front matter",
        )
        form = None
    issues = tuple(
        issue
        for n, raw in enumerate(check.items(data, "known_issues"))
        if (issue := _issue(check, n, raw, source_urls)) is not None
    )
    if compliance == "full" and issues:
        check.error(
            ("compliance",),
            f"`compliance: full`, but {len(issues)} known issues are listed; write "
            "`compliance: partial` while any content is not accessible",
        )
    if compliance in ("partial", "none") and not issues and mapping is not None:
        check.error(
            ("compliance",),
            f"`compliance: {compliance}` needs the content that is not accessible under "
            "`known_issues:`; or write `compliance: full` if there is none",
        )
    published = data.get("published")
    if published is not None and not isinstance(published, dt.date):
        check.error(("published",), "`published` must be a date, e.g. `published: 2026-03-02`")
        published = None
    max_age = data.get("check_max_age_days", DEFAULT_MAX_AGE_DAYS)
    if not isinstance(max_age, int) or isinstance(max_age, bool) or max_age < 1:
        check.error(
            ("check_max_age_days",), "`check_max_age_days` must be a whole number of days, e.g. 90"
        )
        max_age = DEFAULT_MAX_AGE_DAYS
    record = read_record(content.parent / CHECKS_RECORD)
    problem = None
    record_date = record.date if record is not None else None
    if record is None:
        problem = "missing"
    elif (today - record.date).days > max_age or record.date > today:
        problem, record = "old", None
    return Statement(
        compliance=compliance,
        email=email,
        phone=_text(contact.get("phone")),
        hours=_text(contact.get("hours")),
        feedback_form=form,
        published=published,
        known_issues=issues,
        disproportionate_burden=tuple(check.texts(data, "disproportionate_burden")),
        not_in_scope=tuple(check.texts(data, "not_in_scope")),
        record=record,
        record_problem=problem,
        record_date=record_date,
    )


def read_record(path: Path) -> ChecksRecord | None:
    """The record of automated checks, or None if it is missing or unreadable (a broken
    record is no record: the statement then claims no automated check)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ChecksRecord(
            date=dt.date.fromisoformat(raw["date"]),
            checkers=tuple(
                (str(c["name"]), str(c["version"]), tuple(str(u) for u in c.get("pages", ())))
                for c in raw["checkers"]
            ),
            browser=str(raw["browser"]),
            pages=int(raw["pages"]),
            page_kinds=tuple(str(k) for k in raw["page_kinds"]),
            keyboard=bool(raw["keyboard"]),
            browser_checks=tuple(
                str(c) for c in raw.get("browser_checks", ()) if str(c) in BROWSER_CHECKS
            ),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _issue(check: _Checker, n: int, raw: Any, source_urls: dict[str, str]) -> KnownIssue | None:
    loc: tuple[str | int, ...] = ("known_issues", n)
    if not isinstance(raw, dict):
        check.error(loc, "each known issue is a mapping with `title:`, `description:`, `pages:`")
        return None
    for key in sorted(set(raw) - _ISSUE_KEYS):
        check.error(
            (*loc, key),
            f"unknown key `{key}` in a known issue; the keys are {', '.join(sorted(_ISSUE_KEYS))}",
        )
    title, description = _text(raw.get("title")), _text(raw.get("description"))
    if not title or not description:
        check.error(
            loc,
            "a known issue needs a `title:` and a `description:` saying what is "
            "not accessible, for whom, and what to do instead",
        )
        return None
    wcag = tuple(str(w) for w in raw.get("wcag") or ())
    for i, criterion in enumerate(wcag):
        if not _WCAG.match(criterion):
            check.error(
                (*loc, "wcag", i),
                f"`{criterion}` is not a WCAG success criterion; "
                'write its number in quotes, e.g. "1.1.1"',
            )
    urls = []
    for i, rel in enumerate(raw.get("pages") or ()):
        url = source_urls.get(unicodedata.normalize("NFC", str(rel)))
        if url is None:
            pages = sorted(p for p in source_urls if p.endswith(".md"))
            close = difflib.get_close_matches(str(rel), pages, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"e.g. `{pages[0]}`" if pages else ""
            check.error(
                (*loc, "pages", i),
                f"known issue {title!r} names page `{rel}`, which does not exist; give the "
                f"page's file relative to content/, {hint}".rstrip(", "),
            )
        else:
            urls.append(url)
    fix = raw.get("fix")
    if fix is not None and not isinstance(fix, dt.date):
        check.error((*loc, "fix"), "`fix` is the planned date of the fix, e.g. `fix: 2027-06-30`")
        fix = None
    return KnownIssue(title, description, wcag, tuple(urls), fix)


def _form_file(content: Path, form: object) -> bool:
    return isinstance(form, str) and (content / "forms" / f"{form}.yml").is_file()


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class _Checker:
    """Errors placed on the line of the key they are about."""

    def __init__(self, path: Path, mapping: Mapping | None, errors: ErrorList) -> None:
        self.path, self.mapping, self.errors = path, mapping, errors

    def error(self, loc: tuple[str | int, ...], message: str) -> None:
        line = self.mapping.line_at(loc) if self.mapping is not None else 1
        self.errors.add(self.path, line, message)

    def sub(self, data: dict[str, Any], key: str, keys: set[str]) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            self.error((key,), f"`{key}` must be a mapping of {', '.join(sorted(keys))}")
            return {}
        for unknown in sorted(set(value) - keys):
            self.error(
                (key, unknown),
                f"unknown key `{unknown}` in `{key}`; the keys are {', '.join(sorted(keys))}",
            )
        return value

    def items(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.error((key,), f"`{key}` must be a list, one item per line starting with `- `")
            return []
        return value

    def texts(self, data: dict[str, Any], key: str) -> list[str]:
        texts = []
        for i, item in enumerate(self.items(data, key)):
            if _text(item) is None:
                self.error((key, i), f"each item of `{key}` is a sentence of text")
            else:
                texts.append(_text(item))
        return texts
