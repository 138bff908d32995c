"""The main jobs end to end: sources -> papers -> mentions -> graph file, or -> extraction JSON lines."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import networkx as nx

from kg.errors import LoadError, StoreError
from kg.extract import choose_extractors, extract_mentions
from kg.graph import build_graph, stream_graph
from kg.loaders import Filters, LoadReport, read_papers
from kg.model import Mention, Paper
from kg.store.file import GraphFileWriter, format_for, write_graph

Progress = Callable[[Sequence[Paper]], Iterable[Paper]]


@dataclass
class BuildResult:
    """What a build read, skipped and made: the graph in memory, or the file it was written to."""

    graph: nx.MultiDiGraph | None
    report: LoadReport
    path: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)  # nodes per label
    relationships: int = 0


def load_sources(sources: Sequence[str | Path], report: LoadReport | None = None,
                 format: str | None = None, filters: Filters | None = None) -> tuple[list[Paper], LoadReport]:
    """The unique papers of the sources that pass `filters`; LoadError when none could be read at all."""
    report = report if report is not None else LoadReport()
    if not sources:
        raise LoadError("no source given; name one or more listing, JSON, JSON-lines, CSV or Atom files")
    papers = read_papers(sources, report, format, filters)
    if not papers and report.filtered:
        raise LoadError(f"the filters left out all {report.filtered} papers read; loosen --category or --since")
    if not papers:
        reasons = "; ".join(str(p) for p in report.problems[:3]) or "the files hold no papers"
        raise LoadError(f"no papers could be read from {', '.join(map(str, sources))} ({reasons})")
    return papers, report


def extract_all(papers: Sequence[Paper], progress: Progress | None = None, tagger: bool = False,
                min_confidence: float = 0.0) -> Iterator[list[Mention]]:
    """The mentions of each paper in turn, as they are extracted (`progress` wraps the iteration;
    `tagger` adds the learned tagger to the rules; mentions below `min_confidence` are left out)."""
    extractors = choose_extractors(tagger)
    for paper in progress(papers) if progress else papers:
        mentions = extract_mentions(paper, extractors)
        yield [m for m in mentions if m.confidence >= min_confidence] if min_confidence else mentions


def build(sources: Sequence[str | Path], output: str | Path | None = None, format: str | None = None,
          report: LoadReport | None = None, progress: Progress | None = None,
          filters: Filters | None = None, tagger: bool = False, min_confidence: float = 0.0) -> BuildResult:
    """Load, extract and build the graph: written to `output` as it is made (the result's `graph` is
    None: a million papers' graph does not fit in memory), or kept in memory without `output`.
    A `.graphml` output is built in memory, then written."""
    papers, report = load_sources(sources, report, format, filters)
    mentions = extract_all(papers, progress, tagger, min_confidence)
    if output is not None and format_for(output) == "json":
        with GraphFileWriter(output) as out:
            stream_graph(papers, mentions, out)
        return BuildResult(None, report, Path(output), dict(out.labels), out.edges)
    graph = build_graph(papers, mentions)
    path = write_graph(graph, output) if output else None
    labels = Counter(attrs["label"] for _, attrs in graph.nodes(data=True))
    return BuildResult(graph, report, path, dict(labels), graph.number_of_edges())


def entity_record(mention: Mention) -> dict:
    """A mention in the extraction contract of shared/eval (plus evidence, role and confidence)."""
    record = {"type": mention.type, "name": mention.name, "mention": mention.text, "start": mention.start,
              "end": mention.end, "field": mention.field, "role": mention.role,
              "confidence": mention.confidence, "extractor": mention.extractor, "sentence": mention.sentence}
    record.update({k: v for k, v in mention.attrs if k in ("kind", "url", "path", "variant") and v})
    return record


def extraction_rows(papers: Sequence[Paper], progress: Progress | None = None, tagger: bool = False,
                    min_confidence: float = 0.0) -> Iterator[dict]:
    """Each paper's row of the extraction contract: `id`, `title` and `entities`."""
    for paper, mentions in zip(papers, extract_all(papers, progress, tagger, min_confidence), strict=True):
        yield {"id": paper.id, "title": paper.title, "entities": [entity_record(m) for m in mentions]}


def extract_to_jsonl(sources: Sequence[str | Path], stream: TextIO, format: str | None = None,
                     report: LoadReport | None = None, progress: Progress | None = None,
                     filters: Filters | None = None, tagger: bool = False, min_confidence: float = 0.0) -> int:
    """Write one JSON line per paper to `stream`: its `id`, `title` and `entities`; returns the count."""
    papers, report = load_sources(sources, report, format, filters)
    try:
        for row in extraction_rows(papers, progress, tagger, min_confidence):
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    except OSError as err:
        raise StoreError(f"cannot write the extractions ({err.strerror or err})") from err
    return len(papers)
