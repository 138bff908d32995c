"""Plain JSON lines: one object a line with `title` and `abstract`, and optionally `id`.

The files of the shared gold sets read as they are; a record's own `id` is kept, so that
`kg extract` writes it back and `--paper` accepts it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.loaders.report import LoadReport
from kg.loaders.text import NOT_UTF8, read_lines
from kg.model import Paper, make_paper_id

ABSTRACT_FIELDS = ("abstract", "summary", "text")


def parse_record(record: object) -> tuple[Paper | None, str]:
    """A Paper from one decoded JSON value, or None and the reason it cannot be one."""
    if not isinstance(record, dict):
        return None, f"expected a JSON object, got {type(record).__name__}"
    title = record.get("title") or ""
    abstract = next((record[k] for k in ABSTRACT_FIELDS if record.get(k)), "")
    if not isinstance(title, str) or not isinstance(abstract, str):
        return None, "`title` and `abstract` must be strings"
    if not title.strip() and not abstract.strip():
        return None, "record has neither `title` nor `abstract`"
    own_id = record.get("id")
    arxiv_id = record.get("arxiv_id") or record.get("arxivId")
    if own_id is not None and str(own_id).strip():
        paper_id = str(own_id).strip()
    else:
        paper_id = make_paper_id(title or abstract[:120], str(arxiv_id) if arxiv_id else None)
    urls = tuple(u for u in (record.get("url"),) if isinstance(u, str) and u)
    date = record.get("date") or record.get("published") or ""
    return Paper(id=paper_id, title=title.strip(), abstract=abstract, date=str(date), urls=urls), ""


def parse_jsonl(
    lines: list[str], source: str, report: LoadReport, bad_lines: frozenset[int] = frozenset()
) -> Iterator[Paper]:
    """Papers from JSON lines; a line that is not a usable record is reported and skipped."""
    seen_any = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if number in bad_lines:
            report.skip(source, number, NOT_UTF8)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            if not seen_any and not line.lstrip().startswith(("{", "[")):
                report.skip(source, number, "does not look like JSON lines; pass --format listing "
                            "if it is a daily-papers listing")
                return
            report.skip(source, number, f"not valid JSON ({err.msg} at column {err.colno}); record skipped")
            continue
        seen_any = True
        paper, reason = parse_record(record)
        if paper is None:
            report.skip(source, number, f"{reason}; record skipped")
            continue
        yield Paper(**{**paper.__dict__, "source": source, "line": number,
                       "sources": (f"{source}:{number}",)})
    if not seen_any:
        report.skip(source, 0, "empty file: no records in it")


def read_jsonl(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a JSON-lines file (see `parse_jsonl`)."""
    lines, bad = read_lines(path)
    yield from parse_jsonl(lines, str(path), report, frozenset(bad))
