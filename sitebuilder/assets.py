"""The theme's stylesheet with the municipality's colours, fingerprinted for long caching."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .config import SiteConfig
from .render import SiteAssets

ASSET_DIR = "assets"


def _fingerprint(name: str, data: bytes) -> str:
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def theme_assets(theme_dir: Path, config: SiteConfig) -> tuple[SiteAssets, dict[str, bytes]]:
    """The files under /assets/ and their URLs. CSS custom properties carry site.yml's colours."""
    static = theme_dir / "static"
    site_css = with_colours((static / "site.css").read_text(encoding="utf-8"), config)
    css = minify_css(site_css).encode()
    listings_css = minify_css((static / "listings.css").read_text(encoding="utf-8")).encode()
    forms_css = minify_css((static / "forms.css").read_text(encoding="utf-8")).encode()
    favicon = (static / "favicon.svg").read_bytes()
    script = (static / "form-timing.js").read_bytes()
    reveal = (static / "form-reveal.js").read_bytes()
    search = (static / "search.js").read_bytes()
    files: dict[str, bytes] = {}
    hrefs = []
    for name, data in (
        ("site.css", css),
        ("favicon.svg", favicon),
        ("form-timing.js", script),
        ("forms.css", forms_css),
        ("listings.css", listings_css),
        ("form-reveal.js", reveal),
        ("search.js", search),
    ):
        path = f"{ASSET_DIR}/{_fingerprint(name, data)}"
        files[path] = data
        hrefs.append(f"{config.base_path}/{path}")
    return SiteAssets(
        css_href=hrefs[0],
        favicon_href=hrefs[1],
        form_script_href=hrefs[2],
        forms_css_href=hrefs[3],
        listings_css_href=hrefs[4],
        form_reveal_href=hrefs[5],
        search_script_href=hrefs[6],
    ), files


def with_colours(css: str, config: SiteConfig) -> str:
    """The stylesheet with site.yml's colours written into its custom properties (in place,
    so they are not sent twice); any the theme does not declare are added at the end."""
    colours = config.colours
    missing = []
    for name, value in (
        ("primary", colours.primary),
        ("primary-text", colours.primary_text),
        ("text", colours.text),
        ("focus", colours.focus),
    ):
        css, found = re.subn(
            rf"(--colour-{name}:\s*)#[0-9a-fA-F]{{3,8}}", rf"\g<1>{value}", css, count=1
        )
        if not found:
            missing.append(f"--colour-{name}:{value}")
    return css + (":root{" + ";".join(missing) + "}\n" if missing else "")


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")
_LEADING_ZERO = re.compile(r"([\s:,(-])0\.(?=\d)")
_LONG_HEX = re.compile(r"#([0-9a-fA-F])\1([0-9a-fA-F])\2([0-9a-fA-F])\3\b")


def minify_css(css: str) -> str:
    """Comments and layout whitespace out; our stylesheet has no strings these rules touch."""
    css = _COMMENT.sub("", css)
    css = _SPACE.sub(" ", css)
    css = _AROUND.sub(r"\1", css)
    css = css.replace(": ", ":")  # no string in our CSS has a colon followed by a space
    css = css.replace(" !important", "!important")
    css = _LEADING_ZERO.sub(r"\1.", css)  # 0.5rem -> .5rem
    css = _LONG_HEX.sub(r"#\1\2\3", css)  # #ffffff -> #fff
    return css.replace(";}", "}").strip() + "\n"
