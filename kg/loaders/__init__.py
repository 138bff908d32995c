"""Loaders by name, the choice of one for a file, and reading many files into unique papers.

A loader is a function `read(path, report) -> iterator of Paper`. Add a format by writing
its module and registering it in LOADERS with the extensions it owns.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import ConfigError
from kg.loaders.jsonl import read_jsonl
from kg.loaders.listing import read_listing
from kg.loaders.report import LoadReport, Problem
from kg.model import Paper

Reader = Callable[[Path, LoadReport], Iterator[Paper]]

LOADERS: dict[str, Reader] = {"listing": read_listing, "jsonl": read_jsonl}
EXTENSIONS: dict[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "listing"}

__all__ = ["LOADERS", "LoadReport", "Problem", "detect_format", "read_papers"]


def detect_format(path: Path) -> str:
    """The loader name for a file: by extension, else by its first non-blank character."""
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip()
    except OSError:
        return "listing"  # the loader reports the missing or unreadable file itself
    return "jsonl" if head.startswith(b"{") else "listing"


def read_papers(
    paths: Iterable[str | Path], report: LoadReport | None = None, format: str | None = None
) -> list[Paper]:
    """The unique papers of all files, in reading order; the same id read twice is one paper.

    A merged paper keeps its first text and lists every place it was read in `sources`.
    Problems go to `report`; a missing file raises LoadError (from the reader).
    """
    if format is not None and format not in LOADERS:
        raise ConfigError(f"unknown format {format!r}; choose one of {', '.join(LOADERS)}")
    report = report if report is not None else LoadReport()
    papers: dict[str, Paper] = {}
    for raw_path in paths:
        path = Path(raw_path)
        for paper in LOADERS[format or detect_format(path)](path, report):
            known = papers.get(paper.id)
            if known is None:
                papers[paper.id] = paper
            else:
                papers[paper.id] = dataclasses.replace(known, sources=known.sources + paper.sources)
                report.merged += 1
    report.papers = len(papers)
    return list(papers.values())
