"""The endpoint: POST a form, GET its receipt, GET health. Every reply is a page, never a 500."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException

from sitebuilder.forms.answers import check_answers
from sitebuilder.forms.view import HONEYPOT, TIMING, VERSION
from sitebuilder.theme import long_date

from . import antispam
from .mail import compose, header_safe
from .outbox import Outbox, now
from .refs import is_reference, new_reference
from .site import ApiSite

bp = Blueprint("forms", __name__)

# The site's own policy (netlify.toml sets it for the static files; a host does not add it to
# proxied answers, so the endpoint sends it itself). A test keeps the two the same.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@bp.after_app_request
def security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


MAX_FIELDS = 200


def site() -> ApiSite:
    return current_app.extensions["forms_site"]


def outbox() -> Outbox:
    return current_app.extensions["forms_outbox"]


def message_page(
    status: int, key: str, *, headers: dict[str, str] | None = None, **values: Any
) -> Response:
    """One of the API's own pages (404, 410, 413, 429 ...) in the site's look."""
    t = site().strings()
    text = t.get(f"forms.{key}.text", "")
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    links = [{"text": t["home"], "href": site().config.base_path + "/"}]
    html = (
        site()
        .renderer()
        .render_message(t[f"forms.{key}.title"], [text] if text else [], links=links)
    )
    response = Response(html, status=status, mimetype="text/html")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _origin_allowed() -> bool:
    """Same-origin posts, and posts from the site's own address or configured origins."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True  # privacy tools strip both; never hold that against a resident
        try:
            parts = urlsplit(referer)
        except ValueError:
            # e.g. "http://[::1": no browser sends such a Referer, so it is not a resident's
            # page posting; refuse it (403) rather than let garbage stand in for an origin.
            return False
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin == "null":
        return False
    allowed = set(current_app.config["ALLOWED_ORIGIN_SET"])
    allowed.add(request.host_url.rstrip("/"))
    return origin.rstrip("/") in allowed


