"""What merging graph files needs to know of them before writing: a survey of their papers and shared nodes.

A graph file that a build or a merge writes is in *streamed shape*: each paper's block (its node, its
references, its relationships), paper after paper; then its *tail*: the citations and the nodes papers
share. A survey reads the parts once and keeps the tail to write (`GraphTail`), where each paper's node
is, where each part's tail starts and how many relationships the papers' blocks hold.

The survey of a graph file is also kept beside it (`write_survey`), named after the file's size and
modification time: adding papers to the file (`kg.store.merge.append_graph_file`) then reads that, and
the lines of the file's tail (`KeptTail`), instead of the whole file. It also says from which byte the
file differs from its earlier versions (`appended_since`), for the engine's copy to follow.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from kg.errors import StoreError
from kg.graph import GraphTail, PaperIds
from kg.schema import DATASET_RELATIONSHIPS
from kg.store.dataset_index import DatasetIndex, DatasetLinks, union
from kg.store.file import (
    damaged,
    decoded,
    kept_beside,
    temporary_beside,
    versioned_beside,
)

NODE, EDGE, PAPER_IDS = b'{"node"', b'{"edge"', b'{"paper_ids"'  # the lines a survey reads
SURVEY_FORMAT = 1
PART = 1 << 40  # a paper's place in the parts: part number * PART + byte offset in the part
SURVEY_KIND = "survey.json"  # the name of a kept survey ends so (`versioned_beside`)


@dataclass
class Survey:
    """The parts' shared nodes and citation keys (`tail`); where each paper's node is (its place: `PART`),
    in the order of the parts, and for a paper in several parts its later places (`again`); where each
    part's tail starts (its size when the part is not in streamed shape); and how many relationships
    the papers' blocks hold (the citations are in the tail). `blocks`: in every part, each paper's
    relationships (but its citations) follow its node, before the next paper's, as a build or a merge
    writes them. `datasets`: the papers' links to datasets in the parts read (None when not known), and
    `kept_index` those of the part whose survey was kept (`join_kept_index`)."""

    tail: GraphTail = field(default_factory=GraphTail)
    places: dict[str, int] = field(default_factory=dict)
    again: dict[str, list[int]] = field(default_factory=dict)
    tails: list[int] = field(default_factory=list)
    streamed: list[bool] = field(default_factory=list)
    links: int = 0
    kept: KeptTail | None = None
    since: dict[str, int] = field(default_factory=dict)  # see `appended_since`
    blocks: bool = True
    datasets: DatasetLinks | None = field(default_factory=DatasetLinks)
    kept_index: DatasetIndex | None = None

    def counts(self) -> dict[str, int]:
        """Nodes per label of the merged graph."""
        kept = self.kept or KeptTail(Path())
        labels = Counter(kept.labels)
        labels.update(attrs.get("label", "") for nid, attrs in self.tail.shared.items() if nid not in kept.lines)
        return {"Paper": len(self.places), **labels} if self.places else dict(labels)

    def join_kept_index(self, index: DatasetIndex | None) -> None:
        """Take `index`, the dataset index kept for the part read from its kept survey, as that part's links
        (None when it has none: the merged graph's index is then not known)."""
        self.kept_index, self.datasets = index, DatasetLinks() if index is not None else None

    def dataset_index(self) -> DatasetIndex | None:
        """The dataset index of the merged graph (`kg.store.dataset_index`); None when a part's links are not known."""
        if self.datasets is None:
            return None
        return union([self.kept_index, self.datasets.index()]) if self.kept_index else self.datasets.index()


@dataclass
class KeptTail:
    """The shared nodes of a graph file's tail as their lines (by node id, in order), not decoded until a
    later part shares them (`survey_part`), and how many there are per label."""

    path: Path
    lines: dict[str, bytes] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)


def graph_lines(path: Path, start: int = 0, end: int | None = None) -> Iterator[tuple[int | str, int, bytes]]:
    """(where, byte offset, line) of the lines of a graph file from byte `start` (a line's start) to `end`,
    read as bytes; `where` is the line number when reading from the file's start, else `byte OFFSET`."""
    with path.open("rb") as handle:
        handle.seek(start)
        offset = start
        for number, line in enumerate(handle, 1):
            if end is not None and offset >= end:
                return
            yield number if start == 0 else f"byte {offset}", offset, line
            offset += len(line)


