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
    sections: Sequence[tuple[str | None, str | None, str]], matches: Matches, wanted: set[str]
) -> int | None:
    """The section that holds most of the ``wanted`` terms (its heading counting double),
    or None when no section holds any. Ties go to the earlier section."""
    best, best_score = None, 0
    for n, (heading, _, text) in enumerate(sections):
        in_heading = _terms(heading or "", matches) & wanted
        in_text = _terms(text, matches) & wanted
        score = 2 * len(in_heading) + len(in_text | in_heading)
        if score > best_score:
            best, best_score = n, score
    return best


def _terms(text: str, matches: Matches) -> set[str]:
    return {t for _, _, w in spans(text) if (t := matches(w)) is not None}


def snippet(text: str, matches: Matches, *, whole: bool = False) -> Markup:
    """A window of ``text`` around its first match, matched words marked, the rest escaped.
    ``whole``: the text is short (a description) and shown from its start."""
    found = list(spans(text))
    first = next((i for i, (_, _, w) in enumerate(found) if matches(w)), None)
    if not found:
        return Markup("")
    start = 0 if whole or first is None else max(0, first - BEFORE)
    end = len(found) if whole else min(len(found), start + WINDOW)
    begin_at = found[start][0]
    end_at = found[end - 1][1] if end < len(found) else len(text)
    if end_at - begin_at > MAX_SNIPPET_CHARS:
        end_at = begin_at + MAX_SNIPPET_CHARS
    out: list[str] = ["… "] if begin_at > 0 else []
    at = begin_at
    for s, e, w in found[start:end]:
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
