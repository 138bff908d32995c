"""kg against a real Neo4j: push, pull, every question, the export files, and the faults a user meets.

Every test here is marked `neo4j` and uses `neo4j_live` (conftest.py): the Neo4j 5.26 the session starts
from tests/neo4j-server/, or the user's own at NEO4J_URI. The tests wipe kg's labels there.
"""
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from kg.cli import cli
from kg.engine import open_engine
from kg.library import ask, load_questions
from kg.loaders import LoadReport, read_papers
from kg.store.file import read_graph, write_graph
from kg.store.neo4j import Neo4jEngine, Neo4jSettings, connect, pull, wipe_schema_nodes
from kg.store.statements import schema_statements
from neo4j_server import PASSWORD, ServerUnavailable, TestServer, build

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
KG = str(Path(sys.executable).with_name("kg"))
SYNTHETIC_PAPERS = 10_000


def kg(live, *args):
    """Run the CLI in process with the live server's NEO4J_* variables."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=live.env)


@pytest.fixture(scope="module")
def seed_file(seed_graph, tmp_path_factory):
    return write_graph(seed_graph, tmp_path_factory.mktemp("seeds") / "seeds.json")


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory):
    """A 10,000-paper graph: the benchmarks' synthetic corpus (shared/bench/make_corpus.py, seed 3) where the
    shared generator is beside the project, else the seeds' papers again and again under new ids and titles."""
    folder = tmp_path_factory.mktemp("synthetic")
    corpus = folder / "corpus.jsonl"
    with corpus.open("w") as out:
        if MAKE_CORPUS.exists():
            subprocess.run([sys.executable, str(MAKE_CORPUS), "--papers", str(SYNTHETIC_PAPERS), "--seed", "3"],
                           stdout=out, check=True)
        else:
            seeds = read_papers(SEEDS, LoadReport())
            for i in range(SYNTHETIC_PAPERS):
                paper = seeds[i % len(seeds)]
                out.write(json.dumps({"id": f"synth-{i}", "title": f"{paper.title} ({i})",
                                      "abstract": paper.abstract}) + "\n")
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(folder / "g.json")])
    assert result.exit_code == 0, result.output
    return folder / "g.json"


def counts_in_neo4j(settings):
    """Nodes per label and relationships per type on the server."""
    engine = Neo4jEngine(settings)
    try:
        labels = engine.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").rows
        types = engine.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").rows
    finally:
        engine.close()
    return {row["label"]: row["n"] for row in labels}, {row["type"]: row["n"] for row in types}


def counts_in_file(graph):
    return (dict(Counter(attrs["label"] for _, attrs in graph.nodes(data=True))),
            dict(Counter(key for _, _, key in graph.edges(keys=True))))


def push_output_counts(output):
    """(nodes created, relationships created) from `kg push`'s closing line."""
    words = output.split(": ")[-1].split()
    return int(words[0]), int(words[3])


def question_values(graph):
    """A value for every parameter of the library's questions, taken from the graph: its most used
    dataset and task, and the paper linked to most datasets that other papers use too."""
    def top(rel):
        ends = Counter(v for _, v, key in graph.edges(keys=True) if key == rel)
        return graph.nodes[max(ends, key=lambda n: (ends[n], n))]

    users = Counter(v for _, v, key in graph.edges(keys=True) if key == "USES_DATASET")
    shared = Counter(u for u, v, key in graph.edges(keys=True) if key == "USES_DATASET" and users[v] > 1)
    paper = max(shared, key=lambda n: (shared[n], n))  # the paper with the most datasets other papers use too
    dataset, task = top("USES_DATASET")["name"], top("ADDRESSES_TASK")["name"]
    return {"dataset": dataset, "task": task, "paper": paper, "id": paper, "node": dataset,
            "text": dataset, "min_shared": 2, "min_papers": 2}


def assert_every_question_alike(neo4j, embedded, graph):
    """Every question of cypher/queries/ gives the same rows on Neo4j as on the embedded engine."""
    values = question_values(graph)
    answered = 0
    for name, question in load_questions().items():
        params = {p.name: values[p.name] for p in question.params if p.name in values}
        if name == "find-paper":
            params["text"] = graph.nodes[values["paper"]]["title"].split()[0]
        expected = ask(embedded, name, params).rows
        assert ask(neo4j, name, params).rows == expected, (name, params)
        answered += bool(expected)
    assert answered >= len(load_questions()) - 1  # the comparisons are of rows, not of empty answers


@pytest.fixture(scope="module")
def pushed_seeds(neo4j_live, seed_file):
    """The seeds' graph pushed with --wipe: the CLI's result."""
    return kg(neo4j_live, "push", "-g", seed_file, "--wipe", "--batch-size", 100)


def test_push_gives_the_files_counts_and_pushing_again_creates_nothing(neo4j_live, seed_file, seed_graph,
                                                                        pushed_seeds):
    assert pushed_seeds.exit_code == 0, pushed_seeds.output
    assert push_output_counts(pushed_seeds.output) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    assert counts_in_neo4j(neo4j_live.settings) == counts_in_file(seed_graph)
    again = kg(neo4j_live, "push", "-g", seed_file)
    assert again.exit_code == 0, again.output
    assert push_output_counts(again.output) == (0, 0)
    assert counts_in_neo4j(neo4j_live.settings) == counts_in_file(seed_graph)


