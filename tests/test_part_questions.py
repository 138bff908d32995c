"""Questions about a few papers, answered from the part of a built graph file that holds them: the same
rows as the whole graph gives, without the engine's copy of the whole graph."""
import numpy as np
import pytest
from click.testing import CliRunner
from conftest import SEEDS

from kg.cli import cli
from kg.engine import open_engine, open_whole
from kg.errors import QueryError, StoreError
from kg.library import ALL_ROWS, ask, get_question, parse_question
from kg.store.dataset_index import DatasetIndex, kept_index
from kg.store.survey import read_survey

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


def test_the_build_keeps_the_dataset_index_the_whole_graph_gives(built):
    kept = kept_index(built)
    from_links = open_whole(built).dataset_index()
    assert kept is not None and len(kept.papers) > 30
    for name in DatasetIndex.__dataclass_fields__:
        assert np.array_equal(getattr(kept, name), getattr(from_links, name)), name


def test_a_paper_is_found_by_id_from_its_part_and_by_title_in_the_whole_graph(tmp_path):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    engine = open_engine(path)
    swin = SWIN
    for given in (swin, swin.removeprefix("paper:")):
        assert [row["paper"] for row in ask(engine, "paper-by-id", {"id": given}).rows] == [swin]
    assert ask(engine, "paper-by-id", {"id": "title:no-such-paper"}).rows == []
    assert not copies(path)
    by_title = ask(engine, "papers-sharing-benchmarks", {"paper": "Swin Transformer: Hierarchical"}).rows
    assert by_title and by_title[0]["paper_a"] == swin
    assert copies(path)  # a title is looked up in the whole graph


def test_the_cli_answers_a_paper_question_without_the_engines_copy(tmp_path):
    build(tmp_path, *SEEDS, "-o", tmp_path / "g.json")
    path = tmp_path / "g.json"
    result = CliRunner().invoke(cli, ["shared-benchmarks", "-g", str(path), "--paper", SWIN,
                                      "--json"])
    assert result.exit_code == 0, result.output
    assert f'"paper_a": "{SWIN}"' in result.output
    assert not copies(path)


def test_after_an_append_questions_read_the_whole_graph_and_give_a_builds_answers(tmp_path):
    graph, both = tmp_path / "g.json", tmp_path / "both.json"
    build(tmp_path, SEEDS[0], "-o", graph)
    build(tmp_path, SEEDS[1], "-o", graph, "--append")
    build(tmp_path, *SEEDS, "-o", both)
    assert read_survey(graph).blocks is False  # a later part's links of a paper may be elsewhere
    assert kept_index(graph) is None
    for paper in list(read_survey(both).places)[::5]:
        params = {"paper": paper, "limit": 5}
        assert ask(open_engine(graph), "papers-sharing-benchmarks", params).rows == \
            ask(open_engine(both), "papers-sharing-benchmarks", params).rows


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


def test_a_survey_that_points_at_another_node_is_reported_not_followed(built):
    from kg.store.part import papers_part
    found = read_survey(built)
    first, second = list(found.places)[:2]
    found.places[first] = found.places[second]
    with pytest.raises(StoreError, match=f"not {first}, where the kept survey says it is"):
        papers_part(built, found, [first], ("USES_DATASET",))
