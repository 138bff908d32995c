"""The embedded store: a graph kept in a file of JSON lines by default, GraphML for other tools.

A graph file is written and read one line at a time, so neither needs the whole graph as one
document in memory (a million papers are several GB of text):

    {"kg_format": 2, "graph": {...}}                      the first line
    {"node": ID, "data": {"label": ..., ...}}              one line per node
    {"edge": [SOURCE, TARGET, TYPE], "data": {...}}        one line per relationship

Lines may come in any order; readers that need every node before any relationship (the Cypher
engine) read the file twice. Files of kg_format 1 (one node-link JSON document) are still read.
"""
from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import tempfile
from xml.etree import ElementTree
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx
import orjson

from kg.errors import StoreError
from kg.graph import GRAPH_FORMAT, PaperIds, PaperRecords
from kg.schema import LABELS, PROPERTY_TYPES, RELATIONSHIPS
from kg.store.lock import publishing, reading, reads_held, writing

FORMATS = ("json", "graphml")
NODE_LINE = '{"node"'
EDGE_LINE = '{"edge"'
NODE_LINK_FORMAT = 1  # the format before JSON lines: one node-link document
NEW_END = ".new-end-from-"  # a committed new end of a graph file, not applied yet (`finish_rewrites`)

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


def format_for(path: str | Path, format: str | None = None) -> str:
    """The file format to use: the one asked for, else from the extension (JSON lines by default)."""
    if format:
        if format not in FORMATS:
            raise StoreError(f"unknown graph format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    return "graphml" if Path(path).suffix.lower() == ".graphml" else "json"


def node_line(node: str, attrs: dict[str, Any]) -> bytes:
    """The line of one node."""
    return orjson.dumps({"node": node, "data": attrs}) + b"\n"


def edge_line(source: str, target: str, key: str, attrs: dict[str, Any]) -> bytes:
    """The line of one relationship (its type is `key`)."""
    return orjson.dumps({"edge": [source, target, key], "data": attrs}) + b"\n"


def ids_line(ids: PaperIds) -> bytes:
    """The line of a paper's references and other ids (read by `kg merge`, skipped by readers of the graph)."""
    return orjson.dumps({"paper_ids": ids.node, "references": ids.references, "other_ids": ids.other_ids}) + b"\n"


def paper_lines(records: PaperRecords) -> bytes:
    """The lines of a paper's node, references and relationships (`kg.graph.paper_records`)."""
    citing = ids_line(records.citing) if records.citing else b""
    return node_line(*records.node) + citing + b"".join(edge_line(*edge) for edge in records.edges)


class GraphFileWriter:
    """Writes a graph file a node, relationship or paper at a time (`with GraphFileWriter(path) as out:`);
    the lines go to a temporary file that replaces `path` only when the block ends without an error.
    `offset` is where the next line goes in the file, `places` where each paper written by `paper` starts.

    With `rewrite_from`, the writer replaces the end of the existing file `path` from that byte on (a
    line's start) with what it writes (no header): when the block ends without an error, the new end is
    committed beside the file, then applied (`finish_rewrites`, which also completes a commit an
    interruption left unapplied).

    The new graph is put in place once its readers have finished (`kg.store.lock.publishing`); with `gate`,
    that lock stays held in it, for what the caller puts beside the graph (its survey and index) before
    readers see the new graph. A whole new file is first given to `keep` with the version it will have
    (`version_of`), so what is kept beside it is there before it is (a run killed in between leaves
    the old graph and what was kept of it, not a graph without its survey)."""

    def __init__(self, path: str | Path, attrs: dict[str, Any] | None = None, rewrite_from: int | None = None,
                 gate: contextlib.ExitStack | None = None, keep: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.gate = gate
        self.keep = keep
        self.attrs = {k: v for k, v in (attrs or {}).items() if k != "kg_format"}
        self.labels: Counter[str] = Counter()  # nodes written per label
        self.edges = 0
        self.rewrite_from = rewrite_from
        self.offset = rewrite_from or 0
        self.places: dict[str, int] = {}
        self._out: IO[bytes] | None = None
        self._temp = ""

    def __enter__(self) -> GraphFileWriter:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, self._temp = temporary_beside(self.path)
            self._out = os.fdopen(handle, "wb", buffering=1 << 20)
            if self.rewrite_from is None:
                self._write(orjson.dumps({"kg_format": GRAPH_FORMAT, "graph": self.attrs}) + b"\n")
        except (OSError, TypeError) as err:
            raise self._error(err) from err
        return self

    def node(self, node: str, attrs: dict[str, Any]) -> None:
        """Write one node and its attributes."""
        self._write(node_line(node, attrs))
        self.labels[attrs.get("label", "")] += 1

    def edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> None:
        """Write one relationship (its type is `key`) and its attributes."""
        self._write(edge_line(source, target, key, attrs))
        self.edges += 1

    def paper(self, pid: str, lines: bytes, relationships: int) -> None:
        """Write the lines of the paper `pid` (`paper_lines`): its node and `relationships` relationships."""
        self.places[pid] = self.offset
        self.lines(lines, "Paper", relationships)

    def lines(self, data: bytes, label: str = "", relationships: int = 0) -> None:
        """Write lines encoded beforehand: a node of `label` (none when empty) and `relationships` relationships."""
        self._write(data)
        if label:
            self.labels[label] += 1
        self.edges += relationships

    def _write(self, data: bytes) -> None:
        try:
            self._out.write(data)
            self.offset += len(data)
        except OSError as err:
            raise self._error(err) from err

    def _error(self, err: Exception) -> StoreError:
        return StoreError(f"{self.path}: cannot write the graph ({getattr(err, 'strerror', None) or err})")

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None and self.rewrite_from is not None:
                self._out.flush()
                os.fsync(self._out.fileno())
            self._out.close()
            if kind is not None:
                return
            with contextlib.ExitStack() as gate:
                (self.gate or gate).enter_context(publishing(self.path))
                if self.rewrite_from is None:
                    if self.keep is not None:
                        self.keep(version_of(Path(self._temp)))  # a rename keeps the size and time
                    os.replace(self._temp, self.path)
                else:
                    os.replace(self._temp, self.path.with_name(f".{self.path.name}{NEW_END}{self.rewrite_from}"))
                    finish_rewrites(self.path)
        except OSError as err:
            raise self._error(err) from err
        finally:
            Path(self._temp).unlink(missing_ok=True)  # left only when the block or the rename failed


def finish_rewrites(path: Path) -> None:
    """Apply the new ends of the file `path` committed by `GraphFileWriter(path, rewrite_from=...)` and not
    applied yet (an interrupted append): the file is cut where its new end starts, and the end written."""
    for end in kept_beside(path, f"{NEW_END}*"):
        try:
            start = int(end.name.rsplit("-", 1)[1])
            with path.open("r+b") as out, end.open("rb") as data:
                out.truncate(start)
                out.seek(start)
                shutil.copyfileobj(data, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            end.unlink()
        except (OSError, ValueError) as err:
            raise StoreError(f"{path}: papers were being added to the graph and cannot be finished "
                             f"({getattr(err, 'strerror', None) or err}); rebuild it with `kg build`") from err


def versioned_beside(path: Path, kind: str, version: str | None = None) -> Path:
    """A hidden file beside the file `path` for what is kept of a version of it (`kind`): named after the
    version (`version_of`; by default the present one), so that a changed file has none."""
    return path.with_name(f".{path.name}.{version or version_of(path)}.{kind}")


def kept_beside(path: Path, pattern: str) -> list[Path]:
    """The hidden files kept beside the file `path` whose names go on with `pattern` after `.NAME`
    (`.*.survey.json`: its surveys of every version)."""
    return list(path.parent.glob(f".{glob.escape(path.name)}{pattern}"))


@dataclass(frozen=True)
class SideKind:
    """A kind of hidden file kept beside a graph file: how its name ends, what it is, and whether deleting it
    is safe (while no kg command runs): kg works without it, remaking it when it needs it."""

    ending: str
    what: str
    deletable: bool = True


# the hidden files `.NAME.*` beside a graph file NAME, in the order `kg stats` names them
SIDE_KINDS = (
    SideKind(".survey.json", "survey (where each paper's lines are: appends and questions on a few papers "
                             "read less)"),
    SideKind(".datasets.npz", "dataset index (which papers use which datasets: shared-benchmark questions)"),
    SideKind(".kgl", "engine copy (the Cypher engine's own copy: queries start fast)"),
    SideKind(".lock", "lock file (one writer at a time, readers see whole graphs)"),
    SideKind(".tmp", "temporary file (a writer that was stopped left it)"),
    SideKind("", "unfinished append (the next kg command that opens the graph completes it: keep it)",
             deletable=False),
)


def side_files(path: str | Path) -> list[tuple[Path, SideKind]]:
    """The hidden files beside the graph file `path` (`.NAME.*`) and their kinds (SIDE_KINDS), in name order."""
    path = Path(path)
    found = []
    for side in sorted(kept_beside(path, ".*")):
        if NEW_END in side.name:
            found.append((side, SIDE_KINDS[-1]))
        else:
            found.append((side, next((k for k in SIDE_KINDS[:-1] if side.name.endswith(k.ending)),
                                     SideKind("", "other"))))
    return found


def version_of(path: Path) -> str:
    """The version of a file: its size and modification time."""
    stat = path.stat()
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def temporary_beside(path: Path) -> tuple[int, str]:
    """(open handle, name) of a new hidden temporary file in `path`'s folder, to be renamed to `path`;
    readable as a file written the usual way would be (the process's umask, not only by its owner)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    return handle, temp


def write_graph(graph: nx.MultiDiGraph, path: str | Path, format: str | None = None) -> Path:
    """Save the graph (JSON lines, or GraphML for a `.graphml` path), as the one writer of the file
    (`kg.store.lock.writing`); a failure leaves the old file whole."""
    path = Path(path)
    with writing(path):
        return write_graph_now(graph, path, format)


def write_graph_now(graph: nx.MultiDiGraph, path: Path, format: str | None = None) -> Path:
    """`write_graph`, the writer's lock held."""
    if format_for(path, format) == "json":
        with GraphFileWriter(path, graph.graph) as out:
            for node, attrs in graph.nodes(data=True):
                out.node(node, attrs)
            for source, target, key, attrs in graph.edges(keys=True, data=True):
                out.edge(source, target, key, attrs)
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = temporary_beside(path)
        try:
            with os.fdopen(handle, "wb") as out:
                nx.write_graphml(graph_for_graphml(graph), out)
            os.replace(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as err:
        raise StoreError(f"{path}: cannot write the graph ({err.strerror or err})") from err
    return path


NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 cannot hold


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 does not allow (control characters such as a form feed, lone
    surrogates, U+FFFE/U+FFFF): no XML reader would read the file back."""
    return NOT_XML.sub("", text)


# GraphML has no lists: a list value is written as JSON text ('["ImageNet-1k", "ILSVRC"]'), which any
# item (a sentence holding "; ") survives
GRAPHML_TYPE = "type"  # the GraphML node attribute holding the node's label (Paper, Dataset, ...)
GRAPHML_LABEL = "label"  # the GraphML node attribute tools show (Gephi, Cytoscape): the node's display name


def display_name(node: str, attrs: dict[str, Any]) -> str:
    """What a node is called for people: a paper's title, another node's name, else its id."""
    return str(attrs.get("title") or attrs.get("name") or node)


def graph_for_graphml(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy for GraphML: each node's label (Paper, Dataset, ...) in its attribute `type` and its display
    name in `label` (the attribute Gephi and Cytoscape show), list values as JSON text (GraphML has no
    lists), and texts holding only characters XML allows (`xml_text`)."""
    flat = nx.MultiDiGraph(**{k: xml_text(v) if isinstance(v, str) else v for k, v in graph.graph.items()
                              if isinstance(v, (str, int, float))})

    def plain(attrs: dict) -> dict:
        values = {k: json.dumps(list(v), ensure_ascii=False) if isinstance(v, (list, tuple)) else v
                  for k, v in attrs.items() if v is not None}
        return {xml_text(k): xml_text(v) if isinstance(v, str) else v for k, v in values.items()}

    def node_attrs(node: str, attrs: dict) -> dict:
        values = plain({k: v for k, v in attrs.items() if k != "label"})
        values[GRAPHML_TYPE] = xml_text(str(attrs.get("label", "")))
        values[GRAPHML_LABEL] = xml_text(display_name(node, attrs))
        return values

    flat.add_nodes_from((xml_text(n), node_attrs(n, a)) for n, a in graph.nodes(data=True))
    flat.add_edges_from((xml_text(u), xml_text(v), xml_text(k), plain(a))
                        for u, v, k, a in graph.edges(keys=True, data=True))
    return flat


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Load a graph file `kg build` wrote (JSON lines, or GraphML `kg build`/`kg export` wrote) into NetworkX;
    errors say what to do."""
    if format_for(path) == "graphml":
        return read_graphml(existing(path))
    graph = nx.MultiDiGraph(kg_format=GRAPH_FORMAT)
    graph.graph.update(read_header(path))
    for record in read_records(path, (NODE_LINE, EDGE_LINE)):  # one pass over the file
        if "node" in record:
            graph.add_node(record["node"], **record["data"])
        else:
            graph.add_edge(*record["edge"], **record["data"])
    return graph


def read_header(path: str | Path) -> dict[str, Any]:
    """The graph attributes on the file's first line; StoreError when it is not a kg graph file."""
    path = checked(path)
    if is_node_link(path):
        return {}
    with opened(path) as handle:
        first = lines(path, handle)
        header = next(first, (1, ""))[1]
    try:
        header = json.loads(header)
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("kg_format") != GRAPH_FORMAT:
        raise StoreError(f"{path}: not a kg graph file (no kg_format {GRAPH_FORMAT} on its first line); "
                         f"rebuild it with `kg build`")
    return header.get("graph", {})


def read_nodes(path: str | Path) -> Iterator[Node]:
    """(id, attributes) of every node of the file, read line by line."""
    for record in read_records(path, (NODE_LINE,)):
        yield record["node"], record["data"]


def read_edges(path: str | Path) -> Iterator[Edge]:
    """(source, target, type, attributes) of every relationship of the file, read line by line."""
    for record in read_records(path, (EDGE_LINE,)):
        source, target, key = record["edge"]
        yield source, target, key, record["data"]


def read_records(path: str | Path, kinds: tuple[str, ...]) -> Iterator[dict]:
    """The decoded lines starting with one of `kinds` (NODE_LINE, EDGE_LINE); others are not decoded."""
    path = checked(path)
    if is_node_link(path):
        yield from node_link_records(path, kinds)
        return
    read_header(path)
    with opened(path) as handle:
        for number, line in lines(path, handle):
            if line.startswith(kinds):
                yield decoded(path, number, line)


def decoded(path: Path, number: int | str, line: str | bytes) -> Any:
    """The JSON value of line `number` (or of part of it) of the graph file `path`; StoreError when it is
    damaged."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as err:
        raise StoreError(damaged(path, number, str(err))) from err


def damaged(path: Path, number: int | str, what: str) -> str:
    """The message for a damaged line of a graph file."""
    return f"{path}:{number}: not a graph line ({what}); the file is damaged, rebuild it with `kg build`"


def lines(path: Path, handle: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) of an open graph file; StoreError when it is not text."""
    number = 0
    try:
        for number, line in enumerate(handle, 1):
            yield number, line
    except UnicodeDecodeError as err:
        raise StoreError(f"{path}:{number + 1}: not UTF-8 text ({err.reason}); rebuild the graph with `kg build`") from err


def is_node_link(path: Path) -> bool:
    """Whether the file is one node-link document (kg_format 1)."""
    with path.open("rb") as handle:
        return handle.read(16).startswith(b'{"directed"')


def node_link_records(path: Path, kinds: tuple[str, ...]) -> Iterator[dict]:
    """The records of `kinds` of a kg_format 1 file (one node-link document, read whole, once)."""
    with opened(path) as handle:
        try:
            data = json.load(handle)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise StoreError(f"{path}: not a kg graph file ({err}); rebuild it with `kg build`") from err
    if data.get("graph", {}).get("kg_format") != NODE_LINK_FORMAT:
        raise StoreError(f"{path}: not a kg graph file (no kg_format); rebuild it with `kg build`")
    if NODE_LINE in kinds:
        for attrs in data["nodes"]:
            yield {"node": attrs["node"], "data": {k: v for k, v in attrs.items() if k != "node"}}
    if EDGE_LINE in kinds:
        for attrs in data["edges"]:
            ends = [attrs["source"], attrs["target"], attrs["key"]]
            yield {"edge": ends, "data": {k: v for k, v in attrs.items() if k not in ("source", "target", "key")}}


def existing(path: str | Path) -> Path:
    """The path of a graph file that exists; StoreError saying what to do otherwise."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such graph file; build one first with `kg build SOURCE... -o {path}`")
    return path


def checked(path: str | Path) -> Path:
    """The path of a graph file of JSON lines that exists, an interrupted append to it completed
    (`finish_rewrites`); StoreError saying what to do otherwise (GraphML is read whole: `read_graph`)."""
    path = existing(path)
    if format_for(path) == "graphml":
        raise StoreError(f"{path}: GraphML is read whole (`read_graph`), not line by line")
    settle(path)
    return path


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """The graph in a GraphML file kg wrote (`graph_for_graphml`): each node's `type` back as its label, lists
    read back from their JSON text; StoreError when the file is not GraphML
    or another program wrote it."""
    try:
        found = nx.read_graphml(path, force_multigraph=True)
    except (OSError, ValueError, KeyError, nx.NetworkXError, ElementTree.ParseError) as err:
        raise StoreError(f"{path}: not a GraphML file ({err})") from err
    untyped = [n for n, a in found.nodes(data=True) if a.get(GRAPHML_TYPE) not in LABELS]
    if "kg_format" not in found.graph or untyped:
        raise StoreError(f"{path}: not a GraphML file kg wrote (" + (
            f"node {untyped[0]!r} has no `{GRAPHML_TYPE}` of kg's labels" if untyped else "no kg_format") +
            "); export one with `kg export -g GRAPH -o FILE.graphml`, or read the graph file `kg build` wrote")

    def typed(name: str, value: Any) -> Any:
        if not (str(PROPERTY_TYPES.get(name, "")).endswith("[]") and isinstance(value, str)):
            return value
        try:
            items = json.loads(value)
        except ValueError:
            items = None
        if not isinstance(items, list):
            raise StoreError(f"{path}: not a GraphML file kg wrote ({name} is not a JSON list)")
        return items

    kept = {k: v for k, v in found.graph.items() if k not in ("node_default", "edge_default")}
    graph = nx.MultiDiGraph(**{**kept, "kg_format": GRAPH_FORMAT})
    for node, attrs in found.nodes(data=True):
        label = attrs[GRAPHML_TYPE]
        graph.add_node(node, **{k: typed(k, v) for k, v in attrs.items() if k not in (GRAPHML_TYPE, GRAPHML_LABEL)},
                       label=label)
    for source, target, key, attrs in found.edges(keys=True, data=True):
        if key not in RELATIONSHIPS:
            raise StoreError(f"{path}: not a GraphML file kg wrote (relationship {key!r} is not of kg's types)")
        graph.add_edge(source, target, key, **{k: typed(k, v) for k, v in attrs.items()})
    return graph


def pending(path: Path) -> bool:
    """Whether a new end of the graph file was committed and not applied yet (a writer killed meanwhile)."""
    return bool(kept_beside(path, f"{NEW_END}*"))


def settle(path: Path) -> None:
    """Apply a new end an interrupted append left (`finish_rewrites`), as the one writer, once the readers
    have finished. Not while this process reads the graph: no new end is committed while anyone reads."""
    if pending(path) and not reads_held(path):
        with writing(path), publishing(path):
            finish_rewrites(path)


@contextlib.contextmanager
def reading_graph(path: str | Path) -> Iterator[None]:
    """Read the graph file for the block: a writer puts no new graph in place meanwhile (`kg.store.lock`), so
    the block sees the old graph or the new one, never half an append. Nothing is held when `path` is
    missing (its readers say so)."""
    path = Path(path)
    if not path.exists():
        yield
        return
    while True:
        settle(path)
        with reading(path):
            if not pending(path):  # else a writer was killed since `settle`: apply what it committed
                yield
                return


def remove_temporaries(path: Path) -> None:
    """Remove the temporary files writers of the graph file left beside it (killed before they could): only
    while holding the writer's lock (`kg.store.lock.writing`), when no other writer can be writing them."""
    for left in [*kept_beside(path, ".*.tmp"), *path.parent.glob(f"..{glob.escape(path.name)}.*.tmp"),
                 *kept_beside(path, ".append-*")]:
        if left.is_dir():
            shutil.rmtree(left, ignore_errors=True)
        else:
            left.unlink(missing_ok=True)


def opened(path: Path) -> IO[str]:
    """The file open for reading text; StoreError when it cannot be read."""
    try:
        return path.open(encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot read the graph ({err.strerror or err})") from err
