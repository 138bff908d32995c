import networkx as nx
import pytest

from kg.engine import EmbeddedEngine
from kg.errors import QueryError, StoreError

DATASET_LINKS = ("USES_DATASET", "INTRODUCES_DATASET")


def rows(engine, query, **params):
    return engine.run(query, params).rows


def test_counts_and_two_hop_patterns_match_networkx(seed_engine, seed_graph):
    assert rows(seed_engine, "MATCH (p:Paper) RETURN count(p) AS n") == [{"n": 131}]
    task = "task:semanticsegmentation"
    papers = {u for u, _, k in seed_graph.in_edges(task, keys=True) if k == "ADDRESSES_TASK"}
    want = sorted({seed_graph.nodes[d]["name"] for p in papers for _, d, k in seed_graph.out_edges(p, keys=True)
                   if k in DATASET_LINKS})
    got = rows(seed_engine, "MATCH (t:Task {id: $task})<-[:ADDRESSES_TASK]-(:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->"
                            "(d:Dataset) RETURN DISTINCT d.name AS name ORDER BY name", task=task)
    assert [r["name"] for r in got] == want and len(want) > 3


def test_aggregation_order_and_limit(seed_engine, seed_graph):
    got = rows(seed_engine, "MATCH (p:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset) "
                            "RETURN d.name AS name, count(p) AS papers ORDER BY papers DESC, name LIMIT $k", k=3)
    degree = sorted(((-len({u for u in seed_graph.predecessors(n) if seed_graph.nodes[u]["label"] == "Paper"}),
                      a["name"]) for n, a in seed_graph.nodes(data=True)
                     if a["label"] == "Dataset"))[:3]
    assert got == [{"name": name, "papers": -d} for d, name in degree]


def test_optional_match_keeps_papers_without_code(seed_engine, seed_graph):
    got = rows(seed_engine, "MATCH (p:Paper) OPTIONAL MATCH (p)-[:HAS_CODE]->(c:CodeRepo) "
                            "WITH p, count(c) AS repos WHERE repos = 0 RETURN count(p) AS without")
    with_code = {u for u, _, k in seed_graph.edges(keys=True) if k == "HAS_CODE"}
    assert got == [{"without": 131 - len(with_code)}]


def test_parameters_are_values_never_code(seed_engine):
    assert rows(seed_engine, "UNWIND $names AS n MATCH (d:Dataset {name: n}) RETURN d.id AS id ORDER BY id",
                names=["COCO", "ImageNet"]) == [{"id": "dataset:coco"}, {"id": "dataset:imagenet"}]
    assert rows(seed_engine, "MATCH (p:Paper) WHERE p.title = $t RETURN p", t="x' OR 1=1 RETURN p //") == []


def test_nodes_come_back_with_their_schema_properties(seed_engine):
    node = rows(seed_engine, "MATCH (d:Dataset {name: 'COCO'}) RETURN d")[0]["d"]
    assert node == {"labels": ["Dataset"], "properties": {"id": "dataset:coco", "name": "COCO",
                                                          "aliases": ["COCO test-dev"]}}


@pytest.mark.parametrize(("query", "message"), [
    ("MATCH (n:Paper RETURN n", "syntax error"),
    ("MATCH (n:Paper WHERE n.date = 'Mar 14') RETURN n", "WHERE inside a node pattern.*Neo4j runs it"),
    ("MATCH p = SHORTEST 1 (a:Paper)-->+(b:Dataset) RETURN p", "Neo4j runs it"),
    ("MATCH (p:Paper) RETURN COLLECT { MATCH (p)-->(d:Dataset) RETURN d.name } AS names", "COLLECT.*Neo4j runs it"),
    ("MATCH (p:Paper) SET p.title = 'x'", "read-only"),
    ("MATCH (p:Paper {id: $missing}) RETURN p", "Missing parameter"),
])
def test_refused_queries_say_why(seed_engine, query, message):
    with pytest.raises(QueryError, match=message):
        seed_engine.run(query)


def test_a_misspelt_label_warns_instead_of_failing(seed_engine):
    result = seed_engine.run("MATCH (p:Papr) RETURN p")
    assert result.rows == [] and "Did you mean 'Paper'" in result.warnings[0]


