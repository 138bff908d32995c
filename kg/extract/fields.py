"""A paper's title and abstract prepared once for every extractor: words, sentences and links."""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.glued_title import glued_title_end
from kg.extract.repos import find_urls
from kg.extract.sentences import split_sentences
from kg.model import UNTITLED, Paper

FIELDS = ("title", "abstract")
MAX_FIELD_CHARS = 20_000


@dataclass
class Field:
    """One field's text with what extractors look at: its lower case (offset for offset), its
    sentence spans and the spans of its links."""

    name: str
    text: str
    title_end: int = 0  # where a title written into the start of the text ends (see kg.extract.glued_title)
    lower: str = field(init=False)
    sentences: list[tuple[int, int]] = field(init=False)
    urls: list[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        if len(self.lower) != len(self.text):  # a few characters grow in lower case ("İ")
            self.lower = "".join(ch.lower()[0] for ch in self.text)
        self.sentences = split_sentences(self.text)
        if self.title_end:  # the title is a sentence of its own
            self.sentences = [part for start, end in self.sentences
                              for part in ([(start, self.title_end - 1), (self.title_end, end)]
                                           if start < self.title_end < end else [(start, end)])]
        self.urls = find_urls(self.text, self.lower)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding character `offset` (the whole text if none does)."""
        for span in self.sentences:  # (few, ordered and disjoint: a plain loop beats a bisection here)
            if offset < span[0]:
                break
            if offset < span[1]:
                return span
        return 0, len(self.text)

    def sentence(self, offset: int) -> str:
        """The sentence holding character `offset` (the whole text if none does)."""
        start, end = self.sentence_span(offset)
        return self.text[start:end]

    def in_url(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a link."""
        return bool(self.urls) and any(s < end and start < e for s, e in self.urls)


def paper_fields(paper: Paper) -> list[Field]:
    """The title and the abstract (the title once, if the abstract repeats it; the abstract knows where a
    title written into its start ends).

    Only the first MAX_FIELD_CHARS characters of a field are read: a real abstract is far shorter, and a
    runaway record (a whole paper pasted as its abstract) must not stall a build.
    """
    found = []
    for name in FIELDS:
        text = getattr(paper, name)[:MAX_FIELD_CHARS]
        if name == "title" and text.startswith(UNTITLED):  # a placeholder title names nothing
            continue
        if text and not (name == "title" and paper.abstract.startswith(text)):
            found.append(Field(name, text, glued_title_end(text, paper.title) if name == "abstract" else 0))
    return found
