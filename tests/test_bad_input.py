"""Bad input never stops the run: each case keeps the records before the damage, goes on with the other
inputs, and is reported as `warning: FILE[:LINE]: reason`, counted; never a traceback. The fuzz test
mutates the real samples of every loader."""
import gzip
import json
import re

from click.testing import CliRunner
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli
from test_sources import ATOM, HF, OAI, PWC_LIST, SAMPLES

from kg.loaders import LoadReport, read_papers

PWC_TABLES = SAMPLES / "pwc_evaluation_tables_squad.json"
BIB = """@article{a1, title = {Deep Residual Learning for Image Recognition}, author = {He, Kaiming},
  abstract = {We present a residual learning framework evaluated on ImageNet and COCO.}, year = {2016}}

@inproceedings{a2, title = {Attention Is All You Need}, author = {Vaswani, Ashish},
  abstract = {The Transformer reaches 28.4 BLEU on the WMT 2014 English-to-German translation task.},
  year = {2017}}
"""
CSV = ("id,title,abstract\n" + "".join(f"c{i},Paper number {i},An abstract about ImageNet number {i} of many.\n"
                                       for i in range(1, 41)))
GOOD = SEEDS[0]  # the other input, whose papers must all be kept


def read(*paths):
    report = LoadReport()
    return read_papers(paths, report), report


def good_papers():
    return {p.id for p in read(GOOD)[0]}


def kept_with_the_good_input(path):
    """The papers read from `path` and the report, checking that every paper of the good input was kept."""
    papers, report = read(path, GOOD)
    assert good_papers() <= {p.id for p in papers}
    return [p for p in papers if any(s.startswith(str(path)) for s in p.sources)], report


def cut_gzip(source, target, fraction=0.6):
    """`target`: `source` gzipped and cut at `fraction` of its compressed bytes."""
    data = gzip.compress(source.read_bytes() if hasattr(source, "read_bytes") else source.encode())
    target.write_bytes(data[:int(len(data) * fraction)])
    return target


def test_deeply_nested_json_lines_skip_that_line_only(tmp_path):
    path = tmp_path / "deep.jsonl"
    lines = OAI.read_text().splitlines()[:5]
    path.write_text("\n".join([lines[0], "[" * 100_000 + "]" * 100_000, *lines[1:]]) + "\n")
    papers, report = kept_with_the_good_input(path)
    assert len(papers) == 5 and [(p.source, p.line) for p in report.problems] == [(str(path), 2)]


