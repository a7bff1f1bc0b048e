"""The durable outbox: a submission is committed here before the resident sees the receipt.

States: pending -> sending -> sent (answers erased), or -> dead after too many failures;
spam waits in quarantine until released or purged. A claim is a lease: if the process dies
mid-send, the lease runs out and another sender retries with the same Message-ID. Each claim
carries its own token, and only the holder of the current token may mark the item sent or
failed: a sender whose lease ran out cannot overwrite what the next sender is doing.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
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
    claim_token TEXT,
    last_error TEXT,
    sent_at TEXT,
    message BLOB
);
CREATE INDEX IF NOT EXISTS submissions_due ON submissions (state, next_attempt_at);
"""
# Columns added after the first release, for outbox files created before them.
ADDED_COLUMNS = {"claim_token": "TEXT"}
ERASED_NOTE = "answers erased after {days} days undelivered"

log = logging.getLogger(__name__)


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
    claimed_until: dt.datetime | None
    claim_token: str | None
    last_error: str | None
    sent_at: dt.datetime | None
    message: bytes | None

    def lease_running(self, at: dt.datetime | None = None) -> bool:
        """Whether a sender holds this item right now."""
        return (
            self.state == "sending"
            and self.claimed_until is not None
            and self.claimed_until > (at or now())
        )


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
        claimed_until=when(row["claimed_until"]),
        claim_token=row["claim_token"],
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
            have = {row["name"] for row in db.execute("PRAGMA table_info(submissions)")}
            for column, kind in ADDED_COLUMNS.items():
                if column not in have:
                    try:
                        db.execute(f"ALTER TABLE submissions ADD COLUMN {column} {kind}")
                    except sqlite3.OperationalError as error:  # another process just added it
                        if "duplicate column" not in str(error):
                            raise

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

    def claim(self, lease_seconds: float, at: dt.datetime | None = None) -> Item | None:
        """Take the next due item for sending, or one whose sender died mid-send.

        The returned item carries a fresh ``claim_token``; pass it to `mark_sent` or
        `mark_failed`, which do nothing once another sender has claimed the item.
        """
        moment = at or now()
        with self._transaction() as db:
            row = db.execute(
                "UPDATE submissions SET state = 'sending', attempts = attempts + 1,"
                " claimed_until = ?, claim_token = ? WHERE ref = ("
                "  SELECT ref FROM submissions"
                "  WHERE (state = 'pending' AND next_attempt_at <= ?)"
                "     OR (state = 'sending' AND claimed_until <= ?)"
                "  ORDER BY next_attempt_at LIMIT 1)"
                " RETURNING *",
                (
                    _iso(moment + dt.timedelta(seconds=lease_seconds)),
                    secrets.token_hex(16),
                    _iso(moment),
                    _iso(moment),
                ),
            ).fetchone()
        return _item(row) if row else None

    def mark_sent(self, ref: str, token: str | None, at: dt.datetime | None = None) -> bool:
        """Delivered: erase the answers, keep reference, form and timestamps.

        False (and a log line) when ``token`` no longer holds the item: its lease ran out
        and another sender claimed it, or an operator made it due again.
        """
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE submissions SET state = 'sent', sent_at = ?, message = NULL,"
                " claimed_until = NULL, claim_token = NULL, last_error = NULL"
                " WHERE ref = ? AND state = 'sending' AND claim_token = ?",
                (_iso(at or now()), ref, token),
            )
        if cursor.rowcount != 1:
            log.warning("outbox: %s was sent, but its claim had passed to another sender", ref)
        return cursor.rowcount == 1

    def mark_failed(
        self,
        ref: str,
        token: str | None,
        error: str,
        *,
        retry_in: float | None,
        at: dt.datetime | None = None,
    ) -> bool:
        """A failed attempt: wait ``retry_in`` seconds, or dead-letter when None.

        False (and a log line) when ``token`` no longer holds the item, so a late failure
        never resets an item that another sender is delivering or has delivered.
        """
        moment = at or now()
        with self._transaction() as db:
            if retry_in is None:
                cursor = db.execute(
                    "UPDATE submissions SET state = 'dead', claimed_until = NULL,"
                    " claim_token = NULL, last_error = ?"
                    " WHERE ref = ? AND state = 'sending' AND claim_token = ?",
                    (error[:500], ref, token),
                )
            else:
                cursor = db.execute(
                    "UPDATE submissions SET state = 'pending', claimed_until = NULL,"
                    " claim_token = NULL, last_error = ?, next_attempt_at = ?"
                    " WHERE ref = ? AND state = 'sending' AND claim_token = ?",
                    (error[:500], _iso(moment + dt.timedelta(seconds=retry_in)), ref, token),
                )
        if cursor.rowcount != 1:
            log.warning(
                "outbox: %s failed (%s), but its claim had passed on; left as is", ref, error
            )
        return cursor.rowcount == 1

    # -- operators --------------------------------------------------------------------------

    def retry(self, ref: str, at: dt.datetime | None = None) -> tuple[bool, Item | None]:
        """Make a waiting or dead-lettered item due now; also one whose lease has run out.

        Returns whether it did, and the item as it is now, so the caller can say why not.
        An item whose lease is still running is refused: its sender may be mid-send.
        """
        moment = at or now()
        with self._transaction() as db:
            row = db.execute(
                "UPDATE submissions SET state = 'pending', next_attempt_at = ?, attempts = 0,"
                " claimed_until = NULL, claim_token = NULL"
                " WHERE ref = ? AND message IS NOT NULL AND (state IN ('pending', 'dead')"
                "  OR (state = 'sending' AND claimed_until <= ?))"
                " RETURNING *",
                (_iso(moment), ref, _iso(moment)),
            ).fetchone()
            if row is not None:
                return True, _item(row)
            row = db.execute("SELECT * FROM submissions WHERE ref = ?", (ref,)).fetchone()
        return False, _item(row) if row else None

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

    def erase_dead(self, older_than_days: int, at: dt.datetime | None = None) -> int:
        """Erase the answers of dead letters received more than ``older_than_days`` ago.

        The row stays, as a sent item's does: staff can still see that the reference was
        never delivered and tell a resident who asks, without keeping their answers forever.
        """
        cutoff = (at or now()) - dt.timedelta(days=older_than_days)
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE submissions SET message = NULL,"
                " last_error = ? || COALESCE(': ' || last_error, '')"
                " WHERE state = 'dead' AND message IS NOT NULL AND received_at < ?",
                (ERASED_NOTE.format(days=older_than_days), _iso(cutoff)),
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
