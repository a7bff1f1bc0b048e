"""Local preview: build, serve on 127.0.0.1, rebuild when content or theme change.

An optional WSGI app (the forms API, passed in by build.py) is mounted at /api on the same
origin, so an editor can send a form and read the email it produces. This module never
imports it: the builder does not depend on the API.

Every response carries the headers netlify.toml sets for "/*" (the Content-Security-Policy
among them), read when the server starts, so a page that only works without that policy
fails here as it would when deployed. The API's pages get them too (Netlify adds none to
proxied responses), so they are held to the same policy; headers a response sets itself win.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .cli import run_build
from .pipeline import BuildOptions

POLL_SECONDS = 0.3
API_PREFIX = "/api/"
NETLIFY_TOML = Path("netlify.toml")  # like content/ and public/, next to where build.py runs
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
ApiFactory = Callable[[Path], WSGIApp | None]
Headers = tuple[tuple[str, str], ...]


def netlify_headers(config: Path) -> Headers:
    """The headers that netlify.toml's ``[[headers]]`` rules set ``for = "/*"``; none when
    the file does not exist. A multi-line value becomes one line, a list one comma-separated
    value."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    found: list[tuple[str, str]] = []
    for rule in data.get("headers", []):
        if rule.get("for") != "/*":
            continue
        for name, value in rule.get("values", {}).items():
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            found.append((name, " ".join(text.split())))
    return tuple(found)


class StaticSite:
    """The built folder over WSGI, with the site's own 404 page and no caching."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _file_for(self, path: str) -> Path | None:
        clean = posixpath.normpath(unquote(path))
        if clean.startswith("..") or "\x00" in clean:
            return None
        candidate = self.root / clean.lstrip("/")
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.root)
        except ValueError:
            return None
        return candidate if candidate.is_file() else None

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if path.endswith("/") is False and (self.root / path.lstrip("/")).is_dir():
            start_response("301 Moved Permanently", [("Location", path + "/")])
            return [b""]
        file = self._file_for(path)
        status = "200 OK"
        if file is None:
            status, file = "404 Not Found", self.root / "404.html"
            if not file.is_file():
                start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
                return [b"Not found (the site has not been built yet)\n"]
        body = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        if file.name == "feed.xml":
            kind = "application/atom+xml; charset=utf-8"
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class Preview:
    """Static site plus the API at /api/; the API is swapped when the content changes. Every
    response gets ``headers`` unless it sets a header of the same name itself."""

    def __init__(self, static: StaticSite, api: WSGIApp | None, headers: Headers = ()) -> None:
        self.static = static
        self.api = api
        self.headers = headers

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        def with_headers(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            own = {name.lower() for name, _ in headers}
            extra = [(name, value) for name, value in self.headers if name.lower() not in own]
            return start_response(status, [*headers, *extra], *exc_info)

        if self.api is not None and (environ.get("PATH_INFO") or "").startswith(API_PREFIX):
            return self.api(environ, with_headers)
        return self.static(environ, with_headers)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"  {self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")


def preview_server(
    out: Path,
    api: WSGIApp | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    headers: Headers = (),
) -> tuple[WSGIServer, Preview]:
    """A threaded server for a built site (and the API at /api/); port 0 picks a free one.
    ``headers`` go on every response (``netlify_headers(NETLIFY_TOML)`` for the deployed ones).

    Call ``serve_forever()`` on it (in a thread, for tests and the screenshot script).
    """
    preview = Preview(StaticSite(out), api, headers)
    server = make_server(host, port, preview, server_class=_Server, handler_class=_QuietHandler)
    return server, preview


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
                    try:  # a link to nothing: a change too, which the build reports
                        st = os.lstat(path)
                    except FileNotFoundError:
                        continue
                state[path] = (st.st_mtime_ns, st.st_size)
    return state


def _load_api(factory: ApiFactory | None, content: Path) -> WSGIApp | None:
    if factory is None:
        return None
    try:
        return factory(content)
    except Exception as exc:  # the preview keeps running without forms until fixed
        print(f"forms API not started: {exc}", file=sys.stderr)
        return None


def _retire(api: WSGIApp | None) -> None:
    stop = getattr(api, "extensions", {}).get("forms_sender") if api is not None else None
    if stop is not None:
        stop.stop()


def _watch(
    options: BuildOptions, preview: Preview, factory: ApiFactory | None, stop: threading.Event
) -> None:
    """Rebuild on every change until ``stop``; a rebuild that fails in any way is reported
    and the watching goes on (the last good site is still served)."""
    seen = snapshot(options.content, options.theme)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(options.content, options.theme)
        if now != seen:
            seen = now
            print(f"change seen at {time.strftime('%H:%M:%S')}, rebuilding")
            try:
                _rebuild(options, preview, factory)
            except Exception as exc:  # a content error is reported by run_build; this is not
                print(
                    f"rebuild failed: {exc} ({type(exc).__name__}); {options.out} was not "
                    "changed, and the next change you save is built again",
                    file=sys.stderr,
                )


def _rebuild(options: BuildOptions, preview: Preview, factory: ApiFactory | None) -> None:
    if run_build(options) and factory is not None:
        old, preview.api = preview.api, _load_api(factory, options.content) or preview.api
        if old is not preview.api:
            _retire(old)


def serve(
    options: BuildOptions,
    port: int = 8000,
    host: str = "127.0.0.1",
    api_factory: ApiFactory | None = None,
) -> int:
    try:
        headers = netlify_headers(NETLIFY_TOML)
    except tomllib.TOMLDecodeError as exc:
        print(f"{NETLIFY_TOML} is not valid TOML: {exc}", file=sys.stderr)
        return 2
    run_build(options)
    options.out.mkdir(parents=True, exist_ok=True)
    try:
        server, preview = preview_server(
            options.out, _load_api(api_factory, options.content), host, port, headers
        )
    except OSError as exc:
        print(
            f"cannot listen on {host}:{port}: {exc.strerror}; try --port {port + 1}",
            file=sys.stderr,
        )
        return 2
    stop = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(options, preview, api_factory, stop), daemon=True
    )
    watcher.start()
    forms = " and the forms API at /api/" if preview.api is not None else ""
    policy = f", with the headers from {NETLIFY_TOML}" if headers else ""
    print(f"serving http://{host}:{server.server_port}/{forms}{policy} (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        _retire(preview.api)
    return 0
