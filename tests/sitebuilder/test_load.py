"""Stage 1, load: files become sources and assets, and every part remembers its file line."""

from __future__ import annotations

import os
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


# -- only what is really in content/: symbolic links and odd files ----------------------------

INSIDE_FILE = (
    "error: this is a symbolic link (to `{to}`); the build does not follow links, even inside "
    "content/: put the file itself here, or link to its address from the text"
)
INSIDE_FOLDER = (
    "error: this is a symbolic link (to `{to}`); the build does not follow links, even inside "
    "content/: remove it, and link to the pages' addresses from the text instead"
)
OUTSIDE = (
    "error: this is a symbolic link to `{to}`, outside the content folder, and the build never "
    "reads anything outside content/; remove the link and put a copy of the {kind} here"
)
DANGLING = (
    "error: this is a symbolic link to `{to}`, which does not exist; remove the link, or put "
    "the file itself here"
)


def test_no_symbolic_link_is_followed_and_each_is_reported(scratch_site, tmp_path: Path) -> None:
    content = scratch_site({"Bygga/_index.md": "---\ntitle: Bygga\ndescription: B.\n---\n"})
    secret = tmp_path / "hemlig.md"
    secret.write_text("---\ntitle: Hemlig\ndescription: H.\n---\n")
    links = {
        "Bygga/Hemlig.md": str(secret),
        "Bygga/miljo.txt": "/proc/self/environ",
        "Bygga/Kopia.md": "_index.md",
        "Bygga/Slinga": "..",  # a loop: never walked
        "Själv": ".",
        "Utanför": str(tmp_path),
        "Borta.md": "finns-inte.md",
        "Cirkel.md": "Cirkel.md",
    }
    for rel, to in links.items():
        os.symlink(to, content / rel)
    errors = ErrorList()
    loaded = load_content(content, errors)
    assert [str(s.rel) for s in loaded.sources] == ["_index.md", "Bygga/_index.md"]
    assert loaded.assets == ()
    assert sorted(e.format().replace(f"{content}/", "") for e in errors.items) == sorted(
        [
            f"Borta.md:1: {DANGLING.format(to='finns-inte.md')}",
            f"Bygga/Hemlig.md:1: {OUTSIDE.format(to=secret, kind='file')}",
            f"Bygga/Kopia.md:1: {INSIDE_FILE.format(to='_index.md')}",
            f"Bygga/Slinga:1: {INSIDE_FOLDER.format(to='..')}",
            f"Bygga/miljo.txt:1: {OUTSIDE.format(to='/proc/self/environ', kind='file')}",
            f"Cirkel.md:1: {DANGLING.format(to='Cirkel.md')}",
            f"Själv:1: {INSIDE_FOLDER.format(to='.')}",
            f"Utanför:1: {OUTSIDE.format(to=tmp_path, kind='folder')}",
        ]
    )


def test_links_in_the_forms_folder_are_reported_and_not_read(scratch_errors, tmp_path) -> None:
    secret = tmp_path / "hemlig.yml"
    secret.write_text("id: kontakt\n")
    content = tmp_path / "content"
    (content / "forms").mkdir(parents=True)
    os.symlink(secret, content / "forms" / "kontakt.yml")
    os.symlink("saknas.yml", content / "forms" / "borta.yml")
    (content / "forms" / "mapp.yml").mkdir()
    page = "---\ntitle: Kontakt\ndescription: K.\nform: kontakt\n---\n"
    assert scratch_errors({"Kontakt.md": page}) == [
        f"forms/borta.yml:1: {DANGLING.format(to='saknas.yml')}",
        f"forms/kontakt.yml:1: {OUTSIDE.format(to=secret, kind='file')}",
        "forms/mapp.yml:1: error: this is not a file; a form definition is one .yml file per form",
    ]


def test_a_pipe_is_reported_and_never_opened(scratch_site) -> None:
    content = scratch_site()
    os.mkfifo(content / "Ror.md")  # opening it for reading would wait for ever
    errors = ErrorList()
    loaded = load_content(content, errors)
    assert [str(s.rel) for s in loaded.sources] == ["_index.md"]
    assert [e.format().replace(f"{content}/", "") for e in errors.items] == [
        "Ror.md:1: error: this is neither a file nor a folder (a device, pipe or socket); remove it"
    ]


def test_read_file_refuses_a_link_and_a_pipe(tmp_path: Path) -> None:
    from sitebuilder.load import read_file  # new: imported here so the rest runs without it

    (tmp_path / "fil.txt").write_text("text")
    os.symlink("fil.txt", tmp_path / "lank.txt")
    os.mkfifo(tmp_path / "ror")
    assert read_file(tmp_path / "fil.txt") == b"text"
    with pytest.raises(OSError):
        read_file(tmp_path / "lank.txt")
    with pytest.raises(OSError):
        read_file(tmp_path / "ror")


