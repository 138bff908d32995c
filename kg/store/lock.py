"""One writer at a time per graph file, and readers that see the old graph or the new one, never half of it.

Two lock files beside the graph, locked with `fcntl.flock`, which the OS releases when the process ends
however it ends (killed included):

- `.NAME.lock`: held exclusively by a writer (`kg build -o`, `--append`, `kg merge -o`, `kg pull -o`) for its
  whole run. A second writer waits (told by `notice`), or fails at once without `wait`.
- `.NAME.readers.lock`: held shared by readers while they read; a writer holds it exclusively only while
  it puts its new graph in place (the rename, an append's new end, the survey and index beside it), so a
  reader waits for that moment only, and a writer waits for the readers of the old graph to finish.

Both locks are reentrant within a process (a writer reads the graph it writes, `kg build --append` merges).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import StoreError

WRITER_KIND = "lock"
READERS_KIND = "readers.lock"


class Held:
    """A lock file this process opened, and how often it holds it shared and exclusively."""

    def __init__(self, path: Path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise StoreError(f"{path}: cannot lock the graph ({err.strerror or err})") from err
        self.path = path
        self.shared = 0
        self.exclusive = 0

    def mode(self) -> int:
        return fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH if self.shared else fcntl.LOCK_UN

    def relock(self, previous: int, wait: bool = True) -> bool:
        """Take the lock in the mode the counts say, when it changed from `previous`; False when it is taken
        by another process and `wait` is off."""
        mode = self.mode()
        if mode == previous:
            return True
        try:
            fcntl.flock(self.fd, mode | (0 if wait or mode == fcntl.LOCK_UN else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        except OSError as err:
            if err.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise StoreError(f"{self.path}: cannot lock the graph ({err.strerror or err})") from err
        return True


HELD: dict[Path, Held] = {}


def lock_file(graph: str | Path, kind: str) -> Held:
    """The lock file of `kind` beside the graph file, opened once per process."""
    graph = Path(graph).absolute()
    path = graph.with_name(f".{graph.name}.{kind}")
    if path not in HELD:
        HELD[path] = Held(path)
    return HELD[path]


@contextlib.contextmanager
def holding(held: Held, exclusive: bool, wait: bool = True) -> Iterator[bool]:
    """Hold `held` (shared or exclusive) for the block; yields False, holding nothing, when another process
    has it and `wait` is off."""
    before = held.mode()
    if exclusive:
        held.exclusive += 1
    else:
        held.shared += 1
    taken = held.relock(before, wait)
    try:
        yield taken
    finally:
        after = held.mode()
        if exclusive:
            held.exclusive -= 1
        else:
            held.shared -= 1
        if taken:
            held.relock(after)


@contextlib.contextmanager
def writing(graph: str | Path, wait: bool = True, notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """Be the one writer of the graph file for the block: wait for another writer to end (saying so to
    `notice` once), or raise StoreError at once when `wait` is off."""
    held = lock_file(graph, WRITER_KIND)
    with holding(held, exclusive=True, wait=False) as taken:
        if taken:
            yield
            return
    if not wait:
        raise StoreError(f"{graph}: another kg process is writing this graph; try again when it has finished "
                         "(or leave out --no-wait to wait for it)")
    if notice is not None:
        notice(f"waiting for another kg process writing {graph} to finish")
    with holding(held, exclusive=True):
        yield


def reading(graph: str | Path) -> contextlib.AbstractContextManager:
    """Read the graph file for the block: a writer does not put a new graph in place meanwhile."""
    return holding(lock_file(graph, READERS_KIND), exclusive=False)


def publishing(graph: str | Path) -> contextlib.AbstractContextManager:
    """Put a new graph in place for the block: once the graph's readers have finished, and none starts."""
    return holding(lock_file(graph, READERS_KIND), exclusive=True)


def reads_held(graph: str | Path) -> bool:
    """Whether this process holds the graph for reading (so it must not wait for a writer: deadlock)."""
    return lock_file(graph, READERS_KIND).shared > 0
