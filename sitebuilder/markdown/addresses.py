"""Addresses in Markdown: escaping for HTML, percent-encoding, and internal links resolved."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote, unquote

from ..model import Page, SiteIndex

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
# Addresses that run code or read files: shown as text, never linked (as CommonMark's
# reference renderer and markdown-it do).
SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|file|data):", re.IGNORECASE)
# Percent-encode what may not stand in a URL, as CommonMark renderers do; keep what may.
_URL_SAFE = ";/?:@&=+$,-_.!~*'()#%"
_UNSAFE = re.compile(r"[^A-Za-z0-9;/?:@&=+$,\-_.!~*'()#%]")


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


@lru_cache(maxsize=1 << 16)  # the same addresses recur on page after page
def encode_url(url: str) -> str:
    """An address as written by an editor, made safe to publish: spaces and non-ASCII encoded."""
    if _UNSAFE.search(url) is None:  # most addresses: nothing to encode, and quote() is slow
        return escape(url)
    return escape(quote(url, safe=_URL_SAFE))
