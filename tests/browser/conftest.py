"""Real-browser fixtures: Debian's Chromium driven by Playwright, the site and the forms API
served on 127.0.0.1 by the tests themselves with the headers netlify.toml gives the deployed
site (its Content-Security-Policy among them), axe-core injected with page.evaluate (so that
policy cannot block it).

Without Chromium (a laptop), the browser tests skip with a message saying how to install it;
in CI (CI=true) a missing browser or missing npm tools fail the run instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from checks_record import pytest_runtest_logreport, pytest_sessionfinish  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
NETLIFY_TOML = REPO / "netlify.toml"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def missing(what: str, how: str) -> None:
    """Skip on a laptop; fail in CI, where .ci/run installs everything."""
    message = f"{what} is not installed ({how})"
    if IN_CI:
        pytest.fail(message + "; CI must install it in .ci/run", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        missing("Chromium", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python", "pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROME_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        missing("axe-core", "npm ci")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The start of a Nu Html Checker command line: java -jar node_modules/.../vnu.jar."""
    java = shutil.which("java")
    if java is None:
        missing("Java", "apt-get install default-jre-headless")
    if not VNU_JAR.is_file():
        missing("The Nu Html Checker (vnu-jar)", "npm ci")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def lighthouse_command() -> tuple[list[str], dict[str, str]]:
    """Lighthouse's command line and an environment that points it at Debian's Chromium."""
    chromium = chromium_path()
    if chromium is None:
        missing("Chromium", "apt-get install chromium")
    if shutil.which("node") is None:
        missing("Node.js", "apt-get install nodejs, or from nodejs.org")
    if not LIGHTHOUSE.is_file():
        missing("Lighthouse", "npm ci")
    return [str(LIGHTHOUSE)], {**os.environ, "CHROME_PATH": chromium}


@dataclass(frozen=True)
class Served:
    base_url: str
    out: Path  # the built site
    mail_dir: Path  # where the API writes .eml files
    database: Path

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample site, built once, served with the forms API mounted at /api/."""
    from forms_api import create_app
    from sitebuilder.pipeline import BuildOptions, build
    from sitebuilder.serve import netlify_headers, preview_server

    root = tmp_path_factory.mktemp("served")
    out = root / "public"
    build(BuildOptions(content=CONTENT, out=out))
    api = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(CONTENT),
            "DATABASE": str(root / "outbox.sqlite3"),
            "MAIL_DIR": str(root / "mail"),
            "RATE_LIMIT": "10000 per minute",
            "SEARCH_RATE_LIMIT": "100000 per minute",
        }
    )
    server, _ = preview_server(out, api, headers=netlify_headers(NETLIFY_TOML))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield Served(f"http://{host}:{port}", out, root / "mail", root / "outbox.sqlite3")
    server.shutdown()
    server.server_close()


# One browser context per way of looking at the site, shared by the whole session; each test
# opens its own page (tab) in it and closes it again.
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 Reflow: 320 CSS px wide
PHONE = {"width": 375, "height": 812}  # a common phone screen (iPhone X to 13 mini), CSS px


@pytest.fixture(scope="session")
def desktop(browser: Any) -> Iterator[Any]:
    """A 1280 px wide context with JavaScript on, like most residents' browsers."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    yield context
    context.close()


@pytest.fixture(scope="session")
def narrow(browser: Any) -> Iterator[Any]:
    """A 320 px wide context: a small phone, or a desktop browser zoomed to 400 %."""
    context = browser.new_context(viewport=NARROW, locale="sv-SE")
    yield context
    context.close()


@pytest.fixture(scope="session")
def no_js(browser: Any) -> Iterator[Any]:
    """A 1280 px wide context with JavaScript turned off: everything must still work."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE", java_script_enabled=False)
    yield context
    context.close()


# Chromium's default font sizes are 16 px (standard) and 13 px (fixed); these are double.
LARGE_TEXT = {"standard": 32, "fixed": 26}


@pytest.fixture
def large_text_page(browser: Any) -> Iterator[Any]:
    """A 1280 px wide tab whose browser default font size is 32 px: what a resident gets by
    setting Chrome's font size (Settings > Appearance), not page zoom. rem, em and rem-based
    media queries all count from it, which a style set on the page cannot imitate. Set through
    the DevTools protocol in a context of its own, so no other tab inherits it."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    client = context.new_cdp_session(page)
    client.send("Page.setFontSizes", {"fontSizes": LARGE_TEXT})
    yield page
    client.detach()
    context.close()


def _page_in(context: Any) -> Iterator[Any]:
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A 375 px wide tab with JavaScript off, as the header's phone menu must work without a
    script. No reduced motion: its 0.01 ms transitions would let a style read right after a
    change see the style before it."""
    context = browser.new_context(viewport=PHONE, locale="sv-SE", java_script_enabled=False)
    yield from _page_in(context)
    context.close()


@pytest.fixture
def desktop_page(desktop: Any) -> Iterator[Any]:
    yield from _page_in(desktop)


@pytest.fixture
def narrow_page(narrow: Any) -> Iterator[Any]:
    yield from _page_in(narrow)


@pytest.fixture
def no_js_page(no_js: Any) -> Iterator[Any]:
    yield from _page_in(no_js)


# -- Lighthouse scores in the CI log ------------------------------------------------------------


@dataclass
class LighthouseLog:
    """What the Lighthouse tests found, for the summary after the run."""

    folder: Path | None = None  # scores.json and the full reports
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)  # path -> scores


LIGHTHOUSE_LOG = pytest.StashKey[LighthouseLog]()


@pytest.fixture(scope="session")
def lighthouse_log(pytestconfig: pytest.Config) -> LighthouseLog:
    return pytestconfig.stash.setdefault(LIGHTHOUSE_LOG, LighthouseLog())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """A table of every page's four Lighthouse scores (0-100) at the end of the output,
    whatever -q or -s say, so the performance score (recorded, never asserted) is in every
    CI log."""
    log = config.stash.get(LIGHTHOUSE_LOG, None)
    if log is None or not log.scores:
        return
    categories = list(next(iter(log.scores.values())))
    width = max(len(path) for path in log.scores)
    terminalreporter.write_sep("-", "Lighthouse scores")
    terminalreporter.write_line(f"{'page':<{width}}  " + "  ".join(categories))
    for path, scores in log.scores.items():
        cells = [
            f"{'-' if scores[c] is None else round(scores[c] * 100):>{len(c)}}" for c in categories
        ]
        terminalreporter.write_line(f"{path:<{width}}  " + "  ".join(cells))
    terminalreporter.write_line(f"(scores.json and full reports in {log.folder})")
