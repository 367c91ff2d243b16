"""All the cores for the stages that are a pure function of each item: checking files,
converting bodies, rendering pages.

Workers are forked processes (started afresh on Windows, which cannot fork) fed with chunks
of pickled items, and each chunk's results come back in order, so the output does not depend
on how the work was split. A worker that dies (killed, out of memory) stops the build with a
message instead of hanging it.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any, Callable, Iterator

from . import pickling
from .options import WorkerLost

# Forking is cheap and shares what the build has read; Windows has only "spawn" (each worker imports
# the generator again and receives its arguments pickled).
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
MIN_ITEMS_PER_WORKER = 200  # below this, starting processes costs more than it saves
CHUNKS_PER_WORKER = 4  # small enough to balance the load, large enough to keep pickling cheap
# At most this many items in a chunk: what a worker holds at once (the chunk, its results) stays the
# same for a large site; the shared arguments are pickled once per chunk, so not much smaller.
MAX_ITEMS_PER_CHUNK = 500


def start_worker(inherited: tuple[int, ...]) -> None:
    """In each worker: close what it must not keep open (the output's lock: a lock held by a worker
    would outlive a killed build), and end when the build's process ends (Linux)."""
    for descriptor in inherited:
        try:
            os.close(descriptor)
        except OSError:
            pass  # a spawned worker never had it
    if not sys.platform.startswith("linux"):
        return  # no prctl (and on Windows no C library by that name)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the build died before prctl took effect
        os._exit(1)


PR_SET_PDEATHSIG = 1


def run_chunk(task: tuple[Callable, list, tuple]) -> list:
    function, items, shared = task
    return function(items, *shared)


class Task:
    """A chunk and what it is called with, as a worker receives it: pickled (when it is sent) by
    `pickling`, which leaves the texts of the build's model as they were."""

    def __init__(self, task: tuple[Callable, list, tuple]):
        self.task = task

    def __reduce__(self) -> tuple[Callable, tuple[bytes]]:
        return pickling.loads, (pickling.dumps(self.task),)


class Workers:
    """`map(function, items, *shared)` calls `function(chunk, *shared)` on chunks of `items` and
    joins the returned lists; in this process when there are few items or one core."""

    def __init__(self, jobs: int, inherited: tuple[int, ...] = ()):
        """`inherited`: file descriptors the workers must close (see `start_worker`)."""
        self.jobs = max(1, jobs)
        self.inherited = inherited
        self.pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[..., list], items: list, *shared: Any) -> list:
        return list(self.imap(function, items, *shared))

    def imap(self, function: Callable[..., list], items: list, *shared: Any) -> Iterator:
        """As `map`, yielding the results one chunk at a time (so they need not all sit in memory)."""
        if not self.parallel(len(items)):
            return iter(function(items, *shared) if items else [])
        size = min(-(-len(items) // (self.jobs * CHUNKS_PER_WORKER)), MAX_ITEMS_PER_CHUNK)
        tasks = [Task((function, items[start:start + size], shared)) for start in range(0, len(items), size)]
        return chain.from_iterable(self.results(self.started().map(run_chunk, tasks)))

    def parallel(self, items: int) -> bool:
        """Whether `items` items go to worker processes."""
        return self.jobs > 1 and items >= 2 * MIN_ITEMS_PER_WORKER and multiprocessing.parent_process() is None

    def prepare(self, items: int) -> None:
        """Fork the workers now if `items` items will be handed to them: before the build reads what it hands
        them, so that they do not start as a copy of it (which, once the build has let it go, they come to
        hold alone: at 50,000 entries the files' 80 MB of bytes, in each worker)."""
        if self.parallel(items):
            self.started()

    def started(self) -> ProcessPoolExecutor:
        """The workers, forked now if they are not yet (by a first task: the pool forks them all at its first).
        While they are, the collector's generations are frozen: a collection in a worker then never writes to
        the objects it inherited (which would copy every memory page they are on into the worker)."""
        if self.pool is None:
            gc.freeze()
            try:
                self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(START_METHOD),
                                                initializer=start_worker, initargs=(self.inherited,))
                self.pool.submit(os.getpid)
            finally:
                gc.unfreeze()
        return self.pool

    @staticmethod
    def results(chunks: Iterator[list]) -> Iterator[list]:
        try:
            yield from chunks
        except BrokenProcessPool:
            raise WorkerLost("一个并行进程意外退出（可能是内存不足）；可用 --jobs 1 重新构建") from None

    def close(self) -> None:
        """End the workers (the next `map` forks new ones): what they allocated is given back."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
