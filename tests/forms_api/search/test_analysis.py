"""Words as index and query see them: stems per language, folding, compounds, suggestions."""

from __future__ import annotations

import pytest

from forms_api.search.analysis import clean, fold, split_compound, stem, words
from forms_api.search.vocabulary import deletions, edit_distance


@pytest.mark.parametrize(
    ("forms", "lang"),
    [
        (("bygglov", "bygglovet", "bygglovs"), "sv"),
        (("förskola", "förskolor", "förskolan", "förskolorna"), "sv"),
        (("avgift", "avgifter", "avgiften", "avgifterna"), "sv"),
        (("ansöka", "ansöker", "ansökan"), "sv"),
        (("library", "libraries"), "en"),
        (("kirjasto", "kirjastossa", "kirjastoon"), "fi"),
        (("kirjasto", "kirjastossa"), "fit"),  # Meänkieli: the Finnish stemmer
    ],
)
def test_inflections_share_a_stem(forms: tuple[str, ...], lang: str) -> None:
    assert len({stem(w, lang) for w in forms}) == 1, {w: stem(w, lang) for w in forms}


def test_a_language_without_a_stemmer_keeps_whole_words() -> None:
    assert stem("giellagáldu", "se") == "giellagáldu"
    assert stem("bygglovet", "zz") == "bygglovet"


def test_each_language_has_its_own_stemmer() -> None:
    assert stem("parking", "en") == "park"
    assert stem("parking", "sv") == "parking"


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("hemtjänst", "hemtjanst"),
        ("Överförmyndare".casefold(), "overformyndare"),
        ("café", "cafe"),
        ("smørrebrød", "smorrebrod"),
        ("straße", "strasse"),
    ],
)
def test_folding_forgives_diacritics(word: str, folded: str) -> None:
    assert fold(word) == folded


KNOWN = frozenset(
    stem(w, "sv")
    for w in ("bygglov", "ansökan", "parkering", "tillstånd", "förskola", "avgift", "hemtjänst")
)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("parkeringstillstånd", ["parkering", "tillstånd"]),  # linking s
        ("bygglovsansökan", ["bygglov", "ansök"]),  # linking s, definite -an
        ("förskoleavgift", ["förskol", "avgift"]),  # förskola -> förskole-
        ("hemtjänstavgifter", ["hemtjänst", "avgift"]),  # no linking letter, plural tail
    ],
)
def test_compounds_split_against_the_known_words(word: str, parts: list[str]) -> None:
    assert split_compound(word, KNOWN, "sv") == parts


@pytest.mark.parametrize("word", ["bygglov", "park", "sommarblommor", "a" * 200])
def test_words_that_are_not_compounds_of_known_words_stay_whole(word: str) -> None:
    assert split_compound(word, KNOWN, "sv") is None


def test_words_are_lower_case_letters_and_digits_in_any_script() -> None:
    assert words("Bygglov, 2026: ÅVC! e-tjänst_x Кириллица") == [
        "bygglov",
        "2026",
        "åvc",
        "e",
        "tjänst",
        "x",
        "кириллица",
    ]


def test_text_is_cleaned_of_nul_and_lone_surrogates() -> None:
    assert clean("a\x00b\ud800c") == "a b?c"
    assert words("bygg\x00lov \udfff") == ["bygg", "lov"]
    assert clean("e\u0301") == "é"  # composed, so é is one letter


def test_edit_distance_counts_swapped_letters_once() -> None:
    assert edit_distance("bygglvo", "bygglov") == 1
    assert edit_distance("hemtjants", "hemtjanst") == 1
    assert edit_distance("forskla", "forskola") == 1
    assert edit_distance("abc", "xyz") == 3


def test_one_edit_apart_share_a_deletion() -> None:
    for typo, word in [
        ("bygglvo", "bygglov"),
        ("parkring", "parkering"),
        ("bibliotk", "bibliotek"),
    ]:
        assert deletions(typo) & deletions(word)
