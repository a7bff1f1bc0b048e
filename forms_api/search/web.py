"""GET /api/search: the results page in the site's look, or its results region alone.

One engine and one ranking: the page a browser without JavaScript gets and the fragment
search.js fetches as the resident types are made from the same Results by the same template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request
from markupsafe import Markup

from sitebuilder.render import Renderer

from ..pages import message_page, rate_limited_page, site
from .asking import Asked, read_request
from .querylog import QueryLog
from .results import Results
from .service import SearchService
from .view import Words, region_context

bp = Blueprint("search", __name__)

# Results hold nothing about the resident, but a shared cache that drops the query string
# from its key would serve one query's page for another's; and every search that reaches
# the endpoint is counted. So: the browser may keep a page a minute (back and forward are
# instant), shared caches keep none.
RESULTS_CACHE = "private, max-age=60"


def _service() -> SearchService:
    return current_app.extensions["search_service"]


def _log() -> QueryLog | None:
    return current_app.extensions.get("search_log")


@bp.get("/api/search")
def search() -> Response:
    wait = current_app.extensions["search_rate_limit"].take(request.remote_addr or "")
    if wait is not None:
        return rate_limited_page(wait, "search_rate_limited")
    api = site()
    asked = read_request(request.args, api.indexed.index)
    query = asked.query
    results: Results | None = None
    if query.text:
        try:
            index = _service().index()
            results = index.search(query)
            if results.total and query.page > results.pages:
                # Past the last page (page=99999, or the content shrank): show the last one.
                query = dataclasses.replace(query, page=results.pages)
                results = index.search(query)
            query = results.query  # as the engine bounded it
        except Exception:  # the engine must never fail a resident; say so, log it
            current_app.logger.exception("search: the engine failed")
            return message_page(503, "search_unavailable", headers={"Retry-After": "30"})
        _count(asked, results)
    renderer = _renderer()
    page_lang = query.lang
    ui_lang = renderer.theme.strings.resolve(page_lang)
    region = region_context(renderer, query, results, ui_lang, page_lang)
    region_html = Markup(renderer.render("layouts/search_region.html", region))
    if asked.fragment:
        response = Response(region_html, mimetype="text/html")
    else:
        t = renderer.strings(ui_lang)
        box = renderer.search_box(t, page_lang, value=query.text)
        html = renderer.render_search(
            Words(t).title(query, results),
            t["search.description"],
            page_lang,
            {"heading": region["heading"], "box": box, "results_html": region_html},
        )
        response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = RESULTS_CACHE
    return response


def _renderer() -> Renderer:
    """One renderer a day (its date is today's), so the header, menu and footer are
    rendered once and not for every search."""
    api = site()
    today = dt.datetime.now(api.zone).date()
    held = current_app.extensions.get("search_renderer")
    if held is None or held[0] != today:
        held = current_app.extensions["search_renderer"] = (today, api.renderer(today))
    return held[1]


def _count(asked: Asked, results: Results) -> None:
    """A new search is counted once: its first page, unfiltered, not as-you-type (which
    would count every prefix the resident typed on the way)."""
    querylog = _log()
    if querylog is None or asked.fragment or asked.filtered or asked.query.page != 1:
        return
    try:
        querylog.record(asked.query.text, results.total > 0, dt.datetime.now(site().zone).date())
    except sqlite3.Error:
        current_app.logger.warning("search: the query log is not writable", exc_info=True)


def log_path(config: dict) -> Path:
    """FORMS_SEARCH_LOG, or searches.sqlite3 beside the outbox."""
    if config["SEARCH_LOG"]:
        return Path(config["SEARCH_LOG"])
    return Path(config["DATABASE"]).with_name("searches.sqlite3")


def index_path(config: dict) -> Path:
    """FORMS_SEARCH_INDEX, or search-index.sqlite3 beside the outbox."""
    if config["SEARCH_INDEX"]:
        return Path(config["SEARCH_INDEX"])
    return Path(config["DATABASE"]).with_name("search-index.sqlite3")


def init_app(app: Flask) -> None:
    """The index (built now, so the first resident does not wait) and the query log."""
    indexed = app.extensions["forms_site"].indexed
    app.extensions["search_service"] = SearchService(
        Path(app.config["CONTENT_DIR"]), index_path(app.config), indexed
    )
    if app.config["SEARCH_LOG_ENABLED"]:
        app.extensions["search_log"] = QueryLog(log_path(app.config))
    app.register_blueprint(bp)
