"""Link references across boxes, and text that looks like a link but is not one.

A body with boxes is parsed in parts, so a `[name]: /address/` line in one part would be
unknown in another; `definitions` collects them from every part (the first definition of
a name wins, as in CommonMark) for the renderer to resolve with. What the parser leaves as
text but an editor meant as a link (`[Bygglov](../Bygga, bo och miljö/Bygglov.md)`, whose
address has spaces) is published as raw Markdown unless it is reported: the messages here
say why it is not a link and how to write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyromark

Definitions = dict[str, tuple[str, str]]  # label key -> (address, title)

_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
_AUTOLINK_SCHEMES = ("http://", "https://", "mailto:")
# `[text(address)` with no `]` between: a link whose `]` is missing (offsets of the `[`).
UNCLOSED = re.compile(rb"\[[^\[\]\n]*\([^()\s]+\)")
_ADDRESS_START = ("/", "#", "./", "../", "<", "http://", "https://", "mailto:", "tel:", "www.")
_FILE_END = re.compile(r"\.[A-Za-z0-9]{2,4}(?:#\S*)?$")


def label_key(label: str) -> str:
    """How CommonMark matches link labels: case folded, inner whitespace collapsed."""
    return " ".join(label.split()).casefold()


def definitions(texts: Iterable[str]) -> Definitions:
    """Every link reference definition of the parts, first one of each name kept."""
    found: Definitions = {}
    for text in texts:
        if "]:" not in text:
            continue
        for label, definition in _PARSER.reference_definitions(text).items():
            found.setdefault(label_key(label), (definition["dest"], definition["title"] or ""))
    return found


def not_a_link(raw: bytes, start: int, end: int) -> str:
    """Why `[text](...)` at ``raw[start:end]`` + the parenthesis after it is no link, and the fix."""
    image = raw[start : start + 1] == b"!"
    bang = "!" if image else ""
    text = raw[start + len(bang) + 1 : end - 1].decode()
    rest = raw[end:].split(b"\n", 1)[0].decode()
    depth, close = 0, None
    for i, ch in enumerate(rest[1:]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                close = i + 1
                break
            depth -= 1
    address = (rest[1:close] if close is not None else rest[1:]).strip()
    written = f"{bang}[{text}]" + (rest[: close + 1] if close is not None else rest)
    if address.startswith("<"):
        reason = "an address in `<...>` must end with `>` on the same line"
        fix = f"`{bang}[{text}](<{address.strip('<>').strip()}>)`"
    elif '"' in address or "'" in address:
        reason = "its address or title cannot be read"
        fix = f'`{bang}[{text}](/address/ "Title")`, with `<...>` around an address with spaces'
    elif close is None and any(ch.isspace() for ch in address):
        # `[Bygglov](/bygglov/ innan du börjar.`: the `)` is missing, not the `<...>`.
        reason = "the `(` after `]` is never closed; end the address with `)`"
        end = address.find(".md")
        meant = address[: end + 3] if end > 0 else address.split()[0]
        fix = f"`{bang}[{text}]({f'<{meant}>' if any(c.isspace() for c in meant) else meant})`"
    elif any(ch.isspace() for ch in address):
        reason = "the address has spaces; write it in angle brackets"
        fix = f"`{bang}[{text}](<{address}>)`"
    elif close is None:
        reason = "the `(` after `]` is never closed"
        fix = f"`{bang}[{text}]({address})`"
    else:
        reason = "its address cannot be read"
        fix = f"`{bang}[{text}](/address/)`, with `<...>` around an address with spaces"
    what = "an image" if image else "a link"
    return f"`{written}` looks like {what} but is not one: {reason}: {fix}"


def empty_link_text(href: str, title: str) -> str:
    """`[](/address/)`: a link with no name; ``title`` is the target's, for the example."""
    return (
        f"link `{href}` has no text, so a screen reader has nothing to say for it (WCAG 2.4.4); "
        f"write the words that name the target between the brackets, e.g. `[{title}]({href})`"
    )


def undefined_reference(raw: bytes, start: int, end: int, reference: str) -> str:
    """`[text][name]` or `[text][]` whose name no line `[name]: /address/` defines."""
    written = raw[start:end].decode()
    if raw[end : end + 2] == b"[]":  # the parser's span of `[text][]` stops before `[]`
        written += "[]"
    bang = "!" if written.startswith("!") else ""
    text = written[len(bang) + 1 : written.index("]", len(bang))]
    return (
        f"`{written}` looks like a link, but no line `[{reference}]: /address/` defines "
        f"`{reference}` on this page; add one, or write `{bang}[{text}](/address/)` "
        f"(to show the brackets as text, write `\\{written}`)"
    )


