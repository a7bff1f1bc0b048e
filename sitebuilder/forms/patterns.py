"""A field's `pattern`, matched with RE2: time linear in the answer, whatever the editor wrote.

Python's `re` backtracks, so a plausible pattern such as `^([A-Za-zÅÄÖåäö]+ ?)+ [0-9]+:[0-9]+$`
takes exponential time on a short hostile answer and freezes the endpoint. RE2 (Google's
engine, `google-re2`) never backtracks; in exchange it has no back-references, look-around,
possessive or atomic groups. Editors therefore write RE2 syntax, and the build checks each
pattern here: what RE2 cannot take, and what RE2 reads differently from Python's `re` (so a
pattern copied from elsewhere does not silently change its meaning), is an error with the fix.
"""

from __future__ import annotations

import functools
import re

import re2

# Field types a pattern may check: the ones whose answer is free text.
PATTERN_TYPES = frozenset({"text", "textarea", "email", "tel", "number"})
# At most this many characters are matched when the field sets no `maxlength`; a longer answer
# gets the length error. RE2 is linear, so this only bounds the constant, but it costs nothing.
PATTERN_MAX_INPUT = 1000
SYNTAX = "https://github.com/google/re2/wiki/Syntax"


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # the build reports the problem, with its line
    options.never_capture = True  # only whether the whole answer matches counts
    return options


_OPTIONS = _options()


@functools.cache
def compiled(pattern: str) -> re2._Regexp:
    """The pattern compiled once per process (the build has already checked that it compiles)."""
    return re2.compile(pattern, _OPTIONS)


def fullmatch(pattern: str, text: str) -> bool:
    """Whether the whole of ``text`` matches, in time linear in its length."""
    return compiled(pattern).fullmatch(text) is not None


