"""A search request's parameters, read leniently and bounded: every query string is a question.

Nothing a client can put in `q`, `lang`, `section`, `kind` or `page` is an error. A value we
do not know is ignored (an unknown section searches everywhere), text is cleaned and cut
to the box's length, and a page number is brought into range. Only requests Werkzeug itself
cannot read (a URL too long for the server, a broken request line) get a 4xx page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import get_args

from werkzeug.datastructures import MultiDict

from sitebuilder.model import SiteIndex

from .results import Kind, Query

# The box's maxlength: nobody types more, and the engine's work is bounded by it.
MAX_CHARS = 200
MAX_WORDS = 32
MAX_PAGE = 1000
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class Asked:
    query: Query
    fragment: bool  # as-you-type: the results region alone

    @property
    def filtered(self) -> bool:
        return self.query.section is not None or self.query.kind is not None


def clean_text(raw: str) -> str:
    """The query as words: control characters, NULs and lone surrogates out, spaces
    collapsed, cut at MAX_CHARS (at a word boundary when there is one) and MAX_WORDS."""
    text = unicodedata.normalize("NFC", raw.encode("utf-8", "replace").decode("utf-8"))
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") else ch for ch in text
    )
    words = text.split()[:MAX_WORDS]
    text = " ".join(words)
    if len(text) > MAX_CHARS:
        cut = text[:MAX_CHARS]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return text


def _page_number(raw: str | None) -> int:
    if raw is None:
        return 1
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return MAX_PAGE if raw.isascii() and raw.isdigit() else 1
    return min(max(int(raw), 1), MAX_PAGE)


def read_request(args: MultiDict[str, str], index: SiteIndex) -> Asked:
    """The first value of each parameter (a browser sends each once), checked against the
    site: its languages, its top-level sections, the kinds of page the engine knows."""
    languages = {page.lang for page in index.pages.values()}
    lang = args.get("lang", "")
    if lang not in languages:
        lang = index.config.language
    section: str | None = args.get("section", "")
    if section not in index.nav:
        section = None
    kind = args.get("kind", "")
    query = Query(
        text=clean_text(args.get("q", "")),
        lang=lang,
        section=section,
        kind=kind if kind in KINDS else None,  # type: ignore[arg-type]
        page=_page_number(args.get("page")),
    )
    return Asked(query, fragment=args.get("fragment") == "1")
