"""The main jobs end to end: sources -> papers -> mentions -> graph file, or -> extraction JSON lines."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from kg.errors import ConfigError, LoadError, StoreError
from kg.extract import as_written, choose_extractors, extract_mentions
from kg.graph import EncodedPaper, build_graph, paper_records, stream_graph
from kg.loaders import Filters, LoadReport, read_papers
from kg.loaders.unique import PackedPapers, unpacked
from kg.model import Mention, MinConfidence, Paper, make_paper_id
from kg.schema import DATASET_RELATIONSHIPS
from kg.store.dataset_index import DatasetLinks, keep_index
from kg.store.file import GraphFileWriter, format_for, paper_lines, remove_temporaries, write_graph
from kg.store.lock import writing
from kg.store.merge import append_now, graph_survey, mergeable
from kg.store.survey import Survey, write_survey
from kg.workers import Progress, Workers


@dataclass
class BuildResult:
    """What a build read, skipped and made: the graph in memory, or the file it was written to."""

    graph: nx.MultiDiGraph | None
    report: LoadReport
    path: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)  # nodes per label
    relationships: int = 0
    already_there: int = 0  # papers an --append build found in the graph already


def load_sources(sources: Sequence[str | Path], report: LoadReport | None = None, format: str | None = None,
                 filters: Filters | None = None, pool: Workers | None = None) -> tuple[Sequence[Paper], LoadReport]:
    """The unique papers of the sources that pass `filters` (large JSON-lines files read on the `pool`'s
    workers, `kg.loaders.read_papers`); LoadError when none could be read at all."""
    report = report if report is not None else LoadReport()
    if not sources:
        raise LoadError("no source given; name one or more listing, JSON, JSON-lines, CSV or Atom files")
    papers = read_papers(sources, report, format, filters, pool)
    if not papers and report.filtered:
        raise LoadError(f"the filters left out all {report.filtered} papers read; loosen --category or --since")
    if not papers:
        reasons = "; ".join(str(p) for p in report.problems[:3]) or "the files hold no papers"
        raise LoadError(f"no papers could be read from {', '.join(map(str, sources))} ({reasons})")
    return papers, report


class SharedSent:
    """The shared nodes (datasets, tasks, authors, ...) this process has passed on in a run, and their aliases.

    Most papers link nodes other papers link too; passing each one on once per process, and later only
    the aliases it gains, spares the process writing the graph from decoding them again and again. The node as its first paper saw it still comes first: a process's
    results are read in order.
    """

    def __init__(self) -> None:
        self.run = ""
        self.aliases: dict[str, set[str]] = {}

    def news(self, run: str, shared: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        """The nodes of `shared` not passed on yet in `run`, and for the others their new aliases only."""
        if run != self.run:
            self.run, self.aliases = run, {}
        news = []
        for nid, attrs in shared:
            known = self.aliases.get(nid)
            if known is None:
                self.aliases[nid] = set(attrs.get("aliases", ()))
                news.append((nid, attrs))
            elif attrs.get("aliases") and not known.issuperset(attrs["aliases"]):
                added = [alias for alias in attrs["aliases"] if alias not in known]
                known.update(added)
                news.append((nid, {"aliases": added}))
        return news


SENT = SharedSent()  # of this process


@dataclass(frozen=True)
class Extraction:
    """How papers are extracted: with the learned tagger or not, and the lowest confidence kept. Its
    methods are what worker processes compute for a paper (`kg.workers.map_papers`); `run` names the
    stream of papers `encoded` is used for (each new Extraction starts a new one)."""

    tagger: bool = False
    min_confidence: MinConfidence | float = MinConfidence()
    run: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_confidence", MinConfidence.of(self.min_confidence))

    def mentions(self, paper: Paper) -> list[Mention]:
        """The paper's mentions at or above `min_confidence` for their type."""
        mentions = extract_mentions(paper, choose_extractors(self.tagger))
        if self.min_confidence:
            floor = MinConfidence.of(self.min_confidence)
            return [m for m in mentions if floor.keeps(m.type, m.confidence)]
        return mentions

    def encoded(self, paper: Paper) -> EncodedPaper:
        """The paper's node and relationships as graph-file lines, its citation keys and references, and
        of the nodes it shares only what this process has not passed on yet in this run (`SharedSent`):
        the stream of a process's results is complete from its first paper on."""
        records = paper_records(paper, self.mentions(paper))
        pid, attrs = records.node
        return EncodedPaper(paper_lines(records), len(records.edges), SENT.news(self.run, records.shared),
                            {"id": pid, "doi": attrs["doi"], "arxiv_id": attrs["arxiv_id"]}, records.citing,
                            [target for _, target, rel, _ in records.edges if rel in DATASET_RELATIONSHIPS])

    def row(self, paper: Paper) -> dict:
        """The paper's row of the extraction contract: `id`, `title` and `entities`."""
        return {"id": paper.id, "title": paper.title,
                "entities": [entity_record(m) for m in as_written(self.mentions(paper))]}

    def line(self, paper: Paper) -> str:
        """The paper's row as a JSON line (without its end of line)."""
        return json.dumps(self.row(paper), ensure_ascii=False)


