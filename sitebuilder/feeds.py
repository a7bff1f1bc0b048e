"""Generated files that are not pages: Atom feed, sitemap, robots.txt and Netlify redirects."""

from __future__ import annotations

import datetime as dt

from .characters import xml_problem
from .model import FEED_URL, Body
from .render import Renderer


def _timestamp(day: dt.date) -> str:
    # Content gives dates, Atom needs instants: noon UTC keeps the day right in Sweden.
    return f"{day.isoformat()}T12:00:00Z"


def atom_feed(renderer: Renderer, bodies: dict[str, Body]) -> str:
    index = renderer.index
    entries = []
    for url in index.news[:50]:
        page = index.pages[url]
        assert page.meta.date is not None
        updated = max(page.meta.date, page.meta.reviewed or page.meta.date)
        entries.append(
            {
                "title": page.title,
                "lang": page.lang,  # title, summary and content are in the page's language
                "url": renderer.absolute(url),
                "published": _timestamp(page.meta.date),
                "updated": _timestamp(updated),
                "summary": page.meta.description,
                "html": bodies[url].html,
            }
        )
    newest = max((e["updated"] for e in entries), default=_timestamp(dt.date(2000, 1, 1)))
    listing = index.pages.get("/nyheter/")
    template = renderer.theme.env.get_template("feeds/atom.xml")
    return _xml(
        "the Atom feed",
        template.render(
            site=index.config,
            title=listing.title if listing else "Nyheter",
            feed_url=renderer.absolute(FEED_URL),
            listing_url=renderer.absolute("/nyheter/"),
            updated=newest,
            entries=entries,
        ),
    )


def sitemap(renderer: Renderer) -> str:
    entries = []
    for page in renderer.index.pages.values():
        last = page.meta.reviewed or page.meta.date
        entries.append(
            {"loc": renderer.absolute(page.url), "lastmod": last.isoformat() if last else None}
        )
    return _xml(
        "the sitemap", renderer.theme.env.get_template("feeds/sitemap.xml").render(entries=entries)
    )


def robots(renderer: Renderer) -> str:
    return renderer.theme.env.get_template("feeds/robots.txt").render(
        sitemap_url=renderer.absolute("/sitemap.xml")
    )


def netlify_redirects(renderer: Renderer) -> str:
    """Real 301s on Netlify; the HTML redirect pages cover every other host."""
    lines = []
    for old, new in renderer.index.aliases.items():
        source, target = renderer.href(old), renderer.href(new)
        # Validation refuses such aliases; a line is still never split or joined here.
        if any(c.isspace() or not c.isprintable() for c in source + target):
            raise ValueError(f"refusing to write {source!r} -> {target!r} into _redirects")
        lines.append(f"{source} {target} 301")
    return "\n".join(lines) + ("\n" if lines else "")


def _xml(what: str, text: str) -> str:
    """Generated XML, checked once more: one forbidden character would make it unreadable."""
    problem = xml_problem(text)
    if problem is not None:
        raise ValueError(f"refusing to write {what}: it would hold {problem}")
    return text
