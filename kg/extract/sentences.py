"""Sentence spans of an abstract, so each link can show the sentence it came from."""
from __future__ import annotations

import re

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "Sec.", "No.", "approx.")
BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, covering all non-space text."""
    spans, start = [], 0
    for match in BOUNDARY.finditer(text):
        head = text[start: match.start() + 1]
        if head.endswith(ABBREVIATIONS):
            continue
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
