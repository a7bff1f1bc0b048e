"""Pretty, lower-case ASCII URL segments from Swedish names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD cannot take apart into a base letter and a mark.
_SPECIAL = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@lru_cache(maxsize=65536)  # headings and folder names repeat across pages
def slugify(text: str) -> str:
    """``'Bygga, bo och miljö'`` -> ``'bygga-bo-och-miljo'`` (å, ä -> a; ö -> o; é -> e)."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_SPECIAL)
    text = "".join(
        ch if ch.isascii() else "-"
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch)
    )
    return _NOT_SLUG.sub("-", text).strip("-")


def is_slug(text: str) -> bool:
    return SLUG_PATTERN.fullmatch(text) is not None  # match's `$` would allow a final "\n"
