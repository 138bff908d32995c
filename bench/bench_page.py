"""Pages of about 1,000, 5,000 and 20,000 nodes: time to generate, to first draw and to a still layout.

Usage: python bench/bench_page.py [--nodes 1000 5000 20000] [--shots DIR]
Builds each graph from a synthetic corpus (../shared/bench/make_corpus.py, see bench/corpus.py) of
N / 2.2 papers (a little more than N nodes), writes the page of its N most linked nodes (as `kg viz
--max-nodes N` does), opens it in headless Chromium (tests/browser/check_page.mjs;
needs `npm ci --prefix tests/browser` and Chromium) and prints the figures. Screenshots go to DIR
(default: viz/), to look at. Asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

from kg.pipeline import build
from kg.viz import render

ROOT = Path(__file__).resolve().parents[1]
NODES_PER_PAPER = 2.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--shots", default=str(ROOT / "viz"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for wanted in args.nodes:
            corpus = write_corpus(round(wanted / NODES_PER_PAPER), Path(tmp) / f"corpus-{wanted}.jsonl")
            graph = build([corpus]).graph
            start = time.perf_counter()
            page = render(graph, Path(tmp) / f"page-{wanted}.html", max_nodes=wanted)
            made = time.perf_counter() - start
            shot = Path(args.shots) / f"bench-{wanted}.jpg"
            done = subprocess.run(["node", str(ROOT / "tests" / "browser" / "check_page.mjs"), str(page),
                                   "--screenshot", str(shot), "--timeout", "180000"],
                                  capture_output=True, text=True, check=True)
            seen = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{wanted:>6,} of {graph.number_of_nodes():,} nodes: page written in "
                  f"{made:.1f} s ({page.stat().st_size / 2**20:.1f} MiB); first draw {seen['firstDraw'] / 1000:.1f} s, "
                  f"still {seen['still'] / 1000:.1f} s; console errors {len(seen['consoleErrors'])}; "
                  f"screenshot {shot}", flush=True)


if __name__ == "__main__":
    main()
