"""Results -> what the theme's templates are given: words from the strings, links that keep
the query, the region that as-you-type replaces. No HTML is written here."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sitebuilder.model import A_Z_URL, CATALOGUE_URL
from sitebuilder.render import Renderer, contact_rows
from sitebuilder.strings import LANG_KEY, lang_attr
from sitebuilder.theme import long_date

from .asking import KINDS
from .results import Hit, Query, Results

PAGE_WINDOW = 2  # numbered links either side of the current page


class Words:
    """The UI strings of one results page, and the few sentences made from them."""

    def __init__(self, t: dict[str, str]) -> None:
        self.t = t

    def heading(self, query: Query, total: int | None) -> str:
        if not query.text or total is None:
            return self.t["search.heading"]
        key = "search.count_none" if total == 0 else "search.count_one" if total == 1 else None
        text = self.t[key or "search.count_many"]
        return text.replace("{query}", query.text).replace("{n}", f"{total:,}".replace(",", " "))

    def title(self, query: Query, results: Results | None) -> str:
        heading = self.heading(query, results.total if results else None)
        if results is not None and results.pages > 1:
            page_of = self.t["search.page_of"]
            page_of = page_of.replace("{page}", str(query.page)).replace(
                "{pages}", str(results.pages)
            )
            return f"{heading} – {page_of}"
        return heading


def search_href(renderer: Renderer, query: Query, **changes: Any) -> str:
    """The results page for ``query`` with ``changes`` (None drops a parameter)."""
    values: dict[str, Any] = {
        "q": query.text,
        "lang": query.lang,
        "section": query.section,
        "kind": query.kind,
        "page": query.page if query.page > 1 else None,
    }
    values.update(changes)
    pairs = [(k, str(v)) for k, v in values.items() if v not in (None, "")]
    return renderer.search_action() + "?" + urlencode(pairs)


def region_context(
    renderer: Renderer, query: Query, results: Results | None, ui_lang: str, page_lang: str
) -> dict[str, Any]:
    """Everything `layouts/search_region.html` shows (None results: nothing asked yet)."""
    t = renderer.strings(ui_lang)
    words = Words(t)
    heading = words.heading(query, results.total if results else None)
    ctx: dict[str, Any] = {
        "heading": heading,
        "title": f"{words.title(query, results)} – {renderer.index.config.name}",
        "status": heading if results is not None else "",
        "region_lang": lang_attr(ui_lang, page_lang),
        "suggestion": None,
        "filters": None,
        "hits": None,
        "pages": None,
        "help": None,
    }
    if results is None:
        return ctx
    if results.suggestion:
        ctx["suggestion"] = {
            "lead": t["search.did_you_mean"],
            "text": results.suggestion,
            "href": search_href(
                renderer, query, q=results.suggestion, section=None, kind=None, page=None
            ),
        }
    ctx["filters"] = _filters(renderer, query, results, t)
    if results.hits:
        ctx["hits"] = {
            "label": t["search.hits"],
            "start": (query.page - 1) * query.per_page + 1,
            "items": [_hit(renderer, hit, t, ui_lang) for hit in results.hits],
        }
        ctx["pages"] = _pages(renderer, query, results, t)
    else:
        ctx["help"] = _help(renderer, query, results, t, ui_lang, ctx["suggestion"])
    return ctx


def _hit(renderer: Renderer, hit: Hit, t: dict[str, str], ui_lang: str) -> dict[str, Any]:
    title = f"{hit.title} › {hit.heading}" if hit.heading else hit.title
    item: dict[str, Any] = {
        "title": title,
        "href": renderer.href(hit.url),
        "lang": lang_attr(hit.lang, ui_lang),
        "crumbs": [crumb.title for crumb in hit.breadcrumb],
        "crumbs_label": t["search.crumbs"],
        "kind_text": t[f"search.kind_one.{hit.kind}"],
        "snippet": hit.snippet,
        "best_bet_text": t["search.best_bet"] if hit.best_bet else None,
    }
    if hit.date is not None:
        item["date"] = {"datetime": hit.date.isoformat(), "text": long_date(hit.date, t)}
    if hit.ladder_step is not None:
        item["step_text"] = t["search.step"].replace("{step}", str(hit.ladder_step))
    return item


def _filters(
    renderer: Renderer, query: Query, results: Results, t: dict[str, str]
) -> dict[str, Any] | None:
    groups = []
    if results.kinds and (len(results.kinds) > 1 or query.kind is not None):
        items = [
            {
                "text": t["search.all"],
                "count": sum(f.count for f in results.kinds),
                "href": search_href(renderer, query, kind=None, page=None),
                "current": query.kind is None,
            }
        ]
        items += [
            {
                "text": t[f"search.kind.{facet.value}"],
                "count": facet.count,
                "href": search_href(renderer, query, kind=facet.value, page=None),
                "current": query.kind == facet.value,
            }
            for facet in sorted(
                results.kinds, key=lambda f: KINDS.index(f.value) if f.value in KINDS else 9
            )
        ]
        groups.append({"heading": t["search.by_kind"], "items": items})
    # Only the menu's sections can be chosen (asking.read_request ignores anything else).
    sections = [f for f in results.sections if f.value in renderer.index.nav]
    if sections and (len(sections) > 1 or query.section is not None):
        items = [
            {
                "text": t["search.all"],
                "count": sum(f.count for f in results.sections),
                "href": search_href(renderer, query, section=None, page=None),
                "current": query.section is None,
            }
        ]
        for facet in sections:
            page = renderer.index.pages.get(facet.value)
            items.append(
                {
                    "text": facet.label,
                    "count": facet.count,
                    "href": search_href(renderer, query, section=facet.value, page=None),
                    "current": query.section == facet.value,
                    "lang": lang_attr(page.lang, t[LANG_KEY]) if page is not None else None,
                }
            )
        groups.append({"heading": t["search.by_section"], "items": items})
    if not groups:
        return None
    return {"label": t["search.filters"], "groups": groups}


def _pages(
    renderer: Renderer, query: Query, results: Results, t: dict[str, str]
) -> dict[str, Any] | None:
    last = results.pages
    if last <= 1:
        return None
    current = query.page
    shown = sorted(
        {1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)}
    )
    items: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"text": "…"})
        items.append(
            {
                "text": str(number),
                "label": t["search.page"].replace("{page}", str(number)),
                "href": search_href(renderer, query, page=number if number > 1 else None),
                "current": number == current,
            }
        )
        previous = number
    return {
        "label": t["search.pages"],
        "previous": (
            {
                "text": t["search.previous"],
                "href": search_href(renderer, query, page=current - 1 if current > 2 else None),
            }
            if current > 1
            else None
        ),
        "next": (
            {"text": t["search.next"], "href": search_href(renderer, query, page=current + 1)}
            if current < last
            else None
        ),
        "items": items,
    }


def _help(
    renderer: Renderer,
    query: Query,
    results: Results,
    t: dict[str, str],
    ui_lang: str,
    suggestion: dict[str, str] | None,
) -> dict[str, Any]:
    """No results is not a dead end: the suggestion, A–Ö, the e-services, the contact."""
    index = renderer.index
    links = []
    for url, key in ((A_Z_URL, "search.help.a_z"), (CATALOGUE_URL, "search.help.services")):
        if url in index.pages:
            links.append({"text": t[key], "href": renderer.href(url)})
    contact = None
    if index.config.contact is not None:
        rows = contact_rows(
            index.config.contact, t, lang_attr(index.config.language, ui_lang), renderer
        )
        contact = {
            "heading": t["search.help.contact"],
            "text": t["search.help.contact_text"],
            "rows": rows,
        }
    return {
        "heading": t["search.help.heading"],
        "text": t["search.help.text"],
        "suggestion": suggestion,
        "links": links,
        "contact": contact,
    }
