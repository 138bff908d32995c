import json
import os
import re
import stat

import networkx as nx
import pytest
from conftest import ROOT

from kg.errors import StoreError
from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.library import resolve_paper
from kg.model import Paper
from kg.schema import (
    EXTRACTED_RELATIONSHIPS,
    LABELS,
    RELATIONSHIP_PROPERTIES,
    RELATIONSHIPS,
)
from kg.store.file import read_edges, read_graph, write_graph


def test_every_node_has_its_id_label_and_a_human_name(seed_graph):
    for node, attrs in seed_graph.nodes(data=True):
        assert attrs["id"] == node
        assert attrs["label"] in LABELS
        assert attrs.get("title" if attrs["label"] == "Paper" else "name")
    assert sum(1 for _, a in seed_graph.nodes(data=True) if a["label"] == "Paper") == 131


def test_every_relationship_is_in_the_schema_and_carries_its_evidence(seed_graph):
    for source, target, key, attrs in seed_graph.edges(keys=True, data=True):
        start, end = RELATIONSHIPS[key]
        assert seed_graph.nodes[source]["label"] == start and seed_graph.nodes[target]["label"] == end
        assert set(RELATIONSHIP_PROPERTIES[key]) <= set(attrs)
        if key not in EXTRACTED_RELATIONSHIPS:
            continue
        assert attrs["mention"] in attrs["evidence"] and 0 < attrs["confidence"] <= 1


def test_a_paper_links_an_entity_once_with_the_strongest_relationship(seed_graph, seed_engine):
    pairs = [(u, v) for u, v, rel in seed_graph.edges(keys=True) if rel != "REPORTS"]
    assert len(pairs) == len(set(pairs))
    daformer = resolve_paper(seed_engine, "DAFormer: Improving")
    assert seed_graph.has_edge(daformer, "method:daformer", key="PROPOSES")


def test_variants_fold_into_one_dataset_and_stay_visible(seed_graph):
    imagenet = seed_graph.nodes["dataset:imagenet"]
    assert {"ImageNet-1K", "ImageNet-1k"} <= set(imagenet["aliases"])
    assert not any(n.startswith("dataset:imagenet1") for n in seed_graph)
    # ImageNet-21k is a benchmark of its own, a version of ImageNet
    assert seed_graph.nodes["dataset:imagenet21k"]["family"] == "ImageNet"
    assert seed_graph.has_edge("dataset:imagenet21k", "dataset:imagenet", "VARIANT_OF")


def test_a_split_or_a_short_form_is_not_an_alias():
    paper = Paper("x", "", "Results on the COCO val set and on Labeled Faces in the Wild (LFW) are reported.")
    graph = build_graph([paper], [extract_mentions(paper)])
    assert graph.nodes["dataset:coco"]["aliases"] == []
    assert graph.nodes["dataset:lfw"]["aliases"] == ["Labeled Faces in the Wild"]


def test_rebuilding_upserts_instead_of_duplicating(seed_papers, seed_graph):
    papers, _ = seed_papers
    again = build_graph(papers, [extract_mentions(p) for p in papers], graph=seed_graph.copy())
    assert sorted(again.nodes) == sorted(seed_graph.nodes)
    assert sorted(again.edges(keys=True)) == sorted(seed_graph.edges(keys=True))


def test_save_and_load_round_trip(seed_graph, tmp_path):
    path = write_graph(seed_graph, tmp_path / "g.json")
    loaded = read_graph(path)
    assert dict(loaded.nodes(data=True)) == dict(seed_graph.nodes(data=True))
    assert sorted(loaded.edges(keys=True, data=True), key=str) == sorted(seed_graph.edges(keys=True, data=True), key=str)


def test_a_graph_file_is_json_lines_read_a_line_at_a_time(seed_graph, tmp_path):
    path = write_graph(seed_graph, tmp_path / "g.json")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["kg_format"] == 2
    assert len(lines) == 1 + seed_graph.number_of_nodes() + seed_graph.number_of_edges()
    assert sum(1 for _ in read_edges(path)) == seed_graph.number_of_edges()
    lines[5] = lines[5][:40]  # a line cut short: the error names it
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(StoreError, match=r"g.json:6: not a graph line"):
        read_graph(path)


def test_a_graph_file_of_the_first_format_still_reads(seed_graph, tmp_path):
    old = seed_graph.copy()
    old.graph["kg_format"] = 1
    path = tmp_path / "old.json"
    path.write_text(json.dumps(nx.node_link_data(old, edges="edges", name="node")), encoding="utf-8")
    loaded = read_graph(path)
    assert dict(loaded.nodes(data=True)) == dict(seed_graph.nodes(data=True))
    assert sorted(loaded.edges(keys=True, data=True), key=str) == sorted(seed_graph.edges(keys=True, data=True), key=str)


def test_graphml_export_opens_in_networkx(seed_graph, tmp_path):
    path = write_graph(seed_graph, tmp_path / "g.graphml")
    loaded = nx.read_graphml(path)
    assert loaded.number_of_nodes() == seed_graph.number_of_nodes()
    assert loaded.nodes["dataset:imagenet"]["type"] == "Dataset"


def test_graphml_labels_nodes_by_their_names_and_reads_back_whole(seed_graph, tmp_path):
    path = write_graph(seed_graph, tmp_path / "g.graphml")
    loaded = nx.read_graphml(path)
    assert loaded.nodes["dataset:imagenet"]["label"] == "ImageNet"  # what Gephi shows on the node
    swin = next(a for a in loaded.nodes.values() if a["type"] == "Paper" and a["title"].startswith("Swin"))
    assert swin["label"] == swin["title"]
    again = read_graph(path)
    assert dict(again.nodes(data=True)) == dict(seed_graph.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True), key=str) == sorted(seed_graph.edges(keys=True, data=True),
                                                                        key=str)


def test_schema_cypher_mirrors_the_schema_module():
    text = (ROOT / "cypher" / "schema.cypher").read_text()
    assert set(re.findall(r"FOR \(n:(\w+)\) REQUIRE n\.id IS UNIQUE", text)) == set(LABELS)
    declared = re.findall(r"^// \(:(\w+)\)-\[:(\w+)\]->\(:(\w+)\)$", text, re.M)
    assert {rel: (a, b) for a, rel, b in declared} == RELATIONSHIPS


def test_results_a_paper_states_become_self_reported_links_to_the_dataset(seed_graph, seed_engine):
    swin = resolve_paper(seed_engine, "Swin Transformer: Hierarchical")
    result = seed_graph.edges[swin, "dataset:imagenet", "REPORTS"]
    assert (result["metric"], result["value"], result["self_reported"]) == ("accuracy", 87.3, True)
    assert result["mention"] in result["evidence"] and "87.3 top-1 accuracy" in result["evidence"]
    assert seed_graph.has_edge(swin, "dataset:imagenet", key="USES_DATASET")
    for paper, dataset, rel in seed_graph.edges(keys=True):
        if rel == "REPORTS":
            assert seed_graph.has_edge(paper, dataset, key="USES_DATASET") or \
                seed_graph.has_edge(paper, dataset, key="INTRODUCES_DATASET")


def test_a_graph_file_is_as_readable_as_any_file_the_user_writes(seed_graph, tmp_path):
    umask = os.umask(0o022)
    try:
        path = write_graph(seed_graph, tmp_path / "g.json")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