# Constructs found by reading the pattern, each with what is wrong and how to write it.
# Checked in order; the first that applies is reported. `\\` pairs are skipped first, so `\\1`
# (a backslash, then 1) is not mistaken for a back-reference.
_LINEAR = "RE2 matches in linear time and has none"
_ESCAPES: dict[str, str] = {
    "Z": "`\\Z` is not RE2 syntax; leave it out (the whole answer must match the pattern "
    "anyway), or write `\\z`",
    "w": "`\\w` matches only a-z, A-Z, 0-9 and _ in RE2, not å, ä, ö or é; write "
    "`[\\p{L}0-9_]` for letters of every language, or `[A-Za-zÅÄÖåäöÉé0-9_]`",
    "W": "`\\W` treats å, ä, ö and é as non-letters in RE2; write `[^\\p{L}0-9_]` instead",
    "b": "`\\b` knows only a-z, A-Z, 0-9 and _ as letters in RE2, so it finds word edges "
    "inside words with å, ä or ö; leave it out (the whole answer must match anyway) or "
    "write the space out, e.g. `[\\p{L}]+( [\\p{L}]+)*`",
    "B": "`\\B` knows only a-z, A-Z, 0-9 and _ as letters in RE2; leave it out",
}
_GROUPS: tuple[tuple[str, str], ...] = (
    ("(?<=", "look-behind"),
    ("(?<!", "look-behind"),
    ("(?=", "look-ahead"),
    ("(?!", "look-ahead"),
)
_POSIX_LETTERS = ("[:alpha:]", "[:alnum:]", "[:upper:]", "[:lower:]", "[:word:]")
_OPEN_COUNT = re.compile(r"\{,(\d+)\}")


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with ``pattern`` for RE2, said for an editor with the fix; None if fine."""
    if not pattern.strip():
        return "empty; write the form every answer must have, e.g. `[0-9]{3} ?[0-9]{2}`"
    found = _read(pattern)
    if found:
        return found
    try:
        compiled(pattern)
    except re2.error as exc:
        return _explain(exc.args[0] if exc.args else exc)
    return None


def _read(pattern: str) -> str | None:
    """Walk the pattern once, outside and inside [...] classes, for the constructs above."""
    i, in_class = 0, False
    class_start = -1
    previous_quantifier = False
    quantifier_start = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "123456789" and not in_class:
                return (
                    f"`\\{nxt}` is a back-reference (to group {nxt}); {_LINEAR}; write "
                    "the group out again, e.g. `[0-9]+-[0-9]+` instead of `([0-9]+)-\\1`"
                )
            if nxt in _ESCAPES and not (in_class and nxt in "bB"):
                return _ESCAPES[nxt]
            i += 2
            previous_quantifier = False
            continue
        if in_class:
            if ch == "[" and pattern.startswith(_POSIX_LETTERS, i):
                name = pattern[i : pattern.index("]", i) + 1]
                return (
                    f"`{name}` matches only a-z and A-Z in RE2, not å, ä, ö or é; write "
                    "`\\p{L}` for letters of every language (`\\p{Lu}` upper case, `\\p{Ll}` lower)"
                )
            if ch == "[" and pattern.startswith(("[:", "[="), i):
                end = pattern.find(":]" if pattern[i + 1] == ":" else "=]", i + 2)
                i = end + 2 if end > 0 else i + 1
                continue
            if ch == "]" and i > class_start + 1 and pattern[class_start + 1 : i] != "^":
                in_class = False
            i += 1
            continue
        if ch == "[":
            in_class, class_start = True, i
            i += 1
            previous_quantifier = False
            continue
        if ch == "(" and pattern.startswith("(?", i):
            for opener, what in _GROUPS:
                if pattern.startswith(opener, i):
                    return (
                        f"`{opener}...)` is a {what}; {_LINEAR}; describe the whole answer "
                        "from start to end instead, e.g. `[0-9]{6}-?[0-9]{4}`"
                    )
            if pattern.startswith("(?>", i):
                return (
                    "`(?>...)` (an atomic group) is not needed and not RE2 syntax: RE2 never "
                    "backtracks; write `(?:...)`"
                )
            if pattern.startswith("(?P=", i):
                return f"`(?P=name)` is a back-reference; {_LINEAR}; write the group out again"
        if ch == "+" and previous_quantifier:
            quantifier = pattern[quantifier_start:i]
            return (
                f"`{quantifier}+` (a possessive quantifier) is not needed and not RE2 syntax: "
                f"RE2 never backtracks; write `{quantifier}` alone"
            )
        if ch == "{":
            counted = _OPEN_COUNT.match(pattern, i)
            if counted:
                return (
                    f"RE2 reads `{counted.group()}` as that text, not as a repeat count; write "
                    f"`{{0,{counted.group(1)}}}` for at most {counted.group(1)} times"
                )
        lazy = ch == "?" and previous_quantifier  # `+?`: a lazy quantifier, which RE2 has
        previous_quantifier = not lazy and (
            (ch in "*+?" and pattern[i - 1 : i] != "(") or (ch == "}" and _ends_count(pattern, i))
        )
        if previous_quantifier:
            quantifier_start = pattern.rfind("{", 0, i) if ch == "}" else i
        i += 1
    return None


def _ends_count(pattern: str, end: int) -> bool:
    start = pattern.rfind("{", 0, end)
    return start >= 0 and re.fullmatch(r"\d+(,\d*)?", pattern[start + 1 : end]) is not None


def _explain(raw: object) -> str:
    """RE2's own message, made readable, for what the walk above does not name."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    what, _, where = text.partition(": ")
    if what == "invalid repetition size":
        return (
            f"`{where}` repeats too often for RE2 (at most 1000 in all); write `+` or `*` "
            "instead and use `maxlength` to limit the length"
        )
    if what.startswith("pattern too large"):
        return (
            "the pattern is too large for RE2 (repeat counts multiply what they repeat); "
            "write `+` or `*` instead of large counts and use `maxlength` to limit the length"
        )
    if what == "invalid escape sequence":
        return (
            f"`{where}` is not an escape RE2 knows; write the character itself, or "
            f"`\\x{{e5}}` for a character by its code (RE2's syntax is at {SYNTAX})"
        )
    if what in ("invalid perl operator", "invalid named capture group"):
        return (
            f"`{where}` is not RE2 syntax: RE2 knows the groups `(...)`, `(?:...)` and "
            f"`(?P<name>...)` and the flags `(?i)`, `(?s)`, `(?m)` and `(?U)` (see {SYNTAX})"
        )
    detail = f"{what} in `{where}`" if where else what
    return f"not a valid regular expression: {detail}; RE2's syntax is at {SYNTAX}"
