"""Merging graph files into one: the parts of a build split over shards (each built on its own, on any
machine), or a graph and the part built from new inputs (`kg build --append`).

The merged file is the one a single build of all the inputs writes when no paper is in two parts: the
parts' papers in order, each with its links; then the citations, found again over all the papers (a
paper of one part may cite one of another); then the shared nodes, with what every part added to them.
A paper in two parts (the same node id: the same arXiv id, else the same id) is one node, with the first
part's text, what it lacks from the later ones and the sources of all, and the links of every part.
Merging is deterministic, and merging a graph with itself gives the same file.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.graph import GraphTail, PaperIds, paper_node, paper_of_node
from kg.loaders import merge
from kg.store.file import (
    GraphFileWriter,
    checked,
    damaged,
    decoded,
    ids_line,
    is_node_link,
    node_line,
    read_header,
)

NODE, EDGE, PAPER_IDS = b'{"node"', b'{"edge"', b'{"paper_ids"'  # the lines a merge reads


@dataclass
class MergeResult:
    """What a merge wrote: nodes per label, relationships, and how many papers were in several parts."""

    path: Path
    counts: dict[str, int]
    relationships: int
    papers_in_several_parts: int


@dataclass
class Survey:
    """What the first reading of the parts finds: the end of the merged file (`GraphTail`), each paper's
    references and other ids, and where each paper's node is (part, byte offset)."""

    tail: GraphTail = field(default_factory=GraphTail)
    citing: dict[str, PaperIds] = field(default_factory=dict)
    places: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def graph_lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, line) of a graph file, read as bytes."""
    with path.open("rb") as handle:
        offset = 0
        for number, line in enumerate(handle, 1):
            yield number, offset, line
            offset += len(line)


def node_record(path: Path, number: int, line: bytes) -> tuple[str, dict[str, Any]]:
    """(id, properties) of a node's line; StoreError when it is damaged."""
    record = decoded(path, number, line)
    if not (isinstance(record, dict) and isinstance(record.get("node"), str) and isinstance(record.get("data"), dict)):
        raise StoreError(damaged(path, number, "a node without its id or properties"))
    return record["node"], record["data"]


def ids_record(path: Path, number: int, line: bytes) -> PaperIds:
    """A paper's references and other ids from their line; StoreError when it is damaged."""
    record = decoded(path, number, line)
    fields = [record.get(key) for key in ("paper_ids", "references", "other_ids")] if isinstance(record, dict) else []
    if not (fields and isinstance(fields[0], str) and all(isinstance(f, list) for f in fields[1:])):
        raise StoreError(damaged(path, number, "a paper's references without their paper"))
    return PaperIds(fields[0], [str(r) for r in fields[1]], [str(i) for i in fields[2]])


def edge_ends(path: Path, number: int, line: bytes) -> tuple[str, str, str]:
    """(source, target, type) of a relationship's line, without decoding its properties: the first
    `"data":` of the line is where they start (a quote inside a string is always escaped)."""
    start, data = line.find(b"["), line.find(b'"data":')
    end = line.rfind(b"]", 0, data) + 1
    ends = decoded(path, number, line[start:end]) if 0 <= start < end else None
    if not (isinstance(ends, list) and len(ends) == 3):
        raise StoreError(damaged(path, number, "a relationship without its ends"))
    return ends[0], ends[1], ends[2]


def survey(paths: Sequence[Path]) -> Survey:
    """Read the parts once: shared nodes, citation keys, references, and where each paper is."""
    found = Survey()
    for index, path in enumerate(paths):
        for number, offset, line in graph_lines(path):
            if not line.startswith((NODE, PAPER_IDS)):
                continue  # the header, relationships
            if line.startswith(PAPER_IDS):
                ids = ids_record(path, number, line)
                known = found.citing.setdefault(ids.node, PaperIds(ids.node, [], []))
                known.references = list(dict.fromkeys(known.references + ids.references))
                known.other_ids = list(dict.fromkeys(known.other_ids + ids.other_ids))
                continue
            nid, attrs = node_record(path, number, line)
            if attrs.get("label") == "Paper":
                found.places.setdefault(nid, []).append((index, offset))
                found.tail.paper(nid, attrs)
            else:
                found.tail.share(nid, attrs)
    for ids in found.citing.values():
        found.tail.cite(ids)
    return found


def merged_node(paths: Sequence[Path], places: list[tuple[int, int]]) -> bytes:
    """The line of a paper node found in several parts: their readings merged as `kg.loaders.merge` merges
    two readings of a paper, under the first reading's id."""
    readings = []
    for index, offset in places:
        with paths[index].open("rb") as handle:
            handle.seek(offset)
            readings.append(paper_of_node(*node_record(paths[index], 0, handle.readline())))
    paper = readings[0]
    for other in readings[1:]:
        paper = merge(paper, other)
    return node_line(*paper_node(dataclasses.replace(paper, id=readings[0].id)))


def merge_graph_files(parts: Sequence[str | Path], output: str | Path) -> MergeResult:
    """Merge the graph files `parts`, in this order, into `output` (which may be one of them: it is
    replaced only once the merge is complete). Reads each part twice, a line at a time; holds the shared
    nodes and the papers' citation keys and references in memory, as a build does."""
    paths = [checked(part) for part in parts]
    for path in paths:
        read_header(path)  # a foreign file: the error says what to do
        if is_node_link(path):
            raise StoreError(f"{path}: a graph file of the first format; rebuild it with `kg build` to merge it")
    found = survey(paths)
    several = {pid: places for pid, places in found.places.items() if len(places) > 1}
    paper_at = {place: pid for pid, places in found.places.items() for place in places}
    written: set[str] = set()
    links: set[tuple[str, str, str]] = set()  # the links of papers in several parts, written once
    with GraphFileWriter(output) as out:
        for index, path in enumerate(paths):
            for number, offset, line in graph_lines(path):
                if line.startswith(NODE):
                    pid = paper_at.get((index, offset), "")
                    if pid and pid not in written:
                        written.add(pid)
                        out.lines(merged_node(paths, several[pid]) if pid in several else line, "Paper")
                        if pid in found.citing:
                            out.lines(ids_line(found.citing[pid]))
                    continue  # shared nodes are written last, merged
                if not line.startswith(EDGE):
                    continue  # the header; references follow their paper's node (above)
                if several or b'"CITES"' in line:
                    source, target, key = edge_ends(path, number, line)
                    if key == "CITES":
                        continue  # found again over all the parts' papers
                    if source in several or target in several:
                        if (source, target, key) in links:
                            continue
                        links.add((source, target, key))
                out.lines(line, relationships=1)
        found.tail.write(out)
    return MergeResult(Path(output), dict(out.labels), out.edges, len(several))
