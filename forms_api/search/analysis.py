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
_FOLD_EXTRA = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th"}
# Combining marks (the blocks Latin, Greek and Cyrillic letters use), once decomposed.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Linking letters between the parts of a Swedish compound: "bygglov|s|ansökan".
_LINKS = ("s", "e", "a", "u", "o")
_VOWELS = "aeiouyåäö"
MIN_PART = 3  # shorter parts would split too much ("in", "av")
MIN_COMPOUND = 6
MAX_COMPOUND = 40  # longer "words" are not split (bounds the work for hostile queries)


def clean(text: str) -> str:
    """Text safe to analyse: lone surrogates and NUL become nothing, composed form (NFC)."""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace").replace("\x00", " ")
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """The words of a text, lower case, in order."""
    return WORD.findall(clean(text).casefold())


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word's (start, end, lower-case word) in ``text`` as given (for marking snippets)."""
    for m in WORD.finditer(text):
        yield m.start(), m.end(), m.group().casefold()


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The word without diacritics: "hemtjänst" -> "hemtjanst"."""
    return fold_text(word)


def fold_text(text: str) -> str:
    """Any text without diacritics (not cached: for whole columns of words)."""
    if text.isascii():
        return text
    for letter, plain in _FOLD_EXTRA.items():
        if letter in text:
            text = text.replace(letter, plain)
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


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
    """The parts of a compound as stems, or None if it is not one of known words.

    ``known`` holds the words the site uses on their own and their stems. A part may be
    followed by a linking letter ("parkering|s|tillstånd") or have lost its last vowel
    ("förskol|e|avgift" meets the stem "förskol"). The longest first part wins. Only a known
    first part costs a stemmer call, so splitting every word of a site stays cheap.
    """
    if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND or depth > 3:
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head = word[:cut]
        if head not in known and not (head[-1] in _VOWELS and head[:-1] in known):
            continue
        tail = word[cut:]
        candidates = [tail]
        if tail[0] in _LINKS and len(tail) > MIN_PART:
            candidates.append(tail[1:])
        for rest in candidates:
            if len(rest) < MIN_PART:
                continue
            if rest in known or stem(rest, lang) in known:
                return [_part_stem(head, known, lang), stem(rest, lang)]
            more = split_compound(rest, known, lang, depth + 1)
            if more:
                return [_part_stem(head, known, lang), *more]
    return None


def _part_stem(head: str, known: Collection[str], lang: str) -> str:
    return stem(head if head in known else head[:-1], lang)
