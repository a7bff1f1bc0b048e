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

import functools
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .analysis import fold, stem
from .hits import PAGE_COLUMNS, Matcher, dress
from .matching import Plan, Word, plan
from .results import Facet, Hit, Kind, Query, Results
from .tuning import Tuning, key_of
from .vocabulary import closest

# bm25 weights, in index.COLUMNS order: title, keywords, description, headings, body,
# title parts, other parts, title folded, rest folded.
WEIGHTS = (12.0, 8.0, 4.0, 3.0, 1.0, 4.0, 0.4, 3.0, 0.3)
TITLE_IS_QUERY = 3.0  # the title is the query ("Bygglov" for "bygglovet")
TITLE_HAS_QUERY = 2.0  # every word of the query (or a synonym's answer) is in the title
KIND_ORDER: tuple[Kind, ...] = ("service", "page", "news")
KIND_LABELS = {
    "sv": {"service": "Tjänster", "page": "Informationssidor", "news": "Nyheter"},
    "en": {"service": "Services", "page": "Information pages", "news": "News"},
}
CACHE_SIZE = 512  # answers kept per index (a Results is a few KB)
RERANK = 200  # pages SQLite hands over for the title bonuses (more when paging deeper)
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
    title_terms: frozenset[str]


class SearchIndex:
    """A built index, opened read-only; safe to share between threads (one connection each)."""

    def __init__(self, db_path: Path, cache_size: int = CACHE_SIZE) -> None:
        self.path = Path(db_path)
        # Popular queries repeat (and as-you-type asks again): the same Query, the same
        # Results, from an index that never changes once built.
        self._cached = functools.lru_cache(maxsize=cache_size)(self._search) if cache_size else None
        self._local = threading.local()
        db = self._db()
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self.fingerprint = meta["fingerprint"]
        self.content = Path(meta["content"])
        self.tuning = Tuning.from_json(json.loads(meta["tuning"]))
        self.pages: dict[int, _Meta] = {}
        for rowid, url, title, kind, lang, section in db.execute(
            "SELECT id, url, title, kind, lang, section FROM pages"
        ):
            key = key_of(title, lang)
            self.pages[rowid] = _Meta(url, title, kind, lang, section, key, frozenset(key))
        self.by_url = {m.url: rowid for rowid, m in self.pages.items()}
        self.titles = {m.url: m.title for m in self.pages.values()}
        self._weights = ", ".join(str(w) for w in WEIGHTS)
        known: dict[str, set[str]] = {}
        for lang, s in db.execute("SELECT lang, stem FROM stems"):
            known.setdefault(lang, set()).add(s)
        self.known = {lang: frozenset(s) for lang, s in known.items()}
        for lang, stems in known.items():  # "~sv": the same without diacritics
            self.known["~" + lang] = frozenset(fold(s) for s in stems)
        self.langs = sorted({m.lang for m in self.pages.values()})
        self._checked_at = time.monotonic()  # the build has just looked
        self._stale = False
        self._looking = False
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def is_stale(self) -> bool:
        """Has the content changed since this index was built? Never waits: the look (a
        walk over the content folder's file sizes and times, tens of milliseconds at 5,000
        pages) runs in a background thread at most every two seconds, and this answers what
        the last look found. Once stale, always stale: build a new index."""
        now = time.monotonic()
        with self._lock:
            start = (
                not self._stale
                and not self._looking
                and now - self._checked_at >= (STALE_CHECK_SECONDS)
            )
            if start:
                self._looking, self._checked_at = True, now
        if start:
            threading.Thread(target=self._look, name="search-stale", daemon=True).start()
        return self._stale

    def wait_for_look(self, timeout: float = 10.0) -> None:
        """Wait for a look that is under way (tests, and the benchmark's measurement)."""
        deadline = time.monotonic() + timeout
        while self._looking and time.monotonic() < deadline:
            time.sleep(0.005)

    def _look(self) -> None:
        from .index import fingerprint  # the build side; imported late to keep startup light

        try:
            changed = fingerprint(self.content) != self.fingerprint
        except OSError:
            changed = True  # the content folder is gone or unreadable: build again to see
        finally:
            self._looking = False
        if changed:
            self._stale = True

    def search(self, query: Query) -> Results:
        """The ranked, filtered, paged answer. Never raises for any query text."""
        if self._cached is not None:
            try:
                return self._cached(query)
            except TypeError:  # a field that is not hashable (a list): not cached
                pass
        return self._search(query)

    def _search(self, query: Query) -> Results:
        per_page = min(max(1, _whole(query.per_page, 10)), MAX_PER_PAGE)
        page = min(max(1, _whole(query.page, 1)), MAX_PAGE)
        lang = query.lang if isinstance(query.lang, str) else ""
        if (per_page, page, lang) != (query.per_page, query.page, query.lang):
            query = Query(query.text, lang, query.section, query.kind, page, per_page)
        text = query.text if isinstance(query.text, str) else ""
        primary = [query.lang] if query.lang in self.langs else []
        langs = primary or self.langs
        the_plan = plan(text, langs, self.tuning, self.known)
        expression, counts = self._match(the_plan, langs)
        if primary and not counts:
            langs = self.langs
            the_plan = plan(text, langs, self.tuning, self.known)
            expression, counts = self._match(the_plan, langs)
        pinned = [
            r
            for u in self.tuning.best_bets.get(the_plan.key, ())
            if (r := self.by_url.get(u)) is not None and self._passes(r, query)
        ]
        start = (page - 1) * per_page
        ranked = (
            []
            if expression is None
            else self._ranked(expression, the_plan, langs, query, start + per_page + len(pinned))
        )
        chosen = pinned + [r for r in ranked if r not in pinned]
        matchers: dict[str, Matcher] = {}  # one per language: a word meets the same terms
        hits = tuple(
            self._hit(r, the_plan, r in pinned, matchers) for r in chosen[start : start + per_page]
        )
        extra = [r for r in pinned if not self._counted(r, expression, langs)]
        for r in extra:  # a best bet the words do not find is still one of the results
            meta = self.pages[r]
            counts[(meta.section, meta.kind)] = counts.get((meta.section, meta.kind), 0) + 1
        total = sum(
            n
            for (section, kind), n in counts.items()
            if (query.section is None or section == query.section)
            and (query.kind is None or kind == query.kind)
        )
        return Results(
            query=query,
            total=total,
            hits=hits,
            suggestion=self._suggestion(the_plan, primary or langs),  # the reader's words
            sections=self._section_facets(counts, query.kind),
            kinds=self._kind_facets(counts, query.section, query.lang),
        )

    def _passes(self, rowid: int, query: Query) -> bool:
        meta = self.pages[rowid]
        return (query.section is None or meta.section == query.section) and (
            query.kind is None or meta.kind == query.kind
        )

    def _counted(self, rowid: int, expression: str | None, langs: list[str]) -> bool:
        if expression is None or self.pages[rowid].lang not in langs:
            return False
        return (
            self._sql("SELECT 1 FROM terms WHERE terms MATCH ? AND rowid = ?", (expression, rowid))
            != []
        )

    def _match(
        self, the_plan: Plan, langs: list[str]
    ) -> tuple[str | None, dict[tuple[str | None, str], int]]:
        """The expression that finds something (every word, else any word) and the count of
        its pages by (section, kind), in ``langs``."""
        expression = the_plan.expression()
        if expression is None:
            return None, {}
        counts = self._counts(expression, langs)
        if not counts and len(the_plan.words) > 1:
            expression = the_plan.expression(any_word=True)
            counts = self._counts(expression, langs) if expression else {}
        return expression, counts

    def _counts(self, expression: str, langs: list[str]) -> dict[tuple[str | None, str], int]:
        marks = ",".join("?" * len(langs))
        rows = self._sql(
            "SELECT f.section, f.kind, count(*) FROM terms JOIN facts f ON f.id = terms.rowid "
            f"WHERE terms MATCH ? AND f.lang IN ({marks}) GROUP BY f.section, f.kind",
            (expression, *langs),
        )
        return {(section or None, kind): n for section, kind, n in rows}

    def _ranked(
        self, expression: str, the_plan: Plan, langs: list[str], query: Query, wanted: int
    ) -> list[int]:
        """Page ids best first. SQLite ranks by bm25 times the kind's factor and keeps the
        best RERANK (or as many as the page needs); the title bonuses then reorder those."""
        marks = ",".join("?" * len(langs))
        where = [f"f.lang IN ({marks})"]
        args: list[object] = [expression, *langs]
        if query.section is not None:
            where.append("f.section = ?")
            args.append(query.section)
        if query.kind is not None:
            where.append("f.kind = ?")
            args.append(query.kind)
        limit = max(RERANK, wanted)
        rows = self._sql(
            f"SELECT terms.rowid, bm25(terms, {self._weights}) * f.factor AS score FROM terms "
            f"JOIN facts f ON f.id = terms.rowid WHERE terms MATCH ? AND {' AND '.join(where)} "
            f"ORDER BY score LIMIT {limit}",
            tuple(args),
        )
        query_key = tuple(fold(stem(w.text, langs[0])) for w in the_plan.words)
        folds = the_plan.folds()
        pages = self.pages
        scored: list[tuple[float, int]] = []
        for rowid, bm25 in rows:
            meta = pages[rowid]
            score = -bm25
            if meta.title_terms & folds:  # cheap test first: most titles hold no query word
                if meta.title_key == query_key or meta.title_key == the_plan.key:
                    score *= TITLE_IS_QUERY
                elif all(_in_title(w, meta.title_terms) for w in the_plan.words):
                    score *= TITLE_HAS_QUERY
            scored.append((-score, rowid))
        scored.sort()
        return [rowid for _, rowid in scored]

    def _sql(self, sql: str, args: tuple[object, ...]) -> list[tuple]:
        try:
            return self._db().execute(sql, args).fetchall()
        except sqlite3.Error:  # every word is quoted; this is a guard, not a path
            return []

    def _hit(self, rowid: int, the_plan: Plan, pinned: bool, matchers: dict[str, Matcher]) -> Hit:
        row = self._sql(f"SELECT {PAGE_COLUMNS} FROM pages WHERE id = ?", (rowid,))[0]
        lang = row[4]
        matcher = matchers.get(lang)
        if matcher is None:
            matcher = matchers[lang] = Matcher(the_plan, lang, self.tuning.ignore)
        return dress(row, the_plan, matcher, pinned)

    def _suggestion(self, the_plan: Plan, langs: list[str]) -> str | None:
        if not the_plan.words or all(w.whole for w in the_plan.words):
            return None
        db = self._db()
        changed = False
        out = []
        for word in the_plan.words:
            # A word the site has only as parts of others ("park|ring") may still be a typo.
            better = None if word.whole or word.together else closest(db, word.text, langs)
            out.append(better or word.text)
            changed = changed or better is not None
        return " ".join(out) if changed else None

    def _section_facets(
        self, counts: dict[tuple[str | None, str], int], kind: str | None
    ) -> tuple[Facet, ...]:
        """Pages per top-level section, within the kind filter (not the section filter)."""
        by_section: dict[str, int] = {}
        for (section, k), n in counts.items():
            if section is not None and (kind is None or k == kind):
                by_section[section] = by_section.get(section, 0) + n
        labels = self.titles
        return tuple(
            Facet(s, labels.get(s, s), n)
            for s, n in sorted(
                by_section.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0]))
            )
        )

    def _kind_facets(
        self, counts: dict[tuple[str | None, str], int], section: str | None, lang: str
    ) -> tuple[Facet, ...]:
        """Pages per kind, within the section filter (not the kind filter)."""
        labels = KIND_LABELS.get(lang.split("-")[0], KIND_LABELS["sv"])
        by_kind = dict.fromkeys(KIND_ORDER, 0)
        for (s, k), n in counts.items():
            if section is None or s == section:
                by_kind[k] = by_kind.get(k, 0) + n
        return tuple(Facet(k, labels[k], n) for k, n in by_kind.items() if n)


def _whole(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _in_title(word: Word, title: frozenset[str]) -> bool:
    """Does the title hold this query word, its parts, or one of its synonyms' answers?"""
    if word.folds & title:
        return True
    if any(all(fold(p) in title for p in parts) for parts in word.parts):
        return True
    if any(all(fold(p) in title for p in phrase) for phrase in word.synonyms):
        return True
    return bool(word.together) and all(_in_title(w, title) for w in word.together)
