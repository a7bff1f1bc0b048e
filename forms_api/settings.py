"""Configuration: safe laptop defaults, then FORMS_* environment variables, then test values."""

from __future__ import annotations

import os
from typing import Any

PREFIX = "FORMS_"
DEFAULTS: dict[str, Any] = {
    "CONTENT_DIR": "content",
    "DATABASE": "var/outbox.sqlite3",
    "SMTP_HOST": "",  # empty: write each email as a .eml file to MAIL_DIR instead
    "SMTP_PORT": 587,
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": True,
    "SMTP_SSL": False,
    "SMTP_TIMEOUT": 20,
    "MAIL_FROM": "webbformular@localhost",
    "MAIL_DIR": "var/mail",
    "ALLOWED_ORIGINS": "",  # comma-separated; the site's base_url origin is always allowed
    "SECRET_KEY": "",
    "MIN_FILL_SECONDS": 3,
    "RATE_LIMIT": "5 per minute;30 per hour",
    "RATE_LIMIT_STORAGE": "memory://",  # e.g. redis://host:6379 when several instances run
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_LINKS": 3,
    "MAX_ATTEMPTS": 10,
    "RETRY_BASE_SECONDS": 30,
    "RETRY_MAX_SECONDS": 6 * 3600,
    "CLAIM_SECONDS": 300,
    "SPAM_RETENTION_DAYS": 30,
    "SENDER_THREAD": True,  # deliver in a background thread beside the web server
    "SENDER_POLL_SECONDS": 5,
    "TIMEZONE": "Europe/Stockholm",
    "PROXY_COUNT": 0,  # reverse proxies in front (Netlify's /api proxy is one)
}
_BOOL = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
    "": False,
}


def _coerce(key: str, raw: str) -> Any:
    default = DEFAULTS.get(key)
    if isinstance(default, bool):
        if raw.strip().lower() not in _BOOL:
            raise ValueError(f"{PREFIX}{key} must be true or false, not {raw!r}")
        return _BOOL[raw.strip().lower()]
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{PREFIX}{key} must be a whole number, not {raw!r}") from None
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every FORMS_<KEY> variable, typed like its default."""
    environ = dict(os.environ) if environ is None else environ
    found: dict[str, Any] = {}
    for name, raw in environ.items():
        if name.startswith(PREFIX):
            key = name[len(PREFIX) :]
            found[key] = _coerce(key, raw)
    return found
