"""Broken clients through a real server: every request gets a 4xx (or an answer-less close),
never a 500, and nothing is stored from a body that was not read whole.

Each case is sent as raw bytes over a socket to the API under gunicorn (as production runs it)
and under Werkzeug's development server (as `flask run` and `build.py serve` do). Some are
refused by the server itself before the application sees them (Content-Length together with
Transfer-Encoding, a negative length, headers too large): those get the server's own 4xx.
The rest reach the endpoint and get a page in the site's look.
"""

from __future__ import annotations

import gzip
import sqlite3
import uuid
from dataclasses import dataclass

import pytest
from raw_http import raw_request

FORM = "Content-Type: application/x-www-form-urlencoded\r\n"
SITE_NAME = "Testby kommun"


def request(
    head: str = FORM,
    body: bytes = b"",
    *,
    path: str = "/api/forms/kort",
    method: str = "POST",
    version: str = "HTTP/1.1",
) -> bytes:
    start = f"{method} {path} {version}\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    return (start + head + "\r\n").encode("latin-1") + body


def chunked(body: bytes, head: str = FORM) -> bytes:
    return request(head + "Transfer-Encoding: chunked\r\n", body)


def with_length(body: bytes, length: int | str | None = None, head: str = FORM) -> bytes:
    length = len(body) if length is None else length
    return request(f"{head}Content-Length: {length}\r\n", body)


def unique_answer() -> bytes:
    """A valid body nobody sent before (a repeat would get the first receipt, no new row)."""
    return f"meddelande=Hej+{uuid.uuid4().hex}".encode()


@dataclass(frozen=True)
class Case:
    data: bytes
    statuses: tuple[int, ...]  # what may come back; None in it: a close without an answer
    by_app: bool = True  # the endpoint answers (with a page in the site's look)
    close_write: bool = True
    dev_server: tuple[int | None, ...] | None = None  # where Werkzeug's server differs


# Framing that Werkzeug's development server decides on its own, more leniently than gunicorn
# (it reads "+c" as a chunk size, prefers Transfer-Encoding to Content-Length, takes one of
# two lengths): there it must still never answer 5xx, and what it accepts it reads whole.
WERKZEUG_DECIDES = (None,)


