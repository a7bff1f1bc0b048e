"""One rule for every address an editor writes: what may be published as a link or a source.

Links in Markdown, image sources, `contact.url`, a form's `privacy.more` and the addresses
in site.yml all go through `check_url`. It accepts http(s) addresses with a host, paths on
this site and (where the place allows them) `mailto:`, `tel:` and paths to files under
content/; everything else is a build error with the fix in the message. Browsers forgive a
great deal (they drop tabs and line breaks inside an address, read `\\` as `/`, and treat
`//host` as another site), so what they would read differently from what the editor sees
is refused rather than repaired.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated
from urllib.parse import unquote, urlsplit

from pydantic import AfterValidator

# What a place accepts: schemes by name, "path" (starts with one /) and "relative" (a file
# under content/, relative to the page, as Markdown links and images may be written).
SITE_LINK = frozenset({"http", "https", "path"})  # contact.url, privacy.more, site.yml links
PAGE_LINK = SITE_LINK | {"mailto", "tel", "relative"}  # [text](address) in Markdown
IMAGE_SOURCE = SITE_LINK | {"relative"}  # ![alt](address) in Markdown
ORIGIN = frozenset({"http", "https"})  # base_url: where the site itself lives
ENDPOINT = frozenset({"https", "path"})  # forms_endpoint: residents' answers travel there

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_FIRST_PART = re.compile(r"[/?#]")
_QUERY = re.compile(r"[?#]")
_HOST = re.compile(r"[\w.-]+|[0-9a-f:.]+")  # a name (also with å, ä, ö) or an IPv6 address
_DANGEROUS = {
    "javascript": "runs code in the reader's browser",
    "vbscript": "runs code in the reader's browser",
    "data": "carries a whole document that can run code",
    "file": "points at a file on the reader's own computer",
    "blob": "points at data inside the reader's browser",
    "filesystem": "points at data inside the reader's browser",
}
_EXAMPLE = "`/kontakt/`"


@lru_cache(maxsize=1 << 16)  # the same addresses recur on page after page
def check_url(url: str, allow: frozenset[str] = SITE_LINK) -> str | None:
    """Why ``url`` may not be published where ``allow`` says, or None when it may.

    The reason starts with the address in backticks, so it reads after "link ", "image "
    or a key's name, and ends with how to write it instead.
    """
    shown = _shown(url)
    if not url:
        if "relative" in allow:
            return None  # [text]() links to the page itself, as in CommonMark
        return "the address is empty; write one, e.g. https://www.kommun.example/"
    bad = _bad_character(url, spaces="relative" in allow)
    if bad:
        return f"{shown} contains {bad[0]}; {bad[1]}"
    if "\\" in url:
        return f"{shown} contains a backslash (\\); use / between the parts of an address"
    match = _SCHEME.match(url)
    if match:
        return _with_scheme(url, shown, match.group()[:-1].lower(), allow)
    if url.startswith("//"):
        return (
            f"{shown} leaves out https: at the start, so it names another site; write the "
            f"whole address: https:{url}"
        )
    first = _FIRST_PART.split(url, maxsplit=1)[0]
    if ":" in unquote(first):
        return (
            f"{shown} is neither a web address nor a path; write https:// before a web "
            f"address, or a path on this site that starts with /, e.g. {_EXAMPLE}"
        )
    decoded = unquote(url)
    bad = _bad_character(decoded.strip(" "), spaces=True)
    if bad or "\\" in decoded:
        what = bad[0] if bad else "a backslash (\\)"
        return (
            f"{shown} hides {what} behind percent-encoding (a % and two digits); write the "
            "address without it"
        )
    if url.startswith("/"):
        if "path" not in allow:
            return _must_be(shown, allow, url)
        path = _QUERY.split(url, maxsplit=1)[0]
        if any(unquote(part) in (".", "..") for part in path.split("/")):
            return f"{shown} has a `.` or `..` part; write the page's own address, e.g. {_EXAMPLE}"
        if " " in url:
            return f"{shown} contains a space; addresses on this site never do, e.g. {_EXAMPLE}"
        return None
    if "relative" not in allow:
        return _must_be(shown, allow, url)
    return None


def _with_scheme(url: str, shown: str, scheme: str, allow: frozenset[str]) -> str | None:
    if len(scheme) == 1:
        return (
            f"{shown} is a path on your own computer; put the file under content/ and link "
            "it from there, or link to an https:// address"
        )
    if scheme in _DANGEROUS:
        return (
            f"{shown} is a `{scheme}:` address, which {_DANGEROUS[scheme]}; the build never "
            f"publishes one. Link to a page on this site, e.g. {_EXAMPLE}, or to an https:// "
            "address"
        )
    if scheme not in allow:
        return f"{shown} uses a scheme we do not publish; use {_choices(allow)}"
    if scheme not in ("http", "https"):
        return None  # mailto: and tel: have no host or path to check
    if " " in url and "relative" not in allow:  # Markdown's <...> may: it is encoded
        return f"{shown} contains a space; write %20 instead"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"{shown} is not a web address; write it like https://www.kommun.example/sida"
    if not parts.hostname or not url[len(scheme) + 1 :].startswith("//"):
        return (
            f"{shown} has no host name after {scheme}://; write it like "
            "https://www.kommun.example/sida"
        )
    if not _HOST.fullmatch(parts.hostname):
        return (
            f"{shown} has `{parts.hostname}` as its host name, which no site can have; write "
            "it like https://www.kommun.example/sida"
        )
    if "@" in parts.netloc:
        return (
            f"{shown} has a name before @, which hides the real host; write the address "
            f"without it: {scheme}://{parts.netloc.rsplit('@', 1)[1]}{parts.path}"
        )
    return None


def _choices(allow: frozenset[str]) -> str:
    """``https:, mailto: or tel:``: what a place accepts, as the fix for a wrong scheme."""
    names = ["https:"] if allow & {"http", "https"} else []
    names += [f"{s}:" for s in ("mailto", "tel") if s in allow]
    if "path" in allow and "relative" not in allow:
        names.append("a path on this site starting with /")
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


_LOOKS_LIKE_HOST = re.compile(r"(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", re.IGNORECASE)


def _must_be(shown: str, allow: frozenset[str], url: str = "") -> str:
    """The fix for an address that is neither of what ``allow`` takes; a host name written
    without https:// (`www.kommun.example`) gets the whole address to write instead."""
    fix = ""
    if _LOOKS_LIKE_HOST.fullmatch(url):
        fix = f"; write https:// in front of it: `https://{url}`"
    if "path" in allow:
        return (
            f"{shown} must be a web address starting with https:// or a path on this site "
            f"starting with /" + (fix or f", e.g. {_EXAMPLE}")
        )
    return f"{shown} must be a whole web address starting with https://" + fix


