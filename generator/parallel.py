"""Both cores (or more) for the stages that are a pure function of each item: checking
files, converting bodies, rendering pages.

Workers are forked processes fed with chunks of pickled items, and each chunk's results
come back in order, so the output does not depend on how the work was split.
"""

from __future__ import annotations

import multiprocessing
import os
from itertools import chain
from typing import Any, Callable, Iterator

MIN_ITEMS_PER_WORKER = 200  # below this, starting processes costs more than it saves
CHUNKS_PER_WORKER = 4  # small enough to balance the load, large enough to keep pickling cheap


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_chunk(task: tuple[Callable, list, tuple]) -> list:
    function, items, shared = task
    return function(items, *shared)


class Workers:
    """`map(function, items, *shared)` calls `function(chunk, *shared)` on chunks of `items` and
    joins the returned lists; in this process when there are few items or one core."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.pool: Any = None

    def map(self, function: Callable[..., list], items: list, *shared: Any) -> list:
        return list(self.imap(function, items, *shared))

    def imap(self, function: Callable[..., list], items: list, *shared: Any) -> Iterator:
        """As `map`, yielding the results one chunk at a time (so they need not all sit in memory)."""
        workers = min(self.jobs, len(items) // MIN_ITEMS_PER_WORKER)
        if workers <= 1 or multiprocessing.parent_process() is not None:
            return iter(function(items, *shared) if items else [])
        if self.pool is None:
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)
        size = -(-len(items) // (self.jobs * CHUNKS_PER_WORKER))
        tasks = [(function, items[start:start + size], shared) for start in range(0, len(items), size)]
        return chain.from_iterable(self.pool.imap(run_chunk, tasks))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None and exc[0] is not None:
            self.pool.terminate()
        self.close()
