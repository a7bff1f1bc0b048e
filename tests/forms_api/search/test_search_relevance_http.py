"""The relevance table over HTTP, without JavaScript: the results page a browser gets."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from relevance_cases import CASES, Case
from test_search_route import hit_links


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}:{c.query}")
def test_results_page_brings_page_to_top_three(search_page, case: Case) -> None:
    status, _, doc = search_page(urlencode({"q": case.query, "lang": case.lang}))
    assert status == 200
    links = hit_links(doc)[:3]
    top = [link.split("#")[0] for link in links]
    assert case.url in top, f"{case.query!r} ({case.reason}): top 3 {top}"
    if case.first:
        assert top[0] == case.url
    if case.anchor is not None:
        assert links[top.index(case.url)] == f"{case.url}#{case.anchor}"
