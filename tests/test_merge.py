"""Graphs built apart and merged, and papers added to a graph: the graph one build of everything makes."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SEEDS

from kg.cli import cli
from kg.store.file import read_graph, write_graph
from kg.store.survey import survey_path

OAI = FIXTURES / "samples" / "arxiv-metadata-oai-snapshot.sample.jsonl"
KG = Path(sys.executable).parent / "kg"


def lines_but_sources(path: Path) -> list[dict]:
    """The file's lines in order, decoded, without the papers' `sources` (which name the shard files)."""
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    for line in lines:
        line.get("data", {}).pop("sources", None)
    return lines


def kg(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def citing_corpus(tmp_path_factory) -> Path:
    """200 arXiv records and four that cite each other (OpenAlex, Semantic Scholar), the citing records
    first and the cited ones at the end, so that shards cite across each other."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    citing = [
        {"id": "https://openalex.org/W1", "display_name": "Citing work", "abstract_inverted_index": {"A": [0]},
         "referenced_works": ["https://openalex.org/W2", "https://openalex.org/W404"]},
        {"paperId": "s2-a", "title": "An S2 paper", "abstract": "We use COCO.",
         "references": [{"paperId": "s2-b"}], "externalIds": {"DOI": "10.1/CITED"}},
    ]
    cited = [
        {"id": "https://openalex.org/W2", "display_name": "Cited work", "abstract_inverted_index": {"B": [0]}},
        {"paperId": "s2-b", "title": "Cited by S2", "abstract": "Results on ImageNet.",
         "outCitations": ["10.1/cited", "0704.0002"]},
    ]
    lines = [json.dumps(r) for r in citing] + OAI.read_text().splitlines() + [json.dumps(r) for r in cited]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_shards_built_apart_merge_into_the_graph_of_one_build(citing_corpus, tmp_path):
    lines = citing_corpus.read_text().splitlines(keepends=True)
    parts = []
    for number, start in enumerate(range(0, len(lines), 70)):
        shard = tmp_path / f"shard-{number}.jsonl"
        shard.write_text("".join(lines[start:start + 70]))
        parts.append(tmp_path / f"part-{number}.json")
        kg("build", shard, "-o", parts[-1])
    kg("build", citing_corpus, "-o", tmp_path / "one.json")
    output = kg("merge", *parts, "-o", tmp_path / "merged.json")
    assert lines_but_sources(tmp_path / "merged.json") == lines_but_sources(tmp_path / "one.json")
    assert "204 Paper" in output
    cites = sorted((u, v) for u, v, k in read_graph(tmp_path / "merged.json").edges(keys=True) if k == "CITES")
    # each citation crosses from the first shard to the last
    assert cites == [("paper:s2-a", "paper:s2-b"), ("paper:s2-b", "paper:arxiv:0704.0002"),
                     ("paper:s2-b", "paper:s2-a"), ("paper:title:citing-work", "paper:title:cited-work")]


def test_the_sharded_build_script_runs_shards_as_jobs_and_merges_them(citing_corpus, tmp_path):
    kg("build", citing_corpus, "-o", tmp_path / "one.json")
    env = {**os.environ, "KG": str(KG), "JOBS": "2"}
    subprocess.run(["bash", str(ROOT / "scripts" / "sharded-build.sh"), str(citing_corpus), "3",
                    str(tmp_path / "sharded.json")], check=True, env=env, capture_output=True)
    assert lines_but_sources(tmp_path / "sharded.json") == lines_but_sources(tmp_path / "one.json")


def test_a_day_appended_is_the_graph_of_both_days_and_again_changes_nothing(tmp_path):
    graph = tmp_path / "g.json"
    kg("build", SEEDS[0], "-o", graph)
    output = kg("build", SEEDS[1], "-o", graph, "--append")
    assert "added 64 papers (14 already in the graph)" in output
    kg("build", *SEEDS, "-o", tmp_path / "both.json")
    assert graph.read_bytes() == (tmp_path / "both.json").read_bytes()
    again = kg("build", SEEDS[1], "-o", graph, "--append")
    assert "added 0 papers (78 already in the graph)" in again
    assert graph.read_bytes() == (tmp_path / "both.json").read_bytes()
    # a paper in both listings is one node with both sources
    sources = [a["sources"] for _, a in read_graph(graph).nodes(data=True) if len(a.get("sources", [])) > 1]
    assert len(sources) == 14


def survey_kept(graph: Path) -> bool:
    """Whether the graph file's survey for its present version is beside it, and no other."""
    return survey_path(graph).exists() and len(list(graph.parent.glob(f".{graph.name}.*.survey.json"))) == 1


