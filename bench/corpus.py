#!/usr/bin/env python3
"""Generate one synthetic municipal site, the same pages for our builder, Hugo, Pelican and MkDocs.

    python bench/corpus.py 1000 /tmp/corpus [--seed 1] [--tools ours,hugo,pelican,mkdocs]

writes OUT/ours/content/, OUT/hugo/, OUT/pelican/ and OUT/mkdocs/. The same seed always gives
the same bytes. Every page has the same text for every tool; only the file layout, the
front matter and (for MkDocs) the link form differ:

- ours:    content/<Section name>/<Sub section>/<Title>.md, `_index.md` per folder, site.yml
- hugo:    content/<slug path>/<slug>.md, `_index.md` per section, minimal layouts (layouts/)
- pelican: pages and news as articles (category = top-level section, `Date:` is the news date
           or the reviewed date), sections as pages; each with `URL:`/`Save_as:` so the
           addresses are ours; the default theme
- mkdocs:  docs/<slug path>/<slug>.md, `index.md` per section, Material theme, automatic nav;
           links are relative .md paths (how MkDocs resolves and checks them)

Internal links are written as our site URLs (`/sektion/sida/`, sometimes with `#rubrik`);
every tool's output keeps the same URL for the same page, so they resolve everywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import math
import posixpath
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("ours", "hugo", "pelican", "mkdocs")
PAGE_WORDS = 775  # a regular page's body, on average
SECTION_WORDS = 250  # a section's or the home page's introduction

TOP_SECTIONS = [
    ("Barn och utbildning", "Barn- och utbildningsförvaltningen"),
    ("Omsorg och stöd", "Socialförvaltningen"),
    ("Bygga, bo och miljö", "Samhällsbyggnadsförvaltningen"),
    ("Trafik och gator", "Tekniska förvaltningen"),
    ("Kultur och fritid", "Kultur- och fritidsförvaltningen"),
    ("Näringsliv och arbete", "Näringslivskontoret"),
    ("Kommun och politik", "Kommunledningsförvaltningen"),
]
NEWS_SECTION = ("Nyheter", "Kommunikationsavdelningen")

# Nouns for titles and sections: things a municipality does.
TOPICS = [
    t.strip()
    for t in [
        "förskola",
        " fritidshem",
        " grundskola",
        " gymnasieskola",
        " vuxenutbildning",
        " skolskjuts",
        "\n    modersmål",
        " elevhälsa",
        " skolmat",
        " hemtjänst",
        " äldreboende",
        " färdtjänst",
        " bostadsanpassning",
        "\n    ekonomiskt bistånd",
        " anhörigstöd",
        " budget- och skuldrådgivning",
        " missbruksvård",
        " familjerätt",
        "\n    bygglov",
        " rivningslov",
        " strandskydd",
        " enskilt avlopp",
        " avfall",
        " återvinning",
        " sophämtning",
        "\n    detaljplan",
        " översiktsplan",
        " kartor",
        " lantmäteri",
        " energirådgivning",
        " livsmedelskontroll",
        "\n    miljötillsyn",
        " buller",
        " radon",
        " parkering",
        " parkeringstillstånd",
        " felanmälan",
        " gatubelysning",
        "\n    snöröjning",
        " cykelvägar",
        " kollektivtrafik",
        " vägarbeten",
        " trafiksäkerhet",
        " bibliotek",
        "\n    kulturskola",
        " idrottshallar",
        " simhall",
        " föreningsbidrag",
        " fritidsgårdar",
        " evenemang",
        " konsthall",
        "\n    museum",
        " friluftsliv",
        " badplatser",
        " motionsspår",
        " serveringstillstånd",
        " upphandling",
        "\n    företagsrådgivning",
        " lediga jobb",
        " feriearbete",
        " arbetsmarknadsinsatser",
        " turism",
        "\n    kommunfullmäktige",
        " kommunstyrelsen",
        " nämnder",
        " protokoll",
        " medborgarförslag",
        "\n    allmänna handlingar",
        " val och röstning",
        " krisberedskap",
        " överförmyndare",
        " vigsel",
        " tolkservice",
        "\n    visselblåsning",
        " bredband",
        " vatten och avlopp",
        " dricksvatten",
        " dagvatten",
        " skadedjur",
        " hundar",
        "\n    torghandel",
        " alkoholtillstånd",
        " tobakstillstånd",
        " lotteritillstånd",
    ]
]
QUALIFIERS = """för privatpersoner|för företag|för föreningar|i centrum|på landsbygden|för äldre|
för barn och unga|för nyanlända|vid flytt|under sommaren|under vintern|i Norrby|i Söderås|
i Västerhamn|i Östermark|i Åby|i Älvdalen|i Lillsjö|för studenter|för pensionärer|
för hyresgäster|för fastighetsägare|vid nybyggnad|vid renovering|för skolor""".replace(
    "\n", ""
).split("|")
TITLE_PATTERNS = [
    "{Topic}",
    "{Topic} {qual}",
    "Ansök om {topic}",
    "Ansök om {topic} {qual}",
    "Avgifter för {topic}",
    "Regler för {topic} {qual}",
    "Så fungerar {topic}",
    "Frågor och svar om {topic}",
    "Stöd till {topic} {qual}",
    "Tillstånd för {topic}",
    "Information om {topic} {qual}",
    "Kontakt för {topic}",
]
NEWS_PATTERNS = [
    "Nya öppettider för {topic} {qual}",
    "Kommunen utreder {topic} {qual}",
    "Samråd om {topic} {qual}",
    "Ändrade avgifter för {topic}",
    "Beslut om {topic} {qual}",
    "Förändringar inom {topic} {qual}",
    "Nu kan du ansöka om {topic} digitalt",
]
HEADINGS = [
    "Så ansöker du",
    "Vem kan få stöd",
    "Vad kostar det",
    "Handläggningstid",
    "Regler och villkor",
    "Om du vill överklaga",
    "Dokument och blanketter",
    "Öppettider och adresser",
    "Frågor och svar",
    "Det här behöver du veta",
    "Så går det till",
    "Ditt ansvar",
    "Kommunens ansvar",
    "Avgifter och betalning",
    "Tider och datum",
    "Tillgänglighet",
    "Personuppgifter",
    "Vanliga frågor",
    "Bakgrund",
    "Kontakta oss",
]
SUBHEADINGS = [
    "För privatpersoner",
    "För företag",
    "Innan du börjar",
    "Efter beslutet",
    "Om något ändras",
    "Undantag",
    "Exempel",
    "Om du har frågor",
]

# Vocabulary for sentences. Templates give the prose a municipal rhythm; the random fill
# keeps every page different.
SUBJECTS = """du|kommunen|handläggaren|nämnden|förvaltningen|vi|den som ansöker|
vårdnadshavaren|fastighetsägaren|företaget|föreningen|kontaktcenter|länsstyrelsen|
verksamheten|den enskilde""".replace("\n", "").split("|")
VERBS = """ansöker om|betalar för|får information om|kan få|behöver|ansvarar för|prövar|
beslutar om|skickar in|kontrollerar|planerar|följer upp|erbjuder|handlägger|utreder|
tar emot|lämnar synpunkter på|bokar|ändrar|avslutar""".replace("\n", "").split("|")
OBJECTS = """en ansökan|ett beslut|en avgift|ett intyg|en blankett|ett yttrande|en plats|
ett tillstånd|en utredning|ett möte|en bedömning|ett besked|en kopia|en handling|
ett avtal|en tid|en plan|ett bidrag|en rapport|en anmälan""".replace("\n", "").split("|")
ADVERBIALS = """i e-tjänsten|inom fyra veckor|på kommunens webbplats|hos kontaktcenter|
varje år|före den sista mars|i god tid|efter att ansökan är komplett|med BankID|
per post|i kommunhuset|under vardagar|enligt taxan|när beslutet har vunnit laga kraft|
om det behövs|så snart som möjligt|i samråd med verksamheten|utan kostnad|
enligt socialtjänstlagen|enligt plan- och bygglagen""".replace("\n", "").split("|")
CLAUSES = """om du har frågor|när du har fått beslutet|innan du börjar|om något saknas|
om du vill ändra något|när handläggningen är klar|om du är osäker|
om ansökan gäller ett företag|när du flyttar|om du har skyddade personuppgifter""".replace(
    "\n", ""
).split("|")
FILLER = [
    "och",
    "eller",
    "men",
    "även",
    "också",
    "alltid",
    "ofta",
    "normalt",
    "därför",
    "dessutom",
    "sedan",
    "först",
    "slutligen",
    "samtidigt",
    "vanligtvis",
]
SENTENCES = [
    "{Subject} {verb} {object} {adverbial}.",
    "{Clause} {vfirst} {subject} {vrest}{object} {adverbial}.",
    "{Subject} {verb} {object}, {filler} {subject2} {verb2} {object2} {adverbial}.",
    "Det är {subject} som {verb} {object} {adverbial}.",
    "{Subject} {verb} {object} {adverbial}, {clause}.",
    "Tänk på att {subject} {verb} {object} {adverbial}.",
    "Enligt reglerna {vfirst} {subject} {vrest}{object} {adverbial}.",
]
LIST_ITEMS = [
    "ditt namn och personnummer",
    "en beskrivning av vad du ansöker om",
    "kopior av intyg och beslut",
    "uppgifter om inkomst",
    "en karta eller ritning",
    "fullmakt om någon annan ansöker åt dig",
    "kontaktuppgifter till handläggaren",
    "uppgifter om fastigheten",
    "ett läkarintyg om det behövs",
    "bankuppgifter för utbetalning",
    "organisationsnummer för företaget",
    "protokoll från föreningens årsmöte",
]
STEPS = [
    "Läs igenom reglerna och kontrollera att du uppfyller villkoren.",
    "Logga in i e-tjänsten med BankID eller hämta blanketten.",
    "Fyll i ansökan och bifoga de handlingar som behövs.",
    "Skicka in ansökan och spara referensnumret.",
    "Vänta på besked; handläggaren kontaktar dig om något saknas.",
    "Läs beslutet och hör av dig om du har frågor.",
    "Betala avgiften när du har fått fakturan.",
]
LINK_LEADS = [
    "Se även sidan om",
    "Mer information finns på sidan",
    "Det kan också vara bra att läsa om",
    "Du hittar fler uppgifter under",
    "Relaterat innehåll finns i",
]
TABLE_ROWS = [
    "Ansökan",
    "Handläggning",
    "Tillstånd",
    "Förlängning",
    "Tillsyn per timme",
    "Intyg",
    "Ändring av beslut",
    "Påminnelse",
]


def slugify(text: str) -> str:
    """Our builder's URL segment (sitebuilder/slugs.py), restated so the bench stands alone."""
    special = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})
    text = unicodedata.normalize("NFKC", text).lower().translate(special)
    text = "".join(
        ch if ch.isascii() else "-"
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch)
    )
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass
class Page:
    folder: tuple[str, ...]  # folder names as an editor writes them, from content/
    title: str
    kind: str  # "home", "section" or "page"
    type: str  # "page", "service" or "news"
    description: str
    owner: str
    reviewed: dt.date
    date: dt.date | None = None
    ladder_step: int | None = None
    weight: int = 0
    headings: list[str] = field(default_factory=list)
    body: str = ""  # Markdown; internal links as site URLs
    name: str = ""  # the file name, from the first title: a later title edit keeps the URL

    def __post_init__(self) -> None:
        self.name = self.name or self.title

    @property
    def file_stem(self) -> str:
        return "_index" if self.kind != "page" else self.name

    @property
    def slug_folder(self) -> tuple[str, ...]:
        return tuple(slugify(f) for f in self.folder)

    @functools.cached_property
    def url(self) -> str:
        parts = list(self.slug_folder)
        if self.kind == "page":
            parts.append(slugify(self.name))
        return "/" + "".join(p + "/" for p in parts)

    def heading_id(self, text: str) -> str:
        return slugify(text)


