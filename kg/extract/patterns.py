"""Names the vocabularies lack, found by the patterns of kg/data/patterns.json."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from kg.data import read_text
from kg.extract.fields import Field

WINDOW = 120  # characters before (and after) a trigger where a pattern that does not start at it is tried
HEAD_WORDS = 24  # characters after a trigger that a pattern ending with it may still need ("data sets")
NAME_CONNECTORS = {"of", "with"}  # lower-case words inside a capitalised name ("Animals with Attributes")
SHORT_FORM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{2,})\)")  # " (LAMDA)" after a dataset's head word
SYMBOL_AFTER = ("_", "^", "{", "$", "\\")  # a name followed by one is a formula's symbol ("Inv_{k,1}")
LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: hashing its fields is slow, and patterns key dicts
class Pattern:
    """A compiled pattern and what it finds."""

    type: str
    role: str
    confidence: float
    regex: re.Pattern
    triggers: tuple[str, ...]
    search: str  # where, from a trigger: "at" it, "before" it, or "around" it
    words_after_name: int | None = None  # "before": the lower-case words a match may have between name and trigger


@dataclass(frozen=True)
class PatternSet:
    """All patterns, the words that are never names, and the title rule."""

    patterns: tuple[Pattern, ...]
    triggers: ahocorasick_rs.AhoCorasick  # finds the triggers in lower-case text
    triggered: tuple[tuple[Pattern, ...], ...]  # the patterns each trigger (by index) triggers
    not_names: frozenset[str]
    not_dataset_names: frozenset[str]
    title_regex: re.Pattern
    title_not_names: frozenset[str]
    title_confidence: float


@lru_cache(maxsize=1)
def load_patterns() -> PatternSet:
    """The patterns shipped in kg/data/patterns.json, compiled once."""
    data = json.loads(read_text("patterns.json"))
    patterns = tuple(
        Pattern(p["type"], p["role"], p["confidence"], re.compile(expand(p["regex"], data)),
                tuple(p["triggers"]), p["search"], p.get("words_after_name"))
        for p in data["patterns"]
    )
    triggers = sorted({t for p in patterns for t in p.triggers})
    triggered = tuple(tuple(p for p in patterns if trigger in p.triggers) for trigger in triggers)
    title = data["title_method"]
    return PatternSet(patterns, ahocorasick_rs.AhoCorasick(triggers), triggered, frozenset(data["not_names"]), frozenset(data["not_dataset_names"]), re.compile(title["regex"]),
                      frozenset(n.lower() for n in title["not_names"]), title["confidence"])


def expand(regex: str, data: dict) -> str:
    """The regex with DATASET_NAME and NAME replaced by their definitions."""
    return regex.replace("DATASET_NAME", data["DATASET_NAME"]).replace("NAME", data["NAME"])


def find_pattern_names(field: Field) -> list[tuple[int, int, Pattern]]:
    """(start, end, pattern) for every name a pattern finds in the field's text."""
    rules = load_patterns()
    found = []
    for pattern, offsets in trigger_offsets(field.lower, rules).items():
        for match in pattern_matches(field, pattern, offsets):
            group = "names" if "names" in pattern.regex.groupindex else "name"
            start = match.start(group)
            parts = LIST_SPLIT.split(match.group(group)) if group == "names" else [match.group(group)]
            if len(parts) > 1 and defines_short_form(field.text, match, parts[0]):
                parts = [match.group(group)]  # "Leiden Atomic and Molecular Database (LAMDA)": one name
            spans = []
            begins = name_start(field.text, start, rules.not_names)
            if begins is None:  # the first name is the end of a longer one; the others stand
                start += len(parts[0])
                parts = parts[1:]
            elif begins < start:
                parts[0] = field.text[begins:start] + parts[0]
                start = begins
            for part in parts:
                offset = field.text.find(part, start)
                part, offset = without_leading(part, offset, rules.not_names)
                if (part and part not in rules.not_names and offset >= 0 and not part.replace(".", "").isdigit()
                        and field.text[offset + len(part):offset + len(part) + 1] not in SYMBOL_AFTER):
                    spans.append((offset, offset + len(part)))
                    start = offset + len(part)
            if spans and "head" in pattern.regex.groupindex and spans[-1][1] == match.start("head") - 1:
                spans[-1] = (spans[-1][0], match.end("head"))
            found += [(s, e, pattern) for s, e in spans]
    return found


def defines_short_form(text: str, match: re.Match, first: str) -> bool:
    """Whether a list of names before a head is one long name that the text defines a short form of:
    the head is followed by a short form in parentheses that starts with the first name's letter."""
    if "head" not in match.re.groupindex or match.group("head") is None:
        return False
    short = SHORT_FORM_AFTER.match(text, match.end("head"))
    return short is not None and short.group(1)[:1] == first[:1]


