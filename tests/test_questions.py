import pytest
import reference

from kg.errors import ConfigError
from kg.library import ALL_ROWS, ask, resolve_node, resolve_paper
from kg.questions import (
    START_PAPERS_PER_ROW,
    graph_stats,
    shared_benchmarks,
    top_shared_pairs,
)


def test_papers_sharing_most_benchmarks_come_first(seed_engine):
    first, second, third = shared_benchmarks(seed_engine)[:3]
    assert (first.shared, second.shared, third.shared) == (3, 3, 2)
    # of the two pairs sharing three, the one on rarer datasets first (GTA5 and SYNTHIA, against ADE20K)
    assert {first.title_a[:8], first.title_b[:8]} == {"DAFormer", "Explorin"}
    assert first.datasets == ("Cityscapes", "GTA5", "SYNTHIA")
    assert {second.title_a[:5], second.title_b[:4]} == {"CSWin", "Swin"}
    assert second.datasets == ("ADE20K", "COCO", "ImageNet")


def test_min_shared_and_paper_filter(seed_engine):
    rows = shared_benchmarks(seed_engine, min_shared=2, limit=None)
    assert rows and all(r.shared >= 2 for r in rows)
    mine = shared_benchmarks(seed_engine, paper="kMaX-DeepLab", limit=None)
    assert mine and all(r.title_a.startswith("kMaX-DeepLab") for r in mine)
    assert mine[0].shared == 2 and "ADE20K" in mine[0].datasets
    with pytest.raises(ConfigError, match="min_shared of shared-benchmark-pairs must be at least 1"):
        shared_benchmarks(seed_engine, min_shared=0)


@pytest.mark.parametrize("limit", [1, 9, 10, 25, None])
def test_all_pairs_sharing_one_benchmark_are_ranked_most_shared_then_rarest(seed_engine, seed_graph, limit):
    rows = shared_benchmarks(seed_engine, min_shared=1, limit=limit)
    want = reference.shared_benchmark_pairs(seed_graph, 1, limit or ALL_ROWS)
    assert [(r.paper_a, r.paper_b, r.shared, list(r.datasets)) for r in rows] == \
        [(r["paper_a"], r["paper_b"], r["shared"], r["datasets"]) for r in want]
    assert len(rows) == (limit or 189)
    if limit == 25:  # past the 9 pairs sharing two or more: those on datasets of two papers come first
        assert [r.shared for r in rows[8:10]] == [2, 1]
        papers = {d: len(reference.sources(seed_graph, d, reference.DATASET_LINKS))
                  for d, a in seed_graph.nodes(data=True) if a["label"] == "Dataset"}
        by_name = {seed_graph.nodes[d]["name"]: n for d, n in papers.items()}
        assert [by_name[r.datasets[0]] for r in rows[9:]] == sorted(by_name[r.datasets[0]] for r in rows[9:])


@pytest.mark.parametrize("limit", [1, 3, 5, None])
@pytest.mark.parametrize("papers_per_row", [0, 1, START_PAPERS_PER_ROW])
def test_pairs_found_from_the_top_down_are_the_first_rows_of_the_query(seed_engine, limit, papers_per_row):
    want = ask(seed_engine, "shared-benchmark-pairs", {"min_shared": 2, "limit": limit or ALL_ROWS}).rows
    assert want
    assert top_shared_pairs(seed_engine, 2, limit, papers_per_row) == want


def test_find_paper_by_id_title_or_part(seed_engine):
    pid = "paper:title:crossner-evaluating-cross-domain-named-entity-recognition"
    assert resolve_paper(seed_engine, pid) == pid
    assert resolve_paper(seed_engine, pid.removeprefix("paper:")) == pid
    assert resolve_paper(seed_engine, "crossner: evaluating cross-domain named entity recognition") == pid
    with pytest.raises(ConfigError, match="papers match"):
        resolve_paper(seed_engine, "Transformer")
    with pytest.raises(ConfigError, match="no paper"):
        resolve_paper(seed_engine, "no such paper anywhere")


def test_a_title_that_is_or_starts_with_the_text_wins_over_one_that_holds_it(seed_engine):
    swin = "paper:title:swin-transformer-hierarchical-vision-transformer-using-shifted-windows"
    assert resolve_paper(seed_engine, "Swin Transformer") == swin  # not CSWin Transformer, which holds it too
    assert resolve_paper(seed_engine, "swin transformer: hierarchical vision transformer using shifted windows") == swin
    assert resolve_paper(seed_engine, "CSWin").startswith("paper:title:cswin-transformer")
    with pytest.raises(ConfigError, match="2 papers match 'Transformer' by the start of the title: .*Transformer in"):
        resolve_paper(seed_engine, "Transformer")  # two titles start with it: ambiguous within that tier


def test_find_node_by_id_name_or_title(seed_engine):
    assert resolve_node(seed_engine, "imagenet") == "dataset:imagenet"
    assert resolve_node(seed_engine, "dataset:coco") == "dataset:coco"
    assert resolve_node(seed_engine, "kMaX-DeepLab: k-means").startswith("paper:title:kmax")
    with pytest.raises(ConfigError, match="nodes are called"):
        resolve_node(seed_engine, "Domain Adaptation")  # a task and a method
    with pytest.raises(ConfigError, match="no node"):
        resolve_node(seed_engine, "no such thing anywhere")


def test_stats_count_labels_and_relationships(seed_engine, seed_graph):
    stats = graph_stats(seed_engine)
    assert stats["nodes"]["Paper"] == 131
    assert sum(stats["relationships"].values()) == seed_graph.number_of_edges()
    assert stats["top"]["Dataset"][0] == ("ImageNet", 18)