def build(sources: Sequence[str | Path], output: str | Path | None = None, format: str | None = None,
          report: LoadReport | None = None, progress: Progress | None = None,
          filters: Filters | None = None, tagger: bool = False, min_confidence: float | MinConfidence = 0.0,
          workers: int | None = None, append: bool = False, wait: bool = True,
          notice: Callable[[str], None] | None = None) -> BuildResult:
    """Load, extract and build the graph: written to `output` as it is made (the result's `graph` is
    None: a million papers' graph does not fit in memory), or kept in memory without `output`.
    A `.graphml` output is built in memory, then written. Extraction runs on `workers` processes
    (default: one per core, for inputs large enough); the graph is the same whatever their number.
    With `append`, the papers are added to the graph file `output` (`add_to_graph_file`). The build is the one
    writer of `output` (`kg.store.lock.writing`: it waits for another to end, told to `notice`, or raises
    StoreError without `wait`)."""
    extraction = Extraction(tagger, MinConfidence.of(min_confidence))
    choose_extractors(tagger)  # loaded before the workers start, which share it
    with Workers(workers) as pool, writing(output, wait, notice) if output else contextlib.nullcontext():
        if output is not None:
            remove_temporaries(Path(output))  # of writers killed before they could
        papers, report = load_sources(sources, report, format, filters, pool)
        if output is not None and format_for(output) == "json":
            if append and Path(output).exists():
                return add_to_graph_file(papers, report, Path(output), extraction, pool, progress)
            out = write_graph_file(Path(output), pool.map(extraction.encoded, papers, progress))
            return BuildResult(None, report, Path(output), dict(out.labels), out.edges)
        if append:
            raise ConfigError("--append adds to a graph file of JSON lines; give one with -o (not .graphml)")
        graph = build_graph(papers, pool.map(extraction.mentions, papers, progress))
    path = write_graph(graph, output) if output else None
    labels = Counter(attrs["label"] for _, attrs in graph.nodes(data=True))
    return BuildResult(graph, report, path, dict(labels), graph.number_of_edges())


