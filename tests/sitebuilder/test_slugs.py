"""URL segments from Swedish names: lower-case ASCII, single hyphens, nothing else."""

from __future__ import annotations

import random

import pytest

from sitebuilder.slugs import SLUG_PATTERN, is_slug, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Bygga, bo och miljö", "bygga-bo-och-miljo"),
        ("Tillgänglighetsredogörelse", "tillganglighetsredogorelse"),
        ("A–Ö", "a-o"),
        ("Åre och Östersund", "are-och-ostersund"),
        ("Äldreomsorg", "aldreomsorg"),
        ("Café på torget", "cafe-pa-torget"),
        ("Müllers väg", "mullers-vag"),
        ("Ærø", "aero"),
        ("Øresundsbron", "oresundsbron"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Frågor & svar: så gör du!", "fragor-svar-sa-gor-du"),
        ("Steg 1 av 4", "steg-1-av-4"),
        ("E-tjänster", "e-tjanster"),
        ("Gång- och cykelvägar", "gang-och-cykelvagar"),
        ("  --Bygglov??  ", "bygglov"),
        ("...Bygglov...för...altan...", "bygglov-for-altan"),
        ("«Sommarlov» 2026", "sommarlov-2026"),
        ("Malmo\u0308", "malmo"),  # ö written decomposed, as macOS stores file names
        ("ＡＢＣ ﬁske", "abc-fiske"),  # full-width letters and a ligature
        ("Kafé ☕ och bullar", "kafe-och-bullar"),
    ],
)
def test_slugify_makes_readable_ascii_segments(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "   ", "!!!", "–", "☕"])
def test_slugify_returns_empty_for_text_without_letters_or_digits(text: str) -> None:
    assert slugify(text) == ""


def _generated_names(count: int) -> list[str]:
    """Names like an editor might write, mixing Swedish letters, accents and punctuation."""
    pieces = [
        *"abcdefghijklmnopqrstuvwxyzåäöÅÄÖéüæøßÉÜ0123456789",
        " ", "  ", "-", "–", "—", ",", ".", ":", "!", "?", "&", "/", "'", '"', "(", ")",
        "_", "\t", "☕", "€", "§", "ﬁ", "ｘ", "o\u0308",
    ]  # fmt: skip
    rng = random.Random(20261125)
    return ["".join(rng.choices(pieces, k=rng.randint(1, 30))) for _ in range(count)]


@pytest.mark.parametrize("text", _generated_names(48))
def test_slugify_output_always_matches_the_slug_pattern(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or SLUG_PATTERN.fullmatch(slug), f"{text!r} -> {slug!r}"
    assert slug == "" or is_slug(slug)
    assert slugify(slug) == slug  # a slug is its own slug


@pytest.mark.parametrize("text", ["bygglov", "bygga-bo-och-miljo", "steg-1-av-4", "a", "2026"])
def test_is_slug_accepts_lowercase_words_joined_by_single_hyphens(text: str) -> None:
    assert is_slug(text)


@pytest.mark.parametrize(
    "text",
    ["", "Bygglov", "bygg lov", "bygg--lov", "-bygglov", "bygglov-", "bygglöv", "bygg_lov", "a/b"],
)
def test_is_slug_rejects_anything_else(text: str) -> None:
    assert not is_slug(text)
