"""The one rule for addresses an editor writes, and every place that uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from sitebuilder.config import SiteConfig
from sitebuilder.errors import BuildFailed, ErrorList
from sitebuilder.forms.definition import Privacy
from sitebuilder.pipeline import BuildOptions, build, read_site
from sitebuilder.schema import Contact
from sitebuilder.urls import (
    ENDPOINT,
    IMAGE_SOURCE,
    ORIGIN,
    PAGE_LINK,
    SITE_LINK,
    check_url,
)

ACCEPTED = [
    "https://www.kommun.example/",
    "http://www.kommun.example",
    "https://www.kommun.example:8443/a/b?c=d#e",
    "https://exempelby.example/bygga/bygglov-för-altan/",
    "https://www.exempelbyå.example/",
    "http://[::1]:8000/",
    "http://127.0.0.1:8000/",
    "/kontakt/",
    "/sok/?q=bygglov#resultat",
]

# (address, what the reason must say): refused in every place.
REFUSED = [
    ("javascript:alert(1)", "is a `javascript:` address, which runs code"),
    ("JaVaScRiPt:alert(1)", "is a `javascript:` address"),
    ("vbscript:msgbox(1)", "is a `vbscript:` address"),
    ("data:text/html,<script>alert(1)</script>", "is a `data:` address"),
    ("file:///etc/passwd", "is a `file:` address"),
    ("blob:https://x.example/1", "is a `blob:` address"),
    (" javascript:alert(1)", "a space at the start or the end"),
    ("\x01javascript:alert(1)", "the control character U+0001"),
    ("java\tscript:alert(1)", "a tab"),
    ("java\nscript:alert(1)", "a line break"),
    ("java\u2028script:alert(1)", "a line break"),
    ("java%0ascript:alert(1)", "is neither a web address nor a path"),
    ("javascript%3Aalert(1)", "is neither a web address nor a path"),
    ("//evil.example/", "leaves out https:"),
    ("/\\evil.example/", "a backslash"),
    ("\\\\evil.example\\x", "a backslash"),
    ("https:evil.example", "has no host name"),
    ("https:///evil.example", "has no host name"),
    ("https://www.kommun.example@evil.example/", "hides the real host"),
    ("https://x.example:port/", "is not a web address"),
    ("https://<script>/", "which no site can have"),
    ("ftp://ftp.example/taxa.pdf", "uses a scheme we do not publish"),
    ("C:/Users/anna/karta.png", "a path on your own computer"),
    ("/bygga/../admin/", "has a `.` or `..` part"),
    ("/bygga/%2e%2e/admin/", "has a `.` or `..` part"),
    ("/bygga/%0a/", "hides a line break behind percent-encoding"),
    ("bilder/%00karta.png", "hides the control character U+0000 behind percent-encoding"),
    ("https://x.example/\u200b", "the invisible character U+200B"),
    # (A direction control such as U+202E is refused before, wherever it is in the text.)
    ("https://x.example/\u200bgnp.exe", "the invisible character U+200B"),
    ("https://x.example/a\u00a0b", "a space (U+00A0)"),
]


@pytest.mark.parametrize("url", ACCEPTED)
@pytest.mark.parametrize(
    "allow", [SITE_LINK, PAGE_LINK, IMAGE_SOURCE], ids=["site", "page", "image"]
)
def test_accepts_web_addresses_and_site_paths(url: str, allow: frozenset[str]) -> None:
    assert check_url(url, allow) is None


@pytest.mark.parametrize(("url", "reason"), REFUSED)
@pytest.mark.parametrize(
    "allow",
    [SITE_LINK, PAGE_LINK, IMAGE_SOURCE, ORIGIN, ENDPOINT],
    ids=["site", "page", "image", "origin", "endpoint"],
)
def test_refuses_what_a_browser_would_read_otherwise(
    url: str, reason: str, allow: frozenset[str]
) -> None:
    problem = check_url(url, allow)
    assert problem is not None
    if allow in (SITE_LINK, PAGE_LINK, IMAGE_SOURCE):
        assert reason in problem
    # One line, starting with the address, its invisible characters made visible.
    assert problem.startswith("`")
    assert not any(c in problem for c in "\t\n\r\x00\x01\u2028\u200b\u202e")


@pytest.mark.parametrize(
    ("url", "allow"),
    [
        ("mailto:kontakt@kommun.example", PAGE_LINK),
        ("tel:+46850000000", PAGE_LINK),
        ("../Bygga, bo och miljö/Bygglov.md", PAGE_LINK),
        ("bilder/min karta.png", IMAGE_SOURCE),
        ("#sa-ansoker-du", PAGE_LINK),
        ("", PAGE_LINK),
        ("<https://karta.example/sök plats>"[1:-1], PAGE_LINK),  # encoded when published
        ("https://www.kommun.example", ORIGIN),
        ("/api/forms", ENDPOINT),
        ("https://forms.kommun.example/api/forms", ENDPOINT),
    ],
)
def test_each_place_accepts_what_it_may_publish(url: str, allow: frozenset[str]) -> None:
    assert check_url(url, allow) is None


@pytest.mark.parametrize(
    ("url", "allow", "reason"),
    [
        ("mailto:kontakt@kommun.example", SITE_LINK, "use https: or a path on this site"),
        ("mailto:kontakt@kommun.example", IMAGE_SOURCE, "uses a scheme we do not publish"),
        ("ftp://x.example/", PAGE_LINK, "use https:, mailto: or tel:"),
        ("bilder/karta.png", SITE_LINK, "must be a web address starting with https://"),
        ("https://x.example/a b", SITE_LINK, "a space; write %20 instead"),
        ("/kontakt/", ORIGIN, "must be a whole web address starting with https://"),
        ("http://forms.kommun.example/api", ENDPOINT, "use https: or a path on this site"),
        ("", SITE_LINK, "the address is empty"),
    ],
)
def test_each_place_refuses_what_it_may_not(url: str, allow: frozenset[str], reason: str) -> None:
    problem = check_url(url, allow)
    assert problem is not None and reason in problem


# -- every place an editor writes an address goes through it ------------------------------------


def _privacy(url: str) -> Privacy:
    return Privacy(
        purpose="p",
        legal_basis="l",
        recipients="r",
        retention="t",
        protected_identity="s",
        more=url,
    )


FIELDS = [
    ("contact.url", lambda url: Contact(url=url), SITE_LINK),
    ("privacy.more", _privacy, SITE_LINK),
    ("base_url", lambda url: SiteConfig(name="T", base_url=url, language="sv"), ORIGIN),
    (
        "forms_endpoint",
        lambda url: SiteConfig(
            name="T", base_url="https://x.example", language="sv", forms_endpoint=url
        ),
        ENDPOINT,
    ),
]


@pytest.mark.parametrize(("url", "_"), REFUSED)
@pytest.mark.parametrize(("name", "make", "allow"), FIELDS, ids=[f[0] for f in FIELDS])
def test_every_schema_field_uses_the_validator(
    url: str, _: str, name: str, make, allow: frozenset[str]
) -> None:
    with pytest.raises(ValidationError) as failed:
        make(url)
    (error,) = failed.value.errors()
    assert error["type"] == "value_error"
    assert str(error["ctx"]["error"]) == check_url(url, allow)


def test_site_yml_fields_report_at_their_line(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "site.yml": (
                "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
                'contact:\n  url: "data:text/html,x"\nforms_endpoint: javascript:alert(1)\n'
            )
        }
    )
    assert errors == [
        "site.yml:5: error: `url` in `contact`: `data:text/html,x` is a `data:` address, which "
        "carries a whole document that can run code; the build never publishes one. Link to a "
        "page on this site, e.g. `/kontakt/`, or to an https:// address",
        "site.yml:6: error: `forms_endpoint`: `javascript:alert(1)` is a `javascript:` "
        "address, which runs code in the reader's browser; the build never publishes one. Link "
        "to a page on this site, e.g. `/kontakt/`, or to an https:// address",
    ]


@pytest.mark.parametrize(
    "endpoint", ["https://forms.example", "https://forms.example/", "/api/", "/api/forms?x=1"]
)
def test_forms_endpoint_needs_a_path_without_a_slash_at_the_end(endpoint: str) -> None:
    with pytest.raises(ValidationError, match="must end with the endpoint's path"):
        SiteConfig(
            name="Testby", base_url="https://x.example", language="sv", forms_endpoint=endpoint
        )


def test_base_url_has_no_query_or_fragment() -> None:
    with pytest.raises(ValidationError, match=r"has a \? or # part"):
        SiteConfig(name="Testby", base_url="https://x.example/?utm=1", language="sv")
    config = SiteConfig(name="Testby", base_url="https://x.example/webb/", language="sv")
    assert (config.base_url, config.base_path) == ("https://x.example/webb", "/webb")


# -- Markdown: links and images agree with the validator --------------------------------------

SECTION = {"Bygga/_index.md": "---\ntitle: Bygga\ndescription: Bygga.\n---\n"}
# As Markdown can carry them: no < > or \\ (Markdown's own syntax), and no characters the
# load-time check refuses in any text (test_load.py).
HOSTILE_HREFS = [
    url for url, _ in REFUSED if not any(c in url for c in "<>\n\x01\u2028") and "\\\\" not in url
]


def read(scratch_site, body: str) -> tuple[str, list[str]]:
    """The page's body HTML and the error lines, without building anything."""
    content = scratch_site(
        {**SECTION, "Bygga/Bygglov.md": f"---\ntitle: Bygglov\ndescription: Om.\n---\n\n{body}"}
    )
    errors = ErrorList()
    site = read_site(BuildOptions(content=content), errors)
    lines = [e.format().replace(f"{content}/", "") for e in sorted(errors.items)]
    return site.bodies["/bygga/bygglov/"].html, lines


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_a_markdown_link_the_validator_refuses_is_an_error_and_never_a_link(
    scratch_site, parse_html, href: str
) -> None:
    html, errors = read(scratch_site, f"[Ansökan om bygglov](<{href}>)\n")
    assert errors == [f"Bygga/Bygglov.md:6: error: link {check_url(href, PAGE_LINK)}"]
    hrefs = [a.get("href") or "" for a in parse_html(html).find_all("a")]
    scheme = href.strip().lower()
    for dangerous in ("javascript:", "vbscript:", "data:", "file:", "blob:"):
        assert not any(h.lower().startswith(dangerous) for h in hrefs), hrefs
        if scheme.startswith(dangerous):
            assert hrefs in ([], [""]), hrefs


