"""Extraction speed of this tree beside another commit's, both run at once, one on each core.

Usage: python bench/bench_side_by_side.py --base REV [--papers N (default 2500)] [--rounds R (default 6)]
(needs git and ../shared/bench/make_corpus.py). Prints figures; asserts nothing.

This machine's speed drifts by a quarter within minutes, more than most changes move extraction; two runs
made at the same moment on the two cores drift together. Each round starts both versions at once (which
one starts first alternates), each timing the best of three passes over the same papers after a warm-up;
the per-round figures and their means are printed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
RUN = """
import sys, time
import kg.extract
from kg.extract import default_extractors, extract_mentions
from kg.loaders import read_papers
papers = read_papers([sys.argv[1]])
extractors = default_extractors()
for paper in papers[:300]:
    extract_mentions(paper, extractors)


def one_pass():
    start = time.process_time()
    for paper in papers:
        extract_mentions(paper, extractors)
    return time.process_time() - start


print(len(papers) / min(one_pass() for _ in range(3)), kg.extract.__file__)
"""


def start(tree: Path, corpus: Path) -> subprocess.Popen:
    """A process timing the extraction of the code in `tree` (run from it: `python -c` imports from its folder
    first)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.Popen([sys.executable, "-c", RUN, str(corpus)], cwd=tree, env=env, stdout=subprocess.PIPE,
                            text=True)


def rate(process: subprocess.Popen, tree: Path) -> tuple[float, str]:
    """The abstracts per second the process printed, and whether its extraction ran "compiled" (mypyc, see
    setup.py) or as "Python", checking it ran the code of `tree`."""
    figure, module = process.communicate()[0].split()
    if not Path(module).resolve().is_relative_to(tree.resolve()):
        sys.exit(f"the run meant for {tree} imported kg from {module}")
    # (kg.native.extraction_build reads the same suffix; an older base commit has no kg.native)
    return float(figure), "Python" if module.endswith(".py") else "compiled"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the commit to compare with (a hash, tag or branch)")
    parser.add_argument("--papers", type=int, default=2500)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), args.base], check=True)
        try:
            corpus = write_corpus(args.papers, Path(tmp) / "corpus.jsonl")
            figures: dict[str, list[float]] = {"base": [], "this": []}
            kinds = {}
            for round_ in range(args.rounds):
                trees = {"base": base, "this": ROOT}
                order = ["base", "this"] if round_ % 2 else ["this", "base"]
                running = {name: start(trees[name], corpus) for name in order}
                for name in order:
                    figure, kinds[name] = rate(running[name], trees[name])
                    figures[name].append(figure)
                print(f"round {round_ + 1}: {args.base} ({kinds['base']}) {figures['base'][-1]:,.0f}, this tree "
                      f"({kinds['this']}) {figures['this'][-1]:,.0f} abstracts/s")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
    base_mean, this_mean = statistics.mean(figures["base"]), statistics.mean(figures["this"])
    print(f"mean of {args.rounds} rounds: {args.base} {base_mean:,.0f}, this tree {this_mean:,.0f} abstracts/s "
          f"({this_mean / base_mean - 1:+.0%})")


if __name__ == "__main__":
    main()
