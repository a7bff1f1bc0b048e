"""Swedish alphabetical order: å, ä, ö come after z (SS-ISO/IEC 14651 as SAOL uses it)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Letters Swedish files under another letter.
_FOLD = {"æ": "ä", "ø": "ö", "ü": "y", "œ": "ö"}
_OTHER = len(_ALPHABET)


def _base_letter(ch: str) -> str:
    if ch in _RANK:
        return ch
    if ch in _FOLD:
        return _FOLD[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    return decomposed[0] if decomposed and decomposed[0] in _RANK else ch


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Key for ``sorted``: primary by Swedish letter order, ties broken by the exact text."""
    lowered = unicodedata.normalize("NFC", text).lower()
    primary = tuple(_RANK.get(_base_letter(ch), _OTHER) for ch in lowered if ch.isalnum())
    return primary, text


def initial(text: str) -> str:
    """The A–Ö heading a title is filed under: ``'Äldreomsorg'`` -> ``'Ä'``; digits -> ``'0–9'``."""
    for ch in unicodedata.normalize("NFC", text):
        if ch.isalnum():
            base = _base_letter(ch.lower())
            if base.isdigit():
                return "0–9"
            return base.upper() if base in _RANK else "#"
    return "#"
