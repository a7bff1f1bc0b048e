"""A published page as the index reads it: plain text by heading section, and its facts.

The body goes through the builder's own Markdown renderer (`render_markdown`), the same call
that writes the page, and the HTML it gives is read back to text here: there is no second
Markdown parser, so what is indexed is what is published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser

from sitebuilder.markdown import render_markdown
from sitebuilder.model import Page, SiteIndex
from sitebuilder.strings import Strings

from .results import Crumb, Kind

_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Blocks end a sentence-like run of text: keep their words apart in the plain text.
_BLOCKS = frozenset(
    {"p", "li", "td", "th", "tr", "div", "br", "dd", "dt", "blockquote", "pre", "figcaption"}
)
_SKIP = frozenset({"script", "style", "template"})
# Pages that mostly list other pages match many words: a little lower on equal terms, so the
# page a list links to comes before the list.
HOME_BOOST = 0.5
LISTING_BOOST = 0.7


@dataclass(frozen=True)
class Section:
    heading: str | None  # None: the text before the first heading
    anchor: str | None
    text: str


@dataclass(frozen=True)
class Document:
    url: str
    title: str
    description: str
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]
    breadcrumb: tuple[Crumb, ...]
    kind: Kind
    lang: str
    section: str | None  # the top-level section's URL; None for the home page
    date: dt.date | None
    ladder_step: int | None
    boost: float = 1.0

    @property
    def headings(self) -> str:
        return " ".join(s.heading for s in self.sections if s.heading)

    @property
    def body(self) -> str:
        return " ".join(s.text for s in self.sections)


def documents(index: SiteIndex, strings: Strings) -> list[Document]:
    """Every published page of the site, in the index's stable order."""
    return [document(page, index, strings.for_lang(page.lang)) for page in index.pages.values()]


def document(page: Page, index: SiteIndex, labels: dict[str, str]) -> Document:
    body, _, _ = render_markdown(page, index, labels)
    trail = [p for p in index.breadcrumbs(page.url) if p.parent is not None]  # home left out
    top = trail[0].url if trail else (page.url if page.parent is not None else None)
    meta = page.meta
    kind: Kind = meta.type
    return Document(
        url=page.url,
        title=meta.title,
        description=meta.description,
        keywords=tuple(getattr(meta, "keywords", ()) or ()),
        sections=html_sections(body.html),
        breadcrumb=tuple(Crumb(p.title, p.url) for p in trail),
        kind=kind,
        lang=page.lang,
        section=top,
        date=meta.date if kind == "news" else None,
        ladder_step=meta.ladder_step if kind == "service" else None,
        boost=HOME_BOOST if page.kind == "home" else LISTING_BOOST if page.listing else 1.0,
    )


def html_sections(html: str) -> tuple[Section, ...]:
    """The rendered body's text, cut at each heading that has an id (a deep link target)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.flush()
    return tuple(s for s in reader.sections if s.text or s.heading)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.heading: str | None = None
        self.anchor: str | None = None
        self.parts: list[str] = []
        self.in_heading: list[str] | None = None
        self.pending_anchor: str | None = None
        self.skipping = 0

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        self.sections.append(Section(self.heading, self.anchor, text))
        self.parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _HEADINGS:
            self.flush()
            self.in_heading = []
            self.pending_anchor = dict(attrs).get("id")
        elif tag in _BLOCKS:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _HEADINGS and self.in_heading is not None:
            self.heading = " ".join("".join(self.in_heading).split()) or None
            self.anchor = self.pending_anchor
            self.in_heading = None
        elif tag in _BLOCKS:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._text(data)

    def _text(self, data: str) -> None:
        (self.in_heading if self.in_heading is not None else self.parts).append(data)
