"""Characters no page, feed or sitemap may hold, reported where an editor can fix them.

XML 1.0 (the Atom feed, the sitemap) forbids the C0 control characters other than tab,
line feed and carriage return, the surrogates and U+FFFE/U+FFFF: one of them makes the
whole feed unreadable. HTML also counts DEL, the C1 controls (U+007F-U+009F) and every
noncharacter as parse errors. None of them can be seen in an editor, so each is a build
error at its line, in every file the build reads (pages, site.yml, form definitions), and
in the values YAML escapes can produce ("\\0", "\\x0b"). Surrogates can come neither from
decoding UTF-8 (Python refuses them as "not UTF-8") nor from a YAML escape (PyYAML refuses
"\\ud800"); they are in the list all the same, so that no future reader lets one through.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .errors import ErrorList
from .messages import Part, last_key, where
from .yamlsource import Mapping

_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
# What a scan looks for first: the same, but every character beyond U+FFFF instead of the 32
# noncharacters there. A class of ranges is many times faster, and such characters are rare.
_CANDIDATE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    "\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)
# Unicode's bidirectional embeddings, overrides and isolates: invisible, and they make text
# read in another order than it is written ("Trojan Source"), in a title, a listing or a
# phone number alike. A page's direction comes from its `lang:`; the marks U+200E/U+200F
# (which reorder nothing around them) and the joiners some scripts need (U+200C, U+200D) are
# allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_REPORTED = re.compile(f"{FORBIDDEN.pattern[:-1]}\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES = {
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
}
_PLAIN = (str, int, float, dt.date)  # bool is an int, datetime a date
_NAMES = {0: "NUL", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "DEL"}


def check_text(text: str, path: Path, errors: ErrorList, first_line: int = 1) -> str:
    """Report each line of ``text`` that holds a forbidden character (the first one, with
    its column); return the text with them made U+FFFD, so nothing reports them again."""
    if not has_forbidden(text):
        return text
    by_line: dict[int, list[tuple[int, str]]] = {}
    for match in _REPORTED.finditer(text):
        offset = match.start()
        line = first_line + text.count("\n", 0, offset)
        column = offset - text.rfind("\n", 0, offset)
        by_line.setdefault(line, []).append((column, match.group()))
    for line, found in by_line.items():
        column, char = found[0]
        more = f" (and {len(found) - 1} more on this line)" if len(found) > 1 else ""
        what, fix = _describe(char)
        errors.add(path, line, f"there is {what} in column {column}{more}; {fix}")
    return _REPORTED.sub("\ufffd", text)


def has_forbidden(text: str) -> bool:
    """Whether ``text`` holds a forbidden character (one fast scan for the usual text)."""
    for match in _CANDIDATE.finditer(text):
        char = match.group()
        if char <= "\uffff" or ord(char) & 0xFFFE == 0xFFFE:
            return True
    return False


def check_values(mapping: Mapping, path: Path, errors: ErrorList) -> None:
    """Report forbidden characters that YAML escapes put into keys and values, and any value
    that is not one of YAML's plain kinds (text, number, yes/no, empty, date, list, mapping).

    `yamlsafety` already refuses the tags and aliases that make other values or shared ones;
    this looks at what was really built, and visits each list and mapping once, however
    often it is reached.
    """
    seen: set[int] = set()

    def report(loc: tuple[str | int, ...], message: str) -> None:
        errors.add(path, mapping.line_at(loc), f"{_where(loc, mapping.data)} {message}")

    def visit(value: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            # isprintable() is False for every forbidden character, and fast.
            match = None if value.isprintable() else _REPORTED.search(value)
            if match:
                what, _ = _describe(match.group())
                why = (
                    "it makes text read in another order than it is written"
                    if BIDI_CONTROLS.match(match.group())
                    else "web pages and feeds cannot hold it"
                )
                report(
                    loc,
                    f"holds {what}, written as a \\ escape inside quotes; {why}: remove the escape",
                )
        elif isinstance(value, (dict, list)):
            if id(value) in seen:
                return
            seen.add(id(value))
            if isinstance(value, dict):
                for key, item in value.items():
                    visit(key, (*loc, key))
                    visit(item, (*loc, key))
            else:
                for i, item in enumerate(value):
                    visit(item, (*loc, i))
        elif value is not None and not isinstance(value, _PLAIN):
            report(loc, "is not text, a number, a date or a list; write it as plain text")

    visit(mapping.data, ())


def xml_problem(text: str) -> str | None:
    """A last check on a generated XML file: the first forbidden character, if any."""
    match = FORBIDDEN.search(text) if has_forbidden(text) else None
    return None if match is None else f"U+{ord(match.group()):04X} at offset {match.start()}"


def _describe(char: str) -> tuple[str, str]:
    """What the character is, and how to get rid of it, for an editor who cannot see it."""
    code = ord(char)
    if code in _BIDI_NAMES:
        return (
            f"the invisible direction control U+{code:04X} ({_BIDI_NAMES[code]})",
            "it makes text read in another order than it is written: delete it (a page's "
            "`lang:` sets its direction)",
        )
    name = f"U+{code:04X}" + (f" ({_NAMES[code]})" if code in _NAMES else "")
    if 0x80 <= code <= 0x9F:
        meant = bytes([code]).decode("cp1252", errors="replace")
        if meant != "\ufffd":
            return (
                f"the invisible control character {name}",
                f"it is probably a {meant} from a text saved in the wrong encoding: type {meant} "
                "in its place",
            )
    kind = "control character" if code < 0xA0 else "character"
    return (
        f"the invisible {kind} {name}",
        "web pages and feeds cannot hold it: delete it (it may have come with text pasted "
        "from another program)",
    )


def _where(loc: tuple[str | int, ...], data: Any) -> str:
    """A value's place in words, as other messages say it: "field `namn`: `label`"."""
    parts: list[Part] = []
    for part in loc:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and part < len(data) else None
            label = item.get("name") if isinstance(item, dict) else None
            parts.append(
                Part("item", last_key(parts), part, label if isinstance(label, str) else None)
            )
            data = item
        else:
            parts.append(Part("key", str(part)))
            data = data.get(part) if isinstance(data, dict) else None
    return where(parts)
