"""An SVG is published only if it is a picture: no script, no DOCTYPE, nothing loaded from
elsewhere. The broken site `hostile_assets_that_run_script` holds the exact messages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitebuilder.errors import ErrorList
from sitebuilder.svgcheck import check_svg

REPO_ROOT = Path(__file__).resolve().parents[2]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def problems(text: str) -> list[str]:
    errors = ErrorList()
    check_svg(text.encode(), Path("bild.svg"), errors)
    return [f"{e.line}: {e.message}" for e in errors.items]


def test_the_sample_sites_images_pass() -> None:
    for path in sorted(REPO_ROOT.glob("content/**/*.svg")):
        errors = ErrorList()
        check_svg(path.read_bytes(), path, errors)
        assert not errors, path


def test_what_drawing_programs_write_passes() -> None:
    inkscape = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        "<!-- Created with Inkscape -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\n'
        '  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"\n'
        '  xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"\n'
        '  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" viewBox="0 0 10 10">\n'
        '  <sodipodi:namedview inkscape:zoom="1"/>\n'
        "  <metadata><rdf:RDF/></metadata>\n"
        '  <defs><linearGradient id="g"><stop offset="0"/></linearGradient>\n'
        '    <style>.a { fill: url(#g); } .b { fill: url("#g") }</style></defs>\n'
        '  <rect class="a" width="10" height="10" style="stroke: url(#g)"/>\n'
        '  <use xlink:href="#g"/><use href="#g"/>\n'
        '  <text font-family="sans-serif">Karta &amp; plan &#229;</text>\n'
        "</svg>\n"
    )
    assert problems(inkscape) == []


@pytest.mark.parametrize(
    ("svg", "line", "says"),
    [
        (f"{SVG}\n<script>alert(1)</script></svg>", 2, "a `<script>` element"),
        (f"{SVG}\n<SCRIPT>alert(1)</SCRIPT></svg>", 2, "a `<SCRIPT>` element"),
        (f"{SVG}<foreignObject><p>x</p></foreignObject></svg>", 1, "`<foreignObject>`"),
        (
            f'{SVG}<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x" onerror="a()"/></svg>',
            1,
            "an HTML `<img>` element",
        ),
        (f'{SVG}\n\n<rect onClick="a()"/></svg>', 3, "event attribute `onClick`"),
        (f'{SVG}<a xlink:href=" java\nscript:a()"/></svg>', 1, "a `javascript:` address"),
        (f'{SVG}<image href="data:image/svg+xml,&lt;svg"/></svg>', 1, "a `data:` address"),
        (f'{SVG}<image href="https://x.example/a.png"/></svg>', 1, "an address outside"),
        (f'{SVG}<use href="andra.svg#a"/></svg>', 1, "an address outside"),
        (f'{SVG}<animate attributeName="xlink:href" values="#a"/></svg>', 1, "changes `href`"),
        (f'{SVG}<set attributeName="onclick" to="a()"/></svg>', 1, "changes `onclick`"),
        (f"{SVG}<style>\n@import 'x.css';</style></svg>", 2, "`@import`"),
        (f"{SVG}<style>a{{fill:url( https://x.example/f )}}</style></svg>", 1, "`url(https"),
        (f'{SVG}<rect style="fill:url(x.png)"/></svg>', 1, "`url(x.png)`"),
        (f'<?xml-stylesheet href="x.css"?>\n{SVG}</svg>', 1, "`<?xml-stylesheet ...?>`"),
        ('<svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>', 1, "undefined entity"),
        ("<svg><rect/></svg>", 1, "not an SVG image"),
        ("<html><body/></html>", 1, "it starts with `<html>`"),
        (f"{SVG}\n<g>\n</svg>", 3, "cannot be read from line 3"),
        ("", 1, "cannot be read"),
    ],
)
def test_anything_that_could_run_or_load_is_refused_at_its_line(
    svg: str, line: int, says: str
) -> None:
    found = problems(svg)
    assert len(found) == 1, found
    assert found[0].startswith(f"{line}: ") and says in found[0], found[0]


def test_a_doctype_stops_the_reading_before_any_entity_is_expanded() -> None:
    lol = '<!ENTITY lol "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    svg = f'<?xml version="1.0"?>\n<!DOCTYPE svg [{lol}]>\n{SVG}<text>&lol9;</text></svg>'
    started = time.perf_counter()
    found = problems(svg)
    assert time.perf_counter() - started < 0.5
    assert found == [
        "2: the SVG has a `<!DOCTYPE svg ...>`, which can declare entities; remove the DOCTYPE "
        "(an SVG image does not need it), or export the image again as plain SVG"
    ]


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "hemligt.txt"
    secret.write_text("HEMLIGT")
    svg = f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>\n{SVG}<text>&x;</text></svg>'
    found = problems(svg)
    assert len(found) == 1 and "DOCTYPE" in found[0] and "HEMLIGT" not in found[0]
