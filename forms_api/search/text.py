"""A published page as the index reads it: plain text by heading section, and its facts.

The body goes through the builder's own Markdown renderer (`render_markdown`), the same call
that writes the page, and the HTML it gives is read back to text here: there is no second
Markdown parser, so what is indexed is what is published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape

from sitebuilder.markdown import render_markdown
from sitebuilder.model import Page, SiteIndex
from sitebuilder.strings import Strings

from .results import Crumb, Kind

_HEADING = re.compile(r"<h([2-6])(?P<attrs>[^>]*)>(?P<text>.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_SKIPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
# Inline elements sit inside words ("e-<em>tjänst</em>"); every other tag separates words.
_INLINE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
# Pages that mostly list other pages match many words: a little lower on equal terms, so the
# page a list links to comes before the list.
HOME_BOOST = 0.5
SECTION_BOOST = 0.8  # a section's landing page (its text names its pages)
# A service outranks an information page, which outranks a news item, on equal terms.
KIND_FACTOR = {"service": 1.3, "page": 1.0, "news": 0.8}
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
    def factor(self) -> float:
        """What bm25 is multiplied by: the kind's weight times the page's boost."""
        return KIND_FACTOR.get(self.kind, 1.0) * self.boost

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
        boost=_boost(page),
    )


def _boost(page: Page) -> float:
    if page.kind == "home":
        return HOME_BOOST
    if page.listing:
        return LISTING_BOOST
    if page.kind == "section" and page.meta.type == "page":
        return SECTION_BOOST
    return 1.0


def html_sections(html: str) -> tuple[Section, ...]:
    """The rendered body's text, cut at each heading h2-h6 (a deep link target when it has
    an id). The HTML is the builder's own output, so a few patterns read it exactly."""
    html = _SKIPPED.sub(" ", html)
    sections: list[Section] = []
    heading: str | None = None
    anchor: str | None = None
    at = 0
    for match in _HEADING.finditer(html):
        sections.append(Section(heading, anchor, _text(html[at : match.start()])))
        heading = _text(match.group("text")) or None
        anchor = _anchor(match.group("attrs"))
        at = match.end()
    sections.append(Section(heading, anchor, _text(html[at:])))
    return tuple(s for s in sections if s.text or s.heading)


def _text(html: str) -> str:
    """Tags out (inline ones joined to their word, block ones a space), entities decoded."""
    return " ".join(unescape(_TAG.sub(" ", _INLINE.sub("", html))).split())


def _anchor(attrs: str) -> str | None:
    found = _ID.search(attrs)
    return unescape(found.group(1)) if found else None
