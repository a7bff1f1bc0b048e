"""Raw HTTP over a socket, for requests no client library will send (broken framing)."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RawResponse:
    status: int | None  # None: the server closed the connection without an answer
    headers: dict[str, str]
    body: bytes
    head: bytes = b""  # the status line and headers as sent (to count repeated headers)

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def raw_request(
    port: int,
    data: bytes,
    *,
    close_write: bool = True,
    trickle: float | None = None,
    timeout: float = 30,
    source: str | None = None,
) -> RawResponse:
    """Send ``data`` as it is, optionally a byte at a time, and read the answer until EOF.

    ``close_write`` half-closes the connection after sending, so that a server waiting for
    bytes that never come (a body cut off, a chunked body without its last chunk) sees the
    end of the stream, as it does when a client gives up or its connection breaks.
    """
    address = (source, 0) if source else None
    with socket.create_connection(("127.0.0.1", port), timeout, address) as sock:
        try:
            if trickle is None:
                sock.sendall(data)
            else:
                for i in range(0, len(data), 4):
                    sock.sendall(data[i : i + 4])
                    time.sleep(trickle)
            if close_write:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (and closed) before it had read everything
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    while True:
        if not received:
            return RawResponse(None, {}, b"")
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        if status >= 200:
            break
        received = body  # "100 Continue": the final answer follows
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(status, headers, body, head)
