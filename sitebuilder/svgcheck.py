"""An SVG image an editor adds must be a picture and nothing else: no script, no links out.

An SVG file opened on its own (its address typed in, or a link to it) is a document on the
site's origin, and runs any script it holds. So an SVG is refused, at its line, if it has:
a `<script>`, `<foreignObject>` (which embeds HTML) or an element from the HTML namespace;
an `on...` event attribute; an address (`href`, `xlink:href`, `src`, CSS `url()` or
`@import`) that is not a `#part` of the same file, since `javascript:` and `data:`
addresses run or embed code, and outside ones load things from elsewhere; an animation
that sets an address or an event attribute; a `<!DOCTYPE>` (where entities are declared);
or an `<?xml-stylesheet?>`. It is parsed with expat, and parsing stops at the DOCTYPE, so no
entity is ever declared or expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from .errors import ErrorList

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_SEP = "\x1f"  # between namespace and local name in expat's names; no name holds it
_ACTIVE = frozenset({"script", "foreignobject", "handler", "listener"})
_ADDRESS_ATTRIBUTES = frozenset({"href", "src"})
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*(?P<target>[^)'\"]*)", re.I)
_FIX = "export the image again without it (as plain SVG), or save it as PNG"


class _Stop(Exception):
    """Parsing is abandoned (a DOCTYPE): nothing after it is read."""


def check_svg(data: bytes, path: Path, errors: ErrorList) -> None:
    """Report every way the SVG in ``data`` could run script or load something."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    refused_depth: int | None = None  # inside a refused element: its content is not reported
    style_depth: int | None = None
    style_text: list[tuple[int, str]] = []

    def error(message: str, line: int | None = None) -> None:
        errors.add(path, line or parser.CurrentLineNumber, message)

    def doctype(name: str, *_: object) -> None:
        error(
            f"the SVG has a `<!DOCTYPE {name} ...>`, which can declare entities; remove the "
            "DOCTYPE (an SVG image does not need it), or export the image again as plain SVG"
        )
        raise _Stop

    def instruction(target: str, _data: str) -> None:
        error(
            f"the SVG has a `<?{target} ...?>` instruction, which can load a style sheet from "
            f"elsewhere; remove it, or {_FIX}"
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, style_depth, refused_depth
        namespace, _, local = name.rpartition(_SEP)
        lower = local.lower()
        if depth == 0 and (namespace != SVG_NS or local != "svg"):
            error(
                f"the file is not an SVG image (it starts with `<{local}>`, not an `<svg>` "
                'with xmlns="http://www.w3.org/2000/svg"); export it again as SVG, or save it '
                "as PNG"
            )
        depth += 1
        if refused_depth is not None:
            return
        if lower in _ACTIVE or namespace == XHTML_NS:
            html = "an HTML" if namespace == XHTML_NS else "a"
            error(
                f"the SVG has {html} `<{local}>` element, which can run script; remove it, or {_FIX}"
            )
            refused_depth = depth
            return
        if lower == "style":
            style_depth = depth
        for qualified, value in attributes.items():
            attribute = qualified.rpartition(_SEP)[2]
            _check_attribute(local, attribute, value, error)
        if lower in _ANIMATIONS:
            target = attributes.get("attributeName", "").rpartition(":")[2].lower()
            if target in _ADDRESS_ATTRIBUTES or target.startswith("on"):
                error(
                    f"the SVG has a `<{local}>` that changes `{target}`, which can make it run "
                    f"script; remove it, or {_FIX}"
                )

    def end(_name: str) -> None:
        nonlocal depth, style_depth, refused_depth
        if style_depth == depth:
            style_depth = None
        if refused_depth == depth:
            refused_depth = None
        depth -= 1

    def text(data: str) -> None:
        if style_depth is not None:
            style_text.append((parser.CurrentLineNumber, data))

    def external(*_: object) -> int:
        error("the SVG refers to an entity defined outside it; remove it, or " + _FIX)
        return 0

    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(data, True)
    except _Stop:
        return
    except expat.ExpatError as exc:
        errors.add(
            path,
            exc.lineno,
            f"the SVG cannot be read from line {exc.lineno}, column {exc.offset + 1} "
            f"({expat.ErrorString(exc.code)}); export it again from the drawing program, or "
            "save it as PNG",
        )
        return
    for line, css in style_text:
        problem = _css_problem(css)
        if problem:
            errors.add(path, line, f"the SVG's `<style>` {problem}")


def _check_attribute(
    element: str, attribute: str, value: str, error: Callable[[str], None]
) -> None:
    name = attribute.lower()
    if name.startswith("on"):
        error(
            f"the SVG's `<{element}>` has an event attribute `{attribute}`, which runs script; "
            f"remove it, or {_FIX}"
        )
    elif name in _ADDRESS_ATTRIBUTES:
        target = "".join(value.split())
        if not target.startswith("#"):
            error(_address_problem(element, attribute, target))
    elif name == "style":
        problem = _css_problem(value)
        if problem:
            error(f"the SVG's `<{element}>` style {problem}")
    elif "javascript:" in "".join(value.split()).lower():
        error(f"the SVG's `<{element}>` has `javascript:` in `{attribute}`; remove it, or {_FIX}")


def _address_problem(element: str, attribute: str, target: str) -> str:
    scheme = target.split(":", 1)[0].lower() + ":" if ":" in target else ""
    if scheme in ("javascript:", "data:", "vbscript:"):
        why = f"a `{scheme}` address, which can run or embed code,"
    else:
        shown = target if len(target) <= 60 else target[:57] + "..."
        why = f"an address outside the image, `{shown}` (only a `#part` of the file may be used),"
    return (
        f"the SVG's `<{element}>` has {why} in `{attribute}`; remove it, or export the image "
        "with everything it shows inside it, or save it as PNG"
    )


def _css_problem(css: str) -> str | None:
    lowered = css.lower()
    if "@import" in lowered:
        return "has an `@import`, which loads styles from elsewhere; remove it, or " + _FIX
    if "javascript:" in "".join(lowered.split()) or "expression(" in lowered:
        return "has script in it; remove it, or " + _FIX
    for match in _CSS_URL.finditer(css):
        if not match.group("target").strip().startswith("#"):
            return (
                f"has `url({match.group('target').strip()[:60]})`, which loads something from "
                f"outside the image; use only `url(#part)`, or {_FIX}"
            )
    return None
