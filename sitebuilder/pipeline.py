"""The build, top to bottom: load -> validate -> index -> render -> write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .assets import theme_assets
from .config import SiteConfig, load_config
from .errors import ContentError, ErrorList
from .forms import load_forms
from .freshness import outputs_intact, settings_digest, snapshot
from .ids import template_ids
from .incremental import (
    CACHE_VERSION,
    Bodies,
    BodyStore,
    BuildCache,
    Keys,
    State,
    digest,
    without_html,
    without_text,
)
from .index import build_index
from .links import check_links
from .load import Source, load_content, parse_source, read_file
from .markdown import Link, render_markdown
from .model import Body, SiteIndex
from .options import BuildOptions, BuildResult
from .output import generated_files, write_output
from .parallel import parallel_map
from .promises import step_two_without_form, unkept_form_promises
from .render import Renderer
from .schema import FrontMatter
from .search_config import SearchConfig, load_search_config
from .sitepaths import SettingLink, setting_links
from .statement import load_statement
from .tasks import task_links
from .theme import Theme, load_theme
from .validate import Checked, validate_sources
from .write import CommitFailed


@dataclass(frozen=True)
class Site:
    """A checked, rendered site held in memory, ready to write."""

    index: SiteIndex
    files: dict[str, bytes]
    copies: dict[str, Path]


def build(options: BuildOptions, notice: Callable[[str], None] | None = None) -> BuildResult:
    """Build the site into ``options.out``; raises BuildFailed with every content error.

    With a usable build cache only what changed is rendered and written; the result is
    byte-for-byte what a clean build would give. ``notice`` hears one-line remarks (e.g. a
    corrupt cache falling back to a clean build).
    """
    started = time.perf_counter()
    today = options.day
    cache = BuildCache(options)
    settings = settings_digest(options)
    state, message = cache.load(settings) if options.cache and not options.clean else (None, None)
    if message and notice:
        notice(message)
    content_stats, theme_stats = snapshot(options.content), snapshot(options.theme)
    if state is not None and not outputs_intact(options.out, state.outputs):
        state = None  # someone changed the published folder: rebuild it whole
    if (
        state is not None
        and state.content == content_stats
        and state.theme == theme_stats
        and state.today == today
    ):
        return BuildResult(
            state.page_count, 0, time.perf_counter() - started, options.out, "unchanged"
        )

    errors = ErrorList()
    reuse: dict[str, tuple[Source, FrontMatter]] = {}
    text_digests: dict[str, str] = {}
    if state is not None:
        for rel, (stat, source, meta, text_digest) in state.sources.items():
            if content_stats.get(rel) == stat:
                reuse[rel] = (source, meta)
                text_digests[rel] = text_digest
    indexed = _lighter(index_site(options, errors, reuse), texts=False)
    index, theme = indexed.index, indexed.theme
    for checked in indexed.checked:
        rel = str(checked.source.rel)
        if rel not in text_digests:
            text_digests[rel] = digest(checked.source.body)
    keys = Keys(index, digest(sorted(theme_stats.items())), "")
    store = BodyStore(options)
    bodies, links, body_keys, fresh = _bodies_incrementally(
        options, index, theme, keys, state, store, text_digests, errors
    )
    indexed = _lighter(indexed, texts=True)
    # Only the ids are needed here; reading the raw entries keeps cached HTML unloaded.
    ids_only = {url: dict.__getitem__(bodies, url) for url in bodies}
    page_links = [k for v in links.values() for k in v]
    every_link = [*page_links, *indexed.setting_links, *task_links(index)]
    errors.items.extend(check_links(every_link, index, ids_only, indexed.left_out))
    errors.items.extend(step_two_without_form(index, page_links))
    errors.raise_if_any()

    new_state = State(CACHE_VERSION, settings, content_stats, theme_stats, today=today)
    new_state.sources = {
        rel: (content_stats[rel], without_text(c.source), c.meta, text_digests[rel])
        for c in indexed.checked
        if (rel := str(c.source.rel)) in content_stats
    }
    new_state.bodies = {
        url: (body_keys[url], without_html(dict.__getitem__(bodies, url)), links[url])
        for url in bodies
    }
    new_state.page_count = len(index.pages)
    try:
        written = write_output(options, indexed, bodies, keys, body_keys, today, state, new_state)
    except CommitFailed as failed:
        if state is None:
            raise
        # Something in the published folder was in the way (it was put back as it was): a
        # clean build replaces the folder whole.
        if notice:
            notice(f"{failed}; doing a clean build")
        return build(dataclasses.replace(options, clean=True), notice)
    if options.cache:
        store.save(
            ((url, body_keys[url], fresh[url]) for url in sorted(fresh)),
            keep=set(bodies),
            clean=state is None,
        )
        cache.save(new_state)
    mode = "clean" if state is None else "incremental"
    return BuildResult(len(index.pages), written, time.perf_counter() - started, options.out, mode)


def _lighter(indexed: Indexed, *, texts: bool) -> Indexed:
    """The same site holding less: the YAML node trees (needed only to place validation
    errors), and with ``texts`` the Markdown texts too (once rendered, only the HTML is
    needed). For a large site these are tens of megabytes the page workers would inherit."""

    def lean(source: Source) -> Source:
        front = dataclasses.replace(source.front, node=None)
        return dataclasses.replace(source, front=front, body="" if texts else source.body)

    pages = indexed.index.pages
    for url, page in pages.items():
        if page.source is not None:
            pages[url] = dataclasses.replace(page, source=lean(page.source))
    checked = tuple(dataclasses.replace(c, source=lean(c.source)) for c in indexed.checked)
    return dataclasses.replace(indexed, checked=checked)


def _bodies_incrementally(
    options: BuildOptions,
    index: SiteIndex,
    theme: Theme,
    keys: Keys,
    state: State | None,
    store: BodyStore,
    text_digests: dict[str, str],
    errors: ErrorList,
) -> tuple[Bodies, dict[str, list[Link]], dict[str, str], dict[str, str]]:
    """Markdown for every page, reusing the last build's where its inputs are unchanged.

    Returns the bodies, the links per page, each body's key, and the HTML rendered afresh.
    """
    body_keys: dict[str, str] = {}
    bodies = Bodies(store, body_keys)
    links: dict[str, list[Link]] = {}
    labels_digest = {
        lang: digest(sorted(theme.strings.for_lang(lang).items()))
        for lang in {p.lang for p in index.pages.values()}
    }
    todo: list[str] = []
    for url, page in index.pages.items():
        text = text_digests[str(page.source.rel)] if page.source is not None else ""
        key = keys.body(page, text, labels_digest[page.lang], template_ids(page, index))
        body_keys[url] = key
        cached = state.bodies.get(url) if state is not None else None
        if cached is not None and cached[0] == key:
            dict.__setitem__(bodies, url, cached[1])
            bodies.lazy.add(url)
            links[url] = cached[2]
        else:
            todo.append(url)

    def render(url: str) -> tuple[Body, list[Link], list[ContentError]]:
        page = index.pages[url]
        source = page.source
        if source is not None and not source.body and text_digests[str(source.rel)] != digest(""):
            # Parsed by an earlier build, whose text the cache left out: read it again.
            text = read_file(options.content / source.rel).decode("utf-8-sig")
            again = parse_source(text, source.path, source.rel, ErrorList())
            page = dataclasses.replace(page, source=again)
        return render_markdown(page, index, theme.strings.for_lang(page.lang))

    bodies.fallback = lambda url: render(url)[0].html
    fresh: dict[str, str] = {}
    for url, (body, page_links, page_errors) in zip(
        todo, parallel_map(render, todo, name="markdown"), strict=True
    ):
        dict.__setitem__(bodies, url, body)
        fresh[url] = body.html
        links[url] = page_links
        errors.items.extend(page_errors)
    return bodies, links, body_keys, fresh


@dataclass(frozen=True)
class Indexed:
    """The site up to the index: what the forms API needs to render pages in the site's look."""

    index: SiteIndex
    theme: Theme
    config: SiteConfig
    left_out: dict[str, Path]
    root: Path
    checked: tuple[Checked, ...] = ()
    # Site paths written in settings (contact.url, ...), checked with the pages' links.
    setting_links: tuple[SettingLink, ...] = ()
    search: SearchConfig = field(default_factory=SearchConfig)  # content/search.yml, checked


