""" "Did you mean" for a link to a content file that is not there."""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable


def file_hint(looked_for: str, page_rel: str, files: Iterable[str]) -> str | None:
    """What to write instead of a link that looked for ``looked_for`` (relative to content/)
    from the page ``page_rel``, if a file's name is close: most often only its upper and lower
    case differ (`bygglov.md` for `Bygglov.md`), which works on a Mac or Windows laptop and
    breaks on the server."""
    names = sorted(files)
    folded = looked_for.casefold()
    same = [name for name in names if name.casefold() == folded]
    close = same or difflib.get_close_matches(looked_for, names, n=1, cutoff=0.8)
    if not close:
        return None
    written = posixpath.relpath(close[0], posixpath.dirname(page_rel) or ".")
    shown = f"<{written}>" if " " in written else written
    case = " (upper and lower case must match the file's name)" if same else ""
    return f"did you mean `{shown}`?{case}"
