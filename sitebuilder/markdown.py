"""Stage 4a, render Markdown: CommonMark + tables, heading ids, info/warning boxes, checked links.

pulldown-cmark (through pyromark) parses; this module walks its events once, checks them
(alt texts, headings, links, with their lines) and writes the HTML. Parsing in Rust and
rendering in one Python pass is about six times faster than markdown-it-py's tokens and
renderer, which was most of a clean build's time (docs/benchmarks.md).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from bisect import bisect_right
from typing import Any, NamedTuple
from urllib.parse import quote, unquote

import pyromark

from .boxes import box_open
from .errors import ContentError
from .ids import template_ids
from .model import Body, Heading, Page, SiteIndex
from .slugs import slugify

BOXES = ("info", "warning")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
# Addresses that run code or read files: shown as text, never linked (as CommonMark's
# reference renderer and markdown-it do).
_SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|file|data):", re.IGNORECASE)
# Link texts that say nothing about where the link goes (WCAG 2.4.4, link purpose).
VAGUE_LINK_TEXTS = frozenset(
    {"klicka här", "här", "läs mer", "mer", "länk", "klicka"}
    | {"click here", "here", "read more", "more"}
)
# CommonMark with GitHub tables; raw HTML is shown as text, so every page goes through our
# templates. Strikethrough, footnotes and the rest stay off, as in CommonMark.
_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
_BOX_LINE = re.compile(r" {0,3}(:{3,})[ \t]*(.*?)[ \t]*\r?\n?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Percent-encode what may not stand in a URL, as CommonMark renderers do; keep what may.
_URL_SAFE = ";/?:@&=+$,-_.!~*'()#%"
_NEWLINE = re.compile(b"\n")
_ATTRS = re.compile(r"\{([^{}\n]*)\}")
_ALIGN = {"Left": "left", "Center": "center", "Right": "right"}
_BLOCK_STARTS = frozenset({"Paragraph", "Heading", "BlockQuote", "CodeBlock", "List", "Table"})


class Link(NamedTuple):
    """An internal link found in a body, checked once every page is rendered.

    A named tuple (with the path as text): the build cache holds tens of thousands.
    """

    path: str
    line: int
    href: str  # as the editor wrote it
    target: str  # site URL without fragment
    fragment: str


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


def escape(text: str) -> str:
    """Text for HTML content and double-quoted attributes."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def encode_url(url: str) -> str:
    """An address as written by an editor, made safe to publish: spaces and non-ASCII encoded."""
    return escape(quote(url, safe=_URL_SAFE))


class Segment(NamedTuple):
    """Part of a body: Markdown text, or the opening or closing line of a box."""

    kind: str  # "text", "open" or "close"
    text: str  # the Markdown; for "open", the box kind
    line: int  # 0-based line in the body where it starts
    title: str = ""


def segments(body: str) -> list[Segment]:
    """Split a body at its `::: info` / `::: warning` / `:::` lines (outside code fences).

    Boxes are not CommonMark, so they are found line by line before parsing; the text
    between them is parsed on its own. Unknown box names stay text (and are reported).
    """
    if ":::" not in body:
        return [Segment("text", body, 0)] if body else []
    parts: list[Segment] = []
    lines = body.splitlines(keepends=True)
    fence: str | None = None
    depth = 0
    start = 0
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            parts.append(Segment("text", "".join(chunk), start))
            chunk.clear()

    for n, line in enumerate(lines):
        if fence is not None:
            m = _FENCE.match(line)
            closes = m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)
            if closes and not line[m.end() :].strip():
                fence = None
        else:
            m = _FENCE.match(line)
            if m:
                fence = m.group(1)
            elif line.lstrip(" ").startswith(":::"):
                box = _BOX_LINE.fullmatch(line)
                params = box.group(2) if box else ""
                kind = params.split(" ", 1)[0]
                if box and not params and depth:
                    flush()
                    parts.append(Segment("close", "", n))
                    depth -= 1
                    start = n + 1
                    continue
                if box and kind in BOXES:
                    flush()
                    parts.append(Segment("open", kind, n, params[len(kind) :].strip()))
                    depth += 1
                    start = n + 1
                    continue
        if not chunk:
            start = n
        chunk.append(line)
    flush()
    parts.extend(Segment("close", "", len(lines)) for _ in range(depth))
    return parts


