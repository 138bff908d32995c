"""Cypher on the embedded graph: the NetworkX graph loaded into an in-process engine.

The engine is kglite (chosen by measurement; see the README). This module is the only one that
imports it, so another engine (or a Neo4j session) can take its place behind `run`.
"""
from __future__ import annotations

import glob
import json
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import kglite
import networkx as nx

from kg.data import read_text
from kg.errors import QueryError, StoreError
from kg.schema import LABELS
from kg.store.file import read_graph
from kg.store.statements import check_schema, upsert_batches

ENGINE = f"kglite {kglite.__version__}"
LOAD_BATCH = 10_000


@dataclass
class QueryResult:
    """The columns and rows (dicts keyed by column) a query returned, and the engine's warnings."""

    columns: list[str]
    rows: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


class CypherEngine(Protocol):
    """What runs Cypher for kg: the embedded engine here, a Neo4j connection elsewhere."""

    name: str

    def run(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one statement with its parameters."""


@lru_cache(maxsize=1)
def unsupported_constructs() -> list[tuple[str, re.Pattern]]:
    """(description, pattern) of the Neo4j constructs the embedded engine does not run."""
    data = json.loads(read_text("cypher_unsupported.json"))
    return [(c["construct"], re.compile(c["pattern"], re.IGNORECASE)) for c in data["constructs"]]


class EmbeddedEngine:
    """A read-only Cypher engine over a kg graph held in memory."""

    name = ENGINE

    def __init__(self, graph: nx.MultiDiGraph | kglite.KnowledgeGraph):
        kglite.set_query_warning_policy("silent")  # warnings are returned with the result instead
        self._graph = graph if isinstance(graph, kglite.KnowledgeGraph) else load_graph(graph)
        self._graph.read_only(True)

    def save(self, path: Path) -> None:
        """Write the engine's own copy of the graph (kglite's file format) to `path`."""
        with warnings.catch_warnings():  # lists of mixed lengths load on the heap, not mapped: fine here
            warnings.simplefilter("ignore", kglite.MappedFallbackWarning)
            self._graph.save(str(path))

    def run(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one Cypher statement with its parameters; values never go into the text."""
        try:
            view = self._graph.cypher(query, params=params or {})
        except kglite.ReadOnlyError as err:
            raise QueryError("the embedded graph is read-only: `kg build` changes it; "
                             "Neo4j runs writing Cypher") from err
        except (kglite.KgError, ValueError, TypeError, OverflowError) as err:
            raise query_error(query, err) from err
        return QueryResult(list(view.columns), [{k: plain(v) for k, v in row.items()} for row in view],
                           list(view.warnings))


def cache_path(path: Path) -> Path:
    """Where the engine's copy of the graph file `path` is kept: a hidden file beside it, named after
    the file's size and modification time and the engine's version, so a changed file gets a new one."""
    stat = path.stat()
    return path.with_name(f".{path.name}.{stat.st_size}-{stat.st_mtime_ns}.{ENGINE.replace(' ', '-')}.kgl")


def load_graph(graph: nx.MultiDiGraph, batch_size: int = LOAD_BATCH) -> kglite.KnowledgeGraph:
    """The graph in the engine, loaded with the statements `kg push` sends to Neo4j, a batch at a time,
    the rows built as they go (one document of the whole graph ran out of 24 GiB at 1M papers)."""
    check_schema(graph)
    engine = kglite.KnowledgeGraph()
    try:
        for statement, rows in upsert_batches(graph, batch_size):
            engine.cypher(statement, params={"rows": rows})
    except (kglite.KgError, ValueError, TypeError) as err:
        raise StoreError(f"the graph cannot be loaded into the Cypher engine: {err}") from err
    return engine


def open_engine(path: str | Path) -> EmbeddedEngine:
    """The embedded engine over the graph file `kg build` wrote.

    The first call loads the file and saves the engine's copy beside it (see `cache_path`); later calls
    load that copy, about ten times faster, until the graph file changes.
    """
    path = Path(path)
    if not path.exists():
        return EmbeddedEngine(read_graph(path))  # raises the error that says how to build one
    cache = cache_path(path)
    if cache.exists():
        try:
            return EmbeddedEngine(kglite.load(str(cache)))
        except (kglite.KgError, OSError):
            pass  # a damaged or foreign copy: rebuild it from the graph file below
    engine = EmbeddedEngine(read_graph(path))
    for old in path.parent.glob(f".{glob.escape(path.name)}.*.kgl"):
        old.unlink(missing_ok=True)
    try:
        engine.save(cache)
    except (kglite.KgError, OSError):
        pass  # a read-only folder: the engine works, only the next start is slower
    return engine


def query_error(query: str, err: Exception) -> QueryError:
    """The error to show for a query the engine refused, naming a Neo4j-only construct if it uses one."""
    message = str(err).strip()
    if isinstance(err, kglite.CypherSyntaxError):
        for construct, pattern in unsupported_constructs():
            if pattern.search(query):
                return QueryError(f"the query uses {construct}, which the embedded engine ({ENGINE}) does "
                                  f"not support; Neo4j runs it.\n{message}")
    return QueryError(message)


def plain(value: Any) -> Any:
    """An engine value as plain data: nodes and relationships as dicts of their schema properties."""
    if isinstance(value, dict) and "labels" in value and "properties" in value:
        schema = LABELS.get(value["labels"][0] if value["labels"] else "", ())
        return {"labels": value["labels"],
                "properties": {k: plain(v) for k, v in value["properties"].items() if k in schema}}
    if isinstance(value, dict) and "type" in value and "properties" in value and "start" in value:
        return {"type": value["type"], "properties": {k: plain(v) for k, v in value["properties"].items()}}
    if isinstance(value, dict) and "nodes" in value and "relationships" in value:
        return {"nodes": [plain(n) for n in value["nodes"]],
                "relationships": [plain(r) for r in value["relationships"]]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
