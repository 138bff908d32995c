"""Write kg/data/dataset_long_forms.jsonl: the long forms the Papers with Code dataset descriptions give
their datasets ("The **Stanford Question Answering Dataset** (**SQuAD**)"), found as the extractor finds
abbreviations in abstracts, so that a paper naming a dataset by its long form links the same node.

    python scripts/dataset_long_forms.py ../shared/vocab/pwc_datasets.jsonl > kg/data/dataset_long_forms.jsonl

A pair is kept when its short form is the dataset's name or one of its variants and its long form is not
a task's name ("Visual Commonsense Reasoning (VCR)" names a task as well as the dataset).
Contains data from Papers with Code (paperswithcode.com), CC BY-SA 4.0.
"""
from __future__ import annotations

import json
import sys

from kg.extract.abbreviations import find_abbreviations
from kg.extract.vocab import read_rows
from kg.model import resolve_key


def long_forms(rows: list[dict], task_keys: set[str]) -> dict[str, list[str]]:
    """Dataset name -> the long forms its description defines for it."""
    found: dict[str, list[str]] = {}
    for row in rows:
        names = {resolve_key(n) for n in [row["name"], *row.get("variants", [])]}
        text = (row.get("description") or "").replace("**", "")
        for abbreviation in find_abbreviations(text):
            long = " ".join(abbreviation.long.split())
            if (resolve_key(abbreviation.short) in names and resolve_key(long) not in names | task_keys
                    and len(long.split()) >= 2 and long not in found.get(row["name"], [])):
                found.setdefault(row["name"], []).append(long)
    return found


def main() -> None:
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    task_keys = {resolve_key(name) for filename in ("pwc_tasks.jsonl", "tasks_extra.jsonl")
                 for row in read_rows(filename) for name in [row["name"], *row.get("variants", [])]}
    for name, forms in long_forms(rows, task_keys).items():
        print(json.dumps({"name": name, "variants": forms}, ensure_ascii=False))


if __name__ == "__main__":
    main()
