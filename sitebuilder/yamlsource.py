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

    def __reduce__(self) -> tuple[Any, ...]:
        # The YAML node tree is only needed while validating; the build cache leaves it out.
        return (Mapping, (self.data, self.key_lines, self.first_line, None, self.unreadable))

    def line(self, key: str | int | None) -> int:
        if isinstance(key, str) and key in self.key_lines:
            return self.key_lines[key]
        return self.first_line

    def line_at(self, loc: tuple[str | int, ...]) -> int:
        """File line of the deepest node that ``loc`` (keys and list indexes) reaches."""
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

    Problems go to ``errors`` with the file line, and ``None`` is returned.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct began (an opening quote or
        # bracket); that is the line an editor has to change.
        mark = exc.context_mark or exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if "quoted scalar" in problem and mark is not None:
            quote = text[mark.index] if mark.index < len(text) else '"'
            errors.add(
                path,
                line,
                f"{what} is not valid YAML: a quoted value starts on this line but its closing "
                f"quote is missing. Add the closing {quote} at the end of the value, or remove "
                "the opening one",
            )
            return None
        problem = exc.problem or problem
        errors.add(path, line, f"{what} is not valid YAML: {problem}. {_yaml_hint(problem)}")
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
        try:
            value = _Loader("").construct_object(value_node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            errors.add(
                path,
                first_line + value_node.start_mark.line,
                f"`{key}` is not a real date or value ({exc}); write dates as YYYY-MM-DD",
            )
            unreadable.add(key)
        else:
            data[key] = value
        key_lines[key] = line
    return Mapping(data, key_lines, first_line, node, frozenset(unreadable))


def _yaml_hint(problem: str) -> str:
    if "quoted scalar" in problem:
        return "A quote is not closed: end the value with the same quote it starts with"
    if "flow sequence" in problem or "flow mapping" in problem:
        return "A [ or { is not closed: check the brackets and commas"
    if "mapping values" in problem:
        return (
            "A value that contains ': ' must be in quotes, e.g. title: \"Bygglov: så går det till\""
        )
    if "found character '\\t'" in problem:
        return "Indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "Each line needs the form `key: value`"
    return "Check quotes, colons and indentation on this line and the one before"