def paper_block(handle: BinaryIO, offset: int, end: int) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The line of the paper node at byte `offset` of an open graph file, and (where, line) of the lines of
    its block after it (`Survey.blocks`): up to the next node, or to byte `end`, where the file's tail starts."""
    handle.seek(offset)
    node = handle.readline()
    offset += len(node)
    lines = []
    while offset < end:
        line = handle.readline()
        if not line or line.startswith(NODE):
            break  # the file's end, or the next paper's node
        lines.append((f"byte {offset}", line))
        offset += len(line)
    return node, lines


def node_record(path: Path, where: int | str, line: bytes) -> tuple[str, dict[str, Any]]:
    """(id, properties) of a node's line; StoreError when it is damaged."""
    record = decoded(path, where, line)
    if not (isinstance(record, dict) and isinstance(record.get("node"), str) and isinstance(record.get("data"), dict)):
        raise StoreError(damaged(path, where, "a node without its id or properties"))
    return record["node"], record["data"]


def ids_record(path: Path, where: int | str, line: bytes) -> PaperIds:
    """A paper's references and other ids from their line; StoreError when it is damaged."""
    record = decoded(path, where, line)
    fields = [record.get(key) for key in ("paper_ids", "references", "other_ids")] if isinstance(record, dict) else []
    if not (fields and isinstance(fields[0], str) and all(isinstance(f, list) for f in fields[1:])):
        raise StoreError(damaged(path, where, "a paper's references without their paper"))
    return PaperIds(fields[0], [str(r) for r in fields[1]], [str(i) for i in fields[2]])


def edge_record(path: Path, where: int | str, line: bytes) -> tuple[str, str, str, dict[str, Any]]:
    """(source, target, type, properties) of a relationship's line; StoreError when it is damaged."""
    record = decoded(path, where, line)
    ends = record.get("edge") if isinstance(record, dict) else None
    if not (isinstance(ends, list) and len(ends) == 3 and isinstance(record.get("data"), dict)):
        raise StoreError(damaged(path, where, "a relationship without its ends or properties"))
    return ends[0], ends[1], ends[2], record["data"]


def edge_ends(path: Path, where: int | str, line: bytes) -> tuple[str, str, str]:
    """(source, target, type) of a relationship's line, without decoding its properties: the first
    `"data":` of the line is where they start (a quote inside a string is always escaped)."""
    start, data = line.find(b"["), line.find(b'"data":')
    end = line.rfind(b"]", 0, data) + 1
    ends = decoded(path, where, line[start:end]) if 0 <= start < end else None
    if not (isinstance(ends, list) and len(ends) == 3):
        raise StoreError(damaged(path, where, "a relationship without its ends"))
    return ends[0], ends[1], ends[2]


TAIL_RELATIONSHIPS = ("CITES", "VARIANT_OF")  # found again from every part's papers and shared nodes


def is_citation(path: Path, where: int | str, line: bytes) -> bool:
    """Whether a relationship's line is one of the tail's (a citation, CITES, or a version's VARIANT_OF)."""
    return (b'"CITES"' in line or b'"VARIANT_OF"' in line) and edge_ends(path, where, line)[2] in TAIL_RELATIONSHIPS


def survey_part(found: Survey, path: Path) -> None:
    """Add the graph file `path`, the next part, to the survey; StoreError when it is damaged as readers
    would find it (`checked_whole`)."""
    index, tail_at, streamed, paper = len(found.tails), None, True, None
    ends: set[str] = set()  # the nodes its relationships link
    where: int | str = 0
    line = b"\n"
    for where, offset, line in graph_lines(path):
        if line.startswith(PAPER_IDS):
            found.tail.cite(ids_record(path, where, line))
        elif line.startswith(EDGE):
            source, target, kind = edge_ends(path, where, line)
            ends.update((source, target))
            if kind in TAIL_RELATIONSHIPS:
                tail_at = offset if tail_at is None else tail_at
            else:
                found.links += 1
                streamed = streamed and tail_at is None
                # in a paper's block, each relationship has the paper at one end (a quote in an id is escaped)
                found.blocks = found.blocks and paper is not None and paper in line[:line.find(b'"data":')]
                if found.datasets is not None and kind in DATASET_RELATIONSHIPS:
                    found.datasets.add(source, (target,))
        elif line.startswith(NODE):
            nid, attrs = node_record(path, where, line)
            if attrs.get("label") == "Paper":
                if nid in found.places:
                    found.again.setdefault(nid, []).append(index * PART + offset)
                else:
                    found.places[nid] = index * PART + offset
                found.tail.paper(nid, attrs)
                streamed = streamed and tail_at is None
                paper = orjson.dumps(nid)
            else:
                if found.kept and nid in found.kept.lines and nid not in found.tail.shared:
                    found.tail.share(*node_record(found.kept.path, "tail", found.kept.lines[nid]))
                found.tail.share(nid, attrs)
                tail_at = offset if tail_at is None else tail_at
    checked_whole(found, path, where, line, ends)
    size = path.stat().st_size
    found.tails.append(tail_at if streamed and tail_at is not None else size)
    found.streamed.append(streamed)
    found.blocks = found.blocks and streamed