def not_an_image(raw: bytes, start: int, end: int) -> str:
    """`![text]` with nothing after it: an image without its file."""
    written = raw[start:end].decode()
    return (
        f"`{written}` looks like an image but is not one; write `{written}(bilder/bild.png)` "
        f"with the image's file (to show it as text, write `!\\{written[1:]}`)"
    )


def unclosed_autolink(address: str) -> str | None:
    """Why the text after a lone `<` is no link, if it starts like an address meant as one."""
    if not address.startswith(_AUTOLINK_SCHEMES):
        return None
    written, closed, _ = address.partition(">")
    if closed and written.strip():
        shown = written.strip()
        return (
            f"`<{shown}>` looks like a link but is not one: an address in `<...>` cannot have "
            f"spaces; write them as `%20`: `<{'%20'.join(shown.split())}>`"
        )
    shown = written.split()[0]
    return (
        f"`<{shown}` looks like a link but is not one: the `<` has no `>` after the address; "
        f"write `<{shown}>`"
    )


def looks_like_address(text: str) -> bool:
    """Whether what is in parentheses is an address, not prose such as `(2024)` or `(se nedan)`."""
    text = text.strip()
    if not text:
        return False
    if text.startswith(_ADDRESS_START) or text.endswith((".md", ".md/")) or ".md#" in text:
        return True
    if any(ch.isspace() for ch in text):
        return False
    return "/" in text or _FILE_END.search(text) is not None


def _in_parentheses(raw: bytes, at: int) -> str | None:
    """The text of the parenthesis opening at ``raw[at]``, to its `)` on the same line."""
    line = raw[at:].split(b"\n", 1)[0].decode()
    depth = 0
    for i, ch in enumerate(line):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return line[1:i]
    return None


def spaced_link(raw: bytes, start: int, end: int) -> str | None:
    """`[text] (address)`: a space or a line break between `]` and `(`."""
    gap = re.compile(rb"[ \t]*(\n?)[ \t]*\(").match(raw, end)
    if gap is None or gap.end() == end + 1:
        return None
    address = _in_parentheses(raw, gap.end() - 1)
    if address is None or not looks_like_address(address):
        return None
    brackets = raw[start:end].decode()
    what = "an image" if brackets.startswith("!") else "a link"
    fixed = f"`{brackets}({address})`"
    if gap.group(1):
        return (
            f"`{brackets}` with `({address})` on the next line looks like {what} but is not "
            f"one: there is a line break between `]` and `(`; write them together: {fixed}"
        )
    return (
        f"`{brackets} ({address})` looks like {what} but is not one: there is a space "
        f"between `]` and `(`; write them together: {fixed}"
    )


def reversed_link(raw: bytes, start: int, end: int) -> str | None:
    """`(address)[text]`: address and text the wrong way round."""
    if start == 0 or raw[start - 1 : start] != b")" or raw[start : start + 1] != b"[":
        return None
    opening = raw.rfind(b"(", 0, start - 1)
    if opening < 0 or b"\n" in raw[opening:start]:
        return None
    address = raw[opening + 1 : start - 1].decode()
    if not looks_like_address(address):
        return None
    text = raw[start + 1 : end - 1].decode()
    return (
        f"`({address})[{text}]` looks like a link but is not one: the address comes first; "
        f"write the text in brackets, then the address: `[{text}]({address})`"
    )


def unclosed_bracket(raw: bytes, start: int) -> str | None:
    """`[text(address)`: the `]` after a link's text is missing."""
    found = UNCLOSED.match(raw, start)
    if found is None:
        return None
    written = found.group().decode()
    text, _, rest = written[1:].partition("(")
    address = rest[:-1]
    if not looks_like_address(address):
        return None
    bang = "!" if start > 0 and raw[start - 1 : start] == b"!" else ""
    what = "an image" if bang else "a link"
    return (
        f"`{bang}{written}` looks like {what} but is not one: the `]` after the "
        f"{'description' if bang else 'link text'} is missing; write "
        f"`{bang}[{text}]({address})` (to show the bracket as text, write `\\[`)"
    )
