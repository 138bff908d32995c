"""Extraction over worker processes: the same graph, byte for byte, whatever the number of workers."""
import os
import signal
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS

from kg.errors import KGError
from kg.graph import stream_graph
from kg.loaders import read_papers
from kg.pipeline import Extraction
from kg.store.file import GraphFileWriter
from kg.workers import CHUNK, Workers, available_cores, map_papers, worker_count

SAMPLES = FIXTURES / "samples"  # copies of ../shared/samples


@pytest.fixture(scope="module")
def many_papers():
    """The seeds and the samples of every source: 429 papers with authors, categories, venues and code links."""
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".json", ".jsonl", ".xml"))
    return read_papers([*SEEDS, *samples])


def write_with(papers, workers: int, path: Path) -> bytes:
    with GraphFileWriter(path) as out:
        stream_graph(map_papers(Extraction().encoded, papers, workers, chunk=20), out)
    return path.read_bytes()


def test_the_graph_file_is_the_same_whatever_the_number_of_workers(many_papers, tmp_path):
    one = write_with(many_papers, 1, tmp_path / "one.json")
    assert worker_count(len(many_papers), 2, chunk=20) == 2
    assert write_with(many_papers, 2, tmp_path / "two.json") == one
    assert write_with(many_papers, 3, tmp_path / "three.json") == one
    assert one.count(b'"label":"Paper"') == 429 and b'"WROTE"' in one and b'"HAS_CODE"' in one


def test_extraction_rows_and_options_are_the_same_in_workers(many_papers):
    sure = Extraction(min_confidence=0.7)
    rows = list(map_papers(sure.line, many_papers, 1))
    assert list(map_papers(sure.line, many_papers, 2, chunk=20)) == rows
    assert all(e["confidence"] >= 0.7 for row in map(sure.row, many_papers) for e in row["entities"])


def test_progress_sees_every_paper_once_and_finishes(many_papers):
    seen = []

    def progress(positions):
        for position in positions:
            seen.append(position)
            yield position
        seen.append("done")

    results = list(map_papers(Extraction().line, many_papers, 2, progress, chunk=50))
    assert len(results) == len(many_papers)
    assert seen == [*range(len(many_papers)), "done"]


def test_small_inputs_stay_in_this_process():
    assert worker_count(2 * CHUNK - 1, 8) == 1  # the seeds: starting processes would cost more than it saves
    assert worker_count(100 * CHUNK, 2) == 2
    assert worker_count(100 * CHUNK, 0) == min(available_cores(), 100 // 2)


def stop_this_process(paper):
    """What the kernel does to a worker out of memory."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_from_outside_stops_the_work_with_an_error(many_papers):
    with Workers(2) as pool, pytest.raises(KGError, match="worker process stopped before its work was done"):
        list(pool.map(stop_this_process, many_papers, chunk=20))
