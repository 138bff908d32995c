"""Sentence spans of an abstract, so each link can show the sentence it came from."""
from __future__ import annotations

import re

from kg.extract.tokens import find_all

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "Sec.", "No.", "approx.")
ENDS = ".!?"
# What follows a sentence's final mark: closing quotes or brackets, space, and a capital or digit next
AFTER_END = re.compile(r"[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, covering all non-space text.

    The marks that may end a sentence are found with str.find (faster than a regular
    expression starting with a character class); the rule is tried only after them."""
    spans, start = [], 0
    for mark in sorted(offset for end in ENDS if end in text for offset in find_all(text, end)):
        following = text[mark + 1: mark + 2]
        if not (following == " " or following.isspace() or following in ('"', "'", ")", "]")):  # (AFTER_END's start)
            continue
        after = AFTER_END.match(text, mark + 1)
        if after is None or text[start: mark + 1].endswith(ABBREVIATIONS):
            continue
        spans.append((start, mark + 1 + len(after.group().rstrip())))
        start = after.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