def test_names_with_control_characters_are_reported(scratch_site) -> None:
    content = scratch_site()
    (content / "Bygg\x01lov.md").write_text("---\ntitle: B\ndescription: B.\n---\n")
    (content / "Mapp\u202e").mkdir()
    errors = ErrorList()
    loaded = load_content(content, errors)
    assert [str(s.rel) for s in loaded.sources] == ["_index.md"]
    assert sorted(e.format().replace(f"{content}/", "") for e in errors.items) == [
        "Bygg\x01lov.md:1: error: the name `Bygg\\x01lov.md` holds an invisible control "
        "character; rename it using only visible characters",
        "Mapp\u202e:1: error: the name `Mapp\\u202e` holds an invisible control character; "
        "rename it using only visible characters",
    ]


@pytest.mark.parametrize("name", ["taxa.pdf ", "karta.pn g", "bild.jpg~", "plan.päf"])
def test_a_published_file_needs_a_plain_extension(scratch_errors, name: str) -> None:
    suffix = "." + name.rsplit(".", 1)[1]
    assert scratch_errors({f"Bygga/{name}": b"data"}) == [
        f"Bygga/{name}:1: error: the file name ends in `{suffix}`; rename it so that the part "
        "after the last `.` has only letters a-z and digits, e.g. `.pdf`"
    ]


def test_a_site_yml_that_cannot_be_read_is_not_also_missing(scratch_errors) -> None:
    assert scratch_errors({"site.yml": "name: Tästby\n".encode("latin-1")}) == [
        "site.yml:1: error: the file is not UTF-8 text; save it as UTF-8 in your editor"
    ]


# -- characters XML and HTML forbid ------------------------------------------------------------

PASTED = "web pages and feeds cannot hold it: delete it (it may have come with text pasted from another program)"


def test_forbidden_characters_are_reported_at_their_line_and_column(scratch_errors) -> None:
    page = (
        "---\ntitle: Sida\x00\ndescription: Sida.\n---\n\n"
        "Rad med\x0b vertikal tabb.\n"
        "Tre\x1f på\x1f en\x1f rad.\n"
        "Kommunens\x92 ansvar.\n"
        "Ett\ufffe tecken och\U0010ffff ett till.\n"
        "Ok: tab\t, CR\r, NBSP\u00a0, U+2028\u2028, emoji 🏠, U+FFFD \ufffd.\n"
    )
    assert scratch_errors({"Sida.md": page}) == [
        f"Sida.md:2: error: there is the invisible control character U+0000 (NUL) in column 12; {PASTED}",
        f"Sida.md:6: error: there is the invisible control character U+000B (vertical tab) in column 8; {PASTED}",
        f"Sida.md:7: error: there is the invisible control character U+001F in column 4 (and 2 more on this line); {PASTED}",
        "Sida.md:8: error: there is the invisible control character U+0092 in column 10; it is "
        "probably a ’ from a text saved in the wrong encoding: type ’ in its place",
        f"Sida.md:9: error: there is the invisible character U+FFFE in column 4 (and 1 more on this line); {PASTED}",
    ]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ('"Sida\\0"', "U+0000 (NUL)"),
        ('"Sida\\x0b"', "U+000B (vertical tab)"),
        ('"Sida\\e"', "U+001B (escape)"),
        ('"Sida\\U0001FFFE"', "U+1FFFE"),
    ],
)
def test_forbidden_characters_written_as_yaml_escapes_are_reported(
    scratch_errors, value: str, code: str
) -> None:
    errors = scratch_errors({"Sida.md": f"---\ntitle: Sida\ndescription: {value}\n---\n"})
    assert errors == [
        f"Sida.md:3: error: `description` holds the invisible {'character' if code == 'U+1FFFE' else 'control character'} "
        f"{code}, written as a \\ escape inside quotes; web pages and feeds cannot hold it: "
        "remove the escape"
    ]


def test_a_surrogate_cannot_come_from_utf8_or_a_yaml_escape(scratch_errors) -> None:
    page = b"---\ntitle: Sida\ndescription: Sida.\n---\n\nText \xed\xa0\x80.\n"
    assert scratch_errors({"Sida.md": page}) == [
        "Sida.md:6: error: the file is not UTF-8 text; save it as UTF-8 in your editor"
    ]
    escaped = scratch_errors({"Sida.md": '---\ntitle: Sida\ndescription: "\\ud800"\n---\n'})
    assert [e.split(": error: ")[0] for e in escaped] == ["Sida.md:3"]  # PyYAML refuses it


def test_forbidden_characters_in_site_yml_and_forms_are_reported(scratch_errors) -> None:
    form = (
        "id: kontakt\ntitle: Kontakt\x08\nrecipient: a@test.example\nsubject: Fråga\n"
        'success: Tack.\nfields:\n  - name: fraga\n    type: textarea\n    label: "Fråga\\x7f"\n'
        "    personal: false\n"
    )
    errors = scratch_errors(
        {
            "site.yml": "name: Testby\x0c kommun\nbase_url: https://test.example\nlanguage: sv\n",
            "forms/kontakt.yml": form,
        }
    )
    assert errors == [
        "forms/kontakt.yml:2: error: there is the invisible control character U+0008 in column "
        f"15; {PASTED}",
        "forms/kontakt.yml:9: error: field `fraga`: `label` holds the invisible control character "
        "U+007F (DEL), written as a \\ escape inside quotes; web pages and feeds cannot hold it: "
        "remove the escape",
        "site.yml:1: error: there is the invisible control character U+000C (form feed) in "
        f"column 13; {PASTED}",
    ]


