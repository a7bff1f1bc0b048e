"""The whole build: invalid sites, the golden site, atomic output and determinism."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitebuilder.errors import BuildFailed
from sitebuilder.pipeline import BuildOptions, build, make_site

REPO_ROOT = Path(__file__).resolve().parents[2]
SITES = REPO_ROOT / "tests" / "sites"
INVALID = sorted(p for p in (SITES / "invalid").iterdir() if p.is_dir())
GOLDEN = SITES / "golden"
REGENERATE = (
    "python build.py build --content tests/sites/golden/content --out tests/sites/golden/expected"
)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def tree_diff(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """A readable account of how two trees differ: missing, extra and changed files."""
    problems: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            problems.append(f"missing from the build: {name}")
        elif name not in expected:
            problems.append(f"not expected: {name}")
        elif expected[name] != actual[name]:
            diff = difflib.unified_diff(
                expected[name].decode("utf-8", "replace").splitlines(),
                actual[name].decode("utf-8", "replace").splitlines(),
                f"expected/{name}",
                f"built/{name}",
                lineterm="",
            )
            problems.append("\n".join(diff))
    return problems


def leftovers(folder: Path) -> list[str]:
    """Temporary folders the writer may have left next to the output."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".public-"))


# -- invalid sites ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_site_fails_with_exact_errors(case: Path, tmp_path: Path) -> None:
    content = case / "content"
    expected = [
        f"{content}/"
        + line.replace("{content}", str(content)).replace("{today}", dt.date.today().isoformat())
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line
    ]
    out = tmp_path / "public"
    build(BuildOptions(content=GOLDEN / "content", out=out))
    before = tree(out)

    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(content=content, out=out))

    actual = [error.format() for error in failed.value.errors]
    diff = "\n".join(
        difflib.unified_diff(sorted(expected), sorted(actual), "expected.txt", "built", lineterm="")
    ).replace(f"{content}/", "")
    assert sorted(actual) == sorted(expected), (
        f"errors differ from {case.name}/expected.txt:\n{diff}"
    )
    assert [(e.path, e.line) for e in failed.value.errors] == sorted(
        (e.path, e.line) for e in failed.value.errors
    ), "errors are not sorted by file and line"
    assert tree(out) == before, "a failed build changed the output folder"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["public"]


def test_every_invalid_case_has_content_and_expected_errors() -> None:
    assert len(INVALID) >= 25
    for case in INVALID:
        assert (case / "content" / "site.yml").is_file(), case.name
        assert (case / "expected.txt").read_text(encoding="utf-8").strip(), case.name


# -- the golden site -------------------------------------------------------------------------


def test_golden_site_matches_expected_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(BuildOptions(content=GOLDEN / "content", out=out))
    problems = tree_diff(tree(GOLDEN / "expected"), tree(out))
    assert not problems, (
        "\n\n".join(problems)
        + f"\n\nIf this change is intended, regenerate the golden site from the repository root:\n"
        f"    {REGENERATE}\nand review the diff before committing it."
    )


def test_golden_readme_gives_the_regenerate_command() -> None:
    assert REGENERATE in (GOLDEN / "README.md").read_text(encoding="utf-8")


def test_build_counts_pages_and_files(tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = build(BuildOptions(content=GOLDEN / "content", out=out))
    # Home, section, Bygglov, Avfall, the news item and the five listings (A–Ö, E-tjänster,
    # Nyheter, Servicetrappan, Sök); not the redirect or the 404 page.
    assert result.pages == 10
    assert result.files == len(tree(out))
    assert result.out == out
    assert result.seconds > 0


# -- paths in messages ----------------------------------------------------------------------


def test_error_paths_use_the_content_folder_as_given(
    scratch_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch_site({"Sida.md": "---\ntitle: Sida\ndescription: Sida.\ntype: blog\n---\n"})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BuildFailed) as failed:
        make_site(BuildOptions(content=Path("content"), out=Path("public")))
    assert [e.format() for e in failed.value.errors] == [
        "content/Sida.md:4: error: `type` must be one of `page`, `service` or `news`, not 'blog'"
    ]


def test_make_site_writes_nothing(scratch_site, tmp_path: Path) -> None:
    content = scratch_site()
    site = make_site(BuildOptions(content=content, out=tmp_path / "public"))
    assert "index.html" in site.files
    assert not (tmp_path / "public").exists()


def test_titles_and_descriptions_are_escaped_in_pages_and_feed(
    scratch_site, tmp_path: Path
) -> None:
    content = scratch_site(
        {
            "site.yml": "name: 'Test & <by>'\nbase_url: https://test.example\nlanguage: sv\n",
            "Nyheter/_index.md": "---\ntitle: Nyheter\ndescription: N.\n---\n",
            "Nyheter/Fragor.md": (
                "---\ntitle: 'Frågor & <b>svar</b>'\ndescription: 'Med \"citat\" & <i>tagg</i>'\n"
                "type: news\ndate: 2026-01-05\n---\n\nText.\n"
            ),
        }
    )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out))
    html = (out / "nyheter" / "fragor" / "index.html").read_text(encoding="utf-8")
    assert "<b>" not in html and "<i>" not in html
    assert "<h1>Frågor &amp; &lt;b&gt;svar&lt;/b&gt;</h1>" in html
    assert 'content="Med &#34;citat&#34; &amp; &lt;i&gt;tagg&lt;/i&gt;"' in html
    feed = ET.parse(out / "nyheter" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}title") == "Test & <by>: Nyheter"
    assert feed.find(f"{atom}entry").findtext(f"{atom}title") == "Frågor & <b>svar</b>"


