"""Stage 2, validate: front matter against the schema and the rules per page type."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from sitebuilder.schema import FrontMatter
from sitebuilder.validate import title_from_name


def page(front: str, body: str = "Text.\n") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}"


def test_accepts_every_documented_key(make_scratch) -> None:
    site = make_scratch(
        {
            "Tjanst.md": page(
                """
                title: Bygglov
                description: Så ansöker du om bygglov.
                type: service
                lang: sv
                owner: Samhällsbyggnadsförvaltningen
                reviewed: 2026-10-01
                draft: false
                aliases: ["/bygglov-gammal/"]
                weight: -3
                slug: bygglov
                ladder_step: 3
                contact:
                  name: Bygglovsenheten
                  email: bygglov@test.example
                  phone: 08-123 45 67
                  hours: Vardagar 9–12
                  address: Storgatan 1
                  url: https://test.example/bygglov
                alternatives:
                  - kind: paper
                    text: Ring oss, så skickar vi en blankett.
                    link: /bygglov/
                    link_text: Om bygglov
                """.replace("\n                ", "\n")
            ),
        }
    )
    meta = site.index.pages["/bygglov/"].meta
    assert meta.ladder_step == 3 and meta.weight == -3
    assert meta.alternatives is not None and meta.alternatives[0].kind == "paper"
    assert meta.contact is not None and meta.contact.email == "bygglov@test.example"
    assert str(meta.reviewed) == "2026-10-01"


def test_every_front_matter_key_is_documented() -> None:
    for name, field in FrontMatter.model_fields.items():
        assert field.description, f"`{name}` has no one-line description"


@pytest.mark.parametrize(
    ("key", "english"),
    [
        ("rubrik", "title"),
        ("beskrivning", "description"),
        ("granskad", "reviewed"),
        ("ansvarig", "owner"),
        ("utkast", "draft"),
        ("vikt", "weight"),
        ("Steg", "ladder_step"),
    ],
)
def test_swedish_key_suggests_the_english_key(scratch_errors, key: str, english: str) -> None:
    errors = scratch_errors({"Sida.md": page(f"title: Sida\ndescription: Sida.\n{key}: x")})
    assert f"Sida.md:4: error: unknown key `{key}`; did you mean `{english}`?" in errors


def test_misspelt_key_suggests_the_closest_key(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\nreveiwed: 2026-01-01")}
    )
    assert errors == ["Sida.md:4: error: unknown key `reveiwed`; did you mean `reviewed`?"]


def test_unrelated_unknown_key_lists_the_allowed_keys(scratch_errors) -> None:
    errors = scratch_errors({"Sida.md": page("title: Sida\ndescription: Sida.\nxqzw: 1")})
    keys = ", ".join(f"`{key}`" for key in FrontMatter.model_fields)
    assert errors == [f"Sida.md:4: error: unknown key `xqzw`; allowed keys are {keys}"]
    assert "`ladder_step`" in errors[0]


def test_unknown_contact_key_lists_the_contact_keys(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Sida.md": page(
                "title: Sida\ndescription: Sida.\ntype: service\nladder_step: 1\ncontact:\n"
                "  webb: https://test.example"
            )
        }
    )
    assert errors == ["Sida.md:7: error: unknown key `webb` in `contact`; did you mean `url`?"]


def test_contact_only_on_service_pages(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\ncontact:\n  name: Kontaktcenter")}
    )
    assert errors == ["Sida.md:4: error: `contact` is only for `type: service` pages; remove it"]


def test_section_index_may_not_be_a_news_item(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Nyheter/_index.md": page(
                "title: Nyheter\ndescription: Nyheter.\ntype: news\ndate: 2026-01-05"
            )
        }
    )
    assert errors == [
        "Nyheter/_index.md:4: error: a section's _index.md may be `type: page` or "
        "`type: service`, not `news`; put a news item in a file of its own, e.g. "
        "Nyheter/<title>.md"
    ]


def test_home_page_must_be_a_plain_page(scratch_errors) -> None:
    errors = scratch_errors(
        {"_index.md": page("title: Hem\ndescription: Hem.\ntype: service\nladder_step: 1")}
    )
    assert errors == [
        "_index.md:4: error: the home page must be `type: page`; remove the `type:` line"
    ]


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("gammal-sida", "must be a path on this site starting with `/`, e.g. `/gammal-sida/`"),
        (
            "//annan.example/",
            "must be a path on this site starting with `/`, e.g. `/gammal-sida/` (an address "
            "on another site cannot redirect here)",
        ),
        (
            "/gammal sida/",
            "has a space, which an address cannot hold; write it as the browser showed the old "
            "address, with %20 for each space, e.g. `/gammal%20sida/`",
        ),
        (
            "/sida#avsnitt",
            "has a `?` or `#` part, which an old address here cannot have; write only the "
            "path, e.g. `/sida`",
        ),
        (
            "/sida?id=3",
            "has a `?` or `#` part, which an old address here cannot have; write only the "
            "path, e.g. `/sida`",
        ),
        ("/a//b/", "has an empty part (`//`); write it with single slashes, e.g. `/a/b/`"),
    ],
)
def test_rejects_alias_that_is_not_a_site_path(scratch_errors, alias: str, message: str) -> None:
    errors = scratch_errors(
        {"Sida.md": page(f'title: Sida\ndescription: Sida.\naliases: ["{alias}"]')}
    )
    assert errors == [f"Sida.md:4: error: alias `{alias}` {message}"]


def test_every_kind_of_alias_error_names_the_line_of_its_list_item(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Sida.md": page(
                "title: Sida\ndescription: Sida.\naliases:\n  - /bra/\n  - /a b/\n"
                "  - /sitemap.xml/\n  - /robots.txt\n  - /annan/\n  - /sida/"
            ),
            "Annan.md": page("title: Annan\ndescription: Annan.\naliases:\n  - /ok/\n  - /bra/"),
        }
    )
    assert [e.split(": error: ")[0] for e in errors] == [
        "Sida.md:5",  # also an alias of Annan.md
        "Sida.md:6",  # a space
        "Sida.md:7",  # needs a folder where the sitemap is
        "Sida.md:8",  # the build's own file
        "Sida.md:9",  # the address of a page
        "Sida.md:10",  # its own address
    ]


def test_description_over_300_characters_is_rejected(scratch_errors) -> None:
    errors = scratch_errors({"Sida.md": page(f"title: Sida\ndescription: {'ord ' * 80}")})
    assert errors == [
        "Sida.md:3: error: `description` is 319 characters, more than the 300 allowed; "
        "shorten it to one sentence for search engines and listings"
    ]


def test_datetime_is_not_a_date(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\nreviewed: 2026-01-01 10:00")}
    )
    assert errors == [
        "Sida.md:4: error: `reviewed` must be a date written YYYY-MM-DD (no time), "
        "not '2026-01-01 10:00'; write `reviewed: 2026-01-01`"
    ]


def test_draft_must_be_true_or_false(scratch_errors) -> None:
    errors = scratch_errors({"Sida.md": page("title: Sida\ndescription: Sida.\ndraft: kanske")})
    assert errors == [
        "Sida.md:4: error: `draft` must be true or false, not 'kanske'; write `draft: true` or "
        "`draft: false`"
    ]


def test_other_pages_are_checked_when_one_page_is_invalid(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "A.md": page("title: A\ndescription: A.\ntype: blog"),
            "B.md": page("title: B\ndescription: B.\nweight: tung"),
        }
    )
    assert [e.split(":")[0] for e in errors] == ["A.md", "B.md"]


def test_number_as_title_message_says_to_use_quotes(scratch_errors) -> None:
    # `title: 1177` is read by YAML as a number; the editor's fix is to quote it.
    errors = scratch_errors({"Sida.md": page("title: 1177\ndescription: Vårdguiden.")})
    assert errors == [
        "Sida.md:2: error: `title` must be text, but YAML read 1177 as a number; put it in "
        'quotes: title: "1177"'
    ]


def test_pattern_error_gives_an_example_instead_of_a_regular_expression(scratch_errors) -> None:
    # The raw pydantic text is lower-cased, which even misquotes the pattern ([A-Z] -> [a-z]).
    errors = scratch_errors({"Sida.md": page("title: Sida\ndescription: Sida.\nlang: SV")})
    assert errors == [
        "Sida.md:4: error: `lang` must be a language code in lower case, like `en`, not 'SV'; "
        "write `lang: sv`"
    ]


# -- a page with front-matter errors still takes part in the site ----------------------------


LINKS_TO_SIDA = page(
    "title: Annan\ndescription: Annan.", "Läs om [sidan](/sida/) och [rubriken](/sida/#rubrik).\n"
)
BODY_WITH_PROBLEMS = "Text.\n\n## Rubrik\n\n![](bild.png)\n"


@pytest.mark.parametrize(
    ("front", "errors"),
    [
        (
            "title: Sida\ndescription: Sida.\nansvarig: Kultur",
            ["Sida.md:4: error: unknown key `ansvarig`; did you mean `owner`?"],
        ),
        (
            "title: Sida\ndescription: Sida.\nweight: tjugo",
            ["Sida.md:4: error: `weight` must be a whole number, not 'tjugo'"],
        ),
        (
            "title: Sida: en sida\ndescription: Sida.",
            [
                "Sida.md:2: error: front matter is not valid YAML: the value of `title` contains "
                "`: `, which YAML reads as the start of another key; put the whole value in "
                'quotes: title: "Sida: en sida"'
            ],
        ),
        (
            "description: Sida.\nreviewed: 2026-02-30",
            [
                "Sida.md:1: error: `title` is required; add a line `title: Sida` to the front "
                "matter",
                "Sida.md:3: error: `reviewed: 2026-02-30` is not a date, as February 2026 has "
                "28 days; write a real date as YYYY-MM-DD, e.g. `reviewed: 2026-02-28`",
            ],
        ),
    ],
    ids=["unknown key", "not a number", "not YAML", "no title"],
)
def test_page_with_front_matter_errors_keeps_its_url_and_body_checks(
    scratch_errors, front: str, errors: list[str]
) -> None:
    found = scratch_errors(
        {"Sida.md": page(front, BODY_WITH_PROBLEMS), "bild.png": b"png", "Annan.md": LINKS_TO_SIDA}
    )
    alt_line = front.count("\n") + 9  # ---, the front matter, ---, blank, 4 lines of body
    # The body's own problem is reported, and no false "goes to no page" or "has no heading"
    # on Annan.md, which links to the page and to its heading.
    assert found == [
        *errors,
        f"Sida.md:{alt_line}: error: image `bild.png` has no alt text; describe it, "
        "![Beskriv vad bilden visar](bild.png), or mark it decorative: ![](bild.png){.decorative}",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "# Sida\n\nText.\n",
            "Sida.md:1: error: the page has no front matter; start the file with a line `---`, "
            "then `title:` and `description:`, then another `---`",
        ),
        (
            "---\ntitle: Sida\ndescription: Sida.\n\nText.\n",
            "Sida.md:1: error: the front matter is not closed; add a line `---` after it",
        ),
    ],
    ids=["no front matter", "unclosed"],
)
def test_links_to_a_page_whose_front_matter_cannot_be_read_are_not_reported(
    scratch_errors, text: str, error: str
) -> None:
    links = page("title: Annan\ndescription: Annan.", "Läs om [sidan](/sida/).\n")
    assert scratch_errors({"Sida.md": text, "Annan.md": links}) == [error]


def test_value_yaml_cannot_read_is_not_also_reported_missing(scratch_errors) -> None:
    errors = scratch_errors({"Sida.md": page("title: 2026-02-30\ndescription: Sida.")})
    assert errors == [
        "Sida.md:2: error: `title: 2026-02-30` is not a date, as February 2026 has 28 days; "
        "write a real date as YYYY-MM-DD, e.g. `title: 2026-02-28`; or, if it is text, put it "
        'in quotes: `title: "2026-02-30"`'
    ]


def test_invalid_type_gives_no_errors_about_keys_that_depend_on_it(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\ntype: tjänst\nladder_step: 2")}
    )
    assert errors == [
        "Sida.md:4: error: `type` must be one of `page`, `service` or `news`, not 'tjänst'; "
        "did you mean `service`?"
    ]


def test_invalid_ladder_step_is_not_also_reported_missing(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\ntype: service\nladder_step: två")}
    )
    assert errors == ["Sida.md:5: error: `ladder_step` must be a whole number, not 'två'"]


def test_page_with_an_invalid_slug_is_indexed_at_the_suggested_slug(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Altan.md": page("title: Altan\ndescription: Altan.\nslug: Bygglov för altan"),
            "Annan.md": page(
                "title: Annan\ndescription: Annan.", "Om [altaner](/bygglov-for-altan/).\n"
            ),
        }
    )
    assert errors == [
        "Altan.md:4: error: `slug` may hold only a-z, 0-9 and single hyphens; try "
        "`slug: bygglov-for-altan`"
    ]


@pytest.mark.parametrize(
    ("rel", "title"),
    [
        ("Bibliotek.md", "Bibliotek"),
        ("Kultur och fritid/bibliotek.md", "Bibliotek"),
        ("Kultur och fritid/_index.md", "Kultur och fritid"),
        ("_index.md", "Startsida"),
    ],
)
def test_title_from_name_uses_the_file_or_folder_name(rel: str, title: str) -> None:
    assert title_from_name(PurePosixPath(rel)) == title


# -- title and description must say something -------------------------------------------------


@pytest.mark.parametrize("value", ['"  "', '""', ""], ids=["spaces", "empty quotes", "nothing"])
def test_blank_title_is_an_error_that_suggests_the_file_name(scratch_errors, value: str) -> None:
    errors = scratch_errors(
        {
            "Kultur/Bibliotek.md": page(f"title: {value}\ndescription: B."),
            "Kultur/_index.md": page("title: Kultur\ndescription: K."),
        }
    )
    assert errors == [
        "Kultur/Bibliotek.md:2: error: `title` is empty; write the page's heading (h1) after "
        "`title:`, e.g. `title: Bibliotek`"
    ]


@pytest.mark.parametrize("value", ['"   "', "''", ""], ids=["spaces", "empty quotes", "nothing"])
def test_blank_description_is_an_error(scratch_errors, value: str) -> None:
    errors = scratch_errors({"Sida.md": page(f"title: Sida\ndescription: {value}")})
    assert errors == [
        "Sida.md:3: error: `description` is empty; write one sentence for search engines and "
        "listings after `description:`"
    ]


def test_missing_title_suggests_the_file_or_folder_name(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Kultur och fritid/_index.md": page("description: Kultur."),
            "Kultur och fritid/Bibliotek.md": page("description: Bibliotek."),
        }
    )
    assert errors == [
        "Kultur och fritid/Bibliotek.md:1: error: `title` is required; add a line "
        "`title: Bibliotek` to the front matter",
        "Kultur och fritid/_index.md:1: error: `title` is required; add a line "
        "`title: Kultur och fritid` to the front matter",
    ]


def test_spaces_around_a_title_are_not_published(make_scratch) -> None:
    site = make_scratch({"Sida.md": page('title: "  Bibliotek "\ndescription: " Om boken. "')})
    assert site.index.pages["/sida/"].meta.title == "Bibliotek"
    assert site.index.pages["/sida/"].meta.description == "Om boken."
    assert "<h1>Bibliotek</h1>" in site.files["sida/index.html"].decode()


# -- numbers, dates and true/false are strictly typed ---------------------------------------------


@pytest.mark.parametrize(
    ("front", "error"),
    [
        (
            'type: service\nladder_step: "2"',
            "Sida.md:5: error: `ladder_step` must be a whole number, but '2' is in quotes, which "
            "makes it text; remove the quotes: `ladder_step: 2`",
        ),
        (
            "weight: '-3'",
            "Sida.md:4: error: `weight` must be a whole number, but '-3' is in quotes, which "
            "makes it text; remove the quotes: `weight: -3`",
        ),
        (
            'reviewed: "2026-10-01"',
            "Sida.md:4: error: `reviewed` must be a date written YYYY-MM-DD, but '2026-10-01' is "
            "in quotes, which makes it text; remove the quotes: `reviewed: 2026-10-01`",
        ),
        (
            'draft: "true"',
            "Sida.md:4: error: `draft` must be true or false, but 'true' is in quotes, which "
            "makes it text; remove the quotes: `draft: true`",
        ),
        (
            "weight: 2.0",
            "Sida.md:4: error: `weight` must be a whole number, not 2.0",
        ),
        (
            "reviewed: 2026-10-01 09:30:00",
            "Sida.md:4: error: `reviewed` must be a date written YYYY-MM-DD (no time), not "
            "2026-10-01 09:30:00; write `reviewed: 2026-10-01`",
        ),
    ],
    ids=["quoted ladder_step", "quoted weight", "quoted date", "quoted bool", "float", "datetime"],
)
def test_numbers_dates_and_booleans_are_strict(scratch_errors, front: str, error: str) -> None:
    assert scratch_errors({"Sida.md": page(f"title: Sida\ndescription: Sida.\n{front}")}) == [error]


def test_quoted_news_date_is_the_only_error(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Nyheter/_index.md": page("title: Nyheter\ndescription: Nyheter."),
            "Nyheter/Park.md": page(
                'title: Park\ndescription: Park.\ntype: news\ndate: "2026-11-20"'
            ),
        }
    )
    assert errors == [
        "Nyheter/Park.md:5: error: `date` must be a date written YYYY-MM-DD, but '2026-11-20' is "
        "in quotes, which makes it text; remove the quotes: `date: 2026-11-20`"
    ]


def test_quoted_number_in_site_yml_is_an_error(scratch_errors) -> None:
    site_yml = (
        "name: Testby\nbase_url: https://test.example\nlanguage: sv\nreview_interval_months: '6'\n"
    )
    assert scratch_errors({"site.yml": site_yml}) == [
        "site.yml:4: error: `review_interval_months` must be a whole number, but '6' is in "
        "quotes, which makes it text; remove the quotes: `review_interval_months: 6`"
    ]
