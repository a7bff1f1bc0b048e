"""Spread per-page work over the CPU cores with forked worker processes.

Workers are forked after the site index is built, so they share it copy-on-write instead of
receiving it by pickle; only the (small) inputs and results cross between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items the cost of forking outweighs the gain.
MIN_PARALLEL_ITEMS = 150
_SHARED: dict[str, Any] = {}


def workers() -> int:
    """How many processes to use: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _call(args: tuple[str, Sequence[Any]]) -> list[Any]:
    name, chunk = args
    func = _SHARED[name]
    return [func(item) for item in chunk]


def parallel_map(func: Callable[[T], R], items: Sequence[T], *, name: str = "task") -> list[R]:
    """``[func(i) for i in items]``, in order, across cores when that pays off.

    ``func`` may be a closure: it reaches the workers by fork, not by pickle.
    """
    count = workers()
    if (
        count < 2
        or len(items) < MIN_PARALLEL_ITEMS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [func(item) for item in items]
    _SHARED[name] = func
    try:
        # Interleaved chunks spread expensive pages (big tables, listings) evenly.
        size = max(1, len(items) // (count * 4))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(count) as pool:
            results = pool.map(_call, [(name, chunk) for chunk in chunks])
    finally:
        _SHARED.pop(name, None)
    return [result for chunk in results for result in chunk]
