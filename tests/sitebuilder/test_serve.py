"""`serve`'s watcher: it rebuilds on every change and survives a rebuild that fails."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from sitebuilder.pipeline import BuildOptions, build
from sitebuilder.serve import Preview, StaticSite, _watch


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_the_watcher_reports_a_rebuild_that_fails_and_keeps_watching(
    scratch_site, tmp_path: Path, capsys
) -> None:
    content = scratch_site({"Sida.md": "---\ntitle: Sida\ndescription: Sida.\n---\n\nEtt.\n"})
    out = tmp_path / "public"
    options = BuildOptions(content=content, out=out)
    build(options)
    stop = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(options, Preview(StaticSite(out), None), None, stop), daemon=True
    )
    watcher.start()
    try:
        time.sleep(0.5)  # the watcher's first look at the files
        # Something that is no content error: the output folder has become a file.
        for path in sorted(out.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        out.rmdir()
        out.write_text("inte en mapp")
        (content / "Sida.md").write_text("---\ntitle: Sida\ndescription: Sida.\n---\n\nTvå.\n")
        wait_for(lambda: "rebuild failed:" in capsys.readouterr().err, 20, "the failure")
        assert watcher.is_alive(), "the watcher stopped after a failed rebuild"

        out.unlink()
        (content / "Sida.md").write_text("---\ntitle: Sida\ndescription: Sida.\n---\n\nTre.\n")
        page = out / "sida" / "index.html"
        wait_for(lambda: page.is_file() and "Tre." in page.read_text(), 20, "the next edit")
        assert watcher.is_alive()
    finally:
        stop.set()
        watcher.join(5)