def _bad_character(text: str, *, spaces: bool) -> tuple[str, str] | None:
    """What in ``text`` no address may hold, and the fix: control, invisible or (unless
    ``spaces``) space characters. Leading and trailing spaces are never allowed."""
    found = None if text.isprintable() else _invisible(text)  # isprintable() is fast
    if found:
        return found
    if text != text.strip():
        return "a space at the start or the end", "remove it"
    if " " in text and not spaces:
        return "a space", "write %20 instead"
    return None


def _invisible(text: str) -> tuple[str, str] | None:
    """The first character of ``text`` that is not printable, named, with the fix."""
    for char in text:
        if char == " ":
            continue
        category = unicodedata.category(char)
        if char == "\t":
            return "a tab", "remove it"
        if char in "\n\r\x0b\x0c\x85\u2028\u2029":
            return "a line break", "write the address on one line"
        if category == "Cc":
            return f"the control character U+{ord(char):04X}", "remove it"
        if category in ("Cf", "Cs", "Cn"):
            return f"the invisible character U+{ord(char):04X}", "retype the address"
        if char.isspace():
            return f"a space (U+{ord(char):04X})", "write %20 instead"
    return None  # private-use characters: printable enough for an address


def _shown(url: str) -> str:
    """The address for a message: invisible characters as escapes, long ones shortened."""
    text = "".join(
        c if c == " " or c.isprintable() else c.encode("unicode_escape").decode() for c in url
    )
    return f"`{text if len(text) <= 80 else text[:77] + '...'}`"


def _field(allow: frozenset[str]) -> AfterValidator:
    def check(value: str) -> str:
        problem = check_url(value, allow)
        if problem is not None:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


# Typed fields for the schemas: the same rule, reported at the key's line.
SiteLink = Annotated[str, _field(SITE_LINK)]
Origin = Annotated[str, _field(ORIGIN)]
Endpoint = Annotated[str, _field(ENDPOINT)]
