"""Paths on this site written in settings, link-checked like the links in a page's text.

`contact.url` (in site.yml and in a service's front matter), each `alternatives:` entry's
`link` and a form's `privacy.more` may be a path on this site (`/kontakt/`). A typo there
would publish a link to the 404 page, so each becomes a `SettingLink` with the file and
line it was written on, and `links.check_links` checks it with the Markdown links once
every page's headings are known (a `#fragment` must name one). Web addresses
(`https://...`) are left alone, as in the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .config import SiteConfig
    from .forms import FormSet
    from .model import Page
    from .yamlsource import Mapping


class SettingLink(NamedTuple):
    """A site path in a setting; ``what`` names it as the editor wrote it,
    e.g. "contact: `url: /kontakt/`"."""

    path: str
    line: int
    href: str
    target: str  # site URL without fragment
    fragment: str
    what: str


def setting_link(path: Path, line: int, what: str, href: str | None) -> SettingLink | None:
    """The link to check for ``href``, or None when it is no path on this site."""
    if href is None or not href.startswith("/") or href.startswith("//"):
        return None
    target, _, fragment = href.partition("#")
    target = target.partition("?")[0]
    if not target.endswith("/") and "." not in target.rsplit("/", 1)[-1]:
        target += "/"  # /kontakt is served as /kontakt/, as in a Markdown link
    return SettingLink(str(path), line, href, target, fragment, what)


def setting_links(
    pages: dict[str, Page],
    config: SiteConfig,
    config_path: Path,
    config_lines: Mapping,
    forms: FormSet,
) -> tuple[SettingLink, ...]:
    """Every site path written in site.yml, in front matter and in the form definitions."""
    found: list[SettingLink | None] = []
    if config.contact is not None:
        line = config_lines.line_at(("contact", "url"))
        found.append(
            setting_link(
                config_path, line, _what("contact", "url", config.contact.url), config.contact.url
            )
        )
    for page in pages.values():
        source, meta = page.source, page.meta
        if source is None:
            continue
        front = source.front
        if meta.contact is not None and meta.contact.url is not None:
            line = front.line_at(("contact", "url")) if front.node else front.line("contact")
            found.append(
                setting_link(
                    source.path, line, _what("contact", "url", meta.contact.url), meta.contact.url
                )
            )
        for i, alternative in enumerate(meta.alternatives or ()):
            if alternative.link is None:
                continue
            line = (
                front.line_at(("alternatives", i, "link"))
                if front.node
                else front.line("alternatives")
            )
            what = _what(f"alternative {i + 1}", "link", alternative.link)
            found.append(setting_link(source.path, line, what, alternative.link))
    for loaded in forms.forms.values():
        privacy = loaded.definition.privacy
        more = privacy.more if privacy is not None else None
        found.append(
            setting_link(loaded.path, loaded.more_line, _what("privacy", "more", more), more)
        )
    return tuple(link for link in found if link is not None)


def _what(place: str, key: str, href: str | None) -> str:
    return f"{place}: `{key}: {href}`"
