"""Finding vocabulary terms in text in one pass: an Aho-Corasick automaton over normalised text.

Text and terms are compared in lower case with hyphens and underscores read as spaces and runs of
spaces as one, so "CIFAR-10", "CIFAR 10" and "cifar-10" meet; terms that must keep their case
("ImageNet", "ACE") have their own automaton, run over the text as written. Every match is checked
for word boundaries, so "MNIST" is not found inside "Fashion-MNIST".
"""
from __future__ import annotations

import re
from bisect import bisect_right

import ahocorasick_rs

from kg.extract.fields import Field
from kg.extract.tokens import JOINERS
from kg.extract.vocab import Term

SPACE_RUN = re.compile(r"  +")  # a literal prefix: re scans for it far faster than for a class such as \s
# White space other than " ", read as a space (in place, so offsets are kept)
OTHER_SPACES = ("\n", "\t", "\r", "\f", "\v", "\xa0", "\u2009", "\u202f", "\u3000")
AS_SPACE = (*sorted(JOINERS), *OTHER_SPACES)
ASCII_AS_SPACE = tuple(char for char in AS_SPACE if char.isascii())  # all an ASCII text can hold
NEXT_WORD = re.compile(r"\W*(\w+)")
CONTEXT_WORDS = {
    "dataset": {"dataset", "datasets", "data", "benchmark", "benchmarks", "corpus", "database", "set"},
    "task": {"task", "tasks", "problem"},
    "method": {"model", "models", "method", "network", "architecture"},
    "metric": {"score", "scores", "metric"},
}
# A version or size written onto a dataset name ("ImageNet-1k", "COCO 2017", "SQuAD v2") is
# the same dataset: the mention grows to include it and the name stays canonical.
DATASET_SUFFIX = re.compile(r"(?:[-‐](?:\d+[kKmM]|v\d+(?:\.\d+)?|\d{4}|\d+(?:\.\d+)?)|\s(?:v\d+(?:\.\d+)?|(?:19|20)\d\d))\b")


def normal_form(text: str) -> str:
    """`text` with joiners as spaces and runs of white space as one space (case kept)."""
    return searchable(text)[0].strip()


def plain_spaces(text: str) -> str:
    """`text` with each joiner and each other white space character replaced by a space (str.replace,
    faster here than translate; an ASCII text is searched for the ASCII ones only)."""
    for char in ASCII_AS_SPACE if text.isascii() else AS_SPACE:
        if char in text:
            text = text.replace(char, " ")
    return text


class Match:  # a plain class: made for every match, and mypyc makes it a native one, quick to make and read
    """A term found at [start, end) of the text; `grown` when the span goes past the term, over a version or
    size ("ImageNet-1k")."""

    __slots__ = ("start", "end", "term", "grown")

    def __init__(self, start: int, end: int, term: Term, grown: bool = False) -> None:
        self.start = start
        self.end = end
        self.term = term
        self.grown = grown


class Gazetteer:
    """Two automata: one of the lower-case normal forms of terms matched in any case, searched in the
    lower-case text, and one of the exact normal forms of terms that keep their case ("ImageNet",
    "IS-A"), searched in the text as written (so "IS" is never looked at inside "this")."""

    def __init__(self, terms: tuple[Term, ...]):
        self.folded = Automaton(terms, case_sensitive=False)
        self.exact = Automaton(terms, case_sensitive=True)

    def find(self, field: Field) -> list[Match]:
        """Every term occurrence whose span respects word boundaries and lies outside the field's links."""
        text = field.text
        searched, to_text = searchable(text)
        lowered = searched.lower()
        if len(lowered) != len(searched):  # a few characters grow in lower case ("İ")
            lowered = searchable(field.lower)[0]
        matches = []
        shortened = to_text is not same_offset
        for source, automaton in ((lowered, self.folded), (searched, self.exact)):
            found: list[tuple[int, int, int]] = automaton.search.find_matches_as_indexes(source, overlapping=True)
            for index, start, end in found:  # (typed, so that mypyc compiles the loop on native ints)
                if shortened:
                    start, end = to_text(start), to_text(end - 1) + 1
                if starts_cleanly(text, start) and ends_cleanly(text, end) and not field.in_url(start, end):
                    matches += allowed(field, start, end, automaton.terms[index])
        if any(match.grown for match in matches):  # "WMT 2014" is its own dataset, not WMT grown by a year
            exact = {(match.start, match.end) for match in matches if not match.grown}
            matches = [match for match in matches if not (match.grown and (match.start, match.end) in exact)]
        return matches


class Automaton:
    """An Aho-Corasick automaton of the normal forms of the terms of one case rule (lower case when
    it is case-insensitive), and the terms of each of its keys."""

    def __init__(self, terms: tuple[Term, ...], case_sensitive: bool):
        entries: dict[str, list[Term]] = {}
        for term in terms:
            surface = normal_form(term.surface)
            if surface and term.case_sensitive == case_sensitive:
                entries.setdefault(surface if case_sensitive else surface.lower(), []).append(term)
        self.terms = list(entries.values())
        self.search = ahocorasick_rs.AhoCorasick(list(entries))


def allowed(field: Field, start: int, end: int, terms: list[Term]) -> list[Match]:
    """The terms found at text[start:end] that the next word allows, dataset names grown by a version."""
    after = None
    found = []
    for term in terms:
        if term.ambiguous:
            if after is None:
                word = NEXT_WORD.match(field.lower, end)
                after = word.group(1) if word else ""
            if after not in CONTEXT_WORDS[term.type]:
                continue
        stop = end
        if term.type == "dataset":
            following = field.text[end:end + 1]
            suffix = None
            if following.isspace() or following in ("-", "‐"):  # (what DATASET_SUFFIX needs first)
                suffix = DATASET_SUFFIX.match(field.text, end)
            stop = suffix.end() if suffix else end
        found.append(Match(start, stop, term, stop != end))
    return found


def same_offset(offset: int) -> int:
    """The offset itself (a text with nothing to shorten)."""
    return offset


def searchable(text: str):
    """The text in normal form (case kept), and a function from its offsets back to the text's.

    Joiners and white space become spaces in place; only a text with runs of spaces is shortened, and
    then where it was shortened is kept to map offsets back."""
    spaced = plain_spaces(text)
    if "  " not in spaced:
        return spaced, same_offset
    cuts, shifts, removed = [], [], 0
    for run in SPACE_RUN.finditer(spaced):
        cuts.append(run.start() + 1 - removed)
        removed += len(run.group()) - 1
        shifts.append(removed)

    def to_text(offset: int) -> int:
        index = bisect_right(cuts, offset)
        return offset + (shifts[index - 1] if index else 0)

    return SPACE_RUN.sub(" ", spaced), to_text


def starts_cleanly(text: str, start: int) -> bool:
    """False inside a compound ("MNIST" in "Fashion-MNIST") or a path ("a/b", "x.y")."""
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum():
        return False
    return not (before in JOINERS or before in "/.@") or start < 2 or not text[start - 2].isalnum()


def ends_cleanly(text: str, end: int) -> bool:
    """False when the name goes on: "COCO-Stuff", "GPT-3.5" for "GPT-3", "SQuAD1.1" for "SQuAD1"."""
    if end >= len(text):
        return True
    after, following = text[end], text[end + 1: end + 2]
    if after.isalnum():
        return False
    if after in JOINERS:
        return not following[:1].isupper()
    if after in "./" and following.isalnum():
        return False
    return True
