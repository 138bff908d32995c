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
from kg.store.file import read_graph

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
