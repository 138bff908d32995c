from pathlib import Path

import pytest

from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.loaders import LoadReport, read_papers

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCIREX = FIXTURES / "scirex_abstracts.jsonl"


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
