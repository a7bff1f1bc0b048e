"""Link references across boxes, and text that looks like a link but is not one.

A body with boxes is parsed in parts, so a `[name]: /address/` line in one part would be
unknown in another; `definitions` collects them from every part (the first definition of
a name wins, as in CommonMark) for the renderer to resolve with. What the parser leaves as
text but an editor meant as a link (`[Bygglov](../Bygga, bo och miljö/Bygglov.md)`, whose
address has spaces) is published as raw Markdown unless it is reported: the messages here
say why it is not a link and how to write it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyromark

Definitions = dict[str, tuple[str, str]]  # label key -> (address, title)

_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
_AUTOLINK_SCHEMES = ("http://", "https://", "mailto:")


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
