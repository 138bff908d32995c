"""How far a mention reaches, once extractors have found it.

A definition "long form (SHORT)" of a dataset or task is one mention ("Labeled Faces in the Wild (LFW)"),
and a split or a description written after a dataset's name belongs to its mention ("the ImageNet
validation set", "the KITTI object detection dataset"). The
name stays the entity's; the name as written, without its split or short form, is kept as attribute
`alias` (a node's aliases are names, not "COCO val set"). Annotated sentences mark such spans so (the
TDMSci and dataset-recognition sets); SciREX abstracts mark the long and short forms of methods and
metrics apart, hence only the types the rules name. The rules are data (kg/data/spans.json).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.data import read_text
from kg.extract.abbreviations import Abbreviation
from kg.extract.fields import Field
from kg.extract.phrases import load_phrase_rules
from kg.model import Mention


@dataclass(frozen=True)
class SpanRules:
    """The types whose definitions make one mention, and the splits and descriptions that grow a dataset's mention."""

    joined_types: frozenset[str]
    dataset_split: re.Pattern
    dataset_description: re.Pattern


@lru_cache(maxsize=1)
def load_span_rules() -> SpanRules:
    """The rules of kg/data/spans.json."""
    data = json.loads(read_text("spans.json"))
    return SpanRules(frozenset(data["joined_types"]), re.compile(data["dataset_split"]),
                     re.compile(data["dataset_description"]))


def settle_spans(mentions: list[Mention], field: Field, definitions: list[Abbreviation]) -> list[Mention]:
    """The field's mentions in order, with definitions joined and dataset mentions grown."""
    rules = load_span_rules()
    mentions = sorted(mentions, key=lambda m: (m.start, m.type))
    for definition in definitions:  # (usually none)
        mentions = join_definition(mentions, field, definition, rules.joined_types)
    return grow_datasets(mentions, field, rules)


def join_definition(mentions: list[Mention], field: Field, definition: Abbreviation,
                    types: frozenset[str]) -> list[Mention]:
    """The mentions inside "long form (SHORT)" made one, of the type of the mention holding the whole long
    form (unless only a phrase reading holds it), else of the short form's, else of the one type they
    share, when it is one of `types`: "visual dialog (VisDial)" is the task; "Crowd Instance-level Human
    Parsing (CIHP)" the dataset CIHP, the task "Human Parsing" inside it goes."""
    close = field.text.find(")", definition.short_end)
    if close < 0:
        return mentions
    start, end = definition.long_start, close + 1
    parts = [m for m in mentions if m.start < end and start < m.end]
    long = [m for m in parts if m.start <= start and definition.long_end <= m.end and m.extractor != "phrases"]
    short = [m for m in parts if m.start >= definition.short_start]
    kinds = {m.type for m in long or short or parts}
    if len(kinds) != 1 or not kinds <= types:
        return mentions
    best = max((m for m in parts if m.type in kinds), key=lambda m: m.confidence)
    start, end = min(start, *(m.start for m in parts)), max(end, *(m.end for m in parts))
    joined = replace(best, text=field.text[start:end], start=start, end=end, sentence=field.sentence(start),
                     attrs=(*best.attrs, ("abbreviation", definition.short), ("alias", definition.long)))
    at = mentions.index(parts[0])
    return [*mentions[:at], joined, *(m for m in mentions[at:] if m not in parts)]


def grow_datasets(mentions: list[Mention], field: Field, rules: SpanRules) -> list[Mention]:
    """Dataset mentions grown over a split or a description written after them ("the MNIST training set",
    "the KITTI object detection dataset"), where no mention but a task's starts."""
    grown = list(mentions)
    for index, mention in enumerate(mentions):
        if mention.type != "dataset":
            continue
        after = field.text[mention.end:mention.end + 1]
        if not (after.isspace() or after == "("):  # (what both rules need first)
            continue
        found = rules.dataset_split.match(field.text, mention.end)
        if not found:
            found = rules.dataset_description.match(field.text, mention.end)
            if found and load_phrase_rules().stop_words.intersection(found.group(1).split()):
                found = None
        if not found:
            continue
        following = next((m.start for m in mentions[index + 1:] if m.type != "task"), len(field.text))
        if found.end() <= following:  # a task in it stays ("object detection" of the KITTI one)
            attrs = mention.attrs if "alias" in dict(mention.attrs) else (*mention.attrs, ("alias", mention.text))
            grown[index] = replace(mention, text=field.text[mention.start:found.end()], end=found.end(), attrs=attrs)
    return grown
