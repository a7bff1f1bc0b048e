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
# Keys editors may reach for, and the key that does it.
_MEANT = {
    "stopwords": "ignore",
    "stop_words": "ignore",
    "ignorera": "ignore",
    "synonymer": "synonyms",
    "synonym": "synonyms",
    "best_bet": "best_bets",
    "bestbets": "best_bets",
    "pinned": "best_bets",
}


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
    for key in sorted(set(data) - set(_KEYS), key=str):
        meant = _MEANT.get(str(key).lower()) or next(
            iter(difflib.get_close_matches(str(key), _KEYS, n=1)), None
        )
        hint = f"did you mean `{meant}`? " if meant else ""
        check.error(
            (key,),
            f"unknown key `{key}`; {hint}the keys of {SEARCH_FILE} are {', '.join(_KEYS)}",
        )
    synonyms = tuple(
        (everyday, targets)
        for everyday, raw in check.pairs(data, "synonyms", "dagis: förskola")
        if (targets := check.texts(("synonyms", everyday), raw))
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


def _pages(
    check: _Checker,
    query: str,
    raw: Any,
    source_urls: dict[str, str],
    page_urls: frozenset[str],
) -> tuple[str, ...]:
    pages = sorted(p for p in source_urls if p.endswith(".md"))
    example = next((p for p in pages if "/" in p), pages[0] if pages else "Bygglov.md")
    hint = f"give the page's file relative to content/, e.g. `{query}: {example}`"
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
                f"`{key}` holds lines `words: answer`, each on its own line indented under "
                f"`{key}:` and without `- `, e.g. `  {example}`",
            )
            return []
        found = []
        for written, raw in value.items():
            name = _phrase(written)  # a year or a number written alone is its digits
            if name is None:
                self.error(
                    (key, written),
                    f"an entry of `{key}` has no word before the colon; write the words a "
                    f"resident searches for, e.g. `{example}`",
                )
                continue
            found.append((name, raw))
        return found

    def texts(self, loc: tuple[str | int, ...], raw: Any) -> tuple[str, ...]:
        """The words a synonym stands for: a phrase or a list of phrases, none empty."""
        everyday = loc[-1]
        hint = (
            "write the word the site uses after the colon, e.g. `dagis: förskola`, "
            "or several in [ ], e.g. `barnomsorg: [förskola, fritidshem]`"
        )
        if not isinstance(raw, list):
            text = _phrase(raw)
            if text is None:
                self.error(loc, f"synonym `{everyday}` has nothing after the colon; {hint}")
                return ()
            return (text,)
        texts: list[str] = []
        for n, item in enumerate(raw):
            text = _phrase(item)
            if text is None:
                self.error(
                    (*loc, n),
                    f"synonym `{everyday}`: answer {n + 1} of its list is empty; "
                    "remove it or write a word there",
                )
            else:
                texts.append(text)
        if not raw:
            self.error(loc, f"synonym `{everyday}` has an empty list; {hint}")
        return tuple(texts)


def _phrase(value: Any) -> str | None:
    """Text with a word in it (a number written alone is its digits), else None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text if _WORD.search(text) else None
