"""Heading ids: the heading's text written like an address, unique on its page."""

from __future__ import annotations

from collections.abc import Container

from ..slugs import slugify

EMPTY_HEADING_ID = "avsnitt"


class HeadingIds:
    """Gives each heading the first free id of `base`, `base-2`, `base-3`, ...

    The next number to try is kept per base, so a page of a thousand headings "Avgift"
    takes a thousand lookups, not half a million (an id once taken stays taken, so no
    earlier number can have come free). Ids the template uses are never given out.
    """

    def __init__(self, taken: Container[str]) -> None:
        self.taken = taken
        self.given: set[str] = set()
        self._next: dict[str, int] = {}

    def new(self, text: str) -> str:
        base = slugify(text) or EMPTY_HEADING_ID
        given, taken, following = self.given, self.taken, self._next
        n = following.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in given or candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        following[base] = n + 1
        given.add(candidate)
        return candidate
