#!/usr/bin/env python3
"""The site search through HTTP: p50/p99 of GET /api/search at N pages, and the page's weight.

    python bench/search_http.py [--pages 5000] [--queries 400] [--runs 3]

Generates the corpus (corpus.py, our layout only), starts the endpoint under gunicorn as the
README runs it (one worker, four threads) on 127.0.0.1, and times one client asking one query
after another over a kept-alive connection: the results page (no JavaScript) and the fragment
as-you-type asks for. The query mix is words from the corpus's titles and text, two-word
queries, misspellings and words the site does not have. Each figure is the median over the runs.

The weight is the sample site's results page for a common word with everything it loads
(stylesheets, script, icon), as bytes on the wire uncompressed and gzip-compressed.
Prints a table; the integrator copies the figures into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/kommunwebb-bench/search-http")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(content: Path, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env.update(
        FORMS_CONTENT_DIR=str(content),
        FORMS_DATABASE=str(folder / "outbox.sqlite3"),
        FORMS_MAIL_DIR=str(folder / "mail"),
        FORMS_SENDER_THREAD="false",
        FORMS_SEARCH_RATE_LIMIT="1000000 per minute",
        PYTHONPATH=str(REPO),
    )
    command = [sys.executable, "-m", "gunicorn", "--workers=1", "--threads=4"]
    command += [f"--bind=127.0.0.1:{port}", "--no-control-socket", "forms_api:create_app()"]
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log, stderr=log, start_new_session=True
    )
    began = time.monotonic()
    while time.monotonic() - began < 600:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                print(f"  endpoint up in {time.monotonic() - began:.1f} s (index built at start)")
                return process, port
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped: see {folder / 'gunicorn.log'}")
    sys.exit("gunicorn did not answer in 10 minutes")


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def query_mix(content: Path, count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    titles = []
    for file in sorted(content.rglob("*.md")):
        head = file.read_text(encoding="utf-8").split("\n---", 1)[0]
        match = re.search(r"^title: (.+)$", head, re.M)
        if match:
            titles.append(match.group(1).strip().strip("'\""))
    words = sorted({w.lower() for t in titles for w in re.findall(r"\w{4,}", t)})
    queries = []
    for _ in range(count):
        roll = rng.random()
        word = rng.choice(words)
        if roll < 0.5:
            queries.append(word)
        elif roll < 0.75:
            queries.append(f"{word} {rng.choice(words)}")
        elif roll < 0.9:  # a typo: two letters swapped
            i = rng.randrange(len(word) - 1)
            queries.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        else:
            queries.append(rng.choice(["xyzzyq", "blorft", "qwxzvbnmk", "zzkrrt"]))
    return queries


def timed(port: int, queries: list[str], fragment: bool) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for text in queries:
        params = {"q": text, "lang": "sv", **({"fragment": "1"} if fragment else {})}
        began = time.perf_counter()
        conn.request("GET", "/api/search?" + urlencode(params))
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            sys.exit(f"{text!r}: HTTP {response.status}")
    conn.close()
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def weight() -> list[tuple[str, int, int]]:
    """The sample site's results page for "bygglov" and each file it loads: (name, raw, gzip)."""
    sys.path.insert(0, str(REPO))
    import forms_api
    from sitebuilder.assets import theme_assets
    from sitebuilder.theme import DEFAULT_THEME

    with tempfile.TemporaryDirectory() as folder:
        app = forms_api.create_app(
            {
                "TESTING": True,
                "CONTENT_DIR": str(REPO / "content"),
                "DATABASE": f"{folder}/outbox.sqlite3",
                "MAIL_DIR": f"{folder}/mail",
                "SENDER_THREAD": False,
                "SEARCH_LOG_ENABLED": False,
            }
        )
        html = app.test_client().get("/api/search?q=bygglov&lang=sv").get_data()
        config = app.extensions["forms_site"].config
    _, files = theme_assets(DEFAULT_THEME, config)
    rows = [("results page (HTML)", len(html), len(gzip.compress(html, 6)))]
    for href in re.findall(rb'(?:href|src)="(/assets/[^"]+)"', html):
        data = files[href.decode().lstrip("/")]
        rows.append((href.decode().rsplit("/", 1)[1], len(data), len(gzip.compress(data, 6))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / f"corpus-{args.pages}"
    if not (corpus / "ours" / "content").is_dir():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "corpus.py"),
                str(args.pages),
                str(corpus),
                "--tools",
                "ours",
            ],
            check=True,
        )
    content = corpus / "ours" / "content"
    queries = query_mix(content, args.queries)
    print(f"{args.pages} pages, {len(queries)} queries per run, {args.runs} runs")
    process, port = start(content, args.work)
    try:
        timed(port, queries[:50], fragment=False)  # warm up: caches, the renderer
        figures: dict[str, list[tuple[float, float]]] = {"results page": [], "fragment": []}
        for _ in range(args.runs):
            for name, fragment in (("results page", False), ("fragment", True)):
                times = timed(port, queries, fragment)
                figures[name].append((percentile(times, 50), percentile(times, 99)))
    finally:
        stop(process)
    print(f"\n| GET /api/search at {args.pages} pages | p50 ms | p99 ms |")
    print("|---|---:|---:|")
    for name, runs in figures.items():
        p50 = statistics.median(r[0] for r in runs)
        p99 = statistics.median(r[1] for r in runs)
        print(f"| {name} | {p50:.1f} | {p99:.1f} |")
    rows = weight()
    print("\n| results page, sample site | bytes | gzip |")
    print("|---|---:|---:|")
    for name, raw, packed in rows:
        print(f"| {name} | {raw:,} | {packed:,} |")
    print(f"| everything | {sum(r[1] for r in rows):,} | {sum(r[2] for r in rows):,} |")


if __name__ == "__main__":
    main()
