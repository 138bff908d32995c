"""Node samples for judging by eval/NODE_RUBRIC.md, and the precision of judged samples.

    python scripts/judged_nodes.py sample GRAPH --per-type 100 --seed 1 > sample.jsonl
    python scripts/judged_nodes.py score eval/judged/seeds-after.jsonl [...]
    python scripts/judged_nodes.py kept eval/judged/seeds-before.jsonl GRAPH

`sample` draws up to N random Dataset, Task and Method nodes of a built graph, each with one of its
mentions and that mention's evidence sentence (the rubric's input). A person, or a helper reading as
one, writes a verdict per line; no program decides one. `score` counts the verdicts per type.
`kept` says how many of the nodes judged good in an earlier sample are still nodes of GRAPH (same
type, name folded by `resolve_key`), the recall side of a change.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import kg.extract  # noqa: F401  (the vocabulary loads through it)
from kg.model import resolve_key
from kg.resolve import known_name
from kg.store.file import read_edges, read_nodes

LABELS = ("Dataset", "Task", "Method")
VERDICTS = ("good", "generic", "fragment", "wrong-type", "not-entity")


def sample(graph: str, per_type: int, seed: int) -> list[dict]:
    """Up to `per_type` nodes of each label, in a seeded random order, with one mention each."""
    nodes = {nid: attrs for nid, attrs in read_nodes(graph) if attrs.get("label") in LABELS}
    links: dict[str, list[dict]] = defaultdict(list)
    for _, target, _, attrs in read_edges(graph):
        if target in nodes and attrs.get("evidence") is not None:
            links[target].append(attrs)
    rng = random.Random(seed)
    rows = []
    for label in LABELS:
        ids = sorted(nid for nid, attrs in nodes.items() if attrs["label"] == label)
        for nid in sorted(rng.sample(ids, min(per_type, len(ids)))):
            evidence = rng.choice(links[nid]) if links[nid] else {}
            rows.append({"id": nid, "type": label, "name": nodes[nid].get("name", ""),
                         "mention": evidence.get("mention"), "evidence": evidence.get("evidence") or None,
                         "papers": len(links[nid])})
    return rows


def score(paths: list[str]) -> dict[str, Counter]:
    """Verdict counts per type over judged files."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for path in paths:
        for number, line in enumerate(Path(path).read_text().splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("verdict") not in VERDICTS:
                sys.exit(f"{path}:{number}: verdict {row.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
            counts[row["type"]][row["verdict"]] += 1
    return counts


HEAD_WORDS = ("task", "tasks", "problem", "model", "models", "method", "network", "architecture", "framework",
              "algorithm", "approach", "technique", "scheme")
FAMILY = {"Dataset": "Dataset", "Task": "Entity", "Method": "Entity"}  # a task or method may change type


def keys_of(label: str, name: str) -> set[tuple[str, str]]:
    """The keys a judged node's entity may stand under now: its name, without a head word ("AxFormer
    model" -> AxFormer), and the vocabulary's canonical name of either, as a task or a method."""
    words = name.split()
    names = {name, " ".join(words[:-1])} if len(words) > 1 and words[-1].lower() in HEAD_WORDS else {name}
    kinds = ("dataset",) if label == "Dataset" else ("task", "method")
    names |= {known for n in list(names) for kind in kinds if (known := known_name(kind, n))}
    return {(FAMILY[label], resolve_key(n)) for n in names if n}


def kept(judged: str, graph: str) -> dict[str, tuple[int, int, list[str]]]:
    """Per type: good nodes judged, how many are still nodes of `graph` (under their name, without a head
    word or under the vocabulary's name; a task may now be a method and back), and the names that are not."""
    nodes = [attrs for _, attrs in read_nodes(graph) if attrs.get("label") in LABELS]
    names = {(FAMILY[attrs["label"]], resolve_key(n)) for attrs in nodes
             for n in [attrs.get("name", ""), *attrs.get("aliases", [])]}
    result: dict[str, tuple[int, int, list[str]]] = {}
    for line in Path(judged).read_text().splitlines():
        row = json.loads(line) if line.strip() else None
        if not row or row["verdict"] != "good":
            continue
        total, found, lost = result.get(row["type"], (0, 0, []))
        present = bool(keys_of(row["type"], row["name"]) & names)
        result[row["type"]] = (total + 1, found + present, lost if present else [*lost, row["name"]])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("sample")
    drawing.add_argument("graph")
    drawing.add_argument("--per-type", type=int, default=100)
    drawing.add_argument("--seed", type=int, default=1)
    scoring = commands.add_parser("score")
    scoring.add_argument("judged", nargs="+")
    keeping = commands.add_parser("kept")
    keeping.add_argument("judged")
    keeping.add_argument("graph")
    args = parser.parse_args()
    if args.command == "sample":
        for row in sample(args.graph, args.per_type, args.seed):
            print(json.dumps(row, ensure_ascii=False))
    elif args.command == "score":
        for label, counts in sorted(score(args.judged).items()):
            total = sum(counts.values())
            detail = ", ".join(f"{v} {counts[v]}" for v in VERDICTS if counts[v])
            print(f"{label:8} {counts['good']}/{total} good = {counts['good'] / total:.2f}  ({detail})")
    else:
        for label, (total, found, lost) in sorted(kept(args.judged, args.graph).items()):
            print(f"{label:8} {found}/{total} judged-good nodes still nodes = {found / max(total, 1):.2f}"
                  + (f"  lost: {'; '.join(lost)}" if lost else ""))


if __name__ == "__main__":
    main()
