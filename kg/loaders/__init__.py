"""Loaders by name, the choice of one for a file, and reading many files into unique papers.

A loader is a function `read(path, report) -> iterator of Paper`, streaming its file. Add a format by
writing its module and registering it in LOADERS with the extensions it owns.
"""
from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ConfigError, KGError, LoadError
from kg.loaders.arxiv_atom import read_arxiv_atom
from kg.loaders.bibtex import read_bibtex
from kg.loaders.csv_table import read_csv
from kg.loaders.json_document import read_json_document
from kg.loaders.jsonl import read_jsonl
from kg.loaders.listing import read_listing
from kg.loaders.parallel import PARALLEL_BYTES, read_jsonl_on, reads_on_workers
from kg.loaders.report import LoadReport, Problem
from kg.loaders.text import open_binary
from kg.loaders.unique import PackedPaper, UniquePapers
from kg.model import Paper

if TYPE_CHECKING:
    from kg.workers import Workers

Reader = Callable[[Path, LoadReport], Iterator[Paper]]

LOADERS: dict[str, Reader] = {"listing": read_listing, "jsonl": read_jsonl, "json": read_json_document,
                              "csv": read_csv, "arxiv-atom": read_arxiv_atom, "bibtex": read_bibtex}
EXTENSIONS: dict[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "listing", ".json": "json",
                              ".csv": "csv", ".xml": "arxiv-atom", ".atom": "arxiv-atom", ".bib": "bibtex"}

__all__ = ["LOADERS", "LoadReport", "Problem", "Filters", "detect_format", "read_papers"]


@dataclasses.dataclass(frozen=True)
class Filters:
    """Which papers to keep: any category matching one of `categories` (shell patterns such as `cs.*`),
    and a date on or after `since` (YYYY-MM-DD; papers without a full date are then left out)."""

    categories: tuple[str, ...] = ()
    since: str = ""

    def keep(self, paper: Paper) -> bool:
        """Whether the paper passes the filters."""
        if self.categories and not any(fnmatch.fnmatchcase(c, pattern) for c in paper.categories
                                       for pattern in self.categories):
            return False
        return not self.since or (len(paper.date) == 10 and paper.date >= self.since)


def detect_format(path: Path) -> str:
    """The loader name for a file: by extension (under a `.gz`), else by its first characters."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    by_extension = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if by_extension:
        return by_extension
    try:
        with open_binary(path) as handle:
            head = handle.read(4096).lstrip()
    except (LoadError, OSError):
        return "listing"  # the loader reports the missing or unreadable file itself
    if head.startswith(b"<"):
        return "arxiv-atom"
    if head.startswith(b"@"):
        return "bibtex"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        return "jsonl" if b"\n" in head and head.split(b"\n", 1)[0].rstrip().endswith(b"}") else "json"
    first = head.split(b"\n", 1)[0].lower()
    return "csv" if b"," in first and (b"title" in first or b"abstract" in first) else "listing"


def guarded(readings: Iterable[Paper | PackedPaper], path: Path, report: LoadReport) -> Iterator[Paper | PackedPaper]:
    """A loader's papers up to an exception it did not expect, which is reported with the line after the last
    paper read (the papers before are kept, and the other files read); kg's own errors go through."""
    line = 0
    try:
        for paper in readings:
            line = getattr(paper, "line", line)
            yield paper
    except KGError:
        raise
    except Exception as err:  # noqa: BLE001 -- a loader's bug costs the rest of its file, not the run
        report.skip(str(path), line + 1, f"cannot be read past this line ({type(err).__name__}: {err}); the "
                                         "records before it were kept")


def read_papers(paths: Iterable[str | Path], report: LoadReport | None = None, format: str | None = None,
                filters: Filters | None = None, pool: Workers | None = None,
                min_parallel_bytes: int = PARALLEL_BYTES) -> Sequence[Paper]:
    """The unique papers of all files, in reading order (`kg.loaders.unique`).

    Papers the filters leave out are counted in `report.filtered`. Problems go to `report`; a missing file
    raises LoadError. With a `pool` of workers, JSON-lines files of `min_parallel_bytes` or more are read on
    them (`kg.loaders.parallel`): the same papers, problems and counts, and the papers come back packed.
    """
    if format is not None and format not in LOADERS:
        raise ConfigError(f"unknown format {format!r}; choose one of {', '.join(LOADERS)}")
    report = report if report is not None else LoadReport()
    filters = filters or Filters()
    papers = UniquePapers()
    for raw_path in paths:
        path = Path(raw_path)
        name = format or detect_format(path)
        readings: Iterable[Paper | PackedPaper]
        if pool is not None and reads_on_workers(pool, path, name, min_parallel_bytes):
            readings = read_jsonl_on(pool, path, report, filters)
        else:
            readings = LOADERS[name](path, report)
        for paper in guarded(readings, path, report):
            report.count_record()
            if not (paper.kept if isinstance(paper, PackedPaper) else filters.keep(paper)):
                report.filtered += 1
            elif papers.add(paper):
                report.merged += 1
    report.papers = len(papers)
    return papers.papers()
