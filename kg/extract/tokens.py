"""Words of a text with their offsets, where a string occurs, and the key under which names are compared."""
from __future__ import annotations

import re
from collections.abc import Iterator

TOKEN = re.compile(r"[^\W_]+|\S")
JOINERS = {"-", "‐", "–", "_"}


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for each run of letters/digits and each other non-space character."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def name_key(text: str) -> str:
    """Tokens joined by one space, hyphens dropped: "CIFAR-10", "CIFAR 10" and "CIFAR - 10" agree."""
    return " ".join(tok for tok, _, _ in tokenize(text) if tok not in JOINERS)


def find_all(text: str, part: str) -> list[int]:
    """Every offset where `part` starts in `text`."""
    found, offset = [], text.find(part)
    while offset >= 0:
        found.append(offset)
        offset = text.find(part, offset + 1)
    return found


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` occurs in `text` as a word of its own: "SRL" in "SRL-free", not in "XSRL", "SRLs" or
    "X-SRL"."""
    for start in find_all(text, word):
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after == "_"):
            yield start
