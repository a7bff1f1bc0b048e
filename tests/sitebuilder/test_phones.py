"""Phone numbers in text become `tel:` links by one rule (sitebuilder/phones.py): Swedish
numbers written with their area code and a separator, and nothing that only looks similar."""

from __future__ import annotations

import pytest

from sitebuilder.phones import link_phones, phone_numbers, tel_href


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("08-465 004 00", "tel:+46846500400"),
        ("0123-45 67 89", "tel:+46123456789"),
        ("070-123 45 67", "tel:+46701234567"),
        ("0123-456789", "tel:+46123456789"),
        ("08 465 004 00", "tel:+46846500400"),
        ("020-12 34 56", "tel:+4620123456"),
        ("08–465 004 00", "tel:+46846500400"),  # an en dash, as typographers write it
        ("+46 123 45 67 89", "tel:+46123456789"),
        ("+46 8 465 004 00", "tel:+46846500400"),
        ("+46 (0)8-465 004 00", "tel:+46846500400"),
    ],
)
def test_swedish_numbers_in_text_are_found_and_dialled_in_international_form(
    written: str, href: str
) -> None:
    text = f"Ring oss på {written}, vardagar."
    assert phone_numbers(text) == [written]
    assert tel_href(written) == href
    assert link_phones(text) == f'Ring oss på <a href="{href}">{written}</a>, vardagar.'


@pytest.mark.parametrize(
    "text",
    [
        "Ring 112 vid nödläge eller 1177 för vård.",  # no area code: short numbers
        "Referens 0846500400 i ärendet.",  # digits without a separator
        "Exempelvägen 1, 000 00 Exempelby",  # a postcode
        "Postnummer 012 34 Exempelby",  # a postcode that starts with 0
        "Öppet 08-16 på vardagar och 08.00–16.00 på lördagar.",  # times
        "Beslutet togs 2026-11-20 och gäller till 2027-01-31.",  # dates
        "Personnummer 010101-1234 ska inte bli en länk.",  # a personal identity number
        "Avgiften är 0,5 procent eller 0 kronor.",
        "Ordernummer 08-465 004 00 12 34 är för långt.",  # runs on into more digits
        "Koden är A08-465 004 00.",  # starts inside a word
        "Version 08-465 004 00-beta",  # runs on into a word
        "Bankgiro 5050-1055.",
        "Numret 08-1 2 3 är för kort.",
    ],
)
def test_what_only_looks_like_a_number_stays_text(text: str) -> None:
    assert phone_numbers(text) == []
    assert link_phones(text) == text


def test_two_numbers_in_one_sentence_are_two_links() -> None:
    html = link_phones("Ring 08-465 004 00 eller 0123-45 67 89.")
    assert html == (
        'Ring <a href="tel:+46846500400">08-465 004 00</a> eller '
        '<a href="tel:+46123456789">0123-45 67 89</a>.'
    )


def test_a_number_at_the_end_of_a_sentence_keeps_its_full_stop_outside_the_link() -> None:
    assert (
        link_phones("Ring 08-465 004 00.") == 'Ring <a href="tel:+46846500400">08-465 004 00</a>.'
    )


def test_contact_numbers_from_site_yml_are_dialled_in_international_form() -> None:
    assert tel_href("08-465 004 00") == "tel:+46846500400"
    assert tel_href("+46 8 465 004 00") == "tel:+46846500400"
    assert tel_href("00 45 12 34 56 78") == "tel:+4512345678"  # a foreign number
    assert tel_href("112") == "tel:112"
    assert tel_href("ring oss") is None
