import json
import os
import re
import subprocess
import sys

import networkx as nx
import pytest
from conftest import SEEDS

from kg.engine import EmbeddedEngine
from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.model import Paper
from kg.pipeline import build
from kg.store.file import read_graph
from kg.store.part import has_node, induced_part, linked
from kg.viz import Page, ViewChoice, render, show, view_part, write_page

EVIL = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_page_is_offline_and_has_a_legend(seed_graph, tmp_path):
    html = render(seed_graph, tmp_path / "p.html").read_text()
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", html)
    assert "vis.Network" in html and "Dataset (diamond)" in html and "USES_DATASET" in html


def test_untrusted_text_is_never_markup(tmp_path):
    paper = Paper("evil", f"Evil {EVIL} title", f"We evaluate {EVIL} on the ImageNet dataset.")
    graph = build_graph([paper], [extract_mentions(paper)])
    html = render(graph, tmp_path / "p.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert" in html  # present, as JSON data set with textContent
    assert ".innerHTML" not in html.split("vis-network.min.js")[-1].split("kgNetwork")[0]


def test_focus_draws_a_neighbourhood(seed_graph, tmp_path):
    html = render(seed_graph, tmp_path / "p.html", ViewChoice(focus="dataset:cityscapes", hops=1)).read_text()
    assert "within 1 hop(s) of Cityscapes" in html
    assert html.count('"group": "Paper"') == 5  # one of them names it as a transfer target only


def test_large_views_get_fixed_positions(seed_graph, tmp_path):
    page = render(seed_graph, tmp_path / "page.html", physics_limit=100).read_text()
    nodes = page_data(page, "nodeData")
    assert len(nodes) == seed_graph.number_of_nodes() and all("x" in n and "y" in n for n in nodes)
    assert all(n["label"] and "font" not in n for n in nodes)  # the page picks the labels it has room for
    assert {n["id"]: n["degree"] for n in nodes} == dict(seed_graph.degree())
    assert '"physics": {"enabled": false' in page and "Laid out beforehand" in page


@pytest.mark.parametrize("view", [[], ["--focus", "dataset:imagenet", "--hops", "2"], ["--shared", "1"]])
def test_a_page_is_the_same_whatever_the_hash_seed_of_the_process(tmp_path, view):
    graph = tmp_path / "g.json"
    assert subprocess.run([sys.executable, "-c", "from kg.cli import cli; cli()", "build", *map(str, SEEDS), "-o",
                           str(graph), "-q"], capture_output=True).returncode == 0
    pages = []
    for seed in ("1", "2"):
        page = tmp_path / f"page{seed}.html"
        done = subprocess.run([sys.executable, "-c", "from kg.cli import cli; cli()", "viz", "-g", str(graph), *view,
                               "-o", str(page)], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        pages.append(page.read_text())
    assert pages[0] == pages[1]


def page_data(page, name):
    return json.loads(re.search(rf"var {name} = (\[.*?\]);\n", page, re.S).group(1))


def test_a_benchmark_view_holds_the_dataset_its_papers_and_their_methods(seed_graph, tmp_path):
    page = render(seed_graph, tmp_path / "p.html", ViewChoice(dataset="imagenet-1k")).read_text()
    nodes = {n["id"]: n["group"] for n in page_data(page, "nodeData")}
    papers = {p for p, _, k in seed_graph.in_edges("dataset:imagenet", keys=True) if k != "VARIANT_OF"}
    assert {n for n, g in nodes.items() if g == "Paper"} == papers
    assert set(nodes.values()) == {"Paper", "Dataset", "Method"} and "the benchmark ImageNet" in page
    assert {e["rel"] for e in page_data(page, "edgeData")} <= {"USES_DATASET", "INTRODUCES_DATASET", "REPORTS",
                                                               "PROPOSES", "USES_METHOD"}


def test_shared_view_links_papers_by_how_many_datasets_they_share(seed_graph, tmp_path):
    page = render(seed_graph, tmp_path / "p.html", ViewChoice(shared=2)).read_text()
    edges = page_data(page, "edgeData")
    assert edges and all(e["rel"] == "SHARES_DATASETS" for e in edges)
    swin = "paper:title:swin-transformer-hierarchical-vision-transformer-using-shifted-windows"
    cswin = "paper:title:cswin-transformer-a-general-vision-transformer-backbone-with-cross-shaped-window"
    pair = next(e for e in edges if {e["from"], e["to"]} == {swin, cswin})
    assert pair["ev"][0] == "ADE20K, COCO, ImageNet" and all(len(e["ev"][0].split(", ")) >= 2 for e in edges)


def test_papers_by_datasets_view_and_a_summarised_view_say_what_they_show(seed_graph, tmp_path):
    page = render(seed_graph, tmp_path / "p.html", ViewChoice(papers_datasets=True)).read_text()
    assert {n["group"] for n in page_data(page, "nodeData")} == {"Paper", "Dataset"}
    small = render(seed_graph, tmp_path / "s.html", max_nodes=50).read_text()
    assert len(page_data(small, "nodeData")) == 50
    assert f"showing the 50 most linked of {seed_graph.number_of_nodes():,} nodes (left out:" in small


def test_one_view_at_a_time_and_a_dataset_view_needs_a_dataset(seed_graph, tmp_path):
    from kg.errors import ConfigError
    with pytest.raises(ConfigError, match="choose one view"):
        render(seed_graph, tmp_path / "p.html", ViewChoice(focus="COCO", shared=1))
    with pytest.raises(ConfigError, match="is a Task, not a dataset"):
        render(seed_graph, tmp_path / "p.html", ViewChoice(dataset="Semantic Segmentation"))


def test_jupyter_shows_the_page_in_a_sandboxed_frame(seed_graph):
    page = show(seed_graph, ViewChoice(focus="COCO"))
    assert isinstance(page, Page)
    frame = page._repr_html_()
    assert frame.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts"' in frame
    assert "<script>" not in frame and "&lt;script&gt;" in frame  # the whole page, escaped into the attribute


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "g.json"
    build(SEEDS, path)
    return path


@pytest.mark.parametrize("choice", [ViewChoice(focus="dataset:cityscapes"), ViewChoice(focus="dataset:imagenet", hops=2),
                                    ViewChoice(focus="COCO", hops=0), ViewChoice(dataset="imagenet-1k"),
                                    ViewChoice(focus="ToonTalker", hops=3)])
def test_a_view_read_from_part_of_the_file_is_the_page_of_the_whole_graph(seed_file, tmp_path, choice):
    whole = read_graph(seed_file)
    engine = EmbeddedEngine(whole)
    part, resolved = view_part(seed_file, choice, lambda: engine)
    assert 0 < part.number_of_nodes() < whole.number_of_nodes()
    assert (resolved.focus or resolved.dataset) in whole
    from_part = write_page(seed_file, tmp_path / "part.html", choice, lookup=lambda: engine).read_text()
    assert from_part == render(whole, tmp_path / "whole.html", choice, lookup=lambda: engine).read_text()


def test_the_part_of_a_file_is_its_graph_cut_to_the_nodes(seed_file):
    whole = read_graph(seed_file)
    center = "dataset:imagenet"
    assert linked(seed_file, {center}) == set(nx.all_neighbors(whole, center))
    users = linked(seed_file, {center}, ("USES_DATASET",), outgoing=False)
    assert users == {p for p, _, rel in whole.in_edges(center, keys=True) if rel == "USES_DATASET"} and users
    nodes = {center, *users, *linked(seed_file, users, incoming=False)}
    part = induced_part(seed_file, nodes)
    assert set(part) == nodes and all(part.nodes[n] == whole.nodes[n] for n in part)
    for node in part:
        assert list(part.adj[node].items()) == [(v, keyed) for v, keyed in whole.adj[node].items() if v in nodes]
    assert has_node(seed_file, center) and not has_node(seed_file, "dataset:no-such-dataset")


DAFORMER = "paper:title:daformer-improving-network-architectures-and-training-strategies-for-domain-adap"
SWIN = "paper:title:swin-transformer-hierarchical-vision-transformer-using-shifted-windows"


def test_a_focus_naming_a_paper_and_a_method_draws_the_most_linked_and_says_what_else_matched(seed_graph, tmp_path):
    notes = []
    page = render(seed_graph, tmp_path / "p.html", ViewChoice(focus="DAFormer"), notify=notes.append).read_text()
    drawn = {n["id"] for n in page_data(page, "nodeData")}
    assert DAFORMER in drawn and "method:daformer" in drawn and len(drawn) > 10  # the paper's neighbourhood
    assert "within 1 hop(s) of DAFormer: Improving" in page
    assert len(notes) == 1 and DAFORMER in notes[0] and "method:daformer (Method, 1 link)" in notes[0]
    method = render(seed_graph, tmp_path / "m.html", ViewChoice(focus="DAFormer", focus_type="Method")).read_text()
    assert {n["id"] for n in page_data(method, "nodeData")} == {"method:daformer", DAFORMER}


def test_focus_type_chooses_among_names_and_says_when_none_has_it(seed_graph, tmp_path):
    from kg.errors import ConfigError
    notes = []
    page = render(seed_graph, tmp_path / "p.html", ViewChoice(focus="Swin Transformer", hops=0), notify=notes.append)
    assert [n["id"] for n in page_data(page.read_text(), "nodeData")] == [SWIN] and "method:swintransformer" in notes[0]
    with pytest.raises(ConfigError, match="no Task with id or name 'DAFormer'"):
        render(seed_graph, tmp_path / "t.html", ViewChoice(focus="DAFormer", focus_type="Task"))
    with pytest.raises(ConfigError, match="--type goes with --focus"):
        render(seed_graph, tmp_path / "t.html", ViewChoice(focus_type="Paper"))


def test_kg_viz_focus_prints_the_node_it_drew_on_stderr_and_reads_part_of_the_file(seed_file, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    page = tmp_path / "p.html"
    result = CliRunner().invoke(cli, ["viz", "-g", str(seed_file), "--focus", "daformer", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: 'daformer' names 2 nodes; drawing the most linked: Paper 'DAFormer:")
    assert "choose with --type or an id" in result.stderr and "note:" not in result.stdout
    assert DAFORMER in {n["id"] for n in page_data(page.read_text(), "nodeData")}
    result = CliRunner().invoke(cli, ["viz", "-g", str(seed_file), "--focus", "daformer", "--type", "Method",
                                      "-o", str(page)])
    assert result.exit_code == 0 and result.stderr == ""
    assert len(page_data(page.read_text(), "nodeData")) == 2
