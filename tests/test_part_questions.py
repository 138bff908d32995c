"""Questions about a few papers, answered from the part of a built graph file that holds them: the same
rows as the whole graph gives, without the engine's copy of the whole graph."""
import json

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import SEEDS

from kg.cli import cli
from kg.engine import open_engine, open_whole
from kg.errors import QueryError, StoreError
from kg.library import ALL_ROWS, Part, ask, get_question, parse_question
from kg.questions import shared_benchmarks, top_shared_pairs
from kg.schema import DATASET_RELATIONSHIPS
from kg.store.dataset_index import DatasetIndex, index_links, index_path, kept_index
from kg.store.file import read_graph
from kg.store.part import papers_part
from kg.store.survey import read_survey, survey

SWIN = "paper:title:swin-transformer-hierarchical-vision-transformer-using-shifted-windows"


def build(tmp_path, *args):
    result = CliRunner().invoke(cli, ["build", *map(str, args), "-q"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds' graph file as `kg build` writes it (its survey and dataset index kept beside it)."""
    folder = tmp_path_factory.mktemp("built")
    build(folder, *SEEDS, "-o", folder / "g.json")
    return folder / "g.json"


def copies(path):
    return list(path.parent.glob(f".{path.name}.*.kgl"))


def test_papers_sharing_benchmarks_are_answered_from_the_papers_part(built):
    papers = list(read_survey(built).places)
    engine = open_engine(built)
    answers = {(paper, min_shared, limit): ask(engine, "papers-sharing-benchmarks",
                                              {"paper": paper, "min_shared": min_shared, "limit": limit}).rows
               for paper in papers for min_shared, limit in ((1, ALL_ROWS), (2, 3))}
    assert not copies(built)  # the whole graph was not read into the engine
    whole = open_whole(built)
    for (paper, min_shared, limit), rows in answers.items():
        assert rows == ask(whole, "papers-sharing-benchmarks",
                           {"paper": paper, "min_shared": min_shared, "limit": limit}).rows
    assert sum(bool(rows) for rows in answers.values()) > 30  # not only empty answers


def index_of_links(path):
    """The dataset index of the links of a graph file, as NetworkX reads them."""
    return index_links((u, v) for u, v, k in read_graph(path).edges(keys=True) if k in DATASET_RELATIONSHIPS)


def same_index(one, other):
    return all(np.array_equal(getattr(one, name), getattr(other, name)) for name in DatasetIndex.__dataclass_fields__)


def test_the_build_keeps_the_dataset_index_of_its_links(built):
    kept = kept_index(built)
    assert kept is not None and len(kept.papers) > 30
    assert same_index(kept, index_of_links(built))


def test_a_paper_is_found_by_id_and_by_title_from_the_part_that_holds_it(tmp_path):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    engine = open_engine(path)
    swin = SWIN
    for given in (swin, swin.removeprefix("paper:")):
        assert [row["paper"] for row in ask(engine, "paper-by-id", {"id": given}).rows] == [swin]
    assert ask(engine, "paper-by-id", {"id": "title:no-such-paper"}).rows == []
    by_title = ask(engine, "papers-sharing-benchmarks", {"paper": "swin transformer: HIERARCHICAL"}).rows
    assert by_title and by_title[0]["paper_a"] == swin
    assert not copies(path)


def test_papers_found_by_title_from_their_part_are_those_the_whole_graph_finds(tmp_path):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    texts = ["swin", "TRANSFORMER", "Cross-Domain", "for", "no such title", SWIN, "title:toontalker-cross-domain-face-reenactment"]
    found = {text: ask(open_engine(path), "find-paper", {"text": text, "limit": ALL_ROWS}).rows for text in texts}
    assert not copies(path)
    assert [len(found[text]) > 0 for text in texts] == [True, True, True, True, False, True, True]
    whole = open_whole(path)
    for text, rows in found.items():
        assert rows == ask(whole, "find-paper", {"text": text, "limit": ALL_ROWS}).rows, text


@pytest.mark.parametrize("text", ["", "Génération"])
def test_a_title_text_the_file_cannot_be_searched_for_goes_to_the_whole_graph(tmp_path, text):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    ask(open_engine(path), "find-paper", {"text": text})
    assert copies(path)


def test_the_cli_answers_a_paper_question_without_the_engines_copy(tmp_path):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    result = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--paper", SWIN,
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert f'"paper_a": "{SWIN}"' in result.output
    assert not copies(path)


def test_after_an_append_questions_are_answered_from_the_part_as_a_build_answers(tmp_path):
    graph, both = tmp_path / "g.json", tmp_path / "both.json"
    build(tmp_path, SEEDS[0], "-o", graph)
    build(tmp_path, SEEDS[1], "-o", graph, "--append")
    build(tmp_path, *SEEDS, "-o", both)
    assert read_survey(graph).blocks
    assert same_index(kept_index(graph), index_of_links(graph))
    for paper in list(read_survey(both).places)[::5]:
        params = {"paper": paper, "limit": 5}
        assert ask(open_engine(graph), "papers-sharing-benchmarks", params).rows == \
            ask(open_engine(both), "papers-sharing-benchmarks", params).rows
    assert not copies(graph)


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


@pytest.mark.parametrize("how", ["merge", "append"])
def test_a_later_reading_of_a_paper_adds_its_links_to_the_papers_block(tmp_path, how):
    """A paper in two parts, each reading finding other datasets: the merged paper's links all follow its
    node, so its part holds every one, and the kept index has them."""
    papers = [{"id": f"2401.0000{n}", "title": f"Paper {n}", "abstract": text} for n, text in enumerate(
        ["We train on ImageNet.", "We report results on CIFAR-10 and ImageNet.", "A study on COCO."])]
    later = [{**papers[1], "abstract": "We report results on SQuAD and MS MARCO."},
             {"id": "2401.00009", "title": "Paper 9", "abstract": "We use SQuAD."}]
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    build(tmp_path, write_jsonl(tmp_path / "first.jsonl", papers), "-o", first)
    build(tmp_path, write_jsonl(tmp_path / "second.jsonl", later), "-o", second)
    merged = tmp_path / "merged.json"
    if how == "merge":
        assert CliRunner().invoke(cli, ["merge", str(first), str(second), "-o", str(merged)]).exit_code == 0
    else:
        build(tmp_path, write_jsonl(tmp_path / "later.jsonl", later), "-o", first, "--append")
        merged = first
    whole = read_graph(merged)
    twice = "paper:arxiv:2401.00001"
    assert {v for _, v, k in whole.out_edges(twice, keys=True) if k == "USES_DATASET"} >= \
        {"dataset:cifar10", "dataset:imagenet", "dataset:squad"}
    found = read_survey(merged)
    assert found.blocks and same_index(kept_index(merged), index_of_links(merged))
    for paper in found.places:
        nodes, edges = papers_part(merged, found, [paper], DATASET_RELATIONSHIPS)
        assert sorted(edge[:3] for edge in edges) == \
            sorted((u, v, k) for u, v, k in whole.out_edges(paper, keys=True) if k in DATASET_RELATIONSHIPS)
    params = {"paper": twice}
    assert ask(open_engine(merged), "papers-sharing-benchmarks", params).rows == \
        ask(open_whole(merged), "papers-sharing-benchmarks", params).rows


def test_a_part_line_names_parameters_and_links_stored_with_a_paper():
    assert get_question("papers-sharing-benchmarks").part.links == ("USES_DATASET", "INTRODUCES_DATASET")
    head = "// question: What?\n// param paper (paper): a paper\n"
    with pytest.raises(QueryError, match=r"x.cypher:3: write `// part: papers NAME"):
        parse_question("x", head + "// part: papers other\nRETURN 1")
    with pytest.raises(QueryError, match="x.cypher:3: CITES: a part's links"):
        parse_question("x", head + "// part: papers paper; links CITES\nRETURN 1")
    with pytest.raises(QueryError, match=r"or ranked.COLUMN"):
        parse_question("x", head + "// index: shared-datasets\n// part: papers ranked\n// ranked: RETURN 1\nRETURN 1")
    assert parse_question("x", head + "// part: papers paper\nRETURN 1").part.papers == ("paper",)
    with pytest.raises(QueryError, match=r"x.cypher:3: write `// part: papers NAME, ...\[; titles NAME\]"):
        parse_question("x", head + "// part: papers paper; titles other\nRETURN 1")
    assert get_question("find-paper").part == Part(("text",), (), "text")


def test_a_survey_that_points_at_another_node_is_reported_not_followed(built):
    found = read_survey(built)
    first, second = list(found.places)[:2]
    found.places[first] = found.places[second]
    with pytest.raises(StoreError, match=f"not {first}, where the kept survey says it is"):
        papers_part(built, found, [first], ("USES_DATASET",))


def test_a_file_with_a_link_away_from_its_papers_node_is_not_read_by_blocks(built, tmp_path):
    lines = built.read_bytes().splitlines(keepends=True)
    link = next(n for n, line in enumerate(lines) if b'"USES_DATASET"' in line)
    moved = tmp_path / "moved.json"
    moved.write_bytes(b"".join(lines[:link] + lines[link + 1:link + 60] + [lines[link]] + lines[link + 60:]))
    assert survey([built]).blocks and not survey([moved]).blocks


def test_an_append_to_a_graph_without_its_kept_index_keeps_none(tmp_path):
    graph = tmp_path / "g.json"
    build(tmp_path, SEEDS[0], "-o", graph)
    index_path(graph).unlink()
    build(tmp_path, SEEDS[1], "-o", graph, "--append")
    assert kept_index(graph) is None  # made from the whole graph when first asked
    assert same_index(open_engine(graph).dataset_index(), index_of_links(graph))


def test_all_pairs_sharing_benchmarks_are_ranked_on_the_index_and_read_from_their_part(tmp_path):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    asked = [(least, limit, shared_benchmarks(open_engine(path), min_shared=least, limit=limit))
             for least, limit in ((2, 20), (2, 3), (3, None))]
    assert not copies(path)  # neither datasets-per-paper nor the pairs read the whole graph
    whole = open_whole(path)
    for least, limit, rows in asked:
        assert rows and [(r.paper_a, r.paper_b, r.shared, r.datasets) for r in rows] == \
            [(r["paper_a"], r["paper_b"], r["shared"], tuple(r["datasets"])) for r in top_shared_pairs(whole, least, limit)]


def test_titles_written_with_escapes_or_letters_outside_ascii_are_found_too(tmp_path):
    titles = ["Über \"quoted\" Transformers", "A\\B testing of transformers", "Plain transformers", "Cold at 5 \u212a"]
    papers = [{"id": f"2401.0000{n}", "title": title, "abstract": "We use ImageNet."} for n, title in enumerate(titles)]
    build(tmp_path, write_jsonl(tmp_path / "p.jsonl", papers), "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    texts = ["transformers", '"quoted"', "a\\b", "k"]
    found = {text: [row["title"] for row in ask(open_engine(path), "find-paper", {"text": text}).rows] for text in texts}
    assert not copies(path)
    assert found["transformers"] == sorted(titles[:3], key=str.lower) and found['"quoted"'] == [titles[0]]
    assert found["a\\b"] == [titles[1]] and titles[3] in found["k"]  # the Kelvin sign is a k in lower case
    whole = open_whole(path)
    for text, rows in found.items():
        assert rows == [row["title"] for row in ask(whole, "find-paper", {"text": text}).rows], text
