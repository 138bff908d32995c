"""Cypher on the embedded graph: the NetworkX graph loaded into an in-process engine.

The engine is kglite (chosen by measurement; see docs/design.md). This module is the only one that
imports it, so another engine (or a Neo4j session) can take its place behind `run`.
"""
from __future__ import annotations

import json
import re
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import kglite
import networkx as nx

from kg.data import read_text
from kg.cypher_syntax import explain_syntax_error
from kg.errors import QueryError, StoreError
from kg.schema import LABELS, RELATIONSHIPS
from kg.store.dataset_index import (
    INDEX_KIND,
    DatasetIndex,
    index_links,
    index_path,
    kept_index,
    read_kept,
    write_kept,
)
from kg.store.file import (
    format_for,
    kept_beside,
    read_edges,
    read_graph,
    read_header,
    read_nodes,
    versioned_beside,
)
from kg.store.part import papers_part, papers_titled
from kg.store.statements import load_statement, upsert_batches
from kg.store.survey import (
    EDGE,
    NODE,
    Survey,
    appended_since,
    edge_record,
    graph_lines,
    node_record,
    read_survey,
)

ENGINE = f"kglite {kglite.__version__}"
ENGINE_KIND = f"{ENGINE.replace(' ', '-')}.kgl"  # the end of the names of its copies (`cache_path`)
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

    def ranked(self, index: str, params: dict[str, Any]) -> list[dict[str, Any]] | None:
        """The ranking rows the index called `index` gives for `params`; None when there is no such index
        (see `kg.library`: a question may let an index rank its rows)."""

    def ranks(self, index: str) -> bool:
        """Whether `ranked` gives the rows of the index called `index`."""

    def part(self, papers: list[str], links: tuple[str, ...], titled: str | None = None) -> CypherEngine | None:
        """An engine holding only `papers` (and those whose title holds `titled`, any case, when given),
        their links of the types `links` and the nodes these reach, when this one can make it for less than
        answering itself; else None (see `kg.library`: a question may say which part of the graph its
        answer reads)."""


@lru_cache(maxsize=1)
def unsupported_constructs() -> list[tuple[str, re.Pattern]]:
    """(description, pattern) of the Neo4j constructs the embedded engine does not run."""
    data = json.loads(read_text("cypher_unsupported.json"))
    return [(c["construct"], re.compile(c["pattern"], re.IGNORECASE)) for c in data["constructs"]]


RANKED_INDEXES = ("shared-datasets", "shared-pairs")  # the indexes `DatasetRanking.ranked` ranks


class DatasetRanking:
    """Ranking a question's rows on the engine's dataset index (`dataset_index`, built or read on first use)."""

    def dataset_index(self) -> DatasetIndex:
        """The engine's dataset index (each engine says where it comes from)."""
        raise NotImplementedError

    def ranked(self, index: str, params: dict[str, Any]) -> list[dict[str, Any]] | None:
        """The rows the dataset index ranks for a question: `shared-datasets` (other, shared) for the papers
        sharing datasets with `params["paper"]`, `shared-pairs` (a, b, shared) for the pairs of papers
        sharing datasets; None for any other index (then the index is not read)."""
        if index == "shared-datasets":
            ranked = self.dataset_index().ranked(params["paper"], params["min_shared"], params["limit"])
            return [{"other": other, "shared": shared} for other, shared in ranked]
        if index == "shared-pairs":
            pairs = self.dataset_index().pairs(params["min_shared"], params["limit"])
            return [{"a": a, "b": b, "shared": shared, "rarest": rarest} for a, b, shared, rarest in pairs]
        return None

    def ranks(self, index: str) -> bool:
        """Whether `ranked` gives the rows of `index`."""
        return index in RANKED_INDEXES


