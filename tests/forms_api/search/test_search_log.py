"""The query log: counts per day and nothing per person; 90 days; personal data never kept."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from forms_api.search.personal import looks_personal
from forms_api.search.querylog import KEEP_DAYS, QueryLog, normalise

TODAY = dt.date(2026, 12, 1)

PERSONAL = [
    "19850101-1234",
    "198501011234",
    "850101-1234",
    "850101+1234",
    "8501011234",
    "850161-1234",  # samordningsnummer: day + 60
    "19850161-1234",
    "bygglov 850101 1234",
    "anna.andersson@example.se",
    "mejla anna at ＠example.se",
    "070-123 45 67",
    "0701234567",
    "+46 70 123 45 67",
    "+46 (0)8 123 456",
    "08-123 456 78",
    "ring 08 12 34 56",
    "１９８５０１０１１２３４",  # full-width digits
]
HARMLESS = ["bygglov", "123 45", "sophämtning 2026", "buss 42", "förskola", "e-tjänster"]


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_looking_queries_are_recognised(text: str) -> None:
    assert looks_personal(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_queries_are_not(text: str) -> None:
    assert not looks_personal(text)


def test_counts_per_day_normalised(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "searches.sqlite3")
    for text in ("Bygglov", "bygglov ", "  BYGGLOV", "bygglov\x00"):
        assert log.record(text, True, TODAY)
    log.record("sopkärl", False, TODAY)
    log.record("sopkärl", False, TODAY - dt.timedelta(days=1))
    log.record("bygglov", True, TODAY - dt.timedelta(days=40))
    assert [(c.query, c.count, c.found) for c in log.most_frequent(TODAY, 30)] == [
        ("bygglov", 4, True),
        ("sopkärl", 2, False),
    ]
    assert [(c.query, c.count) for c in log.without_results(TODAY, 30)] == [("sopkärl", 2)]
    assert log.most_frequent(TODAY, 90)[0].count == 5
    assert log.total(TODAY, 1) == 5
    log.close()


def test_a_row_is_a_day_a_query_and_counts_only(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "searches.sqlite3")
    log.record("bygglov", True, TODAY)
    log.close()
    db = sqlite3.connect(tmp_path / "searches.sqlite3")
    columns = [row[1] for row in db.execute("PRAGMA table_info(searches)")]
    assert columns == ["day", "query", "found", "count"]
    assert db.execute("SELECT * FROM searches").fetchall() == [("2026-12-01", "bygglov", 1, 1)]
    db.close()


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_rows_older_than_90_days_are_gone_from_the_files(tmp_path: Path) -> None:
    path = tmp_path / "searches.sqlite3"
    log = QueryLog(path)
    old = TODAY - dt.timedelta(days=KEEP_DAYS)
    log.record("gammalsökning", True, old)
    log.record("nysökning", True, TODAY - dt.timedelta(days=KEEP_DAYS - 1))
    assert "gammalsökning".encode() in _file_bytes(path)
    log.record("idag", True, TODAY)  # the first search of a day expires the old rows
    assert [c.query for c in log.most_frequent(TODAY, KEEP_DAYS)] == ["idag", "nysökning"]
    data = _file_bytes(path)  # the database, its WAL and shared memory
    assert "gammalsökning".encode() not in data
    assert "nysökning".encode() in data
    log.close()
    assert "gammalsökning".encode() not in _file_bytes(path)


def test_expire_says_how_many_went(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "searches.sqlite3")
    log.record("b", True, TODAY - dt.timedelta(days=100))
    log.record("a", True, TODAY - dt.timedelta(days=200))
    assert log.expire(TODAY) == 2
    assert log.expire(TODAY) == 0
    log.close()


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_looking_queries_never_reach_the_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "searches.sqlite3"
    log = QueryLog(path)
    assert not log.record(text, True, TODAY)
    log.record("bygglov", True, TODAY)
    data = _file_bytes(path)
    for part in (normalise(text), text, "1234", "example.se", "45 67"):
        assert part.encode() not in data, part
    log.close()


def test_long_pasted_texts_are_not_kept(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "searches.sqlite3")
    assert not log.record(
        "jag heter anna och bor på storgatan och undrar om mitt bygglov", True, TODAY
    )
    assert not log.record("x" * 81, True, TODAY)
    assert log.total(TODAY, 1) == 0
    log.close()


# -- what the endpoint counts ---------------------------------------------------------------


def _counted(app) -> list[tuple[str, int]]:
    log = app.extensions["search_log"]
    today = dt.datetime.now(app.extensions["forms_site"].zone).date()
    return [(c.query, c.count) for c in log.most_frequent(today, 1)]


def test_the_endpoint_counts_a_search_once(make_search_app) -> None:
    app = make_search_app()
    client = app.test_client()
    client.get("/api/search?q=Bygglov")
    client.get("/api/search?q=bygglov&page=2")  # paging through the same search
    client.get("/api/search?q=bygglov&kind=service")  # narrowing it
    client.get("/api/search?q=byg&fragment=1")  # as you type: every prefix
    client.get("/api/search?q=qwxzvbnmk")
    client.get("/api/search?q=850101-1234")
    client.get("/api/search?q=")
    assert sorted(_counted(app)) == [("bygglov", 1), ("qwxzvbnmk", 1)]
    log = app.extensions["search_log"]
    today = dt.datetime.now(app.extensions["forms_site"].zone).date()
    assert [c.query for c in log.without_results(today, 1)] == ["qwxzvbnmk"]
    assert b"850101" not in _file_bytes(log.path)


def test_no_address_or_client_detail_is_stored(make_search_app, tmp_path: Path) -> None:
    app = make_search_app()
    app.test_client().get(
        "/api/search?q=bygglov",
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
        headers={"User-Agent": "Testwebbläsare/9.9", "Cookie": "id=abc123"},
    )
    data = _file_bytes(app.extensions["search_log"].path)
    assert b"bygglov" in data
    for detail in (b"203.0.113.77", "Testwebbläsare".encode(), b"abc123"):
        assert detail not in data


def test_the_log_can_be_turned_off(make_search_app) -> None:
    app = make_search_app(SEARCH_LOG_ENABLED=False)
    assert app.test_client().get("/api/search?q=bygglov").status_code == 200
    assert "search_log" not in app.extensions


def test_the_log_is_its_own_file_beside_the_outbox(make_search_app, tmp_path: Path) -> None:
    app = make_search_app()
    assert app.extensions["search_log"].path == tmp_path / "searches.sqlite3"
