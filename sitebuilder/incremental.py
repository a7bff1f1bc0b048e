"""The build cache: what the last successful build read and wrote, so the next one can skip
what did not change.

A page is rendered again only when something it shows changed: its own source, the theme,
the site config, or the parts of the site index it displays (its ancestors, children, the
main navigation, or the pages a listing lists). Every key below is a digest of exactly those
inputs; the cache-correctness test compares incremental builds with clean ones byte for byte.
A missing, unreadable or outdated cache simply means a clean build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .freshness import CACHE_VERSION, Stat, cache_stem, digest, write_manifest
from .load import Source
from .markdown import Link
from .model import A_Z_URL, CATALOGUE_URL, LISTING_STEPS, Body, Page, SiteIndex
from .options import BuildOptions
from .schema import FrontMatter
from .tasks import task_page


@dataclass
class State:
    """Everything the next build may reuse. Saved only after a successful build."""

    version: int
    settings: str  # digest of the options that change the output
    content: dict[str, Stat] = field(default_factory=dict)
    theme: dict[str, Stat] = field(default_factory=dict)
    # Unchanged files are not parsed again. Texts and rendered HTML are not kept here (they
    # would make this file slow to load): sources are re-read when needed, and HTML lives in
    # the BodyStore.
    sources: dict[str, tuple[Stat, Source, FrontMatter, str]] = field(default_factory=dict)
    bodies: dict[str, tuple[str, Body, list[Link]]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # output file -> key of its inputs
    outputs: dict[str, Stat] = field(default_factory=dict)  # output file -> as written
    page_count: int = 0
    today: dt.date | None = None


class BuildCache:
    """The full state as a pickle, and the small JSON manifest `freshness` reads."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.path = cache_stem(options).with_suffix(".pickle")

    def load(self, settings: str) -> tuple[State | None, str | None]:
        """The saved state, or None with a one-line notice saying why a clean build follows."""
        if not self.path.exists():
            return None, None
        try:
            with self.path.open("rb") as handle:
                state = pickle.load(handle)
                if isinstance(state, State):
                    state.sources = pickle.load(handle)
                    state.bodies = pickle.load(handle)
        except Exception as exc:  # a corrupt cache must never stop a build
            return None, f"build cache unreadable ({type(exc).__name__}); doing a clean build"
        if not isinstance(state, State) or state.version != CACHE_VERSION:
            return None, "build cache is from another version; doing a clean build"
        if state.settings != settings:
            return None, None
        return state, None

    def save(self, state: State) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        # The two big parts go in pickles of their own: each pickle's memo holds every object
        # it has written until it ends, and three small memos beat one large one.
        light = dataclasses.replace(state, sources={}, bodies={})
        with tmp.open("wb") as handle:
            for part in (light, state.sources, state.bodies):
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
        write_manifest(
            self.options,
            {
                "settings": state.settings,
                "today": state.today.isoformat() if state.today else None,
                "pages": state.page_count,
                "content": state.content,
                "theme": state.theme,
                "outputs": state.outputs,
            },
        )


class BodyStore:
    """Rendered Markdown per page (SQLite), read only for pages that are rendered again."""

    def __init__(self, options: BuildOptions) -> None:
        self.path = cache_stem(options).with_suffix(".sqlite")
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path)
            # A cache, not a record: no journal and no fsync. A file left broken by a crash
            # only means those bodies are rendered again (`get` answers None on any error).
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                "CREATE TABLE IF NOT EXISTS body (url TEXT PRIMARY KEY, key TEXT, html TEXT)"
            )
            self._db = db
        return self._db

    def get(self, url: str, key: str) -> str | None:
        try:
            row = (
                self._connect()
                .execute("SELECT key, html FROM body WHERE url = ?", (url,))
                .fetchone()
            )
        except sqlite3.Error:
            return None
        return row[1] if row and row[0] == key else None

    def save(self, rows: Iterable[tuple[str, str, str]], keep: set[str], clean: bool) -> None:
        db = self._connect()
        with db:
            if clean:
                db.execute("DELETE FROM body")
            db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?, ?)", rows)
            if not clean:
                stored = {row[0] for row in db.execute("SELECT url FROM body")}
                db.executemany("DELETE FROM body WHERE url = ?", [(u,) for u in stored - keep])


