"""Words as the index and the query see them: tokens, stems per language, folded forms, parts.

Both sides go through the same functions, so a word typed by a resident and the same word
written by an editor always give the same terms.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterator

import snowballstemmer

# A word: letters and digits (any script), no underscore. Everything else separates words.
WORD = re.compile(r"[^\W_]+")
# Snowball stemmers by language code; a language without one is matched on its whole words.
STEMMERS = {
    "sv": "swedish",
    "fi": "finnish",
    "fit": "finnish",  # Meänkieli: close enough to Finnish for its endings
    "en": "english",
    "da": "danish",
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "ru": "russian",
    "ar": "arabic",
    "fa": "persian",
    "tr": "turkish",
    "el": "greek",
    "et": "estonian",
    "lt": "lithuanian",
    "hu": "hungarian",
    "ro": "romanian",
    "sr": "serbian",
    "yi": "yiddish",
}
# Letters that Unicode does not decompose but readers see as a letter with a mark.
_FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th"})
# Linking letters between the parts of a Swedish compound: "bygglov|s|ansökan".
_LINKS = ("s", "e", "a", "u", "o")
MIN_PART = 3  # shorter parts would split too much ("in", "av")
MIN_COMPOUND = 6
MAX_COMPOUND = 40  # longer "words" are not split (bounds the work for hostile queries)


def clean(text: str) -> str:
    """Text safe to analyse: lone surrogates and NUL become nothing, composed form (NFC)."""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace").replace("\x00", " ")
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """The words of a text, lower case, in order."""
    return [m.group().casefold() for m in WORD.finditer(clean(text))]


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word's (start, end, lower-case word) in ``text`` as given (for marking snippets)."""
    for m in WORD.finditer(text):
        yield m.start(), m.end(), m.group().casefold()


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The word without diacritics: "hemtjänst" -> "hemtjanst"."""
    decomposed = unicodedata.normalize("NFD", word.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=64)
def _stemmer(lang: str):
    name = STEMMERS.get(lang.split("-")[0].lower())
    return snowballstemmer.stemmer(name) if name else None


@functools.lru_cache(maxsize=262144)
def stem(word: str, lang: str) -> str:
    """The word's stem in its language: "bygglovet" -> "bygglov", "förskolor" -> "förskol"."""
    stemmer = _stemmer(lang)
    if stemmer is None:
        return word
    if (
        lang.startswith("sv")
        and len(word) >= 6
        and word.endswith("an")
        and word[-3] not in "aeiouyåäö"
    ):
        # Swedish Snowball leaves the definite -an alone: "förskolan", "ansökan" would not
        # meet "förskola", "ansöka". Drop the n and stem what is left.
        word = word[:-1]
    return stemmer.stemWord(word)


def split_compound(
    word: str, known: Collection[str], lang: str, depth: int = 0
) -> list[str] | None:
    """The parts of a compound, each a known word's stem, or None if it is not one.

    ``known`` holds stems of words the site uses on their own. A part may be followed by a
    linking letter ("parkering|s|tillstånd") and a part may have dropped its last vowel
    ("förskol|e|avgift" is found through the stem "förskol"). The longest first part wins.
    """
    if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND or depth > 3:
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        head_stem = _known_part(head, known, lang)
        if head_stem is None:
            continue
        candidates = [tail]
        if tail[0] in _LINKS and len(tail) > MIN_PART:
            candidates.append(tail[1:])
        for rest in candidates:
            rest_stem = stem(rest, lang)
            if rest_stem in known and len(rest) >= MIN_PART:
                return [head_stem, rest_stem]
            more = split_compound(rest, known, lang, depth + 1)
            if more:
                return [head_stem, *more]
    return None


def _known_part(head: str, known: Collection[str], lang: str) -> str | None:
    if head in known:
        return head
    head_stem = stem(head, lang)
    return head_stem if len(head_stem) >= MIN_PART and head_stem in known else None
