"""Merging graph files into one: the parts of a build split over shards (each built on its own, on any
machine), or a graph and the part built from new inputs (`kg build --append`).

The merged file is the one a single build of all the inputs writes when no paper is in two parts: the
parts' papers in order, each with its links; then the citations, found again over all the papers (a
paper of one part may cite one of another); then the shared nodes, with what every part added to them.
A paper in two parts (the same node id: the same arXiv id, else the same id) is one node, with the first
part's text, what it lacks from the later ones and the sources of all, and the links of every part.
Merging is deterministic, and merging a graph with itself gives the same file.

Adding a part to a graph file (`append_graph_file`) writes the same file, but rewrites only its end:
from the first paper the part also has (from the tail when it has none) on. The papers before it, most
of a big graph, are neither read nor written again; what the tail needs of them is in the graph's kept
survey (`kg.store.survey`).
"""
from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError
from kg.graph import PaperIds, paper_node, paper_of_node, write_variants
from kg.loaders.unique import merge
from kg.store.dataset_index import keep_index, kept_index
from kg.store.file import (
    GraphFileWriter,
    checked,
    ids_line,
    is_node_link,
    node_line,
    read_header,
    remove_temporaries,
    version_of,
)
from kg.store.lock import writing
from kg.store.survey import (
    EDGE,
    NODE,
    PART,
    Survey,
    TAIL_RELATIONSHIPS,
    edge_ends,
    graph_lines,
    node_record,
    paper_block,
    read_survey,
    survey,
    survey_part,
    write_survey,
)


@dataclass
class MergeResult:
    """What a merge wrote: nodes per label, relationships, and how many papers were in several parts."""

    path: Path
    counts: dict[str, int]
    relationships: int
    papers_in_several_parts: int


def merged_node(paths: Sequence[Path], places: list[int]) -> bytes:
    """The line of a paper node found in several parts: their readings merged as `kg.loaders.unique.merge` merges
    two readings of a paper, under the first reading's id, with the descriptive phrases of every reading."""
    readings = []
    phrases: dict[str, None] = {}
    for index, offset in (divmod(place, PART) for place in places):
        with paths[index].open("rb") as handle:
            handle.seek(offset)
            node, attrs = node_record(paths[index], f"byte {offset}", handle.readline())
            readings.append(paper_of_node(node, attrs))
            phrases.update(dict.fromkeys(attrs.get("phrases", ())))
    paper = readings[0]
    for other in readings[1:]:
        paper = merge(paper, other)
    node, attrs = paper_node(dataclasses.replace(paper, id=readings[0].id))
    return node_line(node, {**attrs, "phrases": list(phrases)})


def copy_papers(paths: Sequence[Path], found: Survey, out: GraphFileWriter, start: int = 0) -> None:
    """Write the papers of the parts to `out` in order, from byte `start` of the first part on, each once:
    a paper in several parts where its first part has it, its readings and references merged, with the
    links of every part (one of each; in its block, after the first part's, when the parts are in blocks:
    `Survey.blocks`); citations are left for the tail. `found.links` loses the links written once for
    several parts."""
    several = {pid: [found.places[pid], *again] for pid, again in found.again.items()}
    paper_at = {place: pid for pid, places in several.items() for place in places}
    for pid, place in reversed(found.places.items()):  # in the parts' order: the papers from `start` on
        if place < start:
            break
        paper_at[place] = pid
    written: set[str] = set()
    links: set[tuple[str, str, str]] = set()  # the links of papers in several parts

    def write_links(lines: list[tuple[Path, int | str, bytes]]) -> None:
        for path, where, line in lines:
            if several or b'"CITES"' in line or b'"VARIANT_OF"' in line:
                source, target, key = edge_ends(path, where, line)
                if key in TAIL_RELATIONSHIPS:
                    continue  # found again over all the parts' papers and shared nodes
                if source in several or target in several:
                    if (source, target, key) in links:
                        found.links -= 1
                        continue
                    links.add((source, target, key))
            out.lines(line, relationships=1)

    for index, path in enumerate(paths):
        later: list[tuple[Path, int | str, bytes]] = []  # the later parts' links of the paper being written
        later_reading = False  # in the block of a paper written already
        for where, offset, line in graph_lines(path, start if index == 0 else 0, found.tails[index]):
            if line.startswith(NODE):
                write_links(later)
                pid = paper_at.get(index * PART + offset, "")
                later, later_reading = [], found.blocks and pid in written
                if pid and pid not in written:
                    written.add(pid)
                    ids = found.tail.ids.get(pid)
                    node = merged_node(paths, several[pid]) if pid in several else line
                    out.paper(pid, node + (ids_line(PaperIds(pid, *ids)) if ids else b""), 0)
                    if found.blocks and pid in several:
                        later = later_links(paths, found, several[pid][1:])
                continue  # shared nodes are written last, merged
            if line.startswith(EDGE) and not later_reading:  # not the header; references follow their paper's node
                write_links([(path, where, line)])
        write_links(later)


