"""An editor who may commit only to content/ can neither write outside the output folder nor
read outside content/, and nothing they write reaches _redirects, the feed or the sitemap
in a form those files cannot hold.

The hostile sites are the `hostile_*` cases in tests/sites/invalid/ (their exact errors are
checked by test_pipeline.py); here each is built again and watched: every file opened and
every folder listed during the build is recorded with a Python audit hook, and every path
under the test's temporary folder is compared before and after.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms_api.site import SiteNotLoadable, load_api_site
from sitebuilder import index as index_module
from sitebuilder import validate as validate_module
from sitebuilder.checks import check_site
from sitebuilder.errors import BuildFailed
from sitebuilder.freshness import unchanged
from sitebuilder.options import DEFAULT_THEME
from sitebuilder.pipeline import BuildOptions, build

# New names are imported where they are used, so that the rest of this file also runs (and
# fails for the right reasons) against a builder without them.

REPO_ROOT = Path(__file__).resolve().parents[2]
INVALID = REPO_ROOT / "tests" / "sites" / "invalid"
GOLDEN = REPO_ROOT / "tests" / "sites" / "golden" / "content"
HOSTILE = sorted(p for p in INVALID.iterdir() if p.name.startswith("hostile_"))


# -- watching what the build opens ----------------------------------------------------------

_SEEN: list[tuple[str, str]] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _SEEN is None or event not in ("open", "os.scandir", "os.listdir"):
        return
    path = args[0] if args else None
    if isinstance(path, (str, bytes, os.PathLike)):
        _SEEN.append((event, os.fsdecode(path)))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only inside `watching`


@pytest.fixture
def watching() -> Iterator[list[tuple[str, str]]]:
    """Every (event, path) of files opened and folders listed while the fixture is active."""
    global _SEEN
    _SEEN = []
    try:
        yield _SEEN
    finally:
        _SEEN = None


def outside(seen: list[tuple[str, str]], *allowed: Path) -> list[str]:
    """Paths opened or listed that are under none of ``allowed`` (nor Python's own files)."""
    roots = [Path(p).resolve() for p in allowed]
    roots += [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, *sys.path} if p]
    found = []
    for event, path in seen:
        where = Path(path) if os.path.isabs(path) else Path.cwd() / path
        # Not resolved through a final link: what matters is that the build never opens one.
        where = where.parent.resolve() / where.name
        if not any(where == root or where.is_relative_to(root) for root in roots):
            found.append(f"{event} {where}")
    return found


def snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under ``root`` (links not followed) with its mode, and for files and links
    their size and mtime (a folder's own mtime changes when a temporary folder comes and goes)."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            st = os.lstat(os.path.join(dirpath, name))
            folder = stat.S_ISDIR(st.st_mode)
            result[os.path.relpath(os.path.join(dirpath, name), root)] = (
                st.st_mode,
                0 if folder else st.st_size,
                0 if folder else st.st_mtime_ns,
            )
    return result


def through_links(seen: list[tuple[str, str]], content: Path) -> list[str]:
    """Paths under ``content`` opened or listed that are, or pass through, a symbolic link."""
    found = []
    for event, path in seen:
        where = Path(os.path.abspath(path))
        if where.is_relative_to(content.absolute()):
            steps = [where, *where.parents]
            if any(step.is_symlink() for step in steps if step.is_relative_to(content.absolute())):
                found.append(f"{event} {where}")
    return found


# -- every hostile case ---------------------------------------------------------------------


def test_there_is_a_hostile_case_for_each_kind_of_attack() -> None:
    names = {p.name for p in HOSTILE}
    for kind in ("alias", "slug", "symlink", "url", "control_characters"):
        assert any(kind in name for name in names), kind
    assert len(HOSTILE) >= 12


@pytest.mark.parametrize("case", HOSTILE, ids=[p.name for p in HOSTILE])
def test_a_hostile_site_writes_nothing_outside_the_output_folder(
    case: Path, tmp_path: Path
) -> None:
    # Deep enough that the aliases' `..` parts would land inside tmp_path, where we look.
    out = tmp_path / "a" / "b" / "c" / "public"
    build(BuildOptions(content=GOLDEN, out=out))  # a published site, and a build cache
    before, content_before = snapshot(tmp_path), snapshot(case / "content")
    with pytest.raises(BuildFailed):
        build(BuildOptions(content=case / "content", out=out))
    assert snapshot(tmp_path) == before
    assert snapshot(case / "content") == content_before


@pytest.mark.parametrize("case", HOSTILE, ids=[p.name for p in HOSTILE])
def test_a_hostile_site_reads_nothing_outside_content(case: Path, tmp_path: Path, watching) -> None:
    content = case / "content"
    options = BuildOptions(content=content, out=tmp_path / "public", cache=False)
    with pytest.raises(BuildFailed):
        build(options)
    check_site(BuildOptions(content=content))
    # The theme's templates and strings, and Python's own modules, are the builder's inputs.
    assert outside(watching, content, DEFAULT_THEME, tmp_path) == []
    assert through_links(watching, content) == []
    assert any(path.endswith("_index.md") for _, path in watching)  # the hook does see reads


# -- bypassing validation: the writer and the generated files still refuse --------------------


@pytest.fixture
def no_alias_check(monkeypatch) -> None:
    """As if alias validation had a bug: every alias accepted."""
    monkeypatch.setattr(validate_module, "alias_problem", lambda alias: None, raising=True)
    monkeypatch.setattr(index_module, "alias_problem", lambda alias: None, raising=True)


def test_the_writer_refuses_an_alias_outside_the_output_even_unvalidated(
    no_alias_check, tmp_path: Path
) -> None:
    out = tmp_path / "a" / "b" / "c" / "public"
    out.parent.mkdir(parents=True)
    before = snapshot(tmp_path)
    from sitebuilder.write import OutsideOutput

    content = INVALID / "hostile_alias_outside_output" / "content"
    with pytest.raises(OutsideOutput, match=r"refusing to write '\.\./utanfor\.pth'"):
        build(BuildOptions(content=content, out=out, cache=False))
    assert snapshot(tmp_path) == before


def test_redirects_refuse_a_line_break_or_tab_even_unvalidated(
    no_alias_check, tmp_path: Path
) -> None:
    content = INVALID / "hostile_alias_redirect_rules" / "content"
    with pytest.raises(ValueError, match="into _redirects"):
        build(BuildOptions(content=content, out=tmp_path / "public", cache=False))
    assert not (tmp_path / "public").exists()


# -- secrets behind links never appear anywhere ---------------------------------------------

MARKER = "HEMLIGT-7f3c9a-HEMLIGT"


@pytest.fixture
def secret_site(tmp_path: Path, scratch_site) -> Path:
    """A site whose links point at files holding MARKER, from every place the build looks."""
    secrets = tmp_path / "hemligt"
    (secrets / "mapp").mkdir(parents=True)
    page = f"---\ntitle: {MARKER}\ndescription: {MARKER}.\n---\n\n{MARKER}\n"
    (secrets / "sida.md").write_text(page)
    (secrets / "mapp" / "_index.md").write_text(page)
    (secrets / "bild.png").write_text(MARKER)
    (secrets / "form.yml").write_text(
        f"id: kontakt\ntitle: {MARKER}\nrecipient: a@test.example\nsubject: S\nsuccess: T.\n"
        "fields:\n  - name: fraga\n    type: textarea\n    label: F\n    personal: false\n"
    )
    (secrets / "statement.yml").write_text(f"compliance: partial\n{MARKER}: {MARKER}\n")
    content = scratch_site({"Bygga/_index.md": "---\ntitle: Bygga\ndescription: B.\n---\n"})
    os.symlink(secrets / "statement.yml", content / "accessibility.yml")
    os.symlink(secrets / "sida.md", content / "Bygga" / "Sida.md")
    os.symlink("../../hemligt/bild.png", content / "Bygga" / "bild.png")
    os.symlink(secrets / "mapp", content / "Mapp")
    os.symlink("/proc/self/environ", content / "Bygga" / "miljo.txt")
    (content / "forms").mkdir()
    os.symlink(secrets / "form.yml", content / "forms" / "kontakt.yml")
    return content


def test_a_secret_behind_a_link_never_reaches_output_messages_or_cache(
    secret_site: Path, tmp_path: Path, run_cli
) -> None:
    out = tmp_path / "public"
    env = {**os.environ, "KOMMUNWEBB_SECRET": MARKER}
    runs = [
        subprocess.run(
            [sys.executable, "build.py", *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        for args in (
            ["build", "--content", str(secret_site), "--out", str(out)],
            ["check", "--content", str(secret_site)],
            ["check", "--content", str(secret_site), "--format", "json"],
        )
    ]
    # Were the links followed, every file would be valid and the secret published.
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_symlink() and "hemligt" not in path.parts:
            assert MARKER.encode() not in path.read_bytes(), path
    for run in runs:
        assert MARKER not in run.stdout + run.stderr
        assert run.returncode == 1, run.stderr
    findings = json.loads(runs[2].stdout)["findings"]
    links = sorted(
        f["path"].removeprefix(f"{secret_site}/") for f in findings if f["level"] == "error"
    )
    assert links == [
        "Bygga/Sida.md",
        "Bygga/bild.png",
        "Bygga/miljo.txt",
        "Mapp",
        "accessibility.yml",
        "forms/kontakt.yml",
    ]
    assert not out.exists()


def test_a_linked_site_yml_is_refused_and_not_also_missing(scratch_site, tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.yml"
    secret.write_text(f"name: {MARKER}\nbase_url: https://test.example\nlanguage: sv\n")
    content = scratch_site({"site.yml": None})
    os.symlink(secret, content / "site.yml")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(content=content, out=tmp_path / "public"))
    assert [e.format().replace(f"{content}/", "") for e in failed.value.errors] == [
        f"site.yml:1: error: this is a symbolic link to `{secret}`, outside the content folder, "
        "and the build never reads anything outside content/; remove the link and put a copy "
        "of the file here"
    ]


def test_the_forms_endpoint_will_not_load_content_with_links(secret_site: Path) -> None:
    with pytest.raises(SiteNotLoadable) as failed:
        load_api_site(secret_site, "Europe/Stockholm")
    assert "symbolic link" in str(failed.value)
    assert MARKER not in str(failed.value)


# -- links added after a good build -----------------------------------------------------------


def test_a_link_to_nothing_added_after_a_build_is_reported(scratch_site, tmp_path: Path) -> None:
    content = scratch_site()
    options = BuildOptions(content=content, out=tmp_path / "public")
    build(options)
    assert unchanged(options) is not None
    os.symlink("finns-inte.md", content / "Borttagen.md")
    assert unchanged(options) is None
    with pytest.raises(BuildFailed) as failed:
        build(options)
    assert [e.format().replace(f"{content}/", "") for e in failed.value.errors] == [
        "Borttagen.md:1: error: this is a symbolic link to `finns-inte.md`, which does not "
        "exist; remove the link, or put the file itself here"
    ]


def test_a_content_folder_that_is_itself_a_link_still_builds(scratch_site, tmp_path: Path) -> None:
    content = scratch_site()
    link = tmp_path / "innehall"
    link.symlink_to(content)
    result = build(BuildOptions(content=link, out=tmp_path / "public"))
    assert result.pages >= 1


# -- aliases and slugs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias",
    [
        "/gammal-sida/",
        "/gamla/bygg.html",
        "/bygglov-för-altan/",
        "/_layouts/15/start.aspx",
        "/a:b/",
        "/Gamla_Sidor/Bygglov.ASPX",
    ],
)
def test_an_old_address_may_be_any_plain_path(alias: str) -> None:
    from sitebuilder.validate import alias_problem

    assert alias_problem(alias) is None


@pytest.mark.parametrize(
    ("alias", "reason"),
    [
        ("/../utanfor.pth", "has a part that starts with `.`"),
        ("/a/%2E%2e/utanfor/", "has a part that starts with `.`"),
        ("/.git/config", "has a part that starts with `.`"),
        ("/gammal\tsida/", "contains a tab"),
        ("/gammal\r\n/* /x/ 200!", "contains a line break"),
        ("/gammal\x00/", "the control character U+0000"),
        ("/gamla\\bygglov/", "contains a backslash"),
        ("/gamla/%5c/", "hides a backslash"),
        ("/gamla/%0a/", "hides a line break"),
        ("/gammalt/*", "reads as a pattern"),
        ("/:splat/", "reads as a pattern"),
        ("/_headers", "the file Netlify reads its headers from"),
        ("/" + "a" * 201 + "/", "longer than 200 characters"),
        ("/a\u200b/", "the invisible character U+200B"),
    ],
)
def test_an_alias_that_is_not_a_plain_path_is_refused(alias: str, reason: str) -> None:
    from sitebuilder.validate import alias_problem

    problem = alias_problem(alias)
    assert problem is not None and reason in problem


def test_an_alias_is_reported_at_its_own_line(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Bygglov.md": (
                "---\ntitle: Bygglov\ndescription: Om.\naliases:\n  - /bra/\n  - /../utanfor/\n---\n"
            )
        }
    )
    assert errors == [
        "Bygglov.md:6: error: alias `/../utanfor/` has a part that starts with `.` (such as "
        "`..`), which would leave the site's folder or name a hidden file; write the old "
        "address without it, e.g. `/gammal-sida/`"
    ]


