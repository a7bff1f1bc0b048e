"""YAML features no content file needs, refused before anything is built from the YAML.

- Tags (`!!binary`, `!!set`, `!!python/...`) turn text into other things: `!!binary` makes
  bytes that no character check looks at (a NUL then reaches the Atom feed). Only the plain
  kinds of value a content file holds may be named: text, numbers, yes/no, empty, dates,
  lists and mappings (`!!str 2026` is harmless and allowed). Tags of the file's own
  (`!viktigt`) are already refused, with the advice to quote the value, by `yamlerrors`.
- Anchors and aliases (`&name`, `*name`) repeat a value elsewhere; nested, a few hundred
  bytes of them stand for billions of values ("billion laughs"), and every walk over the
  result takes that long. Editors never need them: write each value out.

The check reads the parser's event stream, which names each tag and anchor where it is
written and never expands an alias, so it is linear in the text. Text without `!`, `&` or
`*` cannot hold any of them and is not scanned at all.
"""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    {"!"} | {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
)
ALLOWED_TAGS |= {_CORE + "seq", _CORE + "map"}


def refused_features(text: str, what: str) -> list[tuple[int, str]]:
    """(0-based line, message) for each line of ``text`` that uses a tag or an anchor.

    Text YAML cannot parse gives nothing here: the parser's own error is explained later.
    """
    if "!" not in text and "&" not in text and "*" not in text:
        return []
    found: dict[int, str] = {}
    anchors: set[str] = set()
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line
            anchor = getattr(event, "anchor", None)
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.AliasEvent):
                # `*name` with no `&name` before it is text that starts with `*`: the
                # parser's error says to quote it.
                if anchor in anchors:
                    found.setdefault(line, _alias(what, anchor))
            elif anchor is not None:
                anchors.add(anchor)
                found.setdefault(line, _anchor(what, anchor))
            elif tag is not None and tag not in ALLOWED_TAGS and tag.startswith(_CORE):
                shown = "!!" + tag.removeprefix(_CORE)
                found.setdefault(
                    line,
                    f"`{shown}` is a YAML tag, and {what} may not use tags (they make a value "
                    f"something other than text): remove `{shown}` and write the value as "
                    "plain text",
                )
    except yaml.YAMLError:
        pass  # reported, in words, when the text is parsed for its values
    finally:
        loader.dispose()
    return sorted(found.items())


def _anchor(what: str, name: str) -> str:
    return (
        f"`&{name}` is a YAML anchor (it marks a value for `*{name}` to repeat), and {what} "
        f"may not use anchors: remove it and write the value out in full, or, if `&{name}` is "
        "part of the text, put the whole value in quotes"
    )


def _alias(what: str, name: str) -> str:
    return (
        f"`*{name}` is a YAML alias (it repeats the value marked `&{name}`), and {what} may "
        "not use aliases: write the value out in full here"
    )
