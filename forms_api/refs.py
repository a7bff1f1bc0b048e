"""Reference numbers residents can read aloud and type: 8 characters, no look-alikes."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: a reference read over the phone must not be misheard or mistyped.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
PATTERN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def is_reference(text: str) -> bool:
    return bool(PATTERN.match(text))
