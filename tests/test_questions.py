import pytest

from kg.errors import ConfigError
from kg.questions import find_paper, graph_stats, shared_benchmarks


def test_papers_sharing_most_benchmarks_come_first(seed_graph):
    top = shared_benchmarks(seed_graph)[0]
    assert top.shared == 3
    assert {top.title_a[:5], top.title_b[:4]} == {"CSWin", "Swin"}
    assert top.datasets == ("ADE20K", "COCO", "ImageNet")


def test_min_shared_and_paper_filter(seed_graph):
    rows = shared_benchmarks(seed_graph, min_shared=2, limit=None)
    assert rows and all(r.shared >= 2 for r in rows)
    mine = shared_benchmarks(seed_graph, paper="kMaX-DeepLab", limit=None)
    assert mine and all(r.title_a.startswith("kMaX-DeepLab") for r in mine)
    assert mine[0].shared == 2 and "ADE20K" in mine[0].datasets


def test_find_paper_by_id_title_or_part(seed_graph):
    pid = "paper:title:crossner-evaluating-cross-domain-named-entity-recognition"
    assert find_paper(seed_graph, pid) == pid
    assert find_paper(seed_graph, pid.removeprefix("paper:")) == pid
    assert find_paper(seed_graph, "crossner: evaluating cross-domain named entity recognition") == pid
    with pytest.raises(ConfigError, match="papers match"):
        find_paper(seed_graph, "Transformer")
    with pytest.raises(ConfigError, match="no paper"):
        find_paper(seed_graph, "no such paper anywhere")


def test_stats_count_labels_and_relationships(seed_graph):
    stats = graph_stats(seed_graph)
    assert stats["nodes"]["Paper"] == 131
    assert sum(stats["relationships"].values()) == seed_graph.number_of_edges()
    assert stats["top"]["Dataset"][0] == ("ImageNet", 18)
