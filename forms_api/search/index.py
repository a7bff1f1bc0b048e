"""Build the search index: every published page, analysed, in one SQLite FTS5 file.

The file is written beside its final name and moved into place in one step, so a reader
(another worker, the running endpoint) sees the old index or the new one, never half.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from sitebuilder.freshness import digest, snapshot
from sitebuilder.pipeline import Indexed

from .analysis import MIN_PART, fold, fold_text, split_compound, stem, words
from .engine import SearchIndex
from .text import Document, documents
from .tuning import Tuning, tuning_from
from .vocabulary import deletions

SCHEMA_VERSION = 1
# The indexed columns, in the order of bm25()'s weights (engine.WEIGHTS).
COLUMNS = (
    "title",  # the title's stems
    "keywords",  # front matter keywords
    "description",
    "headings",
    "body",
    "tparts",  # parts of compounds in the title and keywords ("parkering", "tillstånd")
    "bparts",  # parts of compounds anywhere else
    "ftitle",  # the title without diacritics (and its parts)
    "frest",  # everything else without diacritics (and its parts)
)
MIN_SUGGEST = 4  # words shorter than this are never offered as "Menade du"


def fingerprint(content: Path) -> str:
    """What the index was built from: every content file's name, size and time."""
    return digest(SCHEMA_VERSION, sorted(snapshot(content).items()))


