"""Results a paper reports about itself: (task, dataset, metric, value) from one sentence.

"We reach a top-1 accuracy of 84.8% on ImageNet-1k" gives dataset ImageNet, metric top-1 accuracy,
value 84.8, unit %. A result needs, in one sentence, a metric mention, a number beside it (within a
few words, before or after) and a dataset mention; the task is the sentence's task mention, if any.
Each result becomes a mention of type `result` (its name is the dataset's, its text the number),
which the graph turns into a REPORTS link marked self-reported.
"""
from __future__ import annotations

import re

from kg.extract.fields import Field
from kg.model import Mention

NUMBER = re.compile(r"(?<![\w.@+±-])(\d{1,4}(?:\.\d+)?)(?:\s?\\?(%|pp\b|points?\b))?(?![\w.]*\d)(?![A-Za-z])")
# a number after or before these words is a difference or a ratio ("by 2.1%", "+2.7 AP", "more than 2%",
# "a 51.3% reduction"), not a result
DIFFERENCE = re.compile(r"(?:\bby|\bmargin of|\bup to|\bgains? of|\bimprovements? of|\bmore than|\bover|\bfrom"
                        r"|\bretains?|\bx)\s*$", re.IGNORECASE)
RATIO = re.compile(r"\s*(?:of\s+the\s+)?(?:reduction|improvement|increase|decrease|gain|fewer|less|lower|higher"
                   r"|faster|slower|smaller|larger|speed-?up|relative|absolute|times|x\b)", re.IGNORECASE)
CLAUSE = re.compile(r"[,;]\s")
REACH = 40  # characters between a metric and its number
YEARS = re.compile(r"^(?:19|20)\d\d$")


def find_results(mentions: list[Mention], fields: list[Field]) -> list[Mention]:
    """A `result` mention for each metric in a sentence with a number beside it and a dataset."""
    results = []
    for field in fields:
        in_field = [m for m in mentions if m.field == field.name]
        metrics = [m for m in in_field if m.type == "metric"]
        if not metrics:
            continue
        for start, end in field.sentences:
            if not any(start <= m.start < end for m in metrics):
                continue
            inside = [m for m in in_field if start <= m.start < end]
            datasets = [m for m in inside if m.type == "dataset"]
            if not datasets:
                continue
            tasks = [m for m in inside if m.type == "task"]
            for metric in (m for m in inside if m.type == "metric"):
                number = number_beside(field.text, metric, inside, start, end)
                if number is None:
                    continue
                clause = clause_of(field.text, number.start(), start, end)
                dataset = min(datasets, key=lambda d: (not clause[0] <= d.start < clause[1], d.start < number.start(),
                                                       abs(d.start - number.end())))
                near = [t for t in tasks if clause[0] <= t.start < clause[1]]
                task = min(near, key=lambda t: abs(t.start - number.start())).name if near else ""
                value = float(number.group(1))
                unit = number.group(2) or ""
                results.append(Mention(
                    "result", number.group(), number.start(), number.end(), dataset.name, "results",
                    round(min(metric.confidence, dataset.confidence) * 0.8, 3), field.sentence(number.start()),
                    field.name, "reports",
                    (("metric", metric.name), ("value", str(value)), ("unit", unit), ("task", task),
                     ("dataset_mention", dataset.text))))
    return results


def number_beside(text: str, metric: Mention, inside: list[Mention], start: int, end: int) -> re.Match | None:
    """The number nearest the metric within REACH characters (not inside another mention, not a year),
    or None when that number is a difference or a ratio."""
    taken = [(m.start, m.end) for m in inside]
    best = None
    for match in NUMBER.finditer(text, max(start, metric.start - REACH), min(end, metric.end + REACH)):
        if YEARS.match(match.group(1)) and not match.group(2) or any(s <= match.start() < e for s, e in taken):
            continue
        distance = match.start() - metric.end if match.start() >= metric.end else metric.start - match.end()
        if best is None or distance < best[0]:
            best = (distance, match)
    if best is None:
        return None
    number = best[1]
    if DIFFERENCE.search(text, max(start, number.start() - 20), number.start()) or RATIO.match(text, number.end()):
        return None
    return number


def clause_of(text: str, offset: int, start: int, end: int) -> tuple[int, int]:
    """The span, within the sentence [start, end), between the commas or semicolons around `offset`."""
    left, right = start, end
    for brk in CLAUSE.finditer(text, start, end):
        if brk.start() < offset:
            left = brk.end()
        else:
            right = brk.start()
            break
    return left, right
