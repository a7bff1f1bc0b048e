"""Stage 4b, check links: every internal link and anchor must land somewhere."""

from __future__ import annotations

import difflib
from pathlib import Path

from .errors import ContentError
from .markdown import Link
from .model import GENERATED_FILES, Body, SiteIndex


def check_links(
    links: list[Link], index: SiteIndex, bodies: dict[str, Body], left_out: dict[str, Path]
) -> list[ContentError]:
    errors: list[ContentError] = []
    for link in links:
        target = link.target
        code = "broken-link"
        if target in index.aliases and not link.fragment:
            continue
        if target in left_out:
            message = f"link `{link.href}` goes to a draft ({left_out[target]}); publish it or remove the link"
        elif target in index.assets or target in GENERATED_FILES:
            continue
        elif target not in index.pages:
            close = difflib.get_close_matches(target, list(index.pages), n=1, cutoff=0.7)
            hint = (
                f"; did you mean {close[0]}?"
                if close
                else "; check the address against the page's URL"
            )
            goes = "" if link.href == target else f" (that is {target})"
            message = f"link `{link.href}`{goes} goes to no page on this site{hint}"
        elif link.fragment and link.fragment not in bodies[target].ids:
            ids = sorted(bodies[target].ids)
            close = difflib.get_close_matches(link.fragment, ids, n=1)
            hint = f"; did you mean #{close[0]}?" if close else ""
            code = "broken-anchor"
            message = f"link `{link.href}`: {target} has no heading with id `{link.fragment}`{hint}"
        else:
            continue
        errors.append(ContentError(Path(link.path), link.line, message, code))
    return errors
