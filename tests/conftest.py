import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.extract import extract_mentions
from kg.graph import build_graph
from kg.loaders import LoadReport, read_papers
from kg.native import stale_compiled_modules
from kg.store.neo4j import Neo4jSettings, neo4j_settings
from neo4j_server import PASSWORD, ServerUnavailable, TestServer, build

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
            "run the Python source (docs/design.md, \"Dependencies\")")


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


@dataclass
class LiveNeo4j:
    """The Neo4j the live tests use: its settings, the variables that give them to `kg`, and the
    server process when the tests started it (None for the user's own NEO4J_URI)."""

    settings: Neo4jSettings
    server: TestServer | None

    @property
    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.settings.uri, "NEO4J_USERNAME": self.settings.user,
                "NEO4J_PASSWORD": self.settings.password, "NEO4J_DATABASE": self.settings.database or ""}


NEO4J_UNAVAILABLE: list[str] = []  # why the test Neo4j could not be had, for the closing note


@pytest.fixture(scope="session")
def neo4j_live(tmp_path_factory):
    """A Neo4j for the tests marked `neo4j`: the user's own at NEO4J_URI (with NEO4J_USERNAME,
    NEO4J_PASSWORD, NEO4J_DATABASE) if set, else the one of tests/neo4j-server/, built once and started
    for this session, stopped at its end. Where it cannot be had, the tests skip saying why."""
    if os.environ.get("NEO4J_URI"):
        yield LiveNeo4j(neo4j_settings(), None)
        return
    if NEO4J_UNAVAILABLE:
        pytest.skip(f"no Neo4j: {NEO4J_UNAVAILABLE[0].splitlines()[0]} (the closing note has the error)")
    server = None
    try:
        server = TestServer(tmp_path_factory.mktemp("neo4j"), build())
        server.start()
    except ServerUnavailable as err:
        NEO4J_UNAVAILABLE.append(str(err))
        pytest.skip(f"no Neo4j: {str(err).splitlines()[0]} (the closing note has the error)")
    try:
        yield LiveNeo4j(Neo4jSettings(server.uri, "neo4j", PASSWORD), server)
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter):
    """Say why the live Neo4j tests skipped, with the build's or the server's exact error."""
    for error in NEO4J_UNAVAILABLE:
        terminalreporter.write_sep("-", "the test Neo4j could not be had")
        terminalreporter.write_line(error)
