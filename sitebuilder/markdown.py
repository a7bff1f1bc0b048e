"""Stage 4a, render Markdown: CommonMark + tables, heading ids, info/warning boxes, checked links."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from .errors import ContentError
from .ids import template_ids
from .model import Body, Heading, Page, SiteIndex
from .slugs import slugify

BOXES = ("info", "warning")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
# Link texts that say nothing about where the link goes (WCAG 2.4.4, link purpose).
VAGUE_LINK_TEXTS = frozenset(
    {"klicka här", "här", "läs mer", "mer", "länk", "klicka"}
    | {"click here", "here", "read more", "more"}
)


class Link(NamedTuple):
    """An internal link found in a body, checked once every page is rendered.

    A named tuple (with the path as text): the build cache holds tens of thousands.
    """

    path: str
    line: int
    href: str  # as the editor wrote it
    target: str  # site URL without fragment
    fragment: str


def _box(kind: str):
    def render(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        if token.nesting != 1:
            return "</div>\n"
        title = token.info.strip()[len(kind) :].strip() or env["labels"][f"box.{kind}"]
        return (
            f'<div class="box box--{kind}">\n'
            f'<p class="box__title"><strong>{escapeHtml(title)}</strong></p>\n'
        )

    return render


def _table_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    label = tokens[idx].meta.get("labelledby")
    name = (
        f'aria-labelledby="{label}"'
        if label
        else f'aria-label="{escapeHtml(env["labels"]["table"])}"'
    )
    return f'<div class="table-wrap" role="region" tabindex="0" {name}>\n<table>\n'


def _table_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return "</table>\n</div>\n"


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """One configured parser; raw HTML is off so every page goes through our templates."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "xhtmlOut": False}).enable(
        "table"
    )
    attrs_plugin(md, after=("image",), allowed=["class"])
    for kind in BOXES:
        container_plugin(md, kind, render=_box(kind))
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


def _plain(inline: Token) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))


class Unresolved(str):
    """A relative reference to a file that is not there; the value is the path looked for."""


def resolve(href: str, page: Page, index: SiteIndex) -> tuple[str, str] | Unresolved:
    """Site URL and fragment for an internal ``href``, or the content path it failed to find."""
    path, _, fragment = href.partition("#")
    if not path:
        return page.url, fragment
    if path.startswith("/"):
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"
        return path, fragment
    assert page.source is not None
    folder = posixpath.dirname(str(page.source.rel))
    rel = unicodedata.normalize("NFC", posixpath.normpath(posixpath.join(folder, unquote(path))))
    if rel in index.source_urls:
        return index.source_urls[rel], fragment
    return Unresolved(rel)


def render_markdown(
    page: Page, index: SiteIndex, labels: dict[str, str]
) -> tuple[Body, list[Link], list[ContentError]]:
    """Render one page's body. Pure: the same page, index and labels give the same result."""
    source = page.source
    if source is None:
        return Body("", ids=template_ids(page, index)), [], []
    md = parser()
    tokens = md.parse(source.body, {})
    errors: list[ContentError] = []
    links: list[Link] = []
    headings: list[Heading] = []
    ids: set[str] = set()
    base = index.config.base_path
    last_heading: str | None = None
    taken = template_ids(page, index)
    previous_level = 1  # the template's h1

    def err(line: int, message: str, code: str = "content") -> None:
        errors.append(ContentError(source.path, line, message, code))

    for i, token in enumerate(tokens):
        line = source.body_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1])
            text = _plain(tokens[i + 1])
            if level == 1:
                err(
                    line,
                    "a `# ` heading in the text; the title is the page's only h1, so use `## ` here",
                    "h1-in-body",
                )
            elif level > previous_level + 1:
                err(
                    line,
                    f"heading level skipped: `{'#' * level} ` follows a level-{previous_level} "
                    f"heading; use `{'#' * (previous_level + 1)} ` so the outline has no gaps",
                    "heading-skip",
                )
            previous_level = level
            hid = slugify(text) or "avsnitt"
            unique, n = hid, 2
            while unique in ids or unique in taken:
                unique, n = f"{hid}-{n}", n + 1
            ids.add(unique)
            token.attrSet("id", unique)
            headings.append(Heading(level, unique, text))
            last_heading = unique
        elif token.type == "table_open":
            token.meta["labelledby"] = last_heading
        elif token.type == "paragraph_open" and tokens[i + 1].content.startswith(":::"):
            err(
                line,
                "unknown box; write `::: info` or `::: warning` on its own line, and `:::` to close it",
                "unknown-box",
            )
        elif token.type == "inline":
            offset = 0
            children = token.children or []
            for j, child in enumerate(children):
                if child.type in ("softbreak", "hardbreak"):
                    offset += 1
                elif child.type == "link_open":
                    _link_text(children, j, line + offset, err)
                    links.extend(_link(child, page, index, line + offset, base, err))
                elif child.type == "image":
                    _image(child, page, index, line + offset, base, err)
    html = md.renderer.render(tokens, md.options, {"labels": labels})
    return Body(html, tuple(headings), frozenset(ids) | taken), links, errors


