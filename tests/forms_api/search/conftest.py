"""Fixtures for the site search: the sample content's index built once for the engine's tests,
the endpoint on the sample content, a results page parsed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from forms_api.search import SearchIndex, build_index
from forms_api.site import load_api_site

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_CONTENT = REPO_ROOT / "content"


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    site = load_api_site(REPO_ROOT / "content", "Europe/Stockholm")
    return build_index(site, tmp_path_factory.mktemp("search") / "search.db")


@pytest.fixture
def search_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "CONTENT_DIR": str(SAMPLE_CONTENT),
        "DATABASE": str(tmp_path / "outbox.sqlite3"),
        "MAIL_DIR": str(tmp_path / "mail"),
        "SENDER_THREAD": False,
        "SEARCH_RATE_LIMIT": "10000 per minute",
    }


@pytest.fixture
def make_search_app(search_config: dict[str, Any]):
    import forms_api

    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        app = forms_api.create_app({**search_config, **overrides})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["forms_outbox"].close()
        if "search_log" in app.extensions:
            app.extensions["search_log"].close()


@pytest.fixture
def search_client(make_search_app: Callable[..., Flask]) -> FlaskClient:
    return make_search_app().test_client()


@pytest.fixture(scope="module")
def shared_search_client(tmp_path_factory: pytest.TempPathFactory):
    """One app on the sample content for a whole module of read-only requests (building the
    index takes a moment)."""
    import forms_api

    folder = tmp_path_factory.mktemp("search")
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(SAMPLE_CONTENT),
            "DATABASE": str(folder / "outbox.sqlite3"),
            "MAIL_DIR": str(folder / "mail"),
            "SENDER_THREAD": False,
            "SEARCH_RATE_LIMIT": "100000 per minute",
        }
    )
    yield app.test_client()
    app.extensions["forms_outbox"].close()
    app.extensions["search_log"].close()


@pytest.fixture
def search_page(shared_search_client: FlaskClient, parse_html):
    """GET /api/search with these parameters; returns (status, html, outline)."""

    def get(query: str) -> tuple[int, str, Any]:
        response = shared_search_client.get("/api/search?" + query)
        html = response.get_data(as_text=True)
        return response.status_code, html, parse_html(html)

    return get
