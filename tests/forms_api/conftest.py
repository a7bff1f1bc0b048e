"""Fixtures for the forms API: a scratch site with every field type, the app, a real SMTP sink.

Nothing is mocked: the outbox is a real SQLite file in tmp_path, mail goes over real SMTP to
aiosmtpd on 127.0.0.1, and the crash tests run the API in a real subprocess.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import hashlib
import http.client
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

import forms_api
from forms_api.search import SearchIndex, build_index
from forms_api.sender import deliver_due
from forms_api.site import load_api_site

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CONTENT = REPO_ROOT / "content"

PRIVACY = """\
privacy:
  purpose: Vi använder uppgifterna för att handlägga ärendet.
  legal_basis: Allmänt intresse (artikel 6.1 e i dataskyddsförordningen)
  recipients: Handläggare på tekniska förvaltningen.
  retention: Vi sparar uppgifterna i två år.
  protected_identity: Har du skyddade personuppgifter? Ring oss i stället.
"""

# The form with every field type. `kategori` routes "Gatubelysning" to another inbox.
FELANMALAN = (
    """\
id: felanmalan
title: Felanmälan
intro: Anmäl fel på gator och lampor.
recipient: gata@kommun.example
subject: "Felanmälan: {kategori} – {namn}"
success: Gatuenheten läser din anmälan inom en arbetsdag.
"""
    + PRIVACY
    + """\
fields:
  - name: namn
    type: text
    label: Vad heter du?
    required: true
    maxlength: 80
  - name: beskrivning
    type: textarea
    label: Beskriv felet
    maxlength: 500
  - name: epost
    type: email
    label: E-postadress
    reply_to: true
  - name: telefon
    type: tel
    label: Telefonnummer
  - name: antal
    type: number
    label: Hur många lampor är trasiga?
    min: 1
    max: 10
  - name: datum
    type: date
    label: När såg du felet?
    min: 2020-01-01
    max: 2030-12-31
  - name: kommundel
    type: select
    label: Kommundel
    options: [Norr, Söder, Centrum]
  - name: kategori
    type: radio
    label: Vad gäller det?
    required: true
    options: [Gatubelysning, Väghål, Annat]
    route:
      Gatubelysning: belysning@kommun.example
  - name: dagar
    type: checkboxes
    label: Vilka dagar har du sett felet?
    required: true
    options: [Måndag, Tisdag, Onsdag]
  - name: postnummer
    type: text
    label: Postnummer
    pattern: "[0-9]{3} ?[0-9]{2}"
    pattern_error: Skriv postnumret med fem siffror, till exempel 123 45
  - name: samtycke
    type: consent
    label: Jag har läst hur kommunen behandlar personuppgifter
    required: true
"""
)

KORT = (
    """\
id: kort
title: Kort fråga
recipient: kontakt@kommun.example
subject: Kort fråga
success: >-
  Din fråga har registrerats som allmän handling. Kontaktcenter läser den och svarar inom
  två arbetsdagar om du har bett om svar. Om frågan gäller en annan del av kommunen skickar
  vi den vidare till rätt verksamhet och berättar det för dig. Ange referensnumret om du
  kontaktar oss igen om samma sak, så hittar vi ditt ärende snabbare.
"""
    + PRIVACY
    + """\
fields:
  - name: meddelande
    type: textarea
    label: Din fråga
    required: true
"""
)

STANGD = (
    """\
id: stangd
title: Gammalt rådslag
recipient: radslag@kommun.example
subject: Rådslag
closes: 2020-01-31
success: Tack för dina svar.
"""
    + PRIVACY
    + """\
fields:
  - name: asikt
    type: textarea
    label: Vad tycker du?
    required: true
"""
)

KOMMANDE = (
    """\
id: kommande
title: Kommande rådslag
recipient: framtid@kommun.example
subject: Rådslag
opens: 2099-01-01
success: Tack för dina svar.
"""
    + PRIVACY
    + """\
fields:
  - name: asikt
    type: textarea
    label: Vad tycker du?
    required: true
