"""Reading JSON lines on worker processes: the same papers, duplicates merged the same way, the same
problems in the same order (warnings, --rejects, --strict) and the same graph as reading in one process."""
import gzip
import io
import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEEDS

from kg.cli import cli
from kg.errors import LoadError
from kg.loaders import Filters, LoadReport, read_papers
from kg.loaders.parallel import LINES_PER_CHUNK, PARALLEL_BYTES
from kg.loaders.unique import PackedPapers
from kg.workers import Workers

OAI = FIXTURES / "samples" / "arxiv-metadata-oai-snapshot.sample.jsonl"
BAD_LINES = {3: b'{"title": "cut off', 260: b"\xff\xfe not utf8", 520: b"", 777: b'{"abstract": 3}',
             901: b'{"id": "no text"}', 1190: b"   "}


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """The 200 arXiv OAI sample records five times over (1.4 MB, several chunks of lines): the second time
    as they are (each merged into its first reading), then as other papers; bad and blank lines among them."""
    records = [json.loads(line) for line in OAI.read_text().splitlines()]
    lines = []
    for copy in range(5):
        for record in records:
            if copy >= 2:
                record = {**record, "id": f"copy{copy}-{record['id']}", "title": f"{record['title']} ({copy})",
                          "doi": None}
            lines.append(json.dumps(record).encode())
    for number, line in sorted(BAD_LINES.items()):
        lines.insert(number - 1, line)
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert path.stat().st_size >= PARALLEL_BYTES and len(lines) > 2 * LINES_PER_CHUNK
    return path


def read_both(paths, **options):
    """The papers, report, warnings and rejects of reading in this process, then on two workers."""
    readings = []
    for workers in (1, 2):
        rejects, warnings = io.StringIO(), []
        report = LoadReport(rejects=rejects, warn=warnings.append)
        with Workers(workers) as pool:
            papers = read_papers(paths, report, pool=pool, **options)
            readings.append((papers, report, warnings, rejects.getvalue()))
    return readings


def same_reading(one, two):
    (papers, report, warnings, rejects), (papers2, report2, warnings2, rejects2) = one, two
    assert list(papers2) == list(papers)
    assert (report2.papers, report2.records, report2.merged, report2.filtered, report2.problems) == \
           (report.papers, report.records, report.merged, report.filtered, report.problems)
    assert warnings2 == warnings and rejects2 == rejects


def test_workers_read_the_same_papers_and_problems_in_the_same_order(big_file):
    one, two = read_both([big_file, *SEEDS])
    same_reading(one, two)
    papers, report, _, rejects = two
    assert isinstance(papers, PackedPapers) and isinstance(one[0], list)
    seeds = LoadReport()
    assert report.papers == len(papers) == 800 + len(read_papers(SEEDS, seeds))
    assert report.merged == 200 + seeds.merged  # the listings share 14 papers
    assert [p.line for p in report.problems] == [3, 260, 777, 901]
    assert [json.loads(r)["line"] for r in rejects.splitlines()] == [3, 260, 777, 901]
    twice = next(p for p in papers if p.id == "arxiv:0704.0001")
    assert twice.sources == (f"{big_file}:1", f"{big_file}:202")


def test_workers_apply_the_filters_as_this_process_does(big_file):
    one, two = read_both([big_file], filters=Filters(("hep-*",), "2007-04-01"))
    same_reading(one, two)
    assert 0 < len(two[0]) < 800 and two[1].filtered


def test_strict_stops_at_the_same_record_on_workers(big_file):
    messages = []
    for workers in (1, 2):
        with Workers(workers) as pool, pytest.raises(LoadError) as stopped:
            read_papers([big_file], LoadReport(strict=True), pool=pool)
        messages.append(str(stopped.value))
    assert messages[0] == messages[1] and f"{big_file}:3: not valid JSON" in messages[0]


def test_a_file_cut_short_a_listing_and_an_empty_file_read_the_same_on_workers(tmp_path):
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(OAI.read_bytes())[:20000])
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n")
    one, two = read_both([cut, SEEDS[0], empty], format="jsonl", min_parallel_bytes=0)
    same_reading(one, two)
    reasons = [p.reason for p in two[1].problems]
    assert "cannot be read past this line" in reasons[0] and "does not look like JSON lines" in reasons[1]
    assert reasons[2] == "empty file: no records in it" and 0 < len(two[0]) < 200


def test_the_graph_built_on_workers_from_a_large_file_is_the_same(big_file, tmp_path):
    built = {}
    for workers in ("1", "2"):
        output = tmp_path / f"graph-{workers}.json"
        result = CliRunner().invoke(cli, ["build", str(big_file), "-o", str(output), "-j", workers, "-q"])
        assert result.exit_code == 0, result.output
        built[workers] = output.read_bytes()
    assert built["1"] == built["2"] and built["1"].count(b'"label":"Paper"') == 800
