"""Write kg/data/dataset_long_forms.jsonl: the long forms the Papers with Code dataset descriptions give
their datasets ("The **Stanford Question Answering Dataset** (**SQuAD**)"), and the variants they list that
spell out a short name ("Labeled Faces in the Wild" for LFW), found as the extractor finds abbreviations in
abstracts, so that a paper naming a dataset by its long form links the same node.

    python scripts/dataset_long_forms.py ../shared/vocab/pwc_datasets.jsonl > kg/data/dataset_long_forms.jsonl

A pair is kept when its short form is the dataset's name or one of its variants and its long form is not
a task's name ("Visual Commonsense Reasoning (VCR)" names a task as well as the dataset).
Contains data from Papers with Code (paperswithcode.com), CC BY-SA 4.0.
"""
from __future__ import annotations

import json
import re
import sys

from kg.extract.abbreviations import find_abbreviations
from kg.extract.vocab import read_rows, read_text
from kg.model import resolve_key

SPELLED = re.compile(r"[A-Za-z][A-Za-z'’]*(?: [A-Za-z][A-Za-z'’]*)+")  # words of letters only


def long_forms(rows: list[dict], task_keys: set[str], task_heads: frozenset[str] = frozenset()
               ) -> dict[str, list[str]]:
    """Dataset name -> the long forms its description defines for it, then the listed variants that spell
    out its name."""
    found: dict[str, list[str]] = {}
    for row in rows:
        names = {resolve_key(n) for n in [row["name"], *row.get("variants", [])]}
        text = (row.get("description") or "").replace("**", "")
        defined = [(a.short, " ".join(a.long.split())) for a in find_abbreviations(text)]
        for short, long in defined:
            if resolve_key(short) in names and resolve_key(long) not in names | task_keys:
                keep(found, row["name"], long)
        for variant in row.get("variants", []):
            if (spells_out(variant, row["name"]) and resolve_key(variant) not in task_keys
                    and variant.split()[-1].lower() not in task_heads):
                keep(found, row["name"], " ".join(variant.split()))
    return found


def spells_out(variant: str, name: str) -> bool:
    """True when the capitalised words of a variant made of words only give the letters of a short name
    in capitals ("Labeled Faces in the Wild" for LFW)."""
    words = variant.split()
    initials = "".join(word[0] for word in words if word[0].isupper())
    return (bool(SPELLED.fullmatch(variant)) and name.isupper() and name.isalpha() and len(name) >= 3
            and initials == name and name not in words)


def keep(found: dict[str, list[str]], name: str, long: str) -> None:
    """Add a long form of two words or more, once."""
    if len(long.split()) >= 2 and long not in found.get(name, []) and name.lower() not in long.lower().split():
        found.setdefault(name, []).append(long)


def main() -> None:
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    task_keys = {resolve_key(name) for filename in ("pwc_tasks.jsonl", "tasks_extra.jsonl")
                 for row in read_rows(filename) for name in [row["name"], *row.get("variants", [])]}
    heads = json.loads(read_text("specific.json"))
    task_heads = frozenset(heads["task_heads"] + heads["weak_task_heads"] + ["generation"])
    for name, forms in long_forms(rows, task_keys, task_heads).items():
        print(json.dumps({"name": name, "variants": forms}, ensure_ascii=False))


if __name__ == "__main__":
    main()
