"""The one place where papers and mentions become nodes and relationships."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Protocol

import networkx as nx

from kg.model import (
    ARXIV_SHAPED,
    Mention,
    Paper,
    arxiv_id_of,
    bare_name,
    node_id,
    normal_doi,
)
from kg.schema import MENTION_RELATIONSHIP, RELATIONSHIP_RANK, TYPE_LABEL

GRAPH_FORMAT = 2  # the graph file format (`kg.store.file`)


def paper_node_id(paper_id: str) -> str:
    """The node id of a paper: `paper:` and the paper's own id."""
    return f"paper:{paper_id}"


def entity_node_id(mention: Mention) -> str:
    """The node id a mention links to: `repo:host/owner/name`, else label and name key."""
    if mention.type == "repo":
        return f"repo:{dict(mention.attrs)['key']}"
    return node_id(TYPE_LABEL[mention.type], mention.name)


def new_graph() -> nx.MultiDiGraph:
    """An empty kg graph."""
    return nx.MultiDiGraph(kg_format=GRAPH_FORMAT)


def add_paper(graph: nx.MultiDiGraph, paper: Paper, mentions: Iterable[Mention]) -> None:
    """Upsert the paper's node, its entities' nodes and one relationship per entity.

    A relationship keeps the evidence of its first mention, the highest confidence and how many
    mentions support it. Mentions of types without a label (metrics) are not linked yet.
    """
    pid = paper_node_id(paper.id)
    known = graph.nodes.get(pid, {})
    graph.add_node(pid, id=pid, label="Paper", title=paper.title, abstract=paper.abstract, date=paper.date,
                   urls=list(paper.urls), sources=sorted(set(known.get("sources", [])) | set(paper.sources)),
                   arxiv_id=paper.arxiv_id or known.get("arxiv_id", ""), doi=paper.doi or known.get("doi", ""))
    add_metadata(graph, pid, paper)
    by_entity: dict[str, list[Mention]] = {}
    results: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.type == "result":
            results.setdefault(node_id("Dataset", mention.name), []).append(mention)
        elif (mention.type, mention.role) in MENTION_RELATIONSHIP:
            by_entity.setdefault(entity_node_id(mention), []).append(mention)
    for nid, group in by_entity.items():
        add_entity(graph, nid, group)
        wanted = {MENTION_RELATIONSHIP[(m.type, m.role)] for m in group}
        rel = next(r for r in RELATIONSHIP_RANK if r in wanted)
        for other in wanted - {rel}:
            if graph.has_edge(pid, nid, key=other):
                graph.remove_edge(pid, nid, key=other)
        first = next(m for m in group if MENTION_RELATIONSHIP[(m.type, m.role)] == rel)
        graph.add_edge(pid, nid, key=rel, type=rel, mention=first.text, evidence=first.sentence,
                       field=first.field, start=first.start, end=first.end, extractor=first.extractor,
                       confidence=max(m.confidence for m in group), count=len(group),
                       path=dict(first.attrs).get("path", ""))
    for nid, found in results.items():
        add_result(graph, pid, nid, found)


def add_result(graph: nx.MultiDiGraph, pid: str, nid: str, results: list[Mention]) -> None:
    """A REPORTS link from the paper to the dataset: the first result its text states there, marked
    self-reported, with how many it states."""
    first = results[0]
    attrs = dict(first.attrs)
    graph.add_edge(pid, nid, key="REPORTS", type="REPORTS", metric=attrs["metric"], value=float(attrs["value"]),
                   unit=attrs["unit"], task=attrs["task"], mention=first.text, evidence=first.sentence,
                   field=first.field, start=first.start, end=first.end, extractor=first.extractor,
                   confidence=first.confidence, count=len(results), self_reported=True)


def add_metadata(graph: nx.MultiDiGraph, pid: str, paper: Paper) -> None:
    """Link the paper to its authors (WROTE), categories (IN_CATEGORY), in the source's order, and venue."""
    for position, name in enumerate(paper.authors):
        aid = node_id("Author", name)
        graph.add_node(aid, id=aid, label="Author", name=graph.nodes.get(aid, {}).get("name", name))
        graph.add_edge(aid, pid, key="WROTE", type="WROTE", position=position)
    for position, term in enumerate(paper.categories):
        cid = f"category:{term.lower()}"
        graph.add_node(cid, id=cid, label="Category", name=term)
        graph.add_edge(pid, cid, key="IN_CATEGORY", type="IN_CATEGORY", position=position)
    if paper.venue:
        vid = node_id("Venue", paper.venue)
        graph.add_node(vid, id=vid, label="Venue", name=graph.nodes.get(vid, {}).get("name", paper.venue))
        graph.add_edge(pid, vid, key="PUBLISHED_IN", type="PUBLISHED_IN", position=0)


