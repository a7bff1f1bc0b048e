"""Configuration: safe laptop defaults, then FORMS_* environment variables, then test values.

Every value is typed and checked once, at start, so a mistake stops the server with one line
naming the variable, instead of a traceback from the first request or the sender thread.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
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
    "SMTP_TIMEOUT": 20.0,  # per socket operation; a whole send is also cut off before its lease ends
    "MAIL_FROM": "webbformular@localhost",
    "MAIL_DIR": "var/mail",
    "ALLOWED_ORIGINS": "",  # comma-separated; the site's base_url origin is always allowed
    "SECRET_KEY": "",  # keys the repeat window's hashes; the same on machines sharing an outbox
    "MIN_FILL_SECONDS": 3.0,
    "RATE_LIMIT": "5 per minute;30 per hour",
    "RATE_LIMIT_STORAGE": "memory://",  # per process; redis://host:6379 to share between them
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_LINKS": 3,
    "MAX_ATTEMPTS": 10,
    "RETRY_BASE_SECONDS": 30.0,
    "RETRY_MAX_SECONDS": 6 * 3600.0,
    "CLAIM_SECONDS": 300.0,  # a sender's lease on an item it is sending
    "SPAM_RETENTION_DAYS": 30,
    "DEAD_RETENTION_DAYS": 30,  # then a dead letter's answers are erased, its reference kept
    "SENDER_THREAD": True,  # deliver in a background thread beside the web server
    "SENDER_POLL_SECONDS": 5.0,
    "TIMEZONE": "Europe/Stockholm",
    "PROXY_COUNT": 0,  # reverse proxies in front (Netlify's /api proxy is one)
    "HEALTH_CHECK_SECONDS": 5.0,  # /api/health writes to the outbox at most this often
    "OPERATOR_TOKEN": "",  # empty: no /api/status; else its bearer token
    "REPEAT_WINDOW_SECONDS": 600.0,  # the same answers again this soon get the first receipt
    # Site search. As-you-type asks once per pause in typing, so a resident's search is a
    # handful of requests; a script scraping the index meets the limit quickly.
    "SEARCH_RATE_LIMIT": "120 per minute;2000 per hour",
    "SEARCH_INDEX": "",  # empty: search-index.sqlite3 beside DATABASE
    "SEARCH_LOG": "",  # empty: searches.sqlite3 beside DATABASE (queries per day, no person)
    "SEARCH_LOG_ENABLED": True,
}
# A token anyone may try over the network must be too long to guess.
MIN_TOKEN_LENGTH = 32
# Zero would make no sense for these (a lease of 0 s, a cap of 0 bytes ...).
POSITIVE = {
    "SMTP_PORT",
    "SMTP_TIMEOUT",
    "MAX_CONTENT_LENGTH",
    "MAX_ATTEMPTS",
    "CLAIM_SECONDS",
    "SENDER_POLL_SECONDS",
}
# A lease must leave a slow but working mail server room for a whole send: connect, TLS,
# login, envelope and data can each take up to SMTP_TIMEOUT before the send is cut off.
LEASE_PER_SMTP_TIMEOUT = 3
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


class ConfigError(ValueError):
    """A FORMS_* setting that cannot work; the message names the variable and the fix."""


def _coerce(key: str, raw: Any) -> Any:
    """``raw`` (text from the environment, or a value from a test) typed like the default."""
    default = DEFAULTS.get(key)
    name = PREFIX + key
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        if str(raw).strip().lower() not in _BOOL:
            raise ConfigError(f"{name} must be true or false, not {raw!r}")
        return _BOOL[str(raw).strip().lower()]
    if isinstance(default, int):
        try:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            value: float = int(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    elif isinstance(default, float):
        try:
            if isinstance(raw, bool):
                raise ValueError
            value = float(raw)
        except (TypeError, ValueError):
            raise ConfigError(
                f"{name} must be a number of seconds such as 5 or 0.5, not {raw!r}"
            ) from None
        if not math.isfinite(value):
            raise ConfigError(f"{name} must be a finite number of seconds, not {raw!r}")
    else:
        return raw
    if key in POSITIVE and value <= 0:
        raise ConfigError(f"{name} must be more than 0, not {raw!r}")
    if value < 0:
        raise ConfigError(f"{name} must not be negative, not {raw!r}")
    return value


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every FORMS_<KEY> variable, typed like its default."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for name, raw in environ.items():
        if name.startswith(PREFIX):
            key = name[len(PREFIX) :]
            found[key] = _coerce(key, raw)
    return found


def load(test_config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then ``test_config``: typed and checked together."""
    config = {**DEFAULTS, **from_environment(), **(test_config or {})}
    for key in DEFAULTS:
        config[key] = _coerce(key, config[key])
    token = str(config["OPERATOR_TOKEN"])
    if token and (len(token) < MIN_TOKEN_LENGTH or token != token.strip()):
        raise ConfigError(
            f"{PREFIX}OPERATOR_TOKEN must be at least {MIN_TOKEN_LENGTH} characters, with no"
            " spaces around it; make one with"
            " `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    lease, timeout = config["CLAIM_SECONDS"], config["SMTP_TIMEOUT"]
    if config["SMTP_HOST"] and lease < LEASE_PER_SMTP_TIMEOUT * timeout:
        raise ConfigError(
            f"{PREFIX}CLAIM_SECONDS ({lease:g}) must be at least {LEASE_PER_SMTP_TIMEOUT} times"
            f" {PREFIX}SMTP_TIMEOUT ({timeout:g}), so that a slow but working mail server can"
            " finish a send before the lease runs out and another sender takes the item"
        )
    return config
