"""Results a paper reports about itself: (task, dataset, metric, value) from one sentence.

"We reach a top-1 accuracy of 84.8% on ImageNet-1k" gives dataset ImageNet, metric top-1 accuracy,
value 84.8, unit %. A result needs, in one sentence, a metric mention, a number beside it (within a
few words, before or after) and a dataset mention that the number is on (`dataset_of`: that of its
clause, the sentence's only one, or the one whose list of results it continues; none when it could be
on several); the task is the sentence's task mention, if any, and `extra_data` any dataset the
sentence says, before the number, the model was pre-trained on.
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
                        r"|\bretains?|\bx)\s*(?:\d+(?:\.\d+)?\s?%?\s*/\s*)*$", re.IGNORECASE)  # ("by 0.3%/1.1%")
RATIO = re.compile(r"\s*(?:of\s+the\s+)?(?:reduction|improvement|increase|decrease|gain|fewer|less|lower|higher"
                   r"|faster|slower|smaller|larger|speed-?up|relative|absolute|times|x\b)", re.IGNORECASE)
CLAUSE = re.compile(r"[,;]\s")
JOINED = re.compile(r"[^;.]{0,60}?(?:\band|,)\s*$")  # the words between two numbers of one list
# between a dataset and a later number of the same list of results: "with 68.4% PQ, 44.0%" (numbers, metric
# words, commas, "and"), no verb or preposition that would start another result
LIST_OF_RESULTS = re.compile(r"\s*(?:val(?:idation)?\s+|test\s+)?(?:set\s+|split\s+)?(?:with|of|:)\s"
                             r"[\w\s.%\\,()-]*$", re.IGNORECASE)
# a clause that only introduces the dataset the next clause's results are on ("On Cityscapes, we get ...")
INTRODUCED = re.compile(r"\s*(?:\w+\s+){0,2}?(?:on|for|in|across)\s+(?:the\s+)?$", re.IGNORECASE)
NEXT_CLAUSE = re.compile(r"[\w\s-]{0,20}?,\s[^,;]*$")  # the rest of the dataset's clause, then the next one
# a phrase saying the model was trained on data beyond the benchmark's ("pre-trained on", "pretraining on
# the larger dataset"), followed by that data's dataset
PRETRAINED = re.compile(r"\b(?:pre-?train(?:ed|ing)?|trained|fine-?tuned\s+from)\s+(?:\w+\s+){0,4}?on\b",
                        re.IGNORECASE)
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
                dataset = dataset_of(field.text, number, datasets, clause, start, end)
                if dataset is None:
                    continue
                near = [t for t in tasks if clause[0] <= t.start < clause[1]]
                task = min(near, key=lambda t: abs(t.start - number.start())).name if near else ""
                value = float(number.group(1))
                unit = number.group(2) or ""
                results.append(Mention(
                    "result", number.group(), number.start(), number.end(), dataset.name, "results",
                    round(min(metric.confidence, dataset.confidence) * 0.8, 3), field.sentence(number.start()),
                    field.name, "reports",
                    (("metric", metric.name), ("value", str(value)), ("unit", unit), ("task", task),
                     ("dataset_mention", dataset.text),
                     ("extra_data", extra_data(field.text, number.start(), datasets, dataset, start)))))
    return results


def dataset_of(text: str, number: re.Match, datasets: list[Mention], clause: tuple[int, int], start: int,
               end: int) -> Mention | None:
    """The dataset a number is a result on: the nearest in the number's clause (one after the number
    first: "84.8% on ImageNet"); else the sentence's only dataset; else the one a list of results the
    number continues began with ("Cityscapes with 68.4% PQ, 44.0% AP"), or the one the clause before
    the number's introduces ("On Cityscapes, we get 80.1 mIoU"); else None (the number could be on any
    of them)."""
    inside = [d for d in datasets if clause[0] <= d.start < clause[1]]
    if inside:
        return min(inside, key=lambda d: (d.start < number.start(), abs(d.start - number.end())))
    if len({d.name for d in datasets}) == 1:
        return datasets[0]
    before = [d for d in datasets if d.end <= number.start()]
    if not before:
        return None
    last = max(before, key=lambda d: d.start)
    between = text[last.end:number.start()]
    if NUMBER.search(between):
        return last if LIST_OF_RESULTS.match(between) else None
    lead = text[clause_of(text, last.start, start, end)[0]:last.start]
    return last if INTRODUCED.match(lead) and NEXT_CLAUSE.match(between) else None


def extra_data(text: str, offset: int, datasets: list[Mention], dataset: Mention, start: int) -> str:
    """The training data beyond `dataset` that the sentence says, before the result at `offset`, the
    model was (pre-)trained on ("Pre-trained on ImageNet-22k, ..." -> "pre-trained on ImageNet-22k"), or
    "" when it says none."""
    for match in PRETRAINED.finditer(text, start, offset):
        other = next((d for d in datasets if match.end() <= d.start <= match.end() + 30 and d.name != dataset.name
                      and d.start < offset), None)
        if other is not None:
            return f"pre-trained on {other.text}"
    return ""


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
    if is_difference(text, number, start) or RATIO.match(text, number.end()):
        return None
    return number


def is_difference(text: str, number: re.Match, start: int) -> bool:
    """Whether a number is a difference: after "by" and its kin, or joined by "and" to a number that is
    ("by 10.8 mIoU for GTA-to-Cityscapes and 5.4 mIoU for ...")."""
    if DIFFERENCE.search(text, max(start, number.start() - 20), number.start()):
        return True
    before = [m for m in NUMBER.finditer(text, start, number.start())]
    return bool(before) and bool(JOINED.match(text, before[-1].end(), number.start())) and bool(
        DIFFERENCE.search(text, max(start, before[-1].start() - 20), before[-1].start()))


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
