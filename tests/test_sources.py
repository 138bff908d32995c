"""The structured sources (JSON, JSON lines, CSV, Atom, .gz) read from the real samples, merged, filtered,
and bad input skipped, reported and kept in --rejects."""
import gzip
import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import cli
from kg.errors import LoadError
from kg.loaders import Filters, LoadReport, detect_format, read_papers
from kg.loaders.records import paper_from_record
from kg.pipeline import build
from kg.schema import EXTRACTED_RELATIONSHIPS
from kg.store.file import read_graph

SAMPLES = FIXTURES / "samples"
OAI = SAMPLES / "arxiv-metadata-oai-snapshot.sample.jsonl"
ATOM = SAMPLES / "arxiv_api_atom_sample.xml"
HF = SAMPLES / "hf_daily_papers_sample.json"
PWC_LIST = SAMPLES / "pwc_paper_list_response.json"
PWC_GET = SAMPLES / "pwc_paper_get_response.json"


def read(*paths, **options):
    report = LoadReport()
    return read_papers(paths, report, **options), report


@pytest.mark.parametrize(("path", "kind", "count"), [(OAI, "jsonl", 200), (ATOM, "arxiv-atom", 10), (HF, "json", 2),
                                                     (PWC_LIST, "json", 50), (PWC_GET, "json", 1)])
def test_every_sample_reads_whole(path, kind, count):
    papers, report = read(path)
    assert detect_format(path) == kind and len(papers) == count and report.skipped == 0
    assert all(p.title and p.abstract and p.sources for p in papers)


def test_arxiv_atom_keeps_both_id_styles_without_versions():
    papers, _ = read(ATOM)
    first = papers[0]
    assert first.id == "arxiv:1501.05039" and first.arxiv_id == "1501.05039" and first.date == "2015-01-21"
    assert first.authors == ("Yangyong Zhu", "Yun Xiong") and first.categories == ("cs.DB", "cs.CY")
    assert "arxiv:quant-ph/0210005" in {p.id for p in papers}


def test_arxiv_oai_records_give_authors_categories_doi_and_first_version_date():
    first = read(OAI)[0][0]
    assert first.id == "arxiv:0704.0001" and first.doi == "10.1103/physrevd.76.013009"
    assert first.categories == ("hep-ph",) and first.date == "2007-04-02"
    assert first.authors[:2] == ("C. Balázs", "E. L. Berger")


def test_hugging_face_papers_keep_the_arxiv_id_and_authors():
    first = read(HF)[0][0]
    assert first.id == "arxiv:2410.17243" and first.date == "2024-10-22"
    assert first.authors[:2] == ("Zesen Cheng", "Hang Zhang")


def test_gzip_is_read_transparently(tmp_path):
    packed = tmp_path / "oai.jsonl.gz"
    packed.write_bytes(gzip.compress(OAI.read_bytes()))
    assert detect_format(packed) == "jsonl"
    assert [p.id for p in read(packed)[0]] == [p.id for p in read(OAI)[0]]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(OAI.read_bytes())[:20000])
    papers, report = read(cut)
    assert 0 < len(papers) < 200 and "cannot be read past this line" in report.problems[-1].reason


def test_one_paper_from_many_sources_by_arxiv_id_doi_or_title(tmp_path):
    records = tmp_path / "mine.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in [
        {"title": "Defining data science", "abstract": "Same paper, other source."},        # title
        {"title": "Another title", "abstract": "x", "url": "https://arxiv.org/abs/0808.0631v2"},  # arXiv id
        {"title": "Calculation of prompt diphoton production", "abstract": "y", "doi": "https://doi.org/10.1103/PhysRevD.76.013009"},
        {"title": "Defining Data Science", "abstract": "z", "arxiv_id": "9999.99999"},   # a different paper
    ]) + "\n")
    papers, report = read(ATOM, OAI, records)
    assert len(papers) == 211 and report.merged == 3
    data_science = next(p for p in papers if p.id == "arxiv:1501.05039")
    assert len(data_science.sources) == 2 and data_science.abstract.startswith("Data science is gaining")


def test_filters_by_category_and_date():
    papers, report = read(OAI, ATOM, filters=Filters(("cs.*",), "2008-01-01"))
    assert papers and all(any(c.startswith("cs.") for c in p.categories) and p.date >= "2008-01-01" for p in papers)
    assert report.filtered == 210 - len(papers)


