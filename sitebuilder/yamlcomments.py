"""Values that YAML cut short at a `#`: a space and `#` start a comment, even inside text.

`primary: #1d5c8a` is an empty colour, `title: #1 i Sverige` an empty title and
`description: Vi är bäst #1.` ends at "bäst", all without a word from YAML. So wherever a
value (unquoted) is followed by a comment on its line, the comment is looked at:

- the value is empty: the editor wrote the value and YAML read it as a comment, an error;
- `#` is followed directly by a letter or digit (`#1`, `#1d5c8a`): it reads as part of the
  value, an error that shows the value in quotes. A comment that is plainly one
  (`reply_to: true  # the department can answer`) keeps working: it has a space after `#`.

It looks at the node tree and the text (a comment leaves no node), for every YAML file the
build reads: front matter, site.yml, form definitions and accessibility.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from .messages import Part, quoted, where

_COMMENT = re.compile(r"[ \t]+#(.*)")


def cut_short(node: yaml.Node, text: str) -> Iterator[tuple[int, tuple[str | int, ...], str]]:
    """Each value cut short by a comment: its 0-based line, its location (keys and list
    indexes, as ``Mapping.line_at`` takes them) and the message."""
    lines = text.split("\n")
    yield from _visit(node, lines, (), [])


def _visit(
    node: yaml.Node, lines: list[str], loc: tuple[str | int, ...], parts: list[Part]
) -> Iterator[tuple[int, tuple[str | int, ...], str]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            yield from _visit(value_node, lines, (*loc, key), [*parts, Part("key", key)])
    elif isinstance(node, yaml.SequenceNode):
        name = parts[-1].name if parts else ""
        for i, item in enumerate(node.value):
            part = Part("item", name, i, _name_of(item))
            yield from _visit(item, lines, (*loc, i), [*parts, part])
    elif isinstance(node, yaml.ScalarNode) and not node.style and parts:  # plain: None or ""
        found = _problem(node, lines, parts)
        if found is not None:
            yield node.end_mark.line, loc, found


def _problem(node: yaml.ScalarNode, lines: list[str], parts: list[Part]) -> str | None:
    end = node.end_mark
    if end.line >= len(lines):
        return None
    match = _COMMENT.match(lines[end.line], end.column)
    if match is None:
        return None
    comment = match.group(1).rstrip()
    written = node.value
    meant = f"{written} #{comment}" if written else f"#{comment}"
    last = parts[-1]
    name = where(parts)
    fix = f"`{last.name}: {quoted(meant)}`" if last.kind == "key" else f"`- {quoted(meant)}`"
    if not written:
        if not comment.strip():
            return None  # `key: #`: nothing was cut off
        if comment[0].isspace():  # `key:  # a note`, the value forgotten or meant as `# ...`
            return (
                f"{name} is empty: YAML reads everything after a space and `#` as a comment; "
                f"write the value before the comment, or, if the value starts with `#`, put it "
                f"in quotes: {fix}"
            )
        return (
            f"{name} is empty, because YAML reads a space and `#` as the start of a comment, "
            f"so `#{comment}` is left out; put the value in quotes: {fix}"
        )
    if not comment or comment[0].isspace():
        return None  # `key: value  # a note`: a real comment
    return (
        f"{name} ends at `{written}`, because YAML reads a space and `#` as the start of a "
        f"comment, so `#{comment}` is left out; put the whole value in quotes: {fix} (if it "
        "is a comment, write a space after the `#`)"
    )


def _name_of(item: yaml.Node) -> str | None:
    """The `name:` of a list entry (a form field), to name it in messages."""
    if isinstance(item, yaml.MappingNode):
        for key_node, value_node in item.value:
            if key_node.value == "name" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return None
