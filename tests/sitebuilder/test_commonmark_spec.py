"""CommonMark conformance: the spec's 652 examples through our renderer.

Each example's HTML must equal the spec's reference HTML, compared as the spec's own test
harness compares (whitespace next to block tags, attribute order, `<br />` and character
references do not count), except where we differ on purpose. Those differences are listed in
`INTENDED`, by category and example number, and asserted both ways: with the category's
adjustment the example matches, and without it the example does not. So a pyromark upgrade or
a renderer change that breaks CommonMark fails here, and so does one that makes a listed
difference go away (then take it off the list). Data: data/commonmark/ (README there).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pyromark
import pytest

from sitebuilder.errors import ErrorList
from sitebuilder.markdown import escape, render_markdown
from sitebuilder.options import BuildOptions
from sitebuilder.pipeline import index_site

DATA = Path(__file__).parent / "data" / "commonmark"
EXAMPLES: list[dict] = json.loads((DATA / "spec.json").read_text(encoding="utf-8"))
BY_NUMBER = {e["example"]: e for e in EXAMPLES}
PAGE_URL = "/spec/"  # the page every example is rendered on


def _numbers(text: str) -> frozenset[int]:
    """`"1 3-5"` -> {1, 3, 4, 5}."""
    found: set[int] = set()
    for item in text.split():
        first, _, last = item.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return frozenset(found)


# Where our HTML differs from the reference on purpose, by example number. How each category
# changes the HTML is its adjustment in ADJUST below.
INTENDED: dict[str, frozenset[int]] = {
    # Raw HTML is shown as text, so every page goes through the theme's templates (README:
    # "HTML in Markdown is shown as text"); an HTML block becomes a paragraph of text.
    "raw-html": _numbers(
        "21 31 148-191 201 308 309 344 475-477 491 494 524 536 613-617 623 625-631 642 643"
    ),
    # Every heading gets an id from its text, for links to it (`#sa-ansoker-du`).
    "heading-id": _numbers(
        "10 59 62 66-68 71-84 86 89-91 95 96 102 103 115 141 214 215 227-230 232 300 646 647"
    ),
    # Images load lazily.
    "lazy-image": _numbers("517 520 531 572-589 591"),
    # An internal address is published as the site URL it names: `/url` -> `/url/`, and
    # `#x` or an empty one -> this page's URL (the build then checks the page exists).
    "site-url": _numbers(
        "22 23 32 33 192 193 196 198 200 202 205 206 214-218 404 419 422 433 473 474 482 483 "
        "485-487 489 501 505-507 509 510 512 514-519 521 527-535 539-544 549 550 553-562 "
        "564-571 593"
    ),
    # Schemes other than https:, http:, mailto: and tel: are never linked (and an error).
    "link-scheme": _numbers("596 598 599 601"),
}


# --- adjustments: what each intended difference changes -------------------------------


def _raw_html_as_text(markdown: str, ours: str, reference: str) -> tuple[str, str]:
    """The reference as if its raw HTML were text: escaped, an HTML block in a paragraph."""
    pieces: list[tuple[str, str]] = []  # (as the reference has it, as we show it), in order
    block: list[str] | None = None
    in_image = 0
    for event in pyromark.events(markdown, options=pyromark.Options.ENABLE_TABLES):
        if type(event) is not dict:
            continue
        ((what, value),) = event.items()
        name = value if type(value) is str else next(iter(value))
        if what == "Start" and name == "HtmlBlock":
            block = []
        elif what == "End" and name == "HtmlBlock" and block is not None:
            html = "".join(block)
            pieces.append((html, f"<p>{escape(html.rstrip(chr(10)))}</p>\n"))
            block = None
        elif what == "Start" and name == "Image":
            in_image += 1
        elif what == "End" and name == "Image":
            in_image -= 1
        elif what == "Html" and block is not None:
            block.append(value)
        elif what == "InlineHtml" and not in_image:  # in alt text it is text already
            pieces.append((value, escape(value)))
    adjusted: list[str] = []
    at = 0
    for html, text in pieces:
        found = reference.find(html, at)
        assert found >= 0, f"raw HTML {html!r} is not in the reference HTML"
        adjusted += [reference[at:found], text]
        at = found + len(html)
    return ours, "".join(adjusted) + reference[at:]


def _without_heading_ids(markdown: str, ours: str, reference: str) -> tuple[str, str]:
    return re.sub(r'(<h[1-6]) id="[^"]*"', r"\1", ours), reference


def _without_lazy_loading(markdown: str, ours: str, reference: str) -> tuple[str, str]:
    return ours.replace(' loading="lazy"', ""), reference


_A_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')


def _site_url(href: str) -> str:
    if not href or href.startswith("#"):
        return PAGE_URL + href
    if href.startswith("/") and not href.startswith("//"):
        path, hash_, fragment = href.partition("#")
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"
        return path + hash_ + fragment
    return href


def _site_urls(markdown: str, ours: str, reference: str) -> tuple[str, str]:
    return ours, _A_HREF.sub(lambda m: m[1] + _site_url(m[2]) + m[3], reference)


_UNSAFE = re.compile(
    r'<a\b([^>]*?) href="(?!https?:|mailto:|tel:|//)[a-zA-Z][a-zA-Z0-9+.-]*:[^"]*"'
)


def _unlinked_schemes(markdown: str, ours: str, reference: str) -> tuple[str, str]:
    return ours, _UNSAFE.sub(r"<a\1", reference)


# In this order: raw HTML first, so that only the renderer's own tags are adjusted after it.
ADJUST: dict[str, Callable[[str, str, str], tuple[str, str]]] = {
    "raw-html": _raw_html_as_text,
    "heading-id": _without_heading_ids,
    "lazy-image": _without_lazy_loading,
    "site-url": _site_urls,
    "link-scheme": _unlinked_schemes,
}


# --- the comparison the spec's test harness makes (test/normalize.py, rewritten) ----------

_BLOCK_TAG_NAMES = (
    "article header aside hgroup blockquote hr iframe body li map button object canvas ol "
    "caption output col p colgroup pre dd progress div section dl table td dt tbody embed "
    "textarea fieldset tfoot figcaption th figure thead footer tr form ul h1 h2 h3 h4 h5 h6 "
    "video script style"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


class _Normal(HTMLParser):
    """HTML in a canonical form: what a browser would build is all that stays."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.last = "starttag"
        self.last_tag = ""
        self.in_pre = False

    def handle_data(self, data: str) -> None:
        after_tag = self.last in ("starttag", "endtag")
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = _SPACES.sub(" ", data)
            if after_tag and self.last_tag in _BLOCK_TAGS:
                data = data.lstrip() if self.last == "starttag" else data.strip()
        self.text += data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.last = "data"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre = True
        if tag in _BLOCK_TAGS:
            self.text = self.text.rstrip()
        shown = "".join(f" {k}" if v is None else f' {k}="{escape(v)}"' for k, v in sorted(attrs))
        self.text += f"<{tag}{shown}>"
        self.last_tag, self.last = tag, "starttag"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.last = "endtag"

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
        elif tag in _BLOCK_TAGS:
            self.text = self.text.rstrip()
        self.text += f"</{tag}>"
        self.last_tag, self.last = tag, "endtag"

    def handle_comment(self, data: str) -> None:
        self.text += f"<!--{data}-->"
        self.last = "comment"

    def handle_decl(self, decl: str) -> None:
        self.text += f"<!{decl}>"
        self.last = "decl"

    def unknown_decl(self, data: str) -> None:
        self.text += f"<!{data}>"
        self.last = "decl"

    def handle_pi(self, data: str) -> None:
        self.text += f"<?{data}>"
        self.last = "pi"


