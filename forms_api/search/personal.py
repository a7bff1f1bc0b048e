"""Whether a query might be about a person, so that the query log never keeps it.

Deliberately broad: a dropped harmless query costs one line in the editors' report; a kept
identity number would be personal data in a log that nobody meant to hold any.
"""

from __future__ import annotations

import re
import unicodedata

# Digits that belong together: "19850101-1234", "850101 1234", "070-123 45 67",
# "+46 (0)70 123 45 67". Six digits or more in such a run is a date of birth, a personal or
# coordination number (samordningsnummer: day + 60) or a phone number; five (a postcode,
# "123 45") and four (a year) are kept.
_DIGIT_RUN = re.compile(r"\d(?:[ \t\-+./()]{0,2}\d)+")
MAX_DIGITS = 5
# An email address, or what is left of one: anything with an at sign in it.
_AT = re.compile(r"[@＠]|\(at\)|\[at\]", re.IGNORECASE)


def looks_personal(text: str) -> bool:
    """True for text that may hold an identity number, a phone number or an email address."""
    text = unicodedata.normalize("NFKC", text)
    if _AT.search(text):
        return True
    return any(
        sum(ch.isdigit() for ch in run.group()) > MAX_DIGITS for run in _DIGIT_RUN.finditer(text)
    )
