"""Papers with Code evaluation tables (`evaluation-tables.json[.gz]`, the sota-extractor format; the
`json` loader hands the decoded document over): each leaderboard row with a paper becomes that paper,
linked by the source to the row's task and dataset (curated links, confidence 1) and to the code the
row links, with the row's scores (`TableResult`: task, dataset, metric, value, model name and whether the
row used extra training data), which the graph turns into REPORTS links.

Rows without a paper (a model with no publication, or a company's web page) are not papers: they are
counted, not reported one by one. A row that names its paper only by an arXiv URL gets the title
`arXiv:<id>` until another source gives the real one. A metric value that is not a number ("-") is
left out.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.model import UNTITLED, Paper, TableResult, arxiv_id_of


def is_evaluation_table(document: object) -> bool:
    """Whether a decoded JSON document is in the evaluation-tables format."""
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, Mapping) and "task" in first and "datasets" in first


def leaderboard_rows(tasks: list, parent: str = "") -> Iterator[tuple[str, str, dict]]:
    """(task, dataset, row) for every row of every dataset of every task and subtask."""
    for task in tasks:
        if not isinstance(task, Mapping):
            continue
        name = str(task.get("task") or parent)
        for dataset in task.get("datasets") or []:
            if isinstance(dataset, Mapping):
                for holder in [dataset, *(dataset.get("subdatasets") or [])]:
                    sota = holder.get("sota") if isinstance(holder, Mapping) else None
                    for row in (sota or {}).get("rows") or []:
                        yield name, str(holder.get("dataset") or dataset.get("dataset") or ""), row
        yield from leaderboard_rows(task.get("subtasks") or [], name)


def evaluation_papers(document: object, source: str, report: LoadReport) -> Iterator[Paper]:
    """Papers of a decoded evaluation-tables document; record numbers count leaderboard rows."""
    for number, (task, dataset, row) in enumerate(leaderboard_rows(document if isinstance(document, list)
                                                                   else [document]), 1):
        title = str(row.get("paper_title") or "").strip() if isinstance(row, Mapping) else ""
        if "http://" in title or "https://" in title:  # some rows name their paper by a URL only
            arxiv = arxiv_id_of(title) if "arxiv.org/" in title else ""
            title = f"{UNTITLED}{arxiv}" if arxiv else ""
        if not title:
            report.not_papers += 1
            continue
        record = {"title": title, "date": row.get("paper_date"), "paper_url": row.get("paper_url"),
                  "links": [link.get("url") for link in row.get("code_links") or [] if isinstance(link, Mapping)]}
        paper, reason = paper_from_record(record, source, number)
        if paper is None:
            report.skip(source, number, f"row {number}: {reason}; skipped", json.dumps(row, ensure_ascii=False))
            continue
        links = (("task", task), ("dataset", dataset)) if dataset else (("task", task),)
        yield Paper(**{**paper.__dict__, "links": links, "results": row_results(task, dataset, row)})


EXTRA_DATA = "extra training data"  # what a row with `uses_additional_data` says


def row_results(task: str, dataset: str, row: Mapping) -> tuple[TableResult, ...]:
    """The scores of one leaderboard row, in the order of its metrics; none without a dataset."""
    metrics = row.get("metrics")
    if not dataset or not isinstance(metrics, Mapping):
        return ()
    model = " ".join(str(row.get("model_name") or "").split())
    extra = EXTRA_DATA if row.get("uses_additional_data") is True else ""
    found = []
    for metric, text in metrics.items():
        value = number(text)
        if value is not None and str(metric).strip():
            found.append(TableResult(task, dataset, str(metric).strip(), value, model, extra))
    return tuple(found)


def number(text: object) -> float | None:
    """A metric value as a number ("90.871", "90.9%", 91): None when it is none ("-", "", a word)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    try:
        value = float(str(text).strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None