def index_site(
    options: BuildOptions,
    errors: ErrorList,
    reuse: dict[str, tuple[Source, FrontMatter]] | None = None,
) -> Indexed:
    """load -> validate -> index. Raises BuildFailed only if site.yml itself is unusable.

    ``reuse``: unchanged pages already parsed and validated by the last build.
    """
    reuse = reuse or {}
    content = load_content(options.content, errors, reuse={k: s for k, (s, _) in reuse.items()})
    config, config_lines = load_config(
        content.config_text,
        content.config_path,
        errors,
        options.base_url,
        refused=content.config_refused,
    )
    checked = validate_sources(
        content.sources, errors, {k: m for k, (_, m) in reuse.items()}, today=options.day
    )
    forms = load_forms(options.content, errors)
    if config is None:
        errors.raise_if_any()
    assert config is not None
    theme = load_theme(
        options.theme,
        config.language,
        options.cache_folder / "templates" if options.cache else None,
    )
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
    form_pages: dict[str, str | None] = dict.fromkeys(forms.forms)
    for url, page in index.pages.items():
        if page.meta.form in form_pages and form_pages[page.meta.form] is None:
            form_pages[page.meta.form] = url
    statement = load_statement(options.content, index.source_urls, form_pages, options.day, errors)
    index = dataclasses.replace(index, statement=statement)
    errors.items.extend(unkept_form_promises(index))
    paths = setting_links(index.pages, config, content.config_path, config_lines, forms)
    search = load_search_config(options.content, index.source_urls, frozenset(index.pages), errors)
    return Indexed(index, theme, config, left_out, content.root, tuple(checked), paths, search)


@dataclass(frozen=True)
class Read:
    """The site up to its checked Markdown bodies: everything but the output files."""

    indexed: Indexed
    bodies: dict[str, Body]
    links: list[Link]


def read_site(options: BuildOptions, errors: ErrorList) -> Read:
    """load -> validate -> index -> markdown -> links, collecting errors; writes nothing.

    Raises BuildFailed only if site.yml itself is unusable. `check` stops here.
    """
    indexed = index_site(options, errors)
    bodies, links = _render_bodies(indexed.index, indexed.theme, errors)
    every_link = [*links, *indexed.setting_links, *task_links(indexed.index)]
    errors.items.extend(check_links(every_link, indexed.index, bodies, indexed.left_out))
    errors.items.extend(step_two_without_form(indexed.index, links))
    return Read(indexed, bodies, links)


def make_site(options: BuildOptions) -> Site:
    errors = ErrorList()
    read = read_site(options, errors)
    errors.raise_if_any()
    indexed, bodies = read.indexed, read.bodies
    index, theme, config = indexed.index, indexed.theme, indexed.config
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
    return generated_files(renderer, index, bodies, files)