def test_an_append_rewrites_only_the_end_and_writes_the_file_a_full_merge_writes(citing_corpus, tmp_path):
    # the citing records come first, the records they cite last: the old papers gain citations
    lines = citing_corpus.read_text().splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:150]))
    second.write_text("".join(lines[140:]))  # ten papers in both
    kg("build", citing_corpus, "-o", tmp_path / "one.json")
    graph = tmp_path / "g.json"
    kg("build", first, "-o", graph)
    assert survey_kept(graph)
    head, inode = graph.read_bytes()[:graph.stat().st_size // 2], graph.stat().st_ino
    output = kg("build", second, "-o", graph, "--append")
    assert graph.stat().st_ino == inode  # changed in place, not written anew
    assert "added 54 papers (10 already in the graph)" in output and "204 Paper" in output
    assert survey_kept(graph)
    assert lines_but_sources(graph) == lines_but_sources(tmp_path / "one.json")
    assert graph.read_bytes().startswith(head)  # the papers before the first one in both were kept as they were
    # without the kept survey the graph is read whole, to the same file
    appended = graph.read_bytes()
    kg("build", first, "-o", graph)
    survey_path(graph).unlink()
    kg("build", second, "-o", graph, "--append")
    assert graph.read_bytes() == appended and survey_kept(graph)


def test_an_append_to_a_graph_not_written_by_a_build_merges_it_whole(tmp_path):
    graph = tmp_path / "g.json"
    write_graph(read_graph(kg_build(SEEDS[0], tmp_path / "day1.json")), graph)  # nodes first, then relationships
    inode = graph.stat().st_ino
    kg("build", SEEDS[1], "-o", graph, "--append")
    assert graph.stat().st_ino != inode  # written anew
    both = read_graph(kg_build(SEEDS, tmp_path / "both.json"))
    appended = read_graph(graph)
    assert dict(appended.nodes(data=True)) == dict(both.nodes(data=True))
    assert sorted(appended.edges(keys=True)) == sorted(both.edges(keys=True))


def test_an_interrupted_append_is_completed_by_the_next_reader(tmp_path):
    graph = tmp_path / "g.json"
    kg("build", SEEDS[0], "-o", graph)
    before = graph.read_bytes()
    kg("build", SEEDS[1], "-o", graph, "--append")
    after = graph.read_bytes()
    same = next(i for i, (a, b) in enumerate(zip(before, after)) if a != b)
    start = before.rindex(b"\n", 0, same) + 1  # the versions are alike up to that line
    # the new end committed beside the graph, the graph not changed yet: as if the append stopped there
    graph.write_bytes(before)
    (tmp_path / f".g.json.new-end-from-{start}").write_bytes(after[start:])
    papers = [n for n, a in read_graph(graph).nodes(data=True) if a["label"] == "Paper"]
    assert len(papers) == 131 and graph.read_bytes() == after
    assert not list(tmp_path.glob(".g.json.new-end-from-*"))


def kg_build(sources, output: Path) -> Path:
    """`kg build SOURCES -o OUTPUT`; the output."""
    kg("build", *(sources if isinstance(sources, (list, tuple)) else [sources]), "-o", output)
    return output


def test_appending_to_no_graph_yet_builds_it(tmp_path):
    graph = tmp_path / "new.json"
    kg("build", SEEDS[0], "-o", graph, "--append")
    kg("build", SEEDS[0], "-o", tmp_path / "plain.json")
    assert graph.read_bytes() == (tmp_path / "plain.json").read_bytes()


def test_merge_and_append_refuse_what_they_cannot_merge(tmp_path):
    graph = tmp_path / "g.json"
    kg("build", SEEDS[0], "-o", graph)
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(graph.read_bytes().replace(b'{"node"', b'{"node" oops', 1))
    result = CliRunner().invoke(cli, ["merge", str(graph), str(damaged), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 1 and f"{damaged}:2: not a graph line" in result.output
    for bad in (b'{"node":"paper:x"}', b'{"node":1,"data":{}}', b'{"paper_ids":"paper:x","references":5}',
                b'{"edge":"no ends","data":{"type":"CITES"}}'):
        odd = tmp_path / "odd.json"
        odd.write_bytes(graph.read_bytes() + bad + b"\n")
        result = CliRunner().invoke(cli, ["merge", str(graph), str(odd), "-o", str(tmp_path / "m.json")])
        assert result.exit_code == 1 and f"{odd}:" in result.output and "damaged" in result.output, bad
    listing = CliRunner().invoke(cli, ["merge", str(graph), str(SEEDS[0]), "-o", str(tmp_path / "m.json")])
    assert listing.exit_code == 1 and "not a kg graph file" in listing.output
    graphml = CliRunner().invoke(cli, ["build", str(SEEDS[0]), "-o", str(tmp_path / "g.graphml"), "--append"])
    assert graphml.exit_code == 1 and "--append adds to a graph file of JSON lines" in graphml.output
    assert not (tmp_path / "m.json").exists()