def name_start(text: str, start: int, not_names: frozenset[str]) -> int | None:
    """Where the name found at `start` begins: earlier when a capitalised word and a connector come
    before it ("Attributes" of "Animals with Attributes"), None when it is the end of a longer
    capitalised name the pattern could not hold ("Based Sentiment Analysis" of "Aspect Based
    Sentiment Analysis datasets")."""
    before = text[max(0, start - 40):start]
    words = before.split()
    if not before.endswith((" ", "-")) or not words:
        return start
    if words[-1] in NAME_CONNECTORS:  # unless a sentence starts at the word before it
        if len(words) > 2 and is_name_word(words[-2], not_names) and not words[-3].endswith((".", ":", ";", "?", "!")):
            return text.rindex(words[-2], 0, start - len(words[-1]))
        return start
    return None if is_name_word(words[-1], not_names) else start


def is_name_word(word: str, not_names: frozenset[str]) -> bool:
    """A capitalised word that may be part of a name (not "The", not "However,")."""
    return word[:1].isupper() and word not in not_names and not word.endswith((".", ":", ";", ","))


def without_leading(part: str, offset: int, not_names: frozenset[str]) -> tuple[str, int]:
    """The name without its leading words that are never names ("In MNIST" -> "MNIST"); "" when
    what is left does not start like a name ("In fact" -> "")."""
    stripped = False
    while part:
        first, _, rest = part.partition(" ")
        if first not in not_names or not rest.strip():
            break
        offset += len(part) - len(rest.lstrip())
        part, stripped = rest.lstrip(), True
    if stripped and not (part[:1].isupper() or part[:1].isdigit()):
        return "", offset
    return part, offset


def trigger_offsets(lower: str, rules: PatternSet) -> dict[Pattern, list[int]]:
    """For each pattern triggered in the lower-case text, where its triggers start (in one pass)."""
    offsets: dict[Pattern, list[int]] = {}
    found: list[tuple[int, int, int]] = rules.triggers.find_matches_as_indexes(lower, overlapping=True)
    for index, start, _ in found:  # (typed, so that mypyc compiles the loop on native ints)
        for pattern in rules.triggered[index]:
            offsets.setdefault(pattern, []).append(start)
    return offsets


def pattern_matches(field: Field, pattern: Pattern, offsets: list[int]) -> list[re.Match]:
    """The pattern's matches, tried only at its triggers or in the text before or around them."""
    text = field.text
    found: list[re.Match] = []
    if pattern.search == "at":
        for offset in sorted(set(offsets)):
            match = pattern.regex.match(text, offset)
            if match:
                found.append(match)
        return found
    if pattern.words_after_name is not None:
        offsets = [offset for offset in offsets if name_may_end_before(text, offset, pattern.words_after_name)]
    seen = set()
    for start, end in trigger_windows(field, offsets, pattern.search == "before"):
        for match in pattern.regex.finditer(text, start, end):
            span = match.span()
            if span not in seen:
                seen.add(span)
                found.append(match)
    return found


def name_may_end_before(text: str, offset: int, words_after_name: int) -> bool:
    """Whether a name, then at most `words_after_name` lower-case words, may end just before `offset`: one
    of the words there holds a capital or a digit, as the last word of every name does."""
    words = text[:offset].rsplit(None, words_after_name + 1)[-(words_after_name + 1):]
    for word in words:
        if word.isalpha() and word.islower():  # (letters, none a capital: no character to look at)
            continue
        if any(ch.isupper() or ch.isdigit() for ch in word):
            return True
    return False


def trigger_windows(field: Field, offsets: list[int], before: bool) -> list[tuple[int, int]]:
    """The stretches of text around the triggers (WINDOW characters before; WINDOW after, or with
    `before` only to the end of the words just after), kept within a sentence and merged where they
    overlap."""
    windows: list[list[int]] = []
    text = field.text
    for offset in sorted(set(offsets)):
        sentence = field.sentence_span(offset)
        end = offset + (HEAD_WORDS if before else WINDOW)
        while before and end < len(text) and text[end].isalnum():
            end += 1
        start, end = max(sentence[0], offset - WINDOW), min(sentence[1], end)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def find_title_name(title: str) -> tuple[int, int] | None:
    """The span of the name before the colon of a title such as "CrossFormer: A ...", if any."""
    rules = load_patterns()
    match = rules.title_regex.match(title) if ":" in title else None  # (the rule needs a colon: most titles skip it)
    if not match:
        return None
    name = match.group("name").strip()
    words = name.split()
    looks_like_name = len(words) <= 4 and any(ch.isupper() or ch.isdigit() for ch in name[1:] + name[:1])
    if not looks_like_name or name.lower() in rules.title_not_names or name in rules.not_names:
        return None
    if len(words) > 1 and not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    return match.start("name"), match.start("name") + len(name)
