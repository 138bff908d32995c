"""Part of a graph file, read without holding the rest: the nodes linked to some nodes, the graph on a
set of nodes, and a few papers with their links. A million-paper file is too large for NetworkX;
a page of a node's neighbourhood needs a few hundred of its nodes, a question about a paper a few dozen.

A few papers are read where the file's kept survey says they are (`papers_part`): each paper's links
follow its node in a file a build, a merge or an append wrote, and the nodes they reach are in the
survey's kept tail. The papers whose title holds a text are found there too (`papers_titled`), from the
start of each paper's node, where its title is.

The other functions read the file once, as bytes, in large blocks, and look for the nodes' ids in them (one
Aho-Corasick automaton over all the ids, `ahocorasick_rs`, already used by extraction): only the lines
that hold one are split out and decoded, the ends of a relationship and the id of a node first. The
graph `induced_part` returns is the one `read_graph` would give, cut to the nodes: the same properties,
and each node's relationships in the file's order.
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

import networkx as nx
import orjson
from ahocorasick_rs import BytesAhoCorasick

from kg.errors import StoreError
from kg.graph import GRAPH_FORMAT
from kg.store.file import checked, damaged, read_header
from kg.store.survey import EDGE, NODE, Survey, edge_ends, edge_record, node_id, node_record, paper_block

BLOCK = 1 << 24  # bytes read at a time
TITLE = b'"title":"'  # where a paper node's title starts
TITLE_WINDOW = 1024  # bytes of a paper's node read for its title


def lines_holding(path: Path, nodes: Collection[str]) -> Iterator[tuple[str, bytes]]:
    """(where, line) of the lines of the file that hold the id of one of `nodes` as a JSON string, in the
    file's order (`where` is `byte OFFSET`, for messages); no line when `nodes` is empty."""
    if not nodes:
        return
    finder = BytesAhoCorasick([orjson.dumps(node) for node in nodes])
    offset, rest = 0, b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(BLOCK)
            data = rest + block
            cut = len(data) if not block else data.rfind(b"\n") + 1
            whole, rest = data[:cut], data[cut:]
            line_end = 0
            for _, start, _ in finder.find_matches_as_indexes(whole):
                if start < line_end:
                    continue  # in the line just given
                line_start = whole.rfind(b"\n", 0, start) + 1
                line_end = whole.find(b"\n", start) + 1 or len(whole)
                yield f"byte {offset + line_start}", whole[line_start:line_end]
            offset += cut
            if not block:
                return


def papers_titled(path: Path, found: Survey, text: str) -> list[str] | None:
    """The ids of the papers of the graph file `path` (its survey `found`) whose title holds `text` in any
    case; None when `text` is empty (every title holds it) or not ASCII.

    Each paper's node starts with its title (`kg.graph.paper_node`): the first `TITLE_WINDOW` bytes at
    the place the survey gives are read, and a title that is there whole, in ASCII and without an escape
    (so written as it is), is compared as it is; any other node is decoded."""
    if not text or not text.isascii():
        return None
    wanted = text.lower().encode()
    titled = []
    with path.open("rb") as handle:  # read at a place (pread) where it may, a line (readline) where it must
        for pid, place in found.places.items():
            head = os.pread(handle.fileno(), TITLE_WINDOW, place)
            start = head.find(TITLE) + len(TITLE)
            end = head.find(b'"', start) if start >= len(TITLE) else -1
            title = head[start:end]  # up to an escaped quote, if any: then it holds the escape's backslash
            if end >= 0 and title.isascii() and b"\\" not in title:
                if wanted in title.lower():
                    titled.append(pid)
                continue
            handle.seek(place)
            node, attrs = node_record(path, f"byte {place}", handle.readline())
            if wanted.decode() in str(attrs.get("title") or "").lower():
                titled.append(node)
    return titled


def relationship_ends(path: Path, nodes: Collection[str]) -> Iterator[tuple[str, str, str]]:
    """(source, target, type) of the relationships whose line holds the id of one of `nodes` (theirs, and
    maybe a few others), in the file's order."""
    for where, line in lines_holding(path, nodes):
        if line.startswith(EDGE):
            yield edge_ends(path, where, line)


def linked(path: str | Path, nodes: Collection[str], types: Collection[str] | None = None,
           outgoing: bool = True, incoming: bool = True) -> set[str]:
    """The nodes at the other end of the relationships of `nodes` (of `types` only, when given): those
    they link to (`outgoing`), those linking to them (`incoming`)."""
    found: set[str] = set()
    for source, target, kind in relationship_ends(checked(path), nodes):
        if types is not None and kind not in types:
            continue
        if outgoing and source in nodes:
            found.add(target)
        if incoming and target in nodes:
            found.add(source)
    return found


def has_node(path: str | Path, node: str) -> bool:
    """Whether the graph file has the node (a line of its own, or an end of a relationship)."""
    path = checked(path)
    for where, line in lines_holding(path, [node]):
        if line.startswith(NODE) and node_id(path, where, line) == node:
            return True
        if line.startswith(EDGE) and node in edge_ends(path, where, line)[:2]:
            return True
    return False


def induced_part(path: str | Path, nodes: Collection[str]) -> nx.MultiDiGraph:
    """The graph on `nodes` (those the file has) and the relationships between them, read from the file."""
    path = checked(path)
    graph = nx.MultiDiGraph(kg_format=GRAPH_FORMAT)
    graph.graph.update(read_header(path))
    for where, line in lines_holding(path, nodes):
        if line.startswith(NODE) and node_id(path, where, line) in nodes:
            node, attrs = node_record(path, where, line)
            graph.add_node(node, **attrs)
        elif line.startswith(EDGE):
            source, target, _ = edge_ends(path, where, line)
            if source in nodes and target in nodes:
                source, target, kind, attrs = edge_record(path, where, line)
                graph.add_edge(source, target, kind, **attrs)
    return graph


def papers_part(path: Path, found: Survey, papers: Iterable[str], types: Collection[str]) -> tuple[list, list]:
    """(nodes, relationships) of the graph file `path` whose survey is `found` (`found.blocks` true): the
    `papers` it has (a paper's id may be given without `paper:`), their relationships of `types` (but
    citations, which are in the tail) and the nodes at the other end of these. Nodes are (id, properties),
    relationships (source, target, type, properties), as `read_nodes` and `read_edges` give them."""
    nodes: dict[str, dict] = {}
    edges: list = []
    with path.open("rb") as handle:
        for pid in dict.fromkeys(papers):
            pid = pid if pid in found.places else f"paper:{pid}"
            if pid in nodes or pid not in found.places:
                continue
            offset = found.places[pid]
            line, block = paper_block(handle, offset, found.tails[0])
            node, attrs = node_record(path, f"byte {offset}", line)
            if node != pid:
                raise StoreError(damaged(path, f"byte {offset}", f"not {pid}, where the kept survey says it is"))
            nodes[pid] = attrs
            for where, line in block:
                if line.startswith(EDGE) and edge_ends(path, where, line)[2] in types:
                    edges.append(edge_record(path, where, line))
    for source, target, _, _ in edges:
        for end in (source, target):
            if end not in nodes and end in found.kept.lines:
                nodes.update([node_record(path, "tail", found.kept.lines[end])])
    return list(nodes.items()), edges