def test_every_question_answers_alike_on_the_seeds(neo4j_live, seed_graph, seed_engine, pushed_seeds):
    neo4j = Neo4jEngine(neo4j_live.settings)
    try:
        assert_every_question_alike(neo4j, seed_engine, seed_graph)
        for question in load_questions().values():  # and the examples of the questions' headers
            params = dict(word.split("=", 1) for word in shlex.split(question.example)[3:] if word != "-p")
            assert ask(neo4j, question.name, params).rows == ask(seed_engine, question.name, params).rows, \
                question.example
    finally:
        neo4j.close()


PLAIN_QUERIES = [
    "MATCH (n) RETURN count(n) AS nodes",
    "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset) RETURN d.name AS dataset, count(p) AS papers "
    "ORDER BY papers DESC, dataset LIMIT 5",
    "MATCH (p:Paper) WHERE toLower(p.title) CONTAINS 'transformer' RETURN p.id AS id ORDER BY id",
    "MATCH (a:Paper)-[:USES_DATASET]->(d:Dataset)<-[:USES_DATASET]-(b:Paper) WHERE a.id < b.id "
    "RETURN a.id AS a, b.id AS b, count(d) AS shared ORDER BY shared DESC, a, b LIMIT 10",
    "MATCH (t:Task) OPTIONAL MATCH (t)<-[:ADDRESSES_TASK]-(p) RETURN t.name AS task, count(p) AS papers "
    "ORDER BY papers DESC, task LIMIT 10",
]


@pytest.mark.parametrize("query", PLAIN_QUERIES)
def test_kg_cypher_on_neo4j_equals_the_file(neo4j_live, seed_file, pushed_seeds, query):
    on_neo4j = kg(neo4j_live, "cypher", query, "--neo4j", "--json")
    on_file = kg(neo4j_live, "cypher", query, "-g", seed_file, "--json")
    assert on_neo4j.exit_code == 0 and on_file.exit_code == 0, on_neo4j.output + on_file.output
    assert on_neo4j.stdout == on_file.stdout and on_file.stdout.strip()


def without_none(attrs):
    return {k: v for k, v in attrs.items() if v is not None}


def test_pull_gives_back_the_graph_pushed_and_a_querys_subgraph(neo4j_live, seed_graph, pushed_seeds, tmp_path):
    result = kg(neo4j_live, "pull", "-o", tmp_path / "pulled.json")
    assert result.exit_code == 0, result.output
    pulled = read_graph(tmp_path / "pulled.json")
    assert {n: without_none(a) for n, a in pulled.nodes(data=True)} == \
        {n: without_none(a) for n, a in seed_graph.nodes(data=True)}
    assert {(u, v, k): without_none(a) for u, v, k, a in pulled.edges(keys=True, data=True)} == \
        {(u, v, k): without_none(a) for u, v, k, a in seed_graph.edges(keys=True, data=True)}
    result = kg(neo4j_live, "pull", "-o", tmp_path / "coco.json", "-p", "name=COCO",
                "--cypher", "MATCH p = (:Dataset {name: $name})<-[:USES_DATASET]-(:Paper) RETURN p")
    assert result.exit_code == 0, result.output
    sub = read_graph(tmp_path / "coco.json")
    users = {u for u, _, k in seed_graph.in_edges("dataset:coco", keys=True) if k == "USES_DATASET"}
    assert set(sub.nodes) == users | {"dataset:coco"} and len(users) >= 3
    assert sub.number_of_edges() == len(users)


