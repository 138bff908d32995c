"""Load time and query latencies of the embedded Cypher engine on a synthetic corpus of N papers.

Usage: python bench/bench_cypher.py --papers N [--cache DIR]
  (needs ../shared/bench/make_corpus.py; with --cache the corpus, the graph file and the engine's copy
   are kept and reused by the next run). The graph file is built by `kg build` in a child process,
   so the peak memory printed for the engine is the engine's. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kglite
from corpus import write_corpus

from kg.engine import EmbeddedEngine, cache_path, load_graph_file
from kg.errors import QueryError
from kg.library import ask, load_questions
from kg.questions import START_PAPERS_PER_ROW, shared_benchmarks

RUNS = 3


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process (or of its finished children) so far, in MiB."""
    return resource.getrusage(who).ru_maxrss / 1024


def resident_mib() -> float:
    """Resident memory of this process now, in MiB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20


def timed(action):
    """(result, seconds) of calling `action`."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def graph_file(papers: int, folder: Path) -> Path:
    """The graph file of a `papers`-paper synthetic corpus in `folder`, built (and timed) by `kg build`
    when it is not there yet."""
    path = folder / f"graph-{papers}.json"
    if not path.exists():
        corpus = folder / f"corpus-{papers}.jsonl"
        if not corpus.exists():
            write_corpus(papers, corpus)
        kg = Path(sys.executable).parent / "kg"
        _, seconds = timed(lambda: subprocess.run([str(kg), "build", str(corpus), "-o", str(path)], check=True))
        print(f"build:  {papers:,} papers in {seconds:.0f} s ({papers / seconds:,.0f} papers/s), "
              f"peak {peak_mib(resource.RUSAGE_CHILDREN):,.0f} MiB (kg build)")
    print(f"file:   {path.stat().st_size / 2**20:,.0f} MiB")
    return path


def sample_params(engine: EmbeddedEngine) -> dict[str, dict]:
    """Parameters for each question, picked from the graph: the most used dataset and task, and a paper
    on that dataset (the worst case for the questions that start from a paper)."""
    dataset = ask(engine, "most-linked", {"label": "Dataset", "limit": 1}).rows[0]
    task = ask(engine, "most-linked", {"label": "Task", "limit": 1}).rows[0]
    paper = engine.run("MATCH (p:Paper)-[:USES_DATASET]->(:Dataset {id: $id}) RETURN p.id AS id LIMIT 1",
                       {"id": dataset["node"]}).rows[0]["id"]
    on_paper = {"paper": paper}
    reached, level = 0, 2  # shared-benchmark-pairs for the N `kg shared-benchmarks` starts from
    for row in ask(engine, "datasets-per-paper").rows:
        reached += row["papers"]
        if reached >= START_PAPERS_PER_ROW * 20:
            level = max(row["datasets"], 2)
            break
    return {"paper-by-id": {"id": paper}, "find-paper": {"text": "vision"}, "find-node": {"text": dataset["name"]},
            "papers-sharing-benchmarks": on_paper, "similar-papers": on_paper,
            "papers-on-dataset": {"dataset": dataset["name"]}, "methods-on-dataset": {"dataset": dataset["name"]},
            "datasets-for-task": {"task": task["name"]}, "neighbourhood": {"node": dataset["node"]},
            "most-linked": {"label": "Task"}, "shared-benchmark-pairs": {"min_shared": level},
            "leaderboard": {"dataset": dataset["name"]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--cache", type=Path, help="Keep the corpus and graph here and reuse them.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = graph_file(args.papers, folder)
        cache = cache_path(path)
        if not cache.exists():
            loaded, seconds = timed(lambda: load_graph_file(path))
            engine = EmbeddedEngine(loaded)
            print(f"engine: loaded from the graph file in {seconds:.1f} s ({engine.name}); "
                  f"peak so far {peak_mib():,.0f} MiB")
            _, seconds = timed(lambda: engine.publish(cache))
            size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file()) / 2**20
            print(f"engine: its copy (kglite's disk form) published in {seconds:.1f} s ({size:,.0f} MiB); "
                  f"peak so far {peak_mib():,.0f} MiB")
            del engine, loaded
            kglite.trim_memory()
        engine, load_s = timed(lambda: EmbeddedEngine(kglite.load(str(cache))))
        print(f"engine: opened from its copy in {load_s:.2f} s (what `open_engine` does once the copy exists); "
              f"resident {resident_mib():,.0f} MiB, peak so far {peak_mib():,.0f} MiB")
        index, seconds = timed(engine.dataset_index)
        print(f"engine: dataset index of {len(index.papers):,} papers and {len(index.datasets):,} datasets built in "
              f"{seconds:.2f} s (once per graph file; `open_engine` keeps it beside the copy)")
        params = sample_params(engine)
        for name in load_questions():
            try:
                result, first = timed(lambda n=name: ask(engine, n, params.get(n)))
            except QueryError as err:
                print(f"  {name:<26} refused: {str(err)[:150]}")
                continue
            again = [timed(lambda n=name: ask(engine, n, params.get(n)))[1] for _ in range(RUNS)]
            print(f"  {name:<26} {first * 1000:9.1f} ms first, {statistics.median(again) * 1000:9.1f} ms median "
                  f"of {RUNS}, {len(result.rows)} rows {params.get(name, '')}")
        ids = sorted(row["id"] for row in engine.run("MATCH (p:Paper) RETURN p.id AS id").rows)
        question = load_questions()["papers-sharing-benchmarks"]
        for how, run in (("dataset index + Cypher", lambda p: ask(engine, question.name, p)),
                         ("the whole query in Cypher, as Neo4j runs it",
                          lambda p: engine.run(question.text, {"min_shared": 1, "limit": 20, **p}))):
            latencies = []
            for paper_id in random.Random(1).sample(ids, min(50, len(ids))):
                paper = {"paper": paper_id}
                run(paper)
                latencies.append(timed(lambda p=paper, r=run: r(p))[1] * 1000)
            latencies.sort()
            print(f"  papers-sharing-benchmarks for {len(latencies)} random papers ({how}): median "
                  f"{statistics.median(latencies):.1f} ms, p90 {latencies[int(len(latencies) * 0.9)]:.1f} ms, max "
                  f"{latencies[-1]:.1f} ms, {sum(t <= 20 for t in latencies)} within 20 ms")
        rows, seconds = timed(lambda: shared_benchmarks(engine, min_shared=2, limit=20))
        print(f"  shared_benchmarks top 20 (kg shared-benchmarks --min-shared 2, top-down) {seconds * 1000:.1f} ms, "
              f"top pair shares {rows[0].shared if rows else 0}")
        print(f"peak memory {peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
