"""What a page promises a resident about forms, kept: no "Fyll i formuläret" without a form.

Two rules, both errors (code `form-promise`), because a resident who is told to fill in a
form that is not there has nowhere to go:

- a service at step 2 of the ladder (simple interaction without logging in) is listed under
  E-tjänster, so residents must be able to do it here: the page shows a form (`form:`) or
  links to a page on this site that does;
- text that tells the resident to fill in or send "formuläret" is on a page that shows a
  form, or links, on the same line, to a page that does.

The first rule reads the pages' links (checked on every build, cached ones included); the
second reads the text, so it sees the pages whose text was read in this build.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError
from .markdown import Link, Unresolved, resolve
from .model import Page, SiteIndex

FORM_STEP = 2
CODE = "form-promise"
# Sentences that send a resident to a form. "blanketten" (a paper form) and "ansökan" in an
# e-service elsewhere are other promises, kept by their own links.
_PROMISE = re.compile(
    r"\b(?:fyll(?:er)? i|skicka(?:r)?|använd|lämna(?:r)?) (?:webb)?formuläret\b"
    r"|\bformuläret (?:nedan|längre ner|här nedanför|på den här sidan)\b"
    r"|\bfill (?:in|out) the form\b",
    re.IGNORECASE,
)
_LINK = re.compile(r"\]\(\s*<([^>\n]*)>|\]\(\s*([^)\s]+)")


def shows_form(page: Page | None) -> bool:
    return page is not None and page.meta.form is not None


def step_two_without_form(index: SiteIndex, links: Iterable[Link]) -> list[ContentError]:
    """Services at step 2 that neither show a form nor link to a page that does."""
    targets: dict[str, set[str]] = defaultdict(set)
    for link in links:
        targets[link.path].add(link.target)
    errors = []
    for page in index.pages.values():
        source = page.source
        if source is None or page.meta.type != "service" or page.meta.ladder_step != FORM_STEP:
            continue
        if shows_form(page) or any(
            shows_form(index.pages.get(t)) for t in targets.get(str(source.path), ())
        ):
            continue
        errors.append(
            ContentError(
                source.path,
                source.front.line("ladder_step"),
                "a service at step 2 (simple interaction without logging in) is listed under "
                "E-tjänster, but this page shows no form and links to no page that does; "
                "add `form: <id>` with a form from content/forms/, link to the page that "
                "shows it, or, if residents cannot do it on the site, set `ladder_step: 1`",
                CODE,
            )
        )
    return errors


def unkept_form_promises(index: SiteIndex) -> list[ContentError]:
    """Lines that send the resident to "formuläret" on a page with no form to send."""
    errors = []
    for page in index.pages.values():
        source = page.source
        if source is None or not source.body or shows_form(page):
            continue
        for match in _PROMISE.finditer(source.body):
            start = source.body.rfind("\n", 0, match.start()) + 1
            end = source.body.find("\n", match.end())
            line_text = source.body[start : end if end >= 0 else None]
            if _links_to_a_form(line_text, page, index):
                continue
            errors.append(
                ContentError(
                    Path(source.path),
                    source.body_line + source.body.count("\n", 0, match.start()),
                    f"`{match.group()}` tells the resident to use a form, but this page shows "
                    "none; add `form: <id>` to the front matter, link to the page that shows "
                    "the form on the same line, or say how to do it instead (by phone, by "
                    "email, a paper form to download)",
                    CODE,
                )
            )
    return errors


def _links_to_a_form(text: str, page: Page, index: SiteIndex) -> bool:
    for match in _LINK.finditer(text):
        href = match.group(1) if match.group(1) is not None else match.group(2)
        if "://" in href or href.startswith(("mailto:", "tel:")):
            continue
        found = resolve(href, page, index)
        if not isinstance(found, Unresolved) and shows_form(index.pages.get(found[0])):
            return True
    return False
