"""Every file the build will write, by who asked for it; two that cannot both exist are errors.

Pages, aliases, the editors' files and the build's own files (feed, sitemap, 404 page,
`_redirects`, robots.txt, the theme's /assets/) all become paths in one output folder. Two
of them may not be the same path, and no path may be a file for one and a folder for
another (`/sitemap.xml` the build's file, `/sitemap.xml/` an alias's folder). The index
finds every such clash, with the line that causes it, before anything is written: `build`
and `check` report the same errors, and a build never fails half-way through writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ErrorList

# Who is asked to change when two outputs clash: what an editor wrote last is most likely
# the mistake, and the build's own files never move.
_BLAME_ORDER = {"alias": 0, "file": 1, "page": 2, "generated": 3}


@dataclass(frozen=True)
class Output:
    """One file the build writes (relative to the output folder) and where it comes from."""

    file: str  # e.g. "bygga/bygglov/index.html"
    kind: str  # "page", "alias", "file" (an editor's asset) or "generated"
    address: str  # as the editor wrote or sees it: "/bygga/bygglov/", "/gammal"
    source: Path | None = None  # None for the build's own files
    line: int = 1

    def named(self) -> str:
        """How this output is named as the one that needs a folder."""
        if self.kind == "generated":
            return f"the build's own {self.address}"
        if self.kind == "alias":
            return f"alias {self.address} of {self.source}"
        return f"the {self.kind} {self.source}"

    def occupies(self, file: str) -> str:
        """How this output is named as the one already at ``file``."""
        if self.kind == "generated":
            return f"where the build writes its own file /{file}"
        if self.kind == "alias":
            return f"where alias {self.address} of {self.source} writes its redirect"
        if self.kind == "page":
            return f"where the page {self.source} is written"
        return f"where the file {self.source} is published"

    def fix(self) -> str:
        if self.kind == "alias":
            return "remove the alias"
        if self.kind == "page":
            return "rename the file or give it another `slug:`"
        return "rename or move this file"

    def subject(self) -> str:
        if self.kind == "alias":
            return f"alias {self.address}"
        if self.kind == "page":
            return f"this page, {self.address},"
        return f"this file, published as {self.address},"


def check_outputs(outputs: list[Output], errors: ErrorList) -> set[Output]:
    """Report every clash at the output an editor should change; returns those outputs."""
    by_file: dict[str, list[Output]] = {}
    for output in outputs:
        by_file.setdefault(output.file, []).append(output)
    # The first output (in file order) that needs each folder.
    folders: dict[str, Output] = {}
    for file in sorted(by_file):
        parts = file.split("/")
        for n in range(1, len(parts)):
            folders.setdefault("/".join(parts[:n]), by_file[file][0])
    blamed: set[Output] = set()

    def report(culprit: Output, message: str) -> None:
        if culprit in blamed or culprit.source is None:
            return
        blamed.add(culprit)
        errors.add(culprit.source, culprit.line, f"{message}; {culprit.fix()}", "url-clash")

    for file, owners in sorted(by_file.items()):
        if len(owners) > 1:
            ordered = sorted(owners, key=lambda o: _BLAME_ORDER[o.kind])
            for culprit in ordered[:-1]:
                other = ordered[-1]
                report(
                    culprit, f"{culprit.subject()} is written to /{file}, {other.occupies(file)}"
                )
        if file in folders:
            as_file, as_folder = owners[0], folders[file]
            if _BLAME_ORDER[as_file.kind] <= _BLAME_ORDER[as_folder.kind]:
                report(
                    as_file,
                    f"{as_file.subject()} is written to the file /{file}, but {as_folder.named()} "
                    f"needs a folder of that name",
                )
            else:
                report(
                    as_folder,
                    f"{as_folder.subject()} needs a folder /{file}/, {as_file.occupies(file)}",
                )
    return blamed
