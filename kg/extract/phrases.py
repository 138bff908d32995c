"""Names written as a phrase ending in a head noun ("the word segmentation problem", "transformer models").

The head words and the words that end a phrase are data (kg/data/phrases.json). Head words are found
in one Aho-Corasick pass over the lower-case text; from each, up to `max_words` words are read back.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick_rs

from kg.data import read_text
from kg.extract.fields import Field
from kg.resolve import known_name

LONGEST = ahocorasick_rs.MatchKind.LeftmostLongest  # "models", not the "model" in it
WORD_TAIL = re.compile(r"(?:[^\W_]|[-'])*\Z")  # the letters, digits, "-" and "'" that end a text ("pre-trained")
NEXT_WORD = re.compile(r" ([a-z]+)")  # a word after a space, in lower-case text


@dataclass(frozen=True)
class Head:
    """A head word's rule: the type, role and confidence of the phrases it ends."""

    type: str
    role: str
    confidence: float


@dataclass(frozen=True)
class PhraseRules:
    """Head words (found by `search`, each with its rule and singular form), the words that end a phrase,
    and the head words that name a task alone (with their rule)."""

    search: ahocorasick_rs.AhoCorasick
    heads: tuple[tuple[str, Head, str], ...]  # (word, rule, singular), by the automaton's index
    by_word: dict[str, tuple[Head, str]]  # word -> (rule, singular)
    stop_words: frozenset[str]
    max_words: int
    alone: dict[str, Head]


@lru_cache(maxsize=1)
def load_phrase_rules() -> PhraseRules:
    """The rules of kg/data/phrases.json."""
    data = json.loads(read_text("phrases.json"))
    heads = tuple((word, Head(rule["type"], rule["role"], rule["confidence"]), singular)
                  for rule in data["heads"] for word, singular in rule["words"].items())
    by_word = {word: (head, singular) for word, head, singular in heads}
    confidence = data["alone"]["confidence"]
    alone = {word: replace(by_word[word][0], confidence=confidence) for word in data["alone"]["words"]}
    return PhraseRules(ahocorasick_rs.AhoCorasick([word for word, _, _ in heads], matchkind=LONGEST), heads,
                       by_word, frozenset(data["stop_words"]), data["max_words"], alone)


def find_phrases(field: Field) -> list[tuple[int, int, Head, str]]:
    """(start, end, rule, name) of every phrase ending in a head word, and of the head words that name a
    task alone ("improves parsing")."""
    rules = load_phrase_rules()
    text, lower = field.text, field.lower
    found = []
    heads: list[tuple[int, int, int]] = rules.search.find_matches_as_indexes(lower)
    for index, start, end in heads:  # (typed, so that mypyc compiles the loop on native ints)
        if start < 2 or lower[start - 1] != " " or (end < len(lower) and (lower[end].isalnum() or lower[end] == "-")):
            continue
        words = words_before(text, start - 1, rules, field.title_end if start > field.title_end else 0)
        if words:
            _, head, singular = rules.heads[index]
            name = phrase_name(head.type, [text[s:e] for s, e in words], text[start:end], singular)
            found.append((words[0][0], end, head, name))
        elif (word := lower[start:end]) in rules.alone and ends_phrase(lower, end, rules.stop_words):
            rule = rules.alone[word]
            found.append((start, end, rule, known_name(rule.type, word) or word))
    return found


def ends_phrase(lower: str, end: int, stop_words: frozenset[str]) -> bool:
    """Whether the word ending at `end` of the lower-case text ends its phrase: punctuation, the end or a
    stop word follows it ("parsing of tweets", not "classification head")."""
    after = NEXT_WORD.match(lower, end)
    return after is None or after.group(1) in stop_words


def words_before(text: str, space: int, rules: PhraseRules, floor: int = 0) -> list[tuple[int, int]]:
    """The spans of up to `max_words` words ending at the space at `space`, read back until punctuation,
    a stop word or the offset `floor` (the end of a title written into the text)."""
    words: list[tuple[int, int]] = []
    end = space
    while len(words) < rules.max_words and end > floor and text[end] == " ":
        start = text.rfind(" ", 0, end) + 1
        word = text[start:end]
        if not word.isalnum():  # punctuation, or a joined word ("pre-trained"): keep its letters' tail
            tail = WORD_TAIL.search(text, start, end)
            start = tail.start() if tail else end  # (it always matches, if only an empty tail)
            word = text[start:end]
        if not word or not word[0].isalpha() or word.lower() in rules.stop_words:
            break
        words.append((start, end))
        end = start - 1
    words.reverse()
    return words


def phrase_name(kind: str, words: list[str], head: str, singular: str) -> str:
    """The vocabulary's name of the phrase, of the phrase without its head or with a singular head;
    else the phrase with a singular head, its first word in lower case unless it is an acronym or a name
    with inner capitals."""
    phrase, bare = " ".join([*words, head]), " ".join(words)
    known = known_name(kind, phrase) or known_name(kind, bare) or known_name(kind, f"{bare} {singular}")
    if known:
        return known
    first = words[0]
    if first[:1].isupper() and first[1:].islower():
        first = first.lower()
    return " ".join([first, *words[1:], singular])


def reread_phrase(text: str, after: int, end: int) -> tuple[int, str] | None:
    """The phrase ending at `end` read back only to `after` (past a dataset named in it: "ImageNet
    classification task" -> "classification task"): its new start and name, or None when only the head
    is left."""
    head_start = text.rfind(" ", after, end) + 1
    known = load_phrase_rules().by_word
    words = text[after:head_start].split()
    if text[head_start:end].lower() not in known or not words or head_start <= after:
        return None
    head, singular = known[text[head_start:end].lower()]
    return text.index(words[0], after), phrase_name(head.type, words, text[head_start:end], singular)
