"""GET /api/health: 200 or 503 and nothing else, cheaply; the counts only for operators."""

from __future__ import annotations

import math
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from forms_api.settings import ConfigError
from sitebuilder.forms.view import HONEYPOT


@pytest.fixture
def make_immutable() -> Iterator[Callable[..., None]]:
    """Really unwritable, even for root: the filesystem's immutable flag (chattr +i)."""
    flagged: list[Path] = []
    chattr = shutil.which("chattr")

    def apply(*paths: Path) -> None:
        if chattr is None:
            pytest.skip("chattr is not installed, so the database cannot be made unwritable")
        existing = [p for p in paths if p.exists()]
        done = subprocess.run([chattr, "+i", *map(str, existing)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"this filesystem has no immutable flag: {done.stderr.decode().strip()}")
        flagged.extend(existing)

    yield apply
    if flagged:
        subprocess.run([chattr, "-i", *map(str, flagged)], check=True)


def database_files(database: Path) -> list[Path]:
    """The files to make unwritable: the database, its log and their folder.

    Not the `-shm` index: SQLite maps it into memory, and a write through a mapping of an
    immutable file is answered by the kernel with SIGBUS, which kills the test process (no
    real server has an immutable -shm; a full or read-only disk fails the log's write).
    """
    return [database.with_name(database.name + s) for s in ("", "-wal")] + [database.parent]


TOKEN = "t" * 40


def health_checks(database: Path) -> int:
    """How many times the health check has written to the outbox (read straight from it)."""
    db = sqlite3.connect(database)
    try:
        row = db.execute("SELECT checks FROM health_checks").fetchone()
        return row[0] if row else 0
    finally:
        db.close()


def test_public_health_says_ok_and_nothing_about_the_outbox(client, submit, valid_answers):
    submit(client, "felanmalan", valid_answers)
    submit(client, "kort", {"meddelande": "Köp billigt", HONEYPOT: "x"})  # quarantined

    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_writes_at_most_once_per_interval_however_often_it_is_asked(make_app, app_config):
    app = make_app(HEALTH_CHECK_SECONDS=5)
    client = app.test_client()
    started = time.monotonic()
    statuses = {client.get("/api/health").status_code for _ in range(40)}
    elapsed = time.monotonic() - started

    assert statuses == {200}
    # One write per started interval at most (not per request), whatever the machine's speed.
    assert 1 <= health_checks(Path(app_config["DATABASE"])) <= math.ceil(elapsed / 5) + 1


def test_the_health_write_leaves_posts_durable(app, client, submit):
    """The check writes without fsync; a post on the same connection must still wait for it."""
    assert client.get("/api/health").status_code == 200
    box = app.extensions["forms_outbox"]

    assert box._connection().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    submit(client, "kort", {"meddelande": "Hej"})


def test_health_is_503_when_the_database_cannot_be_written(make_app, app_config, make_immutable):
    client = make_app(HEALTH_CHECK_SECONDS=0).test_client()
    assert client.get("/api/health").status_code == 200

    make_immutable(*database_files(Path(app_config["DATABASE"])))
    response = client.get("/api/health")

    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.json == {"status": "unavailable"}


def test_a_post_that_cannot_be_stored_turns_health_to_503_at_once(
    make_app, app_config, make_immutable
):
    """Between two checks, what a post has just learnt is the verdict."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, HEALTH_CHECK_SECONDS=3600)
    client = app.test_client()
    assert client.get("/api/health").status_code == 200

    make_immutable(*database_files(Path(app_config["DATABASE"])))
    assert client.post("/api/forms/kort", data={"meddelande": "Hej"}).status_code == 503

    assert client.get("/api/health").status_code == 503


def test_operator_status_is_not_there_without_a_token(client):
    response = client.get("/api/status")

    assert response.status_code == 404
    assert response.mimetype == "text/html"


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer ö"],
)
def test_operator_status_refuses_a_missing_or_wrong_token(make_app, authorization):
    client = make_app(OPERATOR_TOKEN=TOKEN).test_client()
    headers = {} if authorization is None else {"Authorization": authorization}

    response = client.get("/api/status", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "outbox" not in response.json


def test_operator_status_shows_the_counts_with_the_token(make_app, submit, valid_answers, deliver):
    app = make_app(OPERATOR_TOKEN=TOKEN)
    client = app.test_client()
    submit(client, "felanmalan", valid_answers)
    submit(client, "kort", {"meddelande": "Hej"})
    deliver(app)
    submit(client, "kort", {"meddelande": "Igen"})
    submit(client, "kort", {"meddelande": "Köp billigt", HONEYPOT: "x"})

    response = client.get("/api/status", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json == {
        "status": "ok",
        "outbox": {"pending": 1, "sending": 0, "sent": 2, "dead": 0, "spam": 1},
    }


@pytest.mark.parametrize("token", ["short", " " + TOKEN])
def test_a_guessable_operator_token_stops_the_start(make_app, token):
    with pytest.raises(ConfigError, match="FORMS_OPERATOR_TOKEN must be at least 32"):
        make_app(OPERATOR_TOKEN=token)


def test_post_while_the_database_cannot_be_written_is_a_page_not_a_500(
    make_app, app_config, make_immutable
):
    app = make_app(PROPAGATE_EXCEPTIONS=False)  # what a resident gets, not the traceback
    client = app.test_client()
    assert client.get("/api/health").status_code == 200

    make_immutable(*database_files(Path(app_config["DATABASE"])))
    response = client.post("/api/forms/kort", data={"meddelande": "Hej"})

    assert response.status_code == 503
    assert response.mimetype == "text/html"


def test_health_is_503_when_the_database_file_is_gone_under_a_running_server(live_api, tmp_path):
    api = live_api(FORMS_HEALTH_CHECK_SECONDS="0")
    status, content_type, _ = api.get("/api/health")
    assert status == 200 and content_type == "application/json"

    # The volume was swapped: the file is gone and a directory stands in its place, so a new
    # connection (each request thread opens one) cannot open the database at all.
    database = tmp_path / "outbox.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        path.unlink(missing_ok=True)
    database.mkdir()
    status, content_type, body = api.get("/api/health")

    assert (status, content_type) == (503, "application/json"), body[:200]
