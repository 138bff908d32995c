"""A JSON document holding papers: the Hugging Face papers API (a daily-papers list, or one paper),
a Papers with Code API response (`{"count", "results": [...]}`) or dump (a list of papers; the
evaluation tables go to `pwc_evaluation.py`), or any list of records `records.py` reads.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.loaders.pwc_evaluation import evaluation_papers, is_evaluation_table
from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import json_value, read_text
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


def flatten(item: object) -> object:
    """A daily-papers entry ({paper: {...}, title, …}) as one record: the paper's fields first."""
    if isinstance(item, Mapping) and isinstance(item.get("paper"), Mapping):
        return {**{k: v for k, v in item.items() if k != "paper"}, **item["paper"]}
    return item


def read_json_document(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a JSON document (plain or .gz); a record that is not a paper is reported and skipped.

    Record numbers stand in for line numbers (`FILE:3` is the third record).
    """
    source = str(path)
    text = read_text(path)
    if not text.strip():
        report.skip(source, 0, "empty file: no records in it")
        return
    try:
        document = json_value(text)
    except json.JSONDecodeError as err:
        hint = "" if text.lstrip().startswith(("{", "[")) else "; pass --format listing if it is a daily-papers listing"
        report.skip(source, err.lineno, f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno}); "
                                        f"file skipped{hint}")
        return
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
                        json.dumps(items[number - 1], ensure_ascii=False))
            continue
        yield paper
