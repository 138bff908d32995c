"""One paper per paper read: readings of the same paper merged, in reading order.

The same paper read twice (same arXiv id or id, else same DOI, else same normalised title, when no arXiv
ids or DOIs disagree) is one paper that keeps its first text, fills what it lacks from the other reading
and lists every place it was read in `sources`.

Papers read on worker processes (`kg.loaders.parallel`) come packed, pickled with their match keys, and
stay packed unless merged: this process hands them on to the extraction workers without unpickling them.
"""
from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from typing import NamedTuple, overload

from kg.model import UNTITLED, Paper, title_key


class PackedPaper(NamedTuple):
    """A paper read on a worker: pickled (`blob`), the keys it is matched by, and whether the filters keep it."""

    blob: bytes
    keys: list[tuple[str, str]]
    kept: bool


def unpacked(item: Paper | bytes) -> Paper:
    """The paper of a packed paper's blob (or the paper itself)."""
    return pickle.loads(item) if isinstance(item, bytes) else item


class PackedPapers(Sequence[Paper]):
    """Papers kept pickled, unpacked one at a time when asked for. A slice is PackedPapers too, and passes
    to a worker process as its bytes, so this process never unpickles the papers it hands out."""

    def __init__(self, items: list[Paper | bytes]):
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Paper: ...

    @overload
    def __getitem__(self, index: slice) -> PackedPapers: ...

    def __getitem__(self, index: int | slice) -> Paper | PackedPapers:
        if isinstance(index, slice):
            return PackedPapers(self.items[index])
        return unpacked(self.items[index])


def merge(known: Paper, new: Paper) -> Paper:
    """One paper from two readings: the first reading's text, what it lacks from the second, every source.

    The id becomes the arXiv one when either reading knows it; a placeholder title (`arXiv:<id>`) gives
    way to a real one.
    """
    return dataclasses.replace(
        known, id=known.id if known.id.startswith("arxiv:") or not new.id.startswith("arxiv:") else new.id,
        title=new.title if new.title and (not known.title or known.title.startswith(UNTITLED)) else known.title,
        abstract=known.abstract or new.abstract, date=known.date or new.date,
        urls=tuple(dict.fromkeys(known.urls + new.urls)), sources=known.sources + new.sources,
        authors=known.authors or new.authors, categories=tuple(dict.fromkeys(known.categories + new.categories)),
        arxiv_id=known.arxiv_id or new.arxiv_id, doi=known.doi or new.doi,
        links=tuple(dict.fromkeys(known.links + new.links)), venue=known.venue or new.venue,
        other_ids=tuple(dict.fromkeys(known.other_ids + new.other_ids)),
        references=tuple(dict.fromkeys(known.references + new.references)),
        results=tuple(dict.fromkeys(known.results + new.results)))


def compatible(a: Paper, b: Paper) -> bool:
    """Whether two readings may be one paper: no two different arXiv ids or DOIs."""
    return not (a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id) and not (a.doi and b.doi and a.doi != b.doi)


def match_keys(paper: Paper) -> list[tuple[str, str]]:
    """The keys one paper is known by, strongest first: its id, its DOI, its normalised title."""
    keys = [("id", paper.id)]
    if paper.doi:
        keys.append(("doi", paper.doi))
    if paper.title:
        keys.append(("title", title_key(paper.title)))
    return keys


class UniquePapers:
    """The unique papers of what is read, in reading order: each added paper becomes a new one or is
    merged into the one read before that it matches. Papers read on worker processes are added packed
    (`kg.loaders.parallel`) and stay packed unless they are merged, which is rare."""

    def __init__(self) -> None:
        self.items: list[Paper | bytes] = []
        self.index: dict[tuple[str, str], int] = {}
        self.packed = False

    def __len__(self) -> int:
        return len(self.items)

    def add(self, read: Paper | PackedPaper) -> bool:
        """Add one reading of a paper; True when it was merged into a paper read before."""
        if isinstance(read, PackedPaper):
            item: Paper | bytes = read.blob
            keys = read.keys
            self.packed = True
        else:
            item, keys = read, match_keys(read)
        paper = None
        for key in keys:
            if key in self.index:
                paper = paper or unpacked(item)
                if compatible(unpacked(self.items[self.index[key]]), paper):
                    slot = self.index[key]
                    self.items[slot] = merged = merge(unpacked(self.items[slot]), paper)
                    self.note(match_keys(merged) + keys, slot)
                    return True
        self.note(keys, len(self.items))
        self.items.append(item)
        return False

    def note(self, keys: list[tuple[str, str]], slot: int) -> None:
        """Note that the paper at `slot` is known by `keys` (those taken by an earlier paper stay its)."""
        for key in keys:
            self.index.setdefault(key, slot)

    def papers(self) -> Sequence[Paper]:
        """The papers: a list, or `PackedPapers` when some were read packed."""
        return PackedPapers(self.items) if self.packed else list(self.items)  # type: ignore[arg-type]
