"""Every message an editor can get from a mistake in front matter, a form or site.yml says,
in plain words, what is wrong and how to fix it: a table of hostile-but-plausible mistakes,
each with its exact message, and a deny-list of parser and pydantic jargon."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from sitebuilder.checks import check_site
from sitebuilder.config import SiteConfig
from sitebuilder.errors import BuildFailed
from sitebuilder.forms import FormDefinition, FormField
from sitebuilder.pipeline import BuildOptions, make_site
from sitebuilder.schema import Alternative, Contact, FrontMatter

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)

FRONT = "title: Sida\ndescription: Sida.\n"
SERVICE = FRONT + "type: service\nladder_step: 1\n"
FORM_HEAD = "id: prov\ntitle: Prov\nrecipient: {r}\nsubject: Prov\nsuccess: Tack.\nfields:\n"
SITE = "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
FIELD = "  - name: {n}\n    type: {t}\n    label: Fråga\n    personal: false\n"


def p(front: str) -> dict[str, str]:
    """A page Sida.md with this front matter."""
    return {"Sida.md": f"---\n{front}---\n\nText.\n"}


def form(fields: str, r: str = "prov@kommun.example", extra: str = "") -> dict[str, str]:
    return {"forms/prov.yml": FORM_HEAD.format(r=r) + fields + extra}


def site(extra: str) -> dict[str, str]:
    return {"site.yml": SITE + extra}


class Case(NamedTuple):
    id: str
    files: dict[str, str]
    errors: list[str]


CASES = [
    Case(
        "tab-indent",
        p("title: Sida\n\tdescription: Sida.\n"),
        [
            "Sida.md:3: error: front matter is not valid YAML: this line has a tab character; YAML needs spaces, so replace the tab with spaces (as many as the lines around it use)",
        ],
    ),
    Case(
        "tab-nested",
        p(SERVICE + "contact:\n\tname: Biståndsenheten\n"),
        [
            "Sida.md:7: error: front matter is not valid YAML: this line has a tab character; YAML needs spaces, so replace the tab with spaces (as many as the lines around it use)",
        ],
    ),
    Case(
        "colon-in-value",
        p("title: Bygglov: så går det till\ndescription: Sida.\n"),
        [
            'Sida.md:2: error: front matter is not valid YAML: the value of `title` contains `: `, which YAML reads as the start of another key; put the whole value in quotes: title: "Bygglov: så går det till"',
        ],
    ),
    Case(
        "unclosed-double-quote",
        p('title: "Sida\ndescription: Sida.\n'),
        [
            'Sida.md:2: error: front matter is not valid YAML: a quoted value starts on this line but its closing quote is missing; add the closing " at the end of the value, or remove the opening one',
        ],
    ),
    Case(
        "unclosed-single-quote",
        p("title: Sida\ndescription: 'Om sidan\n"),
        [
            "Sida.md:3: error: front matter is not valid YAML: a quoted value starts on this line but its closing quote is missing; add the closing ' at the end of the value, or remove the opening one",
        ],
    ),
    Case(
        "unclosed-bracket",
        p(FRONT + 'aliases: ["/gammal-sida/"\n'),
        [
            'Sida.md:4: error: front matter is not valid YAML: the list that starts with [ on this line is not closed, or its entries are not separated by commas; write it on one line with commas and a ] at the end, e.g. ["/gammal-adress/", "/annan-adress/"]; if it is text, put the whole value in quotes',
        ],
    ),
    Case(
        "missing-comma",
        p(FRONT + 'aliases: ["/gammal/" "/aldre/"]\n'),
        [
            'Sida.md:4: error: front matter is not valid YAML: the list that starts with [ on this line is not closed, or its entries are not separated by commas; write it on one line with commas and a ] at the end, e.g. ["/gammal-adress/", "/annan-adress/"]; if it is text, put the whole value in quotes',
        ],
    ),
    Case(
        "text-after-quote",
        p("title: Sida\ndescription: 'Kommunens' sida om bygglov\n"),
        [
            "Sida.md:3: error: front matter is not valid YAML: the value of `description` starts with a quote, so YAML ends it at the next '; put the whole value in the other kind of quotes: description: \"'Kommunens' sida om bygglov\"",
        ],
    ),
    Case(
        "month-13",
        p(FRONT + "reviewed: 2026-13-01\n"),
        [
            "Sida.md:4: error: `reviewed: 2026-13-01` is not a date, as there is no month 13; write dates as YYYY-MM-DD; did you mean `reviewed: 2026-01-13`?",
        ],
    ),
    Case(
        "february-30",
        p(FRONT + "reviewed: 2026-02-30\n"),
        [
            "Sida.md:4: error: `reviewed: 2026-02-30` is not a date, as February 2026 has 28 days; write a real date as YYYY-MM-DD, e.g. `reviewed: 2026-02-28`",
        ],
    ),
    Case(
        "list-for-text",
        p("title: [Bygglov, marklov]\ndescription: Sida.\n"),
        [
            'Sida.md:2: error: `title` must be text on one line, not a list; write it after `title:` without [ ] or `- `, or put it in quotes: `title: "Bygglov, marklov"`',
        ],
    ),
    Case(
        "dash-list-for-text",
        p("title:\n  - Bygglov\ndescription: Sida.\n"),
        [
            'Sida.md:2: error: `title` must be text on one line, not a list; write it after `title:` without [ ] or `- `, or put it in quotes: `title: "Bygglov"`',
        ],
    ),
    Case(
        "braces-for-text",
        p("title: {Sida}\ndescription: Sida.\n"),
        [
            'Sida.md:2: error: `title` must be text, but YAML read it as a group of keys (a `: ` or { } in the value); put the whole value in quotes: `title: "{Sida}"`',
        ],
    ),
    Case(
        "number-for-text",
        p("title: 1177\ndescription: Vårdguiden.\n"),
        [
            'Sida.md:2: error: `title` must be text, but YAML read 1177 as a number; put it in quotes: title: "1177"',
        ],
    ),
    Case(
        "date-for-text",
        p("title: Sida\ndescription: 2026-01-01\n"),
        [
            'Sida.md:3: error: `description` must be text, but YAML read 2026-01-01 as a date; put it in quotes: description: "2026-01-01"',
        ],
    ),
    Case(
        "at-sign-first",
        p("title: '@kommun'\ndescription: @kommun på sociala medier\n"),
        [
            'Sida.md:3: error: front matter is not valid YAML: a value cannot start with @; put the whole value in quotes: description: "@kommun på sociala medier"',
        ],
    ),
    Case(
        "star-first",
        p("title: *Viktigt* om bygglov\ndescription: Sida.\n"),
        [
            'Sida.md:2: error: front matter is not valid YAML: a value cannot start with *; put the whole value in quotes: title: "*Viktigt* om bygglov"',
        ],
    ),
    Case(
        "line-without-colon",
        p("title\ndescription: Sida.\n"),
        [
            "Sida.md:2: error: front matter is not valid YAML: the line `title` has no `:`; write each line as `key: value`, e.g. `title: …`",
        ],
    ),
    Case(
        "indented-key",
        p("title: Sida\n  description: Sida.\n"),
        [
            "Sida.md:3: error: front matter is not valid YAML: this line is indented more than the line above, so YAML cannot tell whether it belongs to `title`; start the keys of one group at the same place, with spaces",
        ],
    ),
    Case(
        "dash-without-list",
        p("title: Sida\n- description: Sida.\n"),
        [
            "Sida.md:3: error: front matter is not valid YAML: a line that starts with `- ` is a list entry, but there is no list here; remove the `- `, or put the entry below the key it belongs to, indented",
        ],
    ),
    Case(
        "swedish-key",
        p("titel: Sida\ndescription: Sida.\n"),
        [
            "Sida.md:2: error: unknown key `titel`; did you mean `title`?",
        ],
    ),
    Case(
        "swedish-type",
        p(FRONT + "type: tjänst\n"),
        [
            "Sida.md:4: error: `type` must be one of `page`, `service` or `news`, not 'tjänst'; did you mean `service`?",
        ],
    ),
    Case(
        "yes-in-swedish",
        p(FRONT + "draft: ja\n"),
        [
            "Sida.md:4: error: `draft` must be true or false, not 'ja'; write `draft: true`",
        ],
    ),
    Case(
        "quoted-number",
        p(FRONT + 'weight: "2"\n'),
        [
            "Sida.md:4: error: `weight` must be a whole number, but '2' is in quotes, which makes it text; remove the quotes: `weight: 2`",
        ],
    ),
    Case(
        "upper-case-lang",
        p(FRONT + "lang: SV\n"),
        [
            "Sida.md:4: error: `lang` must be a language code in lower case, like `en`, not 'SV'; write `lang: sv`",
        ],
    ),
    Case(
        "bad-contact-email",
        p(SERVICE + "contact:\n  email: bygglov(at)kommun.example\n"),
        [
            "Sida.md:7: error: `email` in `contact` must be an email address, like `kontakt@kommun.example`, not 'bygglov(at)kommun.example'",
        ],
    ),
    Case(
        "alias-not-a-list",
        p(FRONT + "aliases: /gammal-sida/\n"),
        [
            "Sida.md:4: error: `aliases` must be a list, e.g. `aliases: [\"/gammal-adress/\"]`, not '/gammal-sida/'",
        ],
    ),
    Case(
        "alternative-kind-swedish",
        p(
            FRONT
            + "type: service\nladder_step: 3\nalternatives:\n  - kind: blankett\n    text: Ring oss.\n"
        ),
        [
            "Sida.md:7: error: alternative 1: `kind` must be one of `paper`, `phone`, `visit` or `proxy`, not 'blankett'; did you mean `paper`?",
        ],
    ),
    Case(
        "alternative-without-text",
        p(FRONT + "type: service\nladder_step: 3\nalternatives:\n  - kind: phone\n"),
        [
            "Sida.md:7: error: alternative 1: `text` is required; add a line `text: Ring kontaktcenter på 08-123 456 78, så skickar vi blanketten.` to alternative 1",
        ],
    ),
    Case(
        "backslash-in-quotes",
        p(FRONT + 'translation_of: "Bygga\\Bygglov.md"\n'),
        [
            "Sida.md:4: error: front matter is not valid YAML: inside double quotes a \\ starts a special character; use single quotes instead: translation_of: 'Bygga\\Bygglov.md'",
        ],
    ),
    Case(
        "block-text-on-key-line",
        p("title: Sida\ndescription: | Om sidan\n"),
        [
            'Sida.md:3: error: front matter is not valid YAML: `|` after `description:` starts a text on the lines below it; write the text on the next lines, indented, or put the value in quotes: description: "| Om sidan"',
        ],
    ),
    Case(
        "field-checkbox",
        form(FIELD.format(n="grupp", t="checkbox") + "    options: [A, B]\n"),
        [
            "forms/prov.yml:8: error: field `grupp`: `type` must be one of `text`, `textarea`, `email`, `tel`, `number`, `date`, `select`, `radio`, `checkboxes` or `consent`, not 'checkbox'; did you mean `checkboxes`?",
        ],
    ),
    Case(
        "field-dropdown",
        form(FIELD.format(n="kommun", t="dropdown") + "    options: [A, B]\n"),
        [
            "forms/prov.yml:8: error: field `kommun`: `type` must be one of `text`, `textarea`, `email`, `tel`, `number`, `date`, `select`, `radio`, `checkboxes` or `consent`, not 'dropdown'; did you mean `select`?",
        ],
    ),
    Case(
        "field-epost",
        form(FIELD.format(n="epost", t="epost")),
        [
            "forms/prov.yml:8: error: field `epost`: `type` must be one of `text`, `textarea`, `email`, `tel`, `number`, `date`, `select`, `radio`, `checkboxes` or `consent`, not 'epost'; did you mean `email`?",
        ],
    ),
    Case(
        "field-e-post",
        form(FIELD.format(n="epost", t="e-post")),
        [
            "forms/prov.yml:8: error: field `epost`: `type` must be one of `text`, `textarea`, `email`, `tel`, `number`, `date`, `select`, `radio`, `checkboxes` or `consent`, not 'e-post'; did you mean `email`?",
        ],
    ),
    Case(
        "field-textfield",
        form(FIELD.format(n="namn", t="textfield")),
        [
            "forms/prov.yml:8: error: field `namn`: `type` must be one of `text`, `textarea`, `email`, `tel`, `number`, `date`, `select`, `radio`, `checkboxes` or `consent`, not 'textfield'; did you mean `text`?",
        ],
    ),
    Case(
        "recipient-not-email",
        form(FIELD.format(n="namn", t="text"), r="gatukontoret"),
        [
            "forms/prov.yml:3: error: `recipient` must be an email address, like `namn@kommun.example`, not 'gatukontoret'",
        ],
    ),
    Case(
        # A line break in the value (written "\n" in quotes) stays on the message's one line.
        "recipient-with-line-break",
        form(FIELD.format(n="namn", t="text"), r='"gata\\n@kommun.example"'),
        [
            "forms/prov.yml:3: error: `recipient` must be an email address, like `namn@kommun.example`, not 'gata\\n@kommun.example'",
        ],
    ),
    Case(
        "hash-colour",
        site("colours:\n  primary: #1d5c8a\n"),
        [
            'site.yml:5: error: `primary` in `colours` is empty, because YAML reads a space and `#` as the start of a comment, so `#1d5c8a` is left out; put the value in quotes: `primary: "#1d5c8a"`',
        ],
    ),
    Case(
        "hash-title",
        p("title: #1 i Sverige\ndescription: Sida.\n"),
        [
            'Sida.md:2: error: `title` is empty, because YAML reads a space and `#` as the start of a comment, so `#1 i Sverige` is left out; put the value in quotes: `title: "#1 i Sverige"`',
        ],
    ),
    Case(
        "hash-cuts-description",
        p("title: Sida\ndescription: Vi är bäst #1.\n"),
        [
            'Sida.md:3: error: `description` ends at `Vi är bäst`, because YAML reads a space and `#` as the start of a comment, so `#1.` is left out; put the whole value in quotes: `description: "Vi är bäst #1."` (if it is a comment, write a space after the `#`)',
        ],
    ),
    Case(
        "hash-note-instead-of-value",
        p("title: Sida\ndescription: Sida.\nowner:   # fylls i senare\n"),
        [
            'Sida.md:4: error: `owner` is empty: YAML reads everything after a space and `#` as a comment; write the value before the comment, or, if the value starts with `#`, put it in quotes: `owner: "# fylls i senare"`',
        ],
    ),
    Case(
        "hash-option",
        form(
            "  - name: val\n    type: radio\n    label: Vilken?\n    options:\n      - #1\n      - Andra\n"
        ),
        [
            'forms/prov.yml:11: error: field `val`: option 1 is empty, because YAML reads a space and `#` as the start of a comment, so `#1` is left out; put the value in quotes: `- "#1"`',
        ],
    ),
    Case(
        "form-swedish-key",
        form(FIELD.format(n="namn", t="text"), extra="ämne: Prov\n"),
        [
            "forms/prov.yml:11: error: unknown key `ämne`; did you mean `subject`?",
        ],
    ),
    Case(
        "field-name-capitals",
        form(FIELD.format(n="E-post", t="email")),
        [
            "forms/prov.yml:7: error: field `E-post`: `name` must be a short name of lower-case letters a-z, digits and _, starting with a letter, like `epost`, not 'E-post'; write `name: e_post`",
        ],
    ),
    Case(
        "field-min-month-13",
        form(FIELD.format(n="datum", t="date") + "    min: 2026-13-01\n"),
        [
            "forms/prov.yml:11: error: field `datum`: `min: 2026-13-01` is not a date, as there is no month 13; write dates as YYYY-MM-DD; did you mean `min: 2026-01-13`?",
        ],
    ),
    Case(
        "field-unknown-key",
        form(FIELD.format(n="namn", t="text") + "    obligatorisk: true\n"),
        [
            "forms/prov.yml:11: error: unknown key `obligatorisk` in field `namn`; did you mean `required`?",
        ],
    ),
    Case(
        "form-without-fields",
        {
            "forms/prov.yml": FORM_HEAD.format(r="prov@kommun.example").replace(
                "fields:\n", "fields: []\n"
            )
        },
        [
            "forms/prov.yml:6: error: `fields` needs at least one question",
        ],
    ),
    Case(
        "colour-name",
        site("colours:\n  primary: blue\n"),
        [
            "site.yml:5: error: `primary` in `colours` must be a colour written # and six hex digits, like `#1d5c8a`, not 'blue'",
        ],
    ),
    Case(
        "base-url-without-scheme",
        {"site.yml": "name: Testby kommun\nbase_url: www.testby.example\nlanguage: sv\n"},
        [
            "site.yml:2: error: `base_url`: `www.testby.example` must be a whole web address starting with https://; write https:// in front of it: `https://www.testby.example`",
        ],
    ),
    Case(
        "contact-url-without-scheme",
        site("contact:\n  url: www.testby.example\n"),
        [
            "site.yml:5: error: `url` in `contact`: `www.testby.example` must be a web address starting with https:// or a path on this site starting with /; write https:// in front of it: `https://www.testby.example`",
        ],
    ),
]

# Words and shapes that belong to PyYAML, pydantic or Python, never to an editor's message.
JARGON = [
    "mapping",
    "scalar",
    "token",
    "flow",
    "1..12",
    "pydantic",
    "validation error",
    "Input should be",
    "Value error",
    "constructor",
    "NoneType",
    "datetime.",
    "<class",
]
JARGON_PATTERNS = [
    re.compile(r"\bNone\b"),
    re.compile(r"\[\s*'"),  # a Python list: ['a', 'b']
    re.compile(r"\{\s*'"),  # a Python dict: {'Sida': None}
    re.compile(r"\bdict\b|\btuple\b|\bstr\b"),
]
# pydantic's dotted locations (`fields.grupp.type`, `contact.email`): any schema key followed
# by a dot and more.
KEYS = sorted(
    {
        *FrontMatter.model_fields,
        *SiteConfig.model_fields,
        *FormDefinition.model_fields,
        *FormField.model_fields,
        *Contact.model_fields,
        *Alternative.model_fields,
    },
    key=len,
    reverse=True,
)
DOTTED = re.compile(r"`(?:{})\.[\w.]+`".format("|".join(map(re.escape, KEYS))))


def jargon_in(message: str) -> list[str]:
    found = [word for word in JARGON if word.lower() in message.lower()]
    found += [p.pattern for p in JARGON_PATTERNS if p.search(message)]
    found += DOTTED.findall(message)
    return found


def build_errors(scratch_site, tmp_path: Path, files: dict[str, str]) -> list[str]:
    content = scratch_site(files)
    try:
        make_site(BuildOptions(content=content, out=tmp_path / "public", today=TODAY))
    except BuildFailed as failed:
        return [e.format().replace(f"{content}/", "") for e in failed.errors]
    pytest.fail("the site built, but errors were expected")


def test_the_table_covers_at_least_25_mistakes() -> None:
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_plausible_mistake_gets_a_plain_message_with_the_fix(
    scratch_site, tmp_path: Path, case: Case
) -> None:
    errors = build_errors(scratch_site, tmp_path, case.files)
    assert errors == case.errors
    for error in errors:
        assert not jargon_in(error), f"jargon {jargon_in(error)} in: {error}"


@pytest.mark.parametrize(
    "message",
    [
        "mapping values are not allowed in this context",
        "found character that cannot start any token",
        "unknown key `fields.grupp.type`",
        "`contact.email` is not in the expected form",
        "month must be in 1..12",
        "`title` must be text, not {'Sida': None}",
        "`description` must be text, not datetime.date(2026, 1, 1)",
        "`title` must be text, not ['a', 'b']",
        "Input should be a valid string",
    ],
)
def test_the_deny_list_catches_the_old_messages(message: str) -> None:
    assert jargon_in(message)


def test_no_expected_error_of_an_invalid_site_has_jargon() -> None:
    for expected in sorted((REPO_ROOT / "tests" / "sites" / "invalid").glob("*/expected.txt")):
        for line in expected.read_text(encoding="utf-8").splitlines():
            assert not jargon_in(line), f"{expected.parent.name}: {line}"


def test_broken_yaml_gives_only_its_error_not_also_warnings_about_guesses(scratch_site) -> None:
    content = scratch_site(
        {
            "_index.md": "---\ntitle: Hem\ndescription: Hem.\nreviewed: 2026-11-01\n---\n\n[Sida](/sida/)\n",
            "Sida.md": "---\ntitle: Bygglov: så går det till\ndescription: Om bygglov.\n---\n\nText.\n",
        }
    )
    report = check_site(BuildOptions(content=content), today=TODAY)
    assert [(f.level, f.code) for f in report.findings] == [("error", "content")]


def test_a_value_that_cannot_be_read_gives_no_warning_about_it(scratch_site) -> None:
    content = scratch_site(
        {
            "_index.md": "---\ntitle: Hem\ndescription: Hem.\nreviewed: 2026-11-01\n---\n\n[Sida](/sida/)\n",
            # `type` cannot be read: whether this is a news item (not reviewed) is unknown.
            "Sida.md": "---\ntitle: Sida\ndescription: Sida.\ntype: nyhet\n---\n\nText.\n",
        }
    )
    report = check_site(BuildOptions(content=content), today=TODAY)
    assert [f.format().replace(f"{content}/", "") for f in report.findings] == [
        "Sida.md:4: error: `type` must be one of `page`, `service` or `news`, not 'nyhet'; "
        "did you mean `news`?"
    ]


def test_a_news_date_example_is_the_builds_day(scratch_site, tmp_path: Path) -> None:
    errors = build_errors(
        scratch_site,
        tmp_path,
        {
            "Nyheter/_index.md": "---\ntitle: Nyheter\ndescription: Nyheter.\n---\n",
            "Nyheter/Park.md": "---\ntitle: Park\ndescription: Park.\ntype: news\n---\n",
        },
    )
    assert errors == [
        "Nyheter/Park.md:4: error: a news page needs `date` (YYYY-MM-DD), the day it is "
        f"published; add e.g. `date: {TODAY.isoformat()}`"
    ]


def test_every_message_is_one_line() -> None:
    """However a message was made, a line break or control character in it is written as its
    escape: editors' tools read one problem per line."""
    from sitebuilder.errors import ContentError, ErrorList

    errors = ErrorList()
    errors.add(Path("a.yml"), 3, "`x` is 'a\nb\r\x0bc\u2028d', not\u00a0e")
    direct = ContentError(Path("a.yml"), 3, "one\ntwo")
    assert errors.items[0].message == "`x` is 'a\\nb\\r\\x0bc\\u2028d', not\u00a0e"
    assert direct.format() == "a.yml:3: error: one\\ntwo"


def test_a_real_trailing_comment_is_allowed_everywhere(make_scratch) -> None:
    """`key: value  # note`, as the README's examples write it, is a comment and no error."""
    site = make_scratch(
        {
            "site.yml": SITE + 'colours:\n  primary: "#1d5c8a"  # kommunens blå\n',
            "Sida.md": "---\ntitle: Sida  # rubriken\ndescription: Vi är bäst.   # kort\n"
            "owner: Kommunledningen # ansvarig\n---\n\nText.\n",
            "forms/prov.yml": FORM_HEAD.format(r="prov@kommun.example  # aldrig publicerad")
            + FIELD.format(n="namn", t="text"),
        }
    )
    page = site.files["sida/index.html"].decode()
    assert "<h1>Sida</h1>" in page and "Kommunledningen" in page
