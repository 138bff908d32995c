"""The synthetic corpus the benchmarks read, written by the shared generator (`make_corpus.py`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAKE_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_corpus.py"


def write_corpus(papers: int, path: Path) -> Path:
    """`path` holding a corpus of `papers` papers (seed 1, so every run reads the same); exits with a
    message when the generator is not beside the project."""
    if not MAKE_CORPUS.exists():
        sys.exit(f"{MAKE_CORPUS} not found: the benchmarks need the shared corpus generator")
    with path.open("w") as out:
        subprocess.run([sys.executable, str(MAKE_CORPUS), "--papers", str(papers), "--seed", "1"], stdout=out,
                       check=True)
    return path