@dataclass
class Corpus:
    seed: int
    pages: list[Page]

    def by_url(self) -> dict[str, Page]:
        return {p.url: p for p in self.pages}

    def typical_page(self) -> Page:
        """The page the page-weight check loads: a plain information page in a subsection."""
        for p in self.pages:
            if p.kind == "page" and p.type == "page" and len(p.folder) >= 2 and "|" not in p.body:
                return p
        return next(p for p in self.pages if p.kind == "page")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _layout(n: int) -> int:
    """Depth of nesting: m subsections per top section and m sub-subsections per subsection."""
    folders_wanted = max(1, n / 25)
    return max(1, round(math.sqrt(folders_wanted / len(TOP_SECTIONS))))


def generate(n: int, seed: int = 1) -> Corpus:
    """``n`` Markdown files in all: home, section landing pages, pages and news."""
    rng = random.Random(seed)
    m = _layout(n)
    folders: list[tuple[tuple[str, ...], str]] = []  # (folder path, owner)
    for name, owner in TOP_SECTIONS:
        folders.append(((name,), owner))
        used = set()
        for _ in range(m):
            sub = _unique_name(rng, used)
            folders.append(((name, sub), owner))
            used2: set[str] = set()
            for _ in range(m - 1):
                subsub = _unique_name(rng, used2)
                folders.append(((name, sub, subsub), owner))
    folders.append(((NEWS_SECTION[0],), NEWS_SECTION[1]))

    pages: list[Page] = []
    taken_urls: set[str] = set()
    home = Page(
        (),
        "Välkommen till Exempelby kommun",
        "home",
        "page",
        "Information och e-tjänster från Exempelby kommun om skola, omsorg, bygglov, trafik och kultur.",
        "Kommunledningsförvaltningen",
        dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300)),
    )
    pages.append(home)
    for i, (folder, owner) in enumerate(folders):
        pages.append(
            Page(
                folder,
                folder[-1],
                "section",
                "page",
                _description(rng, folder[-1]),
                owner,
                dt.date(2025, 6, 1) + dt.timedelta(days=rng.randrange(500)),
                weight=10 * (i + 1) if len(folder) == 1 else 0,
            )
        )
    taken_urls.update(p.url for p in pages)
    regular = n - len(pages)
    if regular < 1:
        raise SystemExit(f"{n} pages is too few: the sections alone take {len(pages)}")
    content_folders = [f for f in folders if f[0][0] != NEWS_SECTION[0]]
    news_count = regular // 10
    for i in range(regular):
        is_news = i < news_count
        if is_news:
            folder, owner = (NEWS_SECTION[0],), NEWS_SECTION[1]
        else:
            folder, owner = content_folders[(i - news_count) % len(content_folders)]
        while True:
            title = _title(rng, NEWS_PATTERNS if is_news else TITLE_PATTERNS)
            page = Page(folder, title, "page", "page", "", owner, dt.date(2025, 1, 1))
            if page.url not in taken_urls and slugify(title):
                break
        taken_urls.add(page.url)
        page.description = _description(rng, title)
        page.reviewed = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        if is_news:
            page.type = "news"
            page.date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        elif rng.random() < 0.2:
            page.type = "service"
            # Step 2 needs a form the corpus does not have (the build refuses it without one);
            # drawn as before and made step 1, so the rest of the corpus stays the same.
            page.ladder_step = rng.randint(1, 4)
            if page.ladder_step == 2:
                page.ladder_step = 1
        pages.append(page)

    for p in pages:
        count = rng.randint(3, 6) if p.kind == "page" else rng.randint(2, 3)
        p.headings = rng.sample(HEADINGS, count)
    for index, p in enumerate(pages):
        p.body = _body(rng, index, pages, with_table=index % 5 == 3)
    return Corpus(seed, pages)


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = _cap(rng.choice(TOPICS))
        if rng.random() < 0.3:
            name += " " + rng.choice(QUALIFIERS)
        if name not in used:
            used.add(name)
            return name


