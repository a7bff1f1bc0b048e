"""Info and warning boxes: a body split at its `:::` lines before the parser sees it.

Boxes are not CommonMark, so they are found line by line; the text between them is parsed
on its own. Lines are what CommonMark calls lines (ended by a line feed, once carriage
returns are made line feeds), never what ``str.splitlines`` also splits at (U+2028, form
feed, ...), or line numbers would drift from the parser's.

The rule: a box's `:::` lines start at the very beginning of a line, outside code, and a
box holds no other box. A `:::` line anywhere else (indented, in a list item, in a quote),
a box never closed, a box in a box, a `:::` that closes nothing and an unknown box name are
problems for the editor, each at its line: the parser would otherwise publish them as text
or swallow the rest of the page into the box.
"""

from __future__ import annotations

import difflib
import io
import re
from bisect import bisect_right
from typing import NamedTuple

import pyromark

BOXES = ("info", "warning")
# What editors write for a box we have under another name.
_ALIASES = {
    "information": "info",
    "note": "info",
    "notis": "info",
    "obs": "info",
    "tips": "info",
    "tip": "info",
    "varning": "warning",
    "warn": "warning",
    "caution": "warning",
    "danger": "warning",
    "viktigt": "warning",
}
_BOX_LINE = re.compile(r"(:{3,})[ \t]*(.*?)[ \t]*\n?")
# A `:::` line after spaces, quote markers or list markers: where no box can start.
_PREFIXED = re.compile(
    r"(?:[ \t]*(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])[ \t]+))*[ \t]*(:{3,})[ \t]*(.*?)[ \t]*\n?"
)
# Only the block structure matters here: the same options as the renderer's parser.
_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)


class Segment(NamedTuple):
    """Part of a body: Markdown text, or the opening or closing line of a box."""

    kind: str  # "text", "open" or "close"
    text: str  # the Markdown; for "open", the box kind
    line: int  # 0-based line in the body where it starts
    title: str = ""


class Problem(NamedTuple):
    """A `:::` line that makes no box as written: where, why and how to fix it."""

    line: int  # 0-based line in the body
    message: str
    code: str


class Split(NamedTuple):
    parts: list[Segment]
    problems: list[Problem]


class _Open(NamedTuple):
    line: int
    written: str
    shown: bool  # False for a box inside a box: reported, and neither opened nor closed
    reported: bool = False  # it holds a box, which said so: not also "never closed"


def plain_text(body: str) -> str:
    """The body as CommonMark reads it: line feeds only, and U+FFFD for NUL (spec 2.3)."""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in body:
        body = body.replace("\x00", "\ufffd")
    return body


def segments(body: str, first_line: int = 0) -> Split:
    """Split a body at its `::: info` / `::: warning` / `:::` lines (outside code blocks).

    ``body`` has line feeds only (see `plain_text`). Lines that look like box lines but
    make no box stay text, and are problems. ``first_line``: the file's line of the body's
    first, for messages that name another line.
    """
    if ":::" not in body:
        return Split([Segment("text", body, 0)] if body else [], [])
    parts: list[Segment] = []
    problems: list[Problem] = []
    ends = io.StringIO(body, newline="\n").readlines()  # split at \n only, keeping it
    code = _code_lines(body) if "```" in body or "~~~" in body else frozenset()
    stack: list[_Open] = []
    strays: list[int] = []  # `:::` at depth 0, judged once the misplaced ones are known
    placed: list[tuple[int, int, bool, str]] = []  # misplaced: line, text part, opens, written
    start = 0
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            parts.append(Segment("text", "".join(chunk), start))
            chunk.clear()

    for n, line in enumerate(ends):
        if ":::" in line and n not in code:
            box = _BOX_LINE.fullmatch(line)
            if box is not None:  # at the start of the line
                params = box.group(2)
                kind = params.split(" ", 1)[0]
                written = f"::: {params}".rstrip()
                if not params:
                    if stack:
                        opened = stack.pop()
                        if opened.shown:
                            flush()
                            parts.append(Segment("close", "", n))
                            start = n + 1
                            continue
                        continue  # closes a box inside a box, which was never opened
                    strays.append(n)
                elif kind in BOXES:
                    at = next((i for i, o in enumerate(stack) if o.shown), None)
                    if at is not None:
                        outer = stack[at]
                        message = _nested(written, outer.written, first_line + outer.line)
                        problems.append(Problem(n, message, "box-nested"))
                        stack[at] = outer._replace(reported=True)
                        stack.append(_Open(n, written, False))
                        continue
                    flush()
                    parts.append(Segment("open", kind, n, params[len(kind) :].strip()))
                    stack.append(_Open(n, written, True))
                    start = n + 1
                    continue
                else:
                    problems.append(Problem(n, _unknown(written, kind), "unknown-box"))
                    stack.append(_Open(n, written, False, True))  # its `:::` is no stray
            else:
                placed_box = _PREFIXED.fullmatch(line)
                if placed_box is not None:
                    params = placed_box.group(2)
                    written = f"::: {params}".rstrip()
                    placed.append((n, len(parts), bool(params), written))  # the next part
        if not chunk:
            start = n
        chunk.append(line)
    flush()
    for opened in stack:
        if opened.shown:
            parts.append(Segment("close", "", len(ends)))
            if not opened.reported:
                problems.append(Problem(opened.line, _unclosed(opened.written), "box-unclosed"))
    problems.extend(_misplaced(parts, placed, strays))
    problems.sort()
    return Split(parts, problems)


