import json

from conftest import SCIREX, SEEDS, paper_titled
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.loaders import LoadReport, detect_format, read_papers
from kg.loaders.listing import parse_listing
from kg.pipeline import build

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 14\n\n"
ABSTRACT = "We study a problem. Our method works well on the benchmark we release today for everyone."


def test_seeds_hold_131_distinct_papers(seed_papers):
    papers, report = seed_papers
    assert len(papers) == 131
    assert report.merged == 67 + 78 - 131
    assert report.skipped == 0


def test_header_is_skipped_and_date_kept(seed_papers):
    papers, _ = seed_papers
    titles = {p.title for p in papers}
    assert not titles & {"new", "Subscribe", "Mar 14", "byAK and the research community"}
    first = paper_titled(papers, "CrossNER")
    assert first.date == "Mar 14"
    assert first.id == "title:crossner-evaluating-cross-domain-named-entity-recognition"
    assert first.line == 11
    only_second = [p for p in papers if p.sources == (f"{SEEDS[1]}:{p.line}",)]
    assert only_second and {p.date for p in only_second} == {"Mar 11"}


def test_a_paper_in_both_listings_is_one_paper_with_both_sources(seed_papers):
    papers, _ = seed_papers
    both = [p for p in papers if len(p.sources) == 2]
    assert len(both) == 14
    assert {s.split(":")[0].rsplit("/", 1)[-1] for s in both[0].sources} == {p.name for p in SEEDS}


def test_title_without_abstract_is_reported_with_its_line_and_the_rest_kept(tmp_path):
    path = tmp_path / "listing.txt"
    path.write_text(HEADER + "Lonely Title\n\nGood Title\n\n" + ABSTRACT + "\n", encoding="utf-8")
    report = LoadReport()
    papers = read_papers([path], report)
    assert [p.title for p in papers] == ["Good Title"]
    assert [str(p) for p in report.problems] == [f"{path}:11: title without abstract: 'Lonely Title'"]


def test_invalid_utf8_skips_only_that_record(tmp_path):
    path = tmp_path / "listing.txt"
    text = HEADER + "Bad Title\n\n" + ABSTRACT + "\n\nGood Title\n\n" + ABSTRACT + "\n"
    path.write_bytes(text.encode().replace(b"Bad Title", b"Bad \xff Title"))
    report = LoadReport()
    papers = read_papers([path], report)
    assert [p.title for p in papers] == ["Good Title"]
    assert report.problems[0].line == 11 and "not UTF-8" in report.problems[0].reason


def test_a_lone_half_of_a_utf16_pair_in_json_becomes_a_replacement_character(tmp_path):
    # JSON may escape "\ud800" alone; no UTF-8 file can hold it, so it used to stop the build
    line = '{"id": "s", "title": "A \\ud800 title", "abstract": "We use COCO \\udfff and \\ud83d\\ude00."}'
    path = tmp_path / "p.jsonl"
    path.write_text(line + "\n")
    document = tmp_path / "p.json"
    document.write_text(f"[{line}]")
    for source in (path, document):
        (paper,) = read_papers([source])
        assert paper.title == "A \ufffd title" and paper.abstract == "We use COCO \ufffd and \U0001f600."
    result = build([path], tmp_path / "g.json")
    assert result.counts == {"Paper": 1, "Dataset": 1}


def test_empty_file_and_json_named_txt_are_reported(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    other = tmp_path / "other.txt"
    other.write_text('{"id": "x", "title": "T", "abstract": "A"}\n')
    report = LoadReport()
    assert read_papers([empty, other, SEEDS[0]], report)
    reasons = [p.reason for p in report.problems]
    assert reasons[0].startswith("empty file")
    assert "looks like JSON" in reasons[1]


def test_jsonl_keeps_its_own_ids_and_skips_bad_lines(tmp_path):
    path = tmp_path / "papers.jsonl"
    rows = [json.dumps({"id": "p1", "title": "A", "abstract": ABSTRACT}), "{not json", json.dumps([1, 2]),
            json.dumps({"title": "No id here", "abstract": ABSTRACT}), json.dumps({"id": "p3"})]
    path.write_text("\n".join(rows) + "\n")
    report = LoadReport()
    papers = read_papers([path], report)
    assert [p.id for p in papers] == ["p1", "title:no-id-here"]
    assert [p.line for p in report.problems] == [2, 3, 5]


def test_gold_files_read_as_they_are():
    papers = read_papers([SCIREX])
    assert len(papers) == 68
    assert papers[0].id == "scirex_0209389b8369"


def test_format_is_detected_by_extension_then_content(tmp_path):
    mystery = tmp_path / "papers"
    mystery.write_text('{"title": "x"}\n')
    assert detect_format(SEEDS[0]) == "listing"
    assert detect_format(SCIREX) == "jsonl"
    assert detect_format(mystery) == "jsonl"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=400), max_size=30))
def test_listing_parser_never_crashes_and_keeps_only_whole_records(lines):
    report = LoadReport()
    for paper in parse_listing(lines, "generated.txt", report):
        assert paper.title and paper.abstract
        assert paper.id.startswith("title:")
    for problem in report.problems:
        assert problem.source == "generated.txt"
