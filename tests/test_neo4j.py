"""Neo4j: settings, errors, exports and the load script without a server; push/pull/query with one.

The tests marked `neo4j` run against the server at NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD,
NEO4J_DATABASE) and are skipped, saying so, when it is not set. They wipe kg's labels there.
"""
import csv
import os

import kglite
import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.engine import EmbeddedEngine
from kg.errors import ConfigError, StoreError
from kg.graph import new_graph
from kg.library import ask, load_questions
from kg.schema import EDGE_PROPERTIES, LABELS, PROPERTY_TYPES, RELATIONSHIPS
from kg.store.neo4j import Neo4jEngine, neo4j_settings, pull, push
from kg.store.neo4j_export import (
    cypher_literal,
    cypher_script_statements,
    write_admin_csv,
)
from kg.store.statements import node_statement

TRICKY = "O'Brien's \\\"quoted\\\" <script>alert(1)</script>\nnew line\ttab ; | ¦ 'end'"
LIVE = os.environ.get("NEO4J_URI")
live = pytest.mark.skipif(not LIVE, reason="no Neo4j server: set NEO4J_URI (and NEO4J_PASSWORD) to run")


def tricky_graph():
    graph = new_graph()
    graph.add_node("paper:x", id="paper:x", label="Paper", title=TRICKY, abstract=TRICKY, date="Mar 14",
                   urls=["https://arxiv.org/abs/2101.00001"], sources=["a.txt:1", "b.txt:2"])
    graph.add_node("dataset:d", id="dataset:d", label="Dataset", name="D'set", aliases=["D-set", TRICKY])
    graph.add_edge("paper:x", "dataset:d", key="USES_DATASET", type="USES_DATASET", mention="D'set",
                   evidence=TRICKY, field="abstract", start=3, end=9, extractor="patterns", confidence=0.75,
                   count=2, path="")
    return graph


