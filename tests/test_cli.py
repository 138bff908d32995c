import csv
import io
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import ROOT, SCIREX, SEEDS

from kg.cli import cli
from kg.store.file import read_graph, read_nodes

COMMANDS = ["build", "extract", "eval", "stats", "shared-benchmarks", "leaderboard", "cypher", "ask", "viz", "export"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "graph.json"
    result = CliRunner().invoke(cli, ["build", *map(str, SEEDS), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path, result


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_build_reports_papers_and_repositories(built):
    _, result = built
    assert "read 131 papers (14 duplicates merged, 0 records skipped)" in result.stderr
    assert "131 Paper" in result.stdout and "56 CodeRepo" in result.stdout


def test_shared_benchmarks_table_and_json(built):
    path, _ = built
    table = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--min-shared", "3"])
    assert table.exit_code == 0 and "shared: ADE20K, COCO, ImageNet" in table.stdout
    lines = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--paper", "CSWin", "--json"]).stdout
    rows = [json.loads(line) for line in lines.splitlines()]
    assert rows[0]["shared"] == 3 and rows[0]["title_a"].startswith("CSWin")


def test_stats_json(built):
    path, _ = built
    stats = json.loads(CliRunner().invoke(cli, ["stats", "-g", str(path), "--json"]).stdout)
    assert stats["nodes"]["Paper"] == 131


def test_viz_and_export(built, tmp_path):
    path, _ = built
    page = tmp_path / "page.html"
    assert CliRunner().invoke(cli, ["viz", "-g", str(path), "-o", str(page), "--focus", "ImageNet"]).exit_code == 0
    assert "vis.Network" in page.read_text()
    result = CliRunner().invoke(cli, ["export", "-g", str(path), "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0 and (tmp_path / "g.graphml").read_text().startswith("<?xml")
    out = tmp_path / "g.node-link.json"
    result = CliRunner().invoke(cli, ["export", "-g", str(path), "--format", "node-link", "-o", str(out)])
    graph = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    assert result.exit_code == 0 and graph.number_of_edges() == read_graph(path).number_of_edges() > 800


def test_extract_writes_the_scoring_contract(tmp_path):
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(SCIREX), "-o", str(out)])
    assert result.exit_code == 0, result.output
    gold = {json.loads(line)["id"]: json.loads(line) for line in SCIREX.read_text().splitlines()}
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == list(gold)
    for row in rows:
        for entity in row["entities"]:
            assert {"type", "name", "mention", "start", "end"} <= set(entity)
            text = gold[row["id"]][entity["field"]]
            assert text[entity["start"]:entity["end"]] == entity["mention"]


def test_build_with_a_minimum_confidence_keeps_only_sure_links(built, tmp_path):
    path, _ = built
    sure = tmp_path / "sure.json"
    result = CliRunner().invoke(cli, ["build", *map(str, SEEDS), "-o", str(sure), "--min-confidence", "0.7"])
    assert result.exit_code == 0, result.output
    kept = [attrs["confidence"] for _, _, attrs in read_graph(sure).edges(data=True) if "confidence" in attrs]
    every = [attrs["confidence"] for _, _, attrs in read_graph(path).edges(data=True) if "confidence" in attrs]
    assert min(kept) >= 0.7 > min(every) and len(kept) < len(every)
    assert CliRunner().invoke(cli, ["build", str(SEEDS[0]), "--min-confidence", "2"]).exit_code == 2


def test_extract_to_stdout():
    result = CliRunner().invoke(cli, ["extract", str(SEEDS[0])])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 67


@pytest.mark.parametrize("args, message", [
    (["build", "missing.txt"], "missing.txt: no such file"),
    (["stats", "-g", "missing.json"], "no such graph file"),
    (["shared-benchmarks", "-g", "{graph}", "--paper", "no such paper at all"], "no paper with id or title"),
    (["viz", "-g", "{graph}", "--focus", "nothing-like-this", "-o", "{tmp}/x.html"], "no node with id, name or title"),
])
def test_errors_exit_1_with_a_message(args, message, built, tmp_path):
    path, _ = built
    args = [a.format(graph=path, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.output


def test_malformed_input_is_an_error_when_nothing_is_left(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe garbage \x00\n\njust one line\n")
    result = CliRunner().invoke(cli, ["build", str(bad), "-o", str(tmp_path / "g.json")])
    assert result.exit_code == 1 and "\nError: no papers could be read" in result.stderr
    assert f"warning: {bad}:" in result.stderr


def test_a_file_that_is_not_a_graph_is_an_error(tmp_path):
    fake = tmp_path / "g.json"
    fake.write_text('{"hello": 1}')
    result = CliRunner().invoke(cli, ["stats", "-g", str(fake)])
    assert result.exit_code == 1 and "not a kg graph file" in result.stderr


def test_bad_flags_exit_2():
    assert CliRunner().invoke(cli, ["build", "--no-such-flag"]).exit_code == 2


def test_cypher_prints_a_table_json_lines_or_csv(built):
    path, _ = built
    query = ("MATCH (d:Dataset)<-[:USES_DATASET]-(p:Paper) RETURN d.name AS dataset, count(p) AS papers "
             "ORDER BY papers DESC, dataset LIMIT $k")
    table = CliRunner().invoke(cli, ["cypher", query, "-g", str(path), "-p", "k=2"])
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split() == ["dataset", "papers"]
    assert table.stdout.splitlines()[2].split() == ["ImageNet", "18"]
    lines = CliRunner().invoke(cli, ["cypher", query, "-g", str(path), "-p", "k=2", "--json"]).stdout.splitlines()
    assert json.loads(lines[0]) == {"dataset": "ImageNet", "papers": 18} and len(lines) == 2
    csv = CliRunner().invoke(cli, ["cypher", query, "-g", str(path), "-p", "k=1", "--csv"]).stdout
    assert csv == "dataset,papers\nImageNet,18\n"


def test_cypher_reads_a_query_file(built, tmp_path):
    path, _ = built
    query = tmp_path / "q.cypher"
    query.write_text("MATCH (n) RETURN count(n) AS nodes")
    result = CliRunner().invoke(cli, ["cypher", "-f", str(query), "-g", str(path), "--json"])
    assert json.loads(result.stdout) == {"nodes": sum(1 for _ in read_nodes(path))}


@pytest.mark.parametrize(("query", "message"), [
    ("MATCH (n RETURN n", "Error: Cypher syntax error"),
    ("MATCH (n:Paper WHERE n.title = 'x') RETURN n", "Neo4j runs it"),
])
def test_cypher_errors_exit_1_without_a_traceback(built, query, message):
    path, _ = built
    result = CliRunner().invoke(cli, ["cypher", query, "-g", str(path)])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output


def test_ask_lists_shows_and_answers(built):
    path, _ = built
    listed = CliRunner().invoke(cli, ["ask", "--list"])
    assert listed.exit_code == 0 and "similar-papers" in listed.stdout
    shown = CliRunner().invoke(cli, ["ask", "methods-on-dataset", "--show"])
    assert shown.stdout.startswith("// question:") and "$dataset" in shown.stdout
    answer = CliRunner().invoke(cli, ["ask", "papers-on-dataset", "-g", str(path), "-p", "dataset=ADE20K", "--json"])
    rows = [json.loads(line) for line in answer.stdout.splitlines()]
    assert answer.exit_code == 0 and len(rows) == 4 and all(r["dataset"] == "ADE20K" for r in rows)
    missing = CliRunner().invoke(cli, ["ask", "papers-on-dataset", "-g", str(path)])
    assert missing.exit_code == 1 and "Error: papers-on-dataset needs -p dataset=" in missing.stderr
    unknown = CliRunner().invoke(cli, ["ask", "papers-on-dataset", "-g", str(path), "-p", "dataset=MNIST"])
    assert unknown.exit_code == 1 and unknown.stdout == ""
    assert unknown.stderr.strip() == 'Error: no dataset named "MNIST" in the graph; close names: Moving MNIST'
    empty = CliRunner().invoke(cli, ["ask", "datasets-for-task", "-g", str(path), "-p", "task=cardiac segmentation"])
    assert empty.exit_code == 0 and empty.stdout == "" and "no rows" in empty.stderr  # a task no dataset is used on


def test_ask_list_shows_each_questions_parameters():
    table = CliRunner().invoke(cli, ["ask", "--list"]).stdout.splitlines()
    assert table[0].split() == ["name", "parameters", "question"]
    row = next(line for line in table if line.startswith("papers-sharing-benchmarks "))
    assert row.split("  ")[0] == "papers-sharing-benchmarks" and "  paper, min_shared=1, limit=20  " in row
    lines = CliRunner().invoke(cli, ["ask", "--list", "--json"]).stdout.splitlines()
    listed = {q["name"]: q for q in map(json.loads, lines)}
    assert listed["papers-sharing-benchmarks"]["parameters"][1] == {
        "name": "min_shared", "type": "integer", "default": 1, "description": "the least number of shared datasets"}
    assert listed["counts-per-label"]["parameters"] == []


@pytest.mark.parametrize("command", ["", *COMMANDS, "merge", "quality", "push", "pull"])
def test_help_examples_use_paths_users_have(command):
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    assert "../shared" not in result.output and "cypher/" not in result.output
    assert "kg-graph.json " not in result.output.replace("[default: kg-graph.json]", "")


def test_neo4j_admin_export_writes_the_schema_it_tells_to_load(built, tmp_path):
    path, _ = built
    folder = tmp_path / "neo4j-import"
    result = CliRunner().invoke(cli, ["export", "-g", str(path), "--format", "neo4j-admin", "-o", str(folder)])
    schema = folder / "schema.cypher"
    assert result.exit_code == 0 and result.stdout.rstrip().endswith(f"cypher-shell -f {schema}")
    assert schema.read_text() == (ROOT / "cypher" / "schema.cypher").read_text()
    assert "CREATE CONSTRAINT paper_id" in schema.read_text()


@pytest.mark.parametrize(("query", "message", "caret"), [
    ("MATCH (p:Paper RETURN p",
     "line 1, col 15: RETURN inside a MATCH pattern: the `(` opened at line 1, col 7 is not closed; "
     "a `)` is missing before RETURN", "   MATCH (p:Paper RETURN p\n                 ^"),
    ("MATCH (p:Paper {title: 'a (b' RETURN p", "the `{` opened at line 1, col 16 is not closed; a `}` is missing",
     None),
    ("MATCH (p:Paper)-[r:USES_DATASET->(d)\nRETURN p", "the `[` opened at line 1, col 17 is not closed", None),
])
def test_a_missing_bracket_is_named_not_called_a_reserved_keyword(built, query, message, caret):
    path, _ = built
    result = CliRunner().invoke(cli, ["cypher", query, "-g", str(path)])
    assert result.exit_code == 1 and message in result.stderr and "backtick" not in result.stderr
    assert caret is None or caret in result.stderr


def test_a_reserved_keyword_used_as_a_name_is_still_told_to_be_backticked(built):
    path, _ = built
    result = CliRunner().invoke(cli, ["cypher", "MATCH (return:Paper) RETURN return", "-g", str(path)])
    assert result.exit_code == 1 and "a reserved keyword; backtick it (`return`)" in result.stderr


def test_leaderboard_lists_the_results_papers_report_on_a_dataset(built):
    path, _ = built
    result = CliRunner().invoke(cli, ["leaderboard", "imagenet-1k", "-g", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["dataset"] for r in rows} == {"ImageNet"} and len(rows) >= 5
    assert [r["value"] for r in rows] == sorted((r["value"] for r in rows), reverse=True)
    cvt = next(r for r in rows if r["title"].startswith("CvT"))
    assert (cvt["metric"], cvt["value"], cvt["unit"]) == ("accuracy", 87.7, "%") and "87.7" in cvt["evidence"]
    none = CliRunner().invoke(cli, ["leaderboard", "Foo", "-g", str(path)])
    assert none.exit_code == 1 and none.stderr.startswith('Error: no dataset named "Foo" in the graph; ')
    close = CliRunner().invoke(cli, ["leaderboard", "cityscape", "-g", str(path)])
    assert close.exit_code == 1 and "close names: Cityscapes" in close.stderr
    glue = CliRunner().invoke(cli, ["leaderboard", "GLUE", "-g", str(path)])  # in the graph, with no results
    assert glue.exit_code == 0 and glue.stdout == "" and "no rows" in glue.stderr



def test_leaderboard_of_the_seeds_gives_no_dataset_a_result_its_sentence_puts_on_another(built):
    path, _ = built
    def rows(dataset):
        answer = CliRunner().invoke(cli, ["leaderboard", dataset, "-g", str(path), "--json"])
        assert answer.exit_code == 0, answer.output
        return [json.loads(line) for line in answer.stdout.splitlines()]
    kmax = "paper:title:kmax-deeplab-k-means-mask-transformer"
    # "... Cityscapes val set with 68.4% PQ, 44.0% AP, and 83.5% mIoU, and ADE20K val set with ... 55.2% mIoU"
    assert [(r["metric"], r["value"]) for r in rows("ADE20K") if r["paper"] == kmax] == [("mean IoU", 55.2)]
    assert sorted((r["metric"], r["value"]) for r in rows("Cityscapes") if r["paper"] == kmax) == [
        ("mean IoU", 83.5), ("mean average precision", 44.0)]  # (every score of the paper is a row)
    imagenet = rows("ImageNet")
    cvt = next(r for r in imagenet if r["title"].startswith("CvT"))
    assert (cvt["variant"], cvt["value"], cvt["extra_data"]) == ("ImageNet", 87.7, "pre-trained on ImageNet-22k")
    # CSWin's second result says it too ("By further pretraining on ... ImageNet-21K, ... 87.5%"); no other
    assert sorted((r["title"][:5], r["value"]) for r in imagenet if r["extra_data"]) == [("CSWin", 87.5), ("CvT: ", 87.7)]
    table = CliRunner().invoke(cli, ["leaderboard", "ImageNet", "-g", str(path)])
    # for people: the unit joined to its value; the dataset asked for, ids and empty columns left out
    assert table.stdout.split()[:4] == ["variant", "metric", "value", "extra_data"] and "87.7%" in table.stdout
    assert "paper:" not in table.stdout and " model " not in table.stdout.splitlines()[0]


def test_leaderboard_of_a_family_ranks_each_version_apart(tmp_path):
    papers = tmp_path / "papers.jsonl"
    papers.write_text("\n".join(json.dumps({"title": title, "abstract": abstract}) for title, abstract in [
        ("Small Net", "Small Net reaches 80.1% top-1 accuracy on ImageNet-1k."),
        ("Wide Net", "Wide Net reaches 81.4% top-1 accuracy on ImageNet-1k."),
        ("Huge Net", "Huge Net reaches 47.5% top-1 accuracy on ImageNet-21k.")]) + "\n")
    graph = tmp_path / "g.jsonl"
    assert CliRunner().invoke(cli, ["build", str(papers), "-o", str(graph)]).exit_code == 0
    answer = CliRunner().invoke(cli, ["leaderboard", "ImageNet", "-g", str(graph), "--csv"])
    rows = [line.split(",")[:4] for line in answer.stdout.splitlines()]
    assert rows == [["dataset", "variant", "metric", "value"], ["ImageNet", "ImageNet", "accuracy", "81.4"],
                    ["ImageNet", "ImageNet", "accuracy", "80.1"], ["ImageNet", "ImageNet-21k", "accuracy", "47.5"]]


def test_a_graphml_file_kg_wrote_answers_stats_questions_and_cypher(built, tmp_path):
    path, _ = built
    graphml = tmp_path / "g.graphml"
    assert CliRunner().invoke(cli, ["export", "-g", str(path), "-o", str(graphml)]).exit_code == 0
    stats = CliRunner().invoke(cli, ["stats", "-g", str(graphml), "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout) == json.loads(CliRunner().invoke(cli, ["stats", "-g", str(path), "--json"]).stdout)
    human = CliRunner().invoke(cli, ["stats", "-g", str(graphml)])
    assert human.exit_code == 0 and "Paper" in human.stdout and "131" in human.stdout
    query = "MATCH (d:Dataset {name: 'ImageNet'})<-[:USES_DATASET]-(p:Paper) RETURN count(p) AS papers"
    assert json.loads(CliRunner().invoke(cli, ["cypher", query, "-g", str(graphml), "--json"]).stdout) == {"papers": 18}
    answer = CliRunner().invoke(cli, ["ask", "papers-on-dataset", "-g", str(graphml), "-p", "dataset=ADE20K", "--json"])
    assert answer.exit_code == 0 and len(answer.stdout.splitlines()) == 4


def test_a_graphml_file_kg_did_not_write_is_an_error(tmp_path):
    foreign = tmp_path / "other.graphml"
    foreign.write_text('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                       '<graph edgedefault="directed"><node id="a"/></graph></graphml>')
    result = CliRunner().invoke(cli, ["stats", "-g", str(foreign)])
    assert result.exit_code == 1 and "Error: " in result.stderr and "not a GraphML file kg wrote" in result.stderr
    foreign.write_text("not xml at all")
    result = CliRunner().invoke(cli, ["stats", "-g", str(foreign)])
    assert result.exit_code == 1 and "not a GraphML file" in result.stderr and "Traceback" not in result.output


def test_the_default_graph_file_is_json_lines_named_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["build", str(SEEDS[0])]).exit_code == 0
    lines = (tmp_path / "kg-graph.jsonl").read_text().splitlines()
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert CliRunner().invoke(cli, ["stats", "--json"]).exit_code == 0


def test_stats_names_the_hidden_files_beside_the_graph(built):
    path, _ = built
    CliRunner().invoke(cli, ["cypher", "MATCH (n) RETURN count(n)", "-g", str(path)])  # the engine's copy
    lines = CliRunner().invoke(cli, ["stats", "-g", str(path)]).stdout.splitlines()
    assert lines[-2].startswith(f"beside {path} (hidden, .{path.name}.*): 1 survey, 1 dataset index, 1 engine copy")
    assert "may be deleted while no kg command runs" in lines[-1]


def test_a_schema_type_the_graph_lacks_is_no_warning_but_a_misspelt_one_is(built):
    path, _ = built
    shared = CliRunner().invoke(cli, ["ask", "papers-sharing-benchmarks", "-g", str(path), "-p", "paper=kMaX"])
    assert shared.exit_code == 0 and "ADE20K, COCO" in shared.stdout and "warning" not in shared.stderr
    authors = CliRunner().invoke(cli, ["cypher", "MATCH (a:Author)-[:WROTE]->(p) RETURN p", "-g", str(path)])
    assert "warning" not in authors.stderr and "no rows" in authors.stderr  # the seeds have no authors
    typo = CliRunner().invoke(cli, ["cypher", "MATCH (p)-[:USES_DATSET]->(d) RETURN d", "-g", str(path)])
    assert "warning: MATCH references unknown relationship type 'USES_DATSET'" in typo.stderr


def table_column(table: str, name: str) -> list[str]:
    """The cells of column `name` of a printed table, each cell's wrapped lines joined by a space."""
    lines = table.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    start, end = spans[[lines[0][a:b].strip() for a, b in spans].index(name)]
    cells: list[str] = []
    for line in lines[2:]:
        piece = line[start:end + 2].strip() if len(spans) > 1 and (start, end) != spans[-1] else line[start:].strip()
        if line[:spans[0][1]].strip():
            cells.append(piece)
        elif piece:
            cells[-1] += " " + piece
    return cells


def test_tables_fit_the_terminal_with_whole_titles_and_wide_prints_all(built):
    path, _ = built
    args = ["ask", "papers-on-dataset", "-g", str(path), "-p", "dataset=ImageNet"]
    rows = [json.loads(line) for line in CliRunner().invoke(cli, [*args, "--json"]).stdout.splitlines()]
    assert max(len(r["evidence"]) for r in rows) > 200  # the cells the issue saw cut at 60 characters
    for columns in (100, 80):
        table = CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, args).stdout
        assert max(len(line) for line in table.splitlines()) <= columns
        assert table_column(table, "title") == [" ".join(r["title"].split()) for r in rows]
        assert "…" in table  # the evidence is elided in its middle
    wide = CliRunner(env={"COLUMNS": "100"}).invoke(cli, [*args, "--wide"]).stdout
    assert all(r["evidence"] in wide and r["paper"] in wide for r in rows) and "…" not in wide
    board = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["leaderboard", "ImageNet", "-g", str(path)]).stdout
    assert max(len(line) for line in board.splitlines()) <= 100
    assert table_column(board, "title")[0] == "CvT: Introducing Convolutions to Vision Transformers"


def test_shared_benchmarks_prints_whole_titles(built):
    path, _ = built
    out = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["shared-benchmarks", "-g", str(path)]).stdout
    assert "   Swin Transformer: Hierarchical Vision Transformer using Shifted Windows\n" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    daformer = "DAFormer: Improving Network Architectures and Training Strategies for Domain-Adaptive Semantic " \
               "Segmentation"
    assert daformer in " ".join(line.strip() for line in out.splitlines())
    wide = CliRunner(env={"COLUMNS": "60"}).invoke(cli, ["shared-benchmarks", "-g", str(path), "--wide"]).stdout
    assert f"3  {daformer}\n" in wide


def test_shared_benchmarks_prints_csv_as_the_other_commands(built):
    path, _ = built
    result = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--csv", "--limit", "2"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 and rows[0]["shared"] == "3" and rows[0]["datasets"] == "Cityscapes, GTA5, SYNTHIA"
    assert rows[0]["title_a"].startswith("DAFormer: Improving Network Architectures")


def test_shared_benchmarks_min_shared_1_answers_all_pairs_ranked(built):
    path, _ = built
    result = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--min-shared", "1", "--limit", "12",
                                      "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 12 and [r["shared"] for r in rows] == sorted((r["shared"] for r in rows), reverse=True)
    assert rows[0]["datasets"] == ["Cityscapes", "GTA5", "SYNTHIA"] and rows[-1]["shared"] == 1
    everything = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--min-shared", "1", "--limit", "0",
                                          "--json"])
    assert everything.exit_code == 0 and len(everything.stdout.splitlines()) == 189
    assert [json.loads(line) for line in everything.stdout.splitlines()[:12]] == rows
