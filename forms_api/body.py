"""A post's body, read whole or not at all: however a client frames it, the answer is a 4xx.

A body is either read exactly as declared, or the request is refused: a body shorter than its
Content-Length (the client gave up, the connection broke) would otherwise be accepted with
the answers cut off, and a chunked body the server cannot parse raises the server's own
exceptions from the middle of a read. Neither may ever become a stored submission or a 500.
"""

from __future__ import annotations

import logging
import re
from typing import IO, Any
from urllib.parse import parse_qsl

from flask import abort

log = logging.getLogger(__name__)

MAX_FIELDS = 200
READ_STEP = 64 * 1024
_DIGITS = re.compile(r"[0-9]+")
# A percent sign must start an escape; a browser always writes a literal one as %25.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_UTF8 = {"utf-8", "utf8"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def read_body(environ: dict[str, Any], cap: int) -> bytes:
    """The whole body: 413 when over ``cap`` bytes, 400 when it cannot be read whole."""
    # Codings other than chunked (which the server removes): gzip, deflate ... are not what
    # a browser sends with a form, and reading them as text would store garbage.
    codings = [
        c.strip().lower()
        for name in ("HTTP_TRANSFER_ENCODING", "HTTP_CONTENT_ENCODING")
        for c in (environ.get(name) or "").split(",")
        if c.strip()
    ]
    if any(c not in ("chunked", "identity") for c in codings):
        abort(400)
    declared = (environ.get("CONTENT_LENGTH") or "").strip()
    stream: IO[bytes] = environ["wsgi.input"]
    if declared:
        if not _DIGITS.fullmatch(declared):
            abort(400)  # "-5", "abc", "5, 5": no server we run passes these on, but be sure
        if len(declared) > len(str(cap)) or int(declared) > cap:
            abort(413)  # also before int() of a 5000-digit number, which Python refuses
        length = int(declared)
        data = _read(stream, length)
        if len(data) < length:
            log.info("forms: body cut off at %d of %d bytes; refused", len(data), length)
            abort(400)
        return data
    if "wsgi.input_terminated" not in environ:
        return b""  # no length and a server that does not end the stream: nothing safe to read
    # Chunked: read one byte more than the cap, to tell "the cap" from "over it".
    data = _read(stream, cap + 1)
    if len(data) > cap:
        abort(413)
    return data


def _read(stream: IO[bytes], limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        try:
            chunk = stream.read(min(limit - size, READ_STEP))
        except Exception as error:  # the server's parse errors: bad chunk size, no end ...
            # Only the type: the message of some (gunicorn's NoMoreData) quotes the body.
            log.info("forms: unreadable body (%s); refused", type(error).__name__)
            abort(400)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def parse_form(raw: bytes, charset: str | None) -> dict[str, list[str]] | None:
    """Strict ``application/x-www-form-urlencoded`` in UTF-8; None when it is anything else.

    What a browser sends is ASCII with every other byte percent-encoded as UTF-8, and every
    literal ``%`` as ``%25``. Anything else was not written by a browser from our form, and
    guessing what it meant could store answers the resident never wrote.
    """
    if charset is not None and charset.strip().lower() not in _UTF8:
        return None
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    if _BAD_ESCAPE.search(text):
        return None
    try:
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
        if _CONTROL.search(name):
            return None  # names come from our HTML; NUL or a line break in one never does
        values.setdefault(name, []).append(value)
    return values
