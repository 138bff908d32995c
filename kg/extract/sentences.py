"""Sentence spans of an abstract, so each link can show the sentence it came from."""
from __future__ import annotations

from kg.extract.tokens import find_all

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "Sec.", "No.", "approx.")
ENDS = ".!?"
CLOSERS = ('"', "'", ")", "]")  # closing quotes or brackets that may follow a sentence's final mark
OPENERS = ('"', "'", "(", "[")  # opening quotes or brackets that may start the next sentence


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, covering all non-space text.

    The marks that may end a sentence are found with str.find (faster than a regular
    expression starting with a character class); `next_sentence` tells whether one does."""
    spans, start = [], 0
    for mark in sorted(offset for end in ENDS if end in text for offset in find_all(text, end)):
        found = next_sentence(text, mark)
        if found is None or text[start: mark + 1].endswith(ABBREVIATIONS):
            continue
        end, start_after = found
        spans.append((start, end))
        start = start_after
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def next_sentence(text: str, mark: int) -> tuple[int, int] | None:
    """Where the sentence ending with the mark at `mark` ends and the next one starts, when closing quotes
    or brackets, then space, then a capital or a digit (after an opening quote or bracket, if any) follow
    the mark; else None."""
    end = mark + 1
    while end < len(text) and text[end] in CLOSERS:
        end += 1
    start = end
    while start < len(text) and (text[start] == " " or text[start].isspace()):
        start += 1
    first = text[start:start + 1]
    if first in OPENERS:
        first = text[start + 1:start + 2]
    return (end, start) if start > end and ("A" <= first <= "Z" or "0" <= first <= "9") else None
