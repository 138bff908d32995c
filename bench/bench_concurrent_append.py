"""Writers at once on one graph: two `kg build --append` started together, each adding its own papers, and
a reader asking the graph meanwhile. Every trial checks that the graph holds the papers of both appends
(nothing lost), that both exit 0, and that every answer the reader got was the graph before, between or
after the appends (never an error or half an append).

Usage: python bench/bench_concurrent_append.py [--trials N (default 20)] [--papers N (default 1000 an append)]
Prints a line per trial and the totals; exits 1 when a trial lost papers.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).parent / "kg")
OAI = ROOT / "tests" / "fixtures" / "samples" / "arxiv-metadata-oai-snapshot.sample.jsonl"
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
COUNT = "MATCH (p:Paper) RETURN count(p) AS n"


def inputs(folder: Path, papers: int) -> list[Path]:
    """The two appends' inputs, `papers` each, none in the other or the seed: the arXiv sample's records
    again and again, each under an id and title of its own."""
    records = [json.loads(line) for line in OAI.read_text().splitlines()]
    halves = [folder / "first.jsonl", folder / "second.jsonl"]
    for number, half in enumerate(halves, 1):
        with half.open("w") as out:
            for index in range(papers):
                record = records[index % len(records)]
                out.write(json.dumps({**record, "id": f"990{number}.{index:05d}",
                                      "title": f"{record['title']} ({number}-{index})"}) + "\n")
    return halves


def papers_in(graph: Path) -> set[str]:
    """The ids of the paper nodes of a graph file."""
    from kg.store.file import read_nodes
    return {node for node, attrs in read_nodes(graph) if attrs.get("label") == "Paper"}


def paper_ids(*sources: Path) -> set[str]:
    """The node ids the papers of `sources` get."""
    from kg.loaders import read_papers
    return {f"paper:{paper.id}" for paper in read_papers(sources)}


def trial(folder: Path, halves: list[Path], reader: bool = True) -> dict:
    """One trial: the seed's graph, then the two appends at once (and a reader asking meanwhile)."""
    graph = folder / "kg-graph.json"
    subprocess.run([KG, "build", str(SEED), "-o", str(graph), "-q"], check=True, capture_output=True)
    before = len(papers_in(graph))
    appends = [subprocess.Popen([KG, "build", str(half), "-o", str(graph), "--append", "-q", "-j", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in halves]
    answers, failures = [], []
    while reader and any(append.poll() is None for append in appends):
        asked = subprocess.run([KG, "cypher", COUNT, "-g", str(graph), "--json"], capture_output=True, text=True)
        if asked.returncode == 0:
            answers.append(json.loads(asked.stdout)["n"])
        else:
            failures.append(asked.stderr.strip())
    outputs = [append.communicate() for append in appends]
    found = papers_in(graph)
    wanted = paper_ids(SEED, *halves)
    return {"lost": len(wanted - found), "papers": len(found), "wanted": len(wanted), "before": before,
            "exits": [append.returncode for append in appends], "answers": answers, "reader_failures": failures,
            "waited": sum("waiting for another kg process" in err for _, err in outputs),
            "stderr": [err for _, err in outputs if err]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--papers", type=int, default=1000, help="papers each append adds")
    options = parser.parse_args()
    trials = options.trials
    bad = 0
    started = time.perf_counter()
    for number in range(1, trials + 1):
        with tempfile.TemporaryDirectory() as folder:
            result = trial(Path(folder), inputs(Path(folder), options.papers))
        allowed = {result["before"], result["before"] + options.papers, result["wanted"]}
        odd = [n for n in result["answers"] if n not in allowed]
        ok = not result["lost"] and result["exits"] == [0, 0] and not result["reader_failures"] and not odd
        bad += not ok
        print(f"trial {number}: {result['papers']}/{result['wanted']} papers, lost {result['lost']}, exits "
              f"{result['exits']}, {result['waited']} waited, reader answers {sorted(set(result['answers']))} "
              f"({len(result['answers'])} asked, {len(result['reader_failures'])} failed){'' if ok else ' BAD'}")
        if not ok:
            print("\n".join(result["stderr"] + result["reader_failures"]))
    print(f"{trials - bad} of {trials} trials kept both appends' papers ({time.perf_counter() - started:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
