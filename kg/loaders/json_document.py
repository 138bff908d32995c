"""A JSON document holding papers: the Hugging Face papers API (a daily-papers list, or one paper),
a Papers with Code API response (`{"count", "results": [...]}`) or dump (a list of papers; the
evaluation tables go to `pwc_evaluation.py`), or any list of records `records.py` reads.
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.loaders.pwc_evaluation import evaluation_papers, is_evaluation_table
from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import NOT_UTF8, json_value, read_text
from kg.model import Paper


def items_of(document: object) -> list:
    """The records in a document: a list, the `results`/`data`/`papers` list of an object, or the object."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for key in ("results", "data", "papers"):
            if isinstance(document.get(key), list):
                return document[key]
    return [document]


ARRAY_START = re.compile(r'\s*\[|\s*\{.*?"(?:results|data|papers)"\s*:\s*\[', re.DOTALL)
BAD_BYTES = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as decoded with surrogateescape


def records_before(text: str) -> list | None:
    """The records of a document that does not parse whole (cut short, or a bad record in it) up to the
    damage: the leading items of its list (the document's own, or its `results`/`data`/`papers` list);
    None when it holds no such list."""
    start = ARRAY_START.match(text)
    if start is None:
        return None
    decoder, items, at = json.JSONDecoder(), [], start.end()
    while True:
        try:
            item, at = decoder.raw_decode(text, len(text) - len(text[at:].lstrip()))
        except (json.JSONDecodeError, RecursionError):
            return items
        items.append(item)
        rest = text[at:at + 64].lstrip()
        if not rest.startswith(","):
            return items
        at = text.index(",", at) + 1


def holds_bad_bytes(paper: Paper) -> bool:
    """Whether a text of the paper holds bytes that were not UTF-8."""
    for field in dataclasses.fields(paper):
        value = getattr(paper, field.name)
        for text in value if isinstance(value, tuple) else (value,):
            for part in text if isinstance(text, tuple) else (text,):
                if isinstance(part, str) and BAD_BYTES.search(part):
                    return True
    return False


def flatten(item: object) -> object:
    """A daily-papers entry ({paper: {...}, title, …}) as one record: the paper's fields first."""
    if isinstance(item, Mapping) and isinstance(item.get("paper"), Mapping):
        return {**{k: v for k, v in item.items() if k != "paper"}, **item["paper"]}
    return item


def read_json_document(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a JSON document (plain or .gz); a record that is not a paper, or holds bytes that are not
    UTF-8, is reported and skipped. A document cut short, or damaged in a record, keeps the records before.

    Record numbers stand in for line numbers (`FILE:3` is the third record).
    """
    source = str(path)
    text = read_text(path, report, errors="surrogateescape")
    if not text.strip():
        report.skip(source, 0, "empty file: no records in it")
        return
    bad_bytes = not text.isascii() and BAD_BYTES.search(text) is not None
    for paper in document_papers(text, source, report):
        if bad_bytes and holds_bad_bytes(paper):
            report.skip(source, paper.line, NOT_UTF8)
        else:
            yield paper


def document_papers(text: str, source: str, report: LoadReport) -> Iterator[Paper]:
    """The papers of a JSON document's text; what is not a paper reported and skipped."""
    try:
        document = json_value(text)
    except json.JSONDecodeError as err:
        document = records_before(text)
        where = f"at line {err.lineno} column {err.colno}" if err.pos else "in it"
        if not document:
            hint = "" if text.lstrip().startswith(("{", "[")) else "; pass --format listing if it is a daily-papers listing"
            report.skip(source, err.lineno, f"not valid JSON ({err.msg} {where}); file skipped{hint}")
            return
        report.skip(source, err.lineno, f"not valid JSON ({err.msg} {where}): cut short or damaged after record "
                                        f"{len(document)}; the records before it were kept")
    if is_evaluation_table(document):
        yield from evaluation_papers(document, source, report)
        return
    items = items_of(document)
    papers = [paper_from_record(flatten(item), source, number) for number, item in enumerate(items, 1)]
    if not any(paper for paper, _ in papers):
        what = f"its {len(items)} records have no title or abstract" if items else "it holds no records"
        report.skip(source, 0, f"no papers in it ({what}: a list of methods, tasks or results of a paper "
                               "named only in the request, perhaps); file skipped")
        return
    for number, (paper, reason) in enumerate(papers, 1):
        if paper is None:
            report.skip(source, number, f"record {number}: {reason}; skipped",
                        json.dumps(items[number - 1], ensure_ascii=False, default=str))
            continue
        yield paper
