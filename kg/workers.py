"""Work on papers spread over processes, the results in the papers' order: the same output whatever the
number of workers. Extraction takes most of a build's time and each paper's is independent."""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from kg.errors import KGError
from kg.model import Paper

T = TypeVar("T")
CHUNK = 250  # papers a worker takes at a time: large enough that passing them costs little
AHEAD = 4  # chunks given out per worker before the first result is taken: none waits, few results are held
Progress = Callable[[range], Iterable[int]]  # wraps the papers' positions as they are done (a progress bar)


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
    reading the papers (a forked worker copies the pages of its parent it writes near, so papers read
    before the fork would be copied into every worker) and after loading what every worker needs (the vocabularies),
    which they then share. Elsewhere each worker is a new interpreter (`spawn`: the caller's script needs
    `if __name__ == "__main__":`).

    While the block runs, this process does not look for reference cycles to free: reading, extracting and
    writing papers makes none, and looking costs time that grows with the papers held. The workers do look.
    """

    def __init__(self, workers: int | None = None):
        """`workers` processes; 0 or None: one per available core; 1: none, the work is done in this process."""
        self.count = workers or available_cores()
        self._collecting = True
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        gc.freeze()  # what is loaded (the vocabularies) is never scanned again, here or in the workers
        if self.count > 1:
            self._executor = ProcessPoolExecutor(self.count, mp_context=pool_context(), initializer=die_with_parent,
                                                 initargs=(os.getpid(),))
            self._executor.submit(int).result()  # forks them all now (they start on the first work given)
        self._collecting = gc.isenabled()
        gc.disable()  # in this process only: see the class's docstring
        return self

    def __exit__(self, *error) -> None:
        """Stop the workers once the work they hold is done (the work not started yet is dropped): a worker
        stopped while it passes a result back would leave its pipe locked."""
        if self._collecting:
            gc.enable()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    @property
    def parallel(self) -> bool:
        """Whether there are worker processes (else the work is done in this process)."""
        return self._executor is not None

    def map(self, function: Callable[[Paper], T], papers: Sequence[Paper], progress: Progress | None = None,
            chunk: int = CHUNK) -> Iterator[T]:
        """`function(paper)` for each paper, in order, computed by the workers, which take `chunk` papers at
        a time (in this process when the papers are too few: see `worker_count`).

        `function` must be picklable (a module-level function, or a method of a picklable object) and
        deterministic; `progress` wraps the papers' positions as they are done (the papers themselves may be
        kept packed, `kg.loaders.unique.PackedPapers`, and are not unpacked here for it).
        """
        positions = range(len(papers))
        done = iter(progress(positions)) if progress else iter(positions)
        if self._executor is None or worker_count(len(papers), self.count, chunk) == 1:
            results: Iterable[T] = (function(paper) for paper in papers)
        else:
            chunks = (papers[start:start + chunk] for start in range(0, len(papers), chunk))
            results = (result for done_chunk in self.stream(ChunkFunction(function), chunks) for result in done_chunk)
        for result in results:
            next(done)
            yield result
        for _ in done:  # closes the progress bar
            pass

    def stream(self, function: Callable[[Any], T], items: Iterable[Any]) -> Iterator[T]:
        """`function(item)` for each item, in order, computed by the workers as the items come, or in this
        process without workers. A few items per worker are given out ahead (`AHEAD`); `items` is read only
        as results are taken, so a file read into items is never held whole, and no more of it is read once
        the caller stops taking results. A worker that dies (killed from outside, out of memory) raises
        KGError."""
        if self._executor is None:
            yield from map(function, items)
            return
        given: deque[Future[T]] = deque()
        try:
            for item in items:
                given.append(self._executor.submit(function, item))
                if len(given) > AHEAD * self.count:
                    yield result_of(given.popleft())
            while given:
                yield result_of(given.popleft())
        finally:
            for future in given:
                future.cancel()


def result_of(future: Future[T]) -> T:
    """The future's result; KGError when the worker computing it died."""
    try:
        return future.result()
    except BrokenProcessPool as err:
        raise KGError("a worker process stopped before its work was done (killed from outside, or out of "
                      "memory?); run again, with fewer workers (-j) if memory is short") from err


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


PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends


def die_with_parent(parent: int) -> None:
    """Run first in each worker: on Linux, be killed when the process that started the workers ends, however
    it ends (killed with SIGKILL included: concurrent.futures stops its workers only when it can run).
    Elsewhere only SIGTERM's default is restored (the CLI's own handler is for the main process)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


def pool_context() -> multiprocessing.context.BaseContext:
    """How workers start: forked where the system can (Linux: at once, sharing what is loaded, and the
    caller's script is not run again in them), else a new interpreter each (`spawn`)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")