def _link_text(children: list[Token], start: int, line: int, err) -> None:
    """Report a link whose text alone does not say where it goes, such as "läs mer"."""
    parts: list[str] = []
    depth = 0
    for child in children[start:]:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
            if depth == 0:
                break
        elif child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    while text and unicodedata.category(text[-1])[0] in "PS":  # "Läs mer »", "Mer →"
        text = text[:-1].rstrip()
    if text.casefold() in VAGUE_LINK_TEXTS:
        href = str(children[start].attrGet("href") or "")
        err(
            line,
            f"link text `{text}` does not say where the link goes (WCAG 2.4.4); link the words "
            f"that name the target instead, e.g. `Läs om [avgifter för bygglov]({href})`",
            "vague-link-text",
        )


def _link(child: Token, page: Page, index: SiteIndex, line: int, base: str, err) -> list[Link]:
    href = str(child.attrGet("href") or "")
    if href.startswith("//") or (_SCHEME.match(href) and href.lower().startswith(_SAFE_SCHEMES)):
        return []
    if _SCHEME.match(href):
        err(
            line,
            f"link `{href}` uses a scheme we do not publish; use https:, mailto: or tel:",
            "link-scheme",
        )
        return []
    resolved = resolve(href, page, index)
    if isinstance(resolved, Unresolved):
        err(
            line,
            f"`{href}` points to no file under content/ (looked for {resolved}); link to the "
            "page's URL, e.g. `/bygga-bo-och-miljo/bygglov/`, or fix the file name",
            "broken-link",
        )
        return []
    target, fragment = resolved
    child.attrSet("href", base + target + (f"#{fragment}" if fragment else ""))
    assert page.source is not None
    return [Link(str(page.source.path), line, href, target, fragment)]


def _image(child: Token, page: Page, index: SiteIndex, line: int, base: str, err) -> None:
    src = str(child.attrGet("src") or "")
    decorative = "decorative" in str(child.attrGet("class") or "").split()
    if not child.content.strip() and not decorative:
        err(
            line,
            f"image `{src}` has no alt text; describe it, ![Karta över centrum]({src}), or mark it "
            f"decorative: ![]({src}){{.decorative}}",
            "missing-alt",
        )
    if decorative:
        child.attrs.pop("class", None)
        child.children = []
        child.content = ""
    if _SCHEME.match(src) or src.startswith("//"):
        return
    resolved = resolve(src, page, index)
    if isinstance(resolved, Unresolved):
        err(
            line,
            f"image `{src}` is not a file under content/ (looked for {resolved}); check the "
            "path and the file name",
            "missing-image",
        )
        return
    target, _ = resolved
    if target not in index.assets:
        err(line, f"image `{src}` is not a file under content/; check the path", "missing-image")
        return
    child.attrSet("src", base + target)
    child.attrSet("loading", "lazy")
