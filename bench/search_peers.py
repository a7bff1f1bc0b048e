#!/usr/bin/env python3
"""Our site search beside Pagefind 1.x on the same synthetic site, in one run.

    python bench/search_peers.py --pages 5000 --runs 3

Ours: the index build (`load_api_site` + `build_index`, CPU and wall), the index file's size,
`SearchIndex.search` p50/p99 over `bench/search.py`'s query mix, and what a resident downloads
for one search: the results page for WORD from the endpoint plus the stylesheets, script and
icon it links (raw and gzip, as `bench/search_http.py` weighs the sample site).

Pagefind: our builder renders the corpus to HTML, then `python -m pagefind --site OUT` indexes
it (wall, and the child's CPU from rusage), the size of `OUT/pagefind/`, and what a browser
downloads for one search: headless Chromium loads the built home page from a local
http.server, imports `/pagefind/pagefind.js`, searches WORD and loads the data of the first
PAGE_SIZE results (what a results list shows); every response under `/pagefind/` is summed
(bytes as served, and gzip of them: Pagefind's index files are already gzipped). The home
page itself is not counted (the resident is already on a page). Needs the `bench` extra.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus as corpora  # noqa: E402
from search import MIX, percentile, tuning_file  # noqa: E402

from forms_api.search import Query, SearchIndex, build_index  # noqa: E402
from forms_api.site import load_api_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_SIZE = 10


def folder_bytes(root: Path) -> int:
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file())


def ours_index(content: Path, db: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of reading the site and building the index, and its size in bytes."""
    started, cpu = time.perf_counter(), time.process_time()
    build_index(load_api_site(content, "Europe/Stockholm"), db)
    return time.perf_counter() - started, time.process_time() - cpu, db.stat().st_size


def ours_queries(db: Path, runs: int) -> tuple[float, float]:
    """Median over the runs of p50 and p99 (ms, wall) of the mix, as bench/search.py runs it."""
    index = SearchIndex(db, cache_size=0)
    queries = [q for texts in MIX.values() for q in texts]
    for text in queries:
        index.search(Query(text, "sv"))
    rng = random.Random(1)
    per_run = []
    for _ in range(runs):
        order = queries[:]
        rng.shuffle(order)
        times = []
        for text in order:
            started = time.perf_counter()
            index.search(Query(text, "sv"))
            times.append((time.perf_counter() - started) * 1000)
        per_run.append((percentile(times, 0.5), percentile(times, 0.99)))
    return statistics.median(r[0] for r in per_run), statistics.median(r[1] for r in per_run)


