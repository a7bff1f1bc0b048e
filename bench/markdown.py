#!/usr/bin/env python3
"""The Markdown renderer alone, against the renderer at another git revision, on one content folder.

    python bench/markdown.py content --against main
    python bench/corpus.py 1000 /tmp/corpus --tools ours
    python bench/markdown.py /tmp/corpus/ours/content --against 48154b6 --runs 8

Renders every page's body with both, alternately in one process, and reports the sum over
pages of each page's fastest run (CPU time), which a busy machine disturbs far less than
one wall-clock total; and how many bodies are byte-for-byte the same.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitebuilder.errors import ErrorList  # noqa: E402
from sitebuilder.markdown import render_markdown  # noqa: E402
from sitebuilder.options import BuildOptions  # noqa: E402
from sitebuilder.pipeline import index_site  # noqa: E402


def other_renderer(revision: str, folder: Path) -> Callable[..., Any]:
    """``render_markdown`` of ``revision``, imported as the package ``sitebuilder_base``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "sitebuilder"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "sitebuilder").rename(folder / "sitebuilder_base")
    sys.path.insert(0, str(folder))
    return importlib.import_module("sitebuilder_base.markdown").render_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--against", default="main", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=20, help="runs of each page with each")
    args = parser.parse_args(argv)

    indexed = index_site(BuildOptions(content=args.content, cache=False), ErrorList())
    index, strings = indexed.index, indexed.theme.strings
    pages = list(index.pages.values())
    labels = {page.lang: strings.for_lang(page.lang) for page in pages}
    with tempfile.TemporaryDirectory() as folder:
        theirs = other_renderer(args.against, Path(folder))
        clock = time.process_time_ns
        total = {"ours": 0, "theirs": 0}
        same = 0
        for page in pages:
            fastest = {"ours": 1 << 62, "theirs": 1 << 62}
            for _ in range(args.runs):
                for name, render in (("theirs", theirs), ("ours", render_markdown)):
                    start = clock()
                    body = render(page, index, labels[page.lang])[0].html
                    fastest[name] = min(fastest[name], clock() - start)
                    if name == "theirs":
                        before = body
            same += body == before
            for name in total:
                total[name] += fastest[name]
    ratio = total["ours"] / total["theirs"]
    print(
        f"{len(pages)} pages, fastest of {args.runs} each: {args.against} "
        f"{total['theirs'] / 1e6:.1f} ms, working tree {total['ours'] / 1e6:.1f} ms "
        f"({ratio:.3f}x); bodies byte-identical: {same}/{len(pages)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