def test_bad_records_are_skipped_reported_and_kept_in_rejects(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"title": "Good one", "abstract": "fine"}\n{"title": "cut off\n\xff\xfe not utf8\n'
                    b'{"abstract": 3}\n{"id": "x"}\n' + json.dumps({"title": "Huge", "abstract": "a " * 5_000_000}).encode())
    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(cli, ["build", str(bad), "-o", str(tmp_path / "g.json"), "--rejects", str(rejects)])
    assert result.exit_code == 0 and "read 2 papers (0 duplicates merged, 4 records skipped)" in result.stderr
    kept = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [r["line"] for r in kept] == [2, 3, 4, 5]
    assert "not valid JSON" in kept[0]["reason"] and kept[0]["record"] == '{"title": "cut off'
    assert "not UTF-8" in kept[1]["reason"] and "title` and `abstract` must be text" in kept[2]["reason"]
    strict = CliRunner().invoke(cli, ["build", str(bad), "-o", str(tmp_path / "g.json"), "--strict"])
    assert strict.exit_code == 1 and "bad.jsonl:2: not valid JSON" in strict.stderr and "--strict" in strict.stderr


def test_a_listing_named_json_and_an_empty_file_are_reported(tmp_path):
    listing = tmp_path / "listing.json"
    shutil.copy(SEEDS[0], listing)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    papers, report = read(listing, empty, HF)
    assert len(papers) == 2
    assert "pass --format listing" in report.problems[0].reason and "empty file" in report.problems[1].reason


def test_csv_with_a_header_row(tmp_path):
    table = tmp_path / "papers.csv"
    table.write_text('id,title,abstract,authors,date\nmy-1,"A title, with a comma","An abstract\nover two lines.",'
                     '"Ada Lovelace; Alan Turing",2024-05-01\nmy-2,,,,\nmy-3,Only three,fields\n')
    papers, report = read(table)
    assert [p.id for p in papers] == ["my-1"] and papers[0].authors == ("Ada Lovelace", "Alan Turing")
    assert [(p.line, p.reason.split(";")[0]) for p in report.problems] == [
        (4, "record has neither a title nor an abstract"), (5, "3 fields where the header has 5")]


def test_openalex_abstracts_are_rebuilt_from_the_inverted_index():
    paper, _ = paper_from_record({"id": "https://openalex.org/W1", "display_name": "A work",
                                  "abstract_inverted_index": {"Graphs": [0], "are": [1], "useful.": [2]},
                                  "publication_date": "2020-02-03", "doi": "https://doi.org/10.1/ABC"})
    assert paper.abstract == "Graphs are useful." and paper.doi == "10.1/abc" and paper.id == "title:a-work"


def test_all_samples_and_the_seeds_build_one_graph(tmp_path):
    out = tmp_path / "g.json"
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".json", ".jsonl", ".xml"))
    result = CliRunner().invoke(cli, ["build", *map(str, SEEDS), *map(str, samples), "-o", str(out)])
    assert result.exit_code == 0, result.output
    # papers: 131 seeds + 200 OAI + 10 Atom + 2 HF + 50 + 1 PwC API + 1 PwC dump + 34 leaderboard papers
    # merged: 14 in the seeds + the GAN paper of the PwC dump and code links into the API's + 39 leaderboard rows
    # skipped: the three API lists of a paper's methods, results and tasks, which hold no paper
    assert ("read 429 papers (55 duplicates merged, 3 records skipped, 378 leaderboard rows without a paper)"
            in result.stderr)
    assert "429 Paper" in result.stdout and " Author" in result.stdout and " Category" in result.stdout
    # the file was written a paper at a time; it holds the graph a build in memory makes
    in_memory = build([*SEEDS, *samples]).graph
    written = read_graph(out)
    assert dict(written.nodes(data=True)) == dict(in_memory.nodes(data=True))
    assert sorted(written.edges(keys=True, data=True), key=str) == sorted(in_memory.edges(keys=True, data=True), key=str)
    assert {"WROTE", "IN_CATEGORY", "PUBLISHED_IN", "USES_DATASET", "HAS_CODE"} <= {k for _, _, k in written.edges(keys=True)}


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["id", "title", "abstract", "authors", "doi", "date", "url", "categories",
                                         "versions", "authors_parsed", "paper", "arxiv_id", "links"]), inner, max_size=6),
                    max_leaves=20))
def test_any_json_value_is_a_paper_or_a_reason_never_a_crash(value):
    paper, reason = paper_from_record(value, "x.jsonl", 1)
    assert (paper is None) == bool(reason)


def test_a_missing_file_is_an_error():
    with pytest.raises(LoadError, match="no such file"):
        read(SAMPLES / "missing.jsonl")


