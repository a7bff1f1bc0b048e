"""The sample content's search index, built once for the search tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms_api.search import SearchIndex, build_index
from forms_api.site import load_api_site

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    site = load_api_site(REPO_ROOT / "content", "Europe/Stockholm")
    return build_index(site, tmp_path_factory.mktemp("search") / "search.db")