def ours_weight(content: Path, db: Path, word: str) -> tuple[int, int, int]:
    """The endpoint's results page for `word` and the assets it links: (files, raw, gzip)."""
    import forms_api
    from sitebuilder.assets import theme_assets
    from sitebuilder.theme import DEFAULT_THEME

    with tempfile.TemporaryDirectory() as folder:
        app = forms_api.create_app(
            {
                "TESTING": True,
                "CONTENT_DIR": str(content),
                "SEARCH_INDEX": str(db),
                "DATABASE": f"{folder}/outbox.sqlite3",
                "MAIL_DIR": f"{folder}/mail",
                "SENDER_THREAD": False,
                "SEARCH_LOG_ENABLED": False,
            }
        )
        response = app.test_client().get(f"/api/search?q={word}&lang=sv")
        if response.status_code != 200:
            sys.exit(f"our results page: HTTP {response.status_code}")
        html = response.get_data()
        config = app.extensions["forms_site"].config
    _, files = theme_assets(DEFAULT_THEME, config)
    bodies = [html] + [
        files[href.decode().lstrip("/")]
        for href in re.findall(rb'(?:href|src)="(/assets/[^"]+)"', html)
    ]
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def build_site(content: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            *(sys.executable, str(REPO / "build.py"), "build", "--content", str(content)),
            *("--out", str(out), "--clean"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def pagefind_index(site: Path) -> tuple[float, float, int, str]:
    """Wall and CPU (user+sys of the child) seconds, bundle bytes, and the log's summary lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site)],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = " / ".join(
        line.strip() for line in done.stdout.splitlines() if re.search(r"Indexed|language", line)
    )
    return wall, cpu, folder_bytes(site / "pagefind"), summary


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def pagefind_weight(site: Path, word: str) -> tuple[int, int, int, int]:
    """In Chromium: (files, bytes as served, gzip of them, results) for one Pagefind search."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    bodies: list[bytes] = []
    kinds: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            page = browser.new_page()
            page.goto(base + "/")
            responses = []
            page.on("response", lambda r: responses.append(r))
            found = page.evaluate(
                """async ([word, size]) => {
                    const pagefind = await import('/pagefind/pagefind.js');
                    await pagefind.init();
                    const search = await pagefind.search(word);
                    await Promise.all(search.results.slice(0, size).map(r => r.data()));
                    return search.results.length;
                }""",
                [word, PAGE_SIZE],
            )
            page.wait_for_load_state("networkidle")
            for response in responses:
                if "/pagefind/" in response.url:
                    bodies.append(response.body())
                    name = response.url.split("/pagefind/", 1)[1]
                    kind = name.split("/")[0] if "/" in name else name.split(".")[0]
                    kinds[kind] = kinds.get(kind, 0) + 1
            browser.close()
    finally:
        server.shutdown()
    print("Pagefind files by kind:", kinds, file=sys.stderr)
    return (
        len(bodies),
        sum(map(len, bodies)),
        sum(min(len(b), len(gzip.compress(b, 6))) for b in bodies),
        found,
    )


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} KB" if n < 10_000_000 else f"{n / 1e6:,.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="rounds of the query mix")
    parser.add_argument("--word", default="bygglov", help="the common word weighed")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kommunwebb-bench"))
    args = parser.parse_args(argv)

    folder = args.work / f"peers-{args.pages}"
    shutil.rmtree(folder, ignore_errors=True)
    generated = corpora.generate(args.pages)
    for page in generated.pages:
        # The builder now refuses step 2 without a form; corpus.py predates that check.
        if page.ladder_step == 2:
            page.ladder_step = 1
    corpora.write_ours(generated, folder / "ours")
    content = folder / "ours" / "content"
    (content / "search.yml").write_text(tuning_file(), encoding="utf-8")
    db, site = folder / "search.db", folder / "public"

    print(f"{len(generated.pages)} pages in {folder}", file=sys.stderr)
    o_wall, o_cpu, o_size = ours_index(content, db)
    o_p50, o_p99 = ours_queries(db, args.runs)
    o_files, o_raw, o_gz = ours_weight(content, db, args.word)
    print("ours measured; building the HTML for Pagefind", file=sys.stderr)
    site_s = build_site(content, site)
    html_pages = len(list(site.rglob("*.html")))
    p_wall, p_cpu, p_size, p_log = pagefind_index(site)
    p_files, p_raw, p_gz, p_found = pagefind_weight(site, args.word)
    from importlib.metadata import version

    load = os.getloadavg()
    lines = [
        f"{len(generated.pages)} corpus pages (`python bench/search_peers.py --pages {args.pages} "
        f"--runs {args.runs}`, {time.strftime('%Y-%m-%d')}, pagefind {version('pagefind_bin')}; "
        f"our build gave {html_pages} HTML files in {site_s:.1f} s for Pagefind to index). "
        f"Load average {load[0]:.1f} / {load[2]:.1f} (1 / 15 min) on {os.cpu_count()} cores.",
        "",
        "| measure | our search (endpoint, SQLite FTS5) | Pagefind (static, in the browser) |",
        "|---|---|---|",
        f"| index build, wall | {o_wall:.1f} s (read the Markdown, build the index) | "
        f"{p_wall:.1f} s (from the built HTML) |",
        f"| index build, CPU | {o_cpu:.1f} s | {p_cpu:.1f} s (all threads) |",
        f"| index size | {kb(o_size)} (one SQLite file, on the server) | {kb(p_size)} "
        "(`pagefind/` bundle, published) |",
        f"| query p50 / p99 | {o_p50:.1f} / {o_p99:.1f} ms (`SearchIndex.search`, "
        f"{sum(map(len, MIX.values()))} queries) | runs in the resident's browser (not timed) |",
        f"| one search for \u201c{args.word}\u201d, bytes | {kb(o_raw)} ({o_files} files: results "
        f"page + CSS/JS/icon) | {kb(p_raw)} ({p_files} files: pagefind.js + worker, entry, wasm, "
        f"meta, chunks, {PAGE_SIZE} fragments) |",
        f"| same, gzip | {kb(o_gz)} | {kb(p_gz)} (index files are gzipped already) |",
        "",
        f"Pagefind's log: {p_log}. It found {p_found} results for \u201c{args.word}\u201d. "
        "Pagefind bytes: a network log in headless Chromium (served by http.server, uncompressed; "
        "gzip column = each file gzipped unless that made it larger).",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
