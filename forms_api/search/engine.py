"""Answer a query from the index: match, rank, filter, count, page, and dress the hits.

Ranking is FTS5's bm25 over weighted columns (a title match outranks a body match, an exact
word outranks the same word without its diacritics, a whole word outranks a compound's part),
times a factor per kind (a service outranks a news item on equal terms); a title that is the
query itself doubles; best bets from `content/search.yml` come first.

Languages: pages in the query's language are searched first, each analysed with its own
language's stemmer; only when none of them matches are the pages in every other language
searched (a resident on a Swedish page who types English words still finds the English page).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .analysis import fold, stem, words
from .matching import Plan, Word, plan
from .results import Crumb, Facet, Hit, Kind, Query, Results
from .snippets import best_section, snippet
from .tuning import Tuning, key_of
from .vocabulary import closest

# bm25 weights, in index.COLUMNS order: title, keywords, description, headings, body,
# title parts, other parts, title folded, rest folded.
WEIGHTS = (12.0, 8.0, 4.0, 3.0, 1.0, 4.0, 0.4, 3.0, 0.3)
KIND_FACTOR = {"service": 1.3, "page": 1.0, "news": 0.8}
TITLE_IS_QUERY = 2.0  # the title is the query ("Bygglov" for "bygglovet")
TITLE_HAS_QUERY = 1.5  # every word of the query (or a synonym's answer) is in the title
KIND_ORDER: tuple[Kind, ...] = ("service", "page", "news")
KIND_LABELS = {
    "sv": {"service": "Tjänster", "page": "Informationssidor", "news": "Nyheter"},
    "en": {"service": "Services", "page": "Information pages", "news": "News"},
}
MAX_PER_PAGE = 50
MAX_PAGE = 1000
STALE_CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class _Meta:
    url: str
    title: str
    kind: Kind
    lang: str
    section: str | None
    title_key: tuple[str, ...]
    boost: float
    title_terms: frozenset[str]


class SearchIndex:
    """A built index, opened read-only; safe to share between threads (one connection each)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(db_path)
        self._local = threading.local()
        db = self._db()
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self.fingerprint = meta["fingerprint"]
        self.content = Path(meta["content"])
        self.tuning = Tuning.from_json(json.loads(meta["tuning"]))
        self.pages: dict[int, _Meta] = {}
        for rowid, url, title, kind, lang, section, boost in db.execute(
            "SELECT id, url, title, kind, lang, section, boost FROM pages"
        ):
            key = key_of(title, lang)
            self.pages[rowid] = _Meta(url, title, kind, lang, section, key, boost, frozenset(key))
        self.by_url = {m.url: rowid for rowid, m in self.pages.items()}
        known: dict[str, set[str]] = {}
        for lang, s in db.execute("SELECT lang, stem FROM stems"):
            known.setdefault(lang, set()).add(s)
        self.known = {lang: frozenset(s) for lang, s in known.items()}
        for lang, stems in known.items():  # "~sv": the same without diacritics
            self.known["~" + lang] = frozenset(fold(s) for s in stems)
        self.langs = sorted({m.lang for m in self.pages.values()})
        self._checked_at = 0.0
        self._stale = False

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def is_stale(self) -> bool:
        """Has the content changed since this index was built? Looks at most every two
        seconds (a walk over the content folder's file sizes and times)."""
        from .index import fingerprint  # the build side; imported late to keep startup light

        now = time.monotonic()
        if not self._stale and now - self._checked_at >= STALE_CHECK_SECONDS:
            self._checked_at = now
            self._stale = fingerprint(self.content) != self.fingerprint
        return self._stale

    def search(self, query: Query) -> Results:
        """The ranked, filtered, paged answer. Never raises for any query text."""
        per_page = min(max(1, query.per_page), MAX_PER_PAGE)
        page = min(max(1, query.page), MAX_PAGE)
        if per_page != query.per_page or page != query.page:
            query = Query(query.text, query.lang, query.section, query.kind, page, per_page)
        text = query.text if isinstance(query.text, str) else ""
        primary = [query.lang] if query.lang in self.langs else []
        the_plan = plan(text, primary or self.langs, self.tuning, self.known)
        scored = self._match(the_plan, primary or self.langs)
        if primary and not scored:
            the_plan = plan(text, self.langs, self.tuning, self.known)
            scored = self._match(the_plan, self.langs)
        pinned = [
            self.by_url[u] for u in self.tuning.best_bets.get(the_plan.key, ()) if u in self.by_url
        ]
        ranked = pinned + [
            rowid
            for rowid, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
            if rowid not in pinned
        ]
        in_kind = [r for r in ranked if query.kind is None or self.pages[r].kind == query.kind]
        in_section = [
            r for r in ranked if query.section is None or self.pages[r].section == query.section
        ]
        chosen = [
            r for r in in_kind if query.section is None or self.pages[r].section == query.section
        ]
        start = (page - 1) * per_page
        hits = tuple(self._hit(r, the_plan, r in pinned) for r in chosen[start : start + per_page])
        return Results(
            query=query,
            total=len(chosen),
            hits=hits,
            suggestion=self._suggestion(text, the_plan),
            sections=self._section_facets(in_kind),
            kinds=self._kind_facets(in_section, query.lang),
        )

    def _match(self, the_plan: Plan, langs: list[str]) -> dict[int, float]:
        expression = the_plan.expression()
        if expression is None:
            return {}
        scored = self._run(expression, the_plan, langs)
        if not scored and len(the_plan.words) > 1:
            scored = self._run(the_plan.expression(any_word=True) or "", the_plan, langs)
        return scored

    def _run(self, expression: str, the_plan: Plan, langs: list[str]) -> dict[int, float]:
        weights = ", ".join(str(w) for w in WEIGHTS)
        try:
            rows = (
                self._db()
                .execute(
                    f"SELECT rowid, bm25(terms, {weights}) FROM terms WHERE terms MATCH ?",
                    (expression,),
                )
                .fetchall()
            )
        except sqlite3.Error:  # every word is quoted; this is a guard, not a path
            return {}
        query_key = tuple(fold(stem(w.text, langs[0])) for w in the_plan.words)
        scored: dict[int, float] = {}
        for rowid, bm25 in rows:
            meta = self.pages[rowid]
            if meta.lang not in langs:
                continue
            score = -bm25 * KIND_FACTOR.get(meta.kind, 1.0) * meta.boost
            if meta.title_key == query_key or meta.title_key == the_plan.key:
                score *= TITLE_IS_QUERY
            elif all(_in_title(w, meta.title_terms) for w in the_plan.words):
                score *= TITLE_HAS_QUERY
            scored[rowid] = score
        return scored

    def _hit(self, rowid: int, the_plan: Plan, pinned: bool) -> Hit:
        row = (
            self._db()
            .execute(
                "SELECT url, title, description, kind, lang, date, ladder_step, breadcrumb, sections, "
                "analysed FROM pages WHERE id = ?",
                (rowid,),
            )
            .fetchone()
        )
        url, title, description, kind, lang, date, step, crumbs, sections, analysed = row
        matches = _Matcher(the_plan, lang, json.loads(analysed), self.tuning.ignore)
        in_title = {t for w in words(title) if (t := matches(w))}
        wanted = {t for w in the_plan.words if (t := _term_of(w))} - in_title
        sections = [tuple(s) for s in json.loads(sections)]
        heading = None
        text = snippet(description, matches, whole=True)
        if wanted:
            best = best_section(sections, matches, wanted)
            if best is not None:
                head, anchor, body = sections[best]
                text = snippet(body, matches) or text
                if head and anchor:
                    heading, url = head, f"{url}#{anchor}"
        return Hit(
            title=title,
            url=url,
            kind=kind,
            lang=lang,
            breadcrumb=tuple(Crumb(t, u) for t, u in json.loads(crumbs)),
            snippet=text,
            heading=heading,
            date=dt.date.fromisoformat(date) if date else None,
            ladder_step=step,
            best_bet=pinned,
        )

    def _suggestion(self, text: str, the_plan: Plan) -> str | None:
        if not the_plan.words or all(w.whole for w in the_plan.words):
            return None
        db = self._db()
        changed = False
        out = []
        for word in the_plan.words:
            # A word the site has only as parts of others ("park|ring") may still be a typo.
            better = None if word.whole or word.together else closest(db, word.text)
            out.append(better or word.text)
            changed = changed or better is not None
        return " ".join(out) if changed else None

    def _section_facets(self, rowids: list[int]) -> tuple[Facet, ...]:
        counts: dict[str, int] = {}
        for r in rowids:
            section = self.pages[r].section
            if section is not None:
                counts[section] = counts.get(section, 0) + 1
        labels = {m.url: m.title for m in self.pages.values()}
        return tuple(
            Facet(s, labels.get(s, s), n)
            for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
        )

    def _kind_facets(self, rowids: list[int], lang: str) -> tuple[Facet, ...]:
        labels = KIND_LABELS.get(lang.split("-")[0], KIND_LABELS["sv"])
        counts = {k: 0 for k in KIND_ORDER}
        for r in rowids:
            counts[self.pages[r].kind] = counts.get(self.pages[r].kind, 0) + 1
        return tuple(Facet(k, labels[k], n) for k, n in counts.items() if n)


