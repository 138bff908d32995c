"""The one place where papers and mentions become nodes and relationships."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

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


@dataclass
class PaperRecords:
    """A paper's part of the graph: its node, its relationships (source, target, type, attributes), the
    nodes it shares with other papers (authors, entities, ...) as this paper sees them, and the
    relationships of its paper to an entity that its stronger ones replace (see `add_paper`)."""

    node: tuple[str, dict[str, Any]]
    edges: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    shared: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    replaced: list[tuple[str, str, str]] = field(default_factory=list)
    citing: PaperIds | None = None  # its references and ids elsewhere (stripped), when it has any


def paper_node(paper: Paper) -> tuple[str, dict[str, Any]]:
    """The paper's node: its id and properties."""
    pid = paper_node_id(paper.id)
    return pid, {"id": pid, "label": "Paper", "title": paper.title, "abstract": paper.abstract, "date": paper.date,
                 "urls": list(paper.urls), "sources": sorted(set(paper.sources)), "arxiv_id": paper.arxiv_id,
                 "doi": paper.doi}


def paper_of_node(pid: str, attrs: dict[str, Any]) -> Paper:
    """The paper a node was made from, as far as its properties tell (`paper_node` undone)."""
    return Paper(pid.removeprefix("paper:"), attrs.get("title", ""), attrs.get("abstract", ""),
                 attrs.get("date", ""), tuple(attrs.get("urls", ())), sources=tuple(attrs.get("sources", ())),
                 arxiv_id=attrs.get("arxiv_id", ""), doi=attrs.get("doi", ""))


def paper_records(paper: Paper, mentions: Iterable[Mention]) -> PaperRecords:
    """The paper's node, one relationship per entity it links and the entities' nodes.

    A relationship keeps the evidence of its first mention, the highest confidence and how many
    mentions support it; of two it could have to one entity, the stronger (RELATIONSHIP_RANK) is kept.
    Mentions of types without a label (metrics) are not linked; results become REPORTS links.
    """
    records = PaperRecords(paper_node(paper))
    pid = records.node[0]
    if paper.references or paper.other_ids:
        records.citing = PaperIds(pid, list(paper.references), [i.strip() for i in paper.other_ids])
    add_metadata(records, pid, paper)
    by_entity: dict[str, list[Mention]] = {}
    results: dict[str, list[Mention]] = {}
    phrases: dict[str, None] = {}
    for mention in mentions:
        if mention.role == "describes":
            phrases.setdefault(mention.text)
        elif mention.type == "result":
            results.setdefault(node_id("Dataset", mention.name), []).append(mention)
        elif (mention.type, mention.role) in MENTION_RELATIONSHIP:
            by_entity.setdefault(entity_node_id(mention), []).append(mention)
    for nid, group in by_entity.items():
        records.shared.append((nid, entity_attrs(nid, group)))
        if "family" in records.shared[-1][1]:
            records.shared.append(family_node(records.shared[-1][1]["family"]))
        wanted = {MENTION_RELATIONSHIP[(m.type, m.role)] for m in group}
        rel = next(r for r in RELATIONSHIP_RANK if r in wanted)
        records.replaced.extend((pid, nid, other) for other in wanted - {rel})
        first = next(m for m in group if MENTION_RELATIONSHIP[(m.type, m.role)] == rel)
        records.edges.append((pid, nid, rel, {
            "type": rel, "mention": first.text, "evidence": first.sentence, "field": first.field,
            "start": first.start, "end": first.end, "extractor": first.extractor,
            "confidence": max(m.confidence for m in group), "count": len(group),
            "path": dict(first.attrs).get("path", "")}))
    for nid, found in results.items():
        records.edges.append((pid, nid, "REPORTS", result_attrs(found)))
    records.node[1]["phrases"] = list(phrases)
    return records


def result_attrs(results: list[Mention]) -> dict[str, Any]:
    """A REPORTS link's properties: of the results the paper has on the dataset, the first a curated table
    gives (its best row), else the first its text states; with how many there are, the model and any
    extra training data the result names, and whether it is self-reported (read from the paper's text).
    Every result, the first one first, is kept in the parallel lists `scores_*` (metric, value, unit,
    model, extra data, task, evidence), each once."""
    first = next((m for m in results if m.field == "metadata"), results[0])
    attrs = dict(first.attrs)
    scores: dict[tuple[str, float, str, str, str, str], str] = {}
    for mention in sorted(results, key=lambda m: (m is not first, m.field != "metadata")):
        found = dict(mention.attrs)
        scores.setdefault((found["metric"], float(found["value"]), found["unit"], found.get("model", ""),
                           found.get("extra_data", ""), found["task"]), mention.sentence)
    columns = [*zip(*scores), tuple(scores.values())]
    return {"type": "REPORTS", "metric": attrs["metric"], "value": float(attrs["value"]), "unit": attrs["unit"],
            "task": attrs["task"], "model": attrs.get("model", ""), "extra_data": attrs.get("extra_data", ""),
            "mention": first.text, "evidence": first.sentence, "field": first.field,
            "start": first.start, "end": first.end, "extractor": first.extractor, "confidence": first.confidence,
            "count": len(results), "self_reported": first.field != "metadata",
            **{f"scores_{name}": list(column) for name, column in zip(SCORE_FIELDS, columns)}}


