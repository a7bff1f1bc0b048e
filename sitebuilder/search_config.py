"""`content/search.yml`: how editors tune the site search, checked like every content file.

Three keys, each optional: ``synonyms`` (an everyday word -> the official word or words the
site uses), ``best_bets`` (a query -> the page shown first for it) and ``ignore`` (words a
query leaves out). The build only checks the file (every mistake as ``path:line``) and
never publishes it; the forms endpoint's search reads the checked result from the index.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .characters import check_values
from .errors import ErrorList
from .load import read_text
from .yamlsource import Mapping, parse_mapping

SEARCH_FILE = "search.yml"
_KEYS = ("best_bets", "ignore", "synonyms")
_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class SearchConfig:
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # everyday words -> official ones
    best_bets: tuple[tuple[str, tuple[str, ...]], ...] = ()  # query -> page URLs, first first
    ignore: tuple[str, ...] = ()


def load_search_config(
    content: Path, source_urls: dict[str, str], page_urls: frozenset[str], errors: ErrorList
) -> SearchConfig:
    """Read and check search.yml; a missing file is no tuning, never an error."""
    path = content / SEARCH_FILE
    if not path.is_file() or path.is_symlink():  # a link is reported (and not read) by load
        return SearchConfig()
    text = read_text(path, path, errors)
    mapping = None if text is None else parse_mapping(text, path, 1, errors, what=SEARCH_FILE)
    if mapping is None:
        return SearchConfig()
    check_values(mapping, path, errors)
    check = _Checker(path, mapping, errors)
    data = mapping.data
    for key in sorted(set(data) - set(_KEYS)):
        check.error(
            (key,), f"unknown key `{key}`; the keys of {SEARCH_FILE} are {', '.join(_KEYS)}"
        )
    synonyms = tuple(
        (everyday, targets)
        for everyday, raw in check.pairs(data, "synonyms", "dagis: förskola")
        if (targets := check.texts(("synonyms", everyday), raw, _synonym_hint(everyday)))
    )
    best_bets = tuple(
        (query, urls)
        for query, raw in check.pairs(data, "best_bets", "bygglov: Bygga, bo och miljö/Bygglov.md")
        if (urls := _pages(check, query, raw, source_urls, page_urls))
    )
    ignore: list[str] = []
    raw_ignore = data.get("ignore")
    if raw_ignore is not None and not isinstance(raw_ignore, list):
        check.error(("ignore",), "`ignore` is a list of words, e.g. `ignore: [och, att, hur]`")
    for n, word in enumerate(raw_ignore if isinstance(raw_ignore, list) else ()):
        if not isinstance(word, str) or not _WORD.search(word):
            check.error(("ignore", n), "each item of `ignore` is a word, e.g. `- och`")
        else:
            ignore.append(word.strip())
    return SearchConfig(synonyms, best_bets, tuple(ignore))


def _synonym_hint(everyday: str) -> str:
    return f"write the word or words the site uses for it, e.g. `{everyday}: förskola`"


def _pages(
    check: _Checker,
    query: str,
    raw: Any,
    source_urls: dict[str, str],
    page_urls: frozenset[str],
) -> tuple[str, ...]:
    hint = "give the page's file relative to content/, e.g. `Bygga, bo och miljö/Bygglov.md`"
    urls: list[str] = []
    items = raw if isinstance(raw, list) else [raw]
    for n, item in enumerate(items):
        loc: tuple[str | int, ...] = (
            ("best_bets", query, n)
            if isinstance(raw, list)
            else (
                "best_bets",
                query,
            )
        )
        if not isinstance(item, str) or not item.strip():
            check.error(loc, f"best bet `{query}` names no page; {hint}")
            continue
        written = unicodedata.normalize("NFC", item.strip())
        url = written if written in page_urls else source_urls.get(written)
        if url is None or url not in page_urls:
            pages = sorted(p for p in source_urls if p.endswith(".md"))
            close = difflib.get_close_matches(written, pages, n=1)
            fix = f"did you mean `{close[0]}`?" if close else hint
            check.error(
                loc,
                f"best bet `{query}` names page `{written}`, which does not exist; {fix}",
            )
        elif url not in urls:
            urls.append(url)
    return tuple(urls)


class _Checker:
    """Errors placed on the line of the key or item they are about."""

    def __init__(self, path: Path, mapping: Mapping, errors: ErrorList) -> None:
        self.path, self.mapping, self.errors = path, mapping, errors

    def error(self, loc: tuple[str | int, ...], message: str) -> None:
        self.errors.add(self.path, self.mapping.line_at(loc), message)

    def pairs(self, data: dict[str, Any], key: str, example: str) -> list[tuple[str, Any]]:
        """The entries of a mapping of phrases, each key a phrase with a word in it."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, dict):
            self.error(
                (key,),
                f"`{key}` is a list of lines `words: answer` indented under it, e.g. `{example}`",
            )
            return []
        found = []
        for name, raw in value.items():
            if not isinstance(name, str) or not _WORD.search(name):
                self.error(
                    (key, name),
                    f"an entry of `{key}` has no word before the colon; write the words a "
                    f"resident searches for, e.g. `{example}`",
                )
                continue
            found.append((name.strip(), raw))
        return found

    def texts(self, loc: tuple[str | int, ...], raw: Any, hint: str) -> tuple[str, ...]:
        """A phrase or a list of phrases; an empty one is reported."""
        items = raw if isinstance(raw, list) else [raw]
        texts: list[str] = []
        for n, item in enumerate(items):
            where = (*loc, n) if isinstance(raw, list) else loc
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                item = None
            text = str(item).strip() if item is not None else ""
            if not _WORD.search(text):
                self.error(where, f"synonym `{loc[-1]}` has nothing after the colon; {hint}")
            else:
                texts.append(text)
        if not items:
            self.error(loc, f"synonym `{loc[-1]}` has nothing after the colon; {hint}")
        return tuple(texts)
