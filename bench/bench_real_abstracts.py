"""Extraction speed on real abstracts, one core: each paper read once, as a build reads it.

Usage: python bench/bench_real_abstracts.py [--runs R (default 5)] [FILE ...]
(default files: the seeds, the SciREX abstracts and the arXiv sample kept in tests/fixtures). Prints
figures; asserts nothing.

Each run is a fresh process: it loads the extractors, warms them on the Hugging Face sample (other
papers), then times one pass over the files in CPU seconds. Caches of names already resolved start
empty for these papers, as in a build; the synthetic corpus of bench_build.py repeats its sentences.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT_FILES = [*sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")), str(FIXTURES / "scirex_abstracts.jsonl"),
                 str(FIXTURES / "samples" / "arxiv-metadata-oai-snapshot.sample.jsonl")]
WARM = str(FIXTURES / "samples" / "hf_daily_papers_sample.json")

RUN = """
import sys, time
from kg.extract import default_extractors, extract_mentions
from kg.loaders import read_papers
extractors = default_extractors()
for paper in read_papers([sys.argv[1]]):
    extract_mentions(paper, extractors)
papers = read_papers(sys.argv[2:])
start = time.process_time()
mentions = sum(len(extract_mentions(paper, extractors)) for paper in papers)
print(len(papers), time.process_time() - start, mentions, sum(len(p.abstract) for p in papers))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("files", nargs="*", default=DEFAULT_FILES)
    args = parser.parse_args()
    rates = []
    for _ in range(args.runs):
        done = subprocess.run([sys.executable, "-c", RUN, WARM, *args.files], capture_output=True, text=True,
                              check=True)
        papers, seconds, mentions, chars = done.stdout.split()
        rates.append(int(papers) / float(seconds))
    from kg.native import extraction_build
    print(f"extract (rules, the default) on {papers} real abstracts ({int(chars) / int(papers):,.0f} characters "
          f"on average, {mentions} mentions), each read once: {max(rates):,.0f} abstracts/s on one core at best, "
          f"{statistics.median(rates):,.0f} median of {args.runs} runs; extraction runs {extraction_build()}")


if __name__ == "__main__":
    main()
