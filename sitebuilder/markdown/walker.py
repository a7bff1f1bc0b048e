"""One pass over pulldown-cmark's events: checks as it goes (alt texts, headings, links,
with their lines) and writes the HTML.

Parsing in Rust and rendering in one Python pass is about six times faster than
markdown-it-py's tokens and renderer, which was most of a clean build's time
(docs/benchmarks.md): keep the loop flat, and pay for rare syntax only where it occurs.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Any

import pyromark

from ..errors import ContentError
from ..model import Heading, Page, SiteIndex
from ..phones import link_phones
from ..strings import LANG_KEY, lang_attr
from ..suggest import file_hint
from ..urls import IMAGE_SOURCE, PAGE_LINK, check_url
from .addresses import SAFE_SCHEMES, SCHEME, SCRIPT_SCHEME, Link, Unresolved, encode_url, escape
from .addresses import resolve as resolve
from .attributes import (
    IMAGE_CLASSES,
    Attributes,
    attributes_at,
    decorative_with_alt,
    second_block,
)
from .headings import HeadingIds, empty_heading, unspaced_heading
from .references import (
    UNCLOSED,
    Definitions,
    empty_link_text,
    label_key,
    not_a_link,
    not_an_image,
    reversed_link,
    spaced_link,
    unclosed_autolink,
    unclosed_bracket,
    undefined_reference,
)

# Link texts that say nothing about where the link goes (WCAG 2.4.4, link purpose).
VAGUE_LINK_TEXTS = frozenset(
    {"klicka här", "här", "läs mer", "mer", "länk", "klicka"}
    | {"click here", "here", "read more", "more"}
)
# CommonMark with GitHub tables; raw HTML is shown as text, so every page goes through our
# templates. Strikethrough, footnotes and the rest stay off, as in CommonMark.
OPTIONS = pyromark.Options.ENABLE_TABLES
_NEWLINE = re.compile(b"\n")
_ALIGN = {"Left": "left", "Center": "center", "Right": "right"}
_BLOCK_STARTS = frozenset({"Paragraph", "Heading", "BlockQuote", "CodeBlock", "List", "Table"})
_REFERENCES = frozenset({"Reference", "Collapsed", "Shortcut"})
# Which pages may hold `##Rubrik` (a heading without its space): the last two `#` of the
# run and what follows. (Not `#{2,6}`, which the re module cannot search for as fast.)
_UNSPACED_ANYWHERE = re.compile(rb"##[^\s#]")


class Walker:
    """Renders a page's parts in order into ``out``, collecting errors, links and headings."""

    def __init__(
        self,
        page: Page,
        index: SiteIndex,
        labels: dict[str, str],
        taken: frozenset[str],
        definitions: Definitions | None = None,
    ) -> None:
        assert page.source is not None
        self.page, self.index, self.labels = page, index, labels
        self.definitions = definitions or {}
        self.path = page.source.path
        self.base = index.config.base_path
        self.out: list[str] = []
        self.errors: list[ContentError] = []
        self.links: list[Link] = []
        self.headings: list[Heading] = []
        self.ids = HeadingIds(taken)
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

        # Brackets the parser could not make a link of, by where they start: literal text,
        # a language mark `[...]{lang=..}`, or a link gone wrong (reported below).
        marks: dict[int, tuple[str, int, str]] = {}
        defined = self.definitions

        def unknown(link: dict[str, Any]) -> tuple[str, str] | None:
            if defined:
                found = defined.get(label_key(link["reference"]))
                if found is not None:
                    return found  # defined in another part of the page (a box)
            span = link["span"]
            marks[span["start"]] = (link["link_type"], span["end"], link["reference"])
            return None

        # A private copy for the parser: CPython keeps the UTF-8 form pyromark asks for
        # inside the str, and the page's own text lives for the whole build.
        events = tuple(
            pyromark.events_with_range(raw.decode(), options=OPTIONS, broken_link_callback=unknown)
        )
        # `[...]` followed by `{`: perhaps a language mark. "]" offset -> "[" offset.
        closers = {
            end - 1: start
            for start, (kind, end, _) in marks.items()
            if kind == "Shortcut" and raw[end : end + 1] == b"{" and raw[start] != 33  # "!"
        }
        opening = frozenset(closers.values())
        mark_ends = frozenset(end - 1 for _, end, _ in marks.values())
        braces = b"{" in raw  # options blocks are possible
        # `[text(address)`: a `[` whose `]` is missing, by the offset of the `[`.
        unclosed = (
            frozenset(m.start() for m in UNCLOSED.finditer(raw))
            if b"(" in raw and UNCLOSED.search(raw) is not None
            else frozenset()
        )
        hashes = b"##" in raw and _UNSPACED_ANYWHERE.search(raw) is not None  # `##Rubrik`?
        rare = braces or bool(marks) or b"<" in raw or bool(unclosed)  # text needs a closer look
        opens: dict[int, tuple[int, int, int, int, bool]] = {}  # "[" -> where it was written
        inline: list[int] = [0]  # open emphasis and links, to keep a language mark inside one
        out = self.out
        heading: tuple[int, int, int, list[str]] | None = None  # level, slot, line, text
        image: tuple[int, str, str, int, list[str]] | None = None  # slot, src, title, line, alt
        link: tuple[int, str, list[str], int] | None = None  # line, href, text, slot
        nested = muted = 0  # images and links inside an image's description or a link
        table_align: tuple[str, ...] = ()
        cell = 0
        in_head = body_open = False
        in_code = False  # inside a code block: text as written, no phone links
        skip_until = 0  # source taken by a `{...}` options block, not shown
        for i, (event, span) in enumerate(events):
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if event == "SoftBreak" or event == "HardBreak":
                    if hashes:
                        self._unspaced_heading(events, i + 1, line_at)
                    if image is not None:
                        image[4].append(" ")
                        continue
                    out.append("\n" if event == "SoftBreak" else "<br>\n")
                    if link is not None:
                        link[2].append(" ")
                    if heading is not None:
                        heading[3].append(" ")
                elif event == "Rule":
                    out.append("<hr>\n")
                continue
            ((what, value),) = event.items()
            if what == "Text" or what == "Code":
                if rare and skip_until:
                    start = span["start"]
                    if start < skip_until:
                        if span["end"] <= skip_until:
                            continue  # wholly inside an options block
                        value = value[len(raw[start:skip_until].decode()) :]
                    skip_until = 0
                if rare and what == "Text":  # brackets the parser asked about, a lone `<`
                    start = span["start"]
                    if (value == "[" or value == "![") and start in marks:
                        self._unlinked(raw, start, marks[start], line_at(start))
                        if start in opening:
                            opens[start] = (
                                len(out),
                                inline[-1],
                                len(heading[3]) if heading is not None else -1,
                                len(link[2]) if link is not None else -1,
                                image is not None,
                            )
                    elif value == "]" and start in closers:
                        mark = self._language_mark(
                            raw,
                            span["end"],
                            opens.pop(closers[start], None),
                            inline[-1],
                            line_at(start),
                        )
                        if mark is not None:
                            slot, hpos, lpos, lang, length = mark
                            out[slot] = f'<span lang="{lang}">'
                            out.append("</span>")
                            if hpos >= 0 and heading is not None:
                                heading[3][hpos] = ""
                            if lpos >= 0 and link is not None:
                                link[2][lpos] = ""
                            skip_until = span["end"] + length
                            self._more_options(raw, span["end"], skip_until, line_at)
                            continue
                    elif value == "]" and braces and start not in mark_ends:
                        self._stray_options(raw, span["end"], line_at(start))
                    elif (value == "[" or value == "![") and start + len(value) - 1 in unclosed:
                        problem = unclosed_bracket(raw, start + len(value) - 1)
                        if problem is not None:
                            self.err(line_at(start), problem, "not-a-link")
                    elif value == "<":
                        nxt = events[i + 1][0] if i + 1 < len(events) else None
                        if type(nxt) is dict and "Text" in nxt:
                            problem = unclosed_autolink(nxt["Text"])
                            if problem is not None:
                                self.err(line_at(start), problem, "not-a-link")
                if image is not None:
                    image[4].append(value)
                elif heading is not None:
                    heading[3].append(value)
                if link is not None:
                    link[2].append(value)
                if image is None:
                    if what == "Code":
                        out.append(f"<code>{escape(value)}</code>")
                    elif link is None and heading is None and not in_code:
                        out.append(link_phones(escape(value)))  # running text: numbers callable
                    else:
                        out.append(escape(value))
            elif what == "Start":
                if type(value) is str:
                    if value == "Paragraph":
                        if hashes:
                            self._unspaced_heading(events, i + 1, line_at)
                        out.append("<p>")
                    elif value == "Item":
                        nxt = events[i + 1][0] if i + 1 < len(events) else None
                        block = type(nxt) is dict and _starts_block(nxt)
                        out.append("<li>\n" if block else "<li>")
                    elif value == "Emphasis" or value == "Strong":
                        if image is None:
                            out.append("<em>" if value == "Emphasis" else "<strong>")
                            if closers:
                                inline.append(i)
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
                    if image is not None or link is not None:
                        muted += 1  # alt text, or an autolink in a link's text: text only
                        continue
                    line = line_at(span["start"])
                    href, title = detail["dest_url"], detail["title"]
                    if defined and detail["link_type"] in _REFERENCES:
                        href, title = self._destination(detail)
                    if detail["link_type"] == "Email":
                        href = "mailto:" + href
                    if SCRIPT_SCHEME.match(href):
                        # Never a link, as in markdown-it: its text stays; and an error.
                        self.err(line, f"link {check_url(href, PAGE_LINK)}", "link-scheme")
                        link = None
                        continue
                    published = self._link(href, line)
                    title_attr = f' title="{escape(title)}"' if title else ""
                    if published is None:
                        out.append(f"<a{title_attr}>")
                    else:
                        out.append(f'<a href="{published}"{title_attr}>')
                    link = (line, href, [], len(out) - 1)
                    if closers:
                        inline.append(i)
                elif kind == "Image":
                    if image is not None:
                        nested += 1
                        continue
                    line = line_at(span["start"])
                    src, title = detail["dest_url"], detail["title"]
                    if defined and detail["link_type"] in _REFERENCES:
                        src, title = self._destination(detail)
                    image = (len(out), src, title, line, [])
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
                    in_code = True
                elif kind == "Table":
                    table_align, body_open = tuple(detail), False
                    out.append(self._table_open())
            elif what == "End":
                kind = value if type(value) is str else next(iter(value))
                if kind == "Paragraph" or kind == "HtmlBlock":
                    out.append("</p>\n")
                elif kind == "Item":
                    out.append("</li>\n")
                elif kind == "Emphasis" or kind == "Strong":
                    if image is None:
                        out.append("</em>" if kind == "Emphasis" else "</strong>")
                        if closers:
                            inline.pop()
                elif kind == "Link":
                    if muted:
                        muted -= 1
                        continue
                    if link is not None:
                        if braces and raw.startswith(b"{", span["end"]):
                            options = attributes_at(raw, span["end"])
                            if options is not None:
                                skip_until = self._link_options(
                                    options, link[3], raw, span["end"], line_at
                                )
                        self._link_text(link)
                        out.append("</a>")
                        if closers:
                            inline.pop()
                    link = None
                elif kind == "Image" and image is not None:
                    if nested:
                        nested -= 1
                        continue
                    options = (
                        attributes_at(raw, span["end"])
                        if braces and raw.startswith(b"{", span["end"])
                        else None
                    )
                    if type(options) is Attributes:
                        skip_until = span["end"] + options.length
                        self._more_options(raw, span["end"], skip_until, line_at)
                    out[image[0]] = self._image(image, options)
                    image = None
                elif kind == "Heading" and heading is not None:
                    level, slot, line, parts = heading
                    if not "".join(parts).strip() and "<img" not in "".join(out[slot:]):
                        self.err(line, empty_heading(level), "empty-heading")
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
                    in_code = False
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

    def _table_open(self) -> str:
        """A table's scrolling region, named by the heading above it or by the theme's word.

        The theme's word is in the language of the page's strings; when those are the site
        language's (a page in a language the theme has no strings for), the region says so
        with ``lang`` and the table inside goes back to the page's language.
        """
        start = '<div class="table-wrap" role="region" tabindex="0"'
        if self.last_heading:
            return f'{start} aria-labelledby="{self.last_heading}">\n<table>\n'
        label = escape(self.labels["table"])
        marked = lang_attr(self.labels.get(LANG_KEY), self.page.lang)
        if marked is None:
            return f'{start} aria-label="{label}">\n<table>\n'
        return (
            f'{start} aria-label="{label}" lang="{escape(marked)}">\n'
            f'<table lang="{escape(self.page.lang)}">\n'
        )

    def _destination(self, detail: dict[str, Any]) -> tuple[str, str]:
        """A reference's address and title as the page's first definition of it gives them."""
        found = self.definitions.get(label_key(detail["id"]))
        return found if found is not None else (detail["dest_url"], detail["title"])

    def _unlinked(self, raw: bytes, start: int, mark: tuple[str, int, str], line: int) -> None:
        """Report brackets that look like a link or image the parser could not make."""
        kind, end, reference = mark
        if kind == "Shortcut":
            if raw[end : end + 1] == b"(":
                self.err(line, not_a_link(raw, start, end), "not-a-link")
            elif problem := spaced_link(raw, start, end) or reversed_link(raw, start, end):
                self.err(line, problem, "not-a-link")
            elif raw[start] == 33:  # "!"
                self.err(line, not_an_image(raw, start, end), "not-a-link")
        else:
            self.err(line, undefined_reference(raw, start, end, reference), "not-a-link")

    def _language_mark(
        self,
        raw: bytes,
        end: int,
        opened: tuple[int, int, int, int, bool] | None,
        container: int,
        line: int,
    ) -> tuple[int, int, int, str, int] | None:
        """`[text]{lang=fi}` closing at ``end``: (slot, heading part, link part, lang, length)."""
        options = attributes_at(raw, end)
        if options is None or opened is None:
            return None  # `[text]{in prose}`: brackets and braces as written
        if type(options) is not Attributes:
            self.err(line, options.message, options.code)
            return None
        slot, opened_in, hpos, lpos, in_image = opened
        if in_image:
            self.err(
                line,
                "a language mark cannot go inside an image's description; mark the whole "
                "image: `![Kalixin kunta](bilder/skylt.jpg){lang=fi}`",
                "lang-code",
            )
        elif opened_in != container:
            self.err(
                line,
                "`[...]{lang=..}` must start and end inside the same emphasis or link; move "
                "the `*` or `_` inside or outside the brackets",
                "lang-code",
            )
        elif options.classes or options.lang is None:
            self.err(
                line,
                "a phrase in brackets takes a language and nothing else, "
                "e.g. `[Kalixin kunta]{lang=fi}`",
                "attributes",
            )
        else:
            return slot, hpos, lpos, options.lang, options.length
        return None

    def _stray_options(self, raw: bytes, end: int, line: int) -> None:
        """`{lang=..}` after a `]` that closes no phrase (`[a [b] c]{lang=fi}`): say so."""
        options = attributes_at(raw, end)
        if options is None:
            return
        self.err(
            line,
            "the `{...}` after this `]` belongs to no phrase: inside `[...]{lang=..}` write a "
            "bracket as `\\[` or `\\]`, e.g. `[Kalixin kunta \\[Kalix\\]]{lang=fi}`",
            "attributes",
        )

    def _link_options(
        self, options: Attributes | Any, slot: int, raw: bytes, end: int, line_at: Any
    ) -> int:
        """`[text](/address/){lang=fi}`: the language on the link; returns where its text resumes."""
        if type(options) is not Attributes:
            self.err(line_at(end), options.message, options.code)
            return 0
        if options.classes or options.lang is None:
            self.err(
                line_at(end),
                "a link takes a language and nothing else after it, "
                "e.g. `[Suomeksi](/suomeksi/){lang=fi}`",
                "attributes",
            )
            return 0
        tag = self.out[slot]
        self.out[slot] = f'{tag[:-1]} lang="{options.lang}">'
        self._more_options(raw, end, end + options.length, line_at)
        return end + options.length

    def _more_options(self, raw: bytes, first: int, at: int, line_at: Any) -> None:
        """A second `{...}` right after the first (`[text]{lang=fi}{lang=en}`) would be text."""
        problem = second_block(raw, first, at)
        if problem is not None:
            self.err(line_at(at), problem, "attributes")

    def _unspaced_heading(self, events: tuple[Any, ...], i: int, line_at: Any) -> None:
        """`##Rubrik` at the start of a line (event ``i``): meant as a heading, shown as text."""
        if i >= len(events) or type(events[i][0]) is not dict:
            return
        problem = unspaced_heading(events[i][0].get("Text", ""))
        if problem is not None:
            self.err(line_at(events[i][1]["start"]), problem, "not-a-heading")

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
        unique = self.ids.new(text)
        self.headings.append(Heading(level, unique, text))
        self.last_heading = unique
        return unique

    def _link_text(self, link: tuple[int, str, list[str], int]) -> None:
        """Report a link whose text alone does not say where it goes, such as "läs mer"."""
        line, href, parts, slot = link
        text = " ".join("".join(parts).split())
        if not text and "<img" not in "".join(self.out[slot:]):
            self.err(line, empty_link_text(href, self._title_of(href)), "empty-link-text")
            return
        while text and unicodedata.category(text[-1])[0] in "PS":  # "Läs mer »", "Mer →"
            text = text[:-1].rstrip()
        if text.casefold() in VAGUE_LINK_TEXTS:
            self.err(
                line,
                f"link text `{text}` does not say where the link goes (WCAG 2.4.4); link the "
                f"words that name the target instead, e.g. `Läs om [avgifter för bygglov]({href})`",
                "vague-link-text",
            )

    def _title_of(self, href: str) -> str:
        """The title of the page ``href`` goes to, for an example link text."""
        if not SCHEME.match(href) and not href.startswith("//"):
            resolved = resolve(href.partition("?")[0], self.page, self.index)
            if not isinstance(resolved, Unresolved) and resolved[0] in self.index.pages:
                return self.index.pages[resolved[0]].title
        return "Beskriv vart länken går"

    def _link(self, href: str, line: int) -> str | None:
        """The address to publish for ``href`` (escaped), or None for one we refuse."""
        problem = check_url(href, PAGE_LINK)
        if problem is not None:
            self.err(line, f"link {problem}", "link-scheme")
        if href.startswith("//") or (SCHEME.match(href) and href.lower().startswith(SAFE_SCHEMES)):
            return encode_url(href)
        if SCHEME.match(href):
            return None
        address, query = href, ""
        if "?" in href:  # `/sok/?q=bygglov`: the query is kept as written
            address, _, fragment = href.partition("#")
            address, _, query = address.partition("?")
            query, address = "?" + query, address + (f"#{fragment}" if fragment else "")
        resolved = resolve(address, self.page, self.index)
        if isinstance(resolved, Unresolved):
            if problem is None:  # one error per address
                assert self.page.source is not None
                hint = file_hint(resolved, str(self.page.source.rel), self.index.source_urls)
                self.err(
                    line,
                    f"`{href}` points to no file under content/ (looked for {resolved}); "
                    + (
                        hint
                        or "link to the page's URL, e.g. `/bygga-bo-och-miljo/bygglov/`, or fix "
                        "the file name"
                    ),
                    "broken-link",
                )
            return encode_url(href)
        target, fragment = resolved
        if problem is None:
            self.links.append(Link(str(self.path), line, href, target, fragment))
        return encode_url(self.base + target + query + (f"#{fragment}" if fragment else ""))

    def _image(self, image: tuple[int, str, str, int, list[str]], options: Any) -> str:
        _, src, title, line, parts = image
        alt = "".join(parts)
        classes: tuple[str, ...] = ()
        lang = None
        if type(options) is Attributes:
            classes, lang = options.classes, options.lang
            unknown = [c for c in classes if c not in IMAGE_CLASSES]
            if unknown:
                self.err(
                    line,
                    f"`.{unknown[0]}` after image `{src}` is not an option we know; an image "
                    "takes `{.decorative}` (no alt text needed) or a language, `{lang=fi}`",
                    "attributes",
                )
        elif options is not None:
            self.err(line, options.message, options.code)
        decorative = "decorative" in classes
        if decorative and alt.strip():
            self.err(line, decorative_with_alt(src, alt.strip()), "decorative-with-alt")
        if not alt.strip() and not decorative:
            self.err(
                line,
                f"image `{src}` has no alt text; describe it, ![Beskriv vad bilden visar]({src}), or "
                f"mark it decorative: ![]({src}){{.decorative}}",
                "missing-alt",
            )
        if decorative:
            alt = ""
        published = encode_url(src)
        problem = check_url(src, IMAGE_SOURCE)
        if problem is not None:
            self.err(line, f"image {problem}", "image-source")
        elif not (SCHEME.match(src) or src.startswith("//")):
            published = self._image_src(src, line) or published
        extra = f' title="{escape(title)}"' if title else ""
        if lang and not decorative:
            extra += f' lang="{lang}"'
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
        return encode_url(self.base + target)


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
