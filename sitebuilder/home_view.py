"""What the home page shows besides its text: the top tasks, the newest news, a few
e-services and the sections. Plain data for `theme/layouts/home.html`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .collation import sort_key
from .model import CATALOGUE_URL, LISTING_STEPS, Page, SiteIndex
from .tasks import task_page

NEWS_SHOWN = 3
ESERVICES_SHOWN = 6


def home_params(
    index: SiteIndex,
    t: dict[str, str],
    href: Callable[[str], str],
    item: Callable[[Page], dict[str, Any]],
    lang_of: Callable[[Page], str | None],
) -> dict[str, Any]:
    """``item`` makes a listed page's params (title, link, description, date, language);
    ``lang_of`` the `lang` a page's title needs on the home page (None: the same)."""
    return {
        "tasks": _tasks(index, href, lang_of),
        "news": [item(index.pages[u]) for u in index.news[:NEWS_SHOWN]],
        "news_href": href("/nyheter/"),
        "eservices": _eservices(index, t, href, item, lang_of),
        "sections": [item(index.pages[u]) for u in index.nav],
    }


def _tasks(
    index: SiteIndex, href: Callable[[str], str], lang_of: Callable[[Page], str | None]
) -> list[dict[str, Any]]:
    tasks = []
    for task in index.tasks:
        page = task_page(index, task)
        if page is None:
            continue  # a file, not a page: only with `text` (the link check has the rest)
        if task.text is None:
            text, lang = page.title, lang_of(page)
        else:
            text, lang = task.text, None  # the editor's words, in the home page's language
        fragment = f"#{task.fragment}" if task.fragment else ""
        tasks.append({"text": text, "href": href(page.url) + fragment, "lang": lang})
    return tasks


def _eservices(
    index: SiteIndex,
    t: dict[str, str],
    href: Callable[[str], str],
    item: Callable[[Page], dict[str, Any]],
    lang_of: Callable[[Page], str | None],
) -> dict[str, Any] | None:
    """The e-services a resident can use here and now, without logging in (a service with a
    form on this site), else the first e-services by title; and a link to all of them."""
    urls = [u for step in LISTING_STEPS["services"] for u in index.services.get(step, ())]
    if not urls or CATALOGUE_URL not in index.pages:
        return None
    ordered = sorted(urls, key=lambda u: sort_key(index.pages[u].title))
    with_form = [u for u in ordered if index.pages[u].meta.form in index.forms.forms]
    shown = (with_form or ordered)[:ESERVICES_SHOWN]
    catalogue = index.pages[CATALOGUE_URL]
    return {
        "heading": catalogue.title,
        "heading_lang": lang_of(catalogue),
        "text": t["home_eservices_here" if with_form else "home_eservices_some"],
        "items": [item(index.pages[u]) for u in shown],
        "all": {
            "text": t["home_eservices_all"].replace("{n}", str(len(urls))),
            "href": href(CATALOGUE_URL),
        },
    }
