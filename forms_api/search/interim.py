"""TEMPORARY: a tiny stand-in for the search engine, until search-core's engine is merged.

Matches folded words of the query against titles and descriptions; no stemming, no FTS5.
It honours the seam in `results.py` so the web layer can be written and tested against it.
Delete this file once `build_index` and `SearchIndex` come from the real engine.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from sitebuilder.pipeline import Indexed

from .results import Crumb, Facet, Hit, Kind, Query, Results


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class _Doc:
    hit: Hit
    section: str | None
    words: str


class SearchIndex:
    def __init__(self, docs: list[_Doc], vocabulary: set[str]) -> None:
        self._docs = docs
        self._vocabulary = vocabulary

    def is_stale(self) -> bool:
        return False

    def search(self, query: Query) -> Results:
        words = [_fold(w) for w in query.text.split()][:20]
        if not words:
            return Results(query, 0, ())
        found = [d for d in self._docs if all(w in d.words for w in words)]
        in_lang = [d for d in found if d.hit.lang == query.lang] or found
        kinds: dict[str, int] = {}
        sections: dict[str, int] = {}
        for d in in_lang:
            if query.section is None or d.section == query.section:
                kinds[d.hit.kind] = kinds.get(d.hit.kind, 0) + 1
            if d.section and (query.kind is None or d.hit.kind == query.kind):
                sections[d.section] = sections.get(d.section, 0) + 1
        chosen = [
            d
            for d in in_lang
            if (query.section is None or d.section == query.section)
            and (query.kind is None or d.hit.kind == query.kind)
        ]
        chosen.sort(key=lambda d: (not all(w in _fold(d.hit.title) for w in words), d.hit.title))
        start = (query.page - 1) * query.per_page
        suggestion = None
        if not found:
            suggestion = next(
                (v for v in sorted(self._vocabulary) if len(words) == 1 and _near(v, words[0])),
                None,
            )
        titles = {d.section: d.hit.title for d in self._docs if d.hit.url == d.section}
        return Results(
            query,
            len(chosen),
            tuple(d.hit for d in chosen[start : start + query.per_page]),
            suggestion,
            tuple(Facet(s, titles.get(s, s), n) for s, n in sorted(sections.items())),
            tuple(Facet(k, k, n) for k, n in sorted(kinds.items())),
        )


def _near(a: str, b: str) -> bool:
    return a != b and len(a) == len(b) and sorted(a) == sorted(b)


def build_index(indexed: Indexed, db_path: Path | None = None) -> SearchIndex:
    index = indexed.index
    docs = []
    vocabulary: set[str] = set()
    for url, page in index.pages.items():
        if page.kind == "home" or page.listing is not None:
            continue
        crumbs = tuple(Crumb(p.title, p.url) for p in index.breadcrumbs(url) if p.kind != "home")
        kind: Kind = (
            "service"
            if page.meta.type == "service"
            else "news"
            if page.meta.type == "news"
            else "page"
        )
        section = crumbs[0].url if crumbs else (url if page.kind == "section" else None)
        text = f"{page.title} {page.meta.description}"
        words = text.split()
        marked = (
            Markup(" ").join(
                Markup("<mark>{}</mark>").format(w) if len(w) > 3 else escape(w) for w in words[:1]
            )
            + Markup(" ")
            + escape(" ".join(words[1:]))
        )
        hit = Hit(
            title=page.title,
            url=url,
            kind=kind,
            lang=page.lang,
            breadcrumb=crumbs,
            snippet=marked,
            date=page.meta.date if kind == "news" else None,
            ladder_step=page.meta.ladder_step if kind == "service" else None,
        )
        docs.append(_Doc(hit, section, _fold(text)))
        vocabulary.update(_fold(w).strip(".,–") for w in page.title.split())
    return SearchIndex(docs, vocabulary)
