"""docs/benchmarks.md: each script owns one block between markers and leaves the rest alone."""

from __future__ import annotations

from pathlib import Path

HEADER = """# Benchmarks

How fast the builder and the forms endpoint are, against Hugo, Pelican and MkDocs + Material
on the same synthetic municipal corpus (issue 5). Regenerate everything with

```sh
pip install -e '.[bench]' && apt-get install -y wrk time
python bench/run.py --pages 1000 5000 --runs 5 && python bench/load.py
```

`bench/run.py` writes the build section and `bench/load.py` the load-test section; each
replaces only its own part of this file. Numbers from one machine at one moment: compare
tools within one run, not across runs.

<!-- build:start -->
(not measured yet: run `python bench/run.py`)
<!-- build:end -->

<!-- load:start -->
(not measured yet: run `python bench/load.py`)
<!-- load:end -->
"""


def replace_block(path: Path, name: str, text: str) -> None:
    """Put ``text`` between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``path``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        new = before + block + ("\n" + after if after else "")
    else:
        new = current.rstrip() + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")
