"""The key under which two spellings of a name agree, and a name as written without "the" or a tail word.

Compiled with mypyc (setup.py): extraction makes a key for every phrase it looks up in the vocabulary.
kg.model re-exports these functions.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Words that end a dataset's name as written and are not part of the name ("the CrossNER dataset")
TAIL_WORD_LIST = ("dataset", "datasets", "data set", "data sets", "benchmark", "benchmarks", "corpus", "corpora",
                  "challenge", "collection", "collections", "database", "databases", "treebank")
TAIL_WORDS = re.compile(rf"\b(?:{'|'.join(TAIL_WORD_LIST)})\s*$", re.I)
LEADING_THE = re.compile(r"^the\s+", re.I)
NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")
NOT_KEY_BYTES = bytes(set(range(256)) - set(b"abcdefghijklmnopqrstuvwxyz0123456789"))


@lru_cache(maxsize=100_000)
def resolve_key(name: str) -> str:
    """The key under which two spellings of one name agree: case, spaces, punctuation, a leading "the",
    a tail word ("dataset"), a possessive and a plural ending in "s" ("Street View House Numbers")."""
    text = (without_tail_word(name.strip()) or name).strip()
    text = without_leading_the(text).lower().replace("&", "and").replace("'s ", " ")
    if text.isascii():  # deleting bytes is faster than the regular expression
        key = text.encode().translate(None, NOT_KEY_BYTES).decode()
    else:
        key = NOT_KEY_CHARS.sub("", text)
    return key[:-1] if len(key) > 5 and key.endswith("s") and not key.endswith(("ss", "us", "is")) else key


def without_tail_word(text: str) -> str:
    """The text without a tail word at its end (the regular expression tried only when one may be there)."""
    return TAIL_WORDS.sub("", text) if text.rstrip().lower().endswith(TAIL_WORD_LIST) else text


def without_leading_the(text: str) -> str:
    """The text without a leading "the" and the space after it (the regular expression tried only when
    the text starts with "the" in any case)."""
    return LEADING_THE.sub("", text) if text[:3].lower() == "the" else text


@lru_cache(maxsize=100_000)
def bare_name(text: str) -> str:
    """A name as written without a leading "the" or a tail word: "the CrossNER dataset" -> "CrossNER"."""
    stripped = without_tail_word(text).strip()
    return without_leading_the(stripped) or text
