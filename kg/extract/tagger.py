"""A learned tagger: a linear-chain CRF (CRFsuite) labelling words B-/I-<type> or O.

Its features are the word's form (lower case, shape, affixes), its neighbours', and what the rule
extractors found there (`hints`: the vocabulary's and the patterns' B-/I- labels), so it learns when
to trust a rule and how far a name reaches ("the Yelp review dataset", "dense human pose
estimation"). The weights ship in kg/data/tagger.crfsuite; `scripts/train_tagger.py` makes them from
the permissively licensed gold sets (SciREX, TDMSci) and reports scores on a held-out part.
Two models share the features: one for datasets, tasks and metrics, one for methods.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import pycrfsuite

from kg.data import data_path
from kg.errors import ExtractionError
from kg.extract.fields import Field
from kg.extract.tokens import tokenize
from kg.model import Mention, Paper
from kg.resolve import resolve_name

# Each model labels some types: methods have their own, trained on the one set that labels them
# (TDMSci leaves methods unlabelled, which would teach a shared model that they are not names).
MODELS = {"tagger.crfsuite": ("dataset", "task", "metric"), "tagger-method.crfsuite": ("method",)}
TYPES = ("dataset", "task", "method", "metric")
ROLES = {"dataset": "uses", "task": "addresses", "method": "uses", "metric": "reports"}
WINDOW = (-2, -1, 1, 2)
SHAPE_RUNS = re.compile(r"(.)\1+")

Word = tuple[str, int, int]


def word_shape(word: str) -> str:
    """Letters as X/x, digits as d, runs shortened to two: "CIFAR-10" -> "XX-dd"."""
    shape = "".join("X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch for ch in word)
    return SHAPE_RUNS.sub(r"\1\1", shape)


@lru_cache(maxsize=200_000)
def own_features(word: str) -> tuple[str, ...]:
    """The features of a word by itself (cached: words repeat)."""
    lower = word.lower()
    found = ["w=" + lower, "shape=" + word_shape(word), "p3=" + lower[:3], "s3=" + lower[-3:], "s2=" + lower[-2:]]
    if word[:1].isupper():
        found.append("title")
    if word.isupper() and len(word) > 1:
        found.append("upper")
    if any(ch.isdigit() for ch in word):
        found.append("digit")
    if any(ch.isupper() for ch in word[1:]):
        found.append("inner-cap")
    return tuple(found)


@lru_cache(maxsize=200_000)
def neighbour_features(word: str, offset: int) -> tuple[str, ...]:
    """The features a word gives the word `offset` places away."""
    return (f"{offset}w={word.lower()}", f"{offset}shape={word_shape(word)}")


def sequence_features(words: Sequence[Word], hints: Sequence[str]) -> list[list[str]]:
    """Each word's feature strings: its own, its neighbours' and the rules' hints around it."""
    count = len(words)
    rows = []
    for i, (word, _, _) in enumerate(words):
        row = [*own_features(word), "h=" + hints[i]]
        for offset in WINDOW:
            j = i + offset
            if 0 <= j < count:
                row += neighbour_features(words[j][0], offset)
                row.append(f"{offset}h={hints[j]}")
            else:
                row.append(f"{offset}pad")
        rows.append(row)
    if rows:
        rows[0].append("first")
    return rows


def span_labels(words: Sequence[Word], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """B-/I-<type> for the words inside each (start, end, type) span, O elsewhere."""
    labels = ["O"] * len(words)
    for start, end, kind in spans:
        first = True
        for i, (_, word_start, word_end) in enumerate(words):
            if word_start >= start and word_end <= end:
                labels[i] = ("B-" if first else "I-") + kind
                first = False
    return labels


def labelled_spans(words: Sequence[Word], labels: Sequence[str]) -> list[tuple[int, int, str, int, int]]:
    """(start, end, type, first word, last word + 1) of each run of B-/I- labels of one type."""
    spans: list[list] = []
    for i, ((_, start, end), label) in enumerate(zip(words, labels)):
        if label == "O":
            continue
        kind = label[2:]
        if label.startswith("I-") and spans and spans[-1][2] == kind and spans[-1][4] == i:
            spans[-1][1], spans[-1][4] = end, i + 1
        else:
            spans.append([start, end, kind, i, i + 1])
    return [tuple(span) for span in spans]


def field_words(field: Field) -> list[Word]:
    """The words and punctuation of a field, with offsets."""
    return tokenize(field.text)


class TaggerExtractor:
    """Mentions the CRF models label, confidence the lowest marginal probability over the span's words.

    `hints` is a callable giving the rule mentions of a paper's fields (the vocabulary and pattern
    extractors), which the tagger reads as features."""

    name = "tagger"
    types: tuple[str, ...] = TYPES

    def __init__(self, hints, models: dict[str, str] | None = None):
        self.hints = hints
        self.taggers = [open_model(path) for path in (models or {m: str(data_path(m)) for m in MODELS}).values()]

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]:
        rule_mentions = self.hints(paper, fields)
        mentions = []
        for field in fields:
            words = field_words(field)
            hints = span_labels(words, ((m.start, m.end, m.type) for m in rule_mentions
                                        if m.field == field.name and m.type in TYPES))
            features = sequence_features(words, hints)
            for tagger in self.taggers:
                labels = tagger.tag(features)
                for start, end, kind, first, last in labelled_spans(words, labels):
                    confidence = min(tagger.marginal(labels[i], i) for i in range(first, last))
                    surface = field.text[start:end]
                    mentions.append(Mention(kind, surface, start, end, resolve_name(kind, surface), self.name,
                                            round(confidence, 3), field.sentence(start), field.name, ROLES[kind]))
        return mentions


def open_model(path: str) -> pycrfsuite.Tagger:
    """A CRFsuite tagger of the model at `path`; ExtractionError when it cannot be read."""
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(path)
    except (OSError, ValueError) as err:
        raise ExtractionError(f"{path}: the tagger's model cannot be read ({err}); reinstall kg "
                              "or run scripts/train_tagger.py") from err
    return tagger
