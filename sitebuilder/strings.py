"""UI strings per language (theme/strings/<lang>.yml), so the chrome speaks the page's language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Strings:
    by_lang: dict[str, dict[str, str]]
    fallback: str

    def for_lang(self, lang: str) -> dict[str, str]:
        """Strings for ``lang``, filled in from the fallback language where missing."""
        base = self.by_lang.get(self.fallback, {})
        return {**base, **self.by_lang.get(lang.split("-")[0], {})}

    def has(self, lang: str) -> bool:
        return lang.split("-")[0] in self.by_lang


def load_strings(folder: Path, fallback: str) -> Strings:
    by_lang: dict[str, dict[str, str]] = {}
    for file in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        by_lang[file.stem] = {str(k): str(v) for k, v in _flatten(data).items()}
    if fallback not in by_lang:
        fallback = "sv" if "sv" in by_lang else next(iter(by_lang), fallback)
    return Strings(by_lang, fallback)


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat
