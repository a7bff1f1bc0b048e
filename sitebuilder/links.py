"""Stage 4b, check links: every internal link and anchor must land somewhere.

The links in the pages' text, and the site paths written in settings (`sitepaths.py`), are
checked by the same rules, so a typo in `contact.url` is caught like one in a page.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError
from .markdown import Link
from .model import GENERATED_FILES, Body, SiteIndex
from .sitepaths import SettingLink


def check_links(
    links: Iterable[Link | SettingLink],
    index: SiteIndex,
    bodies: dict[str, Body],
    left_out: dict[str, Path],
) -> list[ContentError]:
    errors: list[ContentError] = []
    for link in links:
        target = link.target
        code = "broken-link"
        setting = isinstance(link, SettingLink)
        name = link.what if setting else f"link `{link.href}`"
        if target in index.aliases and not link.fragment:
            continue
        if target in left_out:
            fix = "choose another page" if setting else "remove the link"
            message = f"{name} goes to a draft ({left_out[target]}); publish it or {fix}"
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
            message = f"{name}{goes} goes to no page on this site{hint}"
        elif link.fragment and link.fragment not in bodies[target].ids:
            ids = sorted(bodies[target].ids)
            close = difflib.get_close_matches(link.fragment, ids, n=1)
            hint = f"; did you mean #{close[0]}?" if close else ""
            code = "broken-anchor"
            message = f"{name}: {target} has no heading with id `{link.fragment}`{hint}"
        else:
            continue
        errors.append(ContentError(Path(link.path), link.line, message, code))
    return errors
