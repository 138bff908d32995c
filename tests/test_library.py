import re

import pytest
import reference

from kg.errors import ConfigError, QueryError
from kg.library import (
    ALL_ROWS,
    ask,
    get_question,
    literal,
    load_questions,
    parse_assignments,
    parse_question,
)

CSWIN = "paper:title:cswin-transformer-a-general-vision-transformer-backbone-with-cross-shaped-window"
SWIN = "paper:title:swin-transformer-hierarchical-vision-transformer-using-shifted-windows"

# (question, parameters given to `kg ask`, the same question computed over NetworkX)
CASES = [
    ("counts-per-label", {}, lambda g: reference.counts_per_label(g)),
    ("counts-per-relationship", {}, lambda g: reference.counts_per_relationship(g)),
    ("find-paper", {"text": "transformer", "limit": ALL_ROWS}, lambda g: reference.find_paper(g, "transformer", ALL_ROWS)),
    ("paper-by-id", {"id": CSWIN.removeprefix("paper:")}, lambda g: reference.paper_by_id(g, CSWIN.removeprefix("paper:"))),
    ("find-node", {"text": "domain adaptation"}, lambda g: reference.find_node(g, "domain adaptation", 20)),
    ("find-node", {"text": "imagenet-1k"}, lambda g: reference.find_node(g, "imagenet-1k", 20)),
    ("papers-sharing-benchmarks", {"paper": "CSWin", "limit": ALL_ROWS},
     lambda g: reference.papers_sharing_benchmarks(g, CSWIN, 1, ALL_ROWS)),
    ("papers-sharing-benchmarks", {"paper": SWIN, "min_shared": "2"},
     lambda g: reference.papers_sharing_benchmarks(g, SWIN, 2, 20)),
    ("papers-sharing-benchmark-family", {"paper": SWIN, "limit": ALL_ROWS},
     lambda g: reference.papers_sharing_benchmark_family(g, SWIN, 1, ALL_ROWS)),
    ("shared-benchmark-pairs", {"min_shared": 2, "limit": ALL_ROWS},
     lambda g: reference.shared_benchmark_pairs(g, 2, ALL_ROWS)),
    ("shared-benchmark-pairs", {"min_shared": "3"}, lambda g: reference.shared_benchmark_pairs(g, 3, 20)),
    ("shared-benchmark-pairs", {"min_shared": 1, "limit": ALL_ROWS},
     lambda g: reference.shared_benchmark_pairs(g, 1, ALL_ROWS)),
    ("shared-benchmark-pairs", {"min_shared": 1, "limit": 15}, lambda g: reference.shared_benchmark_pairs(g, 1, 15)),
    ("papers-on-dataset", {"dataset": "imagenet-1k", "limit": ALL_ROWS},
     lambda g: reference.papers_on_dataset(g, "imagenet-1k", ALL_ROWS)),
    ("leaderboard", {"dataset": "imagenet-1k", "limit": ALL_ROWS}, lambda g: reference.leaderboard(g, "imagenet-1k", ALL_ROWS)),
    ("leaderboard", {"dataset": "COCO"}, lambda g: reference.leaderboard(g, "COCO", 50)),
    ("methods-on-dataset", {"dataset": "ImageNet", "limit": ALL_ROWS},
     lambda g: reference.methods_on_dataset(g, "ImageNet", ALL_ROWS)),
    ("datasets-for-task", {"task": "semantic segmentation", "limit": ALL_ROWS},
     lambda g: reference.datasets_for_task(g, "semantic segmentation", ALL_ROWS)),
    ("tasks-with-code", {"limit": ALL_ROWS}, lambda g: reference.tasks_with_code(g, ALL_ROWS)),
    ("similar-papers", {"paper": CSWIN, "limit": ALL_ROWS}, lambda g: reference.similar_papers(g, CSWIN, ALL_ROWS)),
    ("datasets-used-together", {"min_papers": 1, "limit": ALL_ROWS},
     lambda g: reference.datasets_used_together(g, 1, ALL_ROWS)),
    ("neighbourhood", {"node": "ImageNet", "limit": ALL_ROWS},
     lambda g: reference.neighbourhood(g, "dataset:imagenet", ALL_ROWS)),
    ("neighbourhood", {"node": CSWIN}, lambda g: reference.neighbourhood(g, CSWIN, 100)),
    ("datasets-per-paper", {}, lambda g: reference.datasets_per_paper(g)),
    ("most-linked", {"label": "Task", "limit": "15"}, lambda g: reference.most_linked(g, "Task", 15)),
]


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_every_question_returns_the_rows_networkx_computes(seed_engine, seed_graph, name, params, expected):
    rows = ask(seed_engine, name, params).rows
    want = expected(seed_graph)
    assert want, "the case must have an answer on the seeds, or it checks nothing"
    assert rows == want