def _misplaced(
    parts: list[Segment], placed: list[tuple[int, int, bool, str]], strays: list[int]
) -> list[Problem]:
    """Problems of `:::` lines not at the start of a line, and of `:::` that close nothing.

    Where such a line is (a list item, a quote, or only indented) is the parser's answer
    for the text part it is in. A misplaced opening's own `:::` is not reported again.
    """
    by_part: dict[int, list[int]] = {}
    for i, (_, part, _, _) in enumerate(placed):
        by_part.setdefault(part, []).append(i)
    where: dict[int, str | None] = {}
    for part, indexes in by_part.items():
        lines = [placed[i][0] for i in indexes]
        for n, container in zip(lines, _containers(parts[part], lines), strict=True):
            where[n] = container
    events: list[tuple[int, bool, str, str | None]] = [
        (n, opens, written, where.get(n, "indented"))
        for n, _, opens, written in placed
        if where.get(n) != "code"
    ]
    events += [(n, False, ":::", None) for n in strays]
    events.sort()
    pending = 0
    problems: list[Problem] = []
    for n, opens, written, container in events:
        if opens:
            pending += 1
        elif pending:
            pending -= 1  # the end of a misplaced box: its opening line says it all
            continue
        if container is None:
            problems.append(Problem(n, _stray(), "box-stray-close"))
        else:
            problems.append(Problem(n, _placed(written, container), f"box-{container}"))
    return problems


def _containers(part: Segment, lines: list[int]) -> list[str]:
    """For each body line in ``part``: "code", "list", "quote" or "indented"."""
    raw = part.text.encode()
    newlines = [m.start() for m in re.finditer(b"\n", raw)]
    starts = [0, *(at + 1 for at in newlines)]
    # Where the `:::` is, not where its line starts: an indented code block starts after
    # the indentation, a list item at its marker.
    offsets = [raw.index(b":::", starts[n - part.line]) for n in lines]
    inner = ["indented"] * len(lines)
    for event, span in _PARSER.events_with_range(part.text):
        begin = event.get("Start") if type(event) is dict else None
        if begin is None:
            continue
        name = begin if type(begin) is str else next(iter(begin))
        container = {"Item": "list", "BlockQuote": "quote", "CodeBlock": "code"}.get(name)
        if container is None:
            continue
        for i, at in enumerate(offsets):
            if span["start"] <= at < span["end"]:
                inner[i] = container  # blocks start in order, so the last is the innermost
    return inner


def _nested(written: str, outer: str, line: int) -> str:
    return (
        f"`{written}`: a box cannot go inside another box, and the `{outer}` box opened on "
        f"line {line} is still open here; close it with `:::` on a line of its own before "
        "this one"
    )


def _unclosed(written: str) -> str:
    return (
        f"the `{written}` box opened here is never closed, so the rest of the page would be "
        "inside it; write `:::` on a line of its own where the box ends"
    )


def _stray() -> str:
    return (
        "`:::` here closes no box, as none is open; remove the line, or open the box above "
        "it with `::: info` or `::: warning` on a line of its own"
    )


def _unknown(written: str, kind: str) -> str:
    guess = _ALIASES.get(kind.casefold()) or next(
        iter(difflib.get_close_matches(kind.casefold(), BOXES, n=1, cutoff=0.6)), None
    )
    hint = f" (did you mean `::: {guess}`?)" if guess else ""
    return (
        f"unknown box `{written}`{hint}; write `::: info` or `::: warning` on its own line, "
        "and `:::` to close it (to show `:::` as text, write `\\:::`)"
    )


def _placed(written: str, container: str) -> str:
    if container == "list":
        return (
            f"`{written}` is inside a list item, and a box cannot go in a list; write the box "
            "after the list, its `:::` lines at the very start of the line (no spaces before "
            "them)"
        )
    if container == "quote":
        return (
            f"`{written}` is inside a quote (`>`), and a box cannot go in a quote; write the "
            "box before or after the quote, its `:::` lines at the very start of the line "
            "(no `>` before them)"
        )
    return (
        f"`{written}` has spaces before it; a box's `:::` lines start at the very beginning "
        "of the line: remove the spaces"
    )


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
