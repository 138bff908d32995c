"""One writer at a time per graph file, temporary files that do not outlive their run, and worker processes
that die with the process that started them."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from kg.store.file import read_nodes
from kg.store.lock import writing

sys.path.insert(0, str(ROOT / "bench"))
from bench_concurrent_append import inputs, trial  # noqa: E402

KG = str(Path(sys.executable).parent / "kg")


def papers(graph):
    return sum(1 for _, attrs in read_nodes(graph) if attrs["label"] == "Paper")


def start(*args):
    return subprocess.Popen([KG, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_line(process, text):
    """The stderr lines of `process` up to the one holding `text` (a blocking read: no timing involved)."""
    seen = []
    for line in process.stderr:
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError("".join(seen))


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "kg-graph.json"
    subprocess.run([KG, "build", str(SEEDS[0]), "-o", str(path), "-q"], check=True)
    return path


def test_a_second_writer_waits_for_the_first_and_says_so(graph):
    before = papers(graph)
    with writing(graph):
        append = start("build", SEEDS[1], "-o", graph, "--append", "-q")
        wait_for_line(append, "waiting for another kg process writing")
        assert append.poll() is None  # it cannot go on while the lock is held here
    out, err = append.communicate()
    assert append.returncode == 0, err
    assert papers(graph) > before


def test_a_second_writer_with_no_wait_fails_clearly(graph):
    with writing(graph):
        result = subprocess.run([KG, "build", str(SEEDS[1]), "-o", str(graph), "--append", "--no-wait"],
                                capture_output=True, text=True)
        merged = subprocess.run([KG, "merge", str(graph), "-o", str(graph), "--no-wait"], capture_output=True,
                                text=True)
    for run in (result, merged):
        assert run.returncode == 1 and "Error: " in run.stderr and "another kg process is writing" in run.stderr
        assert "Traceback" not in run.stderr


def test_two_appends_at_once_keep_both(tmp_path):
    halves = inputs(tmp_path, 300)
    for _ in range(2):  # bench/bench_concurrent_append.py runs 20 trials of 1,000 papers an append
        result = trial(tmp_path, halves, reader=False)
        assert result["lost"] == 0 and result["exits"] == [0, 0], result["stderr"]


def test_temporary_files_are_removed_and_those_of_killed_writers_too(graph):
    left = [graph.with_name(f".{graph.name}.a1b2c3.tmp"), graph.with_name(f"..{graph.name}.1-2.survey.json.x.tmp")]
    for path in left:
        path.write_text("left by a killed writer")
    folder = graph.with_name(f".{graph.name}.append-xyz")
    folder.mkdir()
    (folder / "new-papers.json").write_text("{}")
    before = {p.name for p in graph.parent.iterdir()} - {p.name for p in [*left, folder]}
    subprocess.run([KG, "build", str(SEEDS[1]), "-o", str(graph), "--append", "-q"], check=True)
    after = {p.name for p in graph.parent.iterdir()}
    assert not any(name.endswith(".tmp") or ".append-" in name or "new-papers" in name for name in after), after
    assert {name for name in after - before if not name.endswith((".survey.json", ".datasets.npz"))} == set()


def children(pid):
    tasks = Path(f"/proc/{pid}/task")
    return [int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] if Path(f"/proc/{pid}").exists() else "X"
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_build_that_started_them(graph, how):
    with writing(graph):  # the build waits here, its workers started
        build = start("build", SEEDS[1], "-o", graph, "-j", "2")
        wait_for_line(build, "waiting for another kg process writing")
        workers = children(build.pid)
        assert len(workers) >= 2
        build.send_signal(how)
        build.wait()
        for _ in range(600):  # each worker goes within moments; give up after a minute
            if not any(alive(pid) for pid in workers):
                break
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers)


@pytest.mark.parametrize("cut", ["inside a line", "at a line's end"])
def test_append_and_merge_refuse_a_graph_cut_short_as_readers_do(graph, tmp_path, cut):
    data = graph.read_bytes()
    at = len(data) * 2 // 3 if cut == "inside a line" else data.rfind(b"\n", 0, len(data) // 2) + 1
    graph.write_bytes(data[:at])
    for args in (["build", SEEDS[1], "-o", graph, "--append"], ["merge", graph, "-o", tmp_path / "merged.json"]):
        run = subprocess.run([KG, *map(str, args)], capture_output=True, text=True)
        assert run.returncode == 1 and "Error: " in run.stderr and "Traceback" not in run.stderr, run.stderr
        assert "cut short" in run.stderr or "damaged" in run.stderr
    assert graph.read_bytes() == data[:at] and not (tmp_path / "merged.json").exists()


def test_what_is_kept_beside_a_new_graph_is_there_before_the_graph(tmp_path, monkeypatch):
    """A run killed between putting the graph in place and keeping its survey and index left a graph whose
    questions were 5-7 times slower without a word: both are now written first, under the version the
    graph will have."""
    from kg.pipeline import build
    from kg.store.dataset_index import index_path
    from kg.store.survey import read_survey, survey_path

    path = tmp_path / "kg-graph.json"
    build([SEEDS[0]], path)
    old = survey_path(path)
    seen = []

    from kg.store import file as store_file
    real_replace = os.replace

    def watching(source, target):  # the moment the new graph is put in place
        if Path(target) == path:
            seen.append((survey_path(path, store_file.version_of(Path(source))).exists(),
                         index_path(path, store_file.version_of(Path(source))).exists(), old.exists()))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching)
    build([SEEDS[1]], path)
    monkeypatch.undo()
    assert seen == [(True, True, True)]  # the new survey and index first; the old graph's still there
    assert read_survey(path) is not None
