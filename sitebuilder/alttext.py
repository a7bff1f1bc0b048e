"""Alt texts that say nothing ("bild", the file name, "IMG_1234"): a warning for `check`.

Works from what the build already has, each page's rendered HTML and its Markdown, so
the Markdown renderer stays the one place that parses Markdown: the HTML says which images
there are and with which alt text, the Markdown on which line each was written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import unquote

# Words that only say there is an image (Swedish and English).
EMPTY_WORDS = frozenset(
    {
        "bild",
        "bilden",
        "en bild",
        "bild på",
        "foto",
        "fotot",
        "fotografi",
        "ett foto",
        "illustration",
        "grafik",
        "figur",
        "ikon",
        "logo",
        "logga",
        "logotyp",
        "image",
        "an image",
        "img",
        "photo",
        "a photo",
        "picture",
        "a picture",
        "pic",
        "figure",
        "icon",
        "graphic",
        "screenshot",
        "skärmbild",
        "skärmdump",
    }
)
# What cameras and phones call their files: IMG_1234, DSC01234, PXL_20260102_101010.
_CAMERA_NAME = re.compile(
    r"^(img|dsc|dscn|dscf|pxl|p|image|bild|foto|photo|screenshot|skärmbild|skärmavbild)"
    r"[-_ ]?\d[\d_ -]*(\.\w+)?$",
    re.IGNORECASE,
)
_MARKDOWN_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)>\s]*)")


class Image(NamedTuple):
    src: str  # as published
    alt: str
    link_text: str | None  # the other text of the link the image is in, if it is in one


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[Image] = []
        self._links: list[tuple[list[str], list[int]]] = []  # (texts, image indexes) per <a>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a":
            self._links.append(([], []))
        elif tag == "img":
            if self._links:
                self._links[-1][1].append(len(self.images))
            self.images.append(Image(values.get("src", ""), values.get("alt", ""), None))

    def handle_data(self, data: str) -> None:
        if self._links:
            self._links[-1][0].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            texts, inside = self._links.pop()
            text = " ".join("".join(texts).split())
            for i in inside:
                self.images[i] = self.images[i]._replace(link_text=text or None)


def images(html: str) -> list[Image]:
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.images


def why_weak(image: Image) -> str | None:
    """Why an alt text tells someone who cannot see the image nothing, or None if it does."""
    alt = " ".join(image.alt.split())
    if not alt:
        return None  # missing (an error) or decorative: not this check's business
    folded = alt.casefold().rstrip(".:")
    name = unquote(posixpath.basename(image.src.split("?")[0].split("#")[0]))
    stem = name.rsplit(".", 1)[0]
    if folded in EMPTY_WORDS:
        return f"alt text `{alt}` says only that there is an image, not what it shows"
    if name and folded in {
        name.casefold(),
        stem.casefold(),
        re.sub(r"[-_]+", " ", stem).casefold(),
    }:
        return f"alt text `{alt}` is the file's name, which does not say what the image shows"
    if _CAMERA_NAME.match(alt):
        return f"alt text `{alt}` is a camera's file name, which does not say what the image shows"
    if re.fullmatch(r"[\W\d_]+", alt):
        return f"alt text `{alt}` does not say what the image shows"
    if image.link_text and folded == image.link_text.casefold().rstrip(".:"):
        return (
            f"alt text `{alt}` repeats the link text beside the image, so a screen reader says "
            "it twice"
        )
    return None


class WeakAlt(NamedTuple):
    line: int
    message: str


def weak_alts(html: str, markdown: str, first_line: int) -> Iterator[WeakAlt]:
    """Every image on a page whose alt text says nothing, with the line it was written on."""
    written = [
        (first_line + markdown.count("\n", 0, m.start()), m.group(1), m.group(2))
        for m in _MARKDOWN_IMAGE.finditer(markdown)
    ]
    seen: dict[str, int] = {}
    for image in images(html):
        reason = why_weak(image)
        nth = seen.get(image.alt, 0)
        seen[image.alt] = nth + 1
        if reason is None:
            continue
        same = [w for w in written if _unescaped(w[1]) == image.alt]
        line, _, src = same[nth] if nth < len(same) else (first_line, "", image.src)
        src = src or image.src
        if image.link_text and "repeats the link text" in reason:
            fix = (
                f"leave the alt text empty and mark the image decorative: ![]({src}){{.decorative}}"
            )
        else:
            fix = (
                f"describe it for someone who cannot see it, e.g. ![Beskriv vad bilden visar]"
                f"({src}), or if it is only decoration: ![]({src}){{.decorative}}"
            )
        yield WeakAlt(line, f"{reason}; {fix}")


def _unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