def test_labels_outside_the_schema_are_refused():
    graph = nx.MultiDiGraph()
    graph.add_node("x", id="x", label="Person")
    with pytest.raises(StoreError, match="not in the schema"):
        EmbeddedEngine(graph)


def test_open_engine_keeps_a_copy_until_the_graph_file_changes(seed_graph, tmp_path):
    from kg.engine import open_engine
    from kg.store.file import write_graph
    path = write_graph(seed_graph, tmp_path / "g.json")
    count = "MATCH (p:Paper) RETURN count(p) AS n"
    assert open_engine(path).run(count).rows == [{"n": 131}]
    copies = list(tmp_path.glob(".g.json.*.kgl"))
    assert len(copies) == 1
    assert open_engine(path).run(count).rows == [{"n": 131}]  # from the copy
    smaller = seed_graph.copy()
    smaller.remove_nodes_from([n for n in list(smaller) if n.startswith("paper:")][:31])
    write_graph(smaller, path)
    assert open_engine(path).run(count).rows == [{"n": 100}]
    assert list(tmp_path.glob(".g.json.*.kgl")) != copies and len(list(tmp_path.glob(".g.json.*.kgl"))) == 1
    copy = next(tmp_path.glob(".g.json.*.kgl"))
    assert copy.is_dir()  # kglite's disk form: opened without being read whole
    for part in copy.rglob("*.json"):
        part.write_text("damaged")
    assert open_engine(path).run(count).rows == [{"n": 100}]  # a damaged copy is rebuilt


def test_the_dataset_index_is_kept_beside_the_copy_and_follows_the_graph_file(seed_graph, tmp_path):
    from kg.engine import open_engine
    from kg.library import ask
    from kg.store.file import write_graph
    path = write_graph(seed_graph, tmp_path / "g.json")
    swin = {"paper": "Swin Transformer: Hierarchical"}
    first = ask(open_engine(path), "papers-sharing-benchmarks", swin).rows
    assert first and len(list(tmp_path.glob(".g.json.*.datasets.npz"))) == 1
    assert ask(open_engine(path), "papers-sharing-benchmarks", swin).rows == first  # read from the file
    next(tmp_path.glob(".g.json.*.datasets.npz")).write_bytes(b"damaged")
    assert ask(open_engine(path), "papers-sharing-benchmarks", swin).rows == first  # built again
    smaller = seed_graph.copy()
    smaller.remove_edges_from([(u, v, k) for u, v, k in smaller.edges(keys=True) if k == "USES_DATASET"])
    write_graph(smaller, path)
    assert ask(open_engine(path), "papers-sharing-benchmarks", swin).rows == []
    assert len(list(tmp_path.glob(".g.json.*.datasets.npz"))) == 1


def everything(engine) -> tuple[list, list]:
    """Every node and every relationship of the engine, in order."""
    nodes = rows(engine, "MATCH (n) RETURN n.id AS id, n AS node ORDER BY id")
    links = rows(engine, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, r AS r "
                         "ORDER BY a, type, b")
    return nodes, links


def test_after_an_append_the_engine_copy_is_brought_up_to_date_from_the_new_end_only(tmp_path):
    import os

    from click.testing import CliRunner
    from conftest import SEEDS

    from kg.cli import cli
    from kg.engine import open_engine, open_whole
    graph, both = tmp_path / "g.json", tmp_path / "both.json"
    for args in ([SEEDS[0], "-o", graph], [*SEEDS, "-o", both]):
        assert CliRunner().invoke(cli, ["build", *map(str, args)]).exit_code == 0
    open_whole(graph)  # the copy of the first day's graph
    assert CliRunner().invoke(cli, ["build", str(SEEDS[1]), "-o", str(graph), "--append"]).exit_code == 0
    # damage the first paper's line without changing the file's size or time: only a full read would meet it
    stat, data = graph.stat(), graph.read_bytes()
    first = data.index(b'{"node"', data.index(b"\n"))
    graph.write_bytes(data[:first] + b'{"node"#' + data[first + 8:])
    os.utime(graph, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    updated = open_engine(graph)
    assert everything(updated) == everything(open_engine(both))
    assert len(list(tmp_path.glob(".g.json.*.kgl"))) == 1  # the earlier version's copy is gone
