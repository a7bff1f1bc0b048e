"""Stage 2, validate: each page's front matter against the schema and the rules per type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ErrorList
from .load import Source
from .schema import FrontMatter
from .slugs import is_slug, slugify
from .typed import validate


@dataclass(frozen=True)
class Checked:
    source: Source
    meta: FrontMatter


def validate_sources(
    sources: tuple[Source, ...], errors: ErrorList, known: dict[str, FrontMatter] | None = None
) -> list[Checked]:
    """``known`` holds front matter validated by an earlier build for unchanged files."""
    known = known or {}
    checked: list[Checked] = []
    for source in sources:
        meta = known.get(str(source.rel)) or validate(
            FrontMatter, source.front, source.path, errors, what="front matter", code=_code
        )
        if meta is not None:
            # A page that breaks a rule between keys is still indexed and rendered, so that
            # its body's problems are reported in the same run; the build fails anyway.
            _type_rules(source, meta, errors)
            checked.append(Checked(source, meta))
    return checked


def _code(error: dict[str, Any]) -> str:
    """Codes for tools: a missing or empty description, or one over the schema's limit."""
    if tuple(error["loc"]) != ("description",):
        return "content"
    if error["type"] == "string_too_long":
        return "description-long"
    empty = error["type"] in ("missing", "string_too_short") or error.get("input") is None
    return "description-missing" if empty else "content"


def _type_rules(source: Source, meta: FrontMatter, errors: ErrorList) -> bool:
    """Rules that depend on more than one key. Returns False if the page is unusable."""
    before = len(errors.items)
    line = source.front.line
    where = source.path
    if meta.type == "service" and meta.ladder_step is None:
        errors.add(
            where,
            line("type"),
            "a service page needs `ladder_step` (1 information, 2 simple interaction, "
            "3 transaction with e-ID, 4 integrated); add e.g. `ladder_step: 2`",
        )
    if meta.type != "service":
        for key in ("ladder_step", "contact"):
            if getattr(meta, key) is not None:
                errors.add(
                    where, line(key), f"`{key}` is only for `type: service` pages; remove it"
                )
    if meta.type == "news" and meta.date is None:
        errors.add(
            where,
            line("type"),
            "a news page needs `date` (YYYY-MM-DD); add e.g. `date: 2026-11-25`",
        )
    if meta.type != "news" and meta.date is not None:
        errors.add(
            where, line("date"), "`date` is only for `type: news`; use `reviewed` for other pages"
        )
    if source.rel.name == "_index.md" and meta.type != "page":
        errors.add(where, line("type"), "a section's _index.md must be `type: page`")
    if meta.slug is not None and not is_slug(meta.slug):
        errors.add(
            where,
            line("slug"),
            f"`slug` may hold only a-z, 0-9 and single hyphens; try `slug: {slugify(meta.slug) or 'sida'}`",
        )
    for alias in meta.aliases:
        if (
            not alias.startswith("/")
            or "//" in alias
            or " " in alias
            or "#" in alias
            or "?" in alias
        ):
            errors.add(
                where,
                line("aliases"),
                f"alias {alias!r} must be a path on this site starting with `/`, e.g. `/gammal-sida/`",
            )
    return len(errors.items) == before