SCORE_FIELDS = ("metric", "value", "unit", "model", "extra_data", "task", "evidence")  # REPORTS' `scores_*` lists


def add_metadata(records: PaperRecords, pid: str, paper: Paper) -> None:
    """Link the paper to its authors (WROTE), categories (IN_CATEGORY), in the source's order, and venue."""
    for position, name in enumerate(paper.authors):
        aid = node_id("Author", name)
        records.shared.append((aid, {"id": aid, "label": "Author", "name": name}))
        records.edges.append((aid, pid, "WROTE", {"type": "WROTE", "position": position}))
    for position, term in enumerate(paper.categories):
        cid = f"category:{term.lower()}"
        records.shared.append((cid, {"id": cid, "label": "Category", "name": term}))
        records.edges.append((pid, cid, "IN_CATEGORY", {"type": "IN_CATEGORY", "position": position}))
    if paper.venue:
        vid = node_id("Venue", paper.venue)
        records.shared.append((vid, {"id": vid, "label": "Venue", "name": paper.venue}))
        records.edges.append((pid, vid, "PUBLISHED_IN", {"type": "PUBLISHED_IN", "position": 0}))


def entity_attrs(nid: str, mentions: list[Mention]) -> dict[str, Any]:
    """An entity node as the paper's mentions make it; the surface forms not its name are its `aliases`."""
    first = mentions[0]
    label = TYPE_LABEL[first.type]
    if label == "CodeRepo":
        info = dict(first.attrs)
        return {"id": nid, "label": label, "name": first.name, "kind": info["kind"], "host": info["host"],
                "url": info["url"]}
    written = (dict(m.attrs).get("alias", m.text) for m in mentions)
    attrs = {"id": nid, "label": label, "name": first.name,
             "aliases": sorted({text for text in written if bare_name(text) != first.name})}
    family = next((family for m in mentions if (family := dict(m.attrs).get("family"))), None)
    if family:
        attrs["family"] = family
    return attrs


def family_node(name: str) -> tuple[str, dict[str, Any]]:
    """The node of a dataset that others are versions of (their `family`)."""
    nid = node_id("Dataset", name)
    return nid, {"id": nid, "label": "Dataset", "name": name, "aliases": []}


def add_paper(graph: nx.MultiDiGraph, records: PaperRecords, tail: GraphTail) -> None:
    """Upsert a paper's node (a paper added again keeps its sources, arXiv id and DOI) and its
    relationships (`paper_records`) in the graph; the nodes it shares go to `tail`, which already holds
    those the graph had (`build_graph` adds them to the graph at the end)."""
    pid, attrs = records.node
    known = graph.nodes.get(pid, {})
    graph.add_node(pid, **{**attrs, "sources": sorted(set(known.get("sources", [])) | set(attrs["sources"])),
                           "arxiv_id": attrs["arxiv_id"] or known.get("arxiv_id", ""),
                           "doi": attrs["doi"] or known.get("doi", "")})
    for nid, shared in records.shared:
        if nid in graph and nid not in tail.shared:
            tail.share(nid, dict(graph.nodes[nid]))
        tail.share(nid, shared)
    for source, target, key in records.replaced:
        if graph.has_edge(source, target, key=key):
            graph.remove_edge(source, target, key=key)
    for source, target, key, edge in records.edges:
        graph.add_edge(source, target, key=key, **edge)
    if records.citing:
        tail.cite(records.citing)


