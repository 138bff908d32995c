"""Reading a large JSON-lines file on the worker processes of a build.

Read in one process, the records (decoding JSON, making each Paper and the keys it is matched by) keep
the workers waiting. Here this process only reads the file's lines and
passes them on in chunks; each worker reads its lines (`kg.loaders.jsonl.read_line`), applies the
filters and returns each paper packed: pickled once, with its match keys. This process takes the lines
in the file's order (`kg.loaders.jsonl.take_lines`), so the same problems are reported in the same
order (and `--strict` stops at the same one) as when reading in one process, and the unique papers
are kept packed (`kg.loaders.unique.PackedPapers`) until a worker unpacks them to extract them.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.loaders.jsonl import Line, read_line, take_lines
from kg.loaders.report import LoadReport
from kg.loaders.text import CutShort, decoded, iter_raw_lines, open_binary
from kg.loaders.unique import PackedPaper, match_keys
from kg.model import Paper

if TYPE_CHECKING:
    from kg.loaders import Filters
    from kg.workers import Workers

LINES_PER_CHUNK = 500  # a worker's share at a time
PARALLEL_BYTES = 1 << 20  # a smaller file is read in this process: passing its lines would cost more


class ReadLines:
    """What a worker does with a chunk of a file's lines: the Line of each non-blank one, its paper packed."""

    def __init__(self, source: str, filters: Filters):
        self.source = source
        self.filters = filters

    def __call__(self, chunk: list[tuple[int, bytes]]) -> list[Line]:
        lines = []
        for number, raw in chunk:
            line = read_line(self.source, number, *decoded(raw))
            if line is None:
                continue
            lines.append(line if line.paper is None else line._replace(paper=self.pack(line.paper)))
        return lines

    def pack(self, paper: Paper) -> PackedPaper:
        """The paper pickled with its match keys, or only its keys when the filters leave it out."""
        kept = self.filters.keep(paper)
        return PackedPaper(pickle.dumps(paper, pickle.HIGHEST_PROTOCOL) if kept else b"",
                           match_keys(paper), kept)


class LineChunks:
    """The lines of an open file in chunks of `size`, read as the workers are given them; `cut` is where
    the file was cut short, if it was."""

    def __init__(self, handle: BinaryIO, size: int = LINES_PER_CHUNK):
        self.handle = handle
        self.size = size
        self.cut: CutShort | None = None

    def __iter__(self) -> Iterator[list[tuple[int, bytes]]]:
        chunk: list[tuple[int, bytes]] = []
        try:
            for line in iter_raw_lines(self.handle):
                chunk.append(line)
                if len(chunk) == self.size:
                    yield chunk
                    chunk = []
        except CutShort as cut:
            self.cut = cut
        if chunk:
            yield chunk


def read_jsonl_on(pool: Workers, path: Path, report: LoadReport, filters: Filters) -> Iterator[PackedPaper]:
    """The papers of a JSON-lines file, read on the pool's workers, packed, in the file's order; problems
    go to `report` as `kg.loaders.jsonl.read_jsonl` reports them."""
    source = str(path)
    chunks = LineChunks(open_binary(path))

    def lines() -> Iterator[Line]:
        for chunk in pool.stream(ReadLines(source, filters), chunks):
            yield from chunk
        if chunks.cut is not None:
            report.skip(source, chunks.cut.number, str(chunks.cut))

    for line in take_lines(lines(), source, report):
        yield line.paper


def reads_on_workers(pool: Workers, path: Path, format: str, min_bytes: int = PARALLEL_BYTES) -> bool:
    """Whether to read the file on the pool's workers: JSON lines of `min_bytes` or more, when there are workers."""
    if not pool.parallel or format != "jsonl":
        return False
    try:
        return path.stat().st_size >= min_bytes
    except OSError:
        return False  # the loader reports it
