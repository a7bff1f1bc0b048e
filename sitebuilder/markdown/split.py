"""Info and warning boxes: a body split at its `:::` lines before the parser sees it.

Boxes are not CommonMark, so they are found line by line; the text between them is parsed
on its own. Lines are what CommonMark calls lines (ended by a line feed, once carriage
returns are made line feeds), never what ``str.splitlines`` also splits at (U+2028, form
feed, ...), or line numbers would drift from the parser's.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from typing import NamedTuple

import pyromark

BOXES = ("info", "warning")
_BOX_LINE = re.compile(r" {0,3}(:{3,})[ \t]*(.*?)[ \t]*\n?")
_NEWLINE = re.compile("\n")
# Only the block structure matters here: the same options as the renderer's parser.
_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)


class Segment(NamedTuple):
    """Part of a body: Markdown text, or the opening or closing line of a box."""

    kind: str  # "text", "open" or "close"
    text: str  # the Markdown; for "open", the box kind
    line: int  # 0-based line in the body where it starts
    title: str = ""


def plain_text(body: str) -> str:
    """The body as CommonMark reads it: line feeds only, and U+FFFD for NUL (spec 2.3)."""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in body:
        body = body.replace("\x00", "\ufffd")
    return body


def segments(body: str) -> list[Segment]:
    """Split a body at its `::: info` / `::: warning` / `:::` lines (outside code blocks).

    Unknown box names stay text (and are reported by the renderer). ``body`` has line
    feeds only (see `plain_text`).
    """
    if ":::" not in body:
        return [Segment("text", body, 0)] if body else []
    parts: list[Segment] = []
    ends = io.StringIO(body, newline="\n").readlines()  # split at \n only, keeping it
    code = _code_lines(body) if "```" in body or "~~~" in body else frozenset()
    depth = 0
    start = 0
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            parts.append(Segment("text", "".join(chunk), start))
            chunk.clear()

    for n, line in enumerate(ends):
        if n not in code and line.lstrip(" ").startswith(":::"):
            box = _BOX_LINE.fullmatch(line)
            params = box.group(2) if box else ""
            kind = params.split(" ", 1)[0]
            if box and not params and depth:
                flush()
                parts.append(Segment("close", "", n))
                depth -= 1
                start = n + 1
                continue
            if box and kind in BOXES:
                flush()
                parts.append(Segment("open", kind, n, params[len(kind) :].strip()))
                depth += 1
                start = n + 1
                continue
        if not chunk:
            start = n
        chunk.append(line)
    flush()
    parts.extend(Segment("close", "", len(ends)) for _ in range(depth))
    return parts


def _code_lines(body: str) -> frozenset[int]:
    """Lines inside code blocks, as the parser finds them (in lists and quotes too).

    A fence is a fence only where CommonMark says so: after a list marker or `>`, and not
    when its info string holds a backtick (then it is a code span), which a line-by-line
    guess gets wrong. Only pages with both a box and a fence pay for this extra parse.
    """
    raw = body.encode()
    newlines = [m.start() for m in re.finditer(b"\n", raw)]
    inside: set[int] = set()
    for event, span in _PARSER.events_with_range(body):
        start = event.get("Start") if type(event) is dict else None
        if type(start) is dict and "CodeBlock" in start:
            first = bisect_right(newlines, span["start"] - 1)
            last = bisect_right(newlines, max(span["end"], span["start"] + 1) - 2)
            inside.update(range(first, last + 1))
    return frozenset(inside)