def add_entity(graph: nx.MultiDiGraph, nid: str, mentions: list[Mention]) -> None:
    """Upsert an entity node; the surface forms it was written as are kept in `aliases`."""
    first = mentions[0]
    label = TYPE_LABEL[first.type]
    attrs = graph.nodes.get(nid, {})
    if label == "CodeRepo":
        info = dict(first.attrs)
        graph.add_node(nid, id=nid, label=label, name=first.name, kind=info["kind"], host=info["host"],
                       url=info["url"])
        return
    written = (dict(m.attrs).get("alias", m.text) for m in mentions)
    aliases = set(attrs.get("aliases", [])) | {text for text in written if bare_name(text) != first.name}
    graph.add_node(nid, id=nid, label=label, name=attrs.get("name", first.name), aliases=sorted(aliases))


def build_graph(papers: Iterable[Paper], mentions: Iterable[list[Mention]],
                graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """A graph of the papers and their mentions (`mentions` aligned with `papers`), or `graph` grown;
    then the citations between its papers."""
    graph = graph if graph is not None else new_graph()
    citing = []
    for paper, paper_mentions in zip(papers, mentions, strict=True):
        add_paper(graph, paper, paper_mentions)
        citing.append(paper)
    known = {key: node for node, attrs in graph.nodes(data=True) if attrs.get("label") == "Paper"
             for key in citation_keys(node, attrs)}
    for source, target, position in citations(citing, known, other_ids(citing)):
        graph.add_edge(source, target, key="CITES", type="CITES", position=position)
    return graph


class GraphSink(Protocol):
    """Where `stream_graph` writes (kg.store.file.GraphFileWriter)."""

    def node(self, node: str, attrs: dict) -> None: ...

    def edge(self, source: str, target: str, key: str, attrs: dict) -> None: ...


def stream_graph(papers: Iterable[Paper], mentions: Iterable[list[Mention]], sink: GraphSink) -> None:
    """Write the nodes and relationships `build_graph` makes to `sink`, a paper at a time (the papers
    must be distinct, as `kg.loaders.read_papers` returns them).

    Each paper's node and links are written as soon as they are made and dropped; only the nodes papers
    share (datasets, tasks, methods, repositories, authors, categories, venues) stay in memory, and are
    written last, with what every paper added to them. Citations follow the papers.
    """
    shared = new_graph()
    known: dict[str, str] = {}
    others: list[tuple[str, str]] = []
    citing = []
    for paper, paper_mentions in zip(papers, mentions, strict=True):
        add_paper(shared, paper, paper_mentions)
        pid = paper_node_id(paper.id)
        sink.node(pid, shared.nodes[pid])
        for source, target, key, attrs in chain(shared.in_edges(pid, keys=True, data=True),
                                                shared.out_edges(pid, keys=True, data=True)):
            sink.edge(source, target, key, attrs)
        known.update((key, pid) for key in citation_keys(pid, shared.nodes[pid]))
        others.extend(other_ids([paper]))
        shared.remove_node(pid)
        if paper.references:
            citing.append(paper)
    for source, target, position in citations(citing, known, others):
        sink.edge(source, target, "CITES", {"type": "CITES", "position": position})
    for node, attrs in shared.nodes(data=True):
        sink.node(node, attrs)


def id_keys(identifier: str) -> list[str]:
    """The forms under which a reference is matched: as written, as a DOI, as an arXiv id."""
    text = identifier.strip()
    keys = [text]
    if text.lower().startswith(("10.", "doi:", "https://doi.org/", "http://dx.doi.org/")):
        keys.append(f"doi:{normal_doi(text)}")
    if "arxiv" in text.lower() or ARXIV_SHAPED.fullmatch(text):
        keys.append(f"arxiv:{arxiv_id_of(text)}")
    return keys


def citation_keys(node: str, attrs: dict) -> list[str]:
    """The keys a reference to this paper node may be written as: its id, `doi:` DOI, `arxiv:` id."""
    keys = [node.removeprefix("paper:")]
    if attrs.get("doi"):
        keys.append(f"doi:{attrs['doi']}")
    if attrs.get("arxiv_id"):
        keys.append(f"arxiv:{attrs['arxiv_id']}")
    return keys


def other_ids(papers: Iterable[Paper]) -> Iterator[tuple[str, str]]:
    """(identifier, paper node id) for the ids papers have in other sources (Semantic Scholar, OpenAlex)."""
    for paper in papers:
        for identifier in paper.other_ids:
            yield identifier.strip(), paper_node_id(paper.id)


def citations(papers: list[Paper], known: dict[str, str],
              others: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str, int]]:
    """(citing node, cited node, position in the reference list) for the references of `papers` to papers
    `known` holds (citation key -> node id) or `others` names (where `known` has no such key); references
    to works outside the graph are left out."""
    for identifier, node in others:
        known.setdefault(identifier, node)
    for paper in papers:
        source = paper_node_id(paper.id)
        for position, reference in enumerate(paper.references):
            target = next((known[k] for k in id_keys(reference) if k in known), None)
            if target and target != source:
                yield source, target, position
