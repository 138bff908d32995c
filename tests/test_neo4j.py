"""Neo4j: settings, errors, exports and the load script without a server; push/pull/query with one.

The tests marked `neo4j` run against the Neo4j the test session starts from tests/neo4j-server/ (the
`neo4j_live` fixture of conftest.py), or the user's own at NEO4J_URI (with NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE) when set; they wipe kg's labels there.
"""
import csv
import socket
import threading

import kglite
import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.engine import EmbeddedEngine
from kg.errors import ConfigError, StoreError
from kg.graph import new_graph
from kg.schema import EDGE_PROPERTIES, LABELS, PROPERTY_TYPES, RELATIONSHIPS
from kg.store.neo4j import neo4j_settings
from kg.store.neo4j_export import (
    cypher_literal,
    cypher_script_statements,
    write_admin_csv,
)
from kg.store.statements import node_statement

TRICKY = "O'Brien's \\\"quoted\\\" <script>alert(1)</script>\nnew line\ttab ; | ¦ 'end'"


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
                       "arxiv_id", "doi", "phrases:string[]"]
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


def test_a_password_in_the_address_is_used_and_never_shown(tmp_path, seed_graph):
    settings = neo4j_settings("neo4j://me:s3cret%40pw@db.example:7687", environ={})
    assert (settings.uri, settings.user, settings.password) == ("neo4j://db.example:7687", "me", "s3cret@pw")
    assert neo4j_settings("neo4j://me:inside@db:7687", "other", "given", environ={}).password == "given"
    from kg.store.file import write_graph
    graph = write_graph(seed_graph, tmp_path / "g.json")
    for args in (["push", "-g", str(graph)], ["neo4j", "check"], ["cypher", "RETURN 1", "--neo4j"]):
        result = CliRunner().invoke(cli, [*args, "--uri", "neo4j://kg:s3cret-pw@127.0.0.1:9"])
        assert result.exit_code == 1 and result.stderr.startswith("Error: cannot reach Neo4j at neo4j://127.0.0.1:9")
        assert "s3cret-pw" not in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["neo4j", "check", "--uri", "http://kg:s3cret-pw@127.0.0.1:9"])
    assert result.exit_code == 1 and "not a Neo4j address" in result.stderr and "s3cret-pw" not in result.output


@pytest.mark.parametrize("uri", ["neo4j://[::1", "neo4j://kg:s3cret-pw@[::1", "bolt://host:port", "neo4j://"])
def test_a_malformed_address_is_an_error_not_a_traceback(uri):
    result = CliRunner().invoke(cli, ["neo4j", "check", "--uri", uri])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "write SCHEME://HOST[:PORT]" in result.stderr
    assert "s3cret-pw" not in result.output and isinstance(result.exception, SystemExit)


def test_garbage_after_the_bolt_handshake_is_an_error_not_a_traceback():
    """A server on 127.0.0.1 that accepts Bolt 5.4's handshake, then answers HELLO with bytes that are not Bolt."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    done = threading.Event()

    def serve():
        for _ in range(300):  # at most 60 s; the driver may try a few connections
            if done.is_set():
                return
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(10)
                try:
                    conn.recv(20)  # the magic preamble and four proposed versions
                    conn.sendall(bytes([0, 0, 4, 5]))  # Bolt 5.4
                    conn.recv(4096)  # HELLO
                    conn.sendall(b"\x00\x10\xffnot-bolt-at-all\x00\x00")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        result = CliRunner().invoke(cli, ["neo4j", "check", "--uri", f"bolt://127.0.0.1:{port}",
                                          "--password", "s3cret-pw"])
    finally:
        done.set()
        thread.join(30)
        listener.close()
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: Neo4j at bolt://127.0.0.1:{port} answered with something that is not")
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output
