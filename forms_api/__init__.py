"""The forms endpoint: accepts residents' form posts, stores them durably, emails departments.

`create_app()` is the factory (`flask --app forms_api ...`, `gunicorn 'forms_api:create_app()'`).
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import commands, pages, views
from .health import HealthCheck
from .mail import DirectoryTransport, SmtpTransport
from .outbox import Outbox
from .ratelimit import RateLimit
from .repeats import load_key
from .search import report as search_report
from .search import web as search_web
from .sender import BackgroundSender, Policy
from .settings import load as load_settings
from .site import load_api_site


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    config = load_settings(test_config)  # first: a bad setting stops here, naming itself
    app = Flask(__name__)
    app.config.update(config)
    if app.config["SECRET_KEY"] == "":
        app.config["SECRET_KEY"] = None  # no sessions or cookies are used

    site = load_api_site(Path(app.config["CONTENT_DIR"]), app.config["TIMEZONE"])
    app.extensions["forms_site"] = site
    allowed = {
        o.strip().rstrip("/") for o in str(app.config["ALLOWED_ORIGINS"]).split(",") if o.strip()
    }
    base = site.config.base_url
    allowed.add(base.split("://", 1)[0] + "://" + base.split("://", 1)[1].split("/", 1)[0])
    app.config["ALLOWED_ORIGIN_SET"] = frozenset(allowed)

    if int(app.config["PROXY_COUNT"]):
        # Behind Netlify or a load balancer the client's address is in X-Forwarded-For.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    init_outbox(app)
    init_limiter(app)
    app.register_blueprint(views.bp)
    search_web.init_app(app)
    pages.register_errors(app)
    commands.init_app(app)
    search_report.init_app(app)
    if app.config["SENDER_THREAD"] and not app.config.get("TESTING"):
        # Started by the first request (a health check will do), so that operator commands
        # such as `flask outbox status` never send mail behind the operator's back.
        app.before_request(lambda: _ensure_sender(app))
    return app


_SENDER_LOCK = threading.Lock()


def _ensure_sender(app: Flask) -> None:
    if "forms_sender" in app.extensions:
        return
    with _SENDER_LOCK:
        if "forms_sender" not in app.extensions:
            start_sender(app)


def init_outbox(app: Flask) -> None:
    box = Outbox(app.config["DATABASE"])
    app.extensions["forms_outbox"] = box
    app.extensions["forms_health"] = HealthCheck(box, float(app.config["HEALTH_CHECK_SECONDS"]))
    app.extensions["forms_repeat_key"] = load_key(
        str(app.config["SECRET_KEY"] or ""), Path(app.config["DATABASE"])
    )


def transport_for(config: dict[str, Any]) -> SmtpTransport | DirectoryTransport:
    if config["SMTP_HOST"]:
        return SmtpTransport(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            user=config["SMTP_USER"],
            password=config["SMTP_PASSWORD"],
            starttls=bool(config["SMTP_STARTTLS"]),
            use_ssl=bool(config["SMTP_SSL"]),
            timeout=float(config["SMTP_TIMEOUT"]),
        )
    return DirectoryTransport(Path(config["MAIL_DIR"]))


def policy_for(config: dict[str, Any]) -> Policy:
    return Policy(
        max_attempts=int(config["MAX_ATTEMPTS"]),
        retry_base_seconds=float(config["RETRY_BASE_SECONDS"]),
        retry_max_seconds=float(config["RETRY_MAX_SECONDS"]),
        claim_seconds=float(config["CLAIM_SECONDS"]),
        spam_retention_days=int(config["SPAM_RETENTION_DAYS"]),
        dead_retention_days=int(config["DEAD_RETENTION_DAYS"]),
    )


def init_limiter(app: Flask) -> None:
    """Accepted posts per address; the view takes the hit just before it stores a post."""
    app.extensions["forms_rate_limit"] = RateLimit(
        str(app.config["RATE_LIMIT"]), str(app.config["RATE_LIMIT_STORAGE"])
    )
    # Searches count each request: a GET changes nothing, so there is nothing to correct.
    app.extensions["search_rate_limit"] = RateLimit(
        str(app.config["SEARCH_RATE_LIMIT"]),
        str(app.config["RATE_LIMIT_STORAGE"]),
        namespace="search",
        setting="FORMS_SEARCH_RATE_LIMIT",
    )


def start_sender(app: Flask) -> None:
    database = app.config["DATABASE"]
    sender = BackgroundSender(
        lambda: Outbox(database),
        transport_for(app.config),
        policy_for(app.config),
        float(app.config["SENDER_POLL_SECONDS"]),
    )
    sender.start()
    app.extensions["forms_sender"] = sender
    atexit.register(sender.stop)