def test_settings_come_from_options_else_the_neo4j_variables():
    env = {"NEO4J_URI": "neo4j://db:7687", "NEO4J_USERNAME": "me", "NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "kg"}
    settings = neo4j_settings(environ=env)
    assert (settings.uri, settings.user, settings.password, settings.database) == ("neo4j://db:7687", "me", "pw", "kg")
    assert neo4j_settings("bolt://other:7687", environ=env).uri == "bolt://other:7687"
    assert "pw" not in repr(settings)
    with pytest.raises(ConfigError, match="give --uri"):
        neo4j_settings(environ={})
    with pytest.raises(ConfigError, match="not a Neo4j address"):
        neo4j_settings("http://db:7474", environ={})


@pytest.mark.parametrize("args", [
    ["push", "-g", "{graph}"], ["neo4j", "check"], ["ask", "counts-per-label", "--neo4j"],
    ["pull", "-o", "{tmp}/out.json"], ["cypher", "RETURN 1", "--neo4j"],
])
def test_an_unreachable_server_is_an_error_without_the_password(args, tmp_path, seed_graph):
    from kg.store.file import write_graph
    graph = write_graph(seed_graph, tmp_path / "g.json")
    args = [a.format(graph=graph, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(cli, [*args, "--uri", "neo4j://127.0.0.1:9", "--password", "s3cret-pw"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot reach Neo4j at neo4j://127.0.0.1:9")
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output


def test_labels_in_statements_come_only_from_the_schema():
    assert "MERGE (n:Paper {id: row.id})" in node_statement("Paper")
    with pytest.raises(StoreError, match="not a label of the schema"):
        node_statement("Paper) DETACH DELETE (x")


def test_neo4j_admin_files_have_typed_headers_and_round_trip(seed_graph, tmp_path):
    export = write_admin_csv(seed_graph, tmp_path)
    assert len(export.files) == len(LABELS) + len(RELATIONSHIPS)
    for path in export.files:
        assert f"--{'nodes' if path.name.startswith('nodes') else 'relationships'}={path}" in export.command
    assert export.command.startswith("neo4j-admin database import full neo4j")
    assert '--array-delimiter="U+007C"' in export.command and "--multiline-fields=true" in export.command
    with (tmp_path / "nodes-Paper.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["id:ID", ":LABEL", "title", "abstract", "date", "urls:string[]", "sources:string[]",
                       "arxiv_id", "doi"]
    assert len(rows) == 132
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["sources:string[]"].split("|") == seed_graph.nodes[first["id:ID"]]["sources"]
    with (tmp_path / "relationships-USES_DATASET.csv").open(newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [":START_ID", ":END_ID", ":TYPE", *(f"{p}:{PROPERTY_TYPES[p]}" if p in PROPERTY_TYPES else p
                                                          for p in EDGE_PROPERTIES)]


def test_the_array_delimiter_avoids_the_characters_in_the_values(tmp_path):
    export = write_admin_csv(tricky_graph(), tmp_path)  # the values hold | ; and ¦
    assert '--array-delimiter="U+001F"' in export.command


def test_cypher_literals_read_back_as_the_same_values():
    engine = kglite.KnowledgeGraph()
    for value in [TRICKY, "", "\\", "'", "\x00\x1f", 3, -2.5, 1e-7, True, None, ["a", TRICKY], {"end": 1, "a b": "c"}]:
        assert list(engine.cypher(f"RETURN {cypher_literal(value)} AS v"))[0]["v"] == value


def test_the_cypher_shell_script_loads_the_same_graph(seed_graph):
    graph = nx.compose(seed_graph, tricky_graph())
    loaded = kglite.KnowledgeGraph()
    statements = cypher_script_statements(graph, batch=50)
    for statement in statements:
        if not statement.startswith("CREATE"):  # constraints: Neo4j's; the loads run anywhere
            loaded.cypher(statement)
    again = EmbeddedEngine(loaded)
    assert again.run("MATCH (n) RETURN count(n) AS n").rows == [{"n": graph.number_of_nodes()}]
    assert again.run("MATCH ()-[r]->() RETURN count(r) AS n").rows == [{"n": graph.number_of_edges()}]
    paper = again.run("MATCH (p:Paper {id: 'paper:x'})-[r:USES_DATASET]->(d) RETURN p.title AS t, "
                      "r.evidence AS e, r.`end` AS end, d.aliases AS a").rows[0]
    assert paper == {"t": TRICKY, "e": TRICKY, "end": 9, "a": ["D-set", TRICKY]}


@pytest.fixture(scope="module")
def server():
    settings = neo4j_settings()
    yield settings


@live
@pytest.mark.neo4j
def test_push_is_idempotent_and_questions_answer_alike(server, seed_graph, seed_engine):
    first = push(seed_graph, server, batch_size=100, wipe=True)
    assert first.nodes_created == seed_graph.number_of_nodes()
    assert first.relationships_created == seed_graph.number_of_edges()
    again = push(seed_graph, server, batch_size=100)
    assert again.nodes_created == 0 and again.relationships_created == 0
    neo4j = Neo4jEngine(server)
    try:
        for name in ("counts-per-label", "shared-benchmark-pairs", "datasets-per-paper"):
            assert ask(neo4j, name).rows == ask(seed_engine, name).rows, name
        assert ask(neo4j, "papers-on-dataset", {"dataset": "ImageNet"}).rows == \
            ask(seed_engine, "papers-on-dataset", {"dataset": "ImageNet"}).rows
        assert len(load_questions()) > 10
    finally:
        neo4j.close()


@live
@pytest.mark.neo4j
def test_pull_reads_back_the_graph_and_a_subgraph(server, seed_graph):
    push(seed_graph, server, batch_size=500)
    graph, left_out = pull(server)
    assert left_out == 0
    assert sorted(graph.nodes) == sorted(seed_graph.nodes)
    assert sorted(graph.edges(keys=True)) == sorted(seed_graph.edges(keys=True))
    sub, _ = pull(server, "MATCH p = (:Dataset {name: $name})<-[:USES_DATASET]-(:Paper) RETURN p", {"name": "COCO"})
    assert "dataset:coco" in sub and sub.number_of_edges() == sub.in_degree("dataset:coco") >= 3
