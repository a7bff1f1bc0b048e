"""A resident's query as FTS5 MATCH text: every word quoted, so no query is FTS5 syntax.

A query word becomes a group of alternatives: its stem in the exact columns, its stem without
diacritics in the folded ones, its parts if it is a compound, the official words a synonym
names. Groups are joined with AND (every word must be there), or OR when that finds nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from .analysis import fold, split_compound, stem, words
from .tuning import Tuning, key_of

MAX_CHARS = 256  # of the query text analysed; the rest is left out
MAX_WORDS = 12  # query words searched for (after words to ignore); the rest are left out
MIN_PREFIX = 3  # the last word also matches as the start of a word once this long

EXACT = "{title keywords description headings body tparts bparts}"
PHRASE = "{title keywords description headings body}"
EXACT_AND_FOLDED = "{title keywords description headings body tparts bparts ftitle frest}"


def quote(term: str) -> str:
    """An FTS5 string: whatever ``term`` holds, it is words to find, never an operator."""
    return '"' + term.replace('"', '""').replace("\x00", "") + '"'


@dataclass
class Word:
    """One word of the query and everything it may match."""

    text: str  # lower case, as typed
    stems: set[str] = field(default_factory=set)
    folds: set[str] = field(default_factory=set)
    parts: list[list[str]] = field(default_factory=list)  # a compound's parts, per language
    prefix: bool = False
    synonyms: list[list[str]] = field(default_factory=list)  # official phrases, as stems
    known: bool = True  # the site uses it (or its parts, or it is a synonym)
    whole: bool = True  # the site uses the word itself, not only its parts
    together: list[Word] = field(default_factory=list)  # the words of a multi-word synonym


@dataclass
class Plan:
    words: list[Word]
    key: tuple[str, ...]  # the whole query as tuning matches it (best bets)
    truncated: bool

    def expression(self, any_word: bool = False) -> str | None:
        """Every word the site could match (one it does not use would only make the AND
        find nothing), or with ``any_word`` any of them."""
        useful = [w for w in self.words if w.known or w.prefix or w.together]
        groups = [g for g in (_group(w) for w in useful) if g]
        if not groups:
            return None
        return (" OR " if any_word else " AND ").join(groups)

    def stems(self) -> set[str]:
        every = [*self.words, *(t for w in self.words for t in w.together)]
        return (
            {s for w in every for s in w.stems}
            | {s for w in every for p in w.parts for s in p}
            | {s for w in every for p in w.synonyms for s in p}
        )

    def folds(self) -> set[str]:
        every = [*self.words, *(t for w in self.words for t in w.together)]
        return {f for w in every for f in w.folds} | {fold(s) for s in self.stems()}


def plan(
    text: str,
    langs: Collection[str],
    tuning: Tuning,
    known: dict[str, frozenset[str]],
    *,
    prefix: bool = True,
) -> Plan:
    """Analyse ``text`` for pages in ``langs``; ``known`` holds each language's stems."""
    truncated = len(text) > MAX_CHARS
    raw = words(text[:MAX_CHARS])[: MAX_WORDS * 4]
    key = key_of(" ".join(raw), tuning.lang)
    # Words to ignore are left out unless the query has nothing else.
    skip = tuning.ignore if any(w not in tuning.ignore for w in raw) else frozenset()
    result: list[Word] = []
    i = 0
    while i < len(raw) and len(result) < MAX_WORDS:
        span, targets = _synonym_at(raw, i, tuning)
        if span == 1 and not targets and raw[i] in skip:
            i += 1
            continue
        if span == 1:
            word = _word(raw[i], langs, known)
        else:
            word = Word(" ".join(raw[i : i + span]))
            word.together = [_word(w, langs, known) for w in raw[i : i + span] if w not in skip]
        word.synonyms = [[stem(w, tuning.lang) for w in words(t)] for t in targets]
        word.known = word.known or bool(targets)
        word.whole = word.whole or bool(targets)
        result.append(word)
        i += span
    truncated = truncated or i < len(raw)
    last = result[-1] if result else None
    if prefix and last and not last.together and not last.whole and len(last.text) >= MIN_PREFIX:
        # A word still being typed: the site has no such word, and no space follows it.
        # (A whole word the site uses is taken as meant: "plats" does not also look for
        # every word that starts with it, which would cost much and rank worse.)
        last.prefix = text == text.rstrip()
    return Plan(result, key, truncated)


def _synonym_at(kept: list[str], i: int, tuning: Tuning) -> tuple[int, tuple[str, ...]]:
    """The longest synonym starting at word ``i``: how many words it spans, its targets."""
    for span in range(min(tuning.longest_synonym, len(kept) - i), 0, -1):
        key = key_of(" ".join(kept[i : i + span]), tuning.lang)
        if key in tuning.synonyms:
            return span, tuning.synonyms[key]
    return 1, ()


def _word(text: str, langs: Collection[str], known: dict[str, frozenset[str]]) -> Word:
    word = Word(text)
    is_known = False
    for lang in langs:
        s = stem(text, lang)
        word.stems.add(s)
        word.folds.add(fold(s))
        stems = known.get(lang, frozenset())
        if s in stems:
            is_known = True
            continue
        parts = split_compound(text, stems, lang)
        if parts and parts not in word.parts:
            word.parts.append(parts)
    folded_known = any(
        f in known.get("~" + lang, frozenset()) for f in word.folds for lang in langs
    )
    word.known = is_known or bool(word.parts) or folded_known
    word.whole = is_known or folded_known
    return word


def _group(word: Word) -> str:
    # A term that has no diacritics is one phrase over the exact and the folded columns
    # (bm25 reads each phrase's positions once per page: half the work of two phrases);
    # the exact columns still make an exact word outrank a folded one.
    star = " *" if word.prefix else ""  # a prefix also matches the whole word
    alternatives = [
        f"{EXACT_AND_FOLDED if fold(s) == s else EXACT} : {quote(s)}{star}"
        for s in sorted(word.stems)
    ]
    # The folded columns hold only terms that had diacritics; a page that wrote the word
    # without them has it in the exact columns.
    alternatives += [
        f"{EXACT_AND_FOLDED} : {quote(f)}{star}" for f in sorted(word.folds - word.stems)
    ]
    for parts in word.parts:
        alternatives.append("(" + " AND ".join(f"{EXACT} : {quote(p)}" for p in parts) + ")")
    for phrase in word.synonyms:  # written by editors, with their diacritics
        alternatives.append(f"{PHRASE} : {quote(' '.join(phrase))}")
    if word.together:
        alternatives.append("(" + " AND ".join(_group(w) for w in word.together) + ")")
    return "(" + " OR ".join(alternatives) + ")" if alternatives else ""
