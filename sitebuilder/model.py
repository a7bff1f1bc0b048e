"""The typed data that passes between pipeline stages. Frozen: no stage changes another's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .config import SiteConfig
from .forms import FormSet
from .load import Asset, Source
from .schema import FrontMatter
from .statement import Statement

PageKind = Literal["home", "section", "page"]
# Pages the builder generates. A content file at the same URL supplies their title and intro.
# "/e-tjanster/" is the residents' catalogue of e-services (steps 2-4); "/servicetrappan/" is
# the inventory of every service by its step (1-4) that the municipal e-strategy asks for.
LISTINGS = {
    "/a-o/": "a_z",
    "/e-tjanster/": "services",
    "/nyheter/": "news",
    "/servicetrappan/": "ladder",
    "/sok/": "search",  # the search entry page: the search box, popular tasks, other ways in
}
CATALOGUE_URL, INVENTORY_URL = "/e-tjanster/", "/servicetrappan/"
A_Z_URL, SEARCH_URL = "/a-o/", "/sok/"
# Steps each listing shows: step 1 is information, not an e-service.
LISTING_STEPS = {"services": (2, 3, 4), "ladder": (1, 2, 3, 4)}
FEED_URL = "/nyheter/feed.xml"
# Files the build writes besides pages; nothing from content/ may take their place.
GENERATED_FILES = frozenset({"/404.html", "/sitemap.xml", "/robots.txt", "/_redirects", FEED_URL})
THEME_ASSET_PREFIX = "/assets/"


def output_file(url: str) -> str:
    """The file a URL is served from: ``/a/`` -> ``/a/index.html``."""
    return url + "index.html" if url.endswith("/") else url


def alias_address(alias: str) -> str:
    """The address an alias redirects from: ``/gammal`` -> ``/gammal/``, ``/a.html`` as is."""
    return alias if alias.endswith("/") or "." in alias.rsplit("/", 1)[-1] else alias + "/"


def alias_file(old: str) -> str:
    """The redirect file an alias address is written to, relative to the output folder."""
    return old.strip("/") + "/index.html" if old.endswith("/") else old.lstrip("/")


def reserved_file(url: str) -> str | None:
    """What the build itself writes at ``url``'s file, if anything."""
    if output_file(url) in GENERATED_FILES:
        return "a file the build generates"
    if url.startswith(THEME_ASSET_PREFIX):
        return "the theme's files under /assets/"
    return None


@dataclass(frozen=True)
class Page:
    url: str
    kind: PageKind
    meta: FrontMatter
    lang: str
    parent: str | None  # the parent section's URL; None for the home page
    source: Source | None = None  # None for a generated listing without a content file
    listing: str | None = None  # "a_z", "services" or "news" for generated listings

    @property
    def output(self) -> str:
        """The file this page is written to, relative to the output folder."""
        return "index.html" if self.url == "/" else self.url.strip("/") + "/index.html"

    @property
    def title(self) -> str:
        return self.meta.title


class HomeTask(NamedTuple):
    """One of the home page's top tasks (its `tasks:`), where it was written and where it goes."""

    line: int
    href: str  # as the editor wrote it
    target: str  # site URL without fragment (an old address, if the editor wrote one)
    fragment: str
    text: str | None  # the editor's words; None: the target's title


class Heading(NamedTuple):
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Body:
    """A page's Markdown rendered to HTML, with what the link check needs to know."""

    html: str
    headings: tuple[Heading, ...] = ()
    ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SiteIndex:
    """The site graph: everything a page may show about other pages."""

    config: SiteConfig
    pages: dict[str, Page]  # by URL, in a stable order
    children: dict[str, tuple[str, ...]]  # section URL -> child URLs in display order
    nav: tuple[str, ...]  # main navigation: top-level section URLs
    aliases: dict[str, str]  # old URL -> new URL
    assets: dict[str, Asset]  # URL -> file to copy
    source_urls: dict[str, str]  # content-relative path -> URL (pages and assets)
    news: tuple[str, ...]  # newest first
    services: dict[int, tuple[str, ...]]  # ladder step -> service page URLs
    a_z: tuple[tuple[str, tuple[str, ...]], ...]  # (letter, URLs)
    footer: dict[str, str] = field(default_factory=dict)  # "accessibility"/"privacy" -> URL
    logo_url: str | None = None
    forms: FormSet = field(default_factory=lambda: FormSet({}))
    statement: Statement | None = None  # the accessibility statement's facts
    tasks: tuple[HomeTask, ...] = ()  # the home page's top tasks, in the editor's order

    def breadcrumbs(self, url: str) -> tuple[Page, ...]:
        """The page's ancestors, home first, not including the page itself."""
        trail: list[Page] = []
        parent = self.pages[url].parent
        while parent is not None:
            trail.append(self.pages[parent])
            parent = self.pages[parent].parent
        return tuple(reversed(trail))
