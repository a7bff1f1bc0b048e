"""Which files an editor may publish as they are, and why the others are refused.

Everything an editor puts in content/ beside the pages is published on the site's own
origin. An `.html`, `.js` or scripted `.svg` file there would run script as the site
(stored cross-site scripting), so only kinds of file that cannot run script are published:
images, and the documents residents download. SVG is XML that may hold script, so each SVG
is also read (`svgcheck.py`). Config files the build reads are never published.
"""

from __future__ import annotations

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
# Documents residents download. Office formats without macros only (.docm, .xlsm and the old
# binary .doc/.xls/.ppt can carry them); OpenDocument; plain text and tables.
DOCUMENT_TYPES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv", ".txt"}
)
PUBLISHED_TYPES = IMAGE_TYPES | DOCUMENT_TYPES
# Files at the top of content/ that the build reads as settings: never published.
CONFIG_FILES = frozenset({"site.yml", "accessibility.yml", "search.yml"})

_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_WHAT_INSTEAD = {
    ".html": "write the page as a Markdown file (.md) instead",
    ".htm": "write the page as a Markdown file (.md) instead",
    ".xhtml": "write the page as a Markdown file (.md) instead",
    ".js": "scripts come only from the theme, never from content/; remove it",
    ".mjs": "scripts come only from the theme, never from content/; remove it",
    ".css": "styles come only from the theme, never from content/; remove it",
    ".yml": "the build reads only site.yml, accessibility.yml and search.yml here, and form "
    "definitions in forms/; move or remove it",
    ".yaml": "the build reads only site.yml, accessibility.yml and search.yml here, and form "
    "definitions in forms/; move or remove it",
    ".doc": "save it as .docx (without macros) or PDF",
    ".xls": "save it as .xlsx (without macros) or PDF",
    ".ppt": "save it as .pptx (without macros) or PDF",
    ".docm": "save it as .docx, without macros, or PDF",
    ".xlsm": "save it as .xlsx, without macros, or PDF",
    ".pptm": "save it as .pptx, without macros, or PDF",
}


def type_problem(name: str, suffix: str) -> str | None:
    """Why the file ``name`` (its last suffix ``suffix``, lower case) is not published."""
    if suffix in PUBLISHED_TYPES:
        return None
    kinds = (
        "images (.png, .jpg, .jpeg, .gif, .webp, .avif, .svg) and documents (.pdf, .docx, "
        ".xlsx, .pptx, .odt, .ods, .odp, .csv, .txt)"
    )
    if name.lower() in _SYSTEM_FILES:
        return f"`{name}` is a file your computer makes for itself; delete it"
    if not suffix:
        return (
            f"`{name}` has no file type at its end, and the site publishes only {kinds}; "
            "rename it with its type, e.g. `.pdf`, or remove it"
        )
    fix = _WHAT_INSTEAD.get(suffix, "save it in one of those formats, e.g. as PDF, or remove it")
    return f"`{suffix}` files are not published: the site publishes only {kinds}; {fix}"
