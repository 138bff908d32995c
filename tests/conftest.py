from pathlib import Path

import pytest

from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.loaders import LoadReport, read_papers
from kg.native import stale_compiled_modules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCIREX = FIXTURES / "scirex_abstracts.jsonl"


def pytest_configure(config):
    """Refuse to test compiled modules older than their source (the edit would go untested)."""
    stale = stale_compiled_modules(ROOT)
    if stale:
        raise pytest.UsageError(
            f"{', '.join(str(p.relative_to(ROOT)) for p in stale)} changed after extraction was compiled: run "
            "`pip install -e '.[test]'` again to compile it, or `KG_PURE_PYTHON=1 pip install -e '.[test]'` to "
            "run the Python source (README, \"Speed\")")


@pytest.fixture(scope="session")
def seed_papers():
    report = LoadReport()
    papers = read_papers(SEEDS, report)
    return papers, report


@pytest.fixture(scope="session")
def seed_graph(seed_papers):
    papers, _ = seed_papers
    return build_graph(papers, [extract_mentions(p) for p in papers])


def paper_titled(papers, prefix):
    return next(p for p in papers if p.title.startswith(prefix))


@pytest.fixture(scope="session")
def seed_engine(seed_graph):
    from kg.engine import EmbeddedEngine
    return EmbeddedEngine(seed_graph)