def render_markdown(
    page: Page, index: SiteIndex, labels: dict[str, str]
) -> tuple[Body, list[Link], list[ContentError]]:
    """Render one page's body. Pure: the same page, index and labels give the same result."""
    source = page.source
    taken = template_ids(page, index)
    if source is None:
        return Body("", ids=taken), [], []
    walker = _Walker(page, index, labels, taken)
    _check_recipients(walker, source.body, source.body_line)
    for part in segments(source.body):
        if part.kind == "text":
            walker.walk(part.text, source.body_line + part.line)
        elif part.kind == "open":
            walker.out.append(box_open(part.text, part.title or None, labels, page.lang))
        else:
            walker.out.append("</div>\n")
    body = Body("".join(walker.out), tuple(walker.headings), frozenset(walker.ids) | taken)
    return body, walker.links, walker.errors


class _Walker:
    """One pass over a page's events: checks as it goes, HTML into ``out``."""

    def __init__(
        self, page: Page, index: SiteIndex, labels: dict[str, str], taken: frozenset[str]
    ) -> None:
        assert page.source is not None
        self.page, self.index, self.labels, self.taken = page, index, labels, taken
        self.path = page.source.path
        self.base = index.config.base_path
        self.out: list[str] = []
        self.errors: list[ContentError] = []
        self.links: list[Link] = []
        self.headings: list[Heading] = []
        self.ids: set[str] = set()
        self.last_heading: str | None = None
        self.previous_level = 1  # the template's h1

    def err(self, line: int, message: str, code: str = "content") -> None:
        self.errors.append(ContentError(self.path, line, message, code))

    def walk(self, text: str, first_line: int) -> None:
        """Render one run of Markdown that starts at file line ``first_line``."""
        raw = text.encode()
        newlines = [m.start() for m in _NEWLINE.finditer(raw)]

        def line_at(offset: int) -> int:
            return first_line + bisect_right(newlines, offset - 1)

        # A private copy for the parser: CPython keeps the UTF-8 form pyromark asks for
        # inside the str, and the page's own text lives for the whole build.
        events = tuple(_PARSER.events_with_range(raw.decode()))
        out = self.out
        heading: tuple[int, int, int, list[str]] | None = None  # level, slot, line, text
        image: tuple[int, str, str, int, list[str]] | None = None  # slot, src, title, line, alt
        link: tuple[int, str, list[str]] | None = None  # line, href, text
        table_align: tuple[str, ...] = ()
        cell = 0
        in_head = body_open = False
        skip_text = 0  # characters of the next text taken by image attributes
        for i, (event, span) in enumerate(events):
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if event == "SoftBreak" or event == "HardBreak":
                    out.append("\n" if event == "SoftBreak" else "<br>\n")
                    if link is not None:
                        link[2].append(" ")
                    if image is not None:
                        image[4].append(" ")
                elif event == "Rule":
                    out.append("<hr>\n")
                continue
            ((what, value),) = event.items()
            if what == "Text" or what == "Code":
                if skip_text:
                    value, skip_text = value[skip_text:], 0
                    if not value:
                        continue
                if image is not None:
                    image[4].append(value)
                elif heading is not None:
                    heading[3].append(value)
                if link is not None:
                    link[2].append(value)
                if image is None:
                    out.append(f"<code>{escape(value)}</code>" if what == "Code" else escape(value))
            elif what == "Start":
                if type(value) is str:
                    if value == "Paragraph":
                        nxt = events[i + 1][0] if i + 1 < len(events) else None
                        if type(nxt) is dict and str(nxt.get("Text", "")).startswith(":::"):
                            self.err(
                                line_at(span["start"]),
                                "unknown box; write `::: info` or `::: warning` on its own "
                                "line, and `:::` to close it",
                                "unknown-box",
                            )
                        out.append("<p>")
                    elif value == "Item":
                        nxt = events[i + 1][0] if i + 1 < len(events) else None
                        block = type(nxt) is dict and _starts_block(nxt)
                        out.append("<li>\n" if block else "<li>")
                    elif value == "Emphasis":
                        out.append("<em>" if image is None else "")
                    elif value == "Strong":
                        out.append("<strong>" if image is None else "")
                    elif value == "TableHead":
                        in_head, cell = True, 0
                        out.append("<thead>\n<tr>\n")
                    elif value == "TableRow":
                        cell = 0
                        if not body_open:
                            body_open = True
                            out.append("<tbody>\n")
                        out.append("<tr>\n")
                    elif value == "TableCell":
                        tag = "th" if in_head else "td"
                        align = table_align[cell] if cell < len(table_align) else "None"
                        cls = f' class="align-{_ALIGN[align]}"' if align in _ALIGN else ""
                        out.append(f"<{tag}{cls}>")
                    elif value == "HtmlBlock":
                        out.append("<p>")
                    continue
                ((kind, detail),) = value.items()
                if kind == "Heading":
                    level = int(detail["level"][1])
                    line = line_at(span["start"])
                    self._check_level(level, line)
                    heading = (level, len(out), line, [])
                    out.append("")
                elif kind == "Link":
                    line = line_at(span["start"])
                    href = detail["dest_url"]
                    if detail["link_type"] == "Email":
                        href = "mailto:" + href
                    if _SCRIPT_SCHEME.match(href):
                        link = None  # never a link, as in markdown-it: its text stays
                        continue
                    published = self._link(href, line)
                    title = detail["title"]
                    title_attr = f' title="{escape(title)}"' if title else ""
                    if published is None:
                        out.append(f"<a{title_attr}>")
                    else:
                        out.append(f'<a href="{published}"{title_attr}>')
                    link = (line, href, [])
                elif kind == "Image":
                    line = line_at(span["start"])
                    image = (len(out), detail["dest_url"], detail["title"], line, [])
                    out.append("")
                elif kind == "List":
                    if detail is None:
                        out.append("<ul>\n")
                    elif detail == 1:
                        out.append("<ol>\n")
                    else:
                        out.append(f'<ol start="{detail}">\n')
                elif kind == "BlockQuote":
                    out.append("<blockquote>\n")
                elif kind == "CodeBlock":
                    lang = detail.get("Fenced", "").split()[:1] if type(detail) is dict else []
                    cls = f' class="language-{escape(lang[0])}"' if lang else ""
                    out.append(f"<pre><code{cls}>")
                elif kind == "Table":
                    table_align, body_open = tuple(detail), False
                    label = self.last_heading
                    name = (
                        f'aria-labelledby="{label}"'
                        if label
                        else f'aria-label="{escape(self.labels["table"])}"'
                    )
                    out.append(
                        f'<div class="table-wrap" role="region" tabindex="0" {name}>\n<table>\n'
                    )
            elif what == "End":
                kind = value if type(value) is str else next(iter(value))
                if kind == "Paragraph" or kind == "HtmlBlock":
                    out.append("</p>\n")
                elif kind == "Item":
                    out.append("</li>\n")
                elif kind == "Emphasis":
                    out.append("</em>" if image is None else "")
                elif kind == "Strong":
                    out.append("</strong>" if image is None else "")
                elif kind == "Link":
                    if link is not None:
                        self._link_text(link)
                        out.append("</a>")
                    link = None
                elif kind == "Image" and image is not None:
                    nxt = events[i + 1][0] if i + 1 < len(events) else None
                    attrs = (
                        _ATTRS.match(nxt["Text"]) if type(nxt) is dict and "Text" in nxt else None
                    )
                    words = attrs.group(1).split() if attrs else []
                    classes = [w[1:] for w in words if w.startswith(".") and len(w) > 1]
                    if attrs:
                        skip_text = attrs.end()
                    out[image[0]] = self._image(image, classes)
                    image = None
                elif kind == "Heading" and heading is not None:
                    level, slot, line, parts = heading
                    hid = self._heading_id(level, "".join(parts))
                    out[slot] = f'<h{level} id="{hid}">'
                    out.append(f"</h{level}>\n")
                    heading = None
                elif kind == "List":
                    out.append("</ol>\n" if value["List"] else "</ul>\n")
                elif kind == "BlockQuote":
                    out.append("</blockquote>\n")
                elif kind == "CodeBlock":
                    out.append("</code></pre>\n")
                elif kind == "TableCell":
                    out.append("</th>\n" if in_head else "</td>\n")
                    cell += 1
                elif kind == "TableHead":
                    in_head = False
                    out.append("</tr>\n</thead>\n")
                elif kind == "TableRow":
                    out.append("</tr>\n")
                elif kind == "Table":
                    out.append(
                        "</tbody>\n</table>\n</div>\n" if body_open else "</table>\n</div>\n"
                    )
            elif what == "Html" or what == "InlineHtml":
                shown = value.rstrip("\n") if what == "Html" and _last_html(events, i) else value
                if link is not None:
                    link[2].append(value)
                if image is not None:
                    image[4].append(value)
                else:
                    out.append(escape(shown))

    def _check_level(self, level: int, line: int) -> None:
        if level == 1:
            self.err(
                line,
                "a `# ` heading in the text; the title is the page's only h1, so use `## ` here",
                "h1-in-body",
            )
        elif level > self.previous_level + 1:
            self.err(
                line,
                f"heading level skipped: `{'#' * level} ` follows a level-{self.previous_level} "
                f"heading; use `{'#' * (self.previous_level + 1)} ` so the outline has no gaps",
                "heading-skip",
            )
        self.previous_level = level

    def _heading_id(self, level: int, text: str) -> str:
        hid = slugify(text) or "avsnitt"
        unique, n = hid, 2
        while unique in self.ids or unique in self.taken:
            unique, n = f"{hid}-{n}", n + 1
        self.ids.add(unique)
        self.headings.append(Heading(level, unique, text))
        self.last_heading = unique
        return unique

    def _link_text(self, link: tuple[int, str, list[str]]) -> None:
        """Report a link whose text alone does not say where it goes, such as "läs mer"."""
        line, href, parts = link
        text = " ".join("".join(parts).split())
        while text and unicodedata.category(text[-1])[0] in "PS":  # "Läs mer »", "Mer →"
            text = text[:-1].rstrip()
        if text.casefold() in VAGUE_LINK_TEXTS:
            self.err(
                line,
                f"link text `{text}` does not say where the link goes (WCAG 2.4.4); link the "
                f"words that name the target instead, e.g. `Läs om [avgifter för bygglov]({href})`",
                "vague-link-text",
            )

    def _link(self, href: str, line: int) -> str | None:
        """The address to publish for ``href`` (escaped), or None for one we refuse."""
        if href.startswith("//") or (
            _SCHEME.match(href) and href.lower().startswith(_SAFE_SCHEMES)
        ):
            return encode_url(href)
        if _SCHEME.match(href):
            self.err(
                line,
                f"link `{href}` uses a scheme we do not publish; use https:, mailto: or tel:",
                "link-scheme",
            )
            return None
        resolved = resolve(href, self.page, self.index)
        if isinstance(resolved, Unresolved):
            self.err(
                line,
                f"`{href}` points to no file under content/ (looked for {resolved}); link to "
                "the page's URL, e.g. `/bygga-bo-och-miljo/bygglov/`, or fix the file name",
                "broken-link",
            )
            return encode_url(href)
        target, fragment = resolved
        self.links.append(Link(str(self.path), line, href, target, fragment))
        return escape(self.base + target + (f"#{fragment}" if fragment else ""))

    def _image(self, image: tuple[int, str, str, int, list[str]], classes: list[str]) -> str:
        _, src, title, line, parts = image
        alt = "".join(parts)
        decorative = "decorative" in classes
        if not alt.strip() and not decorative:
            self.err(
                line,
                f"image `{src}` has no alt text; describe it, ![Karta över centrum]({src}), or "
                f"mark it decorative: ![]({src}){{.decorative}}",
                "missing-alt",
            )
        if decorative:
            alt = ""
            classes = [c for c in classes if c != "decorative"]
        published = encode_url(src)
        if not (_SCHEME.match(src) or src.startswith("//")):
            published = self._image_src(src, line) or published
        extra = f' title="{escape(title)}"' if title else ""
        if classes:
            extra += f' class="{escape(" ".join(classes))}"'
        return f'<img src="{published}" alt="{escape(alt)}"{extra} loading="lazy">'

    def _image_src(self, src: str, line: int) -> str | None:
        resolved = resolve(src, self.page, self.index)
        if isinstance(resolved, Unresolved):
            self.err(
                line,
                f"image `{src}` is not a file under content/ (looked for {resolved}); check the "
                "path and the file name",
                "missing-image",
            )
            return None
        target, _ = resolved
        if target not in self.index.assets:
            self.err(
                line, f"image `{src}` is not a file under content/; check the path", "missing-image"
            )
            return None
        return escape(self.base + target)


def _check_recipients(walker: _Walker, body: str, first_line: int) -> None:
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


def _starts_block(event: dict[str, Any]) -> bool:
    start = event.get("Start")
    if start is None:
        return False
    name = start if type(start) is str else next(iter(start))
    return name in _BLOCK_STARTS


def _last_html(events: tuple[Any, ...], i: int) -> bool:
    """Whether event ``i`` is the last line of its HTML block (its newline is not shown)."""
    nxt = events[i + 1][0] if i + 1 < len(events) else None
    return not (type(nxt) is dict and "Html" in nxt)
