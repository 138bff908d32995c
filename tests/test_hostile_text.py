"""Text from the data never reaches the terminal as control sequences, and every export is valid for its
readers whatever the titles hold."""
import json
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli

HOSTILE = "Evil\x1b]0;pwned\x07 Title\x1b[2J on \x0cImageNet\x9b31m\x01"
RECORDS = [{"id": "h1", "title": HOSTILE, "abstract": "We evaluate a hostile model on ImageNet and COCO for image "
                                                       "classification and reach 80.1% top-1 accuracy on ImageNet."},
           {"id": "h2", "title": "A Friendly Paper", "abstract": "We also evaluate on ImageNet and COCO, for "
                                                                 "object detection."}]


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    graph = folder / "kg-graph.json"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(graph)])
    assert result.exit_code == 0, result.output
    return graph


def no_controls(text):
    return not any(ord(c) < 0x20 and c not in "\t\n" or 0x7F <= ord(c) < 0xA0 for c in text)


@pytest.mark.parametrize("options", [[], ["--csv"], ["--json"]])
def test_query_rows_reach_the_terminal_without_control_characters(hostile_graph, options):
    result = CliRunner().invoke(cli, ["cypher", "MATCH (p:Paper) RETURN p.title AS title, p", "-g", str(hostile_graph),
                                      *options])
    assert result.exit_code == 0 and "Evil" in result.output, result.output
    assert no_controls(result.output), repr(result.output)


@pytest.mark.parametrize("command", [["shared-benchmarks", "--min-shared", "1"], ["stats"],
                                     ["shared-benchmarks", "--paper", "Evil\x1b]0;pwned\x07"]])
def test_text_output_and_errors_escape_control_characters(hostile_graph, command):
    result = CliRunner().invoke(cli, [*command, "-g", str(hostile_graph)])
    assert no_controls(result.stdout) and no_controls(result.stderr), (result.stdout, result.stderr)


def test_warnings_escape_control_characters(tmp_path):
    source = tmp_path / "bad.bib"
    source.write_text("@article{key\x1b]0;pwned\x07, author = {Nobody}}\n\n@article{good, title = {A title}}\n")
    result = CliRunner().invoke(cli, ["extract", str(source)])
    assert "warning:" in result.stderr and "\\x1b" in result.stderr and no_controls(result.stderr), result.stderr


@pytest.mark.parametrize("how", ["export", "build"])
def test_graphml_is_valid_xml_whatever_the_titles_hold(hostile_graph, tmp_path, how):
    out = tmp_path / "g.graphml"
    if how == "export":
        result = CliRunner().invoke(cli, ["export", "-g", str(hostile_graph), "-o", str(out)])
    else:
        source = tmp_path / "hostile.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
        result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ElementTree.parse(out)  # raises on a character XML does not allow
    titles = {a.get("title") for _, a in nx.read_graphml(out).nodes(data=True)}
    assert "Evil]0;pwned Title[2J on ImageNet\x9b31m" in titles
