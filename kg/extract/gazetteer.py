"""Finding vocabulary terms in text in one pass: hash look-ups of word n-grams, longest first."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kg.extract.tokens import JOINERS, tokenize
from kg.extract.vocab import Term

MAX_WORDS = 10
CONTEXT_WORDS = {
    "dataset": {"dataset", "datasets", "data", "benchmark", "benchmarks", "corpus", "database", "set"},
    "task": {"task", "tasks", "problem"},
    "method": {"model", "models", "method", "network", "architecture"},
    "metric": {"score", "scores", "metric"},
}
# A version or size written onto a dataset name ("ImageNet-1k", "COCO 2017", "SQuAD v2") is
# the same dataset: the mention grows to include it and the name stays canonical.
DATASET_SUFFIX = re.compile(r"(?:[-‐](?:\d+[kKmM]|v\d+(?:\.\d+)?|\d{4}|\d+(?:\.\d+)?)|\s(?:v\d+(?:\.\d+)?|(?:19|20)\d\d))\b")


@dataclass(frozen=True)
class Match:
    """A term found at [start, end) of the text."""

    start: int
    end: int
    term: Term


class Gazetteer:
    """An index of terms by their word key, exact-case and lower-case."""

    def __init__(self, terms: tuple[Term, ...]):
        self.exact: dict[str, list[Term]] = defaultdict(list)
        self.folded: dict[str, list[Term]] = defaultdict(list)
        self.first_words: set[str] = set()
        for term in terms:
            words = [tok for tok, _, _ in tokenize(term.surface) if tok not in JOINERS]
            if not words or len(words) > MAX_WORDS:
                continue
            key = " ".join(words)
            if term.case_sensitive:
                self.exact[key].append(term)
            else:
                self.folded[key.lower()].append(term)
            self.first_words.add(words[0].lower())

    def find(self, text: str, skip: list[tuple[int, int]] = ()) -> list[Match]:
        """Every term occurrence whose span respects word boundaries and lies outside `skip` spans."""
        words = [t for t in tokenize(text) if t[0] not in JOINERS]
        matches = []
        for i, (word, start, _) in enumerate(words):
            if word.lower() not in self.first_words or not starts_cleanly(text, start):
                continue
            for j in range(min(len(words), i + MAX_WORDS), i, -1):
                end = words[j - 1][2]
                key = " ".join(w for w, _, _ in words[i:j])
                terms = self.exact.get(key, []) + self.folded.get(key.lower(), [])
                if not terms or not ends_cleanly(text, end):
                    continue
                if any(s < end and start < e for s, e in skip):
                    break
                after = words[j][0].lower() if j < len(words) else ""
                for term in terms:
                    if term.ambiguous and after not in CONTEXT_WORDS[term.type]:
                        continue
                    stop = end
                    if term.type == "dataset":
                        suffix = DATASET_SUFFIX.match(text, end)
                        stop = suffix.end() if suffix else end
                    matches.append(Match(start, stop, term))
        return matches


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
