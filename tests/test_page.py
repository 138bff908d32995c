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
from kg.viz import render

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
