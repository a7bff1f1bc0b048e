"""YAML tags, anchors and aliases are refused before YAML becomes values; plain YAML is not.

The broken sites `hostile_yaml_tags` and `hostile_yaml_billion_laughs` in tests/sites/invalid/
hold the exact messages for pages, site.yml, forms and accessibility.yml.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitebuilder.characters import check_values
from sitebuilder.errors import ErrorList
from sitebuilder.yamlsource import Mapping, parse_mapping


def parsed(text: str) -> tuple[Mapping | None, list[str]]:
    errors = ErrorList()
    mapping = parse_mapping(text, Path("sida.md"), 2, errors, what="front matter")
    return mapping, [e.format() for e in errors.items]


def laughs(levels: int) -> str:
    lines = ['a1: &a1 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(2, levels + 1):
        lines.append(f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "title: Bygg & miljö\n",
        "title: Bygga 2 * 3 hus\n",
        "title: !!str 2026\nweight: !!int '3'\nreviewed: !!timestamp 2026-11-20\n",
        "title: Hej!\naliases: [/a/, /b/]\ncontact: {name: Kommunen}\n",
    ],
)
def test_plain_yaml_and_harmless_tags_are_read(text: str) -> None:
    mapping, errors = parsed(text)
    assert errors == [] and mapping is not None


def test_binary_makes_no_bytes_that_skip_the_character_check() -> None:
    mapping, errors = parsed("title: !!binary AEhlag==\n")
    assert mapping is None
    assert errors == [
        "sida.md:2: error: `!!binary` is a YAML tag, and front matter may not use tags (they "
        "make a value something other than text): remove `!!binary` and write the value as "
        "plain text"
    ]


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo hej']",
        "!!python/name:os.system",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!pairs [a: 1]",
        "!<tag:yaml.org,2002:binary> AA==",
    ],
)
def test_every_tag_beyond_plain_values_is_refused_at_its_line(value: str) -> None:
    mapping, errors = parsed(f"title: Sida\ndescription:\n  {value}\n")
    assert mapping is None
    assert len(errors) == 1 and errors[0].startswith("sida.md:4: error: `!!")


def test_text_starting_with_a_star_still_gets_the_advice_to_quote_it() -> None:
    _, errors = parsed("title: *Viktigt*\n")
    assert errors == [
        "sida.md:2: error: front matter is not valid YAML: a value cannot start with *; put "
        'the whole value in quotes: title: "*Viktigt*"'
    ]


def test_an_anchor_that_would_eat_part_of_a_title_is_reported() -> None:
    # `&Co` was silently taken as an anchor name: the title became "bygger".
    _, errors = parsed("title: &Co bygger\n")
    assert errors == [
        "sida.md:2: error: `&Co` is a YAML anchor (it marks a value for `*Co` to repeat), and "
        "front matter may not use anchors: remove it and write the value out in full, or, if "
        "`&Co` is part of the text, put the whole value in quotes"
    ]


def test_billion_laughs_is_refused_in_linear_time() -> None:
    started = time.perf_counter()
    mapping, errors = parsed(laughs(12))  # 9**12 values if it were expanded
    assert time.perf_counter() - started < 1
    assert mapping is None
    assert [e.split(": error: ")[0] for e in errors] == [f"sida.md:{n}" for n in range(2, 14)]


def test_the_value_walk_visits_a_shared_value_once() -> None:
    # As if a parser had handed over shared values: 2**40 paths, 41 distinct lists.
    leaf: list[object] = ["Text\x00"]
    for _ in range(40):
        leaf = [leaf, leaf]
    errors = ErrorList()
    started = time.perf_counter()
    check_values(Mapping({"title": leaf}, {"title": 2}, 2), Path("sida.md"), errors)
    assert time.perf_counter() - started < 1
    assert len(errors.items) == 1 and "U+0000 (NUL)" in errors.items[0].message


def test_a_value_of_no_plain_kind_is_reported() -> None:
    errors = ErrorList()
    mapping = Mapping({"title": b"\x00Hej", "aliases": [{"a", "b"}]}, {"title": 2}, 2)
    check_values(mapping, Path("sida.md"), errors)
    assert [e.message for e in errors.items] == [
        "`title` is not text, a number, a date or a list; write it as plain text",
        "alias 1 is not text, a number, a date or a list; write it as plain text",
    ]