def build_graph(papers: Iterable[Paper], mentions: Iterable[list[Mention]],
                graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """A graph of the papers and their mentions (`mentions` aligned with `papers`), or `graph` grown;
    the nodes papers share merged as a streamed build merges them (`GraphTail`); then the citations
    between its papers and the links of dataset versions to their families."""
    graph = graph if graph is not None else new_graph()
    tail = GraphTail()
    for paper, paper_mentions in zip(papers, mentions, strict=True):
        add_paper(graph, paper_records(paper, paper_mentions), tail)
    graph.add_nodes_from(tail.nodes())
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") == "Paper":
            tail.paper(node, attrs)
    for source, target, position in tail.citations():
        graph.add_edge(source, target, key="CITES", type="CITES", position=position)
    for node, attrs in graph.nodes(data=True):
        if attrs.get("family"):
            graph.add_edge(node, node_id("Dataset", attrs["family"]), key="VARIANT_OF", type="VARIANT_OF")
    return graph


@dataclass
class PaperIds:
    """A paper's references (ids of the works it cites, as its source writes them) and its own ids in
    other sources (OpenAlex, Semantic Scholar), which references to it may use."""

    node: str
    references: list[str]
    other_ids: list[str]


@dataclass
class EncodedPaper:
    """What writing a graph file needs of a paper: the lines of its node and relationships, encoded where
    it was extracted (a worker process), how many relationships they hold, the nodes it shares, its
    citation keys (its node's DOI and arXiv id), and the datasets it links to (for the dataset index)."""

    lines: bytes
    relationships: int
    shared: list[tuple[str, dict[str, Any]]]
    keys: dict[str, str]
    citing: PaperIds | None
    datasets: list[str]


class GraphSink(Protocol):
    """Where `stream_graph` writes (kg.store.file.GraphFileWriter)."""

    def paper(self, pid: str, lines: bytes, relationships: int) -> None: ...

    def node(self, node: str, attrs: dict) -> None: ...

    def edge(self, source: str, target: str, key: str, attrs: dict) -> None: ...


class GraphTail:
    """What a graph file written a paper at a time holds back for its end: the nodes papers share, with
    what every paper added to them, and what the citations between its papers are found from."""

    def __init__(self) -> None:
        self.shared: dict[str, dict[str, Any]] = {}  # as the first paper saw it
        self.aliases: dict[str, set[str]] = {}  # of every paper (a node used by many gains many)
        self.known: dict[str, str] = {}  # citation key -> paper node
        self.ids: dict[str, list[list[str]]] = {}  # paper node -> [its references, its ids in other sources]

    def paper(self, pid: str, attrs: dict[str, Any]) -> None:
        """Note a paper node (its id, DOI and arXiv id are its citation keys)."""
        self.known.update((key, pid) for key in citation_keys(pid, attrs))

    def cite(self, ids: PaperIds) -> None:
        """Note a paper's references and other ids (a paper noted twice has those of both, in order)."""
        known = self.ids.get(ids.node)
        if known is None:
            self.ids[ids.node] = [list(ids.references), list(ids.other_ids)]
        else:
            known[0] = list(dict.fromkeys(known[0] + ids.references))
            known[1] = list(dict.fromkeys(known[1] + ids.other_ids))

    def share(self, nid: str, attrs: dict[str, Any]) -> None:
        """Note a shared node as one paper sees it (or only the aliases it adds): the first one's name and
        properties, the aliases of all."""
        known = self.shared.setdefault(nid, attrs)
        if "aliases" in attrs:
            if nid in self.aliases:
                self.aliases[nid].update(attrs["aliases"])
            elif "aliases" in known:
                self.aliases[nid] = set(known["aliases"]) | set(attrs["aliases"])

    def citations(self) -> Iterator[tuple[str, str, int]]:
        """(citing node, cited node, position in the reference list) for the references to papers noted
        (by citation key, else by another source's id); references to works outside the graph are left out."""
        known = dict(self.known)
        for node, (_, others) in self.ids.items():
            for identifier in others:
                known.setdefault(identifier, node)
        for node, (references, _) in self.ids.items():
            for position, reference in enumerate(references):
                target = next((known[k] for k in id_keys(reference) if k in known), None)
                if target and target != node:
                    yield node, target, position

    def nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, properties) of the shared nodes, in the order papers first named them, aliases sorted."""
        for node, attrs in self.shared.items():
            yield node, {**attrs, "aliases": sorted(self.aliases[node])} if node in self.aliases else attrs

    def write(self, sink: GraphSink) -> None:
        """Write the citations and the versions' links to their families, then the shared nodes, to `sink`."""
        self.write_citations(sink)
        write_variants(sink, self.shared.items())
        for node, attrs in self.nodes():
            sink.node(node, attrs)

    def write_citations(self, sink: GraphSink) -> None:
        """Write the citations to `sink`."""
        for source, target, position in self.citations():
            sink.edge(source, target, "CITES", {"type": "CITES", "position": position})


def write_variants(sink: GraphSink, nodes: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Write the link of each dataset version among `nodes` to its family (VARIANT_OF) to `sink`; like the
    citations, these links are found again from the shared nodes whenever a tail is written."""
    for node, attrs in nodes:
        if attrs.get("family"):
            sink.edge(node, node_id("Dataset", attrs["family"]), "VARIANT_OF", {"type": "VARIANT_OF"})


def stream_graph(parts: Iterable[EncodedPaper], sink: GraphSink) -> GraphTail:
    """Write the papers of the graph `build_graph` makes to `sink` from each paper's encoded records, a
    paper at a time (the papers must be distinct, as `kg.loaders.read_papers` returns them): each paper's
    node and links as they come. Returns what follows them (`GraphTail.write`): the citations and the
    shared nodes."""
    tail = GraphTail()
    for part in parts:
        sink.paper(part.keys["id"], part.lines, part.relationships)
        for nid, node in part.shared:
            tail.share(nid, node)
        tail.paper(part.keys["id"], part.keys)
        if part.citing:
            tail.cite(part.citing)
    return tail


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