class EmbeddedEngine(DatasetRanking):
    """A read-only Cypher engine over a kg graph held in memory."""

    name = ENGINE

    def __init__(self, graph: nx.MultiDiGraph | kglite.KnowledgeGraph, index_path: Path | None = None):
        """`index_path`: where the dataset index of this graph is kept (built there on first use)."""
        kglite.set_query_warning_policy("silent")  # warnings are returned with the result instead
        self._graph = graph if isinstance(graph, kglite.KnowledgeGraph) else load_graph(graph)
        self._graph.read_only(True)
        self._index_path = index_path
        self._dataset_index: DatasetIndex | None = None

    def dataset_index(self) -> DatasetIndex:
        """Which papers link to which datasets (`kg.store.dataset_index`): read from `index_path` when it
        is there, else built from the graph's links and saved there."""
        if self._dataset_index is None:
            path = self._index_path
            self._dataset_index = read_kept(path) if path else None
            if self._dataset_index is None:
                rows = self.run(load_statement("read-dataset-links")).rows
                self._dataset_index = index_links((row["paper"], row["dataset"]) for row in rows)
                if path:
                    write_kept(self._dataset_index, path)
        return self._dataset_index

    def part(self, papers: list[str], links: tuple[str, ...], titled: str | None = None) -> None:
        """None: the engine holds the whole graph already."""
        return None

    def publish(self, path: Path) -> None:
        """Turn the engine into kglite's disk form, published in the folder `path` (an engine opened from
        such a folder is copied there): a later process opens it and reads what a query needs from it,
        without loading the whole graph as kglite's one-file form does."""
        with warnings.catch_warnings():  # lists of mixed lengths are kept on the heap: fine here
            warnings.simplefilter("ignore", kglite.MappedFallbackWarning)
            if self._graph.graph_info()["storage_mode"] == "disk":
                self._graph.save(str(path))
            else:
                self._graph.enable_disk_mode(str(path))

    def run(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one Cypher statement with its parameters; values never go into the text."""
        found = self.stream(query, params)
        return QueryResult(found.columns, list(found.rows), found.warnings)

    def stream(self, query: str, params: dict[str, Any] | None = None, limits: Limits | None = None) -> RowStream:
        """Run one Cypher statement within `limits`: the rows come one at a time as plain data (the engine
        holds them, at most `limits.rows`); QueryError when the result has more, or the query runs past
        `limits.seconds`."""
        limits = limits or Limits()
        try:
            view = self._graph.cypher(query, params=params or {}, timeout_ms=limits.timeout_ms(),
                                      row_limit=limits.rows + 1 if limits.rows else None)
        except kglite.ReadOnlyError as err:
            raise QueryError("the embedded graph is read-only: `kg build` changes it; "
                             "Neo4j runs writing Cypher") from err
        except kglite.CypherTimeoutError as err:
            raise QueryError(f"the query ran past its time limit ({limits.seconds or 180:g} s); narrow it, or give "
                             "`kg cypher` a longer --timeout (0: none)") from err
        except (kglite.KgError, ValueError, TypeError, OverflowError) as err:
            raise query_error(query, err) from err
        if limits.rows and len(view) > limits.rows:
            total = (view.diagnostics or {}).get("total_rows") or len(view)
            raise QueryError(f"the result has {total:,} rows, more than the {limits.rows:,} held at once; add "
                             "LIMIT (or SKIP … LIMIT pages) to the query, or raise `kg cypher --max-rows` (0: "
                             "no limit)")
        return RowStream(list(view.columns), ({k: plain(v) for k, v in row.items()} for row in view),
                         [w for w in view.warnings if "row_limit" not in w and not of_schema_type(w)])


@dataclass(frozen=True)
class Limits:
    """What a query may take: `rows` held at once (0: no limit), `seconds` of running (None: the engine's
    default of 180 s; 0: no limit)."""

    rows: int = 0
    seconds: float | None = None

    def timeout_ms(self) -> int | None:
        return None if self.seconds is None else int(self.seconds * 1000)


@dataclass
class RowStream:
    """A query's columns, its rows as they are read, and the engine's warnings."""

    columns: list[str]
    rows: Iterator[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


class GraphFileEngine(DatasetRanking):
    """The embedded engine over a graph file `kg build` wrote, reading the whole graph only when a query
    needs it (`open_whole`: the file is read into the engine the first time, its kept copy opened after).

    A question that says which part of the graph its answer reads runs on an engine holding only that
    part (`part`), read where the file's kept survey says its papers are (`kg.store.part.papers_part`),
    and the dataset index the build kept ranks rows: after a build, such questions need neither the
    engine's copy nor a read of the whole file. Once the whole graph is open, it answers everything.
    """

    name = ENGINE

    def __init__(self, path: Path):
        self.path = path
        self._whole: EmbeddedEngine | None = None
        self._survey: Survey | bool | None = None  # False: the file has no survey to read parts by
        self._index: DatasetIndex | None = None

    def whole(self) -> EmbeddedEngine:
        """The engine holding the whole graph (opened at the first call)."""
        if self._whole is None:
            self._whole = open_whole(self.path)
        return self._whole

    def run(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one Cypher statement on the whole graph."""
        return self.whole().run(query, params)

    def stream(self, query: str, params: dict[str, Any] | None = None, limits: Limits | None = None) -> RowStream:
        """Run one Cypher statement on the whole graph, its rows as they are read (`EmbeddedEngine.stream`)."""
        return self.whole().stream(query, params, limits)

    def dataset_index(self) -> DatasetIndex:
        """The dataset index the build kept beside the file, else the whole graph's."""
        if self._index is None:
            self._index = kept_index(self.path) or self.whole().dataset_index()
        return self._index

    def part(self, papers: list[str], links: tuple[str, ...], titled: str | None = None) -> EmbeddedEngine | None:
        """An engine holding only `papers` (and those whose title holds `titled`, any case: `papers_titled`),
        their links of the types `links` and the nodes these reach, read from the file; None once the whole
        graph is open, when the file has no kept survey saying that each paper's links follow its node
        (`Survey.blocks`: a build, a merge and an append keep one), or when `titled` is empty or not ASCII."""
        if self._whole is not None or self._survey is False:
            return None
        if self._survey is None:
            found = read_survey(self.path)
            self._survey = found if found is not None and found.blocks else False
        if self._survey is False:
            return None
        if titled is not None:
            holding = papers_titled(self.path, self._survey, titled)
            if holding is None:
                return None
            papers = [*papers, *holding]
        return EmbeddedEngine(load_records(*papers_part(self.path, self._survey, papers, links)))


def cache_path(path: Path, version: str | None = None) -> Path:
    """Where the engine's copy of (a version of) the graph file `path` is kept: a hidden folder beside it,
    named after the file's version (size and modification time) and the engine's, so a changed file gets
    a new one."""
    return versioned_beside(path, ENGINE_KIND, version)


def load_graph(graph: nx.MultiDiGraph, batch_size: int = LOAD_BATCH) -> kglite.KnowledgeGraph:
    """The NetworkX graph in the engine (see `load_records`)."""
    return load_records(graph.nodes(data=True), graph.edges(keys=True, data=True), batch_size)


def load_graph_file(path: Path, batch_size: int = LOAD_BATCH) -> kglite.KnowledgeGraph:
    """The graph file in the engine, read line by line (twice: nodes, then relationships), never whole:
    a million papers' graph does not fit in memory twice."""
    return load_records(read_nodes(path), read_edges(path), batch_size)


def load_records(nodes, edges, batch_size: int = LOAD_BATCH,
                 engine: kglite.KnowledgeGraph | None = None) -> kglite.KnowledgeGraph:
    """An engine holding `nodes` (id, attributes) and `edges` (source, target, type, attributes), upserted
    with the statements `kg push` sends to Neo4j, a batch at a time: into a new engine, or into `engine`."""
    engine = engine if engine is not None else kglite.KnowledgeGraph()
    try:
        for statement, rows in upsert_batches(nodes, edges, batch_size):
            engine.cypher(statement, params={"rows": rows})
    except (kglite.KgError, ValueError, TypeError) as err:
        raise StoreError(f"the graph cannot be loaded into the Cypher engine: {err}") from err
    return engine


def updated_copy(path: Path) -> kglite.KnowledgeGraph | None:
    """The engine's copy of an earlier version of the graph file `path` that papers were added to since
    (`kg.store.survey.appended_since`), brought up to the present version: the nodes and relationships
    from the byte where the file changed on are upserted into it (merging papers only adds, so nothing is
    removed). None when there is no such copy (the survey, which says where the file changed, is read
    only when there is a copy of another version: after a full build there is none)."""
    if not kept_beside(path, f".*.{ENGINE_KIND}"):
        return None
    for version, start in appended_since(path).items():
        try:
            graph = kglite.load(str(cache_path(path, version)))
        except (kglite.KgError, OSError, ValueError):
            continue  # none, damaged or foreign
        graph.read_only(False)
        nodes = (node_record(path, where, line) for where, _, line in graph_lines(path, start) if line.startswith(NODE))
        edges = (edge_record(path, where, line) for where, _, line in graph_lines(path, start) if line.startswith(EDGE))
        return load_records(nodes, edges, engine=graph)  # the nodes read first, then the relationships
    return None


def open_engine(path: str | Path) -> GraphFileEngine | EmbeddedEngine:
    """The embedded engine over the graph file `kg build` wrote (`GraphFileEngine`), or holding the graph of
    a GraphML file kg wrote (read whole); StoreError saying what to do when the file is missing or not a
    graph file."""
    path = Path(path)
    if format_for(path) == "graphml":
        return EmbeddedEngine(read_graph(path))
    read_header(path)
    return GraphFileEngine(path)


def open_whole(path: Path) -> EmbeddedEngine:
    """The embedded engine holding the whole graph file.

    The first call reads the file into the engine and publishes the engine's copy beside it (see
    `cache_path`, `EmbeddedEngine.publish`); later calls open that copy until the graph file changes.
    """
    cache = cache_path(path)
    index = index_path(path)
    if cache.exists():
        try:
            return EmbeddedEngine(kglite.load(str(cache)), index)
        except (kglite.KgError, OSError, ValueError):
            pass  # a damaged or foreign copy: rebuilt from the graph file below
    graph = updated_copy(path)
    engine = EmbeddedEngine(graph if graph is not None else load_graph_file(path), index)
    remove(cache)  # a damaged copy
    try:
        engine.publish(cache)
    except (kglite.KgError, OSError, ValueError):
        remove(cache)  # a read-only folder: the engine works from memory, only the next start is slower
    remove_copies(path, keep=(cache, index))
    return engine


def remove_copies(path: Path, keep: tuple[Path, ...]) -> None:
    """Remove the engine's copies and dataset indexes of the graph file `path` but those in `keep`, its
    present ones."""
    for pattern in ("*.kgl", f"*.{INDEX_KIND}"):
        for old in kept_beside(path, f".{pattern}"):
            if old not in keep:
                remove(old)


def remove(path: Path) -> None:
    """Remove a file or a folder, if it is there."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# the engine's warning that a query names a label or relationship type its graph has no node or relationship of
UNKNOWN_TYPE = re.compile(r"unknown (?:node label|relationship type) '([^']+)'")


def of_schema_type(warning: str) -> bool:
    """Whether `warning` says a query names a label or relationship type absent from the graph that kg's schema
    has: this graph (or the part of it a question reads) only has none of it, which is no mistake of the query.
    Types outside the schema are still warned about (a misspelt type)."""
    found = UNKNOWN_TYPE.search(warning)
    return found is not None and (found[1] in LABELS or found[1] in RELATIONSHIPS)


def query_error(query: str, err: Exception) -> QueryError:
    """The error to show for a query the engine refused, naming a Neo4j-only construct if it uses one."""
    message = str(err).strip()
    if isinstance(err, kglite.CypherSyntaxError):
        for construct, pattern in unsupported_constructs():
            if pattern.search(query):
                return QueryError(f"the query uses {construct}, which the embedded engine ({ENGINE}) does "
                                  f"not support; Neo4j runs it.\n{message}")
        message = explain_syntax_error(query, message)
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