@pytest.mark.parametrize("slug", ["bygglov\n", "bygglov\n/../x", "../x", "a" * 201])
def test_a_slug_is_one_plain_address_part(scratch_errors, slug: str) -> None:
    errors = scratch_errors(
        {"Bygglov.md": f"---\ntitle: Bygglov\ndescription: Om.\nslug: {json.dumps(slug)}\n---\n"}
    )
    assert len(errors) == 1 and errors[0].startswith("Bygglov.md:4: error: `slug` ")


# -- the generated XML files ----------------------------------------------------------------


def test_feed_and_sitemap_parse_with_every_character_a_page_may_hold(
    scratch_site, tmp_path: Path
) -> None:
    text = "Tab\there, U+2028\u2028, NBSP\u00a0, emoji 🏠, U+FFFD \ufffd, CR\r"
    content = scratch_site(
        {
            "Nyheter/_index.md": "---\ntitle: Nyheter\ndescription: N.\n---\n",
            "Nyheter/Nytt.md": (
                f'---\ntitle: "Nytt\\t{text[:20]}"\ndescription: D.\ntype: news\n'
                f"date: 2026-11-20\n---\n\n{text}\n"
            ),
        }
    )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out))
    feed = ET.parse(out / "nyheter" / "feed.xml").getroot()
    assert "emoji 🏠" in ET.tostring(feed, encoding="unicode")
    ET.parse(out / "sitemap.xml")


def test_serve_notices_a_link_to_nothing(tmp_path: Path) -> None:
    from sitebuilder.serve import snapshot as watched

    (tmp_path / "Sida.md").write_text("x")
    before = watched(tmp_path)
    os.symlink("finns-inte.md", tmp_path / "Borta.md")
    assert watched(tmp_path) != before  # so serve rebuilds, and the build reports the link


@pytest.mark.parametrize(
    "text", ["<loc>a\x00</loc>", "<title>\x0b</title>", "x\ufffe", "\U0010ffff"]
)
def test_generated_xml_is_checked_once_more_before_it_is_written(text: str) -> None:
    from sitebuilder.feeds import _xml

    with pytest.raises(ValueError, match="refusing to write the sitemap"):
        _xml("the sitemap", text)
    assert _xml("the sitemap", "<loc>Tab\tand 🏠</loc>") == "<loc>Tab\tand 🏠</loc>"
