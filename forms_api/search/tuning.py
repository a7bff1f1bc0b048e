"""Editorial tuning as the engine uses it: synonyms, best bets and words to ignore.

The build reads and checks `content/search.yml` (sitebuilder.search_config); here its
entries become lookups by analysed words, so "Soptunnan" meets the synonym written
`soptunna` and "Bygglov?" the best bet written `bygglov`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .analysis import fold, stem, words

Key = tuple[str, ...]


def key_of(text: str, lang: str) -> Key:
    """A phrase as tuning matches it: its words' stems without diacritics."""
    return tuple(fold(stem(w, lang)) for w in words(text))


@dataclass(frozen=True)
class Tuning:
    lang: str = "sv"
    synonyms: dict[Key, tuple[str, ...]] = field(default_factory=dict)  # -> official phrases
    best_bets: dict[Key, tuple[str, ...]] = field(default_factory=dict)  # -> page URLs
    ignore: frozenset[str] = frozenset()  # lower-case words

    def to_json(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "synonyms": [[list(k), list(v)] for k, v in self.synonyms.items()],
            "best_bets": [[list(k), list(v)] for k, v in self.best_bets.items()],
            "ignore": sorted(self.ignore),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tuning:
        return cls(
            lang=data.get("lang", "sv"),
            synonyms={tuple(k): tuple(v) for k, v in data.get("synonyms", [])},
            best_bets={tuple(k): tuple(v) for k, v in data.get("best_bets", [])},
            ignore=frozenset(data.get("ignore", [])),
        )

    @property
    def longest_synonym(self) -> int:
        return max((len(k) for k in self.synonyms), default=0)


def tuning_from(config: Any, index: Any) -> Tuning:
    """The engine's tuning from the build's checked `search.yml` (None: there is none)."""
    lang = index.config.language
    if config is None:
        return Tuning(lang=lang)
    synonyms: dict[Key, list[str]] = {}
    for everyday, official in config.synonyms:
        key = key_of(everyday, lang)
        if key:
            targets = synonyms.setdefault(key, [])
            targets.extend(t for t in official if t not in targets)
    best_bets: dict[Key, list[str]] = {}
    for query, urls in config.best_bets:
        key = key_of(query, lang)
        if key:
            pinned = best_bets.setdefault(key, [])
            pinned.extend(u for u in urls if u not in pinned)
    return Tuning(
        lang=lang,
        synonyms={k: tuple(v) for k, v in synonyms.items()},
        best_bets={k: tuple(v) for k, v in best_bets.items()},
        ignore=frozenset(w for text in config.ignore for w in words(text)),
    )
