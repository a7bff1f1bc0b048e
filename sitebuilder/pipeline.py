"""The build, top to bottom: load -> validate -> index -> render -> write."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from .assets import theme_assets
from .config import SiteConfig, load_config
from .errors import ErrorList
from .feeds import atom_feed, netlify_redirects, robots, sitemap
from .forms import load_forms
from .index import build_index
from .links import check_links
from .load import load_content
from .markdown import Link, render_markdown
from .model import FEED_URL, Body, SiteIndex
from .render import Renderer
from .theme import DEFAULT_THEME, Theme, load_theme
from .validate import validate_sources
from .write import write_site


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("public")
    theme: Path = DEFAULT_THEME
    base_url: str | None = None
    drafts: bool = False
    today: dt.date | None = None  # decides which forms show as closed; default: today


@dataclass(frozen=True)
class BuildResult:
    pages: int  # HTML pages for content (not redirects or 404)
    files: int  # every file written
    seconds: float
    out: Path


@dataclass(frozen=True)
class Site:
    """A checked, rendered site held in memory, ready to write."""

    index: SiteIndex
    files: dict[str, bytes]
    copies: dict[str, Path]


def build(options: BuildOptions) -> BuildResult:
    """Build the site into ``options.out``; raises BuildFailed with every content error."""
    started = time.perf_counter()
    site = make_site(options)
    written = write_site(options.out, site.files, site.copies)
    return BuildResult(
        pages=len(site.index.pages),
        files=written,
        seconds=time.perf_counter() - started,
        out=options.out,
    )


@dataclass(frozen=True)
class Indexed:
    """The site up to the index: what the forms API needs to render pages in the site's look."""

    index: SiteIndex
    theme: Theme
    config: SiteConfig
    left_out: dict[str, Path]
    root: Path


def index_site(options: BuildOptions, errors: ErrorList) -> Indexed:
    """load -> validate -> index. Raises BuildFailed only if site.yml itself is unusable."""
    content = load_content(options.content, errors)
    config, config_lines = load_config(
        content.config_text, content.config_path, errors, options.base_url
    )
    checked = validate_sources(content.sources, errors)
    forms = load_forms(options.content, errors)
    if config is None:
        errors.raise_if_any()
    assert config is not None
    theme = load_theme(options.theme, config.language)
    index, left_out = build_index(
        checked,
        content.assets,
        config,
        theme.strings,
        errors,
        config_path=content.config_path,
        config_lines=config_lines,
        all_sources=frozenset(s.rel for s in content.sources),
        drafts=options.drafts,
        forms=forms,
    )
    return Indexed(index, theme, config, left_out, content.root)


def make_site(options: BuildOptions) -> Site:
    errors = ErrorList()
    indexed = index_site(options, errors)
    index, theme, config = indexed.index, indexed.theme, indexed.config
    left_out = indexed.left_out
    bodies, links = _render_bodies(index, theme, errors)
    errors.items.extend(check_links(links, index, bodies, left_out))
    errors.raise_if_any()
    today = options.today or dt.date.today()
    files = render_site(index, bodies, theme, config, options.theme, today)
    copies = {url.lstrip("/"): indexed.root / asset.rel for url, asset in index.assets.items()}
    return Site(index, files, copies)


def _render_bodies(
    index: SiteIndex, theme: Theme, errors: ErrorList
) -> tuple[dict[str, Body], list[Link]]:
    bodies: dict[str, Body] = {}
    links: list[Link] = []
    for url, page in index.pages.items():
        labels = theme.strings.for_lang(page.lang)
        body, page_links, page_errors = render_markdown(page, index, labels)
        bodies[url] = body
        links.extend(page_links)
        errors.items.extend(page_errors)
    return bodies, links


def render_site(
    index: SiteIndex,
    bodies: dict[str, Body],
    theme: Theme,
    config: SiteConfig,
    theme_dir: Path,
    today: dt.date,
) -> dict[str, bytes]:
    """Every generated output file: rendered pages, redirects, feeds and the theme's assets."""
    site_assets, files = theme_assets(theme_dir, config)
    renderer = Renderer(index, theme, site_assets, today)
    for page in index.pages.values():
        files[page.output] = renderer.render_page(page, bodies[page.url]).encode()
    for old, new in index.aliases.items():
        path = old.strip("/") + "/index.html" if old.endswith("/") else old.lstrip("/")
        files[path] = renderer.render_redirect(old, index.pages[new]).encode()
    files["404.html"] = renderer.render_404().encode()
    files[FEED_URL.lstrip("/")] = atom_feed(renderer, bodies).encode()
    files["sitemap.xml"] = sitemap(renderer).encode()
    files["robots.txt"] = robots(renderer).encode()
    files["_redirects"] = netlify_redirects(renderer).encode()
    return files
