#!/usr/bin/env python3
"""The search engine alone: time to build the index, and query times over a realistic mix.

    python bench/search.py --pages 5000 --runs 5

Generates the synthetic municipal site (`corpus.py`, ours only) with the sample content's
synonyms and words to ignore, builds the index from it the way the endpoint does (the
builder's read path, the Markdown renderer, FTS5), then runs every query of the mix once per
run, in a shuffled order, and reports per run p50 and p99 of the wall time of
`SearchIndex.search` (what the endpoint calls; HTTP is measured by the web layer's bench),
and the medians over the runs. Writes the `search` block of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus as corpora  # noqa: E402
import yaml  # noqa: E402
from report import replace_block  # noqa: E402

from forms_api.search import Query, SearchIndex, build_index  # noqa: E402
from forms_api.site import load_api_site  # noqa: E402

# What residents type, by kind; the corpus's own topics make the words real for it.
MIX = {
    "one word": [
        "bygglov",
        "förskola",
        "hemtjänst",
        "parkering",
        "bibliotek",
        "avfall",
        "simhall",
        "färdtjänst",
        "upphandling",
        "bredband",
        "radon",
        "vigsel",
    ],
    "inflected": [
        "bygglovet",
        "förskolor",
        "avgifterna",
        "simhallen",
        "biblioteket",
        "hundarna",
        "protokollen",
        "badplatserna",
    ],
    "no diacritics": ["hemtjanst", "fardtjanst", "aldreboende", "overformyndare", "snorojning"],
    "compound part": ["tillstånd", "avgift", "skola", "vatten", "plats"],
    "compound query": [
        "bygglovsansökan",
        "förskoleavgift",
        "simhallsavgift",
        "parkeringsavgift",
        "hemtjänstavgift",
    ],
    "two or more words": [
        "avgift förskola",
        "ansöka om bygglov",
        "öppettider bibliotek",
        "regler för hundar",
        "hur ansöker jag om färdtjänst",
        "tillstånd för servering i centrum",
    ],
    "synonym": [
        "dagis",
        "socialbidrag",
        "sophämtning",
        "soptunna",
        "jobb",
        "god man",
        "krogtillstånd",
        "plogning",
    ],
    "as you type": ["byg", "bygg", "byggl", "försk", "hemtj", "parker"],
    "typo": ["bygglvo", "hemtjänts", "förskla", "parkring", "biblioteek"],
    "nothing found": ["xylofonvägen", "qwerty", "zzz"],
    "hostile": [
        '"NEAR(bygglov',
        "*",
        "a OR b NOT c",
        "x" * 10_000,
        " ".join(f"ord{n}" for n in range(1_000)),
    ],
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def tuning_file() -> str:
    """The sample's synonyms and words to ignore; its best bets name sample pages."""
    data = yaml.safe_load((REPO / "content" / "search.yml").read_text(encoding="utf-8"))
    data.pop("best_bets", None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5, help="rounds of the query mix")
    parser.add_argument("--builds", type=int, default=1, help="index builds (median)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kommunwebb-bench"))
    parser.add_argument("--no-report", action="store_true", help="print only")
    args = parser.parse_args(argv)

    folder = args.work / f"search-{args.pages}"
    shutil.rmtree(folder, ignore_errors=True)
    generated = corpora.generate(args.pages)
    corpora.write_ours(generated, folder / "ours")
    content = folder / "ours" / "content"
    (content / "search.yml").write_text(tuning_file(), encoding="utf-8")
    db = folder / "search.db"

    builds: list[tuple[float, float, float, float]] = []
    for _ in range(args.builds):
        started, cpu = time.perf_counter(), time.process_time()
        site = load_api_site(content, "Europe/Stockholm")
        read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
        index = build_index(site, db)
        builds.append(
            (
                read,
                read_cpu,
                time.perf_counter() - started - read,
                time.process_time() - cpu - read_cpu,
            )
        )
    read_s, read_cpu_s, index_s, index_cpu_s = (
        statistics.median(b[i] for b in builds) for i in range(4)
    )
    from forms_api.search.index import fingerprint

    stale_started = time.perf_counter()
    for _ in range(5):
        fingerprint(content)
    stale_ms = (time.perf_counter() - stale_started) / 5 * 1000

    index = SearchIndex(db, cache_size=0)  # every query computed: no answer from the cache
    queries = [(kind, q) for kind, texts in MIX.items() for q in texts]
    for _, text in queries:  # warm: the first query of each opens caches, as in a server
        index.search(Query(text, "sv"))
    rng = random.Random(1)
    per_run: list[tuple[float, ...]] = []
    by_kind: dict[str, list[float]] = {k: [] for k in MIX}
    totals: dict[str, int] = {}
    for _ in range(args.runs):
        order = queries[:]
        rng.shuffle(order)
        times, cpus = [], []
        for kind, text in order:
            started, cpu = time.perf_counter(), time.thread_time()
            results = index.search(Query(text, "sv"))
            cpus.append((time.thread_time() - cpu) * 1000)
            elapsed = (time.perf_counter() - started) * 1000
            times.append(elapsed)
            by_kind[kind].append(elapsed)
            totals[text] = results.total
        per_run.append(
            (
                percentile(times, 0.5),
                percentile(times, 0.99),
                max(times),
                percentile(cpus, 0.5),
                percentile(cpus, 0.99),
            )
        )

    p50, p99, worst, cpu50, cpu99 = (statistics.median(r[i] for r in per_run) for i in range(5))
    load = os.getloadavg()[0]
    size_mb = db.stat().st_size / 1e6
    lines = [
        f"Search engine at {len(generated.pages)} pages (`python bench/search.py --pages "
        f"{args.pages} --runs {args.runs}`, {platform.python_implementation()} "
        f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}): "
        f"{len(queries)} queries a run, {args.runs} runs, medians over the runs. "
        "`SearchIndex.search` wall time in one process; HTTP is measured separately.",
        "",
        "| measure | wall | CPU |",
        "|---|---|---|",
        f"| read the site (builder's load, validate, index) | {read_s:.2f} s | {read_cpu_s:.2f} s |",
        f"| build the index (Markdown to text, analysis, FTS5 file) | {index_s:.2f} s | "
        f"{index_cpu_s:.2f} s |",
        f"| query p50 | {p50:.1f} ms | {cpu50:.1f} ms |",
        f"| query p99 | {p99:.1f} ms | {cpu99:.1f} ms |",
        f"| slowest query | {worst:.1f} ms | |",
        f"| content fingerprint (`is_stale()`'s look, in a background thread) | {stale_ms:.1f} ms | |",
        f"| index file | {size_mb:.1f} MB | |",
        "",
        f"Load average when the queries ran: {load:.1f} on {os.cpu_count()} cores (other work "
        "on the machine inflates wall times; CPU is this thread's own time).",
        "",
        "| kind of query | queries | median ms (wall) | max ms (wall) | results (first query) |",
        "|---|---|---|---|---|",
    ]
    for kind, texts in MIX.items():
        values = by_kind[kind]
        lines.append(
            f"| {kind} | {len(texts)} | {statistics.median(values):.1f} | {max(values):.1f} | "
            f"{totals[texts[0]]} |"
        )
    text = "\n".join(lines)
    print(text)
    if not args.no_report:
        replace_block(REPO / "docs" / "benchmarks.md", "search", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
