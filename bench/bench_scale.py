"""End to end at scale, as a user runs it: build, graph file, reload, a question, a page, adding 1,000
papers, on a synthetic corpus of N papers (../shared/bench/make_corpus.py).

Usage: python bench/bench_scale.py --papers 10000 [100000 ...] [--workers W] [--cache DIR]
                                   [--build-only] [--no-page]

Each step is a fresh `kg` process timed from outside (wall clock). The peak memory of a step is the
largest sum, over the process and its workers, of their proportional set sizes (pages a forked worker
shares with its parent count once), sampled every 2 s (reading them costs the kernel time), or the
process's own peak if larger. With --cache the corpora, graph files and the
engine's copies are kept and reused (a graph file is rebuilt each run). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpus import write_corpus, write_new_papers

from kg.engine import open_engine
from kg.library import ask
from kg.store.file import read_nodes
from kg.store.survey import read_survey
from kg.workers import available_cores

KG = Path(sys.executable).parent / "kg"


def pss_kib(pid: int) -> int:
    """The proportional set size of a process, in KiB (0 when it has ended)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def descendants(pid: int) -> list[int]:
    """The process and all its children, grandchildren, ..."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass
    return found


def run_kg(*args: str) -> tuple[float, float, str]:
    """(seconds, peak GiB over the process tree, stdout) of one `kg` command."""
    process = subprocess.Popen([str(KG), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(2):
            peak = max(peak, sum(pss_kib(pid) for pid in descendants(process.pid)))

    start = time.perf_counter()
    sampler = threading.Thread(target=sample)
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # the process's own peak, for steps shorter than a sample
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"kg {' '.join(args)} failed with exit code {os.waitstatus_to_exitcode(status)}")
    return seconds, max(peak, usage.ru_maxrss) / 2**20, output


def question_latencies(graph: Path, whole: bool, count: int = 50) -> list[float]:
    """Milliseconds of `papers-sharing-benchmarks` for `count` random papers, on an engine already open
    (each paper asked once before it is timed): from the papers' part of the file, or on the `whole` graph
    in the engine. In a child process: the engine's memory stays there (a process's peak memory is passed
    on to the programs it starts, and would be counted as theirs)."""
    with multiprocessing.get_context("fork").Pool(1) as child:
        return child.apply(latencies_here, (graph, whole, count))


def latencies_here(graph: Path, whole: bool, count: int) -> list[float]:
    """`question_latencies` in this process."""
    engine = open_engine(graph).whole() if whole else open_engine(graph)
    ids = sorted(read_survey(graph).places)
    latencies = []
    for paper in random.Random(1).sample(ids, min(count, len(ids))):
        ask(engine, "papers-sharing-benchmarks", {"paper": paper})
        start = time.perf_counter()
        ask(engine, "papers-sharing-benchmarks", {"paper": paper})
        latencies.append((time.perf_counter() - start) * 1000)
    return sorted(latencies)


def print_latencies(where: str, latencies: list[float]) -> None:
    """Print the median and largest of question latencies (ms), and how many are within the target."""
    print(f"  papers-sharing-benchmarks {where}, {len(latencies)} random papers: median "
          f"{statistics.median(latencies):.1f} ms, max {latencies[-1]:.1f} ms, {sum(t <= 20 for t in latencies)} "
          f"within 20 ms")


def bench(papers: int, folder: Path, workers: int, build_only: bool, page: bool) -> None:
    """Print the figures of one corpus size."""
    corpus = folder / f"corpus-{papers}.jsonl"
    if not corpus.exists():
        write_corpus(papers, corpus)
    graph = folder / f"graph-{papers}.json"
    seconds, peak, _ = run_kg("build", str(corpus), "-o", str(graph), "-j", str(workers), "-q")
    print(f"{papers:,} papers, {workers or available_cores()} workers")
    print(f"  build:    {seconds:,.0f} s ({papers / seconds:,.0f} papers/s), peak {peak:.2f} GiB")
    print(f"  file:     {graph.stat().st_size / 2**30:.2f} GiB")
    if not build_only:
        paper = next(read_nodes(graph))[0]  # the first paper
        question = ("ask", "papers-sharing-benchmarks", "-g", str(graph), "-p", f"paper={paper}", "--json")
        seconds, peak, _ = run_kg(*question)
        print(f"  reload and a question on the new file (its survey and dataset index, the papers' part): "
              f"{seconds:,.1f} s, peak {peak:.2f} GiB")
        print_latencies("from the papers' part", question_latencies(graph, whole=False))
        counts = ("ask", "counts-per-label", "-g", str(graph), "--json")
        seconds, peak, _ = run_kg(*counts)
        print(f"  first question on the whole graph (reads it into the engine, saves the engine's copy): "
              f"{seconds:,.1f} s, peak {peak:.2f} GiB")
        seconds, peak, _ = run_kg(*counts)
        print(f"  reload of the whole graph (a new process opens the saved copy and answers): {seconds:,.1f} s, "
              f"peak {peak:.2f} GiB")
        print_latencies("on the whole graph", question_latencies(graph, whole=True))
        if page:
            html = folder / f"page-{papers}.html"
            seconds, peak, _ = run_kg("viz", "-g", str(graph), "--focus", paper, "--hops", "1", "-o", str(html))
            print(f"  page of a paper's neighbourhood (kg viz --focus): {seconds:,.1f} s, peak {peak:.2f} GiB")
    new_papers = folder / "new-papers-1000.jsonl"
    if not new_papers.exists():
        write_new_papers(1000, new_papers)
    append = ("build", str(new_papers), "-o", str(graph), "--append", "-q")
    seconds, peak, _ = run_kg(*append)
    print(f"  kg build --append, 1,000 new papers: {seconds:,.1f} s, peak {peak:.2f} GiB")
    seconds, peak, _ = run_kg(*append)
    print(f"  the same 1,000 again (all there already: the file is written again from the first of them): "
          f"{seconds:,.1f} s, peak {peak:.2f} GiB")
    if not build_only:
        seconds, peak, _ = run_kg(*question)
        print(f"  first question after the appends (the survey and dataset index the append kept, the papers' "
              f"part): {seconds:,.1f} s, peak {peak:.2f} GiB")
        print_latencies("from the papers' part after the appends", question_latencies(graph, whole=False))
        seconds, peak, _ = run_kg(*counts)
        print(f"  first question on the whole graph after the appends (the engine's copy brought up to date): "
              f"{seconds:,.1f} s, peak {peak:.2f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[10000])
    parser.add_argument("--workers", type=int, default=0, help="kg build -j (0: one per core)")
    parser.add_argument("--cache", type=Path, help="Keep corpora and graphs here and reuse them.")
    parser.add_argument("--no-page", action="store_true", help="Leave out the page of a paper's neighbourhood.")
    parser.add_argument("--build-only", action="store_true",
                        help="Only build the graph, measure the file and add papers to it.")
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for papers in args.papers:
            bench(papers, folder, args.workers, args.build_only, not args.no_page)


if __name__ == "__main__":
    main()
