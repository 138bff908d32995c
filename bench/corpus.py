"""The synthetic corpus the benchmarks read, written by the shared generator (`make_corpus.py`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAKE_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_corpus.py"


def write_corpus(papers: int, path: Path, seed: int = 1) -> Path:
    """`path` holding a corpus of `papers` papers (seed 1 by default, so every run reads the same); exits
    with a message when the generator is not beside the project."""
    if not MAKE_CORPUS.exists():
        sys.exit(f"{MAKE_CORPUS} not found: the benchmarks need the shared corpus generator")
    with path.open("w") as out:
        subprocess.run([sys.executable, str(MAKE_CORPUS), "--papers", str(papers), "--seed", str(seed)],
                       stdout=out, check=True)
    return path


def write_new_papers(papers: int, path: Path) -> Path:
    """`path` holding `papers` papers that no corpus of `write_corpus` has: another seed, and other ids
    (`new-…`, arXiv ids 9100.*), for appending to a graph built from one."""
    write_corpus(papers, path, seed=2)
    text = path.read_text().replace('"id": "synth-', '"id": "new-')
    path.write_text(text.replace("arxiv.org/abs/9000.", "arxiv.org/abs/9100."))
    return path
