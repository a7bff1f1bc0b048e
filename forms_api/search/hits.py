"""A hit as the resident sees it: the passage that answers (matched words in <mark>), and
the heading to link to when a section answers better than the page's start."""

from __future__ import annotations

import datetime as dt
import json

from .analysis import fold, words
from .matching import Plan, Word
from .results import Crumb, Hit
from .snippets import best_section, snippet

PAGE_COLUMNS = (
    "url, title, description, kind, lang, date, ladder_step, breadcrumb, sections, analysed"
)


def dress(row: tuple, the_plan: Plan, matcher: Matcher, pinned: bool) -> Hit:
    """A page row (PAGE_COLUMNS) as a Hit for this query. The snippet comes from the section
    that holds most of the query words the title does not; its heading becomes the deep
    link. A page whose title holds every word shows its description."""
    url, title, description, kind, lang, date, step, crumbs, sections, analysed = row
    matcher.analysed = json.loads(analysed)
    in_title = {t for w in words(title) if (t := matcher(w))}
    wanted = {t for w in the_plan.words if (t := _term_of(w))} - in_title
    sections = json.loads(sections)
    heading, text = None, None
    if wanted:
        best = best_section(sections, matcher.terms_in, wanted)
        if best is not None:
            head, anchor, body, _, _ = sections[best]
            text = snippet(body, matcher) or None
            if head and anchor:
                heading, url = head, f"{url}#{anchor}"
    if text is None:
        text = snippet(description, matcher, whole=True)
    return Hit(
        title=title,
        url=url,
        kind=kind,
        lang=lang,
        breadcrumb=tuple(Crumb(t, u) for t, u in json.loads(crumbs)),
        snippet=text,
        heading=heading,
        date=dt.date.fromisoformat(date) if date else None,
        ladder_step=step,
        best_bet=pinned,
    )


def _term_of(word: Word) -> str | None:
    return word.text or None


class Matcher:
    """Which query word a word of a page meets, if any (for marking and deep links)."""

    def __init__(self, the_plan: Plan, lang: str, ignore: frozenset[str]) -> None:
        self.lang = lang
        # The page's words whose stem differs from the word, with their parts (index.py);
        # a word's analysis depends only on its language, so the memo serves every page.
        self.analysed: dict[str, list[str]] = {}
        self.by_stem: dict[str, str] = {}
        self.by_fold: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        for word in the_plan.words:
            for member in [word, *word.together]:
                for s in member.stems:
                    self.by_stem.setdefault(s, word.text)
                for f in member.folds:
                    self.by_fold.setdefault(f, word.text)
                for parts in member.parts:
                    for p in parts:
                        self.by_stem.setdefault(p, word.text)
                if member.prefix:
                    self.prefixes += [(f, word.text) for f in member.folds]
            for phrase in word.synonyms:
                for s in phrase:
                    if s not in ignore:  # "i" of "våld i nära relationer" is not marked
                        self.by_stem.setdefault(s, word.text)
        self.memo: dict[str, str | None] = {}
        self.forms: dict[str, set[str]] = {}  # query term -> folded stems and parts it meets
        for term in {*self.by_stem.values(), *self.by_fold.values()}:
            self.forms[term] = {fold(s) for s, t in self.by_stem.items() if t == term} | {
                f for f, t in self.by_fold.items() if t == term
            }

    def terms_in(self, terms: str) -> set[str]:
        """The query terms that a section's terms (space-separated, folded) meet."""
        present = set(terms.split())
        found = {term for term, forms in self.forms.items() if forms & present}
        for prefix, term in self.prefixes:
            if term not in found and any(p.startswith(prefix) for p in present):
                found.add(term)
        return found

    def __call__(self, word: str) -> str | None:
        if word in self.memo:
            return self.memo[word]
        s, *parts = self.analysed.get(word) or [word]
        found = self.by_stem.get(s) or self.by_fold.get(fold(s))
        if found is None and self.prefixes:
            folded = fold(word)
            found = next((t for p, t in self.prefixes if folded.startswith(p)), None)
        for part in parts:
            if found is not None:
                break
            found = self.by_stem.get(part)
        self.memo[word] = found
        return found
