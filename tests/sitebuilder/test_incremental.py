"""Incremental builds give byte-for-byte what a clean build gives, after every kind of edit."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitebuilder.pipeline import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    names = sorted(set(a) | set(b))
    return [n for n in names if a.get(n) != b.get(n)]


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the sample content and theme, so edits never touch the repository."""
    content, theme = tmp_path / "content", tmp_path / "theme"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(REPO / "theme", theme)
    # Pages no other page links to, so that deleting or renaming them is a valid edit.
    for name in ("Boule", "Minigolf"):
        (content / f"Kultur och fritid/{name}.md").write_text(
            f"---\ntitle: {name}\ndescription: {name} i Exempelby.\nreviewed: 2026-10-01\n---\n"
            f"Det finns plats för {name.lower()} i parken.\n",
            encoding="utf-8",
        )
    return content, theme


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS: dict[str, Callable[[Path, Path], None]] = {
    "page text": lambda c, t: edit(
        c / "Trafik och gator/Parkering.md", "\n## ", "\nEn ny mening.\n\n## "
    ),
    "page title": lambda c, t: edit(
        c / "Trafik och gator/Parkering.md", "title: Parkering", "title: Parkera bilen"
    ),
    "front matter owner": lambda c, t: edit(
        c / "Kultur och fritid/Bibliotek.md", "owner: ", "owner: Biblioteksenheten, "
    ),
    "section title (nav)": lambda c, t: edit(
        c / "Trafik och gator/_index.md",
        "title: Trafik och gator",
        "title: Trafik, gator och parker",
    ),
    "template": lambda c, t: edit(t / "layouts/page.html", "<h1>", '<h1 class="page-title">'),
    "css": lambda c, t: edit(t / "static/site.css", "--space: 1rem;", "--space: 1.1rem;"),
    "ui strings": lambda c, t: edit(
        t / "strings/sv.yml", "reviewed: Senast granskad", "reviewed: Granskad"
    ),
    "site config": lambda c, t: edit(
        c / "site.yml", "hours: Vardagar 8–16", "hours: Vardagar 8–17"
    ),
    "page added": lambda c, t: (c / "Kultur och fritid/Simhall.md").write_text(
        "---\ntitle: Simhall\ndescription: Öppettider och priser i simhallen.\nreviewed: 2026-11-01\n---\n"
        "Simhallen har öppet alla dagar.\n",
        encoding="utf-8",
    ),
    "news added": lambda c, t: (c / "Nyheter/Nytt badhus.md").write_text(
        "---\ntitle: Nytt badhus\ndescription: Badhuset öppnar i december.\ntype: news\n"
        "date: 2026-11-24\n---\nBadhuset öppnar den 1 december.\n",
        encoding="utf-8",
    ),
    "page deleted": lambda c, t: (c / "Kultur och fritid/Boule.md").unlink(),
    "page renamed": lambda c, t: (c / "Kultur och fritid/Minigolf.md").rename(
        c / "Kultur och fritid/Minigolfbana.md"
    ),
    "form changed": lambda c, t: edit(
        c / "forms/kontakt.yml", "title: ", "title: Skriv till oss – "
    ),
    "asset changed": lambda c, t: edit(c / "bilder/logo.svg", "</svg>", "<!-- ny --></svg>"),
    "draft published": lambda c, t: edit(
        c / "Nyheter/Julmarknad på torget.md", "draft: true", "draft: false"
    ),
    # The home page shows a task by its page's title, and a few e-services.
    "title of a home task's page": lambda c, t: edit(
        c / "Omsorg och stöd/Ekonomiskt bistånd.md",
        "title: Ekonomiskt bistånd",
        "title: Ekonomiskt bistånd (försörjningsstöd)",
    ),
    "home tasks": lambda c, t: edit(
        c / "_index.md", "  - /omsorg-och-stod/ekonomiskt-bistand/\n", ""
    ),
    "title of an e-service": lambda c, t: edit(
        c / "Kommun och politik/Medborgarförslag och synpunkter.md",
        "title: ",
        "title: Lämna ett ",
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_incremental_build_equals_clean_build_after_edit(site, tmp_path: Path, name: str) -> None:
    content, theme = site
    out, clean_out = tmp_path / "public", tmp_path / "clean"
    options = BuildOptions(content=content, out=out, theme=theme)
    first = build(options)
    assert first.mode == "clean"

    EDITS[name](content, theme)
    second = build(options)
    assert second.mode == "incremental"
    build(BuildOptions(content=content, out=clean_out, theme=theme, cache=False))
    assert differences(tree(out), tree(clean_out)) == []


def test_a_series_of_edits_stays_identical_to_clean_builds(site, tmp_path: Path) -> None:
    content, theme = site
    out = tmp_path / "public"
    options = BuildOptions(content=content, out=out, theme=theme)
    build(options)
    for step, (name, apply) in enumerate(EDITS.items()):
        apply(content, theme)
        result = build(options)
        clean_out = tmp_path / f"clean-{step}"
        build(BuildOptions(content=content, out=clean_out, theme=theme, cache=False))
        assert differences(tree(out), tree(clean_out)) == [], f"after {name}"
        assert result.mode == "incremental"


def test_nothing_changed_writes_nothing(site, tmp_path: Path) -> None:
    content, theme = site
    options = BuildOptions(content=content, out=tmp_path / "public", theme=theme)
    build(options)
    again: BuildResult = build(options)
    assert (again.mode, again.files) == ("unchanged", 0)


def test_one_page_edited_rewrites_only_what_shows_it(site, tmp_path: Path) -> None:
    content, theme = site
    options = BuildOptions(content=content, out=tmp_path / "public", theme=theme)
    build(options)
    EDITS["page text"](content, theme)
    result = build(options)
    assert result.mode == "incremental"
    assert result.files == 1  # the page itself; its title did not change, so nothing else


def test_a_changed_published_folder_is_rebuilt_whole(site, tmp_path: Path) -> None:
    content, theme = site
    out = tmp_path / "public"
    options = BuildOptions(content=content, out=out, theme=theme)
    build(options)
    (out / "stray.html").write_text("left by hand")
    (out / "index.html").write_text("edited by hand")
    result = build(options)
    assert result.mode == "clean"
    assert not (out / "stray.html").exists()
    build(BuildOptions(content=content, out=tmp_path / "clean", theme=theme, cache=False))
    assert differences(tree(out), tree(tmp_path / "clean")) == []


def test_corrupt_cache_falls_back_to_a_clean_build_with_a_notice(site, tmp_path: Path) -> None:
    content, theme = site
    options = BuildOptions(content=content, out=tmp_path / "public", theme=theme)
    build(options)
    (cache_file,) = options.cache_folder.glob("*.pickle")
    cache_file.write_bytes(b"not a pickle")
    notices: list[str] = []
    EDITS["page text"](content, theme)
    result = build(options, notice=notices.append)
    assert result.mode == "clean"
    assert len(notices) == 1 and "clean build" in notices[0]
    build(BuildOptions(content=content, out=tmp_path / "clean", theme=theme, cache=False))
    assert differences(tree(tmp_path / "public"), tree(tmp_path / "clean")) == []


def test_missing_cache_is_a_clean_build_without_fuss(site, tmp_path: Path) -> None:
    content, theme = site
    options = BuildOptions(content=content, out=tmp_path / "public", theme=theme)
    build(options)
    shutil.rmtree(options.cache_folder)
    notices: list[str] = []
    assert build(options, notice=notices.append).mode == "clean"
    assert notices == []


def test_failed_build_keeps_the_cache_and_the_site(site, tmp_path: Path) -> None:
    content, theme = site
    out = tmp_path / "public"
    options = BuildOptions(content=content, out=out, theme=theme)
    build(options)
    before = tree(out)
    edit(content / "Trafik och gator/Parkering.md", "title: Parkering", "titel: Parkering")
    with pytest.raises(Exception, match="error"):
        build(options)
    assert tree(out) == before
    edit(content / "Trafik och gator/Parkering.md", "titel: Parkering", "title: Parkering")
    assert build(options).mode in ("incremental", "unchanged")
    assert tree(out) == before


def test_lost_rendered_bodies_are_rendered_again(site, tmp_path: Path) -> None:
    content, theme = site
    out = tmp_path / "public"
    options = BuildOptions(content=content, out=out, theme=theme)
    build(options)
    (store,) = options.cache_folder.glob("*.sqlite")
    store.unlink()
    EDITS["section title (nav)"](content, theme)  # every page shows the menu: all re-rendered
    assert build(options).mode == "incremental"
    build(BuildOptions(content=content, out=tmp_path / "clean", theme=theme, cache=False))
    assert differences(tree(out), tree(tmp_path / "clean")) == []


def test_a_changed_builder_invalidates_the_cache(site, tmp_path: Path, monkeypatch) -> None:
    from sitebuilder import freshness

    content, theme = site
    options = BuildOptions(content=content, out=tmp_path / "public", theme=theme)
    build(options)
    monkeypatch.setattr(freshness, "code_digest", lambda: "a newer version of the builder")
    assert freshness.unchanged(options) is None
    assert build(options).mode == "clean"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, modification time and inode: 'untouched' means all three."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("clean", [False, True], ids=["incremental", "clean"])
def test_a_template_that_fails_mid_build_leaves_the_output_untouched(
    site, tmp_path: Path, clean: bool
) -> None:
    from sitebuilder.errors import BuildFailed

    content, theme = site
    # Enough pages that rendering runs in batches across worker processes.
    for n in range(450):
        (content / f"Kultur och fritid/Aktivitet {n:03}.md").write_text(
            f"---\ntitle: Aktivitet {n}\ndescription: Aktivitet nummer {n}.\n---\nText.\n",
            encoding="utf-8",
        )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out, theme=theme))
    before = snapshot(out)
    # Every page changes, and the service box (on service pages only, late in the order)
    # uses a variable nobody passes.
    edit(theme / "layouts/page.html", "<h1>", '<h1 class="page-title">')
    macro = theme / "components/service_info/macro.html"
    lines = macro.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(len(lines) - 1, "{{ params.nobody_passes_this }}\n")
    macro.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(content=content, out=out, theme=theme, clean=clean))

    (error,) = failed.value.errors
    assert re.fullmatch(
        re.escape(f"{macro}:{len(lines) - 1}: error: the theme failed while rendering /")
        + r"[a-z0-9/-]+ and \d+ more: "
        + re.escape(
            "'dict object' has no attribute 'nobody_passes_this'; fix the template (the content "
            "is not at fault), then build again"
        ),
        error.format(),
    ), error.format()
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")] == []


