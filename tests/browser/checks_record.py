"""The record the accessibility statement shows: which automated checks last passed, when.

With ``KOMMUNWEBB_RECORD_CHECKS=1`` set, a browser-suite run that passes as a whole (every
one of the axe, vnu, Lighthouse, keyboard, focus, after-jump, text-spacing and
forced-colours tests ran and passed, none skipped) writes
``docs/accessibility-checks.json``; a developer commits it (README, "Recording the
accessibility checks"). Any failure, skip or partial run (``-k``) writes nothing, so the
statement can never claim a check that did not pass. The hooks are imported by conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RECORD = REPO / "docs" / "accessibility-checks.json"
ENV = "KOMMUNWEBB_RECORD_CHECKS"
# The test modules whose passing the record claims, and what each checks.
REQUIRED = {
    "test_axe_pages.py": "axe-core",
    "test_axe_forms.py": "axe-core",
    "test_html_validity.py": "Nu Html Checker (vnu)",
    "test_lighthouse.py": "Lighthouse",
    "test_keyboard.py": "keyboard",
    "test_focus_contrast.py": "focus",
    "test_after_jump.py": "after_jump",
    "test_text_spacing.py": "text_spacing",
    "test_forced_colours.py": "forced_colours",
}
# The checks no checker makes, which the statement names one by one (statement.browser_check.*).
BROWSER_CHECKS = ("focus", "after_jump", "text_spacing", "forced_colours")
_outcomes: dict[str, list[str]] = defaultdict(list)


def pytest_runtest_logreport(report: Any) -> None:
    module = Path(report.nodeid.split("::")[0]).name
    if module in REQUIRED and (report.when == "call" or report.outcome != "passed"):
        _outcomes[module].append(report.outcome)


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    if os.environ.get(ENV) != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    say = reporter.write_line if reporter is not None else print
    why = _why_not(exitstatus)
    if why:
        say(f"{ENV}: {RECORD.relative_to(REPO)} not written: {why}")
        return
    RECORD.write_text(json.dumps(make_record(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    say(f"{ENV}: wrote {RECORD.relative_to(REPO)}; commit it so the statement shows it")


def _why_not(exitstatus: int) -> str | None:
    if exitstatus != 0:
        return f"the run did not pass (exit status {exitstatus})"
    for module in REQUIRED:
        outcomes = _outcomes.get(module, [])
        if not outcomes:
            return f"{module} did not run (run the whole browser suite)"
        if any(o != "passed" for o in outcomes):
            return f"{module} did not pass everywhere ({', '.join(sorted(set(outcomes)))})"
    return None


def make_record(today: dt.date | None = None) -> dict[str, Any]:
    """The record's content: checker versions from node_modules, the browser's own version,
    and what the axe run walked (every built page, its kinds)."""
    from test_lighthouse import PAGES as LIGHTHOUSE_PAGES

    from sitebuilder.pipeline import BuildOptions, make_site

    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(BuildOptions(content=REPO / "content", out=Path(tmp) / "public"))
    pages = site.index.pages.values()
    kinds = {
        "home": any(p.kind == "home" for p in pages),
        "section": any(p.kind == "section" for p in pages),
        "page": any(
            p.kind == "page" and p.listing is None and p.meta.type == "page" for p in pages
        ),
        "service": any(p.meta.type == "service" for p in pages),
        "news": any(p.meta.type == "news" for p in pages),
        "listing": any(p.listing is not None for p in pages),
        "form": bool(site.index.forms.forms),
        "form_errors": bool(site.index.forms.forms),
        "receipt": bool(site.index.forms.forms),
        "not_found": True,
    }
    return {
        "date": (today or dt.date.today()).isoformat(),
        "checkers": [
            {"name": "axe-core", "version": _npm_version("axe-core")},
            {"name": "Nu Html Checker (vnu)", "version": _npm_version("vnu-jar")},
            {
                "name": "Lighthouse",
                "version": _npm_version("lighthouse"),
                "pages": list(LIGHTHOUSE_PAGES.values()),  # it runs on these only
            },
        ],
        "browser": _chromium_version(),
        "pages": len(site.index.pages) + 1,  # and the 404 page
        "page_kinds": [kind for kind, present in kinds.items() if present],
        "keyboard": True,
        "browser_checks": list(BROWSER_CHECKS),
    }


def _npm_version(package: str) -> str:
    data = json.loads((REPO / "node_modules" / package / "package.json").read_text("utf-8"))
    return str(data["version"])


def _chromium_version() -> str:
    from conftest import chromium_path

    path = chromium_path() or "chromium"
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    words = out.split()
    version = next((w for w in words if w[:1].isdigit()), "")
    return f"Chromium {version}".strip()
