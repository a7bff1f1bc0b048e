"""The engine on small scratch sites: filters, facets, paging, escaping, languages, staleness,
and any query text (FTS5 syntax, NUL, lone surrogates, 10 KB, a thousand words) answered
without an exception in bounded time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from forms_api.search import Query, Results, SearchIndex, build_index
from forms_api.search.matching import MAX_WORDS, plan
from forms_api.search.tuning import Tuning
from forms_api.site import load_api_site

REPO_ROOT = Path(__file__).resolve().parents[3]


def page(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndescription: Om {title.lower()}.\n{extra}---\n\n{body}\n"


HOSTILE = [
    '"',
    '""',
    '"bygglov',
    "*",
    "bygg*",
    "NEAR(bygglov ansökan)",
    "NEAR(",
    "bygglov OR förskola",
    "OR",
    "AND NOT",
    "-bygglov",
    "^bygglov",
    "title:bygglov",
    "{title}: bygglov",
    "(((",
    "\x00",
    "bygg\x00lov",
    "\ud800",
    "bygglov\udfff",
    "'; DROP TABLE pages; --",
    "x" * 10_000,
    "bygglov " * 1_300,
    " ".join(f"ord{n}" for n in range(1_000)),
    "å" * 10_000,
    "\u202e\u200b\ufeff",
    "🏠🏗️",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
def test_any_query_text_gets_results_quickly(sample: SearchIndex, text: str) -> None:
    started = time.thread_time()
    results = sample.search(Query(text, "sv"))
    cpu = time.thread_time() - started
    assert isinstance(results, Results)
    assert results.total >= len(results.hits)
    # This thread's CPU time, not the wall clock: it catches work that grows with the
    # query's length (the bounds in matching.py), whatever else the machine is doing.
    assert cpu < 0.5
    for hit in results.hits:
        assert "<script" not in str(hit.snippet)


def test_fts5_operators_are_words_not_syntax(sample: SearchIndex) -> None:
    plain = [h.url for h in sample.search(Query("bygglov förskola", "sv")).hits]
    assert [h.url for h in sample.search(Query("bygglov OR förskola", "sv")).hits] == plain
    assert sample.search(Query('"bygglov"', "sv")).hits[0].url == "/bygga-bo-och-miljo/bygglov/"


def test_a_query_is_bounded_in_words() -> None:
    text = " ".join(f"ord{n}" for n in range(1_000))
    the_plan = plan(text, ["sv"], Tuning(), {})
    assert len(the_plan.words) == MAX_WORDS
    assert the_plan.truncated


def test_odd_query_fields_get_results(sample: SearchIndex) -> None:
    odd = [
        Query(None, None, None, None),  # type: ignore[arg-type]
        Query("bygglov", "xx-YY", section="/finns-inte/", kind="recept"),  # type: ignore[arg-type]
        Query("bygglov", "sv", section=["/"], kind={"a": 1}),  # type: ignore[arg-type]
        Query("bygglov", "sv", page="2", per_page=1.5),  # type: ignore[arg-type]
    ]
    for query in odd:
        assert isinstance(sample.search(query), Results)


def test_out_of_range_paging_is_clamped(sample: SearchIndex) -> None:
    assert sample.search(Query("bygglov", "sv", page=-3, per_page=0)).query.page == 1
    far = sample.search(Query("bygglov", "sv", page=99_999))
    assert far.hits == () and far.total > 0
    assert sample.search(Query("avgift", "sv", per_page=10_000)).query.per_page == 50


def test_snippets_escape_everything_but_mark(tmp_path: Path, scratch_site) -> None:
    content = scratch_site(
        {"Sida.md": page("Skolmat", "Menyn `<script>alert(1)</script>` & skolmat varje dag.")}
    )
    found = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    hit = found.search(Query("alert", "sv")).hits[0]
    assert str(hit.snippet) == (
        "Menyn &lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp; skolmat varje dag."
    )


def test_filters_and_facets(sample: SearchIndex) -> None:
    every = sample.search(Query("avgift", "sv", per_page=50))
    kinds = {f.value: f.count for f in every.kinds}
    sections = {f.value: f.count for f in every.sections}
    assert sum(kinds.values()) == every.total
    assert sections["/barn-och-utbildning/"] >= 2
    services = sample.search(Query("avgift", "sv", kind="service", per_page=50))
    assert services.total == kinds["service"]
    assert {h.kind for h in services.hits} == {"service"}
    # Counts for kinds ignore the kind filter; sections count within it.
    assert {f.value: f.count for f in services.kinds} == kinds
    assert sum(f.count for f in services.sections) <= services.total
    school = sample.search(Query("avgift", "sv", section="/barn-och-utbildning/", per_page=50))
    assert school.total == sections["/barn-och-utbildning/"]
    assert all(h.url.startswith("/barn-och-utbildning/") for h in school.hits)


def test_paging_walks_every_hit_once(sample: SearchIndex) -> None:
    first = sample.search(Query("och", "sv", per_page=50))
    pages = [sample.search(Query("och", "sv", page=n, per_page=7)) for n in range(1, 8)]
    walked = [h.url for r in pages for h in r.hits]
    assert walked == [h.url for h in first.hits][: len(walked)]
    assert len(set(walked)) == len(walked)


def test_hits_carry_breadcrumb_date_and_ladder_step(sample: SearchIndex) -> None:
    service = sample.search(Query("bygglov", "sv")).hits[0]
    assert service.ladder_step == 3 and service.date is None and service.best_bet
    assert [c.title for c in service.breadcrumb] == ["Bygga, bo och miljö"]
    news = sample.search(Query("julmarknad vägarbete exempelvägen", "sv", kind="news")).hits[0]
    assert news.date is not None and news.ladder_step is None
    assert news.breadcrumb[0].url == "/nyheter/"


def test_other_languages_are_searched_when_the_querys_has_nothing(tmp_path, scratch_site) -> None:
    content = scratch_site(
        {
            "Bibliotek.md": page("Bibliotek", "Lån böcker på biblioteket."),
            "Library.md": page("Library", "Borrow books at the libraries.", "lang: en\n"),
            "Kirjasto.md": page("Kirjasto", "Lainaa kirjoja kirjastosta.", "lang: fi\n"),
        }
    )
    found = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    assert [h.lang for h in found.search(Query("libraries", "en")).hits] == ["en"]
    # Finnish stems on the Finnish page: "kirjastossa" meets "kirjastosta".
    assert [h.title for h in found.search(Query("kirjastossa", "fi")).hits] == ["Kirjasto"]
    # From a Swedish page, an English word finds the English page (Swedish has none).
    assert [h.lang for h in found.search(Query("borrow", "sv")).hits] == ["en"]
    # A Swedish word from an English page: the English pages have none, so Swedish ones.
    assert [h.title for h in found.search(Query("biblioteket", "en")).hits] == ["Bibliotek"]


def test_is_stale_once_the_content_changes(tmp_path: Path, scratch_site) -> None:
    content = scratch_site({"Sida.md": page("Skolmat", "Mat.")})
    found = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    assert not found.is_stale()
    (content / "Sida.md").write_text(page("Skolmat", "Mat och dryck."))
    future = time.time() + 5
    os.utime(content / "Sida.md", (future, future))
    found._checked_at = 0.0  # skip the two seconds between looks
    found.is_stale()  # starts a look in a background thread and answers without waiting
    found.wait_for_look()
    assert found.is_stale()
    again = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    assert not again.is_stale()
    assert again.search(Query("dryck", "sv")).total == 1
    # The first index still answers from its own (old) file, untorn.
    assert found.search(Query("mat", "sv")).total == 1


def test_deep_link_goes_to_the_matching_heading(tmp_path: Path, scratch_site) -> None:
    body = "Intro om bygglov.\n\n## Så ansöker du\n\nFyll i ansökan.\n\n## Avgifter\n\nTaxa.\n"
    content = scratch_site({"Bygglov.md": page("Bygglov", body)})
    found = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    hit = found.search(Query("bygglov taxa", "sv")).hits[0]
    assert (hit.url, hit.heading) == ("/bygglov/#avgifter", "Avgifter")
    assert str(hit.snippet) == "<mark>Taxa</mark>."
    plain = found.search(Query("bygglov", "sv")).hits[0]
    assert (plain.url, plain.heading) == ("/bygglov/", None)


def test_suggestions_come_from_the_readers_language(tmp_path: Path, scratch_site) -> None:
    content = scratch_site(
        {
            "Bibliotek.md": page("Bibliotek", "Lån böcker på biblioteket."),
            "Library.md": page("Library", "Borrow books at the library.", "lang: en\n"),
        }
    )
    found = build_index(load_api_site(content, "UTC"), tmp_path / "s.db")
    assert found.search(Query("librery", "en")).suggestion == "library"
    assert found.search(Query("librery", "sv")).suggestion is None
    assert found.search(Query("bibliotk", "sv")).suggestion == "bibliotek"