def test_a_file_that_becomes_a_folder_between_builds_is_built_in_place(
    site, tmp_path: Path
) -> None:
    content, theme = site
    out = tmp_path / "public"
    page = content / "Trafik och gator/Parkering.md"
    edit(page, "\ntitle: ", "\naliases: [/parkering.html]\ntitle: ")
    build(BuildOptions(content=content, out=out, theme=theme))
    edit(page, "aliases: [/parkering.html]", "aliases: [/parkering.html/2019/]")
    result = build(BuildOptions(content=content, out=out, theme=theme))
    assert result.mode == "incremental"
    clean = tmp_path / "clean"
    build(BuildOptions(content=content, out=clean, theme=theme, cache=False))
    assert differences(tree(out), tree(clean)) == []


def test_something_in_the_way_in_the_published_folder_gives_a_clean_build(
    site, tmp_path: Path
) -> None:
    content, theme = site
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out, theme=theme))
    # Not the build's: an empty folder where a new page's file must go. A foreign file would
    # be seen before the build starts (test above); an empty folder only when writing.
    (out / "kultur-och-fritid" / "simhall" / "index.html").mkdir(parents=True)
    EDITS["page added"](content, theme)
    notices: list[str] = []
    result = build(BuildOptions(content=content, out=out, theme=theme), notice=notices.append)
    assert result.mode == "clean"
    assert len(notices) == 1 and "nothing changed; doing a clean build" in notices[0]
    clean = tmp_path / "clean"
    build(BuildOptions(content=content, out=clean, theme=theme, cache=False))
    assert differences(tree(out), tree(clean)) == []


def test_a_clash_with_an_unchanged_page_names_its_alias_line(site, tmp_path: Path) -> None:
    from sitebuilder.errors import BuildFailed

    content, theme = site
    out = tmp_path / "public"
    page = content / "Trafik och gator/Parkering.md"
    edit(
        page,
        "\ntitle: ",
        "\naliases:\n  - /gammal-parkering/\n  - /trafik-och-gator/karta.png\ntitle: ",
    )
    build(BuildOptions(content=content, out=out, theme=theme))
    (content / "Trafik och gator/karta.png").write_bytes(b"\x89PNG")  # the page is unchanged
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(content=content, out=out, theme=theme))
    assert [(e.path, e.line) for e in failed.value.errors] == [(page, 4)]
