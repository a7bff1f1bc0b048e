"""Stage 5, write: the new site is built beside the old one and swapped in whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuilder.write import write_site


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
