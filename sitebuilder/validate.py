"""Stage 2, validate: each page's front matter against the schema and the rules per type."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from .errors import ErrorList
from .load import Source
from .markdown import VAGUE_LINK_TEXTS
from .schema import E_ID_STEPS, SECTION_TYPES, FrontMatter
from .slugs import is_slug, slugify
from .typed import salvage, validate
from .urls import check_url

# The longest slug or alias part: file systems allow 255 bytes in a name.
MAX_SEGMENT = 200


@dataclass(frozen=True)
class Checked:
    source: Source
    meta: FrontMatter
    # Keys whose values are guesses (their errors are reported): nothing else is concluded
    # from them, e.g. no "no `reviewed` date" warning for a page whose YAML is broken.
    guessed: frozenset[str] = frozenset()


def validate_sources(
    sources: tuple[Source, ...],
    errors: ErrorList,
    known: dict[str, FrontMatter] | None = None,
    today: dt.date | None = None,
) -> list[Checked]:
    """Every page, each with its front matter: validated, or a best guess around its errors.

    A page with errors in its front matter still takes part in the index (its URL, its place
    in the tree, its body's checks, duplicate URLs), so that it neither hides its other
    problems nor makes correct links to it look broken; its own errors fail the build.
    ``known`` holds front matter validated by an earlier build for unchanged files.
    ``today`` is the build's day, for examples in the fixes (`date: <today>`).
    """
    known = known or {}
    today = today or dt.date.today()
    checked: list[Checked] = []
    for source in sources:
        meta = known.get(str(source.rel))
        guessed: frozenset[str] = frozenset()
        if meta is None:
            meta, guessed = _front_matter(source, errors)
        if source.front_ok:
            meta = _type_rules(source, meta, errors, guessed, today)
        checked.append(Checked(source, meta, guessed))
    return checked


def title_from_name(rel: PurePosixPath) -> str:
    """A title made from the file (or, for _index.md, the folder) name: `Bibliotek.md` -> Bibliotek."""
    name = (rel.parent.name if rel.name == "_index.md" else rel.stem).strip()
    if not name:
        return "Startsida" if rel == PurePosixPath("_index.md") else "Sida"
    return name[:1].upper() + name[1:]


def _front_matter(source: Source, errors: ErrorList) -> tuple[FrontMatter, frozenset[str]]:
    """The page's front matter, and the keys whose values are guesses (their errors reported)."""
    title = title_from_name(source.rel)
    fill = {"title": title, "description": title}
    if not source.front_ok:
        return FrontMatter(**fill), frozenset(FrontMatter.model_fields)
    front = source.front
    meta = validate(
        FrontMatter,
        front,
        source.path,
        errors,
        what="front matter",
        code=_code,
        examples={"title": title},
    )
    if meta is not None:
        return meta, front.unreadable
    meta, left_out = salvage(FrontMatter, front.data, fill)
    return meta, left_out | front.unreadable


def _code(error: dict[str, Any]) -> str:
    """Codes for tools: a missing or empty description, or one over the schema's limit."""
    if tuple(error["loc"]) != ("description",):
        return "content"
    if error["type"] == "string_too_long":
        return "description-long"
    empty = error["type"] in ("missing", "string_too_short") or error.get("input") is None
    return "description-missing" if empty else "content"


def _type_rules(
    source: Source, meta: FrontMatter, errors: ErrorList, guessed: frozenset[str], today: dt.date
) -> FrontMatter:
    """Rules that depend on more than one key; none is checked against a guessed value.

    Returns the front matter to index the page with (an unusable slug made usable).
    """
    line = source.front.line
    where = source.path
    if "type" in guessed:
        return _usable_slug(source, meta, errors)
    if meta.type == "service" and meta.ladder_step is None and "ladder_step" not in guessed:
        errors.add(
            where,
            line("type"),
            "a service page needs `ladder_step` (1 information, 2 simple interaction, "
            "3 transaction with e-ID, 4 integrated); add e.g. `ladder_step: 2`",
        )
    if meta.type != "service":
        for key in ("ladder_step", "contact", "alternatives"):
            if getattr(meta, key) is not None:
                errors.add(
                    where, line(key), f"`{key}` is only for `type: service` pages; remove it"
                )
    else:
        _alternatives_rules(source, meta, errors)
    if (
        meta.type == "service"
        and meta.ladder_step in E_ID_STEPS
        and not meta.alternatives
        and "alternatives" not in guessed
    ):
        errors.add(
            where,
            line("alternatives" if meta.alternatives == () else "ladder_step"),
            _needs_alternatives(meta),
        )
    if meta.type == "news" and meta.date is None and "date" not in guessed:
        errors.add(
            where,
            line("type"),
            f"a news page needs `date` (YYYY-MM-DD), the day it is published; add e.g. "
            f"`date: {today.isoformat()}`",
        )
    if meta.type != "news" and meta.date is not None:
        errors.add(
            where, line("date"), "`date` is only for `type: news`; use `reviewed` for other pages"
        )
    if meta.tasks is not None and source.rel != PurePosixPath("_index.md"):
        errors.add(
            where,
            line("tasks"),
            "`tasks` is only for the home page (content/_index.md), where they are shown "
            "as large links at the top; move them there, or remove them",
        )
    for i, task in enumerate(meta.tasks or ()):
        if task.text is not None and task.text.casefold().rstrip(" .:»→") in VAGUE_LINK_TEXTS:
            errors.add(
                where,
                source.front.line_at(("tasks", i, "text")),
                f"task {i + 1}: text `{task.text}` does not say where the link goes "
                "(WCAG 2.4.4); name the task, e.g. `text: Ansök om bygglov`",
                "vague-link-text",
            )
    if source.rel == PurePosixPath("_index.md") and meta.type != "page":
        errors.add(
            where, line("type"), "the home page must be `type: page`; remove the `type:` line"
        )
    elif source.rel.name == "_index.md" and meta.type not in SECTION_TYPES:
        errors.add(
            where,
            line("type"),
            f"a section's _index.md may be `type: page` or `type: service`, not `{meta.type}`; "
            "put a news item in a file of its own, e.g. Nyheter/<title>.md",
        )
    return _usable_slug(source, meta, errors)


def _alternatives_rules(source: Source, meta: FrontMatter, errors: ErrorList) -> None:
    """A link in `alternatives` names its target, like any link text (WCAG 2.4.4)."""
    for i, alternative in enumerate(meta.alternatives or ()):
        text = alternative.link_text
        if text is not None and text.casefold().rstrip(" .:»→") in VAGUE_LINK_TEXTS:
            errors.add(
                source.path,
                source.front.line_at(("alternatives", i, "link_text")),
                f"alternative {i + 1}: link text `{text}` does not say where the link goes "
                "(WCAG 2.4.4); name the target, e.g. `link_text: Blankett för ansökan (PDF)`",
                "vague-link-text",
            )


def _needs_alternatives(meta: FrontMatter) -> str:
    """Why a service at step 3 or 4 needs `alternatives:`, with an example that fits the page."""
    phone = meta.contact.phone if meta.contact and meta.contact.phone else None
    if phone:
        example = f'{{kind: phone, text: "Ring {phone}, så skickar vi en blankett."}}'
    else:
        example = '{kind: visit, text: "Besök kontaktcenter i kommunhuset, så hjälper vi dig."}'
    return (
        f"a service at step {meta.ladder_step} needs e-legitimation, which people with a "
        "samordningsnummer or protected identity cannot use; add `alternatives:` saying how to "
        "do it without (kind `paper`, `phone`, `visit` or `proxy`, and a `text`), e.g. "
        f"`alternatives: [{example}]`"
    )


def _usable_slug(source: Source, meta: FrontMatter, errors: ErrorList) -> FrontMatter:
    """Check `slug` and `aliases`; a bad slug is reported, and the page indexed at its fix."""
    line = source.front.line
    where = source.path
    if meta.slug is not None and not is_slug(meta.slug):
        errors.add(
            where,
            line("slug"),
            f"`slug` may hold only a-z, 0-9 and single hyphens; try `slug: {slugify(meta.slug) or 'sida'}`",
        )
        meta = meta.model_copy(update={"slug": slugify(meta.slug) or None})
    if meta.slug is not None and len(meta.slug) > MAX_SEGMENT:
        errors.add(
            where,
            line("slug"),
            f"`slug` is {len(meta.slug)} characters, more than the {MAX_SEGMENT} an address "
            f"part may have; shorten it, e.g. `slug: {meta.slug[:40].rstrip('-')}`",
        )
        meta = meta.model_copy(update={"slug": meta.slug[:MAX_SEGMENT].rstrip("-")})
    for i, alias in enumerate(meta.aliases):
        problem = alias_problem(alias)
        if problem is not None:
            errors.add(where, source.front.line_at(("aliases", i)), problem)
    return meta


def alias_problem(alias: str) -> str | None:
    """Why ``alias`` cannot be an old address of a page, or None when it can.

    Each alias becomes a file in the output folder and a line in Netlify's `_redirects`, so
    it must be a plain path: no `.` or `..` parts (nor any part starting with `.`), no
    backslash, no control characters or spaces, and nothing `_redirects` reads as a pattern.
    """
    if any(unicodedata.category(c) == "Cc" for c in alias):  # a tab or line break, say
        return f"alias {check_url(alias, frozenset({'path'}))}"
    if " " in alias or "\u00a0" in alias:
        encoded = alias.strip().replace(" ", "%20").replace("\u00a0", "%20")
        return (
            f"alias `{alias}` has a space, which an address cannot hold; write it as the browser "
            f"showed the old address, with %20 for each space, e.g. `{encoded}`"
        )
    if not alias.startswith("/") or alias.startswith("//"):
        elsewhere = "://" in alias or alias.startswith("//")
        other = " (an address on another site cannot redirect here)" if elsewhere else ""
        return (
            f"alias `{alias}` must be a path on this site starting with `/`, e.g. "
            f"`/gammal-sida/`{other}"
        )
    if "#" in alias or "?" in alias:
        path = alias.split("#", 1)[0].split("?", 1)[0]
        return (
            f"alias `{alias}` has a `?` or `#` part, which an old address here cannot have; write only the "
            f"path, e.g. `{path}`"
        )
    if "//" in alias:
        return (
            f"alias `{alias}` has an empty part (`//`); write it with single slashes, e.g. "
            f"`{'/' + '/'.join(p for p in alias.split('/') if p) + ('/' if alias.endswith('/') else '')}`"
        )
    parts = [unquote(part) for part in alias.split("/")]
    if any(part.startswith(".") for part in parts):
        return (
            f"alias `{alias}` has a part that starts with `.` (such as `..`), which would "
            "leave the site's folder or name a hidden file; write the old address without "
            "it, e.g. `/gammal-sida/`"
        )
    problem = check_url(alias, frozenset({"path"}))
    if problem is not None:
        return f"alias {problem}"
    shown = f"`{alias}`"
    if "*" in alias or any(part.startswith(":") for part in parts):
        return (
            f"alias {shown} has `*` or a part starting with `:`, which Netlify's `_redirects` "
            "reads as a pattern, not an address; write the old address as it was"
        )
    if alias.lower().rstrip("/") == "/_headers":
        return f"alias {shown} is the file Netlify reads its headers from; remove the alias"
    if any(len(part.encode()) > MAX_SEGMENT for part in parts):
        return f"alias {shown} has a part longer than {MAX_SEGMENT} characters; shorten it"
    return None
