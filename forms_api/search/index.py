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
from pathlib import Path

from sitebuilder.freshness import digest, snapshot
from sitebuilder.pipeline import Indexed

from .analysis import MIN_PART, fold, split_compound, stem, words
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
                {", ".join(COLUMNS)}, tokenize = "unicode61 remove_diacritics 0"
            );
            CREATE TABLE vocabulary (
                word TEXT PRIMARY KEY, shown TEXT NOT NULL, freq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE deletions (variant TEXT NOT NULL, word TEXT NOT NULL);
            CREATE TABLE stems (lang TEXT NOT NULL, stem TEXT NOT NULL,
                PRIMARY KEY (lang, stem)) WITHOUT ROWID;
            """
        )
        analyser = _Analyser(docs, tuning)
        for n, doc in enumerate(docs, 1):
            columns = analyser.columns(doc)
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
                    json.dumps(
                        [[s.heading, s.anchor, s.text] for s in doc.sections], ensure_ascii=False
                    ),
                    json.dumps(list(doc.keywords), ensure_ascii=False),
                    json.dumps(analyser.page_words(doc), ensure_ascii=False),
                    doc.boost,
                ),
            )
            db.execute(
                f"INSERT INTO terms (rowid, {', '.join(COLUMNS)}) VALUES ({n}{', ?' * len(COLUMNS)})",
                columns,
            )
        db.executemany("INSERT INTO stems VALUES (?, ?)", sorted(analyser.known_pairs()))
        vocabulary = analyser.vocabulary()
        db.executemany("INSERT INTO vocabulary VALUES (?, ?, ?)", vocabulary)
        db.executemany(
            "INSERT INTO deletions VALUES (?, ?)",
            ((variant, word) for word, _, _ in vocabulary for variant in deletions(word)),
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
        self.ignore = tuning.ignore
        self.forms: Counter[str] = Counter()
        self.shown: dict[str, Counter[str]] = {}
        self.known: dict[str, set[str]] = {}
        for doc in docs:
            known = self.known.setdefault(doc.lang, set())
            for text in _texts(doc):
                for word in words(text):
                    self.forms[word] += 1
                    if len(word) >= MIN_PART and word not in self.ignore:
                        known.add(stem(word, doc.lang))
        self.cache: dict[tuple[str, str], tuple[str, str, list[str]]] = {}

    def analyse(self, word: str, lang: str) -> tuple[str, str, list[str]]:
        key = (word, lang)
        found = self.cache.get(key)
        if found is None:
            s = stem(word, lang)
            parts = split_compound(word, self.known.get(lang, ()), lang) or []
            found = self.cache[key] = (s, fold(s), parts)
        return found

    def columns(self, doc: Document) -> tuple[str, ...]:
        def terms(*texts: str) -> tuple[list[str], list[str], list[str]]:
            exact: list[str] = []
            folded: list[str] = []
            parts: list[str] = []
            for text in texts:
                for word in words(text):
                    s, f, p = self.analyse(word, doc.lang)
                    exact.append(s)
                    folded.append(f)
                    parts.extend(p)
                    folded.extend(fold(x) for x in p)
            return exact, folded, parts

        title, ftitle, tparts = terms(doc.title)
        keywords, fkeywords, kparts = terms(" ".join(doc.keywords))
        description, fdescription, dparts = terms(doc.description)
        headings, fheadings, hparts = terms(doc.headings)
        body, fbody, bparts = terms(doc.body)
        return (
            " ".join(title),
            " ".join(keywords),
            " ".join(description),
            " ".join(headings),
            " ".join(body),
            " ".join(tparts + kparts),
            " ".join(dparts + hparts + bparts),
            " ".join(ftitle),
            " ".join(fkeywords + fdescription + fheadings + fbody),
        )

    def page_words(self, doc: Document) -> dict[str, list[str]]:
        """Each word of the page with its stem and parts, so a hit's snippet is marked
        without stemming its words again (Snowball in Python is the slow part)."""
        found: dict[str, list[str]] = {}
        for text in _texts(doc):
            for word in words(text):
                if word not in found:
                    s, _, parts = self.analyse(word, doc.lang)
                    found[word] = [s, *parts]
        return found

    def known_pairs(self) -> Iterable[tuple[str, str]]:
        for lang, stems in self.known.items():
            for s in stems:
                yield lang, s

    def vocabulary(self) -> list[tuple[str, str, int]]:
        """(folded word, the word as the site most often writes it, how often)."""
        by_fold: dict[str, Counter[str]] = {}
        for word, count in self.forms.items():
            if len(word) >= MIN_SUGGEST and not word.isdigit():
                by_fold.setdefault(fold(word), Counter())[word] += count
        return sorted(
            (f, forms.most_common(1)[0][0], sum(forms.values())) for f, forms in by_fold.items()
        )


def _texts(doc: Document) -> Iterable[str]:
    yield doc.title
    yield doc.description
    yield from doc.keywords
    for section in doc.sections:
        if section.heading:
            yield section.heading
        yield section.text
