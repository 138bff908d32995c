"""kg cypher within limits: rows printed as they are read with --json and --csv, a result larger than
--max-rows an error saying what to do, a query past --timeout stopped."""
import json

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from kg.cli import cli
from kg.engine import open_engine

EVERY_NODE = "MATCH (n) RETURN n.id AS id, labels(n) AS labels ORDER BY id"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("limits") / "kg-graph.json"
    assert CliRunner().invoke(cli, ["build", *map(str, SEEDS), "-o", str(path)]).exit_code == 0
    return path


def cypher(graph, *args):
    return CliRunner().invoke(cli, ["cypher", *args, "-g", str(graph)])


def test_a_result_larger_than_max_rows_is_a_clear_error(graph):
    nodes = len(open_engine(graph).run(EVERY_NODE).rows)
    result = cypher(graph, EVERY_NODE, "--max-rows", "100", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"Error: the result has {nodes:,} rows, more than the 100 held at once; add LIMIT" in result.stderr


@pytest.mark.parametrize("max_rows", ["0", "1000000"])
def test_streamed_rows_are_the_rows_of_the_query(graph, max_rows):
    rows = open_engine(graph).run(EVERY_NODE).rows
    streamed = cypher(graph, EVERY_NODE, "--json", "--max-rows", max_rows)
    assert streamed.exit_code == 0 and [json.loads(line) for line in streamed.stdout.splitlines()] == rows
    as_csv = cypher(graph, EVERY_NODE, "--csv", "--max-rows", max_rows)
    assert as_csv.stdout.splitlines()[0] == "id,labels" and len(as_csv.stdout.splitlines()) == len(rows) + 1


def test_a_query_past_its_timeout_is_stopped(graph):
    result = cypher(graph, "MATCH (a), (b), (c), (d) RETURN count(*) AS n", "--timeout", "0.05")
    assert result.exit_code == 1 and "Error: the query ran past its time limit (0.05 s)" in result.stderr
