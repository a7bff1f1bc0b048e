"""The durable outbox: a submission is committed here before the resident sees the receipt.

States: pending -> sending -> sent (answers erased), or -> dead after too many failures;
spam waits in quarantine until released or purged. A claim is a lease: if the process dies
mid-send, the lease runs out and another sender retries with the same Message-ID.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    ref TEXT PRIMARY KEY,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    form_commit TEXT,
    received_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'spam')),
    spam_reason TEXT,
    recipient TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    last_error TEXT,
    sent_at TEXT,
    message BLOB
);
CREATE INDEX IF NOT EXISTS submissions_due ON submissions (state, next_attempt_at);
"""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Item:
    ref: str
    form_id: str
    form_version: str
    form_commit: str | None
    received_at: dt.datetime
    state: str
    spam_reason: str | None
    recipient: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    sent_at: dt.datetime | None
    message: bytes | None


def _item(row: sqlite3.Row) -> Item:
    def when(value: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value) if value else None

    return Item(
        ref=row["ref"],
        form_id=row["form_id"],
        form_version=row["form_version"],
        form_commit=row["form_commit"],
        received_at=when(row["received_at"]),  # type: ignore[arg-type]
        state=row["state"],
        spam_reason=row["spam_reason"],
        recipient=row["recipient"],
        attempts=row["attempts"],
        next_attempt_at=when(row["next_attempt_at"]),  # type: ignore[arg-type]
        last_error=row["last_error"],
        sent_at=when(row["sent_at"]),
        message=row["message"],
    )


class Outbox:
    """One SQLite file in WAL mode; safe across threads and processes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a commit survives power loss
            db.execute("PRAGMA busy_timeout=10000")
            self._local.db = db
        return db

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        yield self._connection()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- accepting --------------------------------------------------------------------------

    def add(
        self,
        *,
        ref: str,
        form_id: str,
        form_version: str,
        form_commit: str | None,
        received_at: dt.datetime,
        recipient: str,
        message: bytes,
        spam_reason: str | None = None,
    ) -> None:
        """Store a submission durably. Raises sqlite3.IntegrityError if ``ref`` is taken."""
        state = "spam" if spam_reason else "pending"
        with self._transaction() as db:
            db.execute(
                "INSERT INTO submissions (ref, form_id, form_version, form_commit, received_at,"
                " state, spam_reason, recipient, next_attempt_at, message)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ref,
                    form_id,
                    form_version,
                    form_commit,
                    _iso(received_at),
                    state,
                    spam_reason,
                    recipient,
                    _iso(received_at),
                    message,
                ),
            )

    def get(self, ref: str) -> Item | None:
        row = (
            self._connection().execute("SELECT * FROM submissions WHERE ref = ?", (ref,)).fetchone()
        )
        return _item(row) if row else None

    # -- delivering -------------------------------------------------------------------------

    def claim(self, lease_seconds: int, at: dt.datetime | None = None) -> Item | None:
        """Take the next due item for sending, or one whose sender died mid-send."""
        moment = at or now()
        with self._transaction() as db:
            row = db.execute(
                "UPDATE submissions SET state = 'sending', attempts = attempts + 1,"
                " claimed_until = ? WHERE ref = ("
                "  SELECT ref FROM submissions"
                "  WHERE (state = 'pending' AND next_attempt_at <= ?)"
                "     OR (state = 'sending' AND claimed_until <= ?)"
                "  ORDER BY next_attempt_at LIMIT 1)"
                " RETURNING *",
                (_iso(moment + dt.timedelta(seconds=lease_seconds)), _iso(moment), _iso(moment)),
            ).fetchone()
        return _item(row) if row else None

    def mark_sent(self, ref: str, at: dt.datetime | None = None) -> None:
        """Delivered: erase the answers, keep reference, form and timestamps."""
        with self._transaction() as db:
            db.execute(
                "UPDATE submissions SET state = 'sent', sent_at = ?, message = NULL,"
                " claimed_until = NULL, last_error = NULL WHERE ref = ?",
                (_iso(at or now()), ref),
            )

    def mark_failed(
        self, ref: str, error: str, *, retry_in: float | None, at: dt.datetime | None = None
    ) -> None:
        """A failed attempt: wait ``retry_in`` seconds, or dead-letter when None."""
        moment = at or now()
        with self._transaction() as db:
            if retry_in is None:
                db.execute(
                    "UPDATE submissions SET state = 'dead', claimed_until = NULL, last_error = ?"
                    " WHERE ref = ?",
                    (error[:500], ref),
                )
            else:
                db.execute(
                    "UPDATE submissions SET state = 'pending', claimed_until = NULL,"
                    " last_error = ?, next_attempt_at = ? WHERE ref = ?",
                    (error[:500], _iso(moment + dt.timedelta(seconds=retry_in)), ref),
                )

    # -- operators --------------------------------------------------------------------------

    def retry(self, ref: str) -> bool:
        """Make a waiting or dead-lettered item due now."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE submissions SET state = 'pending', next_attempt_at = ?, attempts = 0"
                " WHERE ref = ? AND state IN ('pending', 'dead')",
                (_iso(now()), ref),
            )
        return cursor.rowcount == 1

    def release(self, ref: str) -> bool:
        """Let a quarantined item through: it is sent like any other."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE submissions SET state = 'pending', next_attempt_at = ?"
                " WHERE ref = ? AND state = 'spam'",
                (_iso(now()), ref),
            )
        return cursor.rowcount == 1

    def purge_spam(self, older_than_days: int, at: dt.datetime | None = None) -> int:
        cutoff = (at or now()) - dt.timedelta(days=older_than_days)
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM submissions WHERE state = 'spam' AND received_at < ?", (_iso(cutoff),)
            )
        return cursor.rowcount

    def counts(self) -> dict[str, int]:
        rows = (
            self._connection()
            .execute("SELECT state, COUNT(*) AS n FROM submissions GROUP BY state")
            .fetchall()
        )
        counts = {state: 0 for state in ("pending", "sending", "sent", "dead", "spam")}
        counts.update({row["state"]: row["n"] for row in rows})
        return counts

    def items(self, state: str) -> list[Item]:
        rows = (
            self._connection()
            .execute("SELECT * FROM submissions WHERE state = ? ORDER BY received_at", (state,))
            .fetchall()
        )
        return [_item(row) for row in rows]

    def writable(self) -> bool:
        try:
            with self._transaction() as db:
                db.execute("CREATE TABLE IF NOT EXISTS heartbeat (at TEXT)")
                db.execute("DELETE FROM heartbeat")
                db.execute("INSERT INTO heartbeat VALUES (?)", (_iso(now()),))
        except sqlite3.Error:
            return False
        return True
