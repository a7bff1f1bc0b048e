"""Stage 1, load: files become sources and assets, and every part remembers its file line."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from sitebuilder.errors import ErrorList
from sitebuilder.load import load_content, parse_source


def parse(text: str) -> tuple[object, list[str]]:
    errors = ErrorList()
    source = parse_source(text, Path("Sida.md"), PurePosixPath("Sida.md"), errors)
    return source, [e.format() for e in errors.items]


def test_reads_pages_assets_and_site_yml(scratch_site) -> None:
    content = scratch_site(
        {
            "Bygga, bo och miljö/_index.md": "---\ntitle: Bygga\ndescription: Bygga.\n---\n",
            "Bygga, bo och miljö/Bygglov.md": "---\ntitle: Bygglov\ndescription: Bygglov.\n---\n",
            "Bygga, bo och miljö/bilder/karta.png": b"\x89PNG",
        }
    )
    errors = ErrorList()
    loaded = load_content(content, errors)
    assert not errors
    assert loaded.config_text is not None and "Testby kommun" in loaded.config_text
    assert [str(s.rel) for s in loaded.sources] == [
        "_index.md",
        "Bygga, bo och miljö/Bygglov.md",
        "Bygga, bo och miljö/_index.md",
    ]
    assert [str(a.rel) for a in loaded.assets] == ["Bygga, bo och miljö/bilder/karta.png"]


def test_paths_in_messages_start_with_the_content_folder_as_given(scratch_site) -> None:
    content = scratch_site({"Sida.md": "---\ntitle: Sida\ndescription: Sida.\n---\n"})
    loaded = load_content(content, ErrorList())
    assert loaded.config_path == content / "site.yml"
    assert {s.path for s in loaded.sources} == {content / "_index.md", content / "Sida.md"}


def test_skips_hidden_files_and_the_forms_folder(scratch_site) -> None:
    content = scratch_site(
        {
            ".utkast.md": "inte en sida",
            ".git/config": "[core]",
            "Bygga/.DS_Store": b"\x00\x01",
            "forms/kontakt.yml": "title: Kontakt",
            "forms/hjalp.md": "inte en sida",
        }
    )
    errors = ErrorList()
    loaded = load_content(content, errors)
    assert not errors
    assert [str(s.rel) for s in loaded.sources] == ["_index.md"]
    assert loaded.assets == ()


def test_missing_site_yml_is_reported(scratch_errors) -> None:
    assert scratch_errors({"site.yml": None}) == [
        "site.yml:1: error: site.yml is missing; create it with at least `name`, `base_url` and "
        "`language`"
    ]


def test_key_lines_and_body_line_are_file_lines() -> None:
    source, errors = parse("---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n\n\nText.\n")
    assert errors == []
    assert source.front.key_lines == {"title": 2, "description": 3}
    assert source.body_line == 7
    assert source.body.strip() == "Text."


def test_leading_blank_lines_shift_every_line() -> None:
    source, _ = parse("\n\n---\ntitle: Bygglov\ndescription: Om bygglov.\n---\nText.\n")
    assert source.front.key_lines == {"title": 4, "description": 5}
    assert source.body_line == 7


def test_blank_lines_after_the_opening_dashes_count() -> None:
    # Line 1 ---, line 2 blank, line 3 title, line 4 description, line 5 ---, line 6 text.
    source, _ = parse("---\n\ntitle: Bygglov\ndescription: Om bygglov.\n---\nText.\n")
    assert source.front.key_lines == {"title": 3, "description": 4}
    assert source.body_line == 6


def test_error_after_a_blank_line_in_front_matter_names_the_right_line(scratch_errors) -> None:
    errors = scratch_errors(
        {"Sida.md": "---\n\ntitle: Sida\ndescription: Sida.\ntype: blog\n---\n"}
    )
    assert errors == [
        "Sida.md:5: error: `type` must be one of `page`, `service` or `news`, not 'blog'"
    ]


def test_windows_line_endings_and_byte_order_mark_are_read(scratch_errors) -> None:
    page = "\ufeff---\r\ntitle: Sida\r\ndescription: Sida.\r\n---\r\n\r\n# Rubrik\r\n"
    errors = scratch_errors({"Sida.md": page.encode("utf-8")})
    assert errors == [
        "Sida.md:6: error: a `# ` heading in the text; the title is the page's only h1, so use "
        "`## ` here"
    ]


def test_file_that_is_not_utf8_is_reported_at_the_first_bad_line(scratch_errors) -> None:
    page = "---\ntitle: Sida\ndescription: Sida.\n---\n\nRad två.\nLäs mer.\n".encode("latin-1")
    assert scratch_errors({"Sida.md": page}) == [
        "Sida.md:6: error: the file is not UTF-8 text; save it as UTF-8 in your editor"
    ]


NO_FRONT_MATTER = (
    "error: the page has no front matter; start the file with a line `---`, then `title:` and "
    "`description:`, then another `---`"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Bara text.\n", f"Sida.md:1: {NO_FRONT_MATTER}"),
        ("\n\nBara text.\n", f"Sida.md:3: {NO_FRONT_MATTER}"),
        (
            "---\ntitle: Sida\n\nText.\n",
            "Sida.md:1: error: the front matter is not closed; add a line `---` after it",
        ),
    ],
)
def test_rejects_pages_without_well_formed_front_matter(text: str, message: str) -> None:
    source, errors = parse(text)
    assert errors == [message]
    # Still a page (so links to it are not broken), but nothing in it is read.
    assert source.front_ok is False
    assert source.front.data == {} and source.body == ""


def test_no_front_matter_error_names_the_first_non_blank_line() -> None:
    _, errors = parse("\n\nBara text.\n")
    assert errors == [f"Sida.md:3: {NO_FRONT_MATTER}"]


def test_front_matter_that_is_a_single_value_is_rejected() -> None:
    source, errors = parse("---\nBygglov\n---\nText.\n")
    assert errors == [
        "Sida.md:2: error: front matter must be a list of `key: value` lines, not a single value"
    ]
    assert source.front_ok is False and source.front.data == {}


def test_body_after_front_matter_that_is_not_yaml_is_kept_with_its_line() -> None:
    source, errors = parse("---\ntitle: Bygglov: så går det till\n---\n\nText.\n")
    assert errors == [
        "Sida.md:2: error: front matter is not valid YAML: the value of `title` contains `: `, "
        "which YAML reads as the start of another key; put the whole value in quotes: "
        'title: "Bygglov: så går det till"'
    ]
    assert source.front_ok is False
    assert source.body.strip() == "Text." and source.body_line == 5


def test_value_yaml_cannot_read_keeps_its_line_but_no_value() -> None:
    source, errors = parse("---\ntitle: Bygglov\ndescription: B.\nreviewed: 2026-13-01\n---\n")
    assert errors == [
        "Sida.md:4: error: `reviewed: 2026-13-01` is not a date, as there is no month 13; "
        "write dates as YYYY-MM-DD; did you mean `reviewed: 2026-01-13`?"
    ]
    assert source.front_ok is True
    assert "reviewed" not in source.front.data
    assert source.front.unreadable == frozenset({"reviewed"})
    assert source.front.line("reviewed") == 4


def test_file_that_is_not_utf8_still_has_its_url(scratch_errors) -> None:
    latin1 = "---\ntitle: Sida\ndescription: Sida.\n---\n\nRäksmörgås.\n".encode("latin-1")
    errors = scratch_errors(
        {
            "Sida.md": latin1,
            "Annan.md": "---\ntitle: Annan\ndescription: Annan.\n---\n\nSe [sidan](/sida/).\n",
        }
    )
    assert errors == [
        "Sida.md:6: error: the file is not UTF-8 text; save it as UTF-8 in your editor"
    ]


def test_empty_front_matter_gives_an_empty_mapping() -> None:
    source, errors = parse("---\n---\nText.\n")
    assert errors == []
    assert source.front.data == {}
