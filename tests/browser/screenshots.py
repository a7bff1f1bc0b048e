"""Take the README's screenshots: python tests/browser/screenshots.py (from the repository root).

Builds the sample site into a temporary folder, serves it with the forms API at /api/ on
127.0.0.1 (as the browser tests do), and saves full-page pictures of the home page, a service
page, a form sent empty and a receipt, each 375 and 1280 px wide, and the first screen of a
service page on a phone with its menu opened, to docs/screenshots/.
JavaScript is off (the site's only script adds the forms' timing signal), so the forms are
sent as without it, and the test submission is not quarantined as too fast.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from conftest import CHROME_ARGS, CONTENT, chromium_path  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

import forms_api  # noqa: E402
from sitebuilder.pipeline import BuildOptions, build  # noqa: E402
from sitebuilder.serve import preview_server  # noqa: E402

OUT = REPO / "docs" / "screenshots"
WIDTHS = (375, 1280)
HEIGHT = {375: 812, 1280: 800}  # the first screenful; the pictures are full page
SERVICE = "/bygga-bo-och-miljo/bygglov/"
FORM = "/trafik-och-gator/felanmalan-gata-park-och-belysning/"


def form_with_errors(page: Page, base: str) -> None:
    """The felanmälan form sent empty: the error summary and each field's message."""
    page.goto(base + FORM)
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_url("**/api/forms/felanmalan")
    assert page.title().startswith("Fel:"), page.title()


def receipt(page: Page, base: str) -> None:
    """The felanmälan form filled in and sent: the receipt with its reference number."""
    page.goto(base + FORM)
    page.get_by_label("Väghål och skador i gatan").check()
    page.get_by_label("Var finns felet?").fill("Storgatan 12, vid busshållplatsen")
    page.get_by_label("Hur ser felet ut?").fill(
        "Ett djupt hål i asfalten i cykelbanan, ungefär en halv meter brett."
    )
    page.get_by_label("Vilken är din e-postadress?").fill("anna.andersson@example.com")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_url("**/api/forms/felanmalan/receipt/*")


def menu_open(page: Page, base: str) -> None:
    """A service page on a phone with the Meny button pressed: the menu below the search box."""
    page.goto(base + SERVICE)
    page.locator("summary.menu-toggle__button").click()
    page.evaluate("document.activeElement.blur()")


def main() -> int:
    chromium = chromium_path()
    if chromium is None:
        print("Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temp:
        root = Path(temp)
        build(BuildOptions(content=CONTENT, out=root / "public"))
        api = forms_api.create_app(
            {
                "TESTING": True,
                "CONTENT_DIR": str(CONTENT),
                "DATABASE": str(root / "outbox.sqlite3"),
                "MAIL_DIR": str(root / "mail"),
            }
        )
        server, _ = preview_server(root / "public", api)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        base = f"http://{host}:{port}"
        shots = {
            "home": lambda page: page.goto(base + "/"),
            "service": lambda page: page.goto(base + SERVICE),
            "form-errors": lambda page: form_with_errors(page, base),
            "receipt": lambda page: receipt(page, base),
        }
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, headless=True, args=CHROME_ARGS
                )
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": HEIGHT[width]},
                        locale="sv-SE",
                        java_script_enabled=False,
                    )
                    extra = {"menu-open": lambda page: menu_open(page, base)} if width < 600 else {}
                    for name, open_page in {**shots, **extra}.items():
                        page = context.new_page()
                        open_page(page)
                        target = OUT / f"{name}-{width}.png"
                        partial = target.with_suffix(".tmp")  # never a half-written picture
                        full = name not in extra  # the open menu: the first screen is the point
                        page.screenshot(path=partial, type="png", full_page=full)
                        os.replace(partial, target)
                        print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")
                        page.close()
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
