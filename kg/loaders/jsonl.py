"""JSON lines: one record a line, in any dialect `records.py` knows (plain `title`/`abstract`, the
arXiv OAI metadata snapshot, Semantic Scholar, Papers with Code, …), streamed line by line.

A record's own `id` is kept (unless it is an arXiv id, which becomes `arxiv:<id>`), so the files of
the shared gold sets read as they are and `kg extract` writes their ids back.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import NOT_UTF8, iter_lines, json_value
from kg.model import Paper


def read_jsonl(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a JSON-lines file (plain or .gz); a line that is not a usable record is reported and skipped."""
    source = str(path)
    seen_any = False
    for number, line, utf8 in iter_lines(path, report):
        if not line.strip():
            continue
        if not utf8:
            report.skip(source, number, NOT_UTF8, line)
            continue
        try:
            record = json_value(line)
        except json.JSONDecodeError as err:
            if not seen_any and not line.lstrip().startswith(("{", "[")):
                report.skip(source, number, "does not look like JSON lines; pass --format listing "
                            "if it is a daily-papers listing")
                return
            report.skip(source, number, f"not valid JSON ({err.msg} at column {err.colno}); record skipped", line)
            continue
        seen_any = True
        paper, reason = paper_from_record(record, source, number)
        if paper is None:
            report.skip(source, number, f"{reason}; record skipped", line)
            continue
        yield paper
    if not seen_any:
        report.skip(source, 0, "empty file: no records in it")
