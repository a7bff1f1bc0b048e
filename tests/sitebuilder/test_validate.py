"""Stage 2, validate: front matter against the schema and the rules per page type."""

from __future__ import annotations

import pytest

from sitebuilder.schema import FrontMatter


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
                """.replace("\n                ", "\n")
            ),
        }
    )
    meta = site.index.pages["/bygglov/"].meta
    assert meta.ladder_step == 3 and meta.weight == -3
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
    assert len(errors) == 1
    assert errors[0].startswith("Sida.md:4: error: unknown key `xqzw`; allowed keys are `title`")
    assert "`ladder_step`" in errors[0]


def test_unknown_contact_key_lists_the_contact_keys(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Sida.md": page(
                "title: Sida\ndescription: Sida.\ntype: service\nladder_step: 2\ncontact:\n"
                "  webb: https://test.example"
            )
        }
    )
    assert len(errors) == 1
    assert errors[0].startswith("Sida.md:7: error: unknown key `contact.webb`; allowed keys are")
    assert "`email`" in errors[0] and "`title`" not in errors[0]


def test_contact_only_on_service_pages(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\ncontact:\n  name: Kontaktcenter")}
    )
    assert errors == ["Sida.md:4: error: `contact` is only for `type: service` pages; remove it"]


def test_section_index_must_be_a_plain_page(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Tjanster/_index.md": page(
                "title: Tjänster\ndescription: Tjänster.\ntype: service\nladder_step: 1"
            )
        }
    )
    assert errors == ["Tjanster/_index.md:4: error: a section's _index.md must be `type: page`"]


@pytest.mark.parametrize(
    "alias", ["gammal-sida", "/gammal sida/", "/sida#avsnitt", "/sida?id=3", "//annan.example/"]
)
def test_rejects_alias_that_is_not_a_site_path(scratch_errors, alias: str) -> None:
    errors = scratch_errors(
        {"Sida.md": page(f'title: Sida\ndescription: Sida.\naliases: ["{alias}"]')}
    )
    assert errors == [
        f"Sida.md:4: error: alias {alias!r} must be a path on this site starting with `/`, "
        "e.g. `/gammal-sida/`"
    ]


def test_description_over_300_characters_is_rejected(scratch_errors) -> None:
    errors = scratch_errors({"Sida.md": page(f"title: Sida\ndescription: {'ord ' * 80}")})
    assert len(errors) == 1
    assert errors[0].startswith("Sida.md:3: error: `description`")
    assert "300" in errors[0]


def test_datetime_is_not_a_date(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": page("title: Sida\ndescription: Sida.\nreviewed: 2026-01-01 10:00")}
    )
    assert errors == [
        "Sida.md:4: error: `reviewed` must be a date written YYYY-MM-DD (no time), "
        "not '2026-01-01 10:00'"
    ]


def test_draft_must_be_true_or_false(scratch_errors) -> None:
    errors = scratch_errors({"Sida.md": page("title: Sida\ndescription: Sida.\ndraft: kanske")})
    assert errors == ["Sida.md:4: error: `draft` must be true or false, not 'kanske'"]


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
    assert len(errors) == 1
    assert errors[0].startswith("Sida.md:2: error: `title`")
    assert "quote" in errors[0].lower() or '"1177"' in errors[0]


def test_pattern_error_gives_an_example_instead_of_a_regular_expression(scratch_errors) -> None:
    # The raw pydantic text is lower-cased, which even misquotes the pattern ([A-Z] -> [a-z]).
    errors = scratch_errors({"Sida.md": page("title: Sida\ndescription: Sida.\nlang: SV")})
    assert len(errors) == 1
    assert errors[0].startswith("Sida.md:4: error: `lang`")
    assert "pattern" not in errors[0] and "[a-z]" not in errors[0]
    assert "`sv`" in errors[0] or "`en`" in errors[0]
