"""Throughput and peak memory of extraction alone (rules; rules + tagger) and of a whole build.

Usage: python bench/bench_build.py [--papers N] [--repeat R (default 9)]
(needs ../shared/bench/make_corpus.py, see bench/corpus.py). Prints figures; asserts nothing.

Extraction is timed in CPU seconds of this process (one core), R times over the same papers; the
best and the median run are printed, since a shared machine's speed drifts from run to run.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

from kg.extract import choose_extractors, extract_mentions
from kg.loaders import read_papers
from kg.native import extraction_build
from kg.pipeline import build
from kg.workers import available_cores


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def extraction_rate(papers, tagger: bool, repeat: int) -> tuple[float, float, float, int]:
    """(best, median, first) abstracts per CPU second over `repeat` runs, and the mentions of one run. The
    first run fills the caches of names already resolved; later runs over the same papers find them there."""
    extractors = choose_extractors(tagger)
    seconds, mentions = [], 0
    for _ in range(repeat):
        start = time.process_time()
        mentions = sum(len(extract_mentions(p, extractors)) for p in papers)
        seconds.append(time.process_time() - start)
    return len(papers) / min(seconds), len(papers) / statistics.median(seconds), len(papers) / seconds[0], mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(args.papers, Path(tmp) / "corpus.jsonl")
        start = time.perf_counter()
        choose_extractors(tagger=True)
        print(f"vocabularies, patterns and tagger loaded in {time.perf_counter() - start:.2f} s; extraction "
              f"runs {extraction_build()} (setup.py)")
        start = time.perf_counter()
        papers = read_papers([corpus])
        load_s = time.perf_counter() - start
        print(f"load:    {len(papers)} papers in {load_s:.2f} s ({len(papers) / load_s:,.0f}/s)")
        best, median, first, mentions = extraction_rate(papers, False, args.repeat)
        print(f"extract (rules, the default): {best:,.0f} abstracts/s on one core at best, {median:,.0f} median "
              f"of {args.repeat} runs, {first:,.0f} the first; {mentions} mentions; peak {peak_mib():.0f} MiB")
        sample = papers[:max(1, len(papers) // 10)]
        best, median, _, mentions = extraction_rate(sample, True, max(1, args.repeat // 2))
        print(f"extract (rules + tagger, --tagger) on {len(sample)} papers: {best:,.0f} abstracts/s at best, "
              f"{median:,.0f} median; {mentions} mentions; peak {peak_mib():.0f} MiB")
        for workers in (1, available_cores()):
            start = time.perf_counter()
            result = build([corpus], Path(tmp) / "graph.json", workers=workers)
            build_s = time.perf_counter() - start
            size = result.path.stat().st_size / 2**20
            print(f"build:   {len(papers) / build_s:,.0f} papers/s end to end with {workers} worker(s) "
                  f"({build_s:.1f} s wall), {sum(result.counts.values())} nodes, {result.relationships} relationships, "
                  f"file {size:.1f} MiB, peak {peak_mib():.0f} MiB (this process)")


if __name__ == "__main__":
    main()
