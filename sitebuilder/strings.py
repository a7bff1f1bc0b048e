"""UI strings per language (theme/strings/<lang>.yml), so the chrome speaks the page's language.

A language is used only when its file has every key of the fallback language's file: the
chrome of a page is then in one language, which the templates can mark with ``lang``. A
file with gaps would mix in fallback strings that nothing marks as another language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

LANG_KEY = "_lang"  # in every strings mapping: the language the strings are written in


def primary(lang: str) -> str:
    """``sv-SE`` -> ``sv``: the language itself, without region or variant."""
    return lang.split("-")[0].lower()


def same_language(a: str, b: str) -> bool:
    return primary(a) == primary(b)


def lang_attr(text_lang: str | None, container_lang: str) -> str | None:
    """The ``lang`` a text needs inside an element whose language is ``container_lang``:
    none when it is the same language (WCAG 3.1.2 asks only for changes)."""
    if text_lang is None or same_language(text_lang, container_lang):
        return None
    return text_lang


@dataclass(frozen=True)
class Strings:
    by_lang: dict[str, dict[str, str]]
    fallback: str
    complete: frozenset[str] = frozenset()  # languages with every key of the fallback's

    def resolve(self, lang: str) -> str:
        """The language whose strings a page in ``lang`` gets: its own if complete."""
        return primary(lang) if primary(lang) in self.complete else self.fallback

    def for_lang(self, lang: str) -> dict[str, str]:
        """Strings for ``lang``, or all of the fallback language's when ``lang`` has none
        or only some; ``strings[LANG_KEY]`` says which."""
        chosen = self.resolve(lang)
        return {**self.by_lang.get(chosen, {}), LANG_KEY: chosen}

    def has(self, lang: str) -> bool:
        return primary(lang) in self.complete

    def missing(self, lang: str) -> list[str]:
        """Keys of the fallback language that ``lang``'s file lacks, sorted."""
        return sorted(set(self.by_lang.get(self.fallback, {})) - set(self.by_lang.get(lang, {})))


def load_strings(folder: Path, fallback: str) -> Strings:
    by_lang: dict[str, dict[str, str]] = {}
    for file in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        by_lang[file.stem] = {str(k): str(v) for k, v in _flatten(data).items()}
    fallback = primary(fallback)
    if fallback not in by_lang:
        fallback = "sv" if "sv" in by_lang else next(iter(by_lang), fallback)
    base = set(by_lang.get(fallback, {}))
    complete = frozenset(lang for lang, strings in by_lang.items() if base <= set(strings))
    return Strings(by_lang, fallback, complete)


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat
