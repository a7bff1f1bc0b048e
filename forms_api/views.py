"""The endpoint: POST a form, GET its receipt, GET health. Every reply is a page, never a 500."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import sqlite3
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    request,
    url_for,
)

from sitebuilder.forms.answers import Answer, check_answers
from sitebuilder.forms.definition import FormDefinition
from sitebuilder.forms.view import HONEYPOT, PAGE_TOKEN, TIMING, VERSION
from sitebuilder.theme import long_date

from . import antispam
from .body import parse_form, read_body
from .health import HealthCheck
from .mail import compose
from .outbox import Outbox, now
from .pages import form_page_link, message_page, rate_limited_page, refused_post_page, site
from .refs import is_reference, new_reference
from .repeats import fingerprint

bp = Blueprint("forms", __name__)

# The site's own policy (netlify.toml sets it for the static files; a host does not add it to
# proxied answers, so the endpoint sends it itself). A test keeps the two the same. Its
# form-action allows https: too: each page with a form narrows it with a <meta> policy to
# the site and the forms endpoint's origin (Renderer.form_policy).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self' https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}
# Nothing the endpoint answers may be kept by a browser or a proxy: the 422 page holds a
# resident's answers, a receipt their reference, and an error page is about one request.
API_ONLY_HEADERS = {"Cache-Control": "no-store"}


@bp.after_app_request
def security_headers(response: Response) -> Response:
    for name, value in {**SECURITY_HEADERS, **API_ONLY_HEADERS}.items():
        response.headers.setdefault(name, value)
    return response


def outbox() -> Outbox:
    return current_app.extensions["forms_outbox"]


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


def _parse_body(definition: FormDefinition) -> dict[str, list[str]] | None:
    """The posted values; None when they cannot be read as the form's own post.

    A browser sends each question of the form once (checkboxes once per ticked box); two
    values for one question mean a client we do not know, and keeping either would silently
    drop the other.
    """
    if request.mimetype != "application/x-www-form-urlencoded":
        return None
    raw = read_body(request.environ, current_app.config["MAX_CONTENT_LENGTH"])
    data = parse_form(raw, request.mimetype_params.get("charset"))
    if data is None:
        return None
    for field in definition.fields:
        if field.type != "checkboxes" and len(data.get(field.name, ())) > 1:
            return None
    return data


# The form's version as the builder writes it into the page (sitebuilder/forms/loading.py: 12
# hex digits of the definition's hash).
VERSION_FORMAT = re.compile(r"[0-9a-f]{12}")


def _shown_version(data: dict[str, list[str]]) -> str | None:
    """The version the resident's page showed; anything else is ignored, never written: the
    email puts it on a line of the site's own text."""
    shown = (data.get(VERSION) or [""])[0]
    return shown if VERSION_FORMAT.fullmatch(shown) else None


# The optional script's token for one page load: 32 hex digits (16 random bytes).
PAGE_TOKEN_FORMAT = re.compile(r"[0-9a-f]{32}")


def _repeat_fingerprint(
    definition: FormDefinition, form_id: str, answers: dict[str, Answer], data: dict[str, list[str]]
) -> bytes | None:
    """What makes a post a repeat of an earlier one (Send pressed twice, a resend after a
    lost 303), or None when nothing may: a repeat gets the first receipt, nothing new.

    With the optional script, the same page load (its token): another person's page has
    another token, however alike their answers and their network. Without it, the same
    address and browser, unless the form says `repeat_window: false` (a survey, where many
    people give the same answers from one school or library). A spammer learns nothing
    either way: a repeat gets the receipt the first post got.
    """
    token = (data.get(PAGE_TOKEN) or [""])[0]
    if PAGE_TOKEN_FORMAT.fullmatch(token):
        client = f"page\0{token}"
    elif definition.repeat_window:
        client = f"client\0{request.remote_addr}\0{request.headers.get('User-Agent', '')}"
    else:
        return None
    return fingerprint(current_app.extensions["forms_repeat_key"], form_id, answers, client)


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
    data = _parse_body(loaded.definition)
    if data is None:
        return refused_post_page(400, "bad_request", form_id)
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
    repeat = _repeat_fingerprint(loaded.definition, form_id, checked.answers, data)
    # Counted here, in one atomic step, and only then stored: posts sent at once cannot all
    # pass a test made before any of them is counted.
    wait = current_app.extensions["forms_rate_limit"].take(request.remote_addr or "")
    if wait is not None:
        return rate_limited_page(wait)
    received = now()
    local = received.astimezone(site().zone)
    health: HealthCheck = current_app.extensions["forms_health"]
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
            shown_version=_shown_version(data),
        )
        try:
            stored = outbox().add(
                ref=ref,
                form_id=form_id,
                form_version=loaded.version,
                form_commit=site().commits.get(form_id),
                received_at=received,
                recipient=recipient,
                message=message.as_bytes(),
                spam_reason=spam_reason,
                fingerprint=repeat,
                repeat_seconds=current_app.config["REPEAT_WINDOW_SECONDS"],
            )
            break
        except sqlite3.IntegrityError:
            continue  # a reference collision: draw another
        except sqlite3.Error:
            # Not stored means not accepted: say so plainly rather than show a receipt.
            current_app.logger.exception("forms: outbox not writable")
            health.record(False)
            return message_page(503, "unavailable", headers={"Retry-After": "120"})
    else:  # pragma: no cover - 31**8 references make this vanishingly unlikely
        return message_page(503, "unavailable", headers={"Retry-After": "10"})
    health.record(True)
    if stored != ref:
        current_app.logger.info("forms: a repeat of %s; nothing new stored", stored)
    elif spam_reason:
        current_app.logger.info("forms: %s quarantined (%s)", ref, spam_reason)
    else:
        sender = current_app.extensions.get("forms_sender")
        if sender is not None:
            sender.wake()
    return redirect(url_for("forms.receipt", form_id=form_id, ref=stored), code=303)


@bp.get("/api/forms/<form_id>/receipt/<ref>")
def receipt(form_id: str, ref: str) -> Response:
    loaded = site().form(form_id)
    if loaded is None:
        return message_page(404, "not_found")
    try:
        item = outbox().get(ref) if is_reference(ref) else None
    except sqlite3.Error:
        return message_page(503, "unavailable", headers={"Retry-After": "120"})
    d = loaded.definition
    if item is None or item.form_id != form_id:
        # The form exists; this receipt does not (a mistyped or shortened address).
        return message_page(
            404, "receipt_missing", lang=d.lang, links=form_page_link(form_id), form=d.title
        )
    t = site().strings(d.lang)
    local = item.received_at.astimezone(site().zone)
    months = t["months"].split()
    received_text = f"{local.day} {months[local.month - 1]} {local.year} kl. {local:%H:%M}"
    links = [*form_page_link(form_id), {"text": t["home"], "href": site().config.base_path + "/"}]
    html = (
        site()
        .renderer()
        .render_message(
            t["forms.receipt.title"],
            [d.success],
            lang=d.lang,
            links=links,
            template="layouts/receipt.html",
            extra={
                "reference": ref,
                "form_title": d.title,
                "received_iso": local.isoformat(timespec="minutes"),
                "received_text": received_text,
            },
        )
    )
    response = Response(html, mimetype="text/html")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/api/health")
def health() -> Response:
    """Public: 200 or 503 and a word, nothing about the outbox (counts are for operators)."""
    ok = current_app.extensions["forms_health"].ok()
    response = jsonify({"status": "ok" if ok else "unavailable"})
    response.status_code = 200 if ok else 503
    return response


@bp.get("/api/status")
def status() -> Response:
    """For operators: the outbox's counts, behind FORMS_OPERATOR_TOKEN (404 without one)."""
    token = current_app.config["OPERATOR_TOKEN"]
    if not token:
        return message_page(404, "no_such_page")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        response = jsonify({"status": "unauthorized"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="forms outbox"'
        return response
    ok = current_app.extensions["forms_health"].ok()
    try:
        counts: dict[str, int] | None = outbox().counts()
    except sqlite3.Error:
        ok, counts = False, None
    response = jsonify({"status": "ok" if ok else "unavailable", "outbox": counts})
    response.status_code = 200 if ok else 503
    return response
