"""Load time and query latencies of the embedded Cypher engine on a synthetic corpus of N papers.

Usage: python bench/bench_cypher.py --papers N [--cache DIR]
  (needs ../shared/bench/make_corpus.py; one size per run, so the peak memory is that size's;
   with --cache the corpus and the built graph are kept and reused by the next run)
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

import kglite
import networkx as nx
from corpus import write_corpus

from kg.engine import EmbeddedEngine, cache_path
from kg.errors import QueryError
from kg.library import ask, load_questions
from kg.pipeline import build
from kg.questions import START_PAPERS_PER_ROW, shared_benchmarks
from kg.store.file import read_graph

RUNS = 3


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action):
    """(result, seconds) of calling `action`."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def corpus_file(papers: int, folder: Path) -> Path:
    """A `papers`-paper synthetic corpus in `folder`, written when not there yet."""
    corpus = folder / f"corpus-{papers}.jsonl"
    return corpus if corpus.exists() else write_corpus(papers, corpus)


def built_graph(papers: int, folder: Path, in_memory: bool) -> tuple[nx.MultiDiGraph, Path | None]:
    """The graph of a `papers`-paper corpus and its file in `folder` (None with `in_memory`);
    built (and timed) when the file is not there yet, else read from it (and timed)."""
    graph_path = folder / f"graph-{papers}.json"
    if in_memory or not graph_path.exists():
        result, seconds = timed(lambda: build([corpus_file(papers, folder)], None if in_memory else graph_path))
        print(f"build:  {papers:,} papers in {seconds:.0f} s ({papers / seconds:,.0f} papers/s), "
              f"peak so far {peak_mib():,.0f} MiB")
        if in_memory:
            return result.graph, None
    graph, seconds = timed(lambda: read_graph(graph_path))
    print(f"file:   {graph_path.stat().st_size / 2**20:,.0f} MiB, read into NetworkX in {seconds:.1f} s")
    return graph, graph_path


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
            "most-linked": {"label": "Task"}, "shared-benchmark-pairs": {"min_shared": level}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--cache", type=Path, help="Keep the corpus and graph here and reuse them.")
    parser.add_argument("--in-memory", action="store_true",
                        help="Build the graph in memory and skip its JSON file (for sizes whose file is too big).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        graph, path = built_graph(args.papers, folder, args.in_memory)
        print(f"graph:  {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} relationships")
        engine, seconds = timed(partial(EmbeddedEngine, graph))
        print(f"engine: loaded from NetworkX in {seconds:.2f} s ({engine.name}); peak so far {peak_mib():,.0f} MiB")
        del graph
        cache = cache_path(path) if path else folder / f"engine-{args.papers}.kgl"
        _, seconds = timed(lambda: engine.save(cache))
        engine, load_s = timed(lambda: EmbeddedEngine(kglite.load(str(cache))))
        print(f"engine: its own copy saved in {seconds:.2f} s ({cache.stat().st_size / 2**20:,.0f} MiB), "
              f"loaded from it in {load_s:.2f} s (what `open_engine` does once the copy exists)")
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
        latencies = []
        for paper_id in random.Random(1).sample(ids, min(50, len(ids))):
            paper = {"paper": paper_id}
            ask(engine, "papers-sharing-benchmarks", paper)
            latencies.append(timed(lambda p=paper: ask(engine, "papers-sharing-benchmarks", p))[1] * 1000)
        latencies.sort()
        print(f"  papers-sharing-benchmarks for {len(latencies)} random papers: median "
              f"{statistics.median(latencies):.1f} ms, p90 {latencies[int(len(latencies) * 0.9)]:.1f} ms, max "
              f"{latencies[-1]:.1f} ms, {sum(t <= 20 for t in latencies)} within 20 ms")
        rows, seconds = timed(lambda: shared_benchmarks(engine, min_shared=2, limit=20))
        print(f"  shared_benchmarks top 20 (kg shared-benchmarks --min-shared 2, top-down) {seconds * 1000:.1f} ms, "
              f"top pair shares {rows[0].shared if rows else 0}")
        print(f"peak memory {peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
