"""Ready-made questions as Python values: graph counts, and which papers share a benchmark.

Both go through the question library (`kg.library`), so they ask the embedded graph and Neo4j alike.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.engine import CypherEngine
from kg.errors import ConfigError
from kg.library import ALL_ROWS, ask
from kg.schema import LABELS, RELATIONSHIPS

RANKED_LABELS = ("Dataset", "Task", "Method")


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


def shared_benchmarks(engine: CypherEngine, paper: str | None = None, min_shared: int = 1,
                      limit: int | None = 20) -> list[SharedBenchmarks]:
    """Pairs of papers linked to the same datasets, most shared first; with `paper`, its pairs only.

    `paper` is an id, a title or a part of a title only one paper has; `limit` None returns every pair.
    """
    if min_shared < 1:
        raise ConfigError("--min-shared must be at least 1")
    params = {"min_shared": min_shared, "limit": limit or ALL_ROWS}
    if paper:
        result = ask(engine, "papers-sharing-benchmarks", {**params, "paper": paper})
    else:
        result = ask(engine, "shared-benchmark-pairs", params)
    return [SharedBenchmarks(row["paper_a"], row["title_a"], row["paper_b"], row["title_b"], row["shared"],
                             tuple(row["datasets"])) for row in result.rows]
