"""JSON lines: one record a line, in any dialect `records.py` knows (plain `title`/`abstract`, the
arXiv OAI metadata snapshot, Semantic Scholar, Papers with Code, …), streamed line by line.

A record's own `id` is kept (unless it is an arXiv id, which becomes `arxiv:<id>`), so the files of
the shared gold sets read as they are and `kg extract` writes their ids back.

Each line is read on its own (`read_line`), so the lines of a large file can be read on worker
processes (`kg.loaders.parallel`); what a line means for the file around it (`take_lines`) is decided
in one place, in the file's order.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import NOT_UTF8, iter_lines, json_value
from kg.model import Paper

NOT_JSON_LINES = "does not look like JSON lines; pass --format listing if it is a daily-papers listing"


class Line(NamedTuple):
    """What one non-blank line of a JSON-lines file holds: a paper (`paper`, as read or packed for passing
    between processes), or why it holds none (`reason`, with the line's `text` for the rejects file)."""

    number: int
    paper: Any = None
    reason: str = ""
    text: str = ""
    is_json: bool = True  # whether the line read as JSON at all
    ends_file: bool = False  # read as the first record, the line shows the file is no JSON lines


def read_line(source: str, number: int, line: str, utf8: bool) -> Line | None:
    """The paper of one line of `source` or why there is none; None for a blank line."""
    if not line.strip():
        return None
    if not utf8:
        return Line(number, reason=NOT_UTF8, text=line, is_json=False)
    try:
        record = json_value(line)
    except json.JSONDecodeError as err:
        return Line(number, reason=f"not valid JSON ({err.msg} at column {err.colno}); record skipped", text=line,
                    is_json=False, ends_file=not line.lstrip().startswith(("{", "[")))
    paper, reason = paper_from_record(record, source, number)
    if paper is None:
        return Line(number, reason=f"{reason}; record skipped", text=line)
    return Line(number, paper)


def take_lines(lines: Iterable[Line | None], source: str, report: LoadReport) -> Iterator[Line]:
    """The lines of `source`, in order, that hold a paper; the others reported and skipped. A file whose
    first record is not JSON and does not start like it is left there; a file without records reported."""
    seen_any = False
    for line in lines:
        if line is None:
            continue
        if line.reason:
            if line.ends_file and not seen_any:
                report.skip(source, line.number, NOT_JSON_LINES)
                return
            report.skip(source, line.number, line.reason, line.text)
        seen_any = seen_any or line.is_json
        if line.paper is not None:
            yield line
    if not seen_any:
        report.skip(source, 0, "empty file: no records in it")


def read_jsonl(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a JSON-lines file (plain or .gz); a line that is not a usable record is reported and skipped."""
    source = str(path)
    lines = (read_line(source, number, text, utf8) for number, text, utf8 in iter_lines(path, report))
    for line in take_lines(lines, source, report):
        yield line.paper
