"""The production setup: deploy/nginx/forms.conf in front of gunicorn, both real processes.

nginx reads every request whole, with deadlines, before gunicorn sees it: clients that stall
(half a request line, half a body) cannot hold gunicorn's threads, and nginx closes them.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO_ROOT, LiveApi, forms_environment, free_port, start_gunicorn, write_site
from raw_http import raw_request

from forms_api.views import SECURITY_HEADERS

CONFIG = REPO_ROOT / "deploy" / "nginx" / "forms.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)
# The README's production command, as it starts gunicorn (8 threads).
THREADS = 8
# Posts per minute per address; each test posts from its own address or within this.
RATE_LIMIT = 4


def _need_nginx() -> str:
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: CI must install it (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx); CI runs these tests")
    return NGINX


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx/forms.conf no longer has {old!r} once"
    return text.replace(old, new)


@dataclass
class Front:
    """nginx on loopback, in front of gunicorn."""

    port: int
    api: LiveApi
    folder: Path

    def stored(self) -> int:
        db = sqlite3.connect(self.api.env["FORMS_DATABASE"])
        try:
            return db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        finally:
            db.close()


def nginx_config(folder: Path, front_port: int, api_port: int, errors: Path) -> Path:
    """Our config as shipped, with loopback ports and tmp paths instead of the real ones."""
    site = CONFIG.read_text(encoding="utf-8")
    site = _replace_once(site, "    listen 443 ssl;\n", f"    listen 127.0.0.1:{front_port};\n")
    site = _replace_once(site, "    listen [::]:443 ssl;\n", "")
    site = _replace_once(site, "    ssl_certificate /etc/ssl/kommunwebb/forms.crt;\n", "")
    site = _replace_once(site, "    ssl_certificate_key /etc/ssl/kommunwebb/forms.key;\n", "")
    site = _replace_once(site, "server 127.0.0.1:8080;", f"server 127.0.0.1:{api_port};")
    site = _replace_once(site, "alias /var/lib/kommunwebb/nginx-errors/;", f"alias {errors}/;")
    (folder / "forms.conf").write_text(site, encoding="utf-8")
    temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    # As root, nginx's workers would run as `nobody`, who cannot enter pytest's tmp folders.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log info;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        f"  access_log {folder}/access.log;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items())
        + f"  include {folder}/forms.conf;\n}}\n",
        encoding="utf-8",
    )
    return main


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not start:\n{log.read_text(errors='replace') if log.exists() else ''}")


@pytest.fixture(scope="module")
def front(tmp_path_factory) -> Iterator[Front]:
    """gunicorn as the README starts it, and nginx with deploy/nginx/forms.conf before it."""
    nginx = _need_nginx()
    folder = tmp_path_factory.mktemp("nginx")
    env = forms_environment(write_site(folder), folder)
    env.update({"FORMS_PROXY_COUNT": "1", "FORMS_MIN_FILL_SECONDS": "0"})
    env["FORMS_RATE_LIMIT"] = f"{RATE_LIMIT} per minute"
    api = start_gunicorn(env, folder, THREADS)
    errors = folder / "errors"
    made = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "forms_api", "error-pages", str(errors)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    port = free_port()
    main = nginx_config(folder, port, api.port, errors)
    prefix = ["-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main)]
    checked = subprocess.run([nginx, *prefix, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [nginx, *prefix, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for_port(port, process, folder / "error.log")
        yield Front(port, api, folder)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if api.process.poll() is None:
            os.killpg(api.process.pid, signal.SIGKILL)
        api.process.wait(timeout=10)


POST_HEAD = (
    "POST /api/forms/kort HTTP/1.1\r\nHost: forms.kommun.example\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
)


def post(port: int, body: str, extra: str = "") -> object:
    data = f"{POST_HEAD}{extra}Content-Length: {len(body.encode())}\r\nConnection: close\r\n\r\n"
    return raw_request(port, data.encode() + body.encode(), timeout=10, close_write=False)


def health(port: int, timeout: float = 3) -> int | None:
    """The health check's status, or None when no answer came within ``timeout``."""
    try:
        got = raw_request(
            port,
            b"GET /api/health HTTP/1.1\r\nHost: forms.kommun.example\r\nConnection: close\r\n\r\n",
            timeout=timeout,
            close_write=False,  # nginx takes a half-closed connection for a client gone
        )
    except TimeoutError:
        return None
    return got.status


