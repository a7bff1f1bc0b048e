"""Heading ids: the heading's text written like an address, unique on its page; and
headings an editor meant but CommonMark does not see (`##Rubrik`) or that say nothing."""

from __future__ import annotations

import re
from collections.abc import Container

from ..slugs import slugify

EMPTY_HEADING_ID = "avsnitt"
# A heading's `#` signs with no space after them, which CommonMark reads as text.
_UNSPACED = re.compile(r"(#{2,6})([^\s#].*)")


def unspaced_heading(text: str) -> str | None:
    """Why text at the start of a line, such as `##Avgifter`, is no heading, if it is one."""
    found = _UNSPACED.match(text) if text.startswith("##") else None
    if found is None:
        return None
    hashes, rest = found.groups()
    return (
        f"`{hashes}{rest}` looks like a heading but is not one: put a space after the "
        f"`{hashes}`: `{hashes} {rest}`"
    )


def empty_heading(level: int) -> str:
    marks = "#" * level
    return (
        f"heading `{marks}` has no text; write it after the `{marks} `, e.g. "
        f"`{marks} Så ansöker du`, or remove the line"
    )


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