def add_to_graph_file(papers: Sequence[Paper], report: LoadReport, path: Path, extraction: Extraction,
                      pool: Workers, progress: Progress | None = None) -> BuildResult:
    """Add the papers to the graph file at `path`: they are built into a part of their own, which is then
    merged into the graph (`kg.store.merge`); a paper already there keeps its node and links and gains the
    new reading's sources. Adding the same papers again changes nothing."""
    graph = mergeable([path])[0]
    found = graph_survey(graph)
    papers = under_graph_ids(papers, found.tail.known)
    folder = tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.append-")  # this run's own
    try:
        part = Path(folder) / "new-papers.json"
        write_graph_file(part, pool.map(extraction.encoded, papers, progress), keep_survey=False)
        merged = append_now([graph, *mergeable([part])], found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return BuildResult(None, report, path, merged.counts, merged.relationships,
                       already_there=merged.papers_in_several_parts)


def under_graph_ids(papers: Sequence[Paper], known: dict[str, str]) -> Sequence[Paper]:
    """The papers, each one the graph holds under another id under the graph's id, as one build of the
    graph's inputs and these would merge them (`kg.loaders.unique`): the same arXiv id, else DOI, else title
    (a node named by its title, with no other arXiv id or DOI). `known` maps the graph's papers' citation
    keys (id, `doi:`, `arxiv:`) to their nodes (`kg.graph.GraphTail.known`)."""
    items = list(papers.items) if isinstance(papers, PackedPapers) else list(papers)
    claimed: dict[str, set[str]] = {}  # node -> its `doi:` and `arxiv:` keys, made at the first match

    def node_of(paper: Paper) -> str | None:
        if paper.id in known:
            return known[paper.id]
        strong = {f"doi:{paper.doi}" if paper.doi else "", f"arxiv:{paper.arxiv_id}" if paper.arxiv_id else ""} - {""}
        node = next((known[key] for key in sorted(strong) if key in known), None)
        node = node or (known.get(make_paper_id(paper.title)) if paper.title else None)
        if node is None:
            return None
        if not claimed:
            for key, owner in known.items():
                if key.startswith(("doi:", "arxiv:")):
                    claimed.setdefault(owner, set()).add(key)
        theirs = claimed.get(node, set())
        disagree = any(key.split(":", 1)[0] == mine.split(":", 1)[0] and key not in strong
                       for key in theirs for mine in strong)
        return None if disagree else node  # another arXiv id or DOI: another paper (`kg.loaders.unique.compatible`)

    for index, item in enumerate(items):
        paper = unpacked(item)
        node = node_of(paper)
        if node is not None and node != f"paper:{paper.id}":
            items[index] = dataclasses.replace(paper, id=node.removeprefix("paper:"))
    return PackedPapers(items) if isinstance(papers, PackedPapers) else items


def write_graph_file(path: Path, papers: Iterable[EncodedPaper], keep_survey: bool = True) -> GraphFileWriter:
    """Write the graph file of the encoded papers, a paper at a time, then the citations and shared nodes
    (`kg.graph.stream_graph`); keep its survey (`kg.store.survey`, for papers added later and questions
    about a few papers) and its dataset index (`kg.store.dataset_index`) beside it; without `keep_survey`
    (a part to append, which the append surveys) neither is gathered."""
    datasets = DatasetLinks()

    def gathered(papers: Iterable[EncodedPaper]) -> Iterator[EncodedPaper]:
        for paper in papers:
            datasets.add(paper.keys["id"], paper.datasets)
            yield paper

    def keep(version: str) -> None:  # before the graph is put in place (`GraphFileWriter`)
        write_survey(path, Survey(tail, out.places, tails=[tail_at], streamed=[True], links=links), version)
        keep_index(datasets.index(), path, version)

    with GraphFileWriter(path, keep=keep if keep_survey else None) as out:
        tail = stream_graph(gathered(papers) if keep_survey else papers, out)
        tail_at, links = out.offset, out.edges
        tail.write(out)
    return out


def entity_record(mention: Mention) -> dict:
    """A mention in the extraction contract of shared/eval (plus evidence, role and confidence)."""
    record = {"type": mention.type, "name": mention.name, "mention": mention.text, "start": mention.start,
              "end": mention.end, "field": mention.field, "role": mention.role,
              "confidence": mention.confidence, "extractor": mention.extractor, "sentence": mention.sentence}
    record.update({k: v for k, v in mention.attrs if k in ("kind", "url", "path", "variant") and v})
    return record


def extract_to_jsonl(sources: Sequence[str | Path], stream: TextIO, format: str | None = None,
                     report: LoadReport | None = None, progress: Progress | None = None,
                     filters: Filters | None = None, tagger: bool = False, min_confidence: float | MinConfidence = 0.0,
                     workers: int | None = None) -> int:
    """Write one JSON line per paper to `stream`: its `id`, `title` and `entities` (extracted on `workers`
    processes, as `build` does); returns the count."""
    extraction = Extraction(tagger, MinConfidence.of(min_confidence))
    choose_extractors(tagger)  # loaded before the workers start, which share it
    with Workers(workers) as pool:
        papers, report = load_sources(sources, report, format, filters, pool)
        try:
            for row in pool.map(extraction.line, papers, progress):
                stream.write(row + "\n")
        except OSError as err:
            raise StoreError(f"cannot write the extractions ({err.strerror or err})") from err
    return len(papers)