def stall(port: int, data: bytes, source: str) -> socket.socket:
    """A connection from ``source`` that sends ``data`` and then nothing."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.sendall(data)
    return sock


HALF_HEADERS = b"POST /api/forms/kort HTTP/1.1\r\nHost: forms.kommun.example\r\nContent-Ty"
HALF_BODY = (POST_HEAD + "Content-Length: 1000\r\n\r\n").encode() + b"meddela"


def test_stalled_connections_hold_bare_gunicorn(front):
    """The attack, without nginx: 8 connections that stop mid-request hold all 8 threads."""
    stalled = [stall(front.api.port, b"G", "127.0.0.1") for _ in range(THREADS)]
    try:
        time.sleep(0.3)
        assert health(front.api.port, timeout=2) is None
    finally:
        for sock in stalled:
            sock.close()
    # Closing them frees the threads at once.
    deadline = time.monotonic() + 10
    while health(front.api.port, timeout=2) != 200:
        assert time.monotonic() < deadline, "gunicorn did not recover"


def test_stalled_connections_do_not_stop_posts_or_health_through_nginx(front):
    # From many addresses (as a botnet would), so that limit_conn is not what saves us.
    stalled = [
        stall(front.port, HALF_HEADERS if i % 2 else HALF_BODY, f"127.0.0.{10 + i}")
        for i in range(2 * THREADS)
    ]
    started = time.monotonic()
    try:
        time.sleep(0.3)
        before = front.stored()
        assert health(front.port) == 200
        answer = post(front.port, "meddelande=Lampan+%C3%A4r+trasig")
        assert answer.status == 303
        assert answer.headers["location"].startswith("/api/forms/kort/receipt/")
        assert front.stored() == before + 1
        assert time.monotonic() - started < 5

        # nginx ends each stalled connection after its 10 s deadline.
        for sock in stalled:
            sock.settimeout(max(0.1, started + 16 - time.monotonic()))
            try:
                while sock.recv(4096):
                    pass  # nginx may say 408 before it closes
            except ConnectionResetError:
                pass
            except TimeoutError:
                pytest.fail("nginx kept a stalled connection open past its deadline")
        closed_after = time.monotonic() - started
        assert 9 <= closed_after < 16, closed_after
        assert front.stored() == before + 1  # no half post reached the endpoint
    finally:
        for sock in stalled:
            sock.close()


def test_rate_limit_sees_the_residents_address_not_a_forged_one(front):
    """nginx appends the address it sees; with FORMS_PROXY_COUNT=1 the endpoint counts that
    one, so a made-up X-Forwarded-For on each post does not escape the limit."""
    statuses = []
    for i in range(RATE_LIMIT + 1):
        data = (
            f"{POST_HEAD}X-Forwarded-For: 198.51.100.{i}\r\nContent-Length: 17\r\n"
            f"Connection: close\r\n\r\nmeddelande=Hej+{i:02}"
        )
        got = raw_request(
            front.port, data.encode(), timeout=10, close_write=False, source="127.0.0.99"
        )
        statuses.append(got.status)
    assert statuses == [303] * RATE_LIMIT + [429]


def test_nginx_refuses_an_oversized_header_with_the_sites_page_and_headers(front):
    got = raw_request(
        front.port,
        b"GET /api/health HTTP/1.1\r\nHost: forms.kommun.example\r\nX-Big: "
        + b"a" * 9000
        + b"\r\nConnection: close\r\n\r\n",
        timeout=10,
        close_write=False,
    )
    assert got.status == 400
    for name, value in SECURITY_HEADERS.items():
        assert got.headers.get(name.lower()) == value, name
    assert got.headers.get("cache-control") == "no-store"
    assert "Något gick fel" in got.text() and 'lang="sv"' in got.text()


def test_a_post_over_the_cap_gets_413_from_nginx_in_the_sites_look(front):
    before = front.stored()
    got = post(front.port, "meddelande=" + "x" * 70_000)
    assert got.status == 413
    assert "För mycket text" in got.text()
    assert (
        got.headers.get("strict-transport-security")
        == SECURITY_HEADERS["Strict-Transport-Security"]
    )
    assert front.stored() == before


def test_endpoint_answers_keep_their_own_headers_once(front):
    """The receipt's stricter Referrer-Policy passes nginx, and no header comes twice."""
    answer = post(front.port, "meddelande=Kvitto+tack")
    location = answer.headers["location"]
    got = raw_request(
        front.port,
        f"GET {location} HTTP/1.1\r\nHost: forms.kommun.example\r\nConnection: close\r\n\r\n".encode(),
        timeout=10,
        close_write=False,
    )
    assert got.status == 200
    head = got.head.lower() + b"\r\n"
    assert head.count(b"\r\nreferrer-policy:") == 1
    assert got.headers["referrer-policy"] == "no-referrer"
    assert head.count(b"\r\ncontent-security-policy:") == 1
