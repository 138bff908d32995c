"""The pages in a real browser: headless Chromium through tests/browser/check_page.mjs (puppeteer-core).

Skipped, with the reason, when Chromium (CHROMIUM or /usr/bin/chromium) or the script's packages
(`npm ci --prefix tests/browser`) are missing; `.ci/run` installs both.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.model import Paper
from kg.viz import ViewChoice, render

BROWSER = Path(__file__).parent / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NO_BROWSER = ("no Chromium at " + CHROMIUM if not Path(CHROMIUM).exists()
              else "no node" if not shutil.which("node")
              else "run `npm ci --prefix tests/browser`" if not (BROWSER / "node_modules" / "puppeteer-core").exists()
              else "")
pytestmark = pytest.mark.skipif(bool(NO_BROWSER), reason=f"no headless browser: {NO_BROWSER}")
EVIL = '<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = \'img\'; alert(1)">'


def open_page(path, *extra):
    """What the browser saw: the check script's JSON report."""
    done = subprocess.run(["node", str(BROWSER / "check_page.mjs"), str(path), *map(str, extra)],
                          capture_output=True, text=True, timeout=240, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_seeds_page_draws_settles_and_shows_tooltips_and_details(seed_graph, tmp_path):
    page = render(seed_graph, tmp_path / "seeds.html")
    shot = tmp_path / "seeds.png"
    seen = open_page(page, "--screenshot", shot, "--exercise", 12)
    assert "failure" not in seen, seen
    assert seen["canvas"] and seen["nodes"] == seed_graph.number_of_nodes()
    assert seen["consoleErrors"] == [] and seen["pageErrors"] == [] and seen["requests"] == []
    assert 0 < seen["firstDraw"] <= seen["still"]
    assert seen["tipShown"] and seen["detailsShown"]
    assert shot.stat().st_size > 50_000


def test_nothing_in_titles_or_abstracts_runs_in_the_browser(tmp_path):
    papers = [Paper(f"evil-{i}", f"Evil {i} {EVIL}", f"We test {EVIL} on the ImageNet dataset with BERT. {EVIL}")
              for i in range(3)]
    graph = build_graph(papers, [extract_mentions(p) for p in papers])
    seen = open_page(render(graph, tmp_path / "evil.html"), "--exercise", 20)
    assert "failure" not in seen, seen
    assert seen["tipShown"] and seen["detailsShown"]  # the evil text was drawn, as text
    assert seen["pwned"] is None and seen["dialogs"] == [] and seen["pageErrors"] == []


def test_a_view_laid_out_beforehand_draws_at_once(seed_graph, tmp_path):
    seen = open_page(render(seed_graph, tmp_path / "large.html", physics_limit=100), "--exercise", 5)
    assert "failure" not in seen, seen
    assert seen["canvas"] and seen["consoleErrors"] == [] and seen["still"] == pytest.approx(seen["firstDraw"], abs=50)


DAFORMER = "paper:title:daformer-improving-network-architectures-and-training-strategies-for-domain-adap"


def overlapping(boxes):
    return [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]]


@pytest.mark.parametrize("view", [{}, {"physics_limit": 100}, {"choice": ViewChoice(focus="ImageNet")},
                                  {"choice": ViewChoice(focus="DAFormer", hops=2)}])
def test_no_two_labels_overlap_in_the_whole_graph_or_a_focus_view(seed_graph, tmp_path, view):
    seen = open_page(render(seed_graph, tmp_path / "p.html", **view), "--search", "ImageNet")
    assert "failure" not in seen, seen
    for labels in (seen["labels"], seen["search"]["labels"]):  # as it opens, and zoomed in on a node
        assert labels["count"] >= 5 and labels["overlaps"] == 0
        assert labels["biggest"] <= 20  # the font keeps its size on the screen whatever the zoom


@pytest.mark.parametrize("physics_limit", [600, 100])
def test_searching_imagenet_selects_it_and_zooms_to_where_it_and_its_neighbours_show(seed_graph, tmp_path,
                                                                                      physics_limit):
    seen = open_page(render(seed_graph, tmp_path / "p.html", physics_limit=physics_limit), "--search", "ImageNet")
    assert "failure" not in seen, seen
    found = seen["search"]
    assert found["selected"] == ["dataset:imagenet"] and found["node"]["inCanvas"]
    assert 15 <= found["node"]["width"] <= 200  # seen, and not blown up to cover the screen
    assert found["labels"]["ids"][0] == "dataset:imagenet" and found["labels"]["count"] >= 5
    assert found["details"].startswith("ImageNet") and "Papers (" in found["details"]


def test_a_papers_details_list_its_code_datasets_tasks_and_methods(seed_graph, tmp_path):
    seen = open_page(render(seed_graph, tmp_path / "p.html"), "--click", DAFORMER)
    assert "failure" not in seen, seen
    clicked = seen["clicked"]
    assert clicked["selected"] == [DAFORMER]
    assert "https://github.com/lhoyer/DAFormer" in clicked["links"]
    assert [s.split(" (")[0] for s in clicked["sections"]] == ["Code", "Datasets", "Tasks", "Methods"]
    assert all(name in clicked["details"] for name in ("Cityscapes", "GTA5", "SYNTHIA", "Semantic Segmentation"))


def test_a_repository_link_in_the_details_is_escaped_text(tmp_path):
    paper = Paper("evil", f"Evil {EVIL}", f"Code: https://github.com/evil/x\"><img src=x onerror=alert(1)> on ImageNet. {EVIL}")
    graph = build_graph([paper], [extract_mentions(paper)])
    seen = open_page(render(graph, tmp_path / "evil.html"), "--click", "paper:evil")
    assert "failure" not in seen, seen
    assert seen["pwned"] is None and seen["dialogs"] == [] and "ImageNet" in seen["clicked"]["details"]
    assert all(link.startswith("https://github.com/evil/x") and "<" not in link for link in seen["clicked"]["links"])
