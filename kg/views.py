"""What a page shows: the whole graph or a part of it, cut down to a size a browser draws well.

Each view is a function of the NetworkX graph returning a graph (nodes keep their attributes) and a
sentence saying what it is: a node's neighbourhood, a benchmark with its papers and their methods,
papers linked by the benchmarks they share, or papers and datasets alone. `summarise` keeps the most
linked nodes of a view that is too big and says what it left out.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from kg.errors import ConfigError
from kg.schema import DATASET_RELATIONSHIPS
from kg.store.file import display_name  # (re-exported for the page)

METHOD_LINKS = ("PROPOSES", "USES_METHOD")
SHARED_PAPERS = 2000  # the shared view's papers: the ones with the most dataset links
SHARED = "SHARES_DATASETS"  # the shared view's links (drawn only, not part of the graph's schema)


@dataclass(frozen=True)
class View:
    """A view's graph and the sentence the page shows about it."""

    graph: nx.MultiDiGraph
    note: str


def name_of(graph: nx.MultiDiGraph, node: str) -> str:
    """A node's title or name."""
    return display_name(node, graph.nodes[node])


def induced(graph: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """The subgraph on `nodes` as a graph of its own, nodes in id order and each node's links in the graph's
    order, so a page is the same on every run (a networkx subgraph view of a few nodes iterates a set of
    strings, whose order changes from one process to the next)."""
    kept = set(nodes)
    part = nx.MultiDiGraph()
    part.add_nodes_from((node, graph.nodes[node]) for node in sorted(kept))
    part.add_edges_from((u, v, key, attrs) for u in part for v, keyed in graph.adj[u].items() if v in kept
                        for key, attrs in keyed.items())
    return part


def whole(graph: nx.MultiDiGraph) -> View:
    """The whole graph."""
    return View(graph, "the whole graph")


def neighbourhood(graph: nx.MultiDiGraph, center: str, hops: int = 1) -> View:
    """The nodes within `hops` links of `center`, either way."""
    if hops < 0:
        raise ConfigError("--hops must be 0 or more")
    nearby = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=hops)
    return View(induced(graph, nearby), f"within {hops} hop(s) of {name_of(graph, center)}")


def benchmark(graph: nx.MultiDiGraph, dataset: str) -> View:
    """A dataset, the papers that use, introduce or report on it, and those papers' methods."""
    if graph.nodes[dataset].get("label") != "Dataset":
        raise ConfigError(f"{name_of(graph, dataset)!r} is a {graph.nodes[dataset].get('label')}, not a dataset")
    papers = {p for p, _, rel in graph.in_edges(dataset, keys=True) if rel in (*DATASET_RELATIONSHIPS, "REPORTS")}
    methods = {m for p in papers for _, m, rel in graph.out_edges(p, keys=True) if rel in METHOD_LINKS}
    view = induced(graph, {dataset} | papers | methods)
    view.remove_edges_from([(u, v, k) for u, v, k in view.edges(keys=True)
                            if not (v == dataset or k in METHOD_LINKS)])
    return View(view, f"the benchmark {name_of(graph, dataset)}: {len(papers)} papers and their {len(methods)} methods")


def shared_benchmarks(graph: nx.MultiDiGraph, min_shared: int = 1) -> View:
    """Papers linked by how many datasets they share (at least `min_shared`); at most SHARED_PAPERS
    papers, those with the most dataset links."""
    if min_shared < 1:
        raise ConfigError("--min-shared must be 1 or more")
    links = {p: {d for _, d, rel in graph.out_edges(p, keys=True) if rel in DATASET_RELATIONSHIPS}
             for p, attrs in graph.nodes(data=True) if attrs.get("label") == "Paper"}
    ranked = sorted((p for p in links if links[p]), key=lambda p: (-len(links[p]), p))
    kept = set(ranked[:SHARED_PAPERS])
    users: dict[str, list[str]] = {}
    for paper in sorted(kept):
        for dataset in sorted(links[paper]):
            users.setdefault(dataset, []).append(paper)
    shared: dict[tuple[str, str], list[str]] = {}
    for dataset, papers in users.items():
        for pair in combinations(papers, 2):
            shared.setdefault(pair, []).append(name_of(graph, dataset))
    view = nx.MultiDiGraph()
    for (a, b), names in shared.items():
        if len(names) >= min_shared:
            for paper in (a, b):
                view.add_node(paper, **graph.nodes[paper])
            view.add_edge(a, b, key=SHARED, type=SHARED, count=len(names), mention=", ".join(sorted(names)),
                          evidence=f"{len(names)} shared dataset(s): {', '.join(sorted(names))}", confidence=1.0)
    left = len(ranked) - len(kept)
    note = f"papers sharing at least {min_shared} dataset(s), linked by how many they share"
    return View(view, note + (f" (the {len(kept)} papers with the most dataset links; {left} others left out)"
                              if left else ""))


def papers_and_datasets(graph: nx.MultiDiGraph) -> View:
    """Papers and datasets only, linked by use and introduction."""
    keep = [n for n, attrs in graph.nodes(data=True) if attrs.get("label") in ("Paper", "Dataset")]
    view = induced(graph, keep)
    view.remove_edges_from([(u, v, k) for u, v, k in view.edges(keys=True) if k not in DATASET_RELATIONSHIPS])
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0])
    return View(view, "papers and the datasets they use or introduce")


def summarise(view: View, max_nodes: int) -> View:
    """The view itself, or its `max_nodes` most linked nodes when it has more, with a note saying so."""
    count = view.graph.number_of_nodes()
    if count <= max_nodes:
        return view
    degree = view.graph.degree()
    kept = sorted(view.graph, key=lambda n: (-degree[n], n))[:max_nodes]
    part = induced(view.graph, kept)
    labels = Counter(view.graph.nodes[n].get("label", "") for n in view.graph if n not in part)
    left = ", ".join(f"{n:,} {label}" for label, n in labels.most_common())
    return View(part, f"{view.note}; showing the {max_nodes:,} most linked of {count:,} nodes "
                      f"(left out: {left}; {view.graph.number_of_edges() - part.number_of_edges():,} links)")
