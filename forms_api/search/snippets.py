"""What a hit shows: a passage with the matched words in <mark>, and the heading to link to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from .analysis import spans

WINDOW = 28  # words in a snippet
BEFORE = 6  # words shown before the first match
MAX_SNIPPET_CHARS = 320

Matches = Callable[[str], str | None]  # a lower-case word -> the query term it meets, or None


def best_section(
    sections: Sequence[Sequence[str | None]], terms_in: Callable[[str], set[str]], wanted: set[str]
) -> int | None:
    """The section that holds most of the ``wanted`` terms (its heading counting double),
    or None when no section holds any. Ties go to the earlier section. Each section carries
    its heading's and its text's terms (index.py); ``terms_in`` says which query terms
    those meet."""
    best, best_score = None, 0
    for n, (_, _, _, heading_terms, text_terms) in enumerate(sections):
        in_heading = terms_in(heading_terms or "") & wanted
        in_text = terms_in(text_terms or "") & wanted
        score = 2 * len(in_heading) + len(in_text | in_heading)
        if score > best_score:
            best, best_score = n, score
    return best


def snippet(text: str, matches: Matches, *, whole: bool = False) -> Markup:
    """A window of ``text`` around its first match, matched words marked, the rest escaped.
    ``whole``: the text is short (a description) and shown from its start. Reads the words
    only up to the window's end."""
    found: list[tuple[int, int, str]] = []
    first = None
    complete = True  # every word of the text was read
    for span in spans(text):
        found.append(span)
        if first is None and matches(span[2]):
            first = len(found) - 1
        if not whole and (first is not None and len(found) - first >= WINDOW - BEFORE):
            complete = False
            break
        if not whole and first is None and len(found) > BEFORE + WINDOW:
            del found[:-BEFORE]  # no match yet: keep only the words a window may show
    if not found:
        return Markup("")
    if first is None and not whole:
        found = list(spans(text))  # no word matches: the text's start
        complete, first = len(found) <= WINDOW, 0
    start = 0 if whole or first is None else max(0, first - BEFORE)
    window = found[start:] if whole else found[start : start + WINDOW]
    begin_at = window[0][0]
    reaches_end = complete and window[-1] is found[-1]
    end_at = min(len(text) if reaches_end else window[-1][1], begin_at + MAX_SNIPPET_CHARS)
    out: list[str] = ["… "] if begin_at > 0 else []
    at = begin_at
    for s, e, w in window:
        if e > end_at:
            break
        if matches(w):
            out.append(str(escape(text[at:s])))
            out.append(f"<mark>{escape(text[s:e])}</mark>")
            at = e
    out.append(str(escape(text[at:end_at])))
    if end_at < len(text):
        out.append(" …")
    return Markup("".join(out).strip())
