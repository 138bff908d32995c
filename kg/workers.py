"""Work on papers spread over processes, the results in the papers' order: the same output whatever the
number of workers. Extraction takes most of a build's time and each paper's is independent."""
from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from kg.model import Paper

T = TypeVar("T")
CHUNK = 250  # papers a worker takes at a time: large enough that passing them costs little
Progress = Callable[[Sequence[Paper]], Iterable[Paper]]


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(papers: int, workers: int | None, chunk: int = CHUNK) -> int:
    """How many processes to use: `workers` when given (0 or None: one per available core), but one when
    the papers are too few to be worth starting processes for (two chunks a worker)."""
    wanted = workers or available_cores()
    return max(1, min(wanted, papers // (2 * chunk)))


class Workers:
    """Worker processes for work on papers: `with Workers(n) as workers: ... workers.map(function, papers)`.

    They start with the block. On Linux they are forked from this process then: start the block before
    reading the papers (a forked worker copies the pages of its parent it writes near, and a million papers'
    pages took a build from 3 to 7 GiB) and after loading what every worker needs (the vocabularies),
    which they then share. Elsewhere each worker is a new interpreter (`spawn`: the caller's script needs
    `if __name__ == "__main__":`).

    While the block runs, this process does not look for reference cycles to free: reading, extracting and
    writing papers makes none (none were left after a 10,000-paper build with the collector off), and
    looking cost 7% of a 100,000-paper build, more as the papers held grow. The workers do look.
    """

    def __init__(self, workers: int | None = None):
        """`workers` processes; 0 or None: one per available core; 1: none, the work is done in this process."""
        self.count = workers or available_cores()
        self._collecting = True
        self._pool: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> Workers:
        gc.freeze()  # what is loaded (the vocabularies) is never scanned again, here or in the workers
        if self.count > 1:
            self._pool = pool_context().Pool(self.count)
        self._collecting = gc.isenabled()
        gc.disable()  # in this process only: see the class's docstring
        return self

    def __exit__(self, *error) -> None:
        if self._collecting:
            gc.enable()
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def map(self, function: Callable[[Paper], T], papers: Sequence[Paper], progress: Progress | None = None,
            chunk: int = CHUNK) -> Iterator[T]:
        """`function(paper)` for each paper, in order, computed by the workers, which take `chunk` papers at
        a time (in this process when the papers are too few: see `worker_count`).

        `function` must be picklable (a module-level function, or a method of a picklable object) and
        deterministic; `progress` wraps the papers as they are done.
        """
        done = iter(progress(papers)) if progress else iter(papers)
        if self._pool is None or worker_count(len(papers), self.count, chunk) == 1:
            yield from (function(paper) for paper in done)
            return
        chunks = (papers[start:start + chunk] for start in range(0, len(papers), chunk))
        for results in self._pool.imap(ChunkFunction(function), chunks):
            for result in results:
                next(done)
                yield result
        for _ in done:  # closes the progress bar
            pass


def map_papers(function: Callable[[Paper], T], papers: Sequence[Paper], workers: int | None = None,
               progress: Progress | None = None, chunk: int = CHUNK) -> Iterator[T]:
    """`function(paper)` for each paper, in order, computed by `workers` processes started for it (see
    `Workers.map`; when the papers are already read, as here, workers forked now share their memory)."""
    with Workers(worker_count(len(papers), workers, chunk)) as pool:
        yield from pool.map(function, papers, progress, chunk)


class ChunkFunction:
    """A function of a paper applied to a chunk of papers (picklable, for the worker processes)."""

    def __init__(self, function: Callable[[Paper], T]):
        self.function = function

    def __call__(self, chunk: Sequence[Paper]) -> list[T]:
        return [self.function(paper) for paper in chunk]


def pool_context() -> multiprocessing.context.BaseContext:
    """How workers start: forked where the system can (Linux: at once, sharing what is loaded, and the
    caller's script is not run again in them), else a new interpreter each (`spawn`)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")
