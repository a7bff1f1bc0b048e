"""Shared fixtures: scratch sites written into tmp_path, the CLI in a subprocess, an HTML outline."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitebuilder.errors import BuildFailed
from sitebuilder.pipeline import BuildOptions, Site, make_site

REPO_ROOT = Path(__file__).resolve().parent.parent

MINIMAL_SITE_YML = """\
name: Testby kommun
base_url: https://test.example
language: sv
"""

MINIMAL_HOME = """\
---
title: Välkommen till Testby kommun
description: Information från Testby kommun.
---

Här finns information om kommunen.
"""

ScratchSite = Callable[..., Path]


@pytest.fixture
def scratch_site(tmp_path: Path) -> ScratchSite:
    """Factory: ``scratch_site({"Bygglov.md": "..."})`` writes tmp_path/content and returns it.

    Texts are dedented and stripped of leading newlines, so they can be indented in the test.
    A minimal site.yml and home _index.md are always written unless the mapping gives its own;
    a value of None leaves that file out. Bytes are written as they are.
    """
    content = tmp_path / "content"

    def write(files: dict[str, str | bytes | None] | None = None) -> Path:
        merged: dict[str, str | bytes | None] = {
            "site.yml": MINIMAL_SITE_YML,
            "_index.md": MINIMAL_HOME,
            **(files or {}),
        }
        for rel, text in merged.items():
            target = content / rel
            if text is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return content

    return write


@pytest.fixture
def make_scratch(scratch_site: ScratchSite, tmp_path: Path) -> Callable[..., Site]:
    """Write a scratch site and render it in memory; content errors fail the test, listed."""

    def run(files: dict[str, str | bytes | None] | None = None, **options: object) -> Site:
        content = scratch_site(files)
        try:
            return make_site(BuildOptions(content=content, out=tmp_path / "public", **options))  # type: ignore[arg-type]
        except BuildFailed as failed:
            lines = "\n".join(e.format().replace(f"{content}/", "") for e in failed.errors)
            pytest.fail(f"the scratch site should build, but:\n{lines}")

    return run


@pytest.fixture
def scratch_errors(scratch_site: ScratchSite, tmp_path: Path) -> Callable[..., list[str]]:
    """Write a scratch site and return its error lines with paths relative to the content folder.

    Fails the test if the site builds.
    """

    def run(files: dict[str, str | bytes | None] | None = None, **options: object) -> list[str]:
        content = scratch_site(files)
        try:
            make_site(BuildOptions(content=content, out=tmp_path / "public", **options))  # type: ignore[arg-type]
        except BuildFailed as failed:
            return [e.format().replace(f"{content}/", "") for e in failed.errors]
        pytest.fail("the site built, but errors were expected")

    return run


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python build.py ARGS`` from the repository root and capture its output."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "build.py", *map(str, args)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


class Element:
    """One start tag seen by the parser, with where it sits."""

    def __init__(self, tag: str, attrs: dict[str, str], parents: tuple[str, ...]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parents = parents  # tags of open ancestors, outermost first
        self.text = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


class Outline(HTMLParser):
    """Every element of a page in document order, with the text inside each."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(e.tag for e in self._open))
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(
            Element(tag, {k: v or "" for k, v in attrs}, tuple(e.tag for e in self._open))
        )

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    # -- queries ------------------------------------------------------------------------

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag) and all(e.get(k) == v for k, v in attrs.items())
        ]

    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.elements if "id" in e.attrs]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="session")
def parse_html() -> Callable[[str], Outline]:
    """Parse HTML with the standard library into an :class:`Outline`."""
    return outline
