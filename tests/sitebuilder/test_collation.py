"""Swedish alphabetical order (SAOL): å, ä, ö after z; v and w apart; é with e, ü with y."""

from __future__ import annotations

import pytest

from sitebuilder.collation import initial, sort_key


def swedish(words: list[str]) -> list[str]:
    return sorted(words, key=sort_key)


def test_a_ring_a_umlaut_o_umlaut_come_after_z_in_that_order() -> None:
    assert swedish(["Ödeshög", "Åre", "Zinkgruvan", "Ängelholm", "Alingsås"]) == [
        "Alingsås",
        "Zinkgruvan",
        "Åre",
        "Ängelholm",
        "Ödeshög",
    ]


def test_swedish_letters_order_within_a_word() -> None:
    assert swedish(["Bö", "Bä", "Bå", "Bz", "Ba"]) == ["Ba", "Bz", "Bå", "Bä", "Bö"]


def test_lowercase_swedish_letters_sort_like_uppercase() -> None:
    assert swedish(["öl", "Äpple", "åska", "Zon"]) == ["Zon", "åska", "Äpple", "öl"]


def test_v_and_w_are_different_letters() -> None:
    # Merged (pre-2006) they would interleave: Vallin, Wallin, Vik, Wik.
    assert swedish(["Wik", "Vik", "Wallin", "Vallin"]) == ["Vallin", "Vik", "Wallin", "Wik"]


def test_e_acute_sorts_as_e() -> None:
    assert swedish(["Eld", "Élan", "Ekorre"]) == ["Ekorre", "Élan", "Eld"]
    assert swedish(["Zoo", "Éva"]) == ["Éva", "Zoo"]


def test_u_umlaut_sorts_as_y() -> None:
    assert swedish(["Zürich", "Ystad", "Über", "Uppsala"]) == ["Uppsala", "Über", "Ystad", "Zürich"]
    assert swedish(["Myr", "Müller", "Mun"]) == ["Mun", "Müller", "Myr"]


def test_ae_and_o_slash_sort_as_a_umlaut_and_o_umlaut() -> None:
    assert swedish(["Ørsted", "Ærø", "Zeta", "Örn", "Äng"]) == [
        "Zeta",
        "Äng",
        "Ærø",
        "Örn",
        "Ørsted",
    ]


def test_primary_order_ignores_case() -> None:
    # Code point order would put every capital first: Avfall, Bad, avgift, bygglov.
    assert swedish(["bygglov", "Bad", "avgift", "Avfall"]) == ["Avfall", "avgift", "Bad", "bygglov"]


def test_words_differing_only_in_case_sort_the_same_whatever_the_input_order() -> None:
    assert swedish(["bygglov", "Bygglov"]) == swedish(["Bygglov", "bygglov"])


def test_punctuation_and_spaces_do_not_decide_the_order() -> None:
    assert swedish(["E-tjänster", "Ekonomi", "Eftermiddag"]) == [
        "Eftermiddag",
        "Ekonomi",
        "E-tjänster",
    ]


def test_digits_come_before_letters() -> None:
    assert swedish(["Ära", "Avfall", "1177 Vårdguiden"]) == ["1177 Vårdguiden", "Avfall", "Ära"]


def test_decomposed_letters_sort_like_composed_ones() -> None:
    # macOS file names spell ö as o + combining diaeresis.
    assert swedish(["O\u0308rebro", "Zon", "Ore"]) == ["Ore", "Zon", "O\u0308rebro"]


@pytest.mark.parametrize(
    ("title", "letter"),
    [
        ("Äldreomsorg", "Ä"),
        ("åtgärdsprogram", "Å"),
        ("Örebro", "Ö"),
        ("O\u0308rebro", "Ö"),
        ("bygglov", "B"),
        ("Élan", "E"),
        ("Über", "Y"),
        ("Ærø", "Ä"),
        ("Ørsted", "Ö"),
        ("wifi i biblioteket", "W"),
        ("1177 Vårdguiden", "0–9"),
        ("«Sommarlov»", "S"),
        ("  – Avfall", "A"),
        ("Ωmega", "#"),
        ("", "#"),
        ("–", "#"),
    ],
)
def test_initial_gives_the_a_to_o_heading(title: str, letter: str) -> None:
    assert initial(title) == letter
