"""Ready-made questions over the graph: counts, and which papers share a benchmark."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from kg.errors import ConfigError
from kg.schema import DATASET_RELATIONSHIPS, LABELS, RELATIONSHIPS


@dataclass(frozen=True)
class SharedBenchmarks:
    """Two papers and the datasets/benchmarks both link to."""

    paper_a: str
    title_a: str
    paper_b: str
    title_b: str
    shared: int
    datasets: tuple[str, ...]


def graph_stats(graph: nx.MultiDiGraph, top: int = 10) -> dict:
    """Nodes per label, relationships per type, and the most linked datasets, tasks, methods, repos."""
    labels = Counter(attrs.get("label") for _, attrs in graph.nodes(data=True))
    types = Counter(key for _, _, key in graph.edges(keys=True))
    ranked = {}
    for label in ("Dataset", "Task", "Method"):
        papers = Counter({graph.nodes[n]["name"]: graph.in_degree(n) for n, a in graph.nodes(data=True)
                          if a.get("label") == label})
        ranked[label] = papers.most_common(top)
    return {"nodes": {label: labels.get(label, 0) for label in LABELS},
            "relationships": {rel: types.get(rel, 0) for rel in RELATIONSHIPS},
            "top": ranked}


def find_paper(graph: nx.MultiDiGraph, query: str) -> str:
    """The node id of the paper named by id (with or without `paper:`), exact title or a unique part."""
    papers = {n: a.get("title", "") for n, a in graph.nodes(data=True) if a.get("label") == "Paper"}
    for candidate in (query, f"paper:{query}"):
        if candidate in papers:
            return candidate
    wanted = query.casefold().strip()
    exact = [n for n, title in papers.items() if title.casefold() == wanted]
    partial = exact or [n for n, title in papers.items() if wanted in title.casefold()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise ConfigError(f"no paper with id or title {query!r}; `kg stats` shows the graph, "
                          "and the ids are in `kg extract` output")
    names = "; ".join(f"{n} ({papers[n][:50]})" for n in partial[:5])
    raise ConfigError(f"{len(partial)} papers match {query!r}: {names}; give more of the title or the id")


def shared_benchmarks(graph: nx.MultiDiGraph, paper: str | None = None, min_shared: int = 1,
                      limit: int | None = 20) -> list[SharedBenchmarks]:
    """Pairs of papers linked to the same datasets, most shared first; with `paper`, its pairs only."""
    if min_shared < 1:
        raise ConfigError("--min-shared must be at least 1")
    focus = find_paper(graph, paper) if paper else None
    papers_of: dict[str, set[str]] = defaultdict(set)
    for source, target, key in graph.edges(keys=True):
        if key in DATASET_RELATIONSHIPS:
            papers_of[target].add(source)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for dataset, papers in papers_of.items():
        if focus:
            pairs = [tuple(sorted((focus, other))) for other in papers if other != focus] if focus in papers else []
        else:
            pairs = combinations(sorted(papers), 2)
        for pair in pairs:
            shared[pair].add(graph.nodes[dataset]["name"])
    rows = [SharedBenchmarks(a, graph.nodes[a]["title"], b, graph.nodes[b]["title"], len(names),
                             tuple(sorted(names, key=str.casefold)))
            for (a, b), names in shared.items() if len(names) >= min_shared]
    if focus:  # the focus paper first in each row
        rows = [r if r.paper_a == focus else SharedBenchmarks(r.paper_b, r.title_b, r.paper_a, r.title_a,
                                                              r.shared, r.datasets) for r in rows]
    rows.sort(key=lambda r: (-r.shared, r.title_a.casefold(), r.title_b.casefold()))
    return rows[:limit] if limit else rows