"""
)


def _page(title: str, description: str, form_id: str) -> str:
    return f"---\ntitle: {title}\ndescription: {description}\nform: {form_id}\n---\n\nText.\n"


SITE_FILES = {
    "site.yml": "name: Testby kommun\nbase_url: https://kommun.example\nlanguage: sv\n",
    "_index.md": (
        "---\ntitle: Välkommen till Testby kommun\n"
        "description: Information från Testby kommun.\n---\n\nHär finns information.\n"
    ),
    "Felanmälan.md": _page("Felanmälan", "Anmäl fel till kommunen.", "felanmalan"),
    "Kort fråga.md": _page("Kort fråga", "Ställ en kort fråga.", "kort"),
    "Gammalt rådslag.md": _page("Gammalt rådslag", "Ett rådslag som har stängt.", "stangd"),
    "Kommande rådslag.md": _page("Kommande rådslag", "Ett rådslag som öppnar.", "kommande"),
    "forms/felanmalan.yml": FELANMALAN,
    "forms/kort.yml": KORT,
    "forms/stangd.yml": STANGD,
    "forms/kommande.yml": KOMMANDE,
}

VALID_FELANMALAN: dict[str, Any] = {
    "namn": "Anna Åström",
    "beskrivning": "Lampan vid busshållplatsen\nslocknar varje kväll.",
    "epost": "anna.astrom@example.se",
    "telefon": "08-123 456 78",
    "antal": "2",
    "datum": "2026-11-20",
    "kommundel": "Söder",
    "kategori": "Väghål",
    "dagar": ["Måndag", "Onsdag"],
    "postnummer": "123 45",
    "samtycke": "ja",
}


def write_site(folder: Path) -> Path:
    """The test site's content folder, written into ``folder``."""
    content = folder / "content"
    for rel, text in SITE_FILES.items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return content


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A small content folder: a home page, four pages, each embedding one test form."""
    return write_site(tmp_path)


@pytest.fixture
def valid_answers() -> dict[str, Any]:
    """A post to `felanmalan` that passes every check (a fresh copy each time)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in VALID_FELANMALAN.items()}


@pytest.fixture
def form_version(site_dir: Path) -> Callable[[str], str]:
    """The version hash of a form definition, computed from the file as the API should."""

    def version(form_id: str) -> str:
        return hashlib.sha256((site_dir / "forms" / f"{form_id}.yml").read_bytes()).hexdigest()[:12]

    return version


def free_port() -> int:
    """A port nobody listens on right now (aiosmtpd cannot start on port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unused_port() -> int:
    return free_port()


# -- the app ------------------------------------------------------------------------------


@pytest.fixture
def app_config(site_dir: Path, tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "CONTENT_DIR": str(site_dir),
        "DATABASE": str(tmp_path / "outbox.sqlite3"),
        "MAIL_DIR": str(tmp_path / "mail"),
        "RATE_LIMIT": "1000 per minute",
        "SENDER_THREAD": False,
    }


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Factory: ``make_app(SMTP_HOST=..., MAX_ATTEMPTS=2)`` builds the app on the scratch site."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        app = forms_api.create_app({**app_config, **overrides})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["forms_outbox"].close()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app with no SMTP server configured: mail is written to MAIL_DIR as .eml files."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def deliver() -> Callable[[Flask], dict[str, int]]:
    """One delivery round, exactly as the background sender and `outbox send` run it."""

    def run(app: Flask) -> dict[str, int]:
        return deliver_due(
            app.extensions["forms_outbox"],
            forms_api.transport_for(app.config),
            forms_api.policy_for(app.config),
        )

    return run


@pytest.fixture
def submit() -> Callable[..., str]:
    """POST a valid form and return the reference from the 303's Location."""

    def run(client: FlaskClient, form_id: str, data: dict[str, Any], **kwargs: Any) -> str:
        response = client.post(f"/api/forms/{form_id}", data=data, **kwargs)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        location = response.headers["Location"]
        assert location.startswith(f"/api/forms/{form_id}/receipt/")
        return location.rsplit("/", 1)[1]

    return run


