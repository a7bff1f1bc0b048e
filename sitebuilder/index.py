"""Stage 3, index: URLs, sections, navigation and the generated listings' contents."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections import defaultdict
from pathlib import Path, PurePosixPath

from .clashes import Output, check_outputs
from .collation import initial, sort_key
from .config import SiteConfig
from .errors import ErrorList
from .forms import FormSet
from .load import Asset
from .model import (
    GENERATED_FILES,
    LISTINGS,
    Page,
    SiteIndex,
    alias_address,
    alias_file,
    output_file,
    reserved_file,
)
from .schema import FrontMatter
from .slugs import slugify
from .strings import LANG_KEY, Strings
from .tasks import index_tasks
from .validate import Checked, alias_problem
from .yamlsource import Mapping


def _nfc(text: str) -> str:
    """Paths compare equal however the editor's system spelled å (macOS writes it decomposed)."""
    return unicodedata.normalize("NFC", text)


def folder_urls(checked: list[Checked]) -> dict[PurePosixPath, str]:
    """URL of every folder that holds pages; an ``_index.md`` slug renames its folder."""
    overrides = {
        c.source.rel.parent: c.meta.slug
        for c in checked
        if c.source.rel.name == "_index.md" and c.meta.slug
    }
    urls: dict[PurePosixPath, str] = {PurePosixPath("."): "/"}

    def url_of(folder: PurePosixPath) -> str:
        if folder not in urls:
            segment = overrides.get(folder) or slugify(folder.name) or "mapp"
            urls[folder] = url_of(folder.parent) + segment + "/"
        return urls[folder]

    for c in checked:
        url_of(c.source.rel.parent)
    return urls


def _page_url(c: Checked, folders: dict[PurePosixPath, str], errors: ErrorList) -> str | None:
    rel = c.source.rel
    if rel.name == "_index.md":
        return folders[rel.parent]
    segment = c.meta.slug or slugify(rel.stem)
    if not segment:
        errors.add(
            c.source.path, 1, "the file name gives an empty URL; rename the file or add `slug:`"
        )
        return None
    return folders[rel.parent] + segment + "/"


def _asset_url(asset: Asset, folders: dict[PurePosixPath, str]) -> str:
    rel = asset.rel
    parts: list[str] = []
    folder = rel.parent
    while folder not in folders and folder != PurePosixPath("."):
        parts.append(slugify(folder.name) or "mapp")
        folder = folder.parent
    base = folders.get(folder, "/")
    stem = slugify(rel.stem) or "fil"
    return base + "".join(p + "/" for p in reversed(parts)) + stem + rel.suffix.lower()