def later_links(paths: Sequence[Path], found: Survey, places: list[int]) -> list[tuple[Path, int | str, bytes]]:
    """(path, where, line) of the relationships in the blocks of a paper's nodes at `places` in the parts."""
    lines = []
    for index, offset in (divmod(place, PART) for place in places):
        with paths[index].open("rb") as handle:
            block = paper_block(handle, offset, found.tails[index])[1]
        lines.extend((paths[index], where, line) for where, line in block if line.startswith(EDGE))
    return lines


def write_merged(paths: Sequence[Path], found: Survey, output: Path, start: int | None = None) -> MergeResult:
    """Write the merge the survey `found` of `paths` describes to `output`; with `start`, `output` is the first
    part, and only its end from that byte on is written again. The merged file's survey is kept beside it."""
    since = {} if start is None else {version_of(output): start, **{v: min(s, start) for v, s in found.since.items()}}
    def keep(version: str | None = None) -> None:  # a whole new file: before it is put in place
        places = {**found.places, **out.places}  # every paper from `start` on was written again
        merged = Survey(found.tail, places, tails=[tail_at], streamed=[True], links=found.links, kept=found.kept,
                        since=since, blocks=found.blocks)
        write_survey(output, merged, version)
        keep_index(found.dataset_index(), output, version)

    with contextlib.ExitStack() as gate:  # readers see the merged graph with its survey and index
        with GraphFileWriter(output, rewrite_from=start, gate=gate, keep=keep) as out:
            copy_papers(paths, found, out, start or 0)
            tail_at, before_tail = out.offset, out.edges
            write_tail(out, found)
        if start is not None:  # a new end: its version is known once it is applied
            keep()
    return MergeResult(output, found.counts(), found.links + out.edges - before_tail, len(found.again))


def write_tail(out: GraphFileWriter, found: Survey) -> None:
    """Write the merged graph's tail (`GraphTail.write`): its citations, then its shared nodes; those of the
    first part's kept tail (`KeptTail`) first and as they were, unless a later part changed them."""
    tail = found.tail
    if not found.kept:
        tail.write(out)
        return
    tail.write_citations(out)
    kept = found.kept.lines
    changed = {nid: attrs for nid, attrs in tail.nodes() if nid in kept}
    write_variants(out, [(nid, changed[nid] if nid in changed else node_record(found.kept.path, "tail", line)[1])
                         for nid, line in kept.items() if nid in changed or b'"family"' in line]
                   + [(nid, attrs) for nid, attrs in tail.nodes() if nid not in kept])
    for nid, line in kept.items():
        if nid in changed:
            out.node(nid, changed[nid])
        else:
            out.lines(line)
    for nid, attrs in tail.nodes():
        if nid not in kept:
            out.node(nid, attrs)


def mergeable(parts: Sequence[str | Path]) -> list[Path]:
    """The paths of the graph files `parts`; StoreError saying what to do for one that cannot be merged."""
    paths = [checked(part) for part in parts]
    for path in paths:
        read_header(path)  # a foreign file: the error says what to do
        if is_node_link(path):
            raise StoreError(f"{path}: a graph file of the first format; rebuild it with `kg build` to merge it")
    return paths


def merge_graph_files(parts: Sequence[str | Path], output: str | Path, wait: bool = True,
                      notice: Callable[[str], None] | None = None) -> MergeResult:
    """Merge the graph files `parts`, in this order, into `output` (which may be one of them: it is
    replaced only once the merge is complete), as its one writer (`kg.store.lock.writing`, as `build` takes
    it). Reads each part twice, a line at a time; holds the shared nodes and the papers' citation keys and
    references in memory, as a build does."""
    with writing(output, wait, notice):
        remove_temporaries(Path(output))
        return merge_now(mergeable(parts), Path(output))


def merge_now(paths: Sequence[Path], output: Path) -> MergeResult:
    """`merge_graph_files` of checked parts, the writer's lock held."""
    return write_merged(paths, survey(paths), output)


def append_graph_file(graph: str | Path, part: str | Path) -> MergeResult:
    """Merge the graph file `part` into the graph file `graph`: the file `merge_graph_files([graph, part], graph)`
    writes, but only its end is written again when `graph` is in streamed shape (as `kg build` writes it),
    from the first paper `part` also has on, or from its tail when there is none. The rest of the graph is
    not read when its survey is kept (`kg.store.survey`). An interruption leaves the graph as it was, or
    a new end that its next reader applies."""
    with writing(graph):
        paths = mergeable([graph, part])
        return append_now(paths, graph_survey(paths[0]))


def graph_survey(graph: Path) -> Survey:
    """The survey of the graph file an append adds to: the kept one (with the kept dataset index), else read."""
    found = read_survey(graph)
    if found is not None:
        found.join_kept_index(kept_index(graph))
        return found
    return survey([graph])


def append_now(paths: list[Path], found: Survey) -> MergeResult:
    """`append_graph_file` of the checked graph and part, the graph's survey `found`, the writer's lock held."""
    if not found.streamed[0]:
        return merge_now(paths, paths[0])
    survey_part(found, paths[1])
    start = min((found.places[pid] for pid in found.again), default=found.tails[0])
    return write_merged(paths, found, paths[0], start)

