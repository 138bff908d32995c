"""The embedded store: a graph kept in a file, node-link JSON by default, GraphML for other tools."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx

from kg.errors import StoreError
from kg.graph import GRAPH_FORMAT

FORMATS = ("json", "graphml")


def format_for(path: str | Path, format: str | None = None) -> str:
    """The file format to use: the one asked for, else from the extension (JSON by default)."""
    if format:
        if format not in FORMATS:
            raise StoreError(f"unknown graph format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    return "graphml" if Path(path).suffix.lower() == ".graphml" else "json"


def write_graph(graph: nx.MultiDiGraph, path: str | Path, format: str | None = None) -> Path:
    """Save the graph; written to a temporary file first, so a failure leaves the old file whole."""
    path = Path(path)
    kind = format_for(path, format)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            if kind == "json":
                out.write(json.dumps(nx.node_link_data(graph, edges="edges", name="node"), ensure_ascii=False).encode())
            else:
                nx.write_graphml(graph_for_graphml(graph), out)
        os.replace(temp, path)
    except OSError as err:
        raise StoreError(f"{path}: cannot write the graph ({err.strerror or err})") from err
    return path


def graph_for_graphml(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose list values are joined by '; ' (GraphML has no lists)."""
    flat = nx.MultiDiGraph(**{k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float))})

    def plain(attrs: dict) -> dict:
        return {k: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                for k, v in attrs.items() if v is not None}

    flat.add_nodes_from((n, plain(a)) for n, a in graph.nodes(data=True))
    flat.add_edges_from((u, v, k, plain(a)) for u, v, k, a in graph.edges(keys=True, data=True))
    return flat


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Load a graph written by `write_graph` (node-link JSON); errors say what to do."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such graph file; build one first with `kg build SOURCE... -o {path}`")
    if format_for(path) == "graphml":
        raise StoreError(f"{path}: GraphML is an export format; read the JSON graph `kg build` wrote")
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise StoreError(f"{path}: not a kg graph file ({err}); rebuild it with `kg build`") from err
    if not isinstance(data, dict) or data.get("graph", {}).get("kg_format") != GRAPH_FORMAT:
        raise StoreError(f"{path}: not a kg graph file (no kg_format {GRAPH_FORMAT}); rebuild it with `kg build`")
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", name="node")
