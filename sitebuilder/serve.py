"""Local preview: build, serve on 127.0.0.1, rebuild when content or theme change."""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .cli import run_build
from .pipeline import BuildOptions

POLL_SECONDS = 0.3


class _Handler(SimpleHTTPRequestHandler):
    """Static files, with the site's own 404 page; no caching so edits show at once."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            body = page.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"  {self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file; cheap enough to poll a few times a second."""
    state: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                state[path] = (st.st_mtime_ns, st.st_size)
    return state


def _watch(options: BuildOptions, stop: threading.Event) -> None:
    seen = snapshot(options.content, options.theme)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(options.content, options.theme)
        if now != seen:
            seen = now
            print(f"change seen at {time.strftime('%H:%M:%S')}, rebuilding")
            run_build(options)


def serve(options: BuildOptions, port: int = 8000, host: str = "127.0.0.1") -> int:
    run_build(options)
    if not options.out.is_dir():
        print(
            "nothing to serve yet: fix the errors above and save; serving starts then",
            file=sys.stderr,
        )
        options.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, directory=str(options.out.resolve()))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        print(
            f"cannot listen on {host}:{port}: {exc.strerror}; try --port {port + 1}",
            file=sys.stderr,
        )
        return 2
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(options, stop), daemon=True)
    watcher.start()
    print(f"serving http://{host}:{server.server_port}/ (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0
