"""The datasets each paper is linked to, for reading: which are datasets the paper really uses.

`rows` writes one line per (paper, dataset) that either of two `kg extract` outputs links, with the
mention, its sentence, the paper's title and abstract (from the gold file) and empty `verdict`/`why` for
a reader to fill: `used` (the paper evaluates, trains, tests on or introduces it), `background` (a real
dataset named only as others' work) or `not-dataset`. `score` counts the verdicts of the links each
extraction makes as used (roles `uses`, `introduces`), and the used links of the first it still makes.

    kg extract ../shared/gold/scirex_abstracts.jsonl -o before.jsonl   # at the earlier commit
    kg extract ../shared/gold/scirex_abstracts.jsonl -o after.jsonl
    python scripts/judged_paper_datasets.py rows before.jsonl after.jsonl \
        --gold ../shared/gold/scirex_abstracts.jsonl > to-read.jsonl
    python scripts/judged_paper_datasets.py score eval/judged/scirex-paper-datasets.jsonl
"""
from __future__ import annotations

import argparse
import json
from collections import Counter

USED_ROLES = ("uses", "introduces")


def links(path: str) -> dict[tuple[str, str], dict]:
    """(paper id, dataset name) -> its first mention, sentence and strongest role, from `kg extract` output."""
    found: dict[tuple[str, str], dict] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for entity in record["entities"]:
                if entity["type"] != "dataset" or entity["role"] == "describes":
                    continue
                key = (record["id"], entity["name"])
                link = found.setdefault(key, {"mention": entity["mention"], "evidence": entity["sentence"],
                                              "role": entity["role"]})
                if entity["role"] in USED_ROLES:
                    link["role"] = entity["role"]
    return found


def rows(before: str, after: str, gold: str) -> list[dict]:
    """One row to read per link of either extraction."""
    texts = {}
    with open(gold, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts[record["id"]] = f"{record.get('title', '')}\n{record.get('abstract', '')}".strip()
    first, second = links(before), links(after)
    out = []
    for key in sorted(first.keys() | second.keys()):
        link = second.get(key) or first[key]
        out.append({"paper": key[0], "dataset": key[1], "mention": link["mention"], "evidence": link["evidence"],
                    "before": key in first, "after": key in second,
                    "role_after": second[key]["role"] if key in second else None,
                    "title_and_abstract": texts.get(key[0], ""), "verdict": None, "why": None})
    return out


def score(path: str) -> dict[str, Counter]:
    """Verdicts of the links made as used, before and after."""
    with open(path, encoding="utf-8") as lines:
        judged = [json.loads(line) for line in lines]
    return {"before": Counter(r["verdict"] for r in judged if r["before"]),
            "after": Counter(r["verdict"] for r in judged if r["after"] and r["role_after"] in USED_ROLES),
            "after, mentioned only": Counter(r["verdict"] for r in judged
                                             if r["after"] and r["role_after"] not in USED_ROLES)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("rows", help="rows to read from two kg extract outputs")
    make.add_argument("before")
    make.add_argument("after")
    make.add_argument("--gold", required=True)
    count = commands.add_parser("score", help="count the verdicts of a read file")
    count.add_argument("judged")
    args = parser.parse_args()
    if args.command == "rows":
        for row in rows(args.before, args.after, args.gold):
            print(json.dumps(row, ensure_ascii=False))
    else:
        for name, verdicts in score(args.judged).items():
            total = sum(verdicts.values())
            used = verdicts.get("used", 0)
            print(f"{name}: {used}/{total} used" + (f" = {used / total:.3f}" if total else "")
                  + f"  {dict(verdicts)}")


if __name__ == "__main__":
    main()