def run_script(settings, path):
    """The statements of a cypher-shell script, each run through the driver as cypher-shell would."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("//"))
    statements = [s.strip() for s in text.split(";\n") if s.strip()]
    with connect(settings) as driver:
        for statement in statements:
            driver.execute_query(statement, database_=settings.database)
    return len(statements)


def test_the_cypher_shell_script_builds_the_same_graph(neo4j_live, seed_file, seed_graph, pushed_seeds,
                                                       tmp_path):
    result = kg(neo4j_live, "export", "-g", seed_file, "--format", "cypher", "-o", tmp_path / "g.cypher")
    assert result.exit_code == 0, result.output
    with connect(neo4j_live.settings) as driver:
        wipe_schema_nodes(driver, neo4j_live.settings, 1000)
    assert counts_in_neo4j(neo4j_live.settings) == ({}, {})
    assert run_script(neo4j_live.settings, tmp_path / "g.cypher") > len(schema_statements())
    assert counts_in_neo4j(neo4j_live.settings) == counts_in_file(seed_graph)
    pulled, left_out = pull(neo4j_live.settings)
    assert left_out == 0
    assert {n: without_none(a) for n, a in pulled.nodes(data=True)} == \
        {n: without_none(a) for n, a in seed_graph.nodes(data=True)}
    assert sorted(pulled.edges(keys=True)) == sorted(seed_graph.edges(keys=True))


def test_a_10000_paper_graph_pushes_and_answers_alike(neo4j_live, synthetic_file):
    graph = read_graph(synthetic_file)
    result = kg(neo4j_live, "push", "-g", synthetic_file, "--wipe")
    assert result.exit_code == 0, result.output
    assert push_output_counts(result.output) == (graph.number_of_nodes(), graph.number_of_edges())
    assert counts_in_neo4j(neo4j_live.settings) == counts_in_file(graph)
    neo4j = Neo4jEngine(neo4j_live.settings)
    try:
        assert_every_question_alike(neo4j, open_engine(synthetic_file), graph)
    finally:
        neo4j.close()


def admin_import_arguments(output):
    """The arguments of the neo4j-admin command `kg export --format neo4j-admin` printed, after the
    database's name."""
    command = output.split("with:\n", 1)[1].split("\nthen", 1)[0].replace("\\\n", " ")
    words = shlex.split(command)
    assert words[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    return words[5:]


@pytest.mark.parametrize("which", ["seeds", "synthetic"])
def test_neo4j_admin_import_of_the_csv_gives_the_same_graph(which, request, tmp_path):
    graph_file = request.getfixturevalue(f"{which}_file" if which == "synthetic" else "seed_file")
    graph = read_graph(graph_file)
    result = CliRunner().invoke(cli, ["export", "-g", str(graph_file), "--format", "neo4j-admin",
                                      "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    try:
        server = TestServer(tmp_path / "imported", build(), page_cache="256m",
                            import_arguments=admin_import_arguments(result.output))
        server.start()
    except ServerUnavailable as err:
        pytest.skip(f"no Neo4j to import into: {err}")
    try:
        settings = Neo4jSettings(server.uri, "neo4j", PASSWORD)
        with connect(settings) as driver:
            for statement in schema_statements():
                driver.execute_query(statement)
        assert counts_in_neo4j(settings) == counts_in_file(graph)
        neo4j = Neo4jEngine(settings)
        try:
            assert_every_question_alike(neo4j, open_engine(graph_file), graph)
        finally:
            neo4j.close()
    finally:
        server.stop()
    assert "IMPORT DONE" in (tmp_path / "imported" / "stdout.log").read_text()


def test_a_wrong_password_is_an_error_that_says_what_to_do(neo4j_live, seed_file):
    result = kg(neo4j_live, "push", "-g", seed_file, "--password", "not-the-password-42")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: Neo4j at {neo4j_live.settings.uri} refused "
                                                              "user 'neo4j'")
    assert "--password" in result.stderr and "not-the-password-42" not in result.output
    assert "Traceback" not in result.output


def test_a_database_that_does_not_exist_is_an_error_that_says_what_to_do(neo4j_live, seed_file):
    for args in (["push", "-g", seed_file], ["cypher", "RETURN 1", "--neo4j"], ["pull", "-o", "unused.json"]):
        result = kg(neo4j_live, *args, "--database", "nosuchdb")
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"Error: Neo4j at {neo4j_live.settings.uri} has no database 'nosuchdb'")
        assert "give --database" in result.stderr and PASSWORD not in result.output


def test_a_push_cut_by_the_server_stopping_finishes_when_pushed_again(neo4j_live, synthetic_file):
    """The server is killed in the middle of a push; `kg push` says so and what to do, and after the
    server is back, pushing again completes the graph with nothing twice."""
    if neo4j_live.server is None:
        pytest.skip("the server is the user's own (NEO4J_URI): the test stops only the one it started")
    graph = read_graph(synthetic_file)
    with connect(neo4j_live.settings) as driver:
        wipe_schema_nodes(driver, neo4j_live.settings, 5000)
    push = subprocess.Popen([KG, "push", "-g", str(synthetic_file), "--batch-size", "500"],
                            env={**os.environ, **neo4j_live.env}, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with connect(neo4j_live.settings) as driver:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and push.poll() is None:
                count = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
                if count >= 2000:
                    break
                time.sleep(0.05)
        assert push.poll() is None, "the push finished before the server could be stopped"
        neo4j_live.server.kill()
        out, err = push.communicate(timeout=300)
    finally:
        if push.poll() is None:
            push.kill()
        if neo4j_live.server.process is None:
            neo4j_live.server.start()  # at the same address
    assert push.returncode == 1, out + err
    error = err.splitlines()[-1]
    assert error.startswith(f"Error: cannot reach Neo4j at {neo4j_live.settings.uri} while pushing"), err
    assert "run `kg push` again to finish" in error and PASSWORD not in out + err and "Traceback" not in err
    again = kg(neo4j_live, "push", "-g", synthetic_file)
    assert again.exit_code == 0, again.output
    created = push_output_counts(again.output)
    assert 0 < created[0] < graph.number_of_nodes() and 0 < created[1] <= graph.number_of_edges()
    assert counts_in_neo4j(neo4j_live.settings) == counts_in_file(graph)
    with connect(neo4j_live.settings) as driver:  # and no id twice
        assert driver.execute_query("MATCH (n) WITH n.id AS id, count(*) AS n WHERE n > 1 RETURN count(*) AS twice"
                                    ).records[0]["twice"] == 0
