"""The relevance table: queries on the sample content and the page each must bring to the top 3.

Data only, so the same table runs against the engine (test_relevance.py), over HTTP without
JavaScript and in Chromium with it (the web layer's tests import it from this folder:
``from relevance_cases import CASES``). ``url`` is the page's site path; a case with
``anchor`` also wants the hit to link to that heading. ``rule`` names the rule of issue 9
(item 3) or the kind of tuning (item 4) the case proves, so every rule has cases.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    query: str
    url: str  # must be among the first 3 hits
    rule: str
    reason: str
    anchor: str | None = None  # the heading the hit must link to
    first: bool = False  # must be the first hit, not just in the top 3
    lang: str = "sv"


BYGGLOV = "/bygga-bo-och-miljo/bygglov/"
FORSKOLA = "/barn-och-utbildning/forskola/"
FORSKOLA_AVGIFT = "/barn-och-utbildning/avgifter-for-forskola-och-fritidshem/"
HEMTJANST = "/omsorg-och-stod/hemtjanst/"
BISTAND = "/omsorg-och-stod/ekonomiskt-bistand/"
AVFALL = "/bygga-bo-och-miljo/avfall-och-atervinning/"
AVC = "/bygga-bo-och-miljo/atervinningscentraler/"
P_TILLSTAND = "/trafik-och-gator/parkeringstillstand-for-rorelsehindrade/"
PARKERING = "/trafik-och-gator/parkering/"
SNO = "/trafik-och-gator/snorojning-och-halkbekampning/"
FELANMALAN = "/trafik-och-gator/felanmalan-gata-park-och-belysning/"
SARSKILT = "/omsorg-och-stod/sarskilt-boende/"
FARDTJANST = "/omsorg-och-stod/fardtjanst/"
VALD = "/omsorg-och-stod/stod-vid-vald-i-nara-relationer/"
OVERFORMYNDARE = "/omsorg-och-stod/overformyndare/"
SERVERING = "/naringsliv-och-arbete/serveringstillstand/"
JOBB = "/naringsliv-och-arbete/lediga-jobb/"
BIBLIOTEK = "/kultur-och-fritid/bibliotek/"

CASES: tuple[Case, ...] = (
    # Inflections: the Swedish stemmer meets every form of a word.
    Case("bygglovet", BYGGLOV, "inflection", "definite form of the title word", first=True),
    Case("förskolor", FORSKOLA, "inflection", "plural of the title word", first=True),
    Case("förskolan", FORSKOLA, "inflection", "definite -an, which Snowball leaves alone"),
    Case("avgifterna", FORSKOLA_AVGIFT, "inflection", "definite plural of avgift"),
    Case("ansökan bygglov", BYGGLOV, "inflection", "ansökan meets ansöker, ansök"),
    Case("återvinningscentralen", AVC, "inflection", "definite singular of the title's plural"),
    # Diacritics forgiven.
    Case("hemtjanst", HEMTJANST, "diacritics", "typed without ä", first=True),
    Case("fardtjanst", FARDTJANST, "diacritics", "typed without ä", first=True),
    Case("overformyndare", OVERFORMYNDARE, "diacritics", "typed without Ö"),
    Case("sarskilt boende", SARSKILT, "diacritics", "typed without ä, two words"),
    # Compounds: a part finds the whole, at either end; a compound query finds its parts.
    Case("parkering", P_TILLSTAND, "compound-head", "first part of Parkeringstillstånd"),
    Case("tillstånd", SERVERING, "compound-tail", "last part of Serveringstillstånd"),
    Case("halka", SNO, "compound-tail", "halk- in halkbekämpning, inflected"),
    Case("avgift förskola", FORSKOLA_AVGIFT, "compound-query", "Avgifter för förskola ..."),
    Case("bygglovsansökan", BYGGLOV, "compound-query", "bygglov + s + ansökan", first=True),
    Case("förskoleavgift", FORSKOLA_AVGIFT, "compound-query", "förskol(a) + e + avgift"),
    Case(
        "hemtjänstavgift",
        "/omsorg-och-stod/hemtjanst/avgifter-for-hemtjanst/",
        "compound-query",
        "hemtjänst + avgift, no linking letter",
    ),
    Case("parkeringsavgift", PARKERING, "compound-query", "parkering + s + avgift"),
    # Title outranks body; a service outranks news on equal terms.
    Case(
        "bibliotek",
        BIBLIOTEK,
        "title-over-body",
        "the news item about the library is below",
        first=True,
    ),
    Case("snöröjning", SNO, "title-over-body", "the news item on the season is below", first=True),
    Case("park", FELANMALAN, "service-over-news", "a service and a news item share the word"),
    Case(
        "felanmälan", FELANMALAN, "service-over-news", "the service, not the news item", first=True
    ),
    # Deep links to the heading that answers the query.
    Case(
        "ansöka om bygglov",
        BYGGLOV,
        "deep-link",
        "the answer is under Så ansöker du",
        anchor="sa-ansoker-du",
    ),
    Case(
        "bygglov handläggningstid",
        BYGGLOV,
        "deep-link",
        "a heading of its own",
        anchor="handlaggningstid",
    ),
    Case(
        "startbesked",
        BYGGLOV,
        "deep-link",
        "only a heading of Bygglov holds it",
        anchor="startbesked",
    ),
    # Best bets from content/search.yml come first.
    Case("bygglov", BYGGLOV, "best-bet", "pinned in search.yml", first=True),
    Case("kontakt", "/kommun-och-politik/kontakta-kommunen/", "best-bet", "pinned", first=True),
    Case("e-tjänster", "/e-tjanster/", "best-bet", "pinned (the catalogue)", first=True),
    # Synonyms from content/search.yml: one word -> one word.
    Case("dagis", FORSKOLA, "synonym-word", "dagis: förskola", first=True),
    Case("hemhjälp", HEMTJANST, "synonym-word", "hemhjälp: hemtjänst"),
    Case("plogning", SNO, "synonym-word", "plogning: snöröjning"),
    Case(
        "musikskola", "/kultur-och-fritid/kulturskola/", "synonym-word", "musikskola: kulturskola"
    ),
    Case("krogtillstånd", SERVERING, "synonym-word", "krogtillstånd: serveringstillstånd"),
    Case("cookies", "/om-webbplatsen/om-kakor/", "synonym-word", "cookies: kakor"),
    # One word -> an official phrase.
    Case("socialbidrag", BISTAND, "synonym-phrase", "socialbidrag: ekonomiskt bistånd", first=True),
    Case("äldreboende", SARSKILT, "synonym-phrase", "äldreboende: särskilt boende"),
    Case("jobb", JOBB, "synonym-phrase", "jobb: lediga jobb", first=True),
    Case(
        "diariet",
        "/kommun-och-politik/allmanna-handlingar-och-diarium/",
        "synonym-phrase",
        "diariet: allmänna handlingar",
    ),
    # One word -> several answers (a list).
    Case("soptunna", AVFALL, "synonym-list", "soptunna: [avfall, sopkärl]"),
    Case("barnomsorg", FORSKOLA, "synonym-list", "barnomsorg: [förskola, fritidshem]"),
    Case("grovsopor", AVC, "synonym-list", "grovsopor: [grovavfall, återvinningscentral]"),
    # Several words -> an answer.
    Case(
        "våld i hemmet",
        VALD,
        "synonym-multiword",
        "våld i hemmet: våld i nära relationer",
        first=True,
    ),
    Case("god man", OVERFORMYNDARE, "synonym-multiword", "god man: överförmyndare"),
    Case("hål i vägen", FELANMALAN, "synonym-multiword", "hål i vägen: felanmälan"),
    # An inflected or hyphenated synonym still applies.
    Case("socialbidraget", BISTAND, "synonym-inflected", "the synonym's word, inflected"),
    Case("p-tillstånd", P_TILLSTAND, "synonym-inflected", "p-tillstånd: parkeringstillstånd"),
    Case("sophämtningen", AVFALL, "synonym-inflected", "sophämtning: avfall, inflected"),
    # Keywords in a page's front matter.
    Case("åvc", AVC, "keywords", "keywords: [ÅVC, ...] on Återvinningscentraler", first=True),
    Case("ställföreträdare", OVERFORMYNDARE, "keywords", "keywords on Överförmyndare"),
    # Words to ignore: a question in plain words finds what its content words find.
    Case(
        "hur ansöker jag om hemtjänst",
        "/omsorg-och-stod/hemtjanst/sa-ansoker-du-om-hemtjanst/",
        "ignore",
        "hur, jag, om are ignored",
    ),
    Case("vad kostar det att parkera", PARKERING, "ignore", "vad, det, att are ignored"),
    # As-you-type: the last word counts as the start of a word.
    Case("bygglo", BYGGLOV, "prefix", "a word still being typed"),
    Case("ekonomiskt bis", BISTAND, "prefix", "the last word half typed"),
    # Languages: the English page for an English query from an English page.
    Case(
        "moving to exempelby",
        "/kommun-och-politik/about-exempelby-in-english/",
        "language",
        "English stems on the English page",
        lang="en",
    ),
)

# "Menade du …?": a query with a typo, and the words the site uses that it must suggest.
SUGGESTIONS: tuple[tuple[str, str], ...] = (
    ("bygglvo", "bygglov"),  # two letters swapped
    ("hemtjänts", "hemtjänst"),  # two letters swapped
    ("förskla", "förskola"),  # a letter left out
    ("parkring", "parkering"),  # a letter left out
    ("biblioteek", "bibliotek"),  # a letter too many
    ("snöröjnig avgift", "snöröjning avgift"),  # one word of two
)
