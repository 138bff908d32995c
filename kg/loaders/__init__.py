"""Loaders by name, the choice of one for a file, and reading many files into unique papers.

A loader is a function `read(path, report) -> iterator of Paper`, streaming its file. Add a format by
writing its module and registering it in LOADERS with the extensions it owns.
"""
from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import ConfigError, LoadError
from kg.loaders.arxiv_atom import read_arxiv_atom
from kg.loaders.bibtex import read_bibtex
from kg.loaders.csv_table import read_csv
from kg.loaders.json_document import read_json_document
from kg.loaders.jsonl import read_jsonl
from kg.loaders.listing import read_listing
from kg.loaders.report import LoadReport, Problem
from kg.loaders.text import open_binary
from kg.model import UNTITLED, Paper, title_key

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


def merge(known: Paper, new: Paper) -> Paper:
    """One paper from two readings: the first reading's text, what it lacks from the second, every source.

    The id becomes the arXiv one when either reading knows it; a placeholder title (`arXiv:<id>`) gives
    way to a real one.
    """
    return dataclasses.replace(
        known, id=known.id if known.id.startswith("arxiv:") or not new.id.startswith("arxiv:") else new.id,
        title=new.title if new.title and (not known.title or known.title.startswith(UNTITLED)) else known.title,
        abstract=known.abstract or new.abstract, date=known.date or new.date,
        urls=tuple(dict.fromkeys(known.urls + new.urls)), sources=known.sources + new.sources,
        authors=known.authors or new.authors, categories=tuple(dict.fromkeys(known.categories + new.categories)),
        arxiv_id=known.arxiv_id or new.arxiv_id, doi=known.doi or new.doi,
        links=tuple(dict.fromkeys(known.links + new.links)), venue=known.venue or new.venue,
        other_ids=tuple(dict.fromkeys(known.other_ids + new.other_ids)),
        references=tuple(dict.fromkeys(known.references + new.references)))


def compatible(a: Paper, b: Paper) -> bool:
    """Whether two readings may be one paper: no two different arXiv ids or DOIs."""
    return not (a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id) and not (a.doi and b.doi and a.doi != b.doi)


def match_keys(paper: Paper) -> list[tuple[str, str]]:
    """The keys one paper is known by, strongest first: its id, its DOI, its normalised title."""
    keys = [("id", paper.id)]
    if paper.doi:
        keys.append(("doi", paper.doi))
    if paper.title:
        keys.append(("title", title_key(paper.title)))
    return keys


def read_papers(paths: Iterable[str | Path], report: LoadReport | None = None, format: str | None = None,
                filters: Filters | None = None) -> list[Paper]:
    """The unique papers of all files, in reading order.

    The same paper read twice (same arXiv id or id, else same DOI, else same normalised title, when no
    arXiv ids or DOIs disagree) is one paper that keeps its first text, fills what it lacks from the
    other reading and lists every place it was read in `sources`. Papers the filters leave out are
    counted in `report.filtered`. Problems go to `report`; a missing file raises LoadError.
    """
    if format is not None and format not in LOADERS:
        raise ConfigError(f"unknown format {format!r}; choose one of {', '.join(LOADERS)}")
    report = report if report is not None else LoadReport()
    filters = filters or Filters()
    papers: list[Paper] = []
    index: dict[tuple[str, str], int] = {}
    for raw_path in paths:
        path = Path(raw_path)
        for paper in LOADERS[format or detect_format(path)](path, report):
            report.count_record()
            if not filters.keep(paper):
                report.filtered += 1
                continue
            slot = next((index[key] for key in match_keys(paper)
                         if key in index and compatible(papers[index[key]], paper)), None)
            if slot is None:
                slot = len(papers)
                papers.append(paper)
            else:
                papers[slot] = merge(papers[slot], paper)
                report.merged += 1
            for key in match_keys(papers[slot]) + match_keys(paper):
                index.setdefault(key, slot)
    report.papers = len(papers)
    return papers