GZIP = gzip.compress(b"meddelande=Hej")
GZIP_CHUNKED = b"%x\r\n%s\r\n0\r\n\r\n" % (len(GZIP), GZIP)
BIG = b"meddelande=" + b"x" * 70_000
HUGE_CHUNKED = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in [b"x" * 8000] * 10) + b"0\r\n\r\n"
SERVER_400 = (400,)  # gunicorn refuses these before the application sees them
CASES: dict[str, Case] = {
    # -- chunked framing ---------------------------------------------------------------------
    "chunk size not hex": Case(chunked(b"zz\r\nmeddelande=x\r\n0\r\n\r\n"), (400,)),
    "chunk size with a sign": Case(
        chunked(b"+c\r\nmeddelande=x\r\n0\r\n\r\n"), (400,), dev_server=WERKZEUG_DECIDES
    ),
    "chunk size too large to be true": Case(
        chunked(b"fffffffffffffffffffff\r\nmeddelande=x\r\n0\r\n\r\n"), (400,), dev_server=(413,)
    ),
    "no last chunk, then the client closes": Case(chunked(b"c\r\nmeddelande=x\r\n"), (400,)),
    "chunk longer than its size": Case(chunked(b"5\r\nmeddelande=x\r\n0\r\n\r\n"), (400,)),
    "no line end after the chunk's data": Case(chunked(b"c\r\nmeddelande=xZZ0\r\n\r\n"), (400,)),
    "chunk extension garbage": Case(
        chunked(b"c;\x01\x02=\x7f\r\nmeddelande=x\r\n0\r\n\r\n"), (400,)
    ),
    "chunk extension with a bare CR": Case(chunked(b"c;a\rb\r\nmeddelande=x\r\n0\r\n\r\n"), (400,)),
    "malformed trailer": Case(
        chunked(b"c\r\nmeddelande=x\r\n0\r\nno colon in this trailer\r\n\r\n"), (400,)
    ),
    "chunked body cut off in a chunk, then close": Case(
        chunked(b"64\r\nmeddelande=Lampan+vid"), (400,)
    ),
    "chunked body over the size cap": Case(chunked(HUGE_CHUNKED), (413,)),
    "chunked over HTTP/1.0": Case(
        request(FORM + "Transfer-Encoding: chunked\r\n", b"0\r\n\r\n", version="HTTP/1.0"),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "gzip and chunked (the server passes gzip on)": Case(
        request(FORM + "Transfer-Encoding: gzip, chunked\r\n", GZIP_CHUNKED), (400,)
    ),
    "Content-Encoding gzip": Case(
        with_length(gzip.compress(b"meddelande=x"), head=FORM + "Content-Encoding: gzip\r\n"),
        (400,),
    ),
    "Transfer-Encoding not ending in chunked": Case(
        request(FORM + "Transfer-Encoding: gzip\r\n", b"meddelande=x"),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    # -- Content-Length ----------------------------------------------------------------------
    "body shorter than its Content-Length, then close": Case(
        with_length(b"meddelande=Lampan+vid+sk", 500), (400,)
    ),
    "body cut off inside an escape, then close": Case(
        with_length(b"meddelande=Lampan+%C3", 40), (400,)
    ),
    "Content-Length and Transfer-Encoding both": Case(
        request(
            FORM + "Content-Length: 12\r\nTransfer-Encoding: chunked\r\n",
            b"c\r\nmeddelande=x\r\n0\r\n\r\n",
        ),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "negative Content-Length": Case(
        with_length(b"meddelande=x", -5), SERVER_400, by_app=False, dev_server=WERKZEUG_DECIDES
    ),
    "non-numeric Content-Length": Case(
        with_length(b"meddelande=x", "abc"), SERVER_400, by_app=False, dev_server=WERKZEUG_DECIDES
    ),
    "Content-Length with a plus sign": Case(
        with_length(b"meddelande=x", "+12"), SERVER_400, by_app=False, dev_server=WERKZEUG_DECIDES
    ),
    "Content-Length as a list": Case(
        with_length(b"meddelande=x", "12, 12"),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "two Content-Length headers": Case(
        request(FORM + "Content-Length: 12\r\nContent-Length: 13\r\n", b"meddelande=xy"),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "Content-Length of 5000 digits": Case(
        with_length(b"meddelande=x", "9" * 5000),
        (400, 431),
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "Content-Length over the cap, body sent": Case(with_length(BIG), (413,)),
    "Content-Length over the cap, nothing sent": Case(with_length(b"", 10_000_000), (413,)),
    # -- what the body says ------------------------------------------------------------------
    "no Content-Type": Case(with_length(b"meddelande=x", head=""), (400,)),
    "a charset that is not UTF-8": Case(
        with_length(
            b"meddelande=%E5",
            head="Content-Type: application/x-www-form-urlencoded; charset=iso-8859-1\r\n",
        ),
        (400,),
    ),
    "Content-Type with odd parameters": Case(
        with_length(
            b"meddelande=%FF",
            head='Content-Type: application/x-www-form-urlencoded; ;=;; charset="\r\n',
        ),
        (400,),
    ),
    "multipart without a boundary": Case(
        with_length(b"--x\r\n\r\n", head="Content-Type: multipart/form-data\r\n"), (400,)
    ),
    "invalid percent escape": Case(with_length(b"meddelande=Hej%zz"), (400,)),
    "a lone percent sign": Case(with_length(b"meddelande=100%"), (400,)),
    "escape that is not UTF-8": Case(with_length(b"meddelande=%ff%fe"), (400,)),
    "raw non-ASCII bytes": Case(with_length(b"meddelande=\xe5ngen"), (400,)),
    "NUL in a field name": Case(with_length(b"medde%00lande=x&meddelande=y"), (400,)),
    "control character in a field name": Case(with_length(b"meddelande%0A=x"), (400,)),
    "the same question twice": Case(with_length(b"meddelande=Hej&meddelande=D%C3%A5"), (400,)),
    "too many fields": Case(with_length(b"&".join(b"f%d=1" % i for i in range(300))), (400,)),
    "gzip body without saying so": Case(
        with_length(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), (400,)
    ),
    # -- paths and methods -------------------------------------------------------------------
    "form id that is not UTF-8": Case(
        request(path="/api/forms/%ff%fe", head=FORM + "Content-Length: 0\r\n"), (404,)
    ),
    "form id with a NUL": Case(
        request(path="/api/forms/kort%00", head=FORM + "Content-Length: 0\r\n"), (404,)
    ),
    "form id with a lone percent sign": Case(
        request(path="/api/forms/k%rt", head=FORM + "Content-Length: 0\r\n"), (404, 400)
    ),
    "form id of raw non-ASCII bytes": Case(
        request(path="/api/forms/k\xf6rt", head=FORM + "Content-Length: 0\r\n"),
        (404, 400),
        by_app=False,
    ),
    "very long form id": Case(
        request(path="/api/forms/" + "k" * 3000, head=FORM + "Content-Length: 0\r\n"), (404,)
    ),
    "request line over the server's limit": Case(
        request(path="/api/forms/" + "k" * 9000, head=FORM + "Content-Length: 0\r\n"),
        (400, 414),
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "receipt ref that is not UTF-8": Case(
        request(method="GET", path="/api/forms/kort/receipt/%ff%fe", head=""), (404,)
    ),
    "receipt ref with odd characters": Case(
        request(method="GET", path="/api/forms/kort/receipt/%3Cscript%3E%00", head=""), (404,)
    ),
    "receipt with a query that is not UTF-8": Case(
        request(method="GET", path="/api/forms/kort/receipt/ABCDEFGH?%ff=%00&a&a", head=""),
        (404,),
    ),
    "GET with a body on the post address": Case(
        request(method="GET", head=FORM + "Content-Length: 12\r\n", body=b"meddelande=x"), (405,)
    ),
    "an unknown method": Case(request(method="BREW", head="Content-Length: 0\r\n"), (405,)),
    # -- headers -----------------------------------------------------------------------------
    "a header over the server's limit": Case(
        request(FORM + "X-Big: " + "a" * 9000 + "\r\nContent-Length: 0\r\n"),
        (400, 431),
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "more headers than the server takes": Case(
        request(FORM + "".join(f"X-H{i}: {i}\r\n" for i in range(150)) + "Content-Length: 0\r\n"),
        (400, 431),
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "a header value with a NUL": Case(
        request(FORM + "X-Odd: a\x00b\r\nContent-Length: 0\r\n"),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "a folded header": Case(
        request(FORM + "X-Odd: a\r\n folded\r\nContent-Length: 0\r\n"),
        SERVER_400,
        by_app=False,
        dev_server=WERKZEUG_DECIDES,
    ),
    "a Host no browser sends, with an Origin": Case(
        request(
            "Content-Type: application/x-www-form-urlencoded\r\nOrigin: https://evil.example\r\n"
            "Content-Length: 12\r\nX-Forwarded-Host: [::1\r\n",
            b"meddelande=x",
        ).replace(b"Host: 127.0.0.1", b"Host: [::1"),
        (403,),
    ),
    "an Origin of raw non-ASCII bytes": Case(
        request(
            FORM + "Origin: https://k\xf6mmun.example\r\nContent-Length: 12\r\n", b"meddelande=x"
        ),
        (403,),
    ),
    "a Referer no browser sends": Case(
        request(FORM + "Referer: http://[::1\r\nContent-Length: 12\r\n", b"meddelande=x"), (403,)
    ),
}


def rows(api) -> int:
    db = sqlite3.connect(api.env["FORMS_DATABASE"])
    try:
        return db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    finally:
        db.close()


def server_kind(api) -> str:
    return "gunicorn" if "gunicorn" in api.process.args else "flask run"


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_broken_request_gets_a_4xx_and_stores_nothing(module_server, case: Case):
    before = rows(module_server)
    dev = server_kind(module_server) == "flask run"

    response = raw_request(module_server.port, case.data, close_write=case.close_write)

    if dev and case.dev_server == WERKZEUG_DECIDES:
        assert response.status is None or response.status < 500, response.text()[:500]
        # Accepted (303) means one row at most: none when it repeats an earlier case's answers.
        assert rows(module_server) - before <= (response.status == 303)
        return
    allowed = case.dev_server if dev and case.dev_server is not None else case.statuses
    assert response.status in allowed, response.text()[:500]
    assert rows(module_server) == before, "a broken request was stored"
    if case.by_app and (not dev or case.dev_server is None):
        assert response.headers.get("content-type", "").startswith("text/html")
        assert SITE_NAME in response.text(), "not a page in the site's look"


def test_no_request_made_the_server_log_an_error(module_server):
    """After the whole matrix: no traceback, no 'Error handling request', no 500 anywhere."""
    for case in CASES.values():
        raw_request(module_server.port, case.data, close_write=case.close_write)
    assert module_server.log is not None
    log = module_server.log.read_text(errors="replace")
    assert "Traceback" not in log
    assert "Error handling request" not in log
    assert '" 500 ' not in log and " 500 -" not in log


# -- what a slow but working client sends is accepted whole ------------------------------------


def stored_text(api, ref: str) -> str:
    import email
    import email.policy

    db = sqlite3.connect(api.env["FORMS_DATABASE"])
    try:
        raw = db.execute("SELECT message FROM submissions WHERE ref = ?", (ref,)).fetchone()[0]
    finally:
        db.close()
    return email.message_from_bytes(raw, policy=email.policy.default).get_body().get_content()


def accepted_ref(response) -> str:
    assert response.status == 303, response.text()[:500]
    return response.headers["location"].rsplit("/", 1)[1]


@pytest.mark.parametrize("framing", ["Content-Length", "chunked"])
def test_a_slow_trickle_within_the_servers_timeout_is_accepted_whole(module_server, framing: str):
    body = unique_answer() + b"+och+%C3%A5ngen+SLUT"
    text = body.decode()[len("meddelande=") :].replace("+", " ").replace("%C3%A5", "å")
    if framing == "chunked":
        data = chunked(b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:9], body[9:])))
        data += b"0\r\n\r\n"
    else:
        data = with_length(body)
    before = rows(module_server)

    # Four bytes every 20 ms: a few seconds for the whole request, well within 30 s.
    response = raw_request(module_server.port, data, close_write=False, trickle=0.02)

    ref = accepted_ref(response)
    assert rows(module_server) == before + 1
    assert text in stored_text(module_server, ref)


def test_expect_100_continue_is_accepted_whole(module_server):
    body = unique_answer()
    data = with_length(body, head=FORM + "Expect: 100-continue\r\n")

    response = raw_request(module_server.port, data, close_write=False)

    ref = accepted_ref(response)  # after the server's "100 Continue", if it sends one
    assert body.decode()[len("meddelande=") :].replace("+", " ") in stored_text(module_server, ref)


# -- a client that stops mid-body and keeps the connection open -------------------------------


@pytest.mark.parametrize("framing", ["Content-Length", "chunked"])
def test_a_client_that_stalls_mid_body_stores_nothing_and_blocks_no_one(
    module_server, framing: str
):
    """The body stops half-way and the connection stays open: nothing is stored while it
    waits, other residents are served meanwhile, and when the client finally goes away
    without the rest, the half body is refused or dropped, never stored."""
    import socket
    import time

    body = unique_answer()
    if framing == "chunked":
        data = chunked(b"%x\r\n%s\r\n" % (len(body), body))  # no last chunk
    else:
        data = with_length(body, len(body) + 40)  # 40 bytes promised that never come
    before = rows(module_server)
    with socket.create_connection(("127.0.0.1", module_server.port), timeout=30) as stalled:
        stalled.sendall(data)
        time.sleep(1.5)
        assert rows(module_server) == before, "a body still being sent was stored"

        # Another resident is served while the stalled client holds its connection.
        other = raw_request(module_server.port, with_length(unique_answer()))
        assert accepted_ref(other)
        assert rows(module_server) == before + 1

        stalled.shutdown(socket.SHUT_WR)  # the client gives up
        stalled.settimeout(30)
        answer = b""
        try:
            while chunk := stalled.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    status = int(answer.split()[1]) if answer.startswith(b"HTTP/") else None
    assert status is None or 400 <= status < 500, answer[:300]
    time.sleep(0.2)
    assert rows(module_server) == before + 1, "the half body was stored"