class Bodies(dict[str, Body]):
    """Every page's Body; HTML the cache left out is fetched from the store on first use."""

    def __init__(self, store: BodyStore, keys: dict[str, str]) -> None:
        super().__init__()
        self.store = store
        self.keys = keys
        self.lazy: set[str] = set()
        self.fallback: Callable[[str], str] | None = None  # renders HTML the store lacks

    def __getitem__(self, url: str) -> Body:
        body = super().__getitem__(url)
        if url in self.lazy:
            html = self.store.get(url, self.keys[url])
            if html is None:
                if self.fallback is None:
                    raise KeyError(f"rendered body of {url} missing from the build cache")
                html = self.fallback(url)
            body = dataclasses.replace(body, html=html)
            super().__setitem__(url, body)
            self.lazy.discard(url)
        return body


def without_text(source: Source) -> Source:
    return dataclasses.replace(source, body="")


def without_html(body: Body) -> Body:
    return dataclasses.replace(body, html="")


class Keys:
    """Digests of what each page shows, computed once per build and shared by all pages."""

    def __init__(self, index: SiteIndex, theme_digest: str, extra: str) -> None:
        self.index = index
        self._meta: dict[str, str] = {}
        config = index.config.model_dump_json()
        self.site = digest(
            theme_digest, config, extra, index.footer, index.logo_url, self.metas(index.nav)
        )

    def meta(self, url: str) -> str:
        """What other pages may show of this one: title, description, dates, language, ..."""
        if url not in self._meta:
            page = self.index.pages[url]
            self._meta[url] = digest(
                url, page.kind, page.lang, page.parent, page.listing, page.meta.model_dump_json()
            )
        return self._meta[url]

    def metas(self, urls: Any) -> str:
        return digest(*(self.meta(u) for u in urls))

    def body(
        self, page: Page, text_digest: str, labels_digest: str, template_ids: frozenset[str]
    ) -> str:
        """Inputs of the Markdown rendering of one page."""
        source = page.source
        rel = str(source.rel) if source is not None else ""
        return digest(
            text_digest,
            rel,
            page.url,
            page.kind,
            page.meta.type,
            page.meta.form,
            labels_digest,
            self.index.config.base_path,
            sorted(template_ids),
            self.urls_digest,
        )

    @property
    def urls_digest(self) -> str:
        """Which files exist where: relative links and images resolve against this."""
        if not hasattr(self, "_urls"):
            self._urls = digest(sorted(self.index.source_urls.items()), sorted(self.index.assets))
        return self._urls

    def page(self, page: Page, body_key: str, today_key: str) -> str:
        """Inputs of the whole HTML page: the site, the page, its body, and what it lists."""
        index = self.index
        trail = []
        parent = page.parent
        while parent is not None and parent in index.pages:
            trail.append(parent)
            parent = index.pages[parent].parent
        listed: list[str] = list(index.children.get(page.url, ()))
        if page.kind == "home":
            # The newest news, the e-services and the pages the top tasks lead to.
            listed += list(index.news[:3])
            listed += [
                u for step in LISTING_STEPS["services"] for u in index.services.get(step, ())
            ]
            listed += [p.url for t in index.tasks if (p := task_page(index, t)) is not None]
        elif page.listing == "news":
            listed += list(index.news)
        elif page.listing == "a_z":
            listed += [u for _, urls in index.a_z for u in urls]
        elif page.listing in ("services", "ladder"):
            listed += [u for urls in index.services.values() for u in urls]
        elif page.listing == "search":
            listed += [u for u in (A_Z_URL, CATALOGUE_URL) if u in index.pages]
        form = ""
        if page.meta.form and page.meta.form in index.forms.forms:
            form = digest(index.forms.forms[page.meta.form].version, today_key)
        statement = ""
        if index.statement is not None and page.url == index.footer.get("accessibility_statement"):
            # Its facts, the pages it names, and the feedback form's page.
            named = [u for issue in index.statement.known_issues for u in issue.pages]
            named += [u for u, p in index.pages.items() if p.meta.form is not None]
            statement = digest(index.statement, self.metas(sorted(set(named))))
        return digest(
            self.site,
            self.meta(page.url),
            body_key,
            self.metas(trail),
            self.metas(listed),
            form,
            statement,
        )
