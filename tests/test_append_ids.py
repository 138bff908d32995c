"""One paper, one node with --append as in a single build: a paper the graph holds under its title, read
again with an arXiv id or DOI, is the same node."""
import json

from click.testing import CliRunner
from conftest import SEEDS

from kg.cli import cli
from kg.loaders import read_papers
from kg.store.file import read_nodes


def paper_nodes(graph):
    return {node: attrs for node, attrs in read_nodes(graph) if attrs["label"] == "Paper"}


def kg(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_paper_read_under_two_ids_is_one_node_with_append_as_in_one_build(tmp_path):
    seed = read_papers([SEEDS[0]])[:3]
    again = tmp_path / "again.jsonl"
    again.write_text("".join(json.dumps({"id": f"2401.0000{i}", "title": paper.title.upper(),
                                         "abstract": paper.abstract, "doi": f"10.1000/x{i}"}) + "\n"
                             for i, paper in enumerate(seed)) +
                     json.dumps({"id": "2401.09999", "title": "A paper of its own", "abstract": "On COCO."}) + "\n")
    single, appended = tmp_path / "single.json", tmp_path / "appended.json"
    kg("build", SEEDS[0], again, "-o", single)
    kg("build", SEEDS[0], "-o", appended)
    out = kg("build", again, "-o", appended, "--append")
    assert "added 1 papers (3 already in the graph)" in out
    nodes, one_build = paper_nodes(appended), paper_nodes(single)
    assert len(nodes) == len(one_build) == len(read_papers([SEEDS[0]])) + 1
    for i, paper in enumerate(seed):
        node = nodes[f"paper:{paper.id}"]  # the graph's id is kept
        assert node["arxiv_id"] == f"2401.0000{i}" and node["doi"] == f"10.1000/x{i}" and len(node["sources"]) == 2


def test_a_title_with_another_arxiv_id_is_another_paper(tmp_path):
    graph, first, second = tmp_path / "g.json", tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    record = {"title": "Same Title, Two Papers", "abstract": "We study ImageNet."}
    first.write_text(json.dumps({**record, "id": "2401.00001"}) + "\n")
    second.write_text(json.dumps({**record, "id": "2401.00002"}) + "\n")
    kg("build", first, "-o", graph)
    kg("build", second, "-o", graph, "--append")
    assert set(paper_nodes(graph)) == {"paper:arxiv:2401.00001", "paper:arxiv:2401.00002"}
