"""Abbreviations a text defines ("named entity recognition (NER)"), found the Schwartz–Hearst way.

Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in biomedical
text": a short form in parentheses is defined by the words just before it when its letters appear in
them in order, reading backwards, its first letter starting a word. Pure functions over text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SHORT_FORM = re.compile(r"\(\s*([^()\s;,]{2,10}(?:\s[^()\s;,]{1,10})?)\s*\)")
WORD = re.compile(r"\S+")
LONG_FORM_REACH = 300  # characters before a short form where its long form is looked for (at most 26 words)
CLAUSE_BREAK = re.compile(r"[.;:!?]\s|,\s+(?:and|or|which|where|while)\s")


@dataclass(frozen=True)
class Abbreviation:
    """A short form and the long form it abbreviates, with their spans in the text."""

    short: str
    long: str
    short_start: int
    long_start: int

    @property
    def short_end(self) -> int:
        return self.short_start + len(self.short)

    @property
    def long_end(self) -> int:
        return self.long_start + len(self.long)


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every "long form (SHORT)" definition in the text."""
    found: list[Abbreviation] = []
    if "(" not in text:
        return found
    for match in SHORT_FORM.finditer(text):
        short = match.group(1)
        if not looks_like_short_form(short):
            continue
        window_start = clause_start(text, match.start())
        before = text[window_start:match.start()].rstrip()
        words = list(WORD.finditer(before))
        limit = min(len(short) + 5, 2 * len(short))
        if not words:
            continue
        candidate_start = words[-min(limit, len(words))].start()
        long = best_long_form(short, before[candidate_start:])
        if long and len(long) > len(short):
            found.append(Abbreviation(short, long, match.start(1), window_start + len(before) - len(long)))
    return found


def looks_like_short_form(short: str) -> bool:
    """At least one letter, starting with a letter or digit, and not a plain lower-case word."""
    return (short[0].isalnum() and any(ch.isalpha() for ch in short)
            and any(ch.isupper() for ch in short) and len(short.split()) <= 2)


def clause_start(text: str, end: int) -> int:
    """Where the clause ending at `end` begins (a long form does not cross a sentence or clause break),
    looked for in the LONG_FORM_REACH characters before `end` only: a long form is never longer."""
    start = 0 if end <= LONG_FORM_REACH else text.find(" ", end - LONG_FORM_REACH, end) + 1
    for brk in CLAUSE_BREAK.finditer(text, start, end):
        start = brk.end()
    return start


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest tail of `candidate` holding the short form's letters in order, the first at a word's start."""
    lower = candidate.lower()
    if len(lower) != len(candidate):  # a few characters grow in lower case ("İ"): they match no letter
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else "\0" for ch in candidate)
    position = len(candidate)  # where the letter matched last; the next is looked for before it
    for index in range(len(short) - 1, -1, -1):
        char = short[index].lower()
        if not char.isalnum():
            continue
        position = lower.rfind(char, 0, position) if len(char) == 1 else -1
        while index == 0 and position > 0 and candidate[position - 1].isalnum():  # inside a word
            position = lower.rfind(char, 0, position)
        if position < 0:
            return None
    return candidate[candidate.rfind(" ", 0, position) + 1:]
