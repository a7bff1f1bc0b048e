"""What went wrong in a YAML file, said the way an editor can fix it.

PyYAML reports problems in its own terms ("mapping values are not allowed in this
context", "found character that cannot start any token", "month must be in 1..12"). This
module looks at the line in question and says what is wrong there and how to write it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

import yaml

from .messages import Part, quoted, where

# `key: value` on one line (an optional `- ` before it, for a list entry).
_KEY_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[^\s:#\"'][^:#]*?)\s*:(?:\s+(?P<value>.*?))?\s*$"
)
_MONTHS = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Keys whose values are dates; a date-like value anywhere else was probably meant as text.
_DATE_KEYS = frozenset({"reviewed", "date", "opens", "closes", "min", "max"})
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$")


def explain_syntax(exc: yaml.MarkedYAMLError, text: str, what: str) -> tuple[int, str]:
    """The 0-based line of ``text`` to change, and what to do there."""
    lines = text.split("\n")
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark
    at = mark.line if mark is not None else 0
    char = text[mark.index] if mark is not None and mark.index < len(text) else ""
    start = exc.context_mark.line if exc.context_mark is not None else at
    invalid = f"{what} is not valid YAML"
    if "tab" in problem or char == "\t":
        tab = next((i for i in range(at, -1, -1) if "\t" in lines[i]), at)
        return tab, (
            f"{invalid}: this line has a tab character; YAML needs spaces, so replace the "
            "tab with spaces (as many as the lines around it use)"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        quote = text[exc.context_mark.index] if exc.context_mark is not None else '"'
        return start, (
            f"{invalid}: a quoted value starts on this line but its closing quote is missing; "
            f"add the closing {quote} at the end of the value, or remove the opening one"
        )
    for explain in _EXPLAINERS:
        found = explain(lines, at, start, char, problem, context)
        if found is not None:
            line, how = found
            return line, f"{invalid}: {how}"
    return at, (
        f"{invalid} here; check the quotes, colons and indentation on this line and the one "
        "before, and put a value that contains `: ` or starts with a special character in quotes"
    )


Explainer = Callable[[list[str], int, int, str, str, str], "tuple[int, str] | None"]


def _colon_in_value(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if "mapping values" not in problem:
        return None
    line = lines[at]
    match = _KEY_LINE.match(line.split(": ", 1)[0] + ":")
    value = line.split(": ", 1)[1].strip() if ": " in line else ""
    if match and value and ":" in value:
        key = match["key"]
        return at, (
            f"the value of `{key}` contains `: `, which YAML reads as the start of another key; "
            f"put the whole value in quotes: {match['indent'].lstrip()}{key}: {quoted(value)}"
        )
    return _indentation(lines, at)


def _indentation(lines: list[str], at: int) -> tuple[int, str] | None:
    """A line indented unlike the one above it, or a line above with no `:`."""
    before = next((i for i in range(at - 1, -1, -1) if lines[i].strip()), None)
    if before is None:
        return None
    above, line = lines[before], lines[at]
    if ":" not in above and not above.lstrip().startswith(("-", "#")):
        word = above.strip()
        return before, (
            f"the line `{word}` has no `:`; write each line as `key: value`, e.g. `{word}: …`"
        )
    indent = len(line) - len(line.lstrip())
    above_indent = len(above) - len(above.lstrip())
    if indent != above_indent:
        match = _KEY_LINE.match(above)
        key = f"`{match['key']}`" if match else "the line above"
        how = "more" if indent > above_indent else "less"
        return at, (
            f"this line is indented {how} than the line above, so YAML cannot tell whether it "
            f"belongs to {key}; start the keys of one group at the same place, with spaces"
        )
    return None


def _list_entry_without_list(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if char != "-" or not lines[at].lstrip().startswith("-"):
        return None
    if "block sequence entries" in problem:
        match = _KEY_LINE.match(lines[at].split(": ", 1)[0] + ":")
        value = lines[at].split(": ", 1)[1].strip() if ": " in lines[at] else ""
        if match and value:
            return at, (
                f"a list entry `- ` must start a line of its own, below `{match['key']}:` and "
                f"indented; or, if it is text, put it in quotes: {match['key']}: {quoted(value)}"
            )
    return at, (
        "a line that starts with `- ` is a list entry, but there is no list here; remove the "
        "`- `, or put the entry below the key it belongs to, indented"
    )


def _text_after_quotes_or_brackets(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if "expected key" not in problem and "comment or line break" not in problem:
        return None
    line = lines[at]
    if ": " not in line:
        return _indentation(lines, at)
    head, value = line.split(": ", 1)
    value = value.strip()
    key = head.strip().lstrip("- ")
    if value[:1] in "\"'":
        return at, (
            f"the value of `{key}` starts with a quote, so YAML ends it at the next {value[0]}; "
            f"put the whole value in the other kind of quotes: {key}: {quoted(value)}"
        )
    if value[:1] in "[{":
        return at, (
            f"the value of `{key}` starts with {value[0]}, which YAML reads as a list; put the "
            f"whole value in quotes: {key}: {quoted(value)}"
        )
    if value[:1] in "|>":
        return at, (
            f"`{value[0]}` after `{key}:` starts a text on the lines below it; write the text on "
            f"the next lines, indented, or put the value in quotes: {key}: {quoted(value)}"
        )
    return _indentation(lines, at)


def _special_first_character(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if not (
        "cannot start any token" in problem
        or "alias" in context
        or "anchor" in context
        or "mapping keys are not allowed" in problem
    ):
        return None
    line = lines[at]
    if ": " in line:
        head, value = line.split(": ", 1)
        key = head.strip().lstrip("- ")
        first = value.strip()[:1] or char
        return at, (
            f"a value cannot start with {first}; put the whole value in quotes: "
            f"{key}: {quoted(value.strip())}"
        )
    return at, f"a line cannot start with {char}; put the text in quotes"


def _open_bracket(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if "flow sequence" in context:
        opening, closing, what = "[", "]", "list"
    elif "flow mapping" in context:
        opening, closing, what = "{", "}", "group"
    else:
        return None
    return start, (
        f"the {what} that starts with {opening} on this line is not closed, or its entries are "
        f"not separated by commas; write it on one line with commas and a {closing} at the end, "
        'e.g. ["/gammal-adress/", "/annan-adress/"]; if it is text, put the whole value in quotes'
    )


def _backslash(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if "escape" not in problem:
        return None
    line = lines[start]
    key, _, value = line.partition(":")
    inner = value.strip()[1:-1] if value.strip()[:1] == '"' else value.strip()
    return start, (
        f"inside double quotes a \\ starts a special character; use single quotes instead: "
        f"{key.strip()}: '{inner}'"
    )


def _no_colon(
    lines: list[str], at: int, start: int, char: str, problem: str, context: str
) -> tuple[int, str] | None:
    if "expected ':'" not in problem:
        return None
    return start, "this line needs the form `key: value`, with a space after the colon"


_EXPLAINERS: list[Explainer] = [
    _open_bracket,
    _backslash,
    _colon_in_value,
    _list_entry_without_list,
    _special_first_character,
    _text_after_quotes_or_brackets,
    _no_colon,
]


def explain_value(node: yaml.Node, parts: list[Part], error: Exception) -> tuple[int, str]:
    """A value YAML parsed but cannot turn into data (a date that does not exist, a `!tag`).

    Returns the node's 0-based line and the message.
    """
    written = node.value if isinstance(node, yaml.ScalarNode) else ""
    key = next((p.name for p in reversed(parts) if p.kind == "key"), "")
    inside = where(parts[:-1]) if parts and parts[-1].kind == "key" else where(parts)
    name = (f"{inside}: " if inside else "") + f"`{key}: {written}`"
    line = node.start_mark.line
    match = _DATE.match(written.strip()) if isinstance(written, str) else None
    if node.tag == "tag:yaml.org,2002:timestamp" and match:
        year, month, day = (int(g) for g in match.groups()[:3])
        as_text = (
            ""
            if key in _DATE_KEYS
            else f"; or, if it is text, put it in quotes: `{key}: {quoted(written)}`"
        )
        if not 1 <= month <= 12:
            swapped = _real_date(year, day, month)
            meant = f"; did you mean `{key}: {swapped}`?" if swapped else ""
            return line, (
                f"{name} is not a date, as there is no month {month}; write dates "
                f"as YYYY-MM-DD{meant}{as_text}"
            )
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return line, (
                f"{name} is not a date, as {_MONTHS[month]} {year} has {last} days; "
                f"write a real date as YYYY-MM-DD, e.g. `{key}: {year:04d}-{month:02d}-{last:02d}`"
                f"{as_text}"
            )
        return line, (
            f"{name} has a time that does not exist; write only the date, "
            f"`{key}: {year:04d}-{month:02d}-{day:02d}`"
        )
    if node.tag.startswith("!") or isinstance(error, yaml.constructor.ConstructorError):
        text = f"{node.tag} {written}".strip() if node.tag.startswith("!") else written
        return line, (
            f"{name}: a value cannot start with !; put the whole value in quotes: "
            f"`{key}: {quoted(text)}`"
        )
    return line, f"{name} cannot be read; put the value in quotes: `{key}: {quoted(str(written))}`"


def _real_date(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None
