"""Erased answers are gone from the disk: no byte of them in the database, its log or journal.

Each submission carries a unique marker. The raw bytes of `outbox.sqlite3`, `-wal`, `-shm`
and `-journal` are searched for it: first to prove the search sees a stored answer, then
after delivery, after a dead letter's retention and after the spam purge.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import uuid
from pathlib import Path

import pytest

from forms_api.outbox import Outbox, now
from sitebuilder.forms.view import HONEYPOT

# The database, its write-ahead log and its index, and a rollback journal if there is one.
FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def marker(kind: str) -> str:
    return f"MARKER{kind}{uuid.uuid4().hex}"


def long_text(mark: str) -> str:
    """About 20 KB in short lines: more than a page, so SQLite spills it to overflow pages."""
    return "\n".join(f"{mark} rad {i} om gatlyktan vid skolan" for i in range(400))


def files_with(database: Path, mark: str) -> list[str]:
    """The names of the outbox's files whose raw bytes contain ``mark``."""
    found = []
    for suffix in FILE_SUFFIXES:
        path = database.with_name(database.name + suffix)
        if path.exists() and mark.encode() in path.read_bytes():
            found.append(path.name)
    return found


@pytest.fixture
def database(app_config) -> Path:
    return Path(app_config["DATABASE"])


def test_delivered_answers_leave_no_trace_in_any_outbox_file(
    make_app, smtp, submit, deliver, database, outbox_row
):
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    client = app.test_client()
    short, long, waiting = marker("S"), marker("L"), marker("W")
    sent_refs = [
        submit(client, "kort", {"meddelande": f"Hej, {short} här"}),
        submit(client, "kort", {"meddelande": long_text(long)}),
    ]
    for mark in (short, long):
        assert files_with(database, mark), f"the search cannot see a stored answer ({mark})"

    assert deliver(app) == {"sent": 2, "failed": 0}
    waiting_ref = submit(client, "kort", {"meddelande": f"Väntar {waiting}"})

    assert len(smtp.messages) == 2
    assert all(outbox_row(ref)["message"] is None for ref in sent_refs)
    assert files_with(database, short) == []
    assert files_with(database, long) == []
    assert files_with(database, waiting), "a pending submission must still be there"
    assert outbox_row(waiting_ref)["state"] == "pending"


def test_a_dead_letters_answers_leave_no_trace_after_its_retention(
    make_app, unused_port, submit, deliver, database, outbox_row
):
    app = make_app(
        SMTP_HOST="127.0.0.1", SMTP_PORT=unused_port, SMTP_STARTTLS=False, MAX_ATTEMPTS=1
    )
    client = app.test_client()
    mark = marker("D")
    ref = submit(client, "kort", {"meddelande": long_text(mark)})
    assert deliver(app) == {"sent": 0, "failed": 1}
    assert outbox_row(ref)["state"] == "dead"
    assert files_with(database, mark), "a dead letter keeps its answers until retention ends"

    box: Outbox = app.extensions["forms_outbox"]
    assert box.erase_dead(30, at=now() + dt.timedelta(days=31)) == 1

    assert outbox_row(ref)["message"] is None
    assert files_with(database, mark) == []


def test_purged_spam_leaves_no_trace(app, client, submit, database, outbox_row):
    mark = marker("Q")
    ref = submit(client, "kort", {"meddelande": f"Köp {mark}", HONEYPOT: "x"})
    assert outbox_row(ref)["state"] == "spam"
    assert files_with(database, mark)

    box: Outbox = app.extensions["forms_outbox"]
    assert box.purge_spam(30, at=now() + dt.timedelta(days=31)) == 1

    assert outbox_row(ref) is None
    assert files_with(database, mark) == []


def test_erasure_held_back_by_a_reader_finishes_in_the_next_delivery_round(
    make_app, smtp, submit, deliver, database
):
    """A checkpoint cannot pass a reader on an old snapshot; the next round finishes it."""
    import sqlite3

    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    client = app.test_client()
    mark = marker("R")
    submit(client, "kort", {"meddelande": long_text(mark)})
    reader = sqlite3.connect(database, timeout=0.1)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM submissions").fetchall()  # holds its snapshot
    box: Outbox = app.extensions["forms_outbox"]

    deliver(app)  # the checkpoint waits only briefly for the reader, then gives up
    assert box.scrub_pending

    reader.execute("COMMIT")
    reader.close()
    deliver(app)  # nothing due; the round finishes the erasure
    assert not box.scrub_pending
    assert files_with(database, mark) == []


def test_outbox_files_and_mail_folder_are_private(make_app, submit, deliver, app_config):
    old = os.umask(0o022)  # a usual umask: without care, files would be world-readable
    try:
        app = make_app()
        ref = submit(app.test_client(), "kort", {"meddelande": "Hej"})
        deliver(app)
    finally:
        os.umask(old)

    database = Path(app_config["DATABASE"])
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    mail = Path(app_config["MAIL_DIR"])
    assert stat.S_IMODE(mail.stat().st_mode) == 0o700
    assert stat.S_IMODE((mail / f"{ref}.eml").stat().st_mode) == 0o600


def test_an_older_world_readable_outbox_is_tightened(tmp_path):
    database = tmp_path / "old.sqlite3"
    Outbox(database).close()
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        if path.exists():
            path.chmod(0o644)

    Outbox(database).close()

    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
