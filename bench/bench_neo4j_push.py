"""Push speed into a real Neo4j: nodes/s and relationships/s of `kg push` on synthetic corpora.

Usage: python bench/bench_neo4j_push.py --papers 10000 100000 [--batch-size 5000 20000] [--cache DIR]
  Starts the Neo4j of tests/neo4j-server/ (built once, as the tests do) on a fresh database, builds
  each corpus (../shared/bench/make_corpus.py --seed 3, then `kg build`), and for each batch size pushes
  it with --wipe, then again (nothing to create), --runs times (the first run also warms the JVM). Node and relationship phases are timed apart (the
  push's progress says when the last node batch is done). Prints figures; asserts nothing.
  The common reference for batched UNWIND ... MERGE with unique constraints is about 20,000
  relationships/s.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from neo4j_server import PASSWORD, TestServer, build  # noqa: E402

from kg.store.file import read_graph  # noqa: E402
from kg.store.neo4j import Neo4jSettings, push  # noqa: E402

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"


def graph_file(papers: int, folder: Path) -> Path:
    """The graph of `papers` synthetic papers (seed 3), built once per folder."""
    path = folder / f"g{papers}.json"
    if not path.exists():
        corpus = folder / f"corpus{papers}.jsonl"
        with corpus.open("w") as out:
            subprocess.run([sys.executable, str(MAKE_CORPUS), "--papers", str(papers), "--seed", "3"],
                           stdout=out, check=True)
        subprocess.run([str(Path(sys.executable).with_name("kg")), "build", str(corpus), "-o", str(path)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def timed_push(graph, settings: Neo4jSettings, batch_size: int, wipe: bool) -> tuple[float, float, object]:
    """Push once; seconds of the node phase and of the relationship phase, and the summary."""
    nodes = graph.number_of_nodes()
    done = {"rows": 0, "nodes_at": None}

    def progress(rows: int) -> None:
        done["rows"] += rows
        if done["nodes_at"] is None and done["rows"] >= nodes:
            done["nodes_at"] = time.perf_counter()

    if wipe:  # the wipe is not part of the push timed
        push(graph.subgraph([]).copy(), settings, batch_size, wipe=True)
    start = time.perf_counter()
    summary = push(graph, settings, batch_size, progress=progress)
    end = time.perf_counter()
    nodes_at = done["nodes_at"] or end
    return nodes_at - start, end - nodes_at, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch-size", type=int, nargs="+", default=[5000])
    parser.add_argument("--runs", type=int, default=2, help="pushes with --wipe per size (the first warms the JVM)")
    parser.add_argument("--cache", type=Path, help="keep the corpora and graph files here")
    args = parser.parse_args()
    folder = args.cache or Path(tempfile.mkdtemp(prefix="kg-bench-neo4j-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = TestServer(Path(tempfile.mkdtemp(prefix="kg-bench-neo4j-db-")), build(), page_cache="2g")
    server.start()
    settings = Neo4jSettings(server.uri, "neo4j", PASSWORD)
    print(f"Neo4j 5.26 (tests/neo4j-server) at {server.uri}, page cache 2g, heap 2g", flush=True)
    try:
        for papers in args.papers:
            graph = read_graph(graph_file(papers, folder))
            nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
            for batch_size, run in ((b, r) for b in args.batch_size for r in range(1, args.runs + 1)):
                node_s, edge_s, first = timed_push(graph, settings, batch_size, wipe=True)
                again_node_s, again_edge_s, again = timed_push(graph, settings, batch_size, wipe=False)
                print(f"{papers:>7} papers, batch {batch_size:>6}, run {run}: {nodes} nodes in {node_s:.1f} s "
                      f"({nodes / node_s:,.0f} nodes/s), {edges} relationships in {edge_s:.1f} s "
                      f"({edges / edge_s:,.0f} relationships/s); created {first.nodes_created} nodes, "
                      f"{first.relationships_created} relationships. Pushed again: "
                      f"{(nodes + edges) / (again_node_s + again_edge_s):,.0f} rows/s, created "
                      f"{again.nodes_created} nodes, {again.relationships_created} relationships", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