def test_papers_with_code_dumps_bring_curated_links_and_code(tmp_path):
    hf = tmp_path / "hf.json"
    hf.write_text(json.dumps([{"paper": {"id": "2410.17243", "title": "Breaking the Memory Barrier",
                                         "summary": "An abstract.", "authors": [{"name": "Zesen Cheng"}],
                                         "githubRepo": "https://github.com/DAMO-NLP-SG/Inf-CLIP"}}]))
    out = tmp_path / "g.json"
    result = CliRunner().invoke(cli, ["build", str(SAMPLES / "pwc_papers_with_abstracts.json"),
                                      str(SAMPLES / "pwc_links_between_papers_and_code.json"), str(hf), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "read 3 papers (1 duplicates merged, 0 records skipped)" in result.stderr
    from kg.store.file import read_graph
    graph = read_graph(out)
    gan = "paper:arxiv:1406.2661"
    links = {(key, v, graph.edges[gan, v, key]["extractor"], graph.edges[gan, v, key]["confidence"])
             for _, v, key in graph.out_edges(gan, keys=True) if key in EXTRACTED_RELATIONSHIPS}
    assert ("ADDRESSES_TASK", "task:imagegeneration", "metadata", 1.0) in links
    assert ("HAS_CODE", "repo:github.com/goodfeli/adversarial", "metadata", 1.0) in links
    method = graph.edges[gan, "method:generativeadversarialnetwork", "USES_METHOD"]  # "GAN", resolved
    assert method["confidence"] == 1.0 and method["count"] == 2  # curated, and also found in the abstract
    assert graph.has_edge("paper:arxiv:2410.17243", "repo:github.com/damo-nlp-sg/inf-clip", key="HAS_CODE")
    assert graph.has_edge("author:ian-j-goodfellow", gan, key="WROTE")


def test_annotations_in_gold_files_are_not_taken_as_links():
    gold = FIXTURES / "scirex_abstracts.jsonl"
    papers, _ = read(gold)
    assert papers and all(p.links == () for p in papers)


def test_evaluation_tables_give_papers_linked_to_their_task_and_dataset(tmp_path):
    table = SAMPLES / "pwc_evaluation_tables_squad.json"
    papers, report = read(table, ATOM)
    leaderboard = [p for p in papers if ("task", "Question Answering") in p.links]
    assert len(leaderboard) == 34 and report.not_papers == 378 and report.skipped == 0
    albert = next(p for p in leaderboard if p.id == "arxiv:1909.11942")
    assert ("dataset", "SQuAD2.0") in albert.links and albert.title == "arXiv:1909.11942"
    named = tmp_path / "albert.jsonl"
    named.write_text(json.dumps({"title": "ALBERT: A Lite BERT", "abstract": "x", "arxiv_id": "1909.11942"}) + "\n")
    merged = next(p for p in read(table, named)[0] if p.id == "arxiv:1909.11942")
    assert merged.title == "ALBERT: A Lite BERT"  # a placeholder title gives way to a real one


def test_api_lists_without_papers_are_one_clear_warning(tmp_path):
    methods = tmp_path / "methods.json"
    methods.write_text(json.dumps({"count": 1, "results": [{"id": "gan", "name": "GAN", "full_name": "GAN"}]}))
    papers, report = read(methods, HF)
    assert len(papers) == 2 and len(report.problems) == 1 and "no papers in it" in report.problems[0].reason


def test_a_bibtex_library(tmp_path):
    bib = tmp_path / "mine.bib"
    bib.write_text("""@inproceedings{vaswani2017,
  title = {Attention {Is} All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2017}, month = dec,
  eprint = {1706.03762v5}, archivePrefix = {arXiv}
}
@misc{broken, title = {Unclosed
@article{second, title = {A Second Paper}, abstract = {Its abstract.}, doi = {10.1000/XYZ}, year = 2020}
""")
    papers, report = read(bib)
    first, second = papers
    assert first.id == "arxiv:1706.03762" and first.title == "Attention Is All You Need"
    assert first.authors == ("Ashish Vaswani", "Noam Shazeer") and first.date == "2017-12-01"
    assert first.venue == "Advances in Neural Information Processing Systems"
    assert second.doi == "10.1000/xyz" and second.date == "2020"
    assert [(p.line, p.reason.split(" (")[0]) for p in report.problems] == [(8, "not valid BibTeX")]


def test_citations_between_papers_of_the_graph(tmp_path):
    works = tmp_path / "works.jsonl"
    works.write_text("\n".join(json.dumps(r) for r in [
        {"id": "https://openalex.org/W1", "display_name": "Citing work", "abstract_inverted_index": {"A": [0]},
         "referenced_works": ["https://openalex.org/W2", "https://openalex.org/W404"]},
        {"id": "https://openalex.org/W2", "display_name": "Cited work", "abstract_inverted_index": {"B": [0]}},
        {"paperId": "s2-a", "title": "An S2 paper", "abstract": "c",
         "references": [{"paperId": "s2-b"}, {"paperId": None}], "externalIds": {"DOI": "10.1/CITED"}},
        {"paperId": "s2-b", "title": "Cited by S2", "abstract": "d",
         "outCitations": ["10.1/cited", "arXiv:1501.05039v2", "1501.05039"]},
    ]) + "\n")
    out = tmp_path / "g.json"
    result = CliRunner().invoke(cli, ["build", str(works), str(ATOM), "-o", str(out)])
    assert result.exit_code == 0, result.output
    graph = read_graph(out)  # written a paper at a time, the citations after the papers
    cites = sorted((u, v) for u, v, key in graph.edges(keys=True) if key == "CITES")
    assert cites == [("paper:s2-a", "paper:s2-b"), ("paper:s2-b", "paper:arxiv:1501.05039"),
                     ("paper:s2-b", "paper:s2-a"), ("paper:title:citing-work", "paper:title:cited-work")]


def test_evaluation_table_rows_keep_their_scores():
    papers, _ = read(SAMPLES / "pwc_evaluation_tables_squad.json")
    bert = next(p for p in papers if p.id == "arxiv:1810.04805")
    assert [(r.dataset, r.metric, r.value, r.model) for r in bert.results] == [
        ("SQuAD1.1", "EM", 87.433, "BERT (ensemble)"), ("SQuAD1.1", "F1", 93.16, "BERT (ensemble)"),
        ("SQuAD1.1", "EM", 85.083, "BERT (single model)"), ("SQuAD1.1", "F1", 91.835, "BERT (single model)")]
    assert all(r.task == "Question Answering" and r.extra_data == "" for r in bert.results)


def test_an_evaluation_row_keeps_its_numbers_and_says_when_it_used_extra_data():
    from kg.loaders.pwc_evaluation import EXTRA_DATA, row_results
    row = {"model_name": "Big  Model", "metrics": {"Top 1 Accuracy": "90.2%", "Params": "-", "FLOPs": None},
           "uses_additional_data": True}
    [result] = row_results("Image Classification", "ImageNet", row)
    assert (result.metric, result.value, result.model, result.extra_data) == (
        "Top 1 Accuracy", 90.2, "Big Model", EXTRA_DATA)
    assert row_results("Image Classification", "", row) == ()  # a row without a dataset has no result


def test_a_built_evaluation_table_answers_the_leaderboard_of_its_dataset(tmp_path):
    graph = tmp_path / "squad.jsonl"
    built = CliRunner().invoke(cli, ["build", str(SAMPLES / "pwc_evaluation_tables_squad.json"), "-o", str(graph)])
    assert built.exit_code == 0, built.output
    answer = CliRunner().invoke(cli, ["leaderboard", "SQuAD", "-g", str(graph), "--limit", "0", "--json"])
    assert answer.exit_code == 0, answer.output
    rows = [json.loads(line) for line in answer.stdout.splitlines()]
    assert {r["variant"] for r in rows} == {"SQuAD 1.1", "SQuAD 2.0"} and {r["dataset"] for r in rows} == {"SQuAD"}
    bert = next(r for r in rows if r["paper"] == "paper:arxiv:1810.04805")
    assert (bert["variant"], bert["metric"], bert["value"], bert["model"], bert["task"]) == (
        "SQuAD 1.1", "EM", 87.433, "BERT (ensemble)", "Question Answering")
    assert "Papers with Code evaluation table" in bert["evidence"]
    for variant in ("SQuAD 1.1", "SQuAD 2.0"):  # ranked within each version, best first
        values = [r["value"] for r in rows if r["variant"] == variant and r["metric"] == "EM"]
        assert len(values) >= 9 and values == sorted(values, reverse=True)
    # every row of the table is kept: BERT's two models, each with EM and F1, each with its own evidence
    berts = {(r["model"], r["metric"], r["value"]) for r in rows if r["paper"] == "paper:arxiv:1810.04805"}
    assert {(m, metric) for m, metric, _ in berts} == {
        (m, metric) for m in ("BERT (ensemble)", "BERT (single model)") for metric in ("EM", "F1")}
    assert all(f"{r['model']}: " in r["evidence"] for r in rows)
    link = read_graph(graph).edges["paper:arxiv:1810.04805", "dataset:squad11", "REPORTS"]
    assert link["self_reported"] is False and link["confidence"] == 1.0 and link["count"] == 4
    first = CliRunner().invoke(cli, ["leaderboard", "SQuAD", "-g", str(graph)])  # 146 rows, 50 shown
    assert "note: the first 50 results" in first.stderr and "--limit 0 shows all" in first.stderr
    one = CliRunner().invoke(cli, ["leaderboard", "SQuAD2.0", "-g", str(graph), "--json"])
    assert {json.loads(line)["variant"] for line in one.stdout.splitlines()} == {"SQuAD 2.0"}
