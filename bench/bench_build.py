"""Throughput and peak memory of extraction alone and of a whole build, on a synthetic corpus.

Usage: python bench/bench_build.py [--papers N]   (needs ../shared/bench/make_corpus.py, see bench/corpus.py)
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

from kg.extract import default_extractors, extract_mentions
from kg.loaders import read_papers
from kg.pipeline import build


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(args.papers, Path(tmp) / "corpus.jsonl")
        start = time.perf_counter()
        default_extractors()
        print(f"vocabularies loaded in {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        papers = read_papers([corpus])
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        mentions = sum(len(extract_mentions(p)) for p in papers)
        extract_s = time.perf_counter() - start
        print(f"load:    {len(papers)} papers in {load_s:.2f} s ({len(papers) / load_s:,.0f}/s)")
        print(f"extract: {len(papers) / extract_s:,.0f} abstracts/s on one core, {mentions} mentions, "
              f"peak {peak_mib():.0f} MiB")
        start = time.perf_counter()
        result = build([corpus], Path(tmp) / "graph.json")
        build_s = time.perf_counter() - start
        size = result.path.stat().st_size / 2**20
        print(f"build:   {len(papers) / build_s:,.0f} papers/s end to end ({build_s:.1f} s), "
              f"{result.graph.number_of_nodes()} nodes, {result.graph.number_of_edges()} relationships, "
              f"file {size:.1f} MiB, peak {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
