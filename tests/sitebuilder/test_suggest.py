"""A link to a content file that is not there suggests the file it probably meant."""

from __future__ import annotations

import pytest

from sitebuilder.suggest import file_hint

FILES = ["Bygga/Bygglov.md", "Bygga/_index.md", "Bygga och bo/Altan.md", "_index.md"]


CASE = " (upper and lower case must match the file's name)"


@pytest.mark.parametrize(
    ("looked_for", "page", "hint"),
    [
        ("Bygga/bygglov.md", "Bygga/Annat.md", f"did you mean `Bygglov.md`?{CASE}"),
        ("bygga/Bygglov.MD", "Annat.md", f"did you mean `Bygga/Bygglov.md`?{CASE}"),
        (
            "bygga och bo/altan.md",
            "Bygga/Annat.md",
            f"did you mean `<../Bygga och bo/Altan.md>`?{CASE}",
        ),
        ("Bygga/Bygglv.md", "Bygga/Annat.md", "did you mean `Bygglov.md`?"),
        ("Kultur/Bibliotek.md", "Annat.md", None),
    ],
)
def test_hint(looked_for: str, page: str, hint: str | None) -> None:
    assert file_hint(looked_for, page, FILES) == hint


def test_a_link_that_differs_only_in_case_says_so(scratch_errors) -> None:
    errors = scratch_errors(
        {
            "Bygga/_index.md": "---\ntitle: Bygga\ndescription: Bygga.\n---\n",
            "Bygga/Bygglov.md": "---\ntitle: Bygglov\ndescription: Om bygglov.\n---\n",
            "Bygga/Altan.md": (
                "---\ntitle: Altan\ndescription: Om altaner.\n---\n\nSe [bygglov](bygglov.md).\n"
            ),
        }
    )
    assert errors == [
        "Bygga/Altan.md:6: error: `bygglov.md` points to no file under content/ (looked for "
        "Bygga/bygglov.md); did you mean `Bygglov.md`? (upper and lower case must match the "
        "file's name)"
    ]
