"""Canonical names: one name per dataset, task, method or metric however it was written.

A mention found in the vocabulary already carries its canonical name (variants fold into the
name they belong to). A name found by a pattern is looked up under its key — lower case,
letters and digits only, without a leading "the" or a trailing "dataset"/"benchmark"/"corpus"
— so "the CrossNER dataset" and "CrossNER" become one node, and "MS-COCO" found by a pattern
becomes the vocabulary's "COCO".
"""
from __future__ import annotations

import json
from functools import lru_cache

from kg.data import read_text

from kg.extract.vocab import load_terms
from kg.model import bare_name, resolve_key


@lru_cache(maxsize=1)
def vocabulary_index() -> dict[tuple[str, str], str]:
    """(type, key) -> canonical name, for every vocabulary surface form."""
    index: dict[tuple[str, str], str] = {}
    for term in load_terms():
        index.setdefault((term.type, resolve_key(term.surface)), term.name)
    return index


@lru_cache(maxsize=100_000)
def known_name(kind: str, text: str) -> str | None:
    """The vocabulary's canonical name of `text` as a `kind`, if it has one."""
    return vocabulary_index().get((kind, resolve_key(text)))


def resolve_name(kind: str, text: str) -> str:
    """The canonical name of `text` as a `kind`: the vocabulary's, else the vocabulary's name of a dataset
    it begins with before lower-case words ("COCO detection" -> COCO), else the text without its tail word."""
    known = known_name(kind, text)
    if known:
        return known
    bare = bare_name(text)
    words = bare.split(" ")
    while kind == "dataset" and len(words) > 1 and words[-1].islower():
        words.pop()
        known = known_name(kind, " ".join(words))
        if known:
            return known
    return without_split_words(bare) if kind == "dataset" else bare


def without_split_words(name: str) -> str:
    """A dataset's name without the words of a split after it ("BRATS test" -> "BRATS")."""
    words = name.split(" ")
    while len(words) > 1 and words[-1].lower() in split_words():
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def split_words() -> frozenset[str]:
    """Words naming a split of a dataset (patterns.json, `split_words`)."""
    return frozenset(json.loads(read_text("patterns.json"))["split_words"])