def test_a_data_file_that_is_not_utf8_is_an_error_not_a_traceback(scratch_errors) -> None:
    errors = scratch_errors(
        {"accessibility.yml": "compliance: delvis förenlig\n".encode("latin-1")}
    )
    assert errors == [
        "accessibility.yml:1: error: the file is not UTF-8 text; save it as UTF-8 in your editor"
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_number_is_right_whatever_the_line_endings(scratch_errors, ending) -> None:
    def lines(*rows: str) -> bytes:
        return ending.join(rows).encode() + ending.encode()

    form = lines(
        "id: kontakt",
        "title: Kontakt",
        "recipient: a@test.example",
        "subject: Fråga",
        "success: Tack.",
        "fields:",
        "  - name: fraga",
        "    type: textarea",
        "    label: Fråga\x08",
        "    personal: false",
    )
    errors = scratch_errors(
        {
            "site.yml": lines(
                "name: Testby kommun", "base_url: https://test.example", "language: sv", "vikt: 3"
            ),
            "Sida.md": lines(
                "---", "title: Sida", "description: Sida.", "---", "", "Rad sex.", "Rad\x0b sju."
            ),
            "Annan.md": lines("---", "title: Annan", "description: Annan.", "typ: page", "---"),
            "Trasig.md": lines("---", "title: Trasig", "description: T.", "---", "", "Rad sex.")
            + "Läs mer.".encode("latin-1"),
            "forms/kontakt.yml": form,
        }
    )
    assert [e.split(": error: ")[0] for e in errors] == [
        "Annan.md:4",
        "Sida.md:7",
        "Trasig.md:7",
        "forms/kontakt.yml:9",
        "site.yml:4",
    ]


PUBLISHED = ["png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf", "docx", "xlsx"]
PUBLISHED += ["pptx", "odt", "ods", "odp", "csv", "txt"]


def test_images_and_documents_are_published_and_config_files_never(make_scratch) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    files: dict[str, str | bytes | None] = {
        f"filer/fil.{ext}": svg if ext == "svg" else b"x" for ext in PUBLISHED
    }
    files["filer/VERSAL.PDF"] = b"x"
    files["accessibility.yml"] = "compliance: full\ncontact:\n  email: t@test.example\n"
    files["search.yml"] = "synonyms: {}\n"
    site = make_scratch(files)
    published = set(site.copies)
    assert {f"filer/fil.{ext}" for ext in PUBLISHED} | {"filer/versal.pdf"} == published
    assert not {"accessibility.yml", "search.yml", "site.yml"} & set(site.files)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("sida.html", "write the page as a Markdown file (.md) instead"),
        ("sida.HTM", "write the page as a Markdown file (.md) instead"),
        ("skript.js", "scripts come only from the theme"),
        ("stil.css", "styles come only from the theme"),
        ("data.yml", "the build reads only site.yml"),
        ("mall.docm", "without macros"),
        ("bild.bmp", "save it in one of those formats"),
        ("Bygglov", "has no file type at its end"),
        ("Thumbs.db", "a file your computer makes for itself"),
    ],
)
def test_a_file_of_another_type_is_refused_with_what_to_do(
    scratch_errors, name: str, says: str
) -> None:
    errors = scratch_errors({f"Bygga/{name}": b"<script>alert(1)</script>"})
    assert len(errors) == 1 and errors[0].startswith(f"Bygga/{name}:1: error: ")
    assert says in errors[0]


@pytest.mark.parametrize(
    "char",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_every_direction_control_is_refused_in_text_and_in_escapes(scratch_errors, char) -> None:
    escaped = char.encode("unicode_escape").decode()
    errors = scratch_errors(
        {"Sida.md": f'---\ntitle: Sida{char}\ndescription: "Sida{escaped}"\n---\n\nText{char}.\n'}
    )
    assert [e.split(": error: ")[0] for e in errors] == ["Sida.md:2", "Sida.md:3", "Sida.md:6"]
    assert all(f"U+{ord(char):04X}" in e and "another order" in e for e in errors)


def test_joiners_marks_and_zero_width_spaces_are_text(make_scratch) -> None:
    # Persian needs the zero-width non-joiner, emoji sequences the joiner; the marks U+200E
    # and U+200F reorder nothing around them; a zero-width space lets a long word break.
    title = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f469"
    site = make_scratch(
        {
            "Sida.md": f"---\ntitle: {title}\ndescription: Samhällsbyggnads\u200bförvaltningen."
            "\n---\n\n\u200fمتن \u200e08-123 456.\n"
        }
    )
    assert title in site.files["sida/index.html"].decode()
