import json
import re

from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.model import Paper
from kg.viz import render

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
    html = render(seed_graph, tmp_path / "p.html", focus="dataset:cityscapes", hops=1).read_text()
    assert "within 1 hop(s) of Cityscapes" in html
    assert html.count('"kind": "Paper"') == 4


def test_large_views_get_fixed_positions(seed_graph, tmp_path):
    page = render(seed_graph, tmp_path / "page.html", physics_limit=100).read_text()
    nodes = json.loads(re.search(r"var nodeData = (\[.*?\]);\n", page, re.S).group(1))
    assert len(nodes) == seed_graph.number_of_nodes() and all("x" in n and "y" in n for n in nodes)