def _title(rng: random.Random, patterns: list[str]) -> str:
    topic = rng.choice(TOPICS)
    text = rng.choice(patterns).format(topic=topic, Topic=_cap(topic), qual=rng.choice(QUALIFIERS))
    return text


def _description(rng: random.Random, title: str) -> str:
    return f"{title}: {_sentence(rng)}"[:280]


def _sentence(rng: random.Random) -> str:
    subject, subject2 = rng.choice(SUBJECTS), rng.choice(SUBJECTS)
    verb, verb2 = rng.choice(VERBS), rng.choice(VERBS)
    first, _, rest = verb.partition(" ")
    text = rng.choice(SENTENCES).format(
        Subject=_cap(subject),
        subject=subject,
        subject2=subject2,
        verb=verb,
        verb2=verb2,
        vfirst=first,
        vrest=rest + " " if rest else "",
        object=rng.choice(OBJECTS),
        object2=rng.choice(OBJECTS),
        adverbial=rng.choice(ADVERBIALS),
        clause=rng.choice(CLAUSES),
        Clause=_cap(rng.choice(CLAUSES)),
        filler=rng.choice(FILLER),
    )
    return re.sub(r"\s+", " ", text)


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _words(text: str) -> int:
    return len(text.split())


def _body(rng: random.Random, own: int, pages: list[Page], with_table: bool) -> str:
    page = pages[own]
    target = PAGE_WORDS if page.kind == "page" else SECTION_WORDS
    target = int(target * rng.uniform(0.85, 1.15))
    link_count = rng.randint(3, 6)
    picks = rng.sample(range(len(pages) - 1), link_count)
    links = [pages[i + (i >= own)] for i in picks]  # any page but this one
    blocks: list[str] = [_paragraph(rng, rng.randint(3, 5))]
    # Where each link goes: spread over the sections.
    link_slots = [rng.randrange(len(page.headings)) for _ in links]
    words = _words(blocks[0])
    per_section = max(60, (target - words) // len(page.headings))
    for h_index, heading in enumerate(page.headings):
        blocks.append(f"## {heading}")
        section_words = 0
        kinds = ["p"]
        if h_index == 0:
            kinds.append("ol")
        elif h_index == 1:
            kinds.append("ul")
        if with_table and h_index == len(page.headings) - 1:
            kinds.append("table")
        if page.kind == "page" and h_index == 1:
            kinds.append("h3")
        rng.shuffle(kinds)
        for kind in kinds:
            if kind == "p":
                block = _paragraph(rng, rng.randint(2, 4))
            elif kind == "ul":
                items = rng.sample(LIST_ITEMS, rng.randint(3, 6))
                block = "Du behöver\n\n" + "\n".join(f"- {item}" for item in items)
            elif kind == "ol":
                steps = STEPS[: rng.randint(3, 6)]
                block = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
            elif kind == "table":
                rows = rng.sample(TABLE_ROWS, rng.randint(3, 6))
                lines = ["| Ärende | Avgift | Handläggningstid |", "| --- | --- | --- |"]
                for row in rows:
                    fee = rng.randrange(5, 120) * 100
                    lines.append(f"| {row} | {fee} kronor | {rng.randint(1, 12)} veckor |")
                block = "\n".join(lines)
            else:  # h3 with a paragraph
                block = f"### {rng.choice(SUBHEADINGS)}\n\n{_paragraph(rng, rng.randint(2, 4))}"
            blocks.append(block)
            section_words += _words(block)
        for slot, target_page in zip(link_slots, links, strict=True):
            if slot == h_index:
                href = target_page.url
                if target_page.headings and rng.random() < 0.3:
                    href += "#" + target_page.heading_id(target_page.headings[0])
                blocks.append(f"{rng.choice(LINK_LEADS)} [{target_page.title}]({href}).")
        while section_words < per_section - 26:
            block = _paragraph(rng, rng.randint(2, 3))
            blocks.append(block)
            section_words += _words(block)
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------- writers


SITE_YML = """\
name: Exempelby kommun
base_url: https://www.exempelby.example
language: sv
contact:
  address: Exempelvägen 1, 000 00 Exempelby
  phone: 08-465 004 00
  email: kontakt@exempelby.example
  hours: Vardagar 8–16
colours:
  primary: "#1d5c8a"
  primary_text: "#ffffff"
  text: "#1b1b1b"
  focus: "#ffbf47"
review_interval_months: 12
nav:
{nav}"""


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ours_path(page: Page) -> str:
    return "/".join([*page.folder, page.file_stem + ".md"])


def ours_file(page: Page) -> str:
    lines = [
        "---",
        f"title: {_yaml_str(page.title)}",
        f"description: {_yaml_str(page.description)}",
    ]
    if page.type != "page":
        lines.append(f"type: {page.type}")
    if page.ladder_step:
        lines.append(f"ladder_step: {page.ladder_step}")
    if page.ladder_step in (3, 4):  # e-legitimation: the build requires another way
        lines.append('alternatives: [{kind: phone, text: "Ring kontaktcenter på 08-465 004 00."}]')
    if page.date:
        lines.append(f"date: {page.date.isoformat()}")
    if page.weight:
        lines.append(f"weight: {page.weight}")
    lines += [f"owner: {page.owner}", f"reviewed: {page.reviewed.isoformat()}", "---", ""]
    return "\n".join(lines) + page.body


def hugo_path(page: Page) -> str:
    parts = list(page.slug_folder)
    name = "_index.md" if page.kind != "page" else slugify(page.name) + ".md"
    return "content/" + "/".join([*parts, name])


def hugo_file(page: Page) -> str:
    lines = [
        "---",
        f"title: {_yaml_str(page.title)}",
        f"description: {_yaml_str(page.description)}",
    ]
    if page.date:
        lines.append(f"date: {page.date.isoformat()}")
    if page.weight:
        lines.append(f"weight: {page.weight}")
    lines.append("params:")
    lines.append(f"  pagetype: {page.type}")  # `type` means a layout in Hugo
    if page.ladder_step:
        lines.append(f"  ladder_step: {page.ladder_step}")
    lines += [f"  owner: {page.owner}", f"  reviewed: {page.reviewed.isoformat()}", "---", ""]
    return "\n".join(lines) + page.body


def pelican_path(page: Page) -> str:
    parts = list(page.slug_folder)
    if page.kind != "page":
        return "content/pages/" + "/".join([*parts, "index.md"])
    return "content/articles/" + "/".join([*parts, slugify(page.name) + ".md"])


def pelican_file(page: Page) -> str:
    url = page.url.lstrip("/")
    if page.kind == "home":
        url = "start/"  # Pelican's own index.html lists the articles
    lines = [
        f"Title: {page.title}",
        f"Summary: {page.description}",
        f"Slug: {page.url.strip('/').replace('/', '--') or 'start'}",
        f"URL: {url}",
        f"Save_as: {url}index.html",
    ]
    if page.kind == "page":
        lines.append(f"Date: {(page.date or page.reviewed).isoformat()}")
        lines.append(f"Category: {page.folder[0]}")
    lines += [f"Owner: {page.owner}", f"Reviewed: {page.reviewed.isoformat()}"]
    if page.ladder_step:
        lines.append(f"Ladder_step: {page.ladder_step}")
    return "\n".join(lines) + "\n\n" + page.body


def mkdocs_path(page: Page) -> str:
    parts = list(page.slug_folder)
    name = "index.md" if page.kind != "page" else slugify(page.name) + ".md"
    return "docs/" + "/".join([*parts, name])


def _mkdocs_links(page: Page, body: str, files: dict[str, str]) -> str:
    here = posixpath.dirname(mkdocs_path(page))

    def rewrite(match: re.Match[str]) -> str:
        url, frag = match.group(2), match.group(3) or ""
        target = files[url]
        rel = posixpath.relpath(target, here)
        return f"[{match.group(1)}]({rel}{frag})"

    return re.sub(r"\[([^\]]+)\]\((/[^)#]*)(#[^)]*)?\)", rewrite, body)


def mkdocs_file(page: Page, files: dict[str, str]) -> str:
    lines = [
        "---",
        f"title: {_yaml_str(page.title)}",
        f"description: {_yaml_str(page.description)}",
        f"pagetype: {page.type}",
    ]
    if page.date:
        lines.append(f"date: {page.date.isoformat()}")
    if page.ladder_step:
        lines.append(f"ladder_step: {page.ladder_step}")
    lines += [f"owner: {page.owner}", f"reviewed: {page.reviewed.isoformat()}", "---", ""]
    return "\n".join(lines) + _mkdocs_links(page, page.body, files)


HUGO_CONFIG = """\
baseURL = "https://www.exempelby.example/"
languageCode = "sv"
defaultContentLanguage = "sv"
title = "Exempelby kommun"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true

[params]
phone = "08-465 004 00"
email = "kontakt@exempelby.example"
address = "Exempelvägen 1, 000 00 Exempelby"

[markup.goldmark.parser]
autoHeadingIDType = "github-ascii"
"""

# Minimal layouts with the same structure as our theme: skip link, header with the main menu,
# breadcrumbs, h1, text, the section's pages with descriptions, page meta, footer; the same
# stylesheet (our theme's site.css, copied to static/).
HUGO_BASEOF = """\
<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#main">Till huvudinnehållet</a>
<header class="site-header" id="sidhuvud">
  <div class="container site-header__inner">
    <a class="site-header__name" href="/"><span>{{ site.Title }}</span></a>
    <nav class="main-nav" id="meny" aria-label="Huvudmeny">
      <ul class="main-nav__list">
      {{- $current := . }}
      {{- range site.Home.Sections.ByWeight }}
        <li><a href="{{ .RelPermalink }}"{{ if $current.IsDescendant . }} aria-current="true"{{ end }}>{{ .Title }}</a></li>
      {{- end }}
      </ul>
    </nav>
  </div>
</header>
<div class="container page">
{{- if not .IsHome }}
<nav class="breadcrumbs" id="brodsmulor" aria-label="Du är här">
  <ol class="breadcrumbs__list">
  {{- range .Ancestors.Reverse }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
  {{- end }}
  </ol>
</nav>
{{- end }}
<main class="main" id="main" tabindex="-1">
<h1>{{ .Title }}</h1>
{{- if eq .Params.pagetype "news" }}
<p class="published">Publicerad <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{- end }}
<div class="prose">
{{ .Content }}
</div>
{{ block "main" . }}{{ end }}
<dl class="page-meta">
  <div><dt>Senast granskad</dt><dd><time datetime="{{ .Params.reviewed }}">{{ .Params.reviewed }}</time></dd></div>
  <div><dt>Sidansvarig</dt><dd>{{ .Params.owner }}</dd></div>
</dl>
</main>
</div>
<footer class="site-footer" id="sidfot">
  <div class="container">
    <h2 id="sidfot-kontakt">{{ site.Title }}</h2>
    <p>{{ site.Params.address }}<br>Telefon {{ site.Params.phone }}<br>{{ site.Params.email }}</p>
  </div>
</footer>
</body>
</html>
"""
HUGO_SINGLE = """\
{{ define "main" }}{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}
{{- with .Pages.ByWeight }}
<ul class="card-list">
{{- range . }}
  <li class="card-list__item"><h2 class="card-list__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Description }}</p></li>
{{- end }}
</ul>
{{- end }}
{{ end }}
"""

PELICAN_CONF = """\
# Pelican settings for the benchmark corpus: defaults wherever the corpus allows.
AUTHOR = "Exempelby kommun"
SITENAME = "Exempelby kommun"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
DEFAULT_PAGINATION = 10
# 200 section pages in the menu of every page would make the default theme quadratic.
DISPLAY_PAGES_ON_MENU = False
"""

MKDOCS_YML = """\
site_name: Exempelby kommun
site_url: https://www.exempelby.example/
theme:
  name: material
  language: sv
"""


def write(corpus: Corpus, out: Path, tools: tuple[str, ...] = TOOLS) -> None:
    """Write the corpus for each tool under ``out/<tool>/``, replacing what was there."""
    for tool in tools:
        target = out / tool
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        WRITERS[tool](corpus, target)


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_ours(corpus: Corpus, target: Path) -> None:
    content = target / "content"
    nav = "".join(f"  - {name}\n" for name, _ in [*TOP_SECTIONS, NEWS_SECTION])
    _put(content / "site.yml", SITE_YML.format(nav=nav))
    for page in corpus.pages:
        _put(content / ours_path(page), ours_file(page))


def write_hugo(corpus: Corpus, target: Path) -> None:
    _put(target / "hugo.toml", HUGO_CONFIG)
    layouts = target / "layouts"
    _put(layouts / "baseof.html", HUGO_BASEOF)
    _put(layouts / "single.html", HUGO_SINGLE)
    _put(layouts / "list.html", HUGO_LIST)
    static = target / "static" / "assets"
    static.mkdir(parents=True)
    shutil.copyfile(REPO / "theme" / "static" / "site.css", static / "site.css")
    shutil.copyfile(REPO / "theme" / "static" / "favicon.svg", static / "favicon.svg")
    for page in corpus.pages:
        _put(target / hugo_path(page), hugo_file(page))


def write_pelican(corpus: Corpus, target: Path) -> None:
    _put(target / "pelicanconf.py", PELICAN_CONF)
    for page in corpus.pages:
        _put(target / pelican_path(page), pelican_file(page))


def write_mkdocs(corpus: Corpus, target: Path) -> None:
    _put(target / "mkdocs.yml", MKDOCS_YML)
    files = {p.url: mkdocs_path(p) for p in corpus.pages}
    for page in corpus.pages:
        _put(target / mkdocs_path(page), mkdocs_file(page, files))


WRITERS = {"ours": write_ours, "hugo": write_hugo, "pelican": write_pelican, "mkdocs": write_mkdocs}


def source_file(tool: str, page: Page, corpus: Corpus) -> tuple[str, str]:
    """(path relative to the tool's folder, text) of one page: used to apply edits."""
    if tool == "ours":
        return "content/" + ours_path(page), ours_file(page)
    if tool == "hugo":
        return hugo_path(page), hugo_file(page)
    if tool == "pelican":
        return pelican_path(page), pelican_file(page)
    files = {p.url: mkdocs_path(p) for p in corpus.pages}
    return mkdocs_path(page), mkdocs_file(page, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", type=int, help="Markdown files in all (home and sections count)")
    parser.add_argument("out", type=Path, help="folder for ours/, hugo/, pelican/, mkdocs/")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset")
    args = parser.parse_args(argv)
    tools = tuple(t for t in args.tools.split(",") if t)
    unknown = set(tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    corpus = generate(args.pages, args.seed)
    write(corpus, args.out, tools)
    words = sum(_words(p.body) for p in corpus.pages if p.kind == "page") / max(
        1, sum(p.kind == "page" for p in corpus.pages)
    )
    print(
        f"{len(corpus.pages)} pages ({sum(p.kind == 'section' for p in corpus.pages)} sections, "
        f"{sum(p.type == 'news' for p in corpus.pages)} news, "
        f"{sum(p.type == 'service' for p in corpus.pages)} services; {words:.0f} words a page) "
        f"for {', '.join(tools)} in {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
