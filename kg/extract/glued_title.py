"""Where a title written into the start of an abstract ends ("Scaling Memory-Augmented Neural Networks
with Sparse Reads and Writes Neural networks augmented with external memory ...").

Some corpora (SciREX among them) give no title and start the abstract with it, with no mark between the
two; phrases and sentences must not run across that border. The title is the run of capitalised words
and short function words at the start; it ends before the capitalised word that opens a run of
lower-case words (the abstract's first sentence). The function words are data (kg/data/spans.json).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from kg.data import read_text

WORD = re.compile(r"\S+")
MIN_TITLE_WORDS = 4  # words before the first sentence's first word: fewer start a sentence ("Deep Neural Networks have")
MIN_ABSTRACT_CHARS = 300  # a shorter text is a sentence or a snippet, not a titled abstract
MAX_LOWER_RUN = 3  # lower-case words in a row that are prose, not a title
SENTENCE_WORDS = 4  # lower-case words that must follow the capitalised word opening the first sentence
MAX_TITLE_WORDS = 40


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """The lower-case words a title in capitals may hold ("of", "for", "with")."""
    return frozenset(json.loads(read_text("spans.json"))["title_function_words"])


def glued_title_end(abstract: str, title: str = "") -> int:
    """The offset where a title at the start of `abstract` ends: the title's length where the abstract
    starts with `title`, else the guessed end of a capitalised run; 0 when there is none."""
    if title and abstract.startswith(title) and len(abstract) > len(title):
        return len(title)
    if title or len(abstract) < MIN_ABSTRACT_CHARS:
        return 0
    words = [(m.start(), m.group()) for m in WORD.finditer(abstract, 0, min(len(abstract), 600))]
    function_words = title_words()
    lower_run = 0  # lower-case words in a row: a title has few ("with fully connected CRF")
    for at, (_, word) in enumerate(words[:MAX_TITLE_WORDS]):
        if word.endswith((".", "?", "!", ";")):
            return 0  # a sentence ended: the text did not start with a title
        lower_run = lower_run + 1 if is_lower(word) else 0
        if lower_run >= MAX_LOWER_RUN:
            return 0
        if not is_lower(word) or word in function_words:
            continue
        opener = at - 1  # the word before this lower-case one, past function words
        while opener > 0 and words[opener][1] in function_words:
            opener -= 1
        if not words[opener][1][:1].isupper():
            continue  # a lower-case word inside the title ("with fully connected CRF")
        if opener < MIN_TITLE_WORDS:
            return 0  # an abstract that starts with a sentence
        before = words[opener - 1][1]
        if before.endswith(",") or before in function_words:
            continue  # a name inside a list or after an article, not the first word of a sentence
        following = words[opener + 1:opener + 1 + SENTENCE_WORDS]
        if len(following) == SENTENCE_WORDS and not any(w[:1].isupper() for _, w in following):
            return words[opener][0]
    return 0


def is_lower(word: str) -> bool:
    """Whether a word starts with a lower-case letter."""
    return word[:1].islower()
