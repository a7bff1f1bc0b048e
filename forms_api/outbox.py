"""The durable outbox: a submission is committed here before the resident sees the receipt.

States: pending -> sending -> sent (answers erased), or -> dead after too many failures;
spam waits in quarantine until released or purged. Erased means gone from the disk: deleted
content is overwritten with zeros (``secure_delete``), and the write-ahead log, which keeps
every earlier copy of a page, is checkpointed into the database and truncated to nothing. A claim is a lease: if the process dies
mid-send, the lease runs out and another sender retries with the same Message-ID. Each claim
carries its own token, and only the holder of the current token may mark the item sent or
failed: a sender whose lease ran out cannot overwrite what the next sender is doing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
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
-- A keyed hash of recent answers, so that a repeat (Send pressed twice, a lost 303) gets the
-- first receipt instead of a second case. Only the hash: the table holds no answers.
CREATE TABLE IF NOT EXISTS repeats (
    fingerprint BLOB PRIMARY KEY,
    ref TEXT NOT NULL,
    until TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS repeats_until ON repeats (until);
-- What the health check writes, at most once per FORMS_HEALTH_CHECK_SECONDS.
CREATE TABLE IF NOT EXISTS health_checks (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL,
    checks INTEGER NOT NULL
);
DROP TABLE IF EXISTS heartbeat;
"""
BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another
SCRUB_WAIT_MS = 250  # how long an erasure's checkpoint waits for readers before retrying later
# The database, its write-ahead log and shared-memory index, and a rollback journal if any.
FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")
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
        self._local = threading.local()
        self.scrub_pending = False
        self._private_files()
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
        # Whatever an earlier process erased and could not checkpoint before it stopped.
        self.scrub()

    def _private_files(self) -> None:
        """The outbox holds residents' answers: only its owner may read its files (0600).

        SQLite creates the write-ahead log and its index with the database file's mode, so
        the database is created 0600 before SQLite opens it, and tightened if it is older.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        for suffix in FILE_SUFFIXES:
            file = self.path.with_name(self.path.name + suffix)
            try:
                if file.stat().st_mode & 0o077:
                    file.chmod(0o600)
            except FileNotFoundError:
                continue
            except PermissionError:
                log.warning("outbox: %s is readable by others and not ours to change", file)

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a commit survives power loss
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA secure_delete=ON")  # deleted content is overwritten with zeros
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
        try:
            db.execute("COMMIT")
        except sqlite3.Error:
            # A failed COMMIT (disk full, I/O error) can leave the transaction open, and every
            # later BEGIN on this connection would fail: end it, so the next request can work.
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

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
        fingerprint: bytes | None = None,
        repeat_seconds: float = 0.0,
    ) -> str:
        """Store a submission durably, and return the reference that now holds these answers.

        That is ``ref``, unless the same ``fingerprint`` was accepted less than
        ``repeat_seconds`` ago: then nothing is stored and the earlier reference is returned.
        One transaction with the write lock held, so two processes posting the same answers
        at once still make one case. Raises sqlite3.IntegrityError if ``ref`` is taken.
        """
        state = "spam" if spam_reason else "pending"
        with self._transaction() as db:
            remember = fingerprint is not None and repeat_seconds > 0
            if remember:
                db.execute("DELETE FROM repeats WHERE until <= ?", (_iso(received_at),))
                row = db.execute(
                    "SELECT ref FROM repeats WHERE fingerprint = ?", (fingerprint,)
                ).fetchone()
                if row is not None:
                    return row["ref"]
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
            if remember:
                until = received_at + dt.timedelta(seconds=repeat_seconds)
                db.execute(
                    "INSERT INTO repeats (fingerprint, ref, until) VALUES (?, ?, ?)",
                    (fingerprint, ref, _iso(until)),
                )
        return ref

    def expire_repeats(self, at: dt.datetime | None = None) -> int:
        """Forget the hashes whose window has ended, so none is kept longer than it is needed."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM repeats WHERE until <= ?", (_iso(at or now()),))
        return cursor.rowcount

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
            return False
        self.scrub()
        return True

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
        if cursor.rowcount:
            self.scrub()
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
        if cursor.rowcount:
            self.scrub()
        return cursor.rowcount

    def scrub(self) -> bool:
        """Make erased answers gone from the disk, not only from the table.

        The write-ahead log keeps every version of every page written since it was last
        reset, the answers among them; a checkpoint copies the newest versions into the
        database (where secure_delete has zeroed what was deleted) and TRUNCATE empties the
        log. A reader still on an old snapshot makes it give up (busy): then
        `scrub_pending` stays set and the sender's next round tries again.
        """
        db = self._connection()
        try:
            # Briefly: while it waits for readers it holds the write lock, and a resident's
            # post must not wait behind it. If it gives up, the next round tries again.
            db.execute(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
            try:
                busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except sqlite3.Error as error:
            log.warning("outbox: checkpoint failed (%s); erased answers may linger", error)
            busy = 1
        self.scrub_pending = bool(busy)
        return not busy

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
        """Whether a submission could be stored now: one small real write, without fsync.

        In WAL mode a commit with synchronous=NORMAL reaches the log through the operating
        system but waits for no disk flush; a read-only file or a full disk still fails it.
        """
        try:
            db = self._connection()
            db.execute("PRAGMA synchronous=NORMAL")
            try:
                with self._transaction() as tx:
                    tx.execute(
                        "INSERT INTO health_checks (id, at, checks) VALUES (1, ?, 1)"
                        " ON CONFLICT (id) DO UPDATE SET at = excluded.at, checks = checks + 1",
                        (_iso(now()),),
                    )
            finally:
                db.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error:
            return False
        return True