def build_index(site: object, db_path: Path) -> SearchIndex:
    """Index every published page of ``site`` (an ApiSite or the builder's Indexed) into
    ``db_path`` and open it. Takes the content's fingerprint first, so a change made while
    building leaves the new index stale rather than wrongly fresh."""
    indexed: Indexed = getattr(site, "indexed", site)  # type: ignore[assignment]
    stamp = fingerprint(indexed.root)
    docs = documents(indexed.index, indexed.theme.strings)
    tuning = tuning_from(getattr(indexed, "search", None), indexed.index)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".search-", suffix=".tmp", dir=db_path.parent)
    os.close(handle)
    try:
        _write(Path(tmp), docs, tuning, stamp, indexed.root)
        os.replace(tmp, db_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return SearchIndex(db_path)


def _write(path: Path, docs: list[Document], tuning: Tuning, stamp: str, root: Path) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript(
            f"""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE pages (
                id INTEGER PRIMARY KEY, url TEXT NOT NULL, title TEXT NOT NULL,
                description TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT NOT NULL,
                section TEXT, date TEXT, ladder_step INTEGER,
                breadcrumb TEXT NOT NULL, sections TEXT NOT NULL, keywords TEXT NOT NULL,
                analysed TEXT NOT NULL, boost REAL NOT NULL
            );
            CREATE VIRTUAL TABLE terms USING fts5(
                {", ".join(COLUMNS)}, content = '', tokenize = "unicode61 remove_diacritics 0"
            );
            CREATE TABLE facts (
                id INTEGER PRIMARY KEY, lang TEXT NOT NULL, kind TEXT NOT NULL,
                section TEXT NOT NULL, factor REAL NOT NULL
            );
            CREATE TABLE vocabulary (
                lang TEXT NOT NULL, word TEXT NOT NULL, shown TEXT NOT NULL,
                freq INTEGER NOT NULL, PRIMARY KEY (lang, word)
            ) WITHOUT ROWID;
            CREATE TABLE deletions (
                variant TEXT NOT NULL, lang TEXT NOT NULL, word TEXT NOT NULL
            );
            CREATE TABLE stems (lang TEXT NOT NULL, stem TEXT NOT NULL,
                PRIMARY KEY (lang, stem)) WITHOUT ROWID;
            """
        )
        analyser = _Analyser(docs, tuning)
        for n, doc in enumerate(docs, 1):
            columns, sections, analysed = analyser.page(doc)
            db.execute(
                "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    n,
                    doc.url,
                    doc.title,
                    doc.description,
                    doc.kind,
                    doc.lang,
                    doc.section,
                    doc.date.isoformat() if doc.date else None,
                    doc.ladder_step,
                    json.dumps([[c.title, c.url] for c in doc.breadcrumb], ensure_ascii=False),
                    json.dumps(sections, ensure_ascii=False),
                    json.dumps(list(doc.keywords), ensure_ascii=False),
                    json.dumps(analysed, ensure_ascii=False),
                    doc.boost,
                ),
            )
            db.execute(
                f"INSERT INTO terms (rowid, {', '.join(COLUMNS)}) VALUES ({n}{', ?' * len(COLUMNS)})",
                columns,
            )
            db.execute(
                "INSERT INTO facts VALUES (?, ?, ?, ?, ?)",
                (n, doc.lang, doc.kind, doc.section or "", doc.factor),
            )
        db.executemany("INSERT INTO stems VALUES (?, ?)", sorted(analyser.known_pairs()))
        vocabulary = analyser.vocabulary()
        db.executemany("INSERT INTO vocabulary VALUES (?, ?, ?, ?)", vocabulary)
        db.executemany(
            "INSERT INTO deletions VALUES (?, ?, ?)",
            ((v, lang, word) for lang, word, _, _ in vocabulary for v in deletions(word)),
        )
        db.execute("CREATE INDEX deletions_variant ON deletions (variant)")
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("schema", str(SCHEMA_VERSION)),
                ("fingerprint", stamp),
                ("content", str(root)),
                ("tuning", json.dumps(tuning.to_json(), ensure_ascii=False)),
            ],
        )
        db.execute("INSERT INTO terms (terms) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


class _Analyser:
    """Stems, folded forms and compound parts, each worked out once per distinct word."""

    def __init__(self, docs: list[Document], tuning: Tuning) -> None:
        self.forms: dict[str, Counter[str]] = {}  # per language: each word, how often
        by_lang: dict[str, set[str]] = {}
        for doc in docs:
            found = words(" ".join(_texts(doc)))
            self.forms.setdefault(doc.lang, Counter()).update(found)
            by_lang.setdefault(doc.lang, set()).update(found)
        self.stem_of: dict[str, dict[str, str]] = {}
        self.known: dict[str, set[str]] = {}
        self.parts_of: dict[str, dict[str, list[str]]] = {}
        self.folded_of: dict[str, dict[str, str]] = {}  # terms with diacritics -> without
        for lang, forms in by_lang.items():
            stems = self.stem_of[lang] = {w: stem(w, lang) for w in forms}
            known = self.known[lang] = {
                x
                for w, s in stems.items()
                if len(w) >= MIN_PART and w not in tuning.ignore
                for x in (w, s)
            }
            self.parts_of[lang] = {
                w: parts for w in forms if (parts := split_compound(w, known, lang))
            }
            every = set(stems.values()) | {p for ps in self.parts_of[lang].values() for p in ps}
            self.folded_of[lang] = {t: f for t in every if (f := fold(t)) != t}

    def page(self, doc: Document) -> tuple[tuple[str, ...], list[list[str | None]], dict]:
        """The page's FTS5 columns, its sections with their terms, and its words' analysis;
        each piece of text is read into words once."""
        stem_of, parts_of = self.stem_of[doc.lang], self.parts_of[doc.lang]
        folded_of = self.folded_of[doc.lang]
        stem_all = stem_of.__getitem__

        def parts(found: Iterable[str]) -> list[str]:
            # Each compound's parts once: enough to find it, and no Python loop per word.
            return [p for w in parts_of.keys() & set(found) for p in parts_of[w]]

        def folded(stems: Iterable[str]) -> list[str]:
            # Only the terms that have diacritics: a term without is matched in the exact
            # columns by the same phrase (matching.py).
            return [folded_of[s] for s in folded_of.keys() & set(stems)]

        title_w = words(doc.title)
        keywords_w = words(" ".join(doc.keywords))
        description_w = words(doc.description)
        heading_ws = [words(s.heading or "") for s in doc.sections]
        text_ws = [words(s.text) for s in doc.sections]
        headings_w = list(chain.from_iterable(heading_ws))
        body_w = list(chain.from_iterable(text_ws))
        title, keywords = list(map(stem_all, title_w)), list(map(stem_all, keywords_w))
        description = list(map(stem_all, description_w))
        headings, body = list(map(stem_all, headings_w)), list(map(stem_all, body_w))
        tparts = parts(title_w + keywords_w)
        bparts = parts(description_w + headings_w + body_w)
        columns = (
            " ".join(title),
            " ".join(keywords),
            " ".join(description),
            " ".join(headings),
            " ".join(body),
            " ".join(tparts),
            " ".join(bparts),
            " ".join(folded(title + tparts)),
            " ".join(folded(keywords + description + headings + body + bparts)),
        )

        def terms(found: list[str]) -> str:
            every = set(map(stem_all, found)) | set(parts(found))
            return fold_text(" ".join(sorted(every)))

        # Each section with the distinct terms (folded stems and parts) of its heading and
        # of its text: the deep link is chosen by set intersections, not by reading words.
        sections = [
            [s.heading, s.anchor, s.text, terms(h), terms(t)]
            for s, h, t in zip(doc.sections, heading_ws, text_ws, strict=True)
        ]
        # The page's words whose stem is not the word itself or that are compounds, with
        # stem and parts: a hit's snippet is marked without running the stemmer again.
        unique = set(title_w) | set(keywords_w) | set(description_w) | set(headings_w)
        unique |= set(body_w)
        analysed = {
            w: [stem_of[w], *parts_of.get(w, ())]
            for w in unique
            if stem_of[w] != w or w in parts_of
        }
        return columns, sections, analysed

    def known_pairs(self) -> Iterable[tuple[str, str]]:
        for lang, known in self.known.items():
            for s in known:
                yield lang, s

    def vocabulary(self) -> list[tuple[str, str, str, int]]:
        """(language, folded word, the word as the site most often writes it, how often)."""
        rows = []
        for lang, counts in self.forms.items():
            by_fold: dict[str, Counter[str]] = {}
            for word, count in counts.items():
                if len(word) >= MIN_SUGGEST and not word.isdigit():
                    by_fold.setdefault(fold(word), Counter())[word] += count
            rows += [
                (lang, f, forms.most_common(1)[0][0], sum(forms.values()))
                for f, forms in by_fold.items()
            ]
        return sorted(rows)


def _texts(doc: Document) -> Iterable[str]:
    yield doc.title
    yield doc.description
    yield from doc.keywords
    for section in doc.sections:
        if section.heading:
            yield section.heading
        yield section.text