def test_deeply_nested_json_lines_on_workers(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(OAI.read_text() * 5 + "[" * 100_000 + "]" * 100_000 + "\n")
    result = CliRunner().invoke(cli, ["extract", str(path), str(GOOD), "-j", "2", "-o", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert f"warning: {path}:1001: " in result.output


def test_deeply_nested_json_document_is_one_warning(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    papers, report = kept_with_the_good_input(path)
    assert papers == [] and report.skipped == 1


def test_a_bare_carriage_return_in_a_csv_header(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_text(CSV.replace("id,title", "id\r,title", 1))
    papers, report = kept_with_the_good_input(path)
    assert len(papers) == 40


def test_a_bare_carriage_return_or_a_nul_in_a_csv_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV.replace("Paper number 5,", "Paper\rnumber 5,").replace("number 9 of", "number\x009 of"))
    papers, report = kept_with_the_good_input(path)
    assert len(papers) == 40 and report.skipped == 0


def test_gzip_cut_short_keeps_the_records_before_the_cut(tmp_path):
    for name, source, least in [("oai.jsonl.gz", OAI, 50), ("list.json.gz", PWC_LIST, 10),
                                ("atom.xml.gz", ATOM, 3), ("seed.txt.gz", SEEDS[1], 10),
                                ("lib.bib.gz", "".join(BIB.replace("{a", f"{{a{i}_").replace("ing}", f"ing {i}}}").replace("Need}", f"Need {i}}}") for i in range(30)), 20), ("table.csv.gz", CSV * 1, 10)]:
        path = cut_gzip(source, tmp_path / name, 0.6 if name != "lib.bib.gz" else 0.9)
        papers, report = kept_with_the_good_input(path)
        assert len(papers) >= least, (name, len(papers), report.problems)
        assert any("records before it were kept" in p.reason for p in report.problems), (name, report.problems)


def test_the_cli_reports_a_cut_xml_gzip_as_a_warning(tmp_path):
    path = cut_gzip(ATOM, tmp_path / "atom.xml.gz")
    result = CliRunner().invoke(cli, ["extract", str(path), str(GOOD), "-o", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 0 and "Aborted" not in result.output, result.output
    assert f"warning: {path}:" in result.output


def test_a_json_document_cut_short_keeps_its_good_records(tmp_path):
    for source in (PWC_LIST, HF, OAI):
        if source is OAI:  # a plain list of records
            text = json.dumps([json.loads(line) for line in OAI.read_text().splitlines()[:20]], indent=1)
        else:
            text = source.read_text()
        path = tmp_path / f"cut-{source.name}.json"
        path.write_text(text[:int(len(text) * 0.7)])
        papers, report = kept_with_the_good_input(path)
        assert len(papers) >= 1 and report.skipped == 1, (source, report.problems)
        assert "cut short" in report.problems[0].reason or "not valid JSON" in report.problems[0].reason


def test_a_json_document_with_a_bad_record_keeps_the_records_before(tmp_path):
    records = [json.loads(line) for line in OAI.read_text().splitlines()[:10]]
    text = json.dumps(records, indent=1)
    at = text.index(json.dumps(records[6]["id"]))
    path = tmp_path / "bad.json"
    path.write_text(text[:at] + "!" + text[at:])
    papers, report = kept_with_the_good_input(path)
    assert len(papers) == 6 and report.skipped == 1


def test_invalid_utf8_in_a_json_document_skips_that_record_with_a_warning(tmp_path):
    records = [json.loads(line) for line in OAI.read_text().splitlines()[:4]]
    data = json.dumps(records, ensure_ascii=False).encode()
    at = data.index(records[2]["title"][:10].encode())
    path = tmp_path / "latin1.json"
    path.write_bytes(data[:at] + b"\xe9\xff" + data[at:])
    papers, report = kept_with_the_good_input(path)
    assert len(papers) == 3 and [(p.line, "UTF-8" in p.reason) for p in report.problems] == [(3, True)]
    assert all("\ufffd" not in p.title for p in papers)


MUTATIONS = st.sampled_from(["cut", "insert", "delete", "flip", "gzip-cut", "nest", "cr", "nul"])
SAMPLE_INPUTS = {"oai.jsonl": OAI.read_bytes()[:40_000], "atom.xml": ATOM.read_bytes(), "hf.json": HF.read_bytes(),
                 "list.json": PWC_LIST.read_bytes()[:30_000], "tables.json": PWC_TABLES.read_bytes()[:30_000],
                 "seed.txt": SEEDS[1].read_bytes()[:30_000], "lib.bib": BIB.encode() * 3, "table.csv": CSV.encode()}


def mutated(data: bytes, mutation: str, position: float, noise: bytes) -> bytes:
    at = int(len(data) * position)
    if mutation == "cut":
        return data[:at]
    if mutation == "insert":
        return data[:at] + noise + data[at:]
    if mutation == "delete":
        return data[:at] + data[at + len(noise) + 1:]
    if mutation == "flip":
        return data[:at] + bytes(b ^ 0xFF for b in noise[:4]) + data[at + 4:]
    if mutation == "gzip-cut":
        packed = gzip.compress(data)
        return packed[:max(2, int(len(packed) * position))]
    if mutation == "nest":
        return data[:at] + b"[" * 5000 + b"{" * 5000 + data[at:]
    if mutation == "cr":
        return data.replace(b"\n", b"\r", 1 + len(noise))
    return data[:at] + b"\x00\x1b]0;title\x07" + data[at:]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SAMPLE_INPUTS)), mutation=MUTATIONS,
       position=st.floats(0, 1), noise=st.binary(max_size=12))
def test_fuzz_every_loader_keeps_the_other_inputs(tmp_path, name, mutation, position, noise):
    path = tmp_path / (name + (".gz" if mutation == "gzip-cut" else ""))
    path.write_bytes(mutated(SAMPLE_INPUTS[name], mutation, position, noise))
    papers, report = read(path, GOOD)  # no exception, whatever the damage
    assert good_papers() <= {p.id for p in papers}
    assert all(p.source and p.reason for p in report.problems)
    assert not any(re.search(r"past this line \(\w+Error: ", p.reason) for p in report.problems)  # no loader bug