@pytest.fixture
def outbox_row(app_config: dict[str, Any]) -> Callable[[str], dict[str, Any] | None]:
    """Read one submission straight from the SQLite file, bypassing the app."""

    def read(ref: str) -> dict[str, Any] | None:
        db = sqlite3.connect(app_config["DATABASE"])
        try:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM submissions WHERE ref = ?", (ref,)).fetchone()
            return dict(row) if row else None
        finally:
            db.close()

    return read


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run `flask outbox ...` in-process against an app; returns the click Result.

    The `flask` command pushes an app context before it looks a command up; the outbox group
    is a plain click group, so the test runner needs the context pushed here.
    """

    def run(app: Flask, *args: str) -> Any:
        with app.app_context():
            return app.test_cli_runner().invoke(args=["outbox", *args])

    return run


# -- a real SMTP server -------------------------------------------------------------------


@dataclass
class SmtpSink:
    """What aiosmtpd received: parsed messages and their SMTP envelopes."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)  # time.time() of each message
    controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        self.messages.append(email.message_from_bytes(raw, policy=email.policy.default))  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.arrivals.append(time.time())
        return "250 OK"

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class StallingSmtpSink(SmtpSink):
    """A mail server that hangs on the first ``stalls`` RCPT commands, before any message.

    It stalls for ``stall_seconds``, or until the test ends; `stalled` is set when a stall
    begins, so a test can act while a sender is stuck mid-conversation. The stall comes
    before DATA, so a sender cut off (or killed) during it has delivered nothing.
    """

    stalls: int = 1
    stall_seconds: float = 60
    stalled: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.stalls > 0:
            self.stalls -= 1
            self.stalled.set()
            deadline = time.monotonic() + self.stall_seconds
            while time.monotonic() < deadline and not self.released.is_set():
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def stop(self) -> None:
        self.released.set()
        super().stop()


@pytest.fixture
def stalling_smtp() -> Iterator[Callable[..., StallingSmtpSink]]:
    """Factory: ``stalling_smtp(stalls=1, stall_seconds=4)`` on a free port."""
    started: list[StallingSmtpSink] = []

    def start(**options: Any) -> StallingSmtpSink:
        sink = StallingSmtpSink(free_port(), **options)
        sink.controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
        sink.controller.start()
        started.append(sink)
        return sink

    yield start
    for sink in started:
        sink.stop()


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., SmtpSink]]:
    """Factory: start aiosmtpd on 127.0.0.1 (on ``port`` if given) with Controller options."""
    started: list[SmtpSink] = []

    def start(port: int | None = None, **options: Any) -> SmtpSink:
        sink = SmtpSink(port or free_port())
        sink.controller = Controller(sink, hostname="127.0.0.1", port=sink.port, **options)
        sink.controller.start()
        started.append(sink)
        return sink

    yield start
    for sink in started:
        sink.stop()


@pytest.fixture
def smtp(smtp_server: Callable[..., SmtpSink]) -> SmtpSink:
    """A plain SMTP server (no TLS, no AUTH) on a free port."""
    return smtp_server()


@pytest.fixture
def smtp_app(make_app: Callable[..., Flask], smtp: SmtpSink) -> Flask:
    """The app sending through the plain SMTP server."""
    return make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)


# -- the API in a real process -------------------------------------------------------------