def test_every_question_is_tested_and_documented():
    questions = load_questions()
    assert set(questions) == {case[0] for case in CASES}
    for question in questions.values():
        code = "\n".join(line for line in question.text.splitlines() if not line.startswith("//"))
        assert set(re.findall(r"\$(\w+)", code)) == {p.name for p in question.params}, question.name
        if question.index:  # the Cypher run after an index ranked the rows reads them from $ranked
            assert set(re.findall(r"\$(\w+)", question.from_ranked())) <= {"ranked"} | {p.name for p in question.params}
        assert question.question.endswith("?") and question.example.startswith(f"kg ask {question.name}")


def test_examples_in_the_headers_run(seed_engine):
    for question in load_questions().values():
        words = re.findall(r'-p (\w+)=("[^"]*"|\S+)', question.example)
        assert ask(seed_engine, question.name, {k: v.strip('"') for k, v in words}).rows, question.example


def test_similarity_ranks_the_sibling_architecture_first(seed_engine):
    top = ask(seed_engine, "similar-papers", {"paper": "CSWin Transformer"}).rows[0]
    assert top["paper"] == SWIN and {"ADE20K", "COCO", "ImageNet"} <= set(top["shared"])


def test_parameters_are_typed_checked_and_named(seed_engine):
    with pytest.raises(ConfigError, match="must be an integer"):
        ask(seed_engine, "shared-benchmark-pairs", {"min_shared": "two"})
    with pytest.raises(ConfigError, match="has no parameter mins; it takes: min_shared, limit"):
        ask(seed_engine, "shared-benchmark-pairs", {"mins": "2"})
    with pytest.raises(ConfigError, match="limit of find-paper must be at least 0, not -1"):
        ask(seed_engine, "find-paper", {"text": "x", "limit": -1})
    with pytest.raises(ConfigError, match="needs -p dataset="):
        ask(seed_engine, "papers-on-dataset", {})
    with pytest.raises(ConfigError, match="did you mean papers-on-dataset"):
        get_question("papers-on-datset")
    assert parse_assignments(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(ConfigError, match="name=value"):
        parse_assignments(["novalue"])
    assert [literal(t) for t in ("2", "1.5", '["a", 1]', "true", "COCO", '"2103.14030"')] == \
        [2, 1.5, ["a", 1], True, "COCO", "2103.14030"]


def test_a_bad_header_names_the_file_and_line():
    with pytest.raises(QueryError, match=r"x.cypher:2: write `// param NAME \(TYPE \[>= MINIMUM\]\)"):
        parse_question("x", "// question: What?\n// param paper: no type\nRETURN 1")
    with pytest.raises(QueryError, match="x.cypher:1: the file must start with `// question"):
        parse_question("x", "MATCH (n) RETURN n")


def test_an_index_ranks_the_same_rows_as_the_whole_query(seed_engine, seed_graph):
    question = get_question("papers-sharing-benchmarks")
    assert question.index == "shared-datasets"
    papers = sorted(n for n, a in seed_graph.nodes(data=True) if a["label"] == "Paper")
    compared = 0
    for paper in papers:
        for min_shared, limit in ((1, ALL_ROWS), (1, 3), (2, 20), (3, ALL_ROWS)):
            params = {"paper": paper, "min_shared": min_shared, "limit": limit}
            ranked = seed_engine.ranked("shared-datasets", params)
            assert ranked is not None
            assert ask(seed_engine, question.name, params).rows == seed_engine.run(question.text, params).rows
            compared += bool(ranked)
    assert compared > 50  # papers that do share datasets, not only empty answers


def test_an_index_ranks_the_same_pairs_as_the_whole_query(seed_engine):
    question = get_question("shared-benchmark-pairs")
    assert question.index == "shared-pairs"
    for min_shared, limit in ((1, ALL_ROWS), (1, 9), (1, 10), (1, 30), (2, ALL_ROWS), (2, 7), (3, ALL_ROWS), (4, 20),
                              (9, 20)):
        params = {"min_shared": min_shared, "limit": limit}
        assert ask(seed_engine, question.name, params).rows == seed_engine.run(question.text, params).rows
    assert len(ask(seed_engine, question.name, {"min_shared": 2, "limit": ALL_ROWS}).rows) == 9


def test_a_question_with_an_index_needs_its_ranked_line():
    with pytest.raises(QueryError, match="needs a `// ranked: CYPHER` line"):
        parse_question("x", "// question: What?\n// index: shared-datasets\nRETURN 1")