def checked_whole(found: Survey, path: Path, where: int | str, last: bytes, ends: set[str]) -> None:
    """StoreError when the part just surveyed is cut short: its last line is not whole, or relationships link
    nodes the graph does not have (its tail of shared nodes lost). Writers check what they write into as
    readers do, and write no relationships whose ends are missing."""
    if not last.endswith(b"\n"):
        decoded(path, where, last)  # a cut line does not decode: the reader's error
        raise StoreError(damaged(path, where, "the last line is cut short"))
    kept = found.kept.lines if found.kept else {}
    missing = [nid for nid in ends if nid not in found.places and nid not in found.tail.shared and nid not in kept]
    if missing:
        raise StoreError(f"{path}: {len(missing)} nodes its relationships link are not in it (such as "
                         f"{sorted(missing)[0]!r}): the file was cut short; rebuild it with `kg build`")


def survey(paths: list[Path]) -> Survey:
    """Read the parts once: shared nodes, citation keys, references, and where each paper is."""
    found = Survey()
    for path in paths:
        survey_part(found, path)
    return found


def survey_path(path: Path, version: str | None = None) -> Path:
    """Where the survey of the graph file `path` in its present version (or `version`) is kept."""
    return versioned_beside(path, SURVEY_KIND, version)


def write_survey(path: Path, found: Survey, version: str | None = None) -> None:
    """Keep the survey of the graph file `path` (one part, in streamed shape, its places its byte offsets)
    beside it, for its present version or `version` (the one it will have: see `GraphFileWriter`'s `keep`);
    the surveys of other versions are removed (but the present one's, when the file is yet to be put in place
    under `version`: removed by the next write). A folder that cannot be written to only makes the next
    append slower."""
    labels = {label: n for label, n in found.counts().items() if label != "Paper"}
    record = {"kg_survey": SURVEY_FORMAT, "tail": found.tails[0], "links": found.links, "places": found.places,
              "known": found.tail.known, "ids": found.tail.ids, "labels": labels, "since": found.since,
              "blocks": found.blocks}
    target = survey_path(path, version)
    try:
        handle, temp = temporary_beside(target)
    except OSError:
        remove_surveys(path)
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(orjson.dumps(record))
        os.replace(temp, target)
    except OSError:
        Path(temp).unlink(missing_ok=True)
    remove_surveys(path, keep=(target, survey_path(path) if version and path.exists() else target))


def read_survey(path: Path) -> Survey | None:
    """The survey kept beside the graph file `path` for its present version, with the lines of the shared
    nodes of the file's tail (`KeptTail`); None when there is none (or it is damaged)."""
    try:
        record = orjson.loads(survey_path(path).read_bytes())
        if record["kg_survey"] != SURVEY_FORMAT:
            return None
        found = Survey(places=record["places"], tails=[int(record["tail"])], streamed=[True],
                       links=int(record["links"]), kept=KeptTail(path, labels=dict(record["labels"])),
                       since=dict(record["since"]), blocks=record.get("blocks") is True, datasets=None)
        found.tail.known, found.tail.ids = record["known"], record["ids"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    lines = found.kept.lines
    for where, _, line in graph_lines(path, found.tails[0]):
        if line.startswith(NODE):
            lines[node_id(path, where, line)] = line
    return found


def appended_since(path: Path) -> dict[str, int]:
    """For earlier versions of the graph file `path` (`kg.store.file.version_of`) that papers were added to
    since, the byte from which the present file differs from them: what is before it is as it was."""
    try:
        since = orjson.loads(survey_path(path).read_bytes())["since"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return {}
    return since if isinstance(since, dict) else {}


def node_id(path: Path, where: int | str, line: bytes) -> str:
    """The id of a node's line, without decoding its properties (see `edge_ends`)."""
    end = line.find(b',"data":')
    nid = decoded(path, where, line[len(NODE) + 1:end]) if end > len(NODE) else None
    if not isinstance(nid, str):
        raise StoreError(damaged(path, where, "a node without its id"))
    return nid


def remove_surveys(path: Path, keep: tuple[Path, ...] = ()) -> None:
    """Remove the kept surveys of every version of the graph file `path` (but those in `keep`)."""
    for old in kept_beside(path, f".*.{SURVEY_KIND}"):
        if old not in keep:
            old.unlink(missing_ok=True)
