"""Names the vocabularies lack, found by the patterns of kg/data/patterns.json."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.data import read_text

LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern and what it finds."""

    type: str
    role: str
    confidence: float
    regex: re.Pattern


@dataclass(frozen=True)
class PatternSet:
    """All patterns, the words that are never names, and the title rule."""

    patterns: tuple[Pattern, ...]
    not_names: frozenset[str]
    title_regex: re.Pattern
    title_not_names: frozenset[str]
    title_confidence: float


@lru_cache(maxsize=1)
def load_patterns() -> PatternSet:
    """The patterns shipped in kg/data/patterns.json, compiled once."""
    data = json.loads(read_text("patterns.json"))
    name = data["NAME"]
    patterns = tuple(
        Pattern(p["type"], p["role"], p["confidence"], re.compile(p["regex"].replace("NAME", name)))
        for p in data["patterns"]
    )
    title = data["title_method"]
    return PatternSet(patterns, frozenset(data["not_names"]), re.compile(title["regex"]),
                      frozenset(n.lower() for n in title["not_names"]), title["confidence"])


def find_pattern_names(text: str) -> list[tuple[int, int, Pattern]]:
    """(start, end, pattern) for every name a pattern finds in `text`."""
    rules = load_patterns()
    found = []
    for pattern in rules.patterns:
        for match in pattern.regex.finditer(text):
            group = "names" if "names" in pattern.regex.groupindex else "name"
            start = match.start(group)
            for part in LIST_SPLIT.split(match.group(group)) if group == "names" else [match.group(group)]:
                offset = text.find(part, start)
                if part and part not in rules.not_names and offset >= 0:
                    found.append((offset, offset + len(part), pattern))
    return found


def find_title_name(title: str) -> tuple[int, int] | None:
    """The span of the name before the colon of a title such as "CrossFormer: A ...", if any."""
    rules = load_patterns()
    match = rules.title_regex.match(title)
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