@dataclass
class LiveApi:
    process: subprocess.Popen[bytes]
    port: int
    env: dict[str, str]
    log: Path | None = None

    def post(self, path: str, body: str) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request(
            "POST", path, body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        return response

    def post_chunked(self, path: str, body: bytes, chunk: int = 8192) -> http.client.HTTPResponse:
        """POST with Transfer-Encoding: chunked, so the server learns no length up front."""
        parts = (body[i : i + chunk] for i in range(0, len(body), chunk))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(
            "POST",
            path,
            parts,
            {"Content-Type": "application/x-www-form-urlencoded"},
            encode_chunked=True,
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        return response

    def get(self, path: str) -> tuple[int, str, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, response.getheader("Content-Type") or "", body

    def kill_9(self) -> None:
        """SIGKILL the server's whole process group (gunicorn's master and its workers)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def forms_environment(site_dir: Path, folder: Path) -> dict[str, str]:
    """Environment for the API in a subprocess: the site, and an outbox in ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env.update(
        {
            "FORMS_CONTENT_DIR": str(site_dir),
            "FORMS_DATABASE": str(folder / "outbox.sqlite3"),
            "FORMS_MAIL_DIR": str(folder / "mail"),
            "FORMS_SENDER_THREAD": "false",
            "FORMS_RATE_LIMIT": "1000 per minute",
            "PYTHONPATH": str(REPO_ROOT),
        }
    )
    return env


@pytest.fixture
def forms_env(site_dir: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for `flask --app forms_api ...` in a subprocess, on the same tmp files."""
    return forms_environment(site_dir, tmp_path)


@pytest.fixture
def flask_cli(forms_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m flask --app forms_api ARGS` in a fresh process."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "forms_api", *args],
            cwd=REPO_ROOT,
            env={**forms_env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run


def _start_live_api(command: list[str], env: dict[str, str], log_path: Path, port: int) -> LiveApi:
    """Start a server in its own process group and wait until /api/health answers 200."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api = LiveApi(process, port, env, log_path)
    deadline = time.monotonic() + 30
    while True:
        try:
            status, _, _ = api.get("/api/health")
            if status == 200:
                return api
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"the API did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.05)


def _stop_live_apis(started: list[LiveApi]) -> None:
    for api in started:
        if api.process.poll() is None:
            os.killpg(api.process.pid, signal.SIGKILL)
        api.process.wait(timeout=10)


@pytest.fixture
def live_api(forms_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., LiveApi]]:
    """Factory: start the API with `flask run` in a subprocess and wait until it answers."""
    started: list[LiveApi] = []

    def start(**env: str) -> LiveApi:
        started.append(start_flask_run({**forms_env, **env}, tmp_path))
        return started[-1]

    yield start
    _stop_live_apis(started)


def start_gunicorn(env: dict[str, str], folder: Path, threads: int = 4) -> LiveApi:
    """The API under gunicorn as the README runs it (one worker with threads)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers=1",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--no-control-socket",
        "forms_api:create_app()",
    ]
    return _start_live_api(command, env, folder / f"gunicorn-{port}.log", port)


def start_flask_run(env: dict[str, str], folder: Path) -> LiveApi:
    """The API under Werkzeug's development server (`flask run`; `build.py serve` mounts it)."""
    port = free_port()
    run = ["run", "--host", "127.0.0.1", "--port", str(port), "--no-reload", "--no-debugger"]
    command = [sys.executable, "-m", "flask", "--app", "forms_api", *run]
    return _start_live_api(command, env, folder / f"server-{port}.log", port)


@pytest.fixture
def gunicorn_api(forms_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., LiveApi]]:
    """Factory: the API under gunicorn as the README runs it (one worker with threads)."""
    started: list[LiveApi] = []

    def start(threads: int = 4, **env: str) -> LiveApi:
        started.append(start_gunicorn({**forms_env, **env}, tmp_path, threads))
        return started[-1]

    yield start
    _stop_live_apis(started)


@pytest.fixture(scope="module", params=["gunicorn", "flask run"])
def module_server(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[LiveApi]:
    """One server per module (gunicorn, then the development server) for many requests.

    The tests share its outbox, so each counts the rows it adds rather than the total.
    """
    folder = tmp_path_factory.mktemp("server")
    env = forms_environment(write_site(folder), folder)
    start = start_gunicorn if request.param == "gunicorn" else start_flask_run
    api = start(env, folder)
    yield api
    _stop_live_apis([api])


# -- site search (tests/forms_api/search/) --------------------------------------------------


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    site = load_api_site(REPO_ROOT / "content", "Europe/Stockholm")
    return build_index(site, tmp_path_factory.mktemp("search") / "search.db")


@pytest.fixture
def search_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "CONTENT_DIR": str(SAMPLE_CONTENT),
        "DATABASE": str(tmp_path / "outbox.sqlite3"),
        "MAIL_DIR": str(tmp_path / "mail"),
        "SENDER_THREAD": False,
        "SEARCH_RATE_LIMIT": "10000 per minute",
    }


@pytest.fixture
def make_search_app(search_config: dict[str, Any]):
    import forms_api

    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        app = forms_api.create_app({**search_config, **overrides})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["forms_outbox"].close()
        if "search_log" in app.extensions:
            app.extensions["search_log"].close()


@pytest.fixture
def search_client(make_search_app: Callable[..., Flask]) -> FlaskClient:
    return make_search_app().test_client()


@pytest.fixture(scope="module")
def shared_search_client(tmp_path_factory: pytest.TempPathFactory):
    """One app on the sample content for a whole module of read-only requests (building the
    index takes a moment)."""
    import forms_api

    folder = tmp_path_factory.mktemp("search")
    app = forms_api.create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(SAMPLE_CONTENT),
            "DATABASE": str(folder / "outbox.sqlite3"),
            "MAIL_DIR": str(folder / "mail"),
            "SENDER_THREAD": False,
            "SEARCH_RATE_LIMIT": "100000 per minute",
        }
    )
    yield app.test_client()
    app.extensions["forms_outbox"].close()
    app.extensions["search_log"].close()


@pytest.fixture
def search_page(shared_search_client: FlaskClient, parse_html):
    """GET /api/search with these parameters; returns (status, html, outline)."""

    def get(query: str) -> tuple[int, str, Any]:
        response = shared_search_client.get("/api/search?" + query)
        html = response.get_data(as_text=True)
        return response.status_code, html, parse_html(html)

    return get
