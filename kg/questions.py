"""Ready-made questions as Python values: graph counts, and which papers share a benchmark.

Both go through the question library (`kg.library`), so they ask the embedded graph and Neo4j alike.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.engine import CypherEngine
from kg.library import ALL_ROWS, ask
from kg.schema import LABELS, RELATIONSHIPS

RANKED_LABELS = ("Dataset", "Task", "Method")
START_PAPERS_PER_ROW = 50  # see top_shared_pairs


@dataclass(frozen=True)
class SharedBenchmarks:
    """Two papers and the datasets/benchmarks both link to."""

    paper_a: str
    title_a: str
    paper_b: str
    title_b: str
    shared: int
    datasets: tuple[str, ...]


def graph_stats(engine: CypherEngine, top: int = 10) -> dict:
    """Nodes per label, relationships per type, and the datasets, tasks and methods most papers link to."""
    nodes = {row["label"]: row["nodes"] for row in ask(engine, "counts-per-label").rows}
    links = {row["relationship"]: row["relationships"] for row in ask(engine, "counts-per-relationship").rows}
    ranked = {label: [(row["name"], row["papers"]) for row in
                      ask(engine, "most-linked", {"label": label, "limit": top}).rows] for label in RANKED_LABELS}
    return {"nodes": {label: nodes.get(label, 0) for label in LABELS},
            "relationships": {rel: links.get(rel, 0) for rel in RELATIONSHIPS},
            "top": ranked}


def shared_benchmarks(engine: CypherEngine, paper: str | None = None, min_shared: int | None = None,
                      limit: int | None = 20) -> list[SharedBenchmarks]:
    """Pairs of papers linked to the same datasets, most shared first; with `paper`, its pairs only.

    `paper` is an id, a title or a part of a title only one paper has. `min_shared` is 1 by default
    with a paper and 2 for all pairs (1 asks for every two papers on a dataset: ties of all pairs are
    ranked by how rare their shared datasets are, so the first are those on the rarest ones).
    `limit` None returns every pair.
    """
    least = 2 if min_shared is None else min_shared
    if paper:
        params = {"paper": paper, "limit": limit or ALL_ROWS}
        if min_shared is not None:
            params["min_shared"] = min_shared
        rows = ask(engine, "papers-sharing-benchmarks", params).rows
    elif engine.ranks("shared-pairs"):  # the dataset index searches from the top itself (DatasetIndex.pairs)
        rows = ask(engine, "shared-benchmark-pairs", {"min_shared": least, "limit": limit or ALL_ROWS}).rows
    else:
        rows = top_shared_pairs(engine, least, limit)
    return [SharedBenchmarks(row["paper_a"], row["title_a"], row["paper_b"], row["title_b"], row["shared"],
                             tuple(row["datasets"])) for row in rows]


def top_shared_pairs(engine: CypherEngine, min_shared: int, limit: int | None,
                     papers_per_row: int = START_PAPERS_PER_ROW) -> list[dict]:
    """The rows of `shared-benchmark-pairs` for `min_shared`, asked for a higher N first when cheaper.

    The query for N returns the pairs sharing at least N datasets, most shared first; when it returns
    `limit` of them, they are also the first `limit` pairs for any smaller N (every pair sharing more
    ranks before every pair sharing fewer). Asking for a higher N costs far less, so it is asked first
    for the highest N that at least `papers_per_row` x `limit` papers reach, then for one less
    until it has `limit` pairs or N is `min_shared`. Without a limit it is asked once, for `min_shared`.
    """
    level = min_shared
    if limit:
        reached = 0
        for row in ask(engine, "datasets-per-paper").rows:  # most datasets first
            reached += row["papers"]
            if reached >= papers_per_row * limit:
                level = max(row["datasets"], min_shared)
                break
    while True:
        rows = ask(engine, "shared-benchmark-pairs", {"min_shared": level, "limit": limit or ALL_ROWS}).rows
        if level == min_shared or len(rows) >= limit:
            return rows
        level -= 1