def test_service_page_shows_its_owner_in_the_service_box(make_scratch) -> None:
    service = "---\ntitle: {0}\ndescription: {0}.\ntype: service\nladder_step: 1\n{1}---\n\nText.\n"
    site = make_scratch(
        {
            "Bygglov.md": service.format("Bygglov", "owner: Samhällsbyggnadsförvaltningen\n"),
            "Felanmalan.md": service.format("Felanmälan", ""),
        }
    )

    def service_box(path: str) -> str:
        html = site.files[path].decode()
        start = html.index('<section class="service-info"')
        return html[start : html.index("</section>", start)]

    assert (
        '<p class="service-info__owner"><span class="service-info__label">Ansvarig förvaltning:</span> '
        "Samhällsbyggnadsförvaltningen</p>"
    ) in service_box("bygglov/index.html")
    assert "service-info__owner" not in service_box("felanmalan/index.html")


# -- atomic output -------------------------------------------------------------------------


def test_rebuild_removes_pages_that_were_deleted(scratch_site, tmp_path: Path) -> None:
    content = scratch_site(
        {
            "Bygglov.md": "---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n",
            "Strandskydd.md": "---\ntitle: Strandskydd\ndescription: Om strandskydd.\n---\n",
        }
    )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out))
    assert (out / "strandskydd" / "index.html").is_file()

    (content / "Strandskydd.md").unlink()
    build(BuildOptions(content=content, out=out))

    assert not (out / "strandskydd").exists()
    assert (out / "bygglov" / "index.html").is_file()
    assert b"strandskydd" not in (out / "sitemap.xml").read_bytes()
    assert leftovers(tmp_path) == []


def test_failed_build_leaves_the_old_site_and_no_temporary_folders(
    scratch_site, tmp_path: Path
) -> None:
    content = scratch_site({"Bygglov.md": "---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n"})
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out))
    before = tree(out)
    (content / "Bygglov.md").write_text("---\ntitel: Bygglov\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(BuildOptions(content=content, out=out))
    assert tree(out) == before
    assert leftovers(tmp_path) == []


def test_redirects_file_lists_every_alias_with_the_base_path(scratch_site, tmp_path: Path) -> None:
    content = scratch_site(
        {
            "Bygglov.md": '---\ntitle: Bygglov\ndescription: B.\naliases: ["/bygg/", "/gamla/bygglov.html"]\n---\n'
        }
    )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out, base_url="https://test.example/kommun"))
    assert (out / "_redirects").read_text(encoding="utf-8").splitlines() == [
        "/kommun/bygg/ /kommun/bygglov/ 301",
        "/kommun/gamla/bygglov.html /kommun/bygglov/ 301",
    ]
    redirect = (out / "gamla" / "bygglov.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/kommun/bygglov/">' in redirect


# -- determinism ---------------------------------------------------------------------------


def test_building_the_sample_content_twice_gives_identical_trees(tmp_path: Path) -> None:
    content = REPO_ROOT / "content"
    first, second = tmp_path / "first", tmp_path / "second"
    # A sample site that does not build fails here (BuildFailed lists every error).
    build(BuildOptions(content=content, out=first))
    build(BuildOptions(content=content, out=second))
    problems = tree_diff(tree(first), tree(second))
    assert not problems, "\n\n".join(problems)
    assert len(tree(first)) > 40


def test_builds_in_processes_with_different_hash_seeds_are_identical(tmp_path: Path) -> None:
    """Set and dict order of strings changes with PYTHONHASHSEED; the output must not."""
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}" / "public"
        result = subprocess.run(
            [sys.executable, "build.py", "build", "--content", "content", "--out", out, "--clean"],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        trees.append(tree(out))
    problems = tree_diff(*trees)
    assert not problems, "\n\n".join(problems)
    assert len(trees[0]) > 40


@pytest.mark.parametrize(
    ("endpoint", "policy"),
    [
        (None, "form-action 'self'"),
        ("https://api.test.example/api/forms", "form-action 'self' https://api.test.example"),
        (
            "https://api.test.example:8443/api/forms",
            "form-action 'self' https://api.test.example:8443",
        ),
    ],
)
def test_a_page_with_a_form_allows_posts_to_its_endpoint_only(make_scratch, endpoint, policy):
    setting = f"forms_endpoint: {endpoint}\n" if endpoint else ""
    form = (
        "id: prov\ntitle: Prov\nrecipient: prov@test.example\nsubject: Prov\nsuccess: Tack.\n"
        "fields:\n  - name: val\n    type: radio\n    label: Vilket?\n    options: [A, B]\n"
    )
    site = make_scratch(
        {
            "site.yml": "name: Testby kommun\nbase_url: https://test.example\nlanguage: sv\n"
            + setting,
            "Fråga.md": "---\ntitle: Fråga\ndescription: Fråga.\nform: prov\n---\n\nText.\n",
            "forms/prov.yml": form,
        }
    )
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy.replace(chr(39), "&#39;")}">'
    )
    assert meta in site.files["fraga/index.html"].decode()
    assert "Content-Security-Policy" not in site.files["index.html"].decode()  # no form there
