"""The real sample content, built once: every page is accessible and every link lands."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitebuilder.errors import BuildFailed
from sitebuilder.pipeline import BuildOptions, Site, build, make_site

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT = REPO_ROOT / "content"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SWEDISH = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
FOLD = {"é": "e", "è": "e", "á": "a", "à": "a", "ü": "y", "æ": "ä", "ø": "ö"}


def swedish_key(text: str) -> list[int]:
    """Swedish dictionary order, written out independently of sitebuilder.collation."""
    folded = (FOLD.get(ch, ch) for ch in text.casefold())
    return [SWEDISH.index(ch) for ch in folded if ch in SWEDISH]


class Built:
    """The sample site in a temporary folder, its index, and every HTML page parsed."""

    def __init__(self, out: Path, site: Site, parse_html) -> None:
        self.out = out
        self.site = site
        self.files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        self.html = {
            name: parse_html((out / name).read_text(encoding="utf-8"))
            for name in self.files
            if name.endswith(".html")
        }

    def url_of(self, name: str) -> str:
        return "/" + name.removesuffix("index.html") if name.endswith("index.html") else "/" + name

    def file_for(self, path: str) -> str | None:
        """The output file a site path is served from, or None."""
        rel = unquote(path).lstrip("/")
        for candidate in (rel, posixpath.join(rel, "index.html")):
            if candidate in self.files:
                return candidate
        return None

    def is_redirect(self, name: str) -> bool:
        return any(m.get("http-equiv") == "refresh" for m in self.html[name].find_all("meta"))

    def page_for(self, url: str):
        return self.html[self.site.index.pages[url].output]


@pytest.fixture(scope="module")
def sample(tmp_path_factory, parse_html) -> Built:
    out = tmp_path_factory.mktemp("sample") / "public"
    try:
        build(BuildOptions(content=CONTENT, out=out))
    except BuildFailed as failed:
        # The sample site is what new editors copy: it must always build, never be skipped.
        pytest.fail(
            f"content/ does not build ({len(failed.errors)} errors):\n"
            + "\n".join(e.format() for e in failed.errors)
        )
    return Built(out, make_site(BuildOptions(content=CONTENT, out=out)), parse_html)


def problems_in_every_page(sample: Built, check) -> list[str]:
    found: list[str] = []
    for name, doc in sample.html.items():
        found.extend(f"{name}: {problem}" for problem in check(name, doc))
    return found


# -- every page ----------------------------------------------------------------------------


def test_every_page_has_lang_title_description_and_one_h1(sample: Built) -> None:
    def check(name, doc):
        (html,) = doc.find_all("html")
        if not (html.get("lang") or "").strip():
            yield "<html> has no lang"
        titles = doc.find_all("title")
        if len(titles) != 1 or not titles[0].text.strip():
            yield "no non-empty <title>"
        descriptions = doc.find_all("meta", name="description")
        if len(descriptions) != 1 or not (descriptions[0].get("content") or "").strip():
            yield 'no non-empty <meta name="description">'
        h1 = doc.find_all("h1")
        if len(h1) != 1 or not h1[0].text.strip():
            yield f"{len(h1)} <h1> elements"

    assert problems_in_every_page(sample, check) == []


def test_every_page_starts_with_a_skip_link_to_main(sample: Built) -> None:
    def check(name, doc):
        links = [e for e in doc.find_all("a") if "body" in e.parents]
        if not links or links[0].get("href") != "#main":
            yield "the first link in <body> is not the skip link to #main"
        main = doc.find_all(id="main")
        if [e.tag for e in main] != ["main"]:
            yield 'id="main" is not on the one <main>'
        if len(doc.find_all("main")) != 1:
            yield "not exactly one <main>"

    assert problems_in_every_page(sample, check) == []


def test_no_page_repeats_an_id(sample: Built) -> None:
    def check(name, doc):
        for id_, count in Counter(doc.ids()).items():
            if count > 1:
                yield f'id="{id_}" appears {count} times'

    assert problems_in_every_page(sample, check) == []


def test_aria_references_name_ids_on_the_page(sample: Built) -> None:
    def check(name, doc):
        ids = set(doc.ids())
        for element in doc.elements:
            for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
                for ref in (element.get(attribute) or "").split():
                    if ref not in ids:
                        yield f"<{element.tag} {attribute}={ref!r}> names no element"

    assert problems_in_every_page(sample, check) == []


def test_every_internal_link_and_fragment_lands(sample: Built) -> None:
    def check(name, doc):
        here = sample.url_of(name)
        for element in doc.elements:
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None or value.startswith("//"):
                    continue
                parts = urlsplit(urljoin(here, value))
                if urlsplit(value).scheme:
                    continue  # https:, mailto:, tel:
                target = sample.file_for(parts.path)
                if target is None:
                    yield f"<{element.tag} {attribute}={value!r}> goes to no file"
                elif (
                    parts.fragment
                    and target in sample.html
                    and unquote(parts.fragment) not in sample.html[target].ids()
                ):
                    yield f"<{element.tag} {attribute}={value!r}>: {target} has no such id"

    assert problems_in_every_page(sample, check) == []


def test_pages_need_no_inline_script_or_style(sample: Built) -> None:
    # The Content-Security-Policy in netlify.toml allows scripts and styles from files only.
    def check(name, doc):
        for element in doc.elements:
            if element.tag == "script" and not element.get("src"):
                yield "inline <script>"
            if element.tag == "style":
                yield "<style> element"
            if "style" in element.attrs:
                yield f"style attribute on <{element.tag}>"
            if any(attribute.startswith("on") for attribute in element.attrs):
                yield f"event handler attribute on <{element.tag}>"

    assert problems_in_every_page(sample, check) == []


def test_footer_links_to_the_accessibility_statement_and_personal_data_page(sample: Built) -> None:
    statement = sample.site.index.pages[sample.site.index.footer["accessibility_statement"]]
    privacy = sample.site.index.pages[sample.site.index.footer["privacy_page"]]
    assert statement.title == "Tillgänglighetsredogörelse"
    assert "personuppgifter" in privacy.title.lower()

    def check(name, doc):
        footer = [e for e in doc.find_all("a") if "footer" in e.parents]
        hrefs = {a.get("href"): a.text.strip() for a in footer}
        if not hrefs.get(statement.url):
            yield "no footer link to the accessibility statement"
        if not hrefs.get(privacy.url):
            yield "no footer link to the personal data page"
        if doc.find_all("html")[0].get("lang") == "sv" and (
            hrefs.get(statement.url) != "Tillgänglighetsredogörelse"
        ):
            yield "the accessibility statement link is not called Tillgänglighetsredogörelse"

    assert problems_in_every_page(sample, check) == []


# -- the site as a whole ---------------------------------------------------------------------


def test_has_at_least_40_content_pages(sample: Built) -> None:
    content_pages = [
        name for name in sample.html if name != "404.html" and not sample.is_redirect(name)
    ]
    assert len(content_pages) >= 40
    assert len(list(CONTENT.rglob("*.md"))) >= 40


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "a-o/index.html",
        "nyheter/index.html",
        "nyheter/feed.xml",
        "e-tjanster/index.html",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ],
)
def test_generated_file_exists(sample: Built, name: str) -> None:
    assert name in sample.files


def test_news_feed_is_atom_with_at_least_three_entries_newest_first(sample: Built) -> None:
    root = ET.parse(sample.out / "nyheter" / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) >= 3
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert sample.file_for(urlsplit(link).path), f"feed entry {link} goes to no page"
        assert entry.findtext(f"{ATOM}title").strip()


def test_news_page_lists_the_news_newest_first(sample: Built) -> None:
    doc = sample.html["nyheter/index.html"]
    dates = [t.get("datetime") for t in doc.find_all("time") if "li" in t.parents]
    assert len(dates) >= 3
    assert dates == sorted(dates, reverse=True)


def test_e_services_page_shows_the_e_service_steps_and_the_inventory_all_four(
    sample: Built,
) -> None:
    for page, steps in (
        ("e-tjanster/index.html", [2, 3, 4]),
        ("servicetrappan/index.html", [1, 2, 3, 4]),
    ):
        doc = sample.html[page]
        headings = [h.text for h in doc.find_all("h2") if (h.get("id") or "").startswith("steg-")]
        assert [int(h.split()[1]) for h in headings] == steps, page
        for step, heading in zip(steps, headings, strict=True):
            assert heading.startswith(f"Steg {step} av 4"), heading


def test_sitemap_lists_every_page_and_only_pages(sample: Built) -> None:
    root = ET.parse(sample.out / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [e.text for e in root.iter(f"{SITEMAP}loc")]
    base = sample.site.index.config.base_url
    assert all(loc.startswith(base + "/") for loc in locs)
    listed = {sample.file_for(urlsplit(loc).path) for loc in locs}
    pages = {n for n in sample.html if n != "404.html" and not sample.is_redirect(n)}
    assert listed == pages
    assert len(locs) == len(set(locs))


def test_robots_txt_names_the_sitemap(sample: Built) -> None:
    robots = (sample.out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {sample.site.index.config.base_url}/sitemap.xml" in robots


def test_404_page_is_not_indexed_and_links_home(sample: Built) -> None:
    doc = sample.html["404.html"]
    assert any(
        m.get("name") == "robots" and m.get("content") == "noindex" for m in doc.find_all("meta")
    )
    assert "/" in [a.get("href") for a in doc.find_all("a")]


def test_every_alias_has_a_redirect_page_to_an_existing_page(sample: Built) -> None:
    aliases = [alias for page in sample.site.index.pages.values() for alias in page.meta.aliases]
    assert aliases, "the sample content should show aliases in use"
    for alias in aliases:
        name = sample.file_for(
            alias if "." in alias.rsplit("/", 1)[-1] else alias.rstrip("/") + "/"
        )
        assert name is not None, f"no redirect page for alias {alias}"
        (refresh,) = [
            m for m in sample.html[name].find_all("meta") if m.get("http-equiv") == "refresh"
        ]
        delay, _, target = (refresh.get("content") or "").partition("; url=")
        assert delay == "0"
        target_file = sample.file_for(target)
        assert target_file is not None and not sample.is_redirect(target_file), alias


def test_a_to_o_lists_letters_in_swedish_order_with_a_ring_a_umlaut_o_umlaut_last(
    sample: Built,
) -> None:
    doc = sample.html["a-o/index.html"]
    letters = [
        h.text.strip() for h in doc.find_all("h2") if "az-group__letter" in (h.get("class") or "")
    ]
    assert letters[-3:] == ["Å", "Ä", "Ö"]
    assert "Z" not in letters or letters.index("Z") < letters.index("Å")
    ordinary = [letter for letter in letters if len(letter) == 1]
    assert ordinary == sorted(ordinary, key=swedish_key)


def test_a_to_o_sorts_titles_swedish_style_within_each_letter(sample: Built) -> None:
    groups: dict[str, list[str]] = {}
    current: list[str] | None = None
    for element in sample.html["a-o/index.html"].elements:
        if element.tag == "h2" and "az-group__letter" in (element.get("class") or ""):
            current = groups.setdefault(element.get("id") or "", [])
        elif element.tag == "footer":
            current = None
        elif element.tag == "a" and current is not None and "li" in element.parents:
            current.append(element.text.strip())
    assert sum(len(titles) for titles in groups.values()) >= 40
    for letter_id, titles in groups.items():
        assert titles == sorted(titles, key=swedish_key), letter_id
        initials = {swedish_key(t)[0] for t in titles}
        assert len(initials) == 1 or letter_id == "bokstav-siffror", (letter_id, titles)


def test_every_service_page_shows_its_step_on_the_service_ladder(sample: Built) -> None:
    services = [p for p in sample.site.index.pages.values() if p.meta.type == "service"]
    assert len(services) >= 5
    for page in services:
        doc = sample.page_for(page.url)
        box = [s for s in doc.find_all("section") if "service-info" in (s.get("class") or "")]
        assert len(box) == 1, page.url
        assert "Servicetrappan" in box[0].text
        assert f"Steg {page.meta.ladder_step} av 4" in box[0].text
        current = [li.text.strip() for li in doc.find_all("li") if li.get("aria-current") == "step"]
        assert len(current) == 1 and current[0].startswith(f"{page.meta.ladder_step}."), page.url


def test_pages_with_owner_or_reviewed_show_them(sample: Built) -> None:
    labels = {"sv": ("Sidansvarig", "Senast granskad"), "en": ("Page owner", "Last reviewed")}
    checked = 0
    for page in sample.site.index.pages.values():
        if not (page.meta.owner or page.meta.reviewed):
            continue
        owner_label, reviewed_label = labels[page.lang.split("-")[0]]
        doc = sample.page_for(page.url)
        rows = {
            dt.text.strip(): dd
            for dt, dd in zip(doc.find_all("dt"), doc.find_all("dd"), strict=True)
        }
        if page.meta.owner:
            assert rows[owner_label].text.strip() == page.meta.owner, page.url
        if page.meta.reviewed:
            assert reviewed_label in rows, page.url
            times = [t.get("datetime") for t in doc.find_all("time")]
            assert page.meta.reviewed.isoformat() in times, page.url
        checked += 1
    assert checked >= 10


def test_every_page_has_the_search_box_and_the_menu_button_in_its_header(sample: Built) -> None:
    """Issue 9, items 1 and 8: a search landmark in the header of every page (large on the
    home page), then the menu behind a Meny button that needs no JavaScript."""

    def check(name, doc):
        if sample.is_redirect(name):
            return
        searches = doc.find_all("form", role="search")
        if name == "sok/index.html":  # the search page's own large box stands for the header's
            if len(searches) != 1 or "header" in searches[0].parents:
                yield "the search page should have its own box, and not also the header's"
            return
        if len(searches) != 1:
            yield f"{len(searches)} search forms, expected the header's one"
            return
        (search,) = searches
        if "header" not in search.parents:
            yield "the search form is not in the <header>"
        if (search.get("action"), search.get("method")) != ("/api/search", "get"):
            yield f"the search form sends {search.get('method')} to {search.get('action')}"
        query = [e for e in doc.find_all("input", name="q") if "form" in e.parents]
        labels = [e.get("for") for e in doc.find_all("label")]
        if len(query) != 1 or query[0].get("id") not in labels:
            yield "the search field has no visible label"
        summaries = doc.find_all("summary")
        if [s.text.strip() for s in summaries] not in (["Meny"], ["Menu"]):
            yield f"menu button: {[s.text for s in summaries]}"
        elif "details" not in summaries[0].parents or "header" not in summaries[0].parents:
            yield "the menu button is not a <summary> in a <details> in the header"
        # Reading order: button, search, menu; on the home page the large search box last.
        home = name == "index.html"
        nav = doc.find_all("nav", id="meny")[0]
        parts = (summaries[0], nav, search) if home else (summaries[0], search, nav)
        order = [doc.elements.index(e) for e in parts]
        if order != sorted(order):
            yield "the header is not in reading order: " + ", ".join(e.tag for e in parts)
        if ("search-box--hero" in (search.get("class") or "")) != home:
            yield "the large search box is not the home page's alone"

    assert problems_in_every_page(sample, check) == []
    assert len([n for n in sample.html if not sample.is_redirect(n)]) > 20


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("/omsorg-och-stod/hemtjanst/sa-ansoker-du-om-hemtjanst/", "hemtjanst"),
        ("/kultur-och-fritid/kulturskola/", "kulturskola"),
        ("/bygga-bo-och-miljo/storningar-i-boendet/", "storningar"),
        ("/kommun-och-politik/allmanna-handlingar-och-diarium/", "allmanna-handlingar"),
        ("/barn-och-utbildning/modersmalsundervisning/", "modersmal"),
    ],
)
def test_a_service_that_says_fyll_i_formularet_shows_the_form(
    sample: Built, url: str, form: str
) -> None:
    """These five told residents to fill in a form that was not there (and were listed as
    e-services); each now has a real one."""
    html = (sample.out / sample.site.index.pages[url].output).read_text(encoding="utf-8")
    assert html.count('<section class="form-section"') == 1
    assert f'action="/api/forms/{form}"' in html


def test_the_sample_marks_phrases_in_another_language(sample: Built) -> None:
    """`[...]{lang=...}` in the sample content: a Finnish term on a Swedish page, Swedish
    names on the English page."""

    def html(url: str) -> str:
        return (sample.out / sample.site.index.pages[url].output).read_text(encoding="utf-8")

    sv_page = html("/barn-och-utbildning/modersmalsundervisning/")
    assert '<span lang="fi">äidinkielen opetus</span>' in sv_page
    en_page = html("/kommun-och-politik/about-exempelby-in-english/")
    assert '<span lang="sv">Kontaktcenter</span>' in en_page
    assert '<a href="https://www.skatteverket.se" lang="sv">Skatteverket</a>' in en_page
