"""Lighthouse scores 100 for accessibility, best practices and SEO on the main kinds of page.

Performance is recorded, never asserted: on a shared CI machine timing says more about the
machine than about the site. All four scores of every page are printed as a table at the end
of pytest's output (conftest.py's terminal summary, so CI logs keep them with or without -s),
and go to lighthouse/scores.json in pytest's temporary folder with timings, next to
Lighthouse's full report for each page.

The site is served by the tests over plain http on 127.0.0.1, which Lighthouse counts as a
secure origin: `is-on-https` passes and `redirects-http` is not applicable. The server sends
netlify.toml's headers, the Content-Security-Policy among them, as the deployed site does;
the audits about headers that neither sends here (HSTS, which Netlify adds on https itself,
COOP, Trusted Types) are informative and do not count towards the score.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

PAGES = {
    "home": "/",
    "service": "/bygga-bo-och-miljo/bygglov/",
    "form": "/trafik-och-gator/felanmalan-gata-park-och-belysning/",
}
GATED = ("accessibility", "best-practices", "seo")
CATEGORIES = ("performance", *GATED)
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run"
    " --disable-background-networking --disable-component-update --disable-sync"
    " --disable-dev-shm-usage"
)
TIMEOUT = 180  # one run takes about 15 s
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
# Audits that count for nothing, whatever their result.
UNSCORED = ("notApplicable", "informative", "manual")


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lighthouse", numbered=False)


def run_lighthouse(command: tuple[list[str], dict[str, str]], url: str, report: Path) -> Any:
    """Lighthouse's JSON report for one URL, with a fresh headless Chromium."""
    argv, env = command
    process = subprocess.Popen(
        [
            *argv,
            url,
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        # SIGINT lets Lighthouse close its Chromium (a process group of its own) first.
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        pytest.fail(f"Lighthouse did not finish {url} in {TIMEOUT} s", pytrace=False)
    assert process.returncode == 0, f"Lighthouse exited {process.returncode}: {stderr[-2000:]}"
    result = json.loads(report.read_text(encoding="utf-8"))
    assert not result.get("runtimeError"), result["runtimeError"]
    return result


def failing_audits(result: Any, category: str) -> list[str]:
    """Each audit that costs the category points: id, title, score and what it found."""
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if audit["scoreDisplayMode"] in UNSCORED or audit["score"] in (None, 1):
            continue
        found = [
            item.get("node", {}).get("snippet") or item.get("url") or item.get("description")
            for item in (audit.get("details") or {}).get("items", [])[:5]
        ]
        lines.append(
            f"  {audit['id']} ({audit['title']}): score {audit['score']}, weight {ref['weight']}"
            + "".join(f"\n      {f}" for f in found if f)
        )
    return lines


def summary(result: Any) -> dict[str, Any]:
    """What scores.json keeps for a page: scores, timings, and what could not be judged."""
    audits = result["audits"]
    refs = [ref["id"] for name in CATEGORIES for ref in result["categories"][name]["auditRefs"]]
    return {
        "url": result["finalDisplayedUrl"],
        "lighthouse": result["lighthouseVersion"],
        "scores": {name: result["categories"][name]["score"] for name in CATEGORIES},
        "metrics": {m: [audits[m]["numericValue"], audits[m]["numericUnit"]] for m in METRICS},
        "not_applicable": sorted(
            {a for a in refs if audits[a]["scoreDisplayMode"] == "notApplicable"}
        ),
        # Informative audits (no weight) that found something, e.g. headers only production sends.
        "informative": {
            a: [item.get("description") for item in audits[a]["details"]["items"]]
            for a in sorted(set(refs))
            if audits[a]["scoreDisplayMode"] == "informative"
            and (audits[a].get("details") or {}).get("items")
        },
        "run_warnings": result.get("runWarnings", []),
    }


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(
    name: str,
    served: Any,
    lighthouse_command: tuple[list[str], dict[str, str]],
    report_dir: Path,
    lighthouse_log: Any,
) -> None:
    path = PAGES[name]
    result = run_lighthouse(lighthouse_command, served.url(path), report_dir / f"{name}.json")

    scores_file = report_dir / "scores.json"
    recorded = json.loads(scores_file.read_text()) if scores_file.is_file() else {}
    recorded[path] = summary(result)
    scores_file.write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n")
    scores = recorded[path]["scores"]
    lighthouse_log.folder = report_dir
    lighthouse_log.scores[path] = scores

    problems = []
    for category in GATED:
        if scores[category] != 1:
            problems.append(f"{category} {scores[category]}:")
            problems += failing_audits(result, category) or ["  (no single audit below 1)"]
    if problems:
        pytest.fail(f"Lighthouse on {path}:\n" + "\n".join(problems), pytrace=False)
