"""Builds a municipality's static website from Markdown content and a Jinja2 theme.

The stages, in order (each a module): load -> validate -> index -> markdown/links ->
render -> write. ``pipeline.build`` runs them; ``cli`` is the command line.
"""

from .errors import BuildFailed, ContentError
from .pipeline import BuildOptions, BuildResult, build

__all__ = ["BuildFailed", "BuildOptions", "BuildResult", "ContentError", "build"]
