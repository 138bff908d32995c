import pytest

from kg.errors import QueryError, StoreError
from kg.store import dataset_index
from kg.store.dataset_index import index_links, read_index, write_index

LINKS = [("p3", "d1"), ("p1", "d1"), ("p2", "d1"), ("p2", "d2"), ("p4", "d2"), ("p1", "d2"), ("p1", "d2"),
         ("p5", "d3")]


def test_papers_are_ranked_by_datasets_shared_then_by_id():
    index = index_links(LINKS)
    assert index.ranked("p1") == [("p2", 2), ("p3", 1), ("p4", 1)]
    assert index.ranked("p1", min_shared=2) == [("p2", 2)]
    assert index.ranked("p1", limit=2) == [("p2", 2), ("p3", 1)]
    assert index.ranked("p5") == []  # alone on its dataset
    assert index.ranked("p9") == []  # no datasets at all


def test_an_index_reads_back_equal_and_a_damaged_one_is_an_error(tmp_path):
    path = tmp_path / "i.npz"
    write_index(index_links(LINKS), path)
    assert read_index(path).ranked("p4") == [("p1", 1), ("p2", 1)]
    path.write_bytes(b"not an index")
    with pytest.raises(StoreError, match="not a dataset index"):
        read_index(path)


def test_pairs_are_ranked_by_datasets_shared_then_by_the_rarest_then_by_ids():
    index = index_links(LINKS + [("p4", "d1"), ("p3", "d3")])  # d1: p1-p4, d2: p1 p2 p4, d3: p3 p5
    everything = [("p1", "p2", 2, 3), ("p1", "p4", 2, 3), ("p2", "p4", 2, 3), ("p3", "p5", 1, 2),
                  ("p1", "p3", 1, 4), ("p2", "p3", 1, 4), ("p3", "p4", 1, 4)]
    assert index.pairs(min_shared=1) == everything
    for limit in range(len(everything) + 2):
        assert index.pairs(min_shared=1, limit=limit) == everything[:limit]
    assert index.pairs(min_shared=2, limit=2) == [("p1", "p2", 2, 3), ("p1", "p4", 2, 3)]
    assert index.pairs(min_shared=3) == []
    rare = index_links([("a", "big"), ("b", "big"), ("c", "big"), ("a", "x"), ("b", "x"), ("c", "y"), ("d", "y")])
    assert rare.pairs(min_shared=2) == [("a", "b", 2, 2)]
    assert rare.pairs(min_shared=1, limit=3) == [("a", "b", 2, 2), ("c", "d", 1, 2), ("a", "c", 1, 3)]


def test_all_pairs_without_a_limit_are_refused_when_too_many_to_answer(monkeypatch):
    index = index_links(LINKS + [("p4", "d1"), ("p3", "d3")])
    monkeypatch.setattr(dataset_index, "MAX_ANSWER", 3)
    with pytest.raises(QueryError, match="6 or more pairs of papers share at least 1 dataset, more than the 3"):
        index.pairs(min_shared=1)  # the four papers of d1 alone make six
    with pytest.raises(QueryError, match="give a limit"):
        index.pairs(min_shared=1, limit=2**62)  # kg's "all rows"
    assert len(index.pairs(min_shared=1, limit=3)) == 3 and len(index.pairs(min_shared=2)) == 3
