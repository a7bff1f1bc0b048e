"""What residents search for, counted per day, so editors learn which words and pages are missing.

Not tracking: a row is (day, normalised query text, whether it found anything, how many times).
No address, no cookie, no time of day, nothing that tells one resident from another. Queries
that might be about a person (`personal.looks_personal`) and long texts are never written.
Rows older than `KEEP_DAYS` are deleted, and with `secure_delete` and a WAL checkpoint their
bytes are overwritten in the database file and its WAL, not merely unlinked from the b-tree.

The log is its own SQLite file beside the outbox (`searches.sqlite3` by default), so the
outbox's backups and erasure rules stay what they are.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .personal import looks_personal

KEEP_DAYS = 90
# Longer queries are pasted sentences (a letter, a case description), more likely to name
# someone than to teach an editor a missing synonym.
MAX_CHARS = 80
MAX_WORDS = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    day TEXT NOT NULL,
    query TEXT NOT NULL,
    found INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, query)
) WITHOUT ROWID;
"""


def normalise(text: str) -> str:
    """The form a query is counted under: compatibility-normalised, case-folded, one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def loggable(text: str) -> str | None:
    """The text to count, or None when it must not be kept (or is empty)."""
    query = normalise(text)
    if not query or len(query) > MAX_CHARS or len(query.split()) > MAX_WORDS:
        return None
    if looks_personal(query):
        return None
    return query


@dataclass(frozen=True)
class Count:
    query: str
    count: int
    found: bool


class QueryLog:
    """The per-day counts. Thread-safe; one connection per process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a lost count in a crash is acceptable
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA busy_timeout=2000")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._expired_on: dt.date | None = None

    def close(self) -> None:
        self._db.close()

    def record(self, text: str, found: bool, day: dt.date) -> bool:
        """Count one search; False when the text is not kept. Expires old rows once a day."""
        query = loggable(text)
        if query is None:
            return False
        with self._lock:
            if self._expired_on != day:
                self._expire(day)
            self._db.execute(
                "INSERT INTO searches (day, query, found, count) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (day, query) DO UPDATE SET count = count + 1,"
                " found = max(found, excluded.found)",
                (day.isoformat(), query, int(found)),
            )
        return True

    def expire(self, today: dt.date) -> int:
        """Delete the rows older than KEEP_DAYS days; returns how many went."""
        with self._lock:
            return self._expire(today)

    def _expire(self, today: dt.date) -> int:
        oldest = (today - dt.timedelta(days=KEEP_DAYS - 1)).isoformat()
        deleted = self._db.execute("DELETE FROM searches WHERE day < ?", (oldest,)).rowcount
        if deleted:
            # The deleted pages live on in the WAL until a checkpoint copies them back
            # (overwritten, with secure_delete) and TRUNCATE empties the WAL file.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._expired_on = today
        return deleted

    def most_frequent(self, today: dt.date, days: int, limit: int = 30) -> list[Count]:
        return self._top(today, days, limit, only_empty=False)

    def without_results(self, today: dt.date, days: int, limit: int = 30) -> list[Count]:
        return self._top(today, days, limit, only_empty=True)

    def total(self, today: dt.date, days: int) -> int:
        since = (today - dt.timedelta(days=days - 1)).isoformat()
        with self._lock:
            row = self._db.execute(
                "SELECT coalesce(sum(count), 0) FROM searches WHERE day >= ?", (since,)
            ).fetchone()
        return int(row[0])

    def _top(self, today: dt.date, days: int, limit: int, *, only_empty: bool) -> list[Count]:
        since = (today - dt.timedelta(days=days - 1)).isoformat()
        having = " HAVING max(found) = 0" if only_empty else ""
        with self._lock:
            rows = self._db.execute(
                "SELECT query, sum(count) AS n, max(found) AS f FROM searches WHERE day >= ?"
                f" GROUP BY query{having} ORDER BY n DESC, query LIMIT ?",
                (since, limit),
            ).fetchall()
        return [Count(q, int(n), bool(f)) for q, n, f in rows]
