"""GET /api/health: 200 with the outbox counts, 503 when the outbox cannot be written."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


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
    return [database.with_name(database.name + s) for s in ("", "-wal", "-shm")] + [database.parent]


def test_health_reports_ok_and_the_outbox_counts(app, client, submit, valid_answers, deliver):
    submit(client, "felanmalan", valid_answers)
    submit(client, "kort", {"meddelande": "Hej"})
    deliver(app)
    submit(client, "kort", {"meddelande": "Igen"})

    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {
        "status": "ok",
        "outbox": {"pending": 1, "sending": 0, "sent": 2, "dead": 0, "spam": 0},
    }


def test_health_is_503_when_the_database_cannot_be_written(client, app_config, make_immutable):
    assert client.get("/api/health").status_code == 200

    make_immutable(*database_files(Path(app_config["DATABASE"])))
    response = client.get("/api/health")

    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.json["status"] == "database not writable"
    assert response.json["outbox"]["pending"] == 0


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
    api = live_api()
    status, content_type, _ = api.get("/api/health")
    assert status == 200 and content_type == "application/json"

    # The volume was swapped: the file is gone and a directory stands in its place, so a new
    # connection (each request thread opens one) cannot open the database at all.
    database = tmp_path / "outbox.sqlite3"
    for path in database_files(database)[:3]:
        path.unlink(missing_ok=True)
    database.mkdir()
    status, content_type, body = api.get("/api/health")

    assert (status, content_type) == (503, "application/json"), body[:200]
