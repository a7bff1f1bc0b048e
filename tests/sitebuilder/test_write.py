"""Stage 5, write: the new site is built beside the old one and swapped in whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder.write import CommitFailed, FreshFolder, InPlace, OutsideOutput, write_site


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_writes_files_and_copies_into_a_new_folder(tmp_path: Path) -> None:
    source = tmp_path / "karta.png"
    source.write_bytes(b"\x89PNG bild")
    out = tmp_path / "public"
    count = write_site(
        out, {"index.html": b"<h1>Hej</h1>", "a/b/index.html": b"b"}, {"bilder/karta.png": source}
    )
    assert count == 3
    assert tree(out) == {
        "a/b/index.html": b"b",
        "bilder/karta.png": b"\x89PNG bild",
        "index.html": b"<h1>Hej</h1>",
    }


def test_replaces_the_old_site_whole(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"index.html": b"gammal", "borttagen/index.html": b"x"}, {})
    write_site(out, {"index.html": b"ny"}, {})
    assert tree(out) == {"index.html": b"ny"}


def test_leaves_no_temporary_folders_behind(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"index.html": b"1"}, {})
    write_site(out, {"index.html": b"2"}, {})
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["public"]


def test_creates_missing_parent_folders(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "public"
    write_site(out, {"index.html": b"1"}, {})
    assert (out / "index.html").read_bytes() == b"1"


def test_refuses_to_replace_a_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.write_text("inte en mapp")
    with pytest.raises(NotADirectoryError):
        write_site(out, {"index.html": b"1"}, {})
    assert out.read_text() == "inte en mapp"


def test_a_failed_write_keeps_the_old_site_and_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"index.html": b"gammal"}, {})
    with pytest.raises(FileNotFoundError):
        write_site(out, {"index.html": b"ny"}, {"bild.png": tmp_path / "finns-inte.png"})
    assert tree(out) == {"index.html": b"gammal"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["public"]


# -- the writers stay inside their folder, whatever they are given ---------------------------

ESCAPES = [
    "../utanfor.pth",
    "../../utanfor.pth",
    "a/../../utanfor.html",
    "gamla/../../utanfor/index.html",
    "/tmp/utanfor.html",
    "",
    ".",
    "./index.html",
    "a/./b.html",
    "a\x00b.html",
]


def everything(root: Path) -> set[str]:
    """Every path under ``root`` (files, folders and links), relative to it."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.mark.parametrize("rel", ESCAPES)
def test_a_fresh_folder_refuses_paths_outside_it(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "a" / "b" / "public"
    out.parent.mkdir(parents=True)  # FreshFolder makes it; that is not a write outside
    source = tmp_path / "a" / "karta.png"
    source.write_bytes(b"png")
    before = everything(tmp_path)
    folder = FreshFolder(out)
    for call in (
        lambda: folder.write(rel, b"<h1>Hej</h1>"),
        lambda: folder.put(rel, b"<h1>Hej</h1>"),
        lambda: folder.copy(rel, source),
    ):
        with pytest.raises(OutsideOutput):
            call()
    folder.abort()
    assert folder.written == 0
    assert everything(tmp_path) == before


@pytest.mark.parametrize("rel", ESCAPES)
def test_an_incremental_update_refuses_paths_outside_its_folder(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "a" / "b" / "public"
    write_site(out, {"index.html": b"1"}, {})
    source = tmp_path / "a" / "karta.png"
    source.write_bytes(b"png")
    before = everything(tmp_path)
    folder = InPlace(out)
    for call in (
        lambda: folder.write(rel, b"<h1>Hej</h1>"),
        lambda: folder.put(rel, b"<h1>Hej</h1>"),
        lambda: folder.copy(rel, source),
        lambda: folder.remove(rel),
    ):
        with pytest.raises(OutsideOutput):
            call()
    folder.commit()
    assert everything(tmp_path) == before
    assert tree(out) == {"index.html": b"1"}


def test_a_link_inside_the_output_folder_is_not_followed_out_of_it(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"index.html": b"1"}, {})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("orörd")
    (out / "link").symlink_to(elsewhere)
    folder = InPlace(out)
    with pytest.raises(OutsideOutput):
        folder.write("link/index.html", b"x")
    with pytest.raises(OutsideOutput):
        folder.remove("link/keep.txt")
    folder.commit()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (elsewhere / "keep.txt").read_text() == "orörd"


def test_copies_refuse_a_link_at_the_source(tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.txt"
    secret.write_text("hemligt")
    link = tmp_path / "karta.png"
    link.symlink_to(secret)
    with pytest.raises(OutsideOutput, match="symbolic link"):
        write_site(tmp_path / "public", {}, {"karta.png": link})
    assert not (tmp_path / "public").exists()
    folder = InPlace(tmp_path)
    with pytest.raises(OutsideOutput, match="symbolic link"):
        folder.copy("kopia.png", link)
    folder.abort()
    assert not (tmp_path / "kopia.png").exists()


def test_names_that_only_look_odd_stay_inside_and_are_written(tmp_path: Path) -> None:
    out = tmp_path / "public"
    files = {"gamla/..bak/index.html": b"1", "a b/ö.html": b"2", "x%2e%2e/index.html": b"3"}
    write_site(out, files, {})
    assert tree(out) == files


# -- an incremental update is all or nothing ---------------------------------------------------


def stat_tree(root: Path) -> dict[str, tuple[bool, bytes, int]]:
    """Every path under ``root``: folder or not, bytes, and modification time."""
    found = {}
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        found[p.relative_to(root).as_posix()] = (
            p.is_dir(),
            b"" if p.is_dir() else p.read_bytes(),
            0 if p.is_dir() else st.st_mtime_ns,
        )
    return found


def test_an_update_may_turn_a_file_into_a_folder_and_a_folder_into_a_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"arkiv.html": b"fil", "plan/index.html": b"mapp", "index.html": b"1"}, {})
    update = InPlace(out)
    for rel, data in (("arkiv.html/2019/index.html", b"ny mapp"), ("plan", b"ny fil")):
        update.write(rel, data)
    update.write("index.html", b"2")
    update.remove("arkiv.html")
    update.remove("plan/index.html")
    update.commit()
    assert tree(out) == {
        "arkiv.html/2019/index.html": b"ny mapp",
        "plan": b"ny fil",
        "index.html": b"2",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_an_update_that_fails_half_way_puts_everything_back(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"a/index.html": b"a1", "b/index.html": b"b1", "gammal.html": b"g"}, {})
    # Something the build did not write is in the way of the last file to move in.
    (out / "z" / "index.html").mkdir(parents=True)
    (out / "z" / "index.html" / "anteckning.txt").write_text("någons fil")
    before = stat_tree(out)
    update = InPlace(out)
    for rel in ("a/index.html", "b/index.html", "c/d/index.html", "z/index.html"):
        update.write(rel, b"ny " + rel.encode())
    update.remove("gammal.html")
    with pytest.raises(CommitFailed, match="nothing changed"):
        update.commit()
    assert stat_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
