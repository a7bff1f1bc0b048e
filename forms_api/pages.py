"""The endpoint's own pages in the site's look: errors, and what to do instead. Never a 500."""

from __future__ import annotations

import math
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from .site import ApiSite


def site() -> ApiSite:
    return current_app.extensions["forms_site"]


def message_page(
    status: int,
    key: str,
    *,
    headers: dict[str, str] | None = None,
    lang: str | None = None,
    links: list[dict[str, str]] | None = None,
    **values: Any,
) -> Response:
    """One of the API's pages (404, 410, 413, 429 ...): ``forms.<key>.title``, ``.text``
    and, if the strings have one, ``.help``; ``links`` come before the link home."""
    t = site().strings(lang)
    paragraphs = []
    for part in ("text", "help"):
        text = t.get(f"forms.{key}.{part}", "")
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        if text:
            paragraphs.append(text)
    home = {"text": t["home"], "href": site().config.base_path + "/"}
    html = (
        site()
        .renderer()
        .render_message(
            t[f"forms.{key}.title"], paragraphs, lang=lang, links=[*(links or []), home]
        )
    )
    response = Response(html, status=status, mimetype="text/html")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def rate_limited_page(seconds: int, key: str = "rate_limited") -> Response:
    """429: too many accepted posts (or searches, ``key="search_rate_limited"``) from this
    address; the page and Retry-After agree."""
    minutes = max(1, math.ceil(seconds / 60))
    t = site().strings()
    wait = t["forms.rate_limited.minute" if minutes == 1 else "forms.rate_limited.minutes"]
    return message_page(
        429,
        key,
        headers={"Retry-After": str(seconds)},
        wait=wait.replace("{n}", str(minutes)),
    )


def form_page_link(form_id: str) -> list[dict[str, str]]:
    """A link to the content page that embeds the form, if there is one."""
    page = site().page_with_form(form_id)
    if page is None:
        return []
    return [{"text": page.title, "href": site().config.base_path + page.url}]


def refused_post_page(status: int, key: str, form_id: str | None) -> Response:
    """400 or 413 for a post: the page says "go back to the form", so it links to it."""
    loaded = site().form(form_id) if form_id else None
    if loaded is None:
        return message_page(status, key)
    lang = loaded.definition.lang
    return message_page(status, key, lang=lang, links=form_page_link(loaded.definition.id))


def _posts_to_a_form() -> str | None:
    """The form id when this request's path is a form's post address, else None."""
    try:
        endpoint, args = current_app.url_map.bind_to_environ(request.environ).match(method="POST")
    except HTTPException:
        return None
    return args.get("form_id") if endpoint == "forms.submit" else None


def register_errors(app: Flask) -> None:
    """Every HTTP error becomes a page in the site's look; nothing escapes as a bare 500."""

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> Response:
        return message_page(404, "no_such_page")

    @app.errorhandler(405)
    def not_allowed(error: HTTPException) -> Response:
        allow = {"Allow": ", ".join(error.valid_methods or [])}
        form_id = _posts_to_a_form()
        if form_id is None:
            return message_page(405, "method_not_allowed", headers=allow)
        loaded = site().form(form_id)
        if loaded is None:
            return message_page(404, "not_found")
        # Someone opened the post address itself (a bookmark of the page with errors, a
        # link shared from the address bar): say where the form is, and let them go there.
        d = loaded.definition
        links = form_page_link(form_id)
        key = "post_only" if links else "post_only_nowhere"
        return message_page(405, key, headers=allow, lang=d.lang, links=links, form=d.title)

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> Response:
        return refused_post_page(413, "too_large", _posts_to_a_form())

    @app.errorhandler(400)
    def bad_request(error: HTTPException) -> Response:
        return refused_post_page(400, "bad_request", _posts_to_a_form())

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException) -> Response:
        # 411, 414, 415, 431 ...: whatever Werkzeug raises gets a page, with its own status.
        status = error.code or 400
        if status >= 500:
            return server_error(error)
        return message_page(status, "bad_request")

    @app.errorhandler(500)
    def server_error(error: Exception) -> Response:  # pragma: no cover - last resort
        app.logger.exception("forms: unexpected error")
        return message_page(500, "bad_request")
