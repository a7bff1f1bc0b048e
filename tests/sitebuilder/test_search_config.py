"""content/search.yml: read, checked with path:line (the broken cases are in tests/sites/invalid/
search_yml_*), resolved to page URLs, never published, never read through a link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitebuilder.errors import BuildFailed, ErrorList
from sitebuilder.pipeline import BuildOptions, build, index_site
from sitebuilder.theme import DEFAULT_THEME

BYGGLOV = "---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n\nText.\n"
SECTION = "---\ntitle: Bygga\ndescription: Bygga och bo.\n---\n"
SEARCH = """\
synonyms:
  dagis: förskola
  barnomsorg: [förskola, fritidshem]
  2026: budget
best_bets:
  bygglov: Bygga/Bygglov.md
  bygga: [/bygga/, Bygga/Bygglov.md]
ignore: [och, att]
"""


def indexed(content: Path):
    errors = ErrorList()
    result = index_site(BuildOptions(content=content, theme=DEFAULT_THEME), errors)
    return result, errors


def test_reads_synonyms_best_bets_and_words_to_ignore(scratch_site) -> None:
    content = scratch_site(
        {"Bygga/_index.md": SECTION, "Bygga/Bygglov.md": BYGGLOV, "search.yml": SEARCH}
    )
    result, errors = indexed(content)
    assert not errors.items
    assert result.search.synonyms == (
        ("dagis", ("förskola",)),
        ("barnomsorg", ("förskola", "fritidshem")),
        ("2026", ("budget",)),
    )
    assert result.search.best_bets == (
        ("bygglov", ("/bygga/bygglov/",)),
        ("bygga", ("/bygga/", "/bygga/bygglov/")),
    )
    assert result.search.ignore == ("och", "att")


def test_no_search_yml_is_no_tuning(scratch_site) -> None:
    result, errors = indexed(scratch_site({"Bygga/_index.md": SECTION}))
    assert not errors.items
    assert result.search.synonyms == result.search.best_bets == result.search.ignore == ()


def test_is_never_published(scratch_site, tmp_path: Path) -> None:
    content = scratch_site(
        {
            "Bygga/_index.md": SECTION,
            "Bygga/Bygglov.md": BYGGLOV,
            "search.yml": SEARCH,
            "accessibility.yml": "compliance: full\ncontact:\n  email: a@test.example\n",
        }
    )
    out = tmp_path / "public"
    build(BuildOptions(content=content, out=out))
    published = {p.name for p in out.rglob("*")}
    assert "index.html" in published
    assert "search.yml" not in published
    assert "accessibility.yml" not in published


def test_a_linked_search_yml_is_refused_and_not_read(scratch_site, tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.yml"
    secret.write_text("synonyms:\n  HEMLIGT-7731: x\n")
    content = scratch_site({"Bygga/_index.md": SECTION})
    os.symlink(secret, content / "search.yml")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(content=content, out=tmp_path / "public"))
    lines = [e.format() for e in failed.value.errors]
    assert len(lines) == 1
    assert lines[0].startswith(f"{content}/search.yml:1: error: ")
    assert "HEMLIGT" not in lines[0]
    result, _ = indexed(content)
    assert result.search.synonyms == ()