@pytest.mark.parametrize("src", HOSTILE_HREFS)
def test_an_image_source_the_validator_refuses_is_an_error(scratch_site, src: str) -> None:
    _, errors = read(scratch_site, f"![Karta över området](<{src}>)\n")
    assert errors == [f"Bygga/Bygglov.md:6: error: image {check_url(src, IMAGE_SOURCE)}"]


def test_mailto_tel_and_https_links_stay_links(scratch_site, parse_html) -> None:
    html, errors = read(
        scratch_site,
        "[1177](https://www.1177.se/), [mejla](mailto:a@test.example), [ring](tel:+46812345)\n",
    )
    assert errors == []
    hrefs = [a.get("href") for a in parse_html(html).find_all("a")]
    assert hrefs == ["https://www.1177.se/", "mailto:a@test.example", "tel:+46812345"]


def test_a_refused_image_fails_the_build_and_publishes_nothing(
    scratch_site, tmp_path: Path
) -> None:
    content = scratch_site(
        {
            **SECTION,
            "Bygga/Bygglov.md": (
                "---\ntitle: Bygglov\ndescription: Om.\n---\n\n![Ritning](javascript:alert(1))\n"
            ),
        }
    )
    with pytest.raises(BuildFailed):
        build(BuildOptions(content=content, out=tmp_path / "public"))
    assert not (tmp_path / "public").exists()
