"""Stage 4a, render Markdown: CommonMark + tables, heading ids, info/warning boxes, checked links.

pulldown-cmark (through pyromark) parses; `walker` walks its events once, checks them (alt
texts, headings, links, with their lines) and writes the HTML. The other modules hold what
CommonMark does not: `split` (`::: info` box lines, found before parsing, and `:::` lines
that make no box: unclosed, nested, in a list or a quote), `attributes`
(`{.decorative}`, `[Kalixin kunta]{lang=fi}`), `references` (link definitions across boxes,
links gone wrong), `headings` (ids) and `addresses` (resolving and encoding links).
tests/sitebuilder/test_commonmark_spec.py holds the result to the CommonMark spec.
"""

from __future__ import annotations

from ..boxes import box_open
from ..errors import ContentError
from ..ids import template_ids
from ..model import Body, Page, SiteIndex
from .addresses import Link, Unresolved, encode_url, escape, resolve
from .references import definitions
from .split import BOXES, Segment, plain_text, segments
from .walker import VAGUE_LINK_TEXTS, Walker

__all__ = [
    "BOXES",
    "VAGUE_LINK_TEXTS",
    "Link",
    "Segment",
    "Unresolved",
    "encode_url",
    "escape",
    "render_markdown",
    "resolve",
    "segments",
]


def render_markdown(
    page: Page, index: SiteIndex, labels: dict[str, str]
) -> tuple[Body, list[Link], list[ContentError]]:
    """Render one page's body. Pure: the same page, index and labels give the same result."""
    source = page.source
    taken = template_ids(page, index)
    if source is None:
        return Body("", ids=taken), [], []
    text = plain_text(source.body)
    parts, problems = segments(text, source.body_line)
    texts = [part.text for part in parts if part.kind == "text"]
    walker = Walker(page, index, labels, taken, definitions(texts) if len(texts) > 1 else None)
    for problem in problems:
        walker.err(source.body_line + problem.line, problem.message, problem.code)
    _check_recipients(walker, text, source.body_line)
    for part in parts:
        if part.kind == "text":
            walker.walk(part.text, source.body_line + part.line)
        elif part.kind == "open":
            walker.out.append(box_open(part.text, part.title or None, labels, page.lang))
        else:
            walker.out.append("</div>\n")
    body = Body("".join(walker.out), tuple(walker.headings), frozenset(walker.ids.given) | taken)
    return body, walker.links, walker.errors


def _check_recipients(walker: Walker, body: str, first_line: int) -> None:
    """A form's recipient address must not be published (mail to it bypasses the form)."""
    lowered = body.lower()
    for address, form_id in walker.index.forms.recipients.items():
        at = lowered.find(address)
        if at >= 0:
            walker.err(
                first_line + body.count("\n", 0, at),
                f"`{address}` is where form `{form_id}` sends its answers, and it is never "
                "published (spam and lost mail bypass the form there); link to the form's page "
                "instead, or give the department a public address of its own",
                "recipient-published",
            )
