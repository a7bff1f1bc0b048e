"""`{...}` right after an image, a link or a phrase in brackets: its options, checked.

`![](bilder/a.svg){.decorative}`, `[Kalixin kunta]{lang=fi}`, `[Suomeksi](/fi/){lang=fi}`.
A `{...}` that does not look like options (`![Karta](k.png){se nedan}`) is ordinary text and
stays on the page; one that does but is wrong is an error, never silently dropped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..schema import LANG_PATTERN

_BLOCK = re.compile(rb"\{([^{}\n]*)\}")
# Options look like `.name`, `#name` or `key=...`; anything else in braces is prose.
_LOOKS_LIKE = re.compile(r"\s*(?:[.#][A-Za-z]|[A-Za-z-]+\s*=)")
_CLASS = re.compile(r"\.[A-Za-z][A-Za-z0-9-]*")
_LANG = re.compile(LANG_PATTERN)
IMAGE_CLASSES = frozenset({"decorative"})


class Attributes(NamedTuple):
    classes: tuple[str, ...]
    lang: str | None
    length: int  # bytes of source the block takes, braces included


class Problem(NamedTuple):
    message: str
    code: str


def attributes_at(raw: bytes, at: int) -> Attributes | Problem | None:
    """The options block starting at byte ``at`` of ``raw``, if one is there."""
    if raw[at : at + 1] != b"{":
        return None
    match = _BLOCK.match(raw, at)
    if match is None:
        return None
    inside = match.group(1).decode()
    if not _LOOKS_LIKE.match(inside):
        return None
    written = "{" + inside + "}"
    classes: list[str] = []
    lang: str | None = None
    for item in inside.split():
        if item.startswith("lang="):
            if lang is not None:
                return Problem(
                    f"`{written}` gives two languages, and a phrase, a link or an image has one; "
                    f"keep one, e.g. `{{lang={lang}}}`",
                    "lang-code",
                )
            lang = item[5:].strip("\"'")
            problem = language_problem(lang)
            if problem is not None:
                return Problem(f"`{written}`: {problem}", "lang-code")
        elif _CLASS.fullmatch(item):
            classes.append(item[1:])
        else:
            return Problem(
                f"`{written}`: `{item}` is not an option we know; a phrase in brackets or a "
                "link takes a language, `{lang=fi}`, and an image also `{.decorative}`",
                "attributes",
            )
    # Valid options are letters, digits, `.`, `-`, `=` and quotes: plain text to the parser,
    # so the renderer can drop the block's text events whole.
    return Attributes(tuple(classes), lang, match.end() - at)


def second_block(raw: bytes, first: int, at: int) -> str | None:
    """Why a second options block at ``at``, right after the one at ``first``, is wrong.

    Only one block is read; a second (`[text]{lang=fi}{lang=en}`) would be published as text.
    """
    if raw[at : at + 1] != b"{" or attributes_at(raw, at) is None:
        return None
    one, two = raw[first + 1 : at - 1].decode(), raw[at + 1 : raw.index(b"}", at)].decode()
    if "lang=" in one and "lang=" in two:
        fix = f"a phrase, a link or an image has one language: keep `{{{one}}}` or `{{{two}}}`"
    else:
        merged = f"{{{one.strip()} {two.strip()}}}"
        options = attributes_at(merged.encode(), 0)
        if type(options) is Attributes and set(options.classes) <= IMAGE_CLASSES:
            fix = f"write the options in one: `{merged}`"
        else:
            fix = (
                "write the options in one; a phrase or a link takes only a language, "
                "`{lang=fi}`, and an image also `{.decorative}`: `{.decorative lang=fi}`"
            )
    return (
        f"`{{{one}}}{{{two}}}`: only one `{{...}}` can follow, and the second would be "
        f"published as text; {fix}"
    )


def decorative_with_alt(src: str, alt: str) -> str:
    """An image with alt text and `{.decorative}`: the alt text would be silently dropped."""
    return (
        f"image `{src}` is marked `{{.decorative}}` but has the alt text `{alt}`; choose one: "
        f"if it shows something the text does not say, keep the alt text and remove "
        f"`{{.decorative}}`: `![{alt}]({src})`; if it is only decoration, leave the brackets "
        f"empty: `![]({src}){{.decorative}}`"
    )


def language_problem(code: str, known: frozenset[str] | None = None) -> str | None:
    """Why ``code`` cannot be a page part's language, or None if it can.

    The shape is the one front matter's `lang:` takes (BCP 47: `fi`, `se`, `en-GB`).
    ``known``: the languages the site declares, when site.yml lists them.
    """
    if _LANG.match(code):
        if known is None or code in known:
            return None
        listed = ", ".join(f"`{k}`" for k in sorted(known))
        return f"language `{code}` is not one of the site's languages ({listed})"
    fixed = _fixed(code)
    if fixed:
        return f"`{code}` is not written as a language code; did you mean `lang={fixed}`?"
    shown = f"`{code}` is not a language code" if code else "the language code is missing"
    return (
        f"{shown}; write two or three small letters, and a region in capitals if needed, "
        "e.g. `[Kalixin kunta]{lang=fi}` (fi finska, se nordsamiska, fit meänkieli, en-GB)"
    )


def _fixed(code: str) -> str | None:
    """``FI`` -> ``fi``, ``sv_se`` -> ``sv-SE``: the code the editor most likely meant."""
    language, _, region = code.replace("_", "-").partition("-")
    guess = language.lower() + (f"-{region.upper()}" if region else "")
    return guess if _LANG.match(guess) else None