def _in_title(word: Word, title: frozenset[str]) -> bool:
    """Does the title hold this query word, its parts, or one of its synonyms' answers?"""
    if word.folds & title:
        return True
    if any(all(fold(p) in title for p in parts) for parts in word.parts):
        return True
    if any(all(fold(p) in title for p in phrase) for phrase in word.synonyms):
        return True
    return bool(word.together) and all(_in_title(w, title) for w in word.together)


def _term_of(word: Word) -> str | None:
    return word.text or None


class _Matcher:
    """Which query word a word of a page meets, if any (for marking and deep links)."""

    def __init__(
        self, the_plan: Plan, lang: str, analysed: dict[str, list[str]], ignore: frozenset[str]
    ) -> None:
        self.lang, self.analysed = lang, analysed
        self.by_stem: dict[str, str] = {}
        self.by_fold: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        for word in the_plan.words:
            for member in [word, *word.together]:
                for s in member.stems:
                    self.by_stem.setdefault(s, word.text)
                for f in member.folds:
                    self.by_fold.setdefault(f, word.text)
                for parts in member.parts:
                    for p in parts:
                        self.by_stem.setdefault(p, word.text)
                if member.prefix:
                    self.prefixes += [(f, word.text) for f in member.folds]
            for phrase in word.synonyms:
                for s in phrase:
                    if s not in ignore:  # "i" of "våld i nära relationer" is not marked
                        self.by_stem.setdefault(s, word.text)
        self.memo: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self.memo:
            return self.memo[word]
        s, *parts = self.analysed.get(word) or [word]
        found = self.by_stem.get(s) or self.by_fold.get(fold(s))
        if found is None and self.prefixes:
            folded = fold(word)
            found = next((t for p, t in self.prefixes if folded.startswith(p)), None)
        for part in parts:
            if found is not None:
                break
            found = self.by_stem.get(part)
        self.memo[word] = found
        return found