def _read_body(cap: int) -> bytes:
    """The raw body; 413 when it is over ``cap`` bytes, however the client frames it."""
    if request.content_length is not None:
        return request.get_data(cache=False)  # Werkzeug answers 413 for a length over the cap
    if "wsgi.input_terminated" not in request.environ:
        return b""  # no length and a server that does not end the stream: nothing safe to read
    # Chunked: Werkzeug's stream would stop at the cap without a word, and the truncated
    # answers would be accepted. Read one byte more to tell "the cap" from "over it".
    stream = request.environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while size <= cap:
        chunk = stream.read(cap + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > cap:
        abort(413)
    return b"".join(chunks)


def _parse_body() -> dict[str, list[str]] | None:
    """Strictly UTF-8 url-encoded form data; None when it cannot be read."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return None
    raw = _read_body(current_app.config["MAX_CONTENT_LENGTH"])
    try:
        text = raw.decode("ascii")
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        return None
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    return values


@bp.post("/api/forms/<form_id>")
def submit(form_id: str) -> Response:
    loaded = site().form(form_id)
    if loaded is None:
        return message_page(404, "not_found")
    if not _origin_allowed():
        return message_page(403, "forbidden")
    today = dt.datetime.now(site().zone).date()
    if not loaded.definition.is_open(today):
        d = loaded.definition
        if d.opens is not None and today < d.opens:
            return message_page(410, "not_open_page", date=long_date(d.opens, site().strings()))
        assert d.closes is not None
        return message_page(410, "closed_page", date=long_date(d.closes, site().strings()))
    data = _parse_body()
    if data is None:
        return message_page(400, "bad_request")
    t = site().strings(loaded.definition.lang)
    checked = check_answers(loaded.definition, lambda name: data.get(name, []), t)
    if not checked.valid:
        html = site().render_form_page(form_id, checked.answers, checked.errors, today)
        return Response(html, status=422, mimetype="text/html")
    signals = antispam.Signals(
        honeypot=(data.get(HONEYPOT) or [""])[0],
        seconds=(data.get(TIMING) or [None])[0],
        links=checked.links,
    )
    spam_reason = antispam.verdict(
        signals,
        min_seconds=current_app.config["MIN_FILL_SECONDS"],
        max_links=current_app.config["MAX_LINKS"],
    )
    received = now()
    local = received.astimezone(site().zone)
    for _ in range(5):
        ref = new_reference()
        recipient, message = compose(
            loaded,
            checked.answers,
            ref=ref,
            received_at=received,
            received_local=local.strftime("%Y-%m-%d %H:%M %Z"),
            mail_from=current_app.config["MAIL_FROM"],
            commit=site().commits.get(form_id),
            site_name=site().config.name,
            shown_version=header_safe((data.get(VERSION) or [""])[0], 40) or None,
        )
        try:
            outbox().add(
                ref=ref,
                form_id=form_id,
                form_version=loaded.version,
                form_commit=site().commits.get(form_id),
                received_at=received,
                recipient=recipient,
                message=message.as_bytes(),
                spam_reason=spam_reason,
            )
            break
        except sqlite3.IntegrityError:
            continue  # a reference collision: draw another
        except sqlite3.Error:
            # Not stored means not accepted: say so plainly rather than show a receipt.
            current_app.logger.exception("forms: outbox not writable")
            return message_page(503, "unavailable", headers={"Retry-After": "120"})
    else:  # pragma: no cover - 31**8 references make this vanishingly unlikely
        return message_page(503, "unavailable", headers={"Retry-After": "10"})
    if spam_reason:
        current_app.logger.info("forms: %s quarantined (%s)", ref, spam_reason)
    else:
        sender = current_app.extensions.get("forms_sender")
        if sender is not None:
            sender.wake()
    return redirect(url_for("forms.receipt", form_id=form_id, ref=ref), code=303)


@bp.get("/api/forms/<form_id>/receipt/<ref>")
def receipt(form_id: str, ref: str) -> Response:
    loaded = site().form(form_id)
    try:
        item = outbox().get(ref) if is_reference(ref) else None
    except sqlite3.Error:
        return message_page(503, "unavailable", headers={"Retry-After": "120"})
    if loaded is None or item is None or item.form_id != form_id:
        return message_page(404, "not_found")
    t = site().strings(loaded.definition.lang)
    local = item.received_at.astimezone(site().zone)
    months = t["months"].split()
    received_text = f"{local.day} {months[local.month - 1]} {local.year} kl. {local:%H:%M}"
    page = site().page_with_form(form_id)
    links = [{"text": t["home"], "href": site().config.base_path + "/"}]
    if page is not None:
        links.insert(0, {"text": page.title, "href": site().config.base_path + page.url})
    html = (
        site()
        .renderer()
        .render_message(
            t["forms.receipt.title"],
            [loaded.definition.success],
            lang=loaded.definition.lang,
            links=links,
            template="layouts/receipt.html",
            extra={
                "reference": ref,
                "form_title": loaded.definition.title,
                "received_iso": local.isoformat(timespec="minutes"),
                "received_text": received_text,
            },
        )
    )
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/api/health")
def health() -> Response:
    box = outbox()
    ok = box.writable()
    try:
        counts: dict[str, int] | None = box.counts()
    except sqlite3.Error:
        ok, counts = False, None
    body = {"status": "ok" if ok else "database not writable", "outbox": counts}
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    return response


def register_errors(app) -> None:
    """Every HTTP error becomes a page in the site's look; nothing escapes as a bare 500."""

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> Response:
        return message_page(404, "not_found")

    @app.errorhandler(405)
    def not_allowed(error: HTTPException) -> Response:
        return message_page(
            405, "bad_request", headers={"Allow": ", ".join(error.valid_methods or [])}
        )

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> Response:
        return message_page(413, "too_large")

    @app.errorhandler(400)
    def bad_request(error: HTTPException) -> Response:
        return message_page(400, "bad_request")

    @app.errorhandler(429)
    def too_many(error: HTTPException) -> Response:
        limiter = app.extensions["forms_limiter"]
        current = limiter.current_limit
        reset_in = max(1, math.ceil(current.reset_at - time.time())) if current else 60
        minutes = max(1, math.ceil(reset_in / 60))
        t = site().strings()
        wait = t["forms.rate_limited.minute" if minutes == 1 else "forms.rate_limited.minutes"]
        return message_page(
            429,
            "rate_limited",
            headers={"Retry-After": str(reset_in)},
            wait=wait.replace("{n}", str(minutes)),
        )

    @app.errorhandler(500)
    def server_error(error: Exception) -> Response:  # pragma: no cover - last resort
        app.logger.exception("forms: unexpected error")
        return message_page(500, "bad_request")
