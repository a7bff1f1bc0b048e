"""What a search asks and what it answers: the seam between the engine and the web layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup

Kind = Literal["service", "news", "page"]


@dataclass(frozen=True)
class Query:
    """A resident's query, already bounded (length, words) by the web layer."""

    text: str
    lang: str  # the language of the page the search came from; results default to it
    section: str | None = None  # a top-level section's URL, e.g. "/bygga-bo-och-miljo/"
    kind: Kind | None = None
    page: int = 1  # 1-based results page
    per_page: int = 10


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True)
class Hit:
    title: str
    url: str  # site path of the page, with "#anchor" when `heading` is set
    kind: Kind
    lang: str
    breadcrumb: tuple[Crumb, ...]  # the page's place in the site, home excluded, page excluded
    snippet: Markup  # description or a passage, matched words in <mark>, everything else escaped
    heading: str | None = None  # the matching heading for a deep link ("Så ansöker du")
    date: dt.date | None = None  # news only
    ladder_step: int | None = None  # services only
    best_bet: bool = False  # pinned by content/search.yml


@dataclass(frozen=True)
class Facet:
    value: str  # section URL, or a Kind
    label: str
    count: int


@dataclass(frozen=True)
class Results:
    query: Query
    total: int  # matches over all pages of results, after filters
    hits: tuple[Hit, ...]  # this page's hits, best first
    suggestion: str | None = None  # "Menade du ...?", from the site's own vocabulary
    sections: tuple[Facet, ...] = field(default=())  # counts before the section filter
    kinds: tuple[Facet, ...] = field(default=())  # counts before the kind filter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))
