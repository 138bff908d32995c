"""Instructions per abstract of rule extraction, counted by valgrind's callgrind (deterministic).

Usage: python bench/bench_instructions.py [--papers N (default 500)]
(needs `valgrind` and ../shared/bench/make_corpus.py). Prints figures; asserts nothing.

A shared virtual machine's speed drifts by a quarter between runs minutes apart, more than most code
changes move it; the instructions a run executes do not drift (within about 1%, from hash seeds), so
they tell whether a change made extraction cheaper. Two runs are counted, of 100 and of 100 + N papers,
and their difference divided by N, so loading Python and the vocabularies cancels out. Slow: about
three minutes for 500 papers.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import write_corpus

RUN = """
import sys
from kg.extract import default_extractors, extract_mentions
from kg.loaders import read_papers
papers = read_papers([sys.argv[1]])[:int(sys.argv[2])]
extractors = default_extractors()
for paper in papers:
    extract_mentions(paper, extractors)
"""


def instructions(corpus: Path, papers: int) -> int:
    """Instructions callgrind counts for a process extracting the first `papers` papers of `corpus`."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           "-c", RUN, str(corpus), str(papers)], capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=500)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind not found: install it (Debian: apt-get install valgrind) to count instructions")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(100 + args.papers, Path(tmp) / "corpus.jsonl")
        base, more = instructions(corpus, 100), instructions(corpus, 100 + args.papers)
    print(f"extract (rules): {(more - base) / args.papers / 1e6:.2f} million instructions per abstract "
          f"({args.papers} synthetic abstracts, callgrind)")


if __name__ == "__main__":
    main()
