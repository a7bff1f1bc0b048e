""" "Menade du …?": the closest word the site itself uses, for a query word it does not."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .analysis import fold

MIN_LENGTH = 4  # shorter words are too often something else than a typo
MAX_CANDIDATES = 200


def deletions(word: str) -> set[str]:
    """The word and every form of it with one letter left out: two words one edit apart
    (a letter added, dropped, changed or two swapped) share one of these."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def closest(db: sqlite3.Connection, word: str, langs: Sequence[str]) -> str | None:
    """The word closest to ``word`` (one edit, or two swapped letters) that pages in
    ``langs`` use, the most used one on a tie, written as the site most often writes it;
    None if there is none."""
    folded = fold(word)
    if len(folded) < MIN_LENGTH or not langs:
        return None
    variants = sorted(deletions(folded))
    rows = db.execute(
        "SELECT v.word, v.shown, v.freq FROM deletions d "
        "JOIN vocabulary v ON v.lang = d.lang AND v.word = d.word "
        f"WHERE d.variant IN ({','.join('?' * len(variants))}) "
        f"AND d.lang IN ({','.join('?' * len(langs))}) LIMIT {MAX_CANDIDATES}",
        (*variants, *langs),
    ).fetchall()
    best: tuple[int, int, str] | None = None
    for candidate, shown, freq in rows:
        if candidate == folded:
            continue
        distance = edit_distance(folded, candidate)
        if distance <= 1 or (distance == 2 and len(folded) >= 7):
            rank = (distance, -freq, shown)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): swapped letters cost one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]
