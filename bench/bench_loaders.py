"""Records per second of each loader, and the memory of streaming a large file through a filter.

Usage: python bench/bench_loaders.py [--papers N]   (needs ../shared/bench/make_corpus.py)
The synthetic corpus is written in each format (JSON lines, .jsonl.gz, CSV, a JSON document, Atom
XML); each is read with `read_papers` in a fresh process (started by this small one), so the peak
memory is that loader's.
A filter that keeps no paper shows the memory of streaming alone; JSON lines are also read on one worker
per core, as `kg build` reads them (the peak is then this process's alone). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from corpus import write_corpus

MEASURE = """
import resource, sys, time
from kg.loaders import Filters, LoadReport, read_papers
from kg.workers import Workers
filters = Filters(since="2999-01-01") if sys.argv[2] == "filtered" else None
with Workers(0 if sys.argv[2] == "workers" else 1) as pool:
    start = time.perf_counter()
    report = LoadReport()
    papers = read_papers([sys.argv[1]], report, filters=filters, pool=pool, min_parallel_bytes=0)
    seconds = time.perf_counter() - start
records = len(papers) + report.filtered + report.skipped
print(f"{records / seconds:,.0f} records/s, {len(papers)} kept, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
"""


def write_formats(corpus: Path, folder: Path) -> dict[str, Path]:
    """The corpus written as each input format."""
    records = [json.loads(line) for line in corpus.open()]
    files = {"jsonl": corpus, "jsonl.gz": folder / "corpus.jsonl.gz", "csv": folder / "corpus.csv",
             "json": folder / "corpus.json", "atom": folder / "corpus.xml"}
    files["jsonl.gz"].write_bytes(gzip.compress(corpus.read_bytes()))
    with files["csv"].open("w", newline="") as out:
        writer = csv.DictWriter(out, ["id", "title", "abstract", "url"])
        writer.writeheader()
        writer.writerows(records)
    files["json"].write_text(json.dumps(records))
    with files["atom"].open("w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n')
        for r in records:
            out.write(f"<entry><id>http://arxiv.org/abs/{r['url'].rsplit('/', 1)[1]}v1</id><title>{escape(r['title'])}"
                      f"</title><summary>{escape(r['abstract'])}</summary><published>2024-01-02T00:00:00Z</published>"
                      "<author><name>A. Author</name></author></entry>\n")
        out.write("</feed>\n")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100000)
    parser.add_argument("--write-formats", type=Path, help=argparse.SUPPRESS)  # the child that writes the files
    args = parser.parse_args()
    if args.write_formats:
        print(json.dumps({k: str(v) for k, v in write_formats(args.write_formats / "corpus.jsonl",
                                                              args.write_formats).items()}))
        return
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(args.papers, Path(tmp) / "corpus.jsonl")
        # written by a child: a process's peak memory carries over to the children it starts
        written = subprocess.run([sys.executable, __file__, "--write-formats", tmp], capture_output=True, text=True,
                                 check=True)
        for name, raw in json.loads(written.stdout).items():
            path = Path(raw)
            for mode in ("all", "filtered", "workers") if name.startswith("jsonl") else ("all", "filtered"):
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-c", MEASURE, str(path), mode], capture_output=True,
                                      text=True, check=True)
                print(f"{name:<9} {path.stat().st_size / 2**20:7,.0f} MiB  {mode:<8} {done.stdout.strip()}"
                      f" ({time.perf_counter() - start:.1f} s with start-up)")


if __name__ == "__main__":
    main()
