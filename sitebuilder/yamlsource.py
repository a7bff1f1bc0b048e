"""YAML that remembers where each top-level key was written, so errors can name the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # The C loader is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .errors import ErrorList
from .messages import Part
from .yamlcomments import cut_short
from .yamlerrors import explain_syntax, explain_value
from .yamlsafety import refused_features


@dataclass(frozen=True)
class Mapping:
    """A parsed YAML mapping and the 1-based file line of each top-level key."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    first_line: int
    node: yaml.Node | None = field(default=None, compare=False, repr=False)
    # Keys that were written but whose value YAML could not read (already reported): they
    # have a line but no data, and must not also be reported as missing.
    unreadable: frozenset[str] = frozenset()
    # File line of each item of a top-level list (`aliases:`), kept when the node tree is
    # dropped: a later stage (the index, in an incremental build) can still name the item.
    item_lines: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # The YAML node tree is only needed while validating; the build cache leaves it out.
        return (
            Mapping,
            (self.data, self.key_lines, self.first_line, None, self.unreadable, self.item_lines),
        )

    def line(self, key: str | int | None) -> int:
        if isinstance(key, str) and key in self.key_lines:
            return self.key_lines[key]
        return self.first_line

    def line_at(self, loc: tuple[str | int, ...]) -> int:
        """File line of the deepest node that ``loc`` (keys and list indexes) reaches."""
        if self.node is None and len(loc) == 2 and isinstance(loc[0], str):
            lines = self.item_lines.get(loc[0], ())
            if isinstance(loc[1], int) and loc[1] < len(lines):
                return lines[loc[1]]
        if self.node is None and loc and isinstance(loc[0], str):
            return self.line(loc[0])
        node, line = self.node, self.first_line
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((kv for kv in node.value if kv[0].value == part), None)
                if match is None:
                    break
                line, node = self.first_line + match[0].start_mark.line, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    break
                node = node.value[part]
                line = self.first_line + node.start_mark.line
            else:
                break
        return line


def parse_mapping(
    text: str, path: Path, first_line: int, errors: ErrorList, *, what: str
) -> Mapping | None:
    """Parse ``text`` (which starts at file line ``first_line``) as a YAML mapping.

    Problems go to ``errors`` with the file line, and ``None`` is returned. Tags, anchors and
    aliases are refused before the YAML becomes values (see ``yamlsafety``).
    """
    refused = refused_features(text, what)
    for line, message in refused:
        errors.add(path, first_line + line, message)
    if refused:
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, message = explain_syntax(exc, text, what)
        errors.add(path, first_line + line, message)
        return None
    finally:
        loader.dispose()
    if node is None:
        return Mapping({}, {}, first_line)
    if not isinstance(node, yaml.MappingNode):
        errors.add(
            path,
            first_line + node.start_mark.line,
            f"{what} must be a list of `key: value` lines, not a single value",
        )
        return None

    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    unreadable: set[str] = set()
    item_lines: dict[str, tuple[int, ...]] = {}
    # A value a `#` cut short is reported here, and its top-level key treated as unreadable.
    for line, loc, message in cut_short(node, text):
        errors.add(path, first_line + line, message)
        unreadable.add(str(loc[0]))
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = key_node.value
        if not isinstance(key_node, yaml.ScalarNode):
            errors.add(path, line, f"{what} keys must be plain words")
            continue
        if key in key_lines:
            errors.add(
                path, line, f"`{key}` is given twice (first on line {key_lines[key]}); keep one"
            )
            continue
        if key in unreadable:
            key_lines[key] = line
            continue
        try:
            value = _Loader("").construct_object(value_node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            bad, parts = _unreadable_scalar(value_node, [Part("key", key)])
            at, message = explain_value(bad, parts, exc)
            errors.add(path, first_line + at, message)
            unreadable.add(key)
        else:
            data[key] = value
        key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = tuple(first_line + n.start_mark.line for n in value_node.value)
    return Mapping(data, key_lines, first_line, node, frozenset(unreadable), item_lines)


def _unreadable_scalar(node: yaml.Node, parts: list[Part]) -> tuple[yaml.Node, list[Part]]:
    """The first value inside ``node`` that YAML cannot construct, and where it is."""
    return _find_unreadable(node, parts) or (node, parts)


def _find_unreadable(node: yaml.Node, parts: list[Part]) -> tuple[yaml.Node, list[Part]] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            found = _find_unreadable(value_node, [*parts, Part("key", str(key_node.value))])
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found = _find_unreadable(
                item, [*parts, Part("item", parts[-1].name, i, _name_of(item))]
            )
            if found:
                return found
    elif _fails(node):
        return node, parts
    return None


def _fails(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode):
        return False
    try:
        _Loader("").construct_object(node)
    except (ValueError, yaml.YAMLError):
        return True
    return False


def _name_of(item: yaml.Node) -> str | None:
    """The `name:` of a list entry (a form field), to name it in messages."""
    if isinstance(item, yaml.MappingNode):
        for key_node, value_node in item.value:
            if key_node.value == "name" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return None
