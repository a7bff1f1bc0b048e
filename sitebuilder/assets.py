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
    colours = config.colours
    variables = (
        ":root{"
        f"--colour-primary:{colours.primary};"
        f"--colour-primary-text:{colours.primary_text};"
        f"--colour-text:{colours.text};"
        f"--colour-focus:{colours.focus}"
        "}\n"
    )
    static = theme_dir / "static"
    css = minify_css((static / "site.css").read_text(encoding="utf-8") + variables).encode()
    forms_css = minify_css((static / "forms.css").read_text(encoding="utf-8")).encode()
    favicon = (static / "favicon.svg").read_bytes()
    script = (static / "form-timing.js").read_bytes()
    files: dict[str, bytes] = {}
    hrefs = []
    for name, data in (
        ("site.css", css),
        ("favicon.svg", favicon),
        ("form-timing.js", script),
        ("forms.css", forms_css),
    ):
        path = f"{ASSET_DIR}/{_fingerprint(name, data)}"
        files[path] = data
        hrefs.append(f"{config.base_path}/{path}")
    return SiteAssets(
        css_href=hrefs[0], favicon_href=hrefs[1], form_script_href=hrefs[2], forms_css_href=hrefs[3]
    ), files


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")


def minify_css(css: str) -> str:
    """Comments and layout whitespace out; our stylesheet has no strings these rules touch."""
    css = _COMMENT.sub("", css)
    css = _SPACE.sub(" ", css)
    css = _AROUND.sub(r"\1", css)
    css = css.replace(": ", ":")  # no string in our CSS has a colon followed by a space
    return css.replace(";}", "}").strip() + "\n"
