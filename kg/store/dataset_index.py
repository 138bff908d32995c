"""Which papers link to which datasets, as sorted integer arrays kept beside the graph file.

"Which papers share a benchmark with this one" counts, for every paper on one of its datasets, how
many of them it shares. An engine counts row by row (a paper on a popular dataset is as many rows as
that dataset has papers); over these arrays it is one `bincount`. `kg build`
gathers the USES_DATASET and INTRODUCES_DATASET links as it writes the file (`DatasetLinks`) and keeps
the index in a `.npz` file beside it (`keep_index`), as `kg merge` and `kg build --append` do (from the
links they read, and the index kept for the graph appended to); for a file without one, the engine
builds it from its links on first use and keeps it there.
"""
from __future__ import annotations

import os
import zipfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.errors import QueryError, StoreError
from kg.store.file import kept_beside, temporary_beside, versioned_beside

INDEX_KIND = "datasets.npz"  # the name of a kept index ends so (`versioned_beside`)
MAX_PAIRS = 50_000_000  # pairs counted at once by `DatasetIndex.pairs` (their arrays are held in memory)
MAX_ANSWER = 1_000_000  # pairs `DatasetIndex.pairs` returns at most without a limit (each becomes a row of text)


@dataclass(frozen=True)
class DatasetIndex:
    """Papers (node ids, sorted) and datasets (node ids) with their links both ways, in CSR form:
    the datasets of paper i are `paper_datasets[paper_start[i]:paper_start[i + 1]]`, the papers of
    dataset j `dataset_papers[dataset_start[j]:dataset_start[j + 1]]` (ascending, so in id order)."""

    papers: np.ndarray
    datasets: np.ndarray
    paper_start: np.ndarray
    paper_datasets: np.ndarray
    dataset_start: np.ndarray
    dataset_papers: np.ndarray

    def ranked(self, paper: str, min_shared: int = 1, limit: int | None = None) -> list[tuple[str, int]]:
        """(paper id, number of datasets shared) for the papers sharing at least `min_shared` datasets
        with `paper`, most shared first, ties by paper id; at most `limit`."""
        position = int(np.searchsorted(self.papers, paper))
        if position == len(self.papers) or self.papers[position] != paper:
            return []  # a paper without datasets shares none
        mine = self.paper_datasets[self.paper_start[position]:self.paper_start[position + 1]]
        others = np.concatenate([self.dataset_papers[self.dataset_start[d]:self.dataset_start[d + 1]] for d in mine])
        counts = np.bincount(others, minlength=len(self.papers))
        counts[position] = 0
        ranked: list[tuple[str, int]] = []
        wanted = len(self.papers) if limit is None else limit
        for shared in range(int(counts.max()), max(min_shared, 1) - 1, -1):
            if len(ranked) >= wanted:
                break
            chosen = np.flatnonzero(counts == shared)[:wanted - len(ranked)]
            ranked.extend((str(other), shared) for other in self.papers[chosen])
        return ranked


    def pairs(self, min_shared: int = 2, limit: int | None = None) -> list[tuple[str, str, int, int]]:
        """(paper id, paper id, number of datasets shared, papers on the rarest of them) for the pairs of
        papers sharing at least `min_shared` datasets: most shared first, then those whose rarest shared
        dataset has fewest papers, then by the first and the second id (the first the smaller); at most
        `limit`.

        Two papers sharing N >= 2 datasets both have N or more, so those pairs are counted among the papers
        with at least N datasets only, from the largest N down: the first N that gives `limit` pairs ends
        the search (without a limit, the pairs are counted once, for `min_shared`). Pairs sharing one
        dataset, when they are wanted and the others are too few, are taken from the rarest datasets up
        (`single_pairs`), so a limit keeps them few on any graph. QueryError when more than MAX_PAIRS
        pairs would be counted at once, or more than MAX_ANSWER returned without a limit."""
        limit = None if limit is not None and limit >= MAX_PAIRS else limit  # more than can be counted: all
        wanted = MAX_PAIRS if limit is None else limit
        popularity = np.diff(self.dataset_start)
        if limit is None and min_shared <= 1:  # the papers of one dataset make pairs sharing at least one
            self.check_answer(int((popularity * (popularity - 1) // 2).max(initial=0)), min_shared)
        first, second, shared, rarest = self.top_pairs(max(min_shared, 2), wanted)
        if min_shared <= 1 and len(first) < wanted:
            more = self.single_pairs(first * len(self.papers) + second, wanted - len(first))
            first, second, shared, rarest = (np.concatenate([a, b]) for a, b in
                                             zip((first, second, shared, rarest), more, strict=True))
        if limit is None:
            self.check_answer(len(first), min_shared)
        return [(str(self.papers[a]), str(self.papers[b]), int(n), int(r))
                for a, b, n, r in zip(first, second, shared, rarest, strict=True)]

    @staticmethod
    def check_answer(pairs: int, min_shared: int) -> None:
        """QueryError when `pairs` (or more) pairs are too many to answer without a limit (MAX_ANSWER)."""
        if pairs > MAX_ANSWER:
            raise QueryError(f"{pairs:,} or more pairs of papers share at least {min_shared} dataset"
                             f"{'s' if min_shared > 1 else ''}, more than the {MAX_ANSWER:,} answered at once; "
                             "give a limit, or ask for a larger least number of shared datasets")

    def top_pairs(self, min_shared: int, wanted: int) -> tuple[np.ndarray, ...]:
        """(first, second, shared, rarest) of the first `wanted` pairs sharing at least `min_shared` datasets
        (>= 2), in the order of `pairs`."""
        degree = np.diff(self.paper_start)
        top = int(degree.max(initial=0)) if wanted < MAX_PAIRS else min_shared  # all pairs: one level
        for level in range(top, min_shared - 1, -1):
            first, second, shared, rarest = self.shared_counts(degree >= level)
            keep = shared >= level
            if keep.sum() >= wanted or level <= min_shared:
                first, second, shared, rarest = first[keep], second[keep], shared[keep], rarest[keep]
                order = np.lexsort((second, first, rarest, -shared))[:wanted]
                return first[order], second[order], shared[order], rarest[order]
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty

    def single_pairs(self, known: np.ndarray, wanted: int) -> tuple[np.ndarray, ...]:
        """(first, second, shared, rarest) of the first `wanted` pairs sharing exactly one dataset, in the order
        of `pairs`: dataset by dataset from the one with the fewest papers up, all of those of a size at once
        (to order them by id), until there are `wanted`. `known`: the keys (first * papers + second) of every
        pair sharing more than one, left out."""
        popularity = np.diff(self.dataset_start)
        found: list[np.ndarray] = []
        sizes: list[np.ndarray] = []
        count = counted = 0
        for size in np.unique(popularity[popularity >= 2]):
            size = int(size)
            chosen = np.flatnonzero(popularity == size)
            counted += len(chosen) * size * (size - 1) // 2
            if counted > MAX_PAIRS:
                raise QueryError(f"more than {MAX_PAIRS:,} pairs of papers would be counted; ask for a larger "
                                 "least number of shared datasets, or a limit")
            members = self.dataset_papers[self.dataset_start[chosen][:, None] + np.arange(size)].astype(np.int64)
            a, b = np.triu_indices(size, 1)
            keys = np.sort((members[:, a] * len(self.papers) + members[:, b]).ravel())
            keys = keys[~np.isin(keys, known)]
            found.append(keys)
            sizes.append(np.full(len(keys), size, dtype=np.int64))
            count += len(keys)
            if count >= wanted:
                break
        keys = np.concatenate(found)[:wanted] if found else np.zeros(0, dtype=np.int64)
        rarest = np.concatenate(sizes)[:wanted] if sizes else np.zeros(0, dtype=np.int64)
        first, second = np.divmod(keys, len(self.papers))
        return first, second, np.ones(len(keys), dtype=np.int64), rarest

    def shared_counts(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(first, second, shared, rarest): every pair of the `chosen` papers (a boolean mask) on a common
        dataset, the first the smaller index, how many datasets they share, and how many papers the rarest
        of those has."""
        popularity = np.diff(self.dataset_start)
        members = self.dataset_papers[chosen[self.dataset_papers]]
        sizes = np.add.reduceat(chosen[self.dataset_papers].astype(np.int64), self.dataset_start[:-1]) if len(self.datasets) else []
        total = int(sum(int(n) * (int(n) - 1) // 2 for n in sizes))
        if total > MAX_PAIRS:
            raise QueryError(f"more than {MAX_PAIRS:,} pairs of papers would be counted ({total:,}); "
                             f"ask for a larger least number of shared datasets, or a limit")
        keys, rarity, start = [], [], 0
        for dataset, size in enumerate(map(int, sizes)):
            if size >= 2:
                group = members[start:start + size].astype(np.int64)
                first, second = np.triu_indices(size, 1)
                keys.append(group[first] * len(self.papers) + group[second])
                rarity.append(np.full(len(first), popularity[dataset], dtype=np.int32))
            start += size
        if not keys:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        pairs, shared, rarest = unique_counts(np.concatenate(keys), np.concatenate(rarity))
        first, second = np.divmod(pairs, len(self.papers))
        return first, second, shared, rarest


class DatasetLinks:
    """(paper id, dataset id) links gathered a paper at a time, kept as integer codes: a build gathers the
    links of a million papers without holding a pair of strings for each."""

    def __init__(self) -> None:
        self.papers: dict[str, int] = {}
        self.datasets: dict[str, int] = {}
        self.codes = array("q")  # paper code, dataset code, ...

    def add(self, paper: str, datasets: Iterable[str]) -> None:
        """Gather the links of `paper` to `datasets`."""
        for dataset in datasets:
            self.codes.append(self.papers.setdefault(paper, len(self.papers)))
            self.codes.append(self.datasets.setdefault(dataset, len(self.datasets)))

    def index(self) -> DatasetIndex:
        """The index of the links gathered (a link given twice counts once)."""
        papers, paper_rank = sorted_with_ranks(self.papers)
        datasets, dataset_rank = sorted_with_ranks(self.datasets)
        pairs = np.frombuffer(self.codes, dtype=np.int64).reshape(-1, 2) if self.codes else np.zeros((0, 2), np.int64)
        return indexed(papers, datasets, paper_rank[pairs[:, 0]], dataset_rank[pairs[:, 1]])


def indexed(papers: np.ndarray, datasets: np.ndarray, paper_of: np.ndarray, dataset_of: np.ndarray) -> DatasetIndex:
    """The index of the papers and datasets (sorted ids) and their links: the positions of each link's
    paper and dataset among them (a link given twice counts once)."""
    keys = unique(paper_of.astype(np.int64) * max(len(datasets), 1) + dataset_of)
    paper_of, dataset_of = np.divmod(keys, max(len(datasets), 1))
    by_dataset = np.lexsort((paper_of, dataset_of))
    return DatasetIndex(papers, datasets,
                        starts(paper_of, len(papers)), dataset_of.astype(np.int32),
                        starts(dataset_of[by_dataset], len(datasets)), paper_of[by_dataset].astype(np.int32))


def union(indexes: Iterable[DatasetIndex]) -> DatasetIndex:
    """The index of the links of all the `indexes` (of graphs merged into one)."""
    indexes = list(indexes)
    papers = unique(np.concatenate([index.papers for index in indexes]))
    datasets = unique(np.concatenate([index.datasets for index in indexes]))
    paper_of = [np.searchsorted(papers, index.papers)[np.repeat(np.arange(len(index.papers)), np.diff(index.paper_start))]
                for index in indexes]
    dataset_of = [np.searchsorted(datasets, index.datasets)[index.paper_datasets] for index in indexes]
    return indexed(papers, datasets, np.concatenate(paper_of), np.concatenate(dataset_of))


def unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted."""
    return unique_counts(values)[0]


def unique_counts(values: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """The distinct values, sorted, and how many times each is there: `np.unique` by sorting only (its
    hash table is slower on many paper ids); with `weights` (one a value), also the least weight of each
    distinct value."""
    order = np.argsort(values, kind="stable") if weights is not None else None
    values = values[order] if order is not None else np.sort(values)
    first = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1]))) if len(values) else np.zeros(0, int)
    counts = np.diff(np.append(first, len(values)))
    if weights is None:
        return values[first], counts
    least = np.minimum.reduceat(weights[order], first) if len(values) else np.zeros(0, weights.dtype)
    return values[first], counts, least


def index_links(links: Iterable[tuple[str, str]]) -> DatasetIndex:
    """The index of (paper id, dataset id) links (a link given twice counts once)."""
    gathered = DatasetLinks()
    for paper, dataset in links:
        gathered.add(paper, (dataset,))
    return gathered.index()


def sorted_with_ranks(codes: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The names sorted, and for each code (the order names were first seen) its name's place among them."""
    names = np.array(list(codes), dtype=str) if codes else np.zeros(0, dtype=str)
    order = np.argsort(names, kind="stable")
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[order] = np.arange(len(names))
    return names[order], ranks


def starts(sorted_keys: np.ndarray, size: int) -> np.ndarray:
    """CSR offsets of sorted keys 0..size-1: where each key's run starts, and the end."""
    return np.searchsorted(sorted_keys, np.arange(size + 1)).astype(np.int64)


def index_path(path: Path, version: str | None = None) -> Path:
    """Where the dataset index of the graph file `path` in its present version (or `version`) is kept."""
    return versioned_beside(path, INDEX_KIND, version)


def keep_index(index: DatasetIndex | None, path: Path, version: str | None = None) -> None:
    """Keep the dataset index of the graph file `path` beside it (`index_path`, for its present version or
    `version`; None when not known: the engine makes it on first use); those of other versions are removed
    (but the present one's, when the file is yet to be put in place under `version`)."""
    target = index_path(path, version)
    if index is not None:
        write_kept(index, target)
    present = index_path(path) if version and path.exists() else target  # kept until the new file is in place
    for old in kept_beside(path, f".*.{INDEX_KIND}"):
        if old not in (target, present) or index is None:
            old.unlink(missing_ok=True)


def kept_index(path: Path) -> DatasetIndex | None:
    """The dataset index kept beside the graph file `path` for its present version (`read_kept`)."""
    return read_kept(index_path(path))


def read_kept(file: Path) -> DatasetIndex | None:
    """The index saved in `file`; None when there is none, or it is damaged (then it is removed)."""
    try:
        return read_index(file)
    except StoreError:
        file.unlink(missing_ok=True)
        return None


def write_kept(index: DatasetIndex, file: Path) -> None:
    """Save the index in `file`; a folder that cannot be written to only makes the first question slower."""
    try:
        write_index(index, file)
    except OSError:
        pass


def write_index(index: DatasetIndex, path: Path) -> None:
    """Save the index as `.npz` (written to a temporary file first)."""
    handle, temp = temporary_beside(path)
    with os.fdopen(handle, "wb") as out:
        np.savez(out, **{name: getattr(index, name) for name in DatasetIndex.__dataclass_fields__})
    os.replace(temp, path)


def read_index(path: Path) -> DatasetIndex:
    """An index saved by `write_index`; StoreError when it is damaged."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return DatasetIndex(**{name: data[name] for name in DatasetIndex.__dataclass_fields__})
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as err:
        raise StoreError(f"{path}: not a dataset index ({err})") from err
