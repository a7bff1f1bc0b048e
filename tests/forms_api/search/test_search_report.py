"""`flask --app forms_api search report`: the most frequent searches and those that found nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from forms_api.search.querylog import QueryLog


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def test_report_lists_frequent_and_empty_searches(flask_cli, tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "searches.sqlite3")
    today = _today()
    for _ in range(3):
        log.record("bygglov", True, today)
    log.record("bygglov", True, today - dt.timedelta(days=3))
    for _ in range(2):
        log.record("sopkärl", False, today - dt.timedelta(days=1))
    log.record("gammalt", False, today - dt.timedelta(days=20))
    log.close()

    result = flask_cli("search", "report", "--days", "7")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Searches from {today - dt.timedelta(days=6)} to {today}: 6"
    frequent = lines[lines.index("Most frequent:") + 1 : lines.index("Most frequent:") + 3]
    assert [line.split() for line in frequent] == [
        ["4", "bygglov"],
        ["2", "sopkärl", "(no", "results)"],
    ]
    empty_heading = next(i for i, line in enumerate(lines) if line.startswith("Found nothing"))
    assert "content/search.yml" in lines[empty_heading]
    assert lines[empty_heading + 1].split() == ["2", "sopkärl"]
    assert "gammalt" not in result.stdout

    longer = flask_cli("search", "report", "--days", "30")
    assert "gammalt" in longer.stdout


def test_report_expires_old_rows_and_refuses_more_than_90_days(flask_cli, tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "searches.sqlite3")
    log.record("förr", True, _today() - dt.timedelta(days=120))
    log.close()
    too_long = flask_cli("search", "report", "--days", "91")
    assert too_long.returncode != 0 and "91" in too_long.stderr
    result = flask_cli("search", "report", "--days", "90")
    assert result.returncode == 0, result.stderr
    assert "förr" not in result.stdout and "(none)" in result.stdout
    assert b"f\xc3\xb6rr" not in (tmp_path / "searches.sqlite3").read_bytes()


def test_report_without_any_searches(flask_cli) -> None:
    result = flask_cli("search", "report")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("(none)") == 2
