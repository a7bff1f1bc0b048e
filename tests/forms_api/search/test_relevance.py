"""The relevance table (relevance_cases.py) against the engine, on the sample content."""

from __future__ import annotations

from pathlib import Path

import pytest
from relevance_cases import CASES, SUGGESTIONS, Case

from forms_api.search import Query, SearchIndex, build_index
from forms_api.site import load_api_site

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_every_rule_has_cases() -> None:
    rules = {c.rule for c in CASES}
    assert len(CASES) >= 40
    assert {
        "inflection",
        "diacritics",
        "compound-head",
        "compound-tail",
        "compound-query",
        "title-over-body",
        "service-over-news",
        "deep-link",
        "best-bet",
        "synonym-word",
        "synonym-phrase",
        "synonym-list",
        "synonym-multiword",
        "keywords",
        "ignore",
        "language",
    } <= rules


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}:{c.query}")
def test_query_brings_page_to_top_three(sample: SearchIndex, case: Case) -> None:
    results = sample.search(Query(case.query, case.lang))
    top = [h.url.split("#")[0] for h in results.hits[:3]]
    assert case.url in top, f"{case.query!r} ({case.reason}): top 3 {top}"
    if case.first:
        assert top[0] == case.url, f"{case.query!r} ({case.reason}): first is {top[0]}"
    if case.anchor is not None:
        hit = results.hits[top.index(case.url)]
        assert hit.url == f"{case.url}#{case.anchor}", f"{case.query!r} links to {hit.url}"
        assert hit.heading


@pytest.mark.parametrize(("query", "suggestion"), SUGGESTIONS)
def test_typo_gets_the_sites_own_word(sample: SearchIndex, query: str, suggestion: str) -> None:
    assert sample.search(Query(query, "sv")).suggestion == suggestion


def test_known_words_get_no_suggestion(sample: SearchIndex) -> None:
    for query in ("bygglov", "hemtjanst", "bygglovsansökan", "dagis", "avgift förskola"):
        assert sample.search(Query(query, "sv")).suggestion is None, query


def test_diacritics_forgiven_but_exact_ranks_higher(tmp_path: Path, scratch_site) -> None:
    content = scratch_site(
        {
            "Halsa.md": "---\ntitle: Om hälsa\ndescription: Sida A.\n---\n\nTexten nämner hälsa.\n",
            "Hals.md": "---\ntitle: Om halsa\ndescription: Sida B.\n---\n\nTexten nämner halsa.\n",
        }
    )
    site = load_api_site(content, "UTC")
    found = build_index(site, tmp_path / "s.db")
    assert [h.title for h in found.search(Query("hälsa", "sv")).hits] == ["Om hälsa", "Om halsa"]
    assert [h.title for h in found.search(Query("halsa", "sv")).hits] == ["Om halsa", "Om hälsa"]


def test_a_service_outranks_news_on_equal_terms(tmp_path: Path, scratch_site) -> None:
    page = "---\ntitle: Om vattenmätare\ndescription: Text.\n{extra}---\n\nOm vattenmätare.\n"
    content = scratch_site(
        {
            "Nyheter/_index.md": "---\ntitle: Nyheter\ndescription: Nytt.\n---\n",
            "Nyheter/Mätare.md": page.format(extra="type: news\ndate: 2026-01-01\n"),
            "Tjanst.md": page.format(extra="type: service\nladder_step: 1\n"),
            "Sida.md": page.format(extra=""),
        }
    )
    found = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    kinds = [h.kind for h in found.search(Query("vattenmätare", "sv")).hits]
    assert kinds == ["service", "page", "news"]
