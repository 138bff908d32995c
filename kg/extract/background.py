"""Datasets an abstract names as background ("popularized by the LFW dataset", "benchmarks like ImageNet
have led to ...") rather than as benchmarks the paper uses: they get the role `mentions`, a weaker link
than `uses` that does not make two papers share a benchmark. The word lists are data
(kg/data/background.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache

from kg.data import read_text
from kg.model import Mention


@lru_cache(maxsize=1)
def sentence_tests() -> tuple[tuple[str, ...], re.Pattern, re.Pattern, re.Pattern]:
    """(cue words, cue, own work, use): the cue words as plain text for a quick first test, then each
    list as a regex of whole words over the lower-case sentence."""
    data = json.loads(read_text("background.json"))

    def words(key: str) -> re.Pattern:
        return re.compile(r"\b(?:" + "|".join(w if "\\" in w else re.escape(w) for w in data[key]) + r")\b")
    return tuple(data["cues"]), words("cues"), words("own_work"), words("use")


@lru_cache(maxsize=4096)
def is_background(sentence: str) -> bool:
    """True when the sentence speaks of others' work only: a cue, no word of the paper's own and no
    result or experiment."""
    cue_words, cue, own, use = sentence_tests()
    lower = sentence.lower()
    if not any(word in lower for word in cue_words):
        return False
    return bool(cue.search(lower)) and not own.search(lower) and not use.search(lower)


def mark_background(mentions: list[Mention]) -> list[Mention]:
    """The mentions, with the role of each dataset the paper names only as background set to `mentions`;
    a dataset the paper also names as used elsewhere keeps `uses` in those other sentences."""
    for mention in mentions:
        if mention.type == "dataset" and mention.role == "uses" and mention.sentence and is_background(
                mention.sentence):
            mention.role = "mentions"
    return mentions
