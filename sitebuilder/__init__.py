"""Builds a municipality's static website from Markdown content and a Jinja2 theme.

The stages, in order (each a module): load -> validate -> index -> markdown/links ->
render -> write. ``pipeline.build`` runs them; ``cli`` is the command line.
"""

from __future__ import annotations

from typing import Any

from .errors import BuildFailed, ContentError
from .options import BuildOptions, BuildResult

__all__ = ["BuildFailed", "BuildOptions", "BuildResult", "ContentError", "build"]


def __getattr__(name: str) -> Any:
    # Importing the package stays cheap; the pipeline loads on first use.
    if name == "build":
        from .pipeline import build

        return build
    raise AttributeError(name)