def normal(html: str) -> str:
    parser = _Normal()
    parser.feed(html)
    parser.close()
    return parser.text


# --- rendering ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """Our renderer on one page of a minimal site: Markdown in, the page's body HTML out."""
    content = tmp_path_factory.mktemp("commonmark") / "content"
    content.mkdir()
    (content / "site.yml").write_text(
        "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n", encoding="utf-8"
    )
    (content / "_index.md").write_text("---\ntitle: Hem\ndescription: Hem.\n---\n")
    (content / "spec.md").write_text("---\ntitle: Spec\ndescription: Spec.\n---\n")
    errors = ErrorList()
    indexed = index_site(BuildOptions(content=content, out=content.parent / "out"), errors)
    assert not errors
    index, labels = indexed.index, indexed.theme.strings.for_lang("sv")
    page = index.pages[PAGE_URL]
    assert page.source is not None

    def render(markdown: str) -> str:
        source = dataclasses.replace(page.source, body=markdown)
        body, _, _ = render_markdown(dataclasses.replace(page, source=source), index, labels)
        return body.html

    return render


def differences(number: int) -> frozenset[str]:
    return frozenset(c for c, examples in INTENDED.items() if number in examples)


def matches(example: dict, html: str, categories: frozenset[str]) -> bool:
    mine, reference = html, example["html"]
    for category, adjust in ADJUST.items():
        if category in categories:
            mine, reference = adjust(example["markdown"], mine, reference)
    return normal(mine) == normal(reference)


# --- tests -----------------------------------------------------------------------------


def test_the_data_is_the_whole_spec() -> None:
    assert [e["example"] for e in EXAMPLES] == list(range(1, 653))
    assert "0.31.2" in (DATA / "README.md").read_text(encoding="utf-8")


def test_intended_differences_are_known_categories_and_examples() -> None:
    assert set(INTENDED) == set(ADJUST)
    assert all(n in BY_NUMBER for examples in INTENDED.values() for n in examples)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"example-{e['example']}")
def test_example_matches_the_reference(example: dict, ours: Callable[[str], str]) -> None:
    html = ours(example["markdown"])
    listed = differences(example["example"])
    assert matches(example, html, listed), (
        f"example {example['example']} ({example['section']}) differs from CommonMark"
        + (f" beyond {sorted(listed)}" if listed else "")
        + f":\n{example['markdown']!r}\nreference: {example['html']!r}\nours:      {html!r}"
    )
    for category in listed:
        assert not matches(example, html, listed - {category}), (
            f"example {example['example']} no longer differs by `{category}`; "
            "take it off that list in INTENDED"
        )


def test_the_parser_alone_passes_every_example() -> None:
    """pulldown-cmark's own HTML, with our options: a parser upgrade that breaks CommonMark
    shows here by itself, apart from what our renderer does with the events."""
    parser = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
    failing = [
        e["example"] for e in EXAMPLES if normal(parser.html(e["markdown"])) != normal(e["html"])
    ]
    assert failing == []