def build_index(
    checked: list[Checked],
    assets: tuple[Asset, ...],
    config: SiteConfig,
    strings: Strings,
    errors: ErrorList,
    *,
    config_path: Path,
    config_lines: Mapping,
    drafts: bool = False,
    forms: FormSet | None = None,
    all_sources: frozenset[PurePosixPath] = frozenset(),
) -> tuple[SiteIndex, dict[str, Path]]:
    """Build the site graph. Also returns draft URLs left out, for clearer link errors."""
    folders = folder_urls(checked)
    # Every _index.md counts, valid or not: an invalid one has its own error already.
    has_index = {c.source.rel.parent for c in checked if c.source.rel.name == "_index.md"}
    has_index |= {rel.parent for rel in all_sources if rel.name == "_index.md"}
    owner_of_url: dict[str, Path] = {}
    pages: dict[str, Page] = {}
    left_out: dict[str, Path] = {}
    source_urls: dict[str, str] = {}

    if PurePosixPath(".") not in has_index:
        errors.add(
            config_path,
            1,
            "the site has no home page; add content/_index.md with `title` and `description`",
        )
    for folder in sorted(folders):
        if folder not in has_index and str(folder) != ".":
            inside = [c.source.path for c in checked if folder in c.source.rel.parents]
            first = min(inside)
            errors.add(
                first,
                1,
                f"the folder `{folder}` has no _index.md; add one with `title` and `description` for its "
                "landing page",
            )

    for c in sorted(checked, key=lambda c: c.source.rel):
        url = _page_url(c, folders, errors)
        if url is None:
            continue
        if url in owner_of_url:
            errors.add(
                c.source.path,
                1,
                f"the URL {url} comes from both {owner_of_url[url]} and {c.source.path}; rename "
                "one file or give it a different `slug:`",
            )
            continue
        owner_of_url[url] = c.source.path
        source_urls[_nfc(str(c.source.rel))] = url
        if c.meta.draft and not drafts:
            left_out[url] = c.source.path
            continue
        rel = c.source.rel
        kind = "home" if url == "/" else "section" if rel.name == "_index.md" else "page"
        parent = (
            None if url == "/" else folders[rel.parent if kind == "page" else rel.parent.parent]
        )
        pages[url] = Page(
            url=url,
            kind=kind,
            meta=c.meta,
            lang=c.meta.lang or config.language,
            parent=parent,
            source=c.source,
            listing=LISTINGS.get(url),
        )

    # A draft section hides everything below it.
    orphans = [u for u, p in pages.items() if p.parent is not None and p.parent not in pages]
    while orphans:
        for url in orphans:
            page = pages.pop(url)
            assert page.source is not None
            left_out[url] = page.source.path
        orphans = [u for u, p in pages.items() if p.parent is not None and p.parent not in pages]

    for url, listing in LISTINGS.items():
        if url not in pages and url not in left_out:
            default = strings.for_lang(config.language)
            meta = FrontMatter(
                title=default[f"listing.{listing}.title"],
                description=default[f"listing.{listing}.description"],
            )
            # In the language of the strings its title comes from (the site's, or the
            # theme's fallback when the theme has none in the site's language).
            pages[url] = Page(url, "page", meta, default[LANG_KEY], "/", None, listing)

    asset_urls: dict[str, Asset] = {}
    page_files = {output_file(u): p for u, p in owner_of_url.items()}
    for asset in assets:
        url = _asset_url(asset, folders)
        if reserved_file(url):
            errors.add(
                asset.path, 1, f"the URL {url} is {reserved_file(url)}; rename or move this file"
            )
            continue
        clash = (
            owner_of_url.get(url)
            or page_files.get(url)
            or (asset_urls[url].path if url in asset_urls else None)
        )
        if clash is not None:
            errors.add(
                asset.path, 1, f"the URL {url} comes from both {clash} and {asset.path}; rename one"
            )
            continue
        asset_urls[url] = asset
        source_urls[_nfc(str(asset.rel))] = url

    forms = forms or FormSet({})
    for page in pages.values():
        if (
            page.meta.form is not None
            and page.source is not None
            and forms.get(page.meta.form) is None
            and page.meta.form not in forms.broken
        ):
            close = difflib.get_close_matches(page.meta.form, list(forms.forms), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            errors.add(
                page.source.path,
                page.source.front.line("form"),
                f"`form: {page.meta.form}` names no form in content/forms/{hint}",
                "unknown-form",
            )
    _check_translation_sources(pages, source_urls, owner_of_url, errors)
    aliases, alias_outputs = _aliases(pages, asset_urls, errors)
    for clash in check_outputs(_outputs(pages, asset_urls, alias_outputs), errors):
        if clash.kind == "alias":
            aliases.pop(alias_address(clash.address), None)
    children = _children(pages)
    nav = _nav(pages, children, config, errors, config_path, config_lines, folders)
    footer = _footer(config, source_urls, pages, errors, config_path, config_lines)
    logo_url = None
    if config.logo is not None:
        logo_url = source_urls.get(_nfc(config.logo))
        if logo_url is None or logo_url not in asset_urls:
            errors.add(
                config_path,
                config_lines.line("logo"),
                f"logo {config.logo!r} is not a file under content/; give its path relative to content/",
            )
            logo_url = None

    news = tuple(
        sorted(
            (p.url for p in pages.values() if p.meta.type == "news"),
            key=lambda u: (
                -(pages[u].meta.date or dt.date.min).toordinal(),
                sort_key(pages[u].title),
            ),
        )
    )
    services: dict[int, list[str]] = defaultdict(list)
    for p in pages.values():
        if p.meta.type == "service" and p.meta.ladder_step:
            services[p.meta.ladder_step].append(p.url)
    letters: dict[str, list[str]] = defaultdict(list)
    for p in pages.values():
        if p.kind != "home" and p.meta.type != "news" and p.listing != "a_z":
            letters[initial(p.title)].append(p.url)
    a_z = tuple(
        (letter, tuple(sorted(urls, key=lambda u: sort_key(pages[u].title))))
        for letter, urls in sorted(letters.items(), key=lambda item: _letter_order(item[0]))
    )
    index = SiteIndex(
        config=config,
        pages=dict(sorted(pages.items())),
        children=children,
        nav=nav,
        aliases=aliases,
        assets=dict(sorted(asset_urls.items())),
        source_urls=source_urls,
        news=news,
        services={
            step: tuple(sorted(urls, key=lambda u: sort_key(pages[u].title)))
            for step, urls in sorted(services.items())
        },
        a_z=a_z,
        footer=footer,
        logo_url=logo_url,
        forms=forms,
        tasks=index_tasks(pages),
    )
    return index, left_out


def _check_translation_sources(
    pages: dict[str, Page],
    source_urls: dict[str, str],
    owner_of_url: dict[str, Path],
    errors: ErrorList,
) -> None:
    """`translation_of` must name a page's file (drafts count: the link is not published)."""
    page_files = sorted(rel for rel, url in source_urls.items() if url in owner_of_url)
    for page in pages.values():
        value = page.meta.translation_of
        if value is None or page.source is None or _nfc(value) in page_files:
            continue
        close = difflib.get_close_matches(_nfc(value), page_files, n=1)
        hint = (
            f"; did you mean `{close[0]}`?"
            if close
            else "; give the source page's file relative to content/, e.g. "
            "`Bygga, bo och miljö/Bygglov.md`"
        )
        errors.add(
            page.source.path,
            page.source.front.line("translation_of"),
            f"`translation_of: {value}` names no page under content/{hint}",
            "unknown-translation-source",
        )


def _letter_order(letter: str) -> tuple[int, tuple[tuple[int, ...], str]]:
    """Digits first, then A–Ö in Swedish order, then anything else."""
    return (0 if letter == "0–9" else 2 if letter == "#" else 1, sort_key(letter))


def _order(pages: dict[str, Page], urls: list[str]) -> tuple[str, ...]:
    """By weight, then Swedish title order; a page without a weight comes after every weighted
    one, so a new page never jumps ahead of the pages an editor has put in order."""

    def key(url: str) -> tuple[bool, int, tuple[tuple[int, ...], str]]:
        weight = pages[url].meta.weight
        return (weight is None, weight or 0, sort_key(pages[url].title))

    return tuple(sorted(urls, key=key))


def _children(pages: dict[str, Page]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for p in pages.values():
        if p.parent is not None and p.parent in pages:
            grouped[p.parent].append(p.url)
    return {parent: _order(pages, urls) for parent, urls in sorted(grouped.items())}


def _aliases(
    pages: dict[str, Page], assets: dict[str, Asset], errors: ErrorList
) -> tuple[dict[str, str], list[Output]]:
    """Old address -> page, and the redirect file each alias writes (for the clash check)."""
    aliases: dict[str, str] = {}
    written: list[Output] = []
    taken = {output_file(u) for u in pages} | set(assets)
    for page in pages.values():
        if page.source is None:
            continue
        for i, alias in enumerate(page.meta.aliases):
            if alias_problem(alias) is not None:
                continue  # reported when the front matter was checked; never written
            old = alias_address(alias)
            line = page.source.front.line_at(("aliases", i))
            if old in pages or output_file(old) in taken:
                errors.add(
                    page.source.path,
                    line,
                    f"alias {old} is already the address of a page or file; remove the alias",
                )
            elif reserved_file(old):
                errors.add(
                    page.source.path, line, f"alias {old} is {reserved_file(old)}; remove the alias"
                )
            elif old in aliases:
                other = pages[aliases[old]].source
                errors.add(
                    page.source.path,
                    line,
                    f"alias {old} is also an alias of {other.path if other else aliases[old]}; keep it on one page",
                )
            else:
                aliases[old] = page.url
                written.append(Output(alias_file(old), "alias", alias, page.source.path, line))
    return dict(sorted(aliases.items())), written


def _outputs(
    pages: dict[str, Page], assets: dict[str, Asset], aliases: list[Output]
) -> list[Output]:
    """Every file the build will write, with who asked for it."""
    found = [Output(f.lstrip("/"), "generated", f) for f in sorted(GENERATED_FILES)]
    for url, page in pages.items():
        if page.source is None:
            found.append(Output(page.output, "generated", url))
        else:
            found.append(Output(page.output, "page", url, page.source.path))
    found += [Output(url.lstrip("/"), "file", url, a.path) for url, a in assets.items()]
    return found + aliases


def _nav(
    pages: dict[str, Page],
    children: dict[str, tuple[str, ...]],
    config: SiteConfig,
    errors: ErrorList,
    config_path: Path,
    config_lines: Mapping,
    folders: dict[PurePosixPath, str],
) -> tuple[str, ...]:
    top = [u for u in children.get("/", ()) if pages[u].kind == "section"]
    if config.nav is None:
        return tuple(top)
    by_name = {_nfc(str(folder)): url for folder, url in folders.items() if len(folder.parts) == 1}
    nav: list[str] = []
    for i, name in enumerate(config.nav):
        url = by_name.get(_nfc(name))
        if url is None or url not in pages:
            close = difflib.get_close_matches(name, list(by_name), n=1)
            hint = (
                f"; did you mean {close[0]!r}?" if close else "; use the folder's name as written"
            )
            errors.add(
                config_path,
                config_lines.line_at(("nav", i)),
                f"nav: no top-level folder {name!r}{hint}",
            )
        else:
            nav.append(url)
    return tuple(nav)


def _footer(
    config: SiteConfig,
    source_urls: dict[str, str],
    pages: dict[str, Page],
    errors: ErrorList,
    config_path: Path,
    config_lines: Mapping,
) -> dict[str, str]:
    footer: dict[str, str] = {}
    for key, value in (
        ("accessibility_statement", config.accessibility_statement),
        ("privacy_page", config.privacy_page),
    ):
        if value is None:
            continue
        url = source_urls.get(_nfc(value))
        if url is None or url not in pages:
            errors.add(
                config_path,
                config_lines.line(key),
                f"{key}: {value!r} is not a page under content/; give the file's path relative to content/",
            )
        else:
            footer[key] = url
    return footer
