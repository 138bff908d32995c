"""Extraction: from a paper's title and abstract to Mentions, each with evidence and confidence.

An extractor is an object with `name`, `types` and `extract(paper, fields) -> list[Mention]` (the
fields are the paper's title and abstract, prepared once for all extractors); EXTRACTORS
holds them by name. `extract_mentions` runs them, keeps the best of overlapping spans and
settles names that two extractors typed differently.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from kg.extract.abbreviations import Abbreviation, find_abbreviations
from kg.extract.background import mark_background
from kg.extract.fields import FIELDS, Field, paper_fields
from kg.extract.gazetteer import Gazetteer
from kg.extract.patterns import find_pattern_names, find_title_name, load_patterns
from kg.extract.phrases import find_phrases, reread_phrase
from kg.extract.repos import RepoLink, find_repo_links
from kg.extract.results import find_results
from kg.extract.spans import settle_spans
from kg.extract.specific import (is_broad, listed_as_method, load_specific_rules, settle_type, specific_given_name,
                                 specific_phrase)
from kg.extract.tagger import TaggerExtractor
from kg.extract.tokens import occurrences
from kg.extract.versions import variant_version, version_name
from kg.extract.vocab import dataset_description, load_terms
from kg.model import Mention, Paper, TableResult, bare_name, resolve_key
from kg.resolve import known_name, resolve_name

FIELD_ORDER = {name: at for at, name in enumerate(FIELDS)}  # (a dict lookup, quicker than FIELDS.index)
DEFAULT_ROLE = {"dataset": "uses", "task": "addresses", "method": "uses", "metric": "reports", "repo": "code"}


class Extractor(Protocol):
    """What every extractor has (read-only properties, so a class attribute of a narrower type conforms)."""

    @property
    def name(self) -> str: ...

    @property
    def types(self) -> tuple[str, ...]: ...

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]: ...


class RepoExtractor:
    """Code repository links (see kg.extract.repos)."""

    name = "repo-links"
    types = ("repo",)

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]:
        """Code links written in the title or abstract."""
        return [repo_mention(link, f.text, start, end, self.name, 0.99, f.sentence(start), f.name)
                for f in fields if f.urls for start, end, link in find_repo_links(f.text, f.urls, f.lower)]


def repo_mention(link: RepoLink, text: str, start: int, end: int, extractor: str, confidence: float,
                 sentence: str, field: str) -> Mention:
    """The mention of a code repository found at text[start:end]."""
    return Mention("repo", text[start:end], start, end, link.full_name, extractor, confidence, sentence, field,
                   "code", (("kind", link.kind), ("host", link.host), ("url", link.url), ("path", link.path),
                            ("key", link.key)))


class MetadataExtractor:
    """What the source itself says: code among the paper's URLs (Hugging Face's `githubRepo`, a Papers
    with Code repository) and the tasks, methods and datasets it links the paper to. Confidence 1;
    field `url` (offsets into the URL) or `metadata` (no offsets)."""

    name = "metadata"
    types = ("repo", "task", "method", "dataset")
    roles = {"task": "addresses", "method": "uses", "dataset": "uses"}

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]:
        found = [repo_mention(link, url, start, end, self.name, 1.0, url, "url")
                 for url in paper.urls for start, end, link in find_repo_links(url)]
        for kind, name in paper.links:
            if kind == "dataset":
                canonical, attrs = curated_dataset(name)
                found.append(Mention(kind, name, 0, 0, canonical, self.name, 1.0, "", "metadata", "uses", attrs))
            elif kind in self.roles:
                found.append(Mention(kind, name, 0, 0, resolve_name(kind, name), self.name, 1.0, "", "metadata",
                                     self.roles[kind]))
        found += [table_result_mention(result, self.name) for result in paper.results]
        return found


def curated_dataset(name: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(canonical name, attributes) of a dataset a source names: a version of a dataset ("SQuAD1.1") is its
    own dataset, its family kept, as in a paper's text."""
    canonical = resolve_name("dataset", name)
    version = dataset_version(canonical, name, name, len(name))
    if version:
        return version[0], (("family", canonical),)
    family = dataset_family(canonical)
    return canonical, (("family", family),) if family else ()


def table_result_mention(result: TableResult, extractor: str) -> Mention:
    """The `result` mention of a curated table's score (confidence 1): its evidence names the table row."""
    dataset, attrs = curated_dataset(result.dataset)
    row = f"{result.model}: " if result.model else ""
    evidence = (f"Papers with Code evaluation table, {result.task} on {result.dataset}: {row}"
                f"{result.metric} {result.value:g}")
    return Mention("result", f"{result.value:g}", 0, 0, dataset, extractor, 1.0, evidence, "metadata", "reports",
                   (("metric", result.metric), ("value", str(result.value)), ("unit", ""), ("task", result.task),
                    ("dataset_mention", result.dataset), ("model", result.model),
                    ("extra_data", result.extra_data), *attrs))


class VocabularyExtractor:
    """Names of the shipped vocabularies, matched in one pass (see kg.extract.gazetteer)."""

    name = "vocabulary"
    types = ("dataset", "task", "method", "metric")

    def __init__(self) -> None:
        self.gazetteer = Gazetteer(load_terms())

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]:
        mentions = []
        for field in fields:
            for match in self.gazetteer.find(field):
                term = match.term
                end, name = match.end, term.name
                surface = field.text[match.start:end]
                attrs: tuple[tuple[str, str], ...] = (("variant", surface),) if surface != term.name else ()
                if term.type == "dataset":
                    version = dataset_version(term.name, surface, field.text, end)
                    if version:
                        name, end = version
                        surface = field.text[match.start:end]
                        attrs = (("variant", surface), ("family", term.name))
                    elif family := dataset_family(term.name):
                        attrs = (*attrs, ("family", family))
                mentions.append(Mention(term.type, surface, match.start, end, name, self.name,
                                        term.confidence, field.sentence(match.start), field.name,
                                        DEFAULT_ROLE[term.type], attrs))
        return mentions


def dataset_version(name: str, surface: str, text: str, end: int) -> tuple[str, int] | None:
    """(versioned name, end) where a dataset's mention names one of its versions: a vocabulary variant that
    is a version ("SQuAD2.0"), or the dataset's name followed by one ("SQuAD v2.0", "ImageNet-21k"); else
    None (see kg.extract.versions)."""
    if surface != name:
        version = variant_version(name, surface)
        return (version, end) if version else None
    found = version_name(name, text[end:end + 16], whole=False)
    return (found[0], end + found[1]) if found else None


@lru_cache(maxsize=10_000)
def dataset_family(name: str) -> str | None:
    """The dataset a dataset of the vocabulary is a version of, by its name ("PASCAL VOC 2007" -> Pascal
    VOC, "WMT 2014" -> WMT), or None."""
    words = name.split(" ")
    if len(words) < 2:
        return None
    family = known_name("dataset", " ".join(words[:-1]))
    return family if family and family != name and version_name(family, f" {words[-1]}", whole=True) else None


class PatternExtractor:
    """New datasets, proposed methods and tasks from phrasing (see kg.extract.patterns)."""

    name = "patterns"
    types = ("dataset", "task", "method")

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]:
        mentions = []
        for field in fields:
            for start, end, pattern in find_pattern_names(field):
                if field.in_url(start, end):
                    continue
                surface = field.text[start:end]
                if pattern.type == "dataset" and not is_dataset_name(surface):
                    continue
                mentions.append(Mention(pattern.type, surface, start, end, resolve_name(pattern.type, surface),
                                        self.name, pattern.confidence, field.sentence(start), field.name,
                                        pattern.role))
        span = find_title_name(paper.title)
        if span:
            start, end = span
            surface = paper.title[start:end]
            mentions.append(Mention("method", surface, start, end, resolve_name("method", surface), "title",
                                    load_patterns().title_confidence, paper.title, "title", "proposes"))
        return mentions


def is_dataset_name(surface: str) -> bool:
    """False for a field or a task written before "datasets" ("NER datasets", "vision benchmarks", "IR
    test collections": the first word names a task), for a lone letter ("the K datasets") and for a
    transfer between two datasets ("GTAV-to-Cityscapes")."""
    name = bare_name(surface)
    if TRANSFER_INSIDE.search(name):  # "GTAV-to-Cityscapes" names two datasets (see with_transfer_targets)
        return False
    first = name.split(" ")[0]
    if name in load_patterns().not_dataset_names or (len(first) == 1 and not first.isdigit()):
        return False
    return all(known_name(kind, name) is None and known_name(kind, first) is None for kind in ("task", "method"))


class PhraseExtractor:
    """Tasks and methods written as a phrase ending in a head noun (see kg.extract.phrases)."""

    name = "phrases"
    types = ("task", "method")

    def extract(self, paper: Paper, fields: list[Field]) -> list[Mention]:
        return [Mention(head.type, field.text[start:end], start, end, name, self.name, head.confidence,
                        field.sentence(start), field.name, head.role)
                for field in fields for start, end, head, name in find_phrases(field)
                if not field.in_url(start, end)]


EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "repo-links": RepoExtractor, "vocabulary": VocabularyExtractor, "patterns": PatternExtractor,
    "phrases": PhraseExtractor, "metadata": MetadataExtractor}
HINTS = ("vocabulary", "patterns", "phrases")  # the extractors whose findings the tagger reads


@lru_cache(maxsize=1)
def default_extractors() -> tuple[Extractor, ...]:
    """One instance of each registered extractor (vocabularies are loaded once)."""
    return tuple(factory() for factory in EXTRACTORS.values())


def rule_hints(paper: Paper, fields: list[Field]) -> list[Mention]:
    """What the vocabulary, the patterns and the phrases find in the fields: the learned tagger's hints."""
    return [m for e in default_extractors() if e.name in HINTS for m in e.extract(paper, fields)]


@lru_cache(maxsize=1)
def tagger_extractors() -> tuple[Extractor, ...]:
    """The default extractors and the learned tagger, which reads the rules' findings as hints
    (see kg.extract.tagger)."""
    return (*default_extractors(), TaggerExtractor(rule_hints))


def choose_extractors(tagger: bool = False) -> tuple[Extractor, ...]:
    """The rule extractors, with the learned tagger when `tagger` is set."""
    return tagger_extractors() if tagger else default_extractors()


def extract_mentions(paper: Paper, extractors: Iterable[Extractor] | None = None) -> list[Mention]:
    """The paper's mentions: those in its text with overlaps settled, ordered by field and offset, then
    those from its source's metadata (outside the text, so they overlap nothing)."""
    fields = paper_fields(paper)
    found = [m for e in (extractors or default_extractors()) for m in e.extract(paper, fields)]
    in_text = datasets_out_of_phrases([m for m in found if m.field in FIELDS], fields)
    in_text, described = specific_mentions(in_text, fields)
    in_text = settle_types(one_type_per_span(with_tasks_of_phrases(keep_best_spans(in_text), in_text), fields))
    definitions = {field.name: find_abbreviations(field.text) for field in fields}
    in_text = without_redefined_names(in_text, fields, definitions)
    in_text = link_abbreviations(in_text, fields, definitions)
    in_text = [m for field in fields
               for m in settle_spans([m for m in in_text if m.field == field.name], field, definitions[field.name])]
    in_text = mark_background(with_transfer_targets(in_text, fields))
    results = find_results(in_text, fields)
    if results or described:  # (the settled mentions are in order already)
        in_text = sorted(in_text + results + described, key=text_order)
    return in_text + [m for m in found if m.field not in FIELDS]


def specific_mentions(mentions: list[Mention], fields: list[Field]) -> tuple[list[Mention], list[Mention]]:
    """The mentions that name a specific entity, each under the type its entity takes and its phrase
    under the name it stands for ("the AxFormer models" -> AxFormer), and apart, with the role
    `describes`, the phrases that only describe what the paper does ("a student network"): they become
    no node (see kg.extract.specific)."""
    by_name = {field.name: field for field in fields}
    kept, described = [], []
    for mention in mentions:
        extractor, found_as = mention.extractor, mention.type  # (read once: attributes of a Python class)
        if extractor == "phrases" or extractor == "patterns" and found_as == "task":
            name = specific_phrase(mention, by_name[mention.field])
            if name is None:
                mention.role = "describes"  # (a mention is the extractor's own until it is returned)
                described.append(mention)
                continue
            mention.name = name
        elif found_as == "method" and extractor in ("title", "patterns") and not specific_given_name(
                mention, common_word=written_in_lower_case(mention, by_name)):
            mention.role = "describes"
            described.append(mention)
            continue
        if found_as == "task" or found_as == "method":
            if is_broad(found_as, mention.name):
                mention.role = "describes"
                described.append(mention)
                continue
            kind = settle_type(mention)
            if kind is None:
                continue
            if kind == "task" and listed_as_method(mention, by_name[mention.field]):
                kind = "method"
            if kind != found_as:
                mention.type, mention.role = kind, DEFAULT_ROLE[kind]
        kept.append(mention)
    return kept, described


def written_in_lower_case(mention: Mention, fields: dict[str, Field]) -> bool:
    """Whether a one-word name is also written in lower case in the paper ("Sparse" and "sparse"): a
    common word, not a name."""
    word = mention.text.lower()
    if " " in word or word == mention.text:
        return False
    return any(written_alone(field.text, word) for field in fields.values())


def written_alone(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a word of its own (`occurrences`) with no hyphen after it."""
    return any(text[start + len(word):start + len(word) + 1] != "-" for start in occurrences(text, word))


USE_WORDS = ("use", "uses", "using", "used", "with", "via", "apply", "applying", "applied", "employ", "employing",
             "leverage", "leveraging", "adopt", "adopting", "based on", "through", "by")


TRANSFER_INSIDE = re.compile(r"\w(?:-to-|→|->|⟶|➝|⇒)\w")
IDENTIFIER_AFTER = re.compile(r"\s*:\s*\d")  # "arXiv:2001.09694": an identifier, not the arXiv dataset
TRANSFER_STARTS = ("-", "→", "⟶", "➝", "⇒")  # the characters TRANSFER may start with, but for a space
TRANSFER = re.compile(r"(?:-to-|\s*(?:→|->|⟶|➝|⇒)\s*|\s+to\s+)([A-Za-z][\w.-]*[\w])")  # "GTA5→Cityscapes"


def without_redefined_names(mentions: list[Mention], fields: list[Field],
                            definitions: dict[str, list[Abbreviation]]) -> list[Mention]:
    """The mentions less the datasets that are pseudo-entities: a name the text defines, in lower-case
    words its description does not hold, as something else ("the lightest supersymmetric particle (LSP)"
    is not the LSP dataset; "Labeled Faces in the Wild (LFW)" is LFW) and an identifier's prefix
    ("arXiv:2001.09694"), and a task's short form found by a pattern ("XMC benchmarks", where the text
    defines XMC as extreme multi-label classification)."""
    texts = {field.name: field.text for field in fields}
    redefined = {(field, resolve_key(a.short)) for field, found in definitions.items() for a in found
                 if (name := known_name("dataset", a.short)) and known_name("dataset", a.long) != name
                 and a.long.islower() and a.long.lower() not in dataset_description(name).lower()}
    tasks = {a.short for found in definitions.values() for a in found if names_a_task(a.long)}
    return [m for m in mentions if m.type != "dataset" or not (
        redefined and ((m.field, resolve_key(m.name)) in redefined or (m.field, resolve_key(m.text)) in redefined)
        or IDENTIFIER_AFTER.match(texts[m.field], m.end)
        or tasks and m.extractor == "patterns" and m.name.split(" ")[0] in tasks)]


def names_a_task(long: str) -> bool:
    """Whether a defined long form names a task ("extreme multi-label classification", "Automated Audio
    Captioning"): its short form before "datasets" names the task's datasets, not one dataset."""
    return known_name("task", long) is not None or long.split(" ")[-1].lower() in load_specific_rules().task_heads


def with_transfer_targets(mentions: list[Mention], fields: list[Field]) -> list[Mention]:
    """The mentions and, after a dataset named as the source of a transfer, its target ("GTA-to-Cityscapes",
    "MNIST→USPS"): both are datasets the paper uses."""
    texts = {field.name: field.text for field in fields}
    taken = {(m.field, m.start) for m in mentions}
    added = []
    for mention in mentions:
        if mention.type != "dataset":
            continue
        text, end = texts[mention.field], mention.end
        after = text[end:end + 1]
        match = TRANSFER.match(text, end) if after in TRANSFER_STARTS or after.isspace() else None
        name = known_name("dataset", match.group(1)) if match else None
        if match and name and (mention.field, match.start(1)) not in taken:
            added.append(Mention("dataset", match.group(1), match.start(1), match.end(1), name, "pairs",
                                 mention.confidence, mention.sentence, mention.field, mention.role))
    return sorted(mentions + added, key=text_order) if added else mentions


def one_type_per_span(mentions: list[Mention], fields: list[Field]) -> list[Mention]:
    """One type for a span found both as a task and as a method (a concept that is both, such as
    knowledge distillation): a method where the words before it say the paper uses it ("using
    knowledge distillation"), else a task."""
    spans: dict[tuple[str, int, int], list[Mention]] = {}
    for mention in mentions:
        if mention.type in ("task", "method"):
            spans.setdefault((mention.field, mention.start, mention.end), []).append(mention)
    doubled = {span for span, found in spans.items() if len(found) > 1}
    if not doubled:
        return mentions
    texts = {field.name: field.text for field in fields}
    kept = []
    for mention in mentions:
        span = (mention.field, mention.start, mention.end)
        if span in doubled:
            before = texts[mention.field][max(0, mention.start - 30):mention.start].lower().rstrip()
            wanted = "method" if before.endswith(USE_WORDS) or before.endswith(tuple(f"{w} the" for w in USE_WORDS)) else "task"
            if mention.type != wanted:
                continue
        kept.append(mention)
    return kept


def datasets_out_of_phrases(mentions: list[Mention], fields: list[Field]) -> list[Mention]:
    """A dataset named inside a task or method phrase, or overlapping its start, stays a dataset: the phrase
    keeps only the words after it ("ImageNet classification task" -> ImageNet, "classification task";
    "MS MARCO passage retrieval task", read from "MARCO"), or goes when none is left."""
    texts = {field.name: field.text for field in fields}
    datasets = [(m.field, m.start, m.end) for m in mentions if m.type == "dataset"]
    kept = []
    for mention in mentions:
        inside = []
        if datasets and mention.extractor == "phrases":
            in_field, start, end = mention.field, mention.start, mention.end  # (read once, not for each dataset)
            inside = [e for f, s, e in datasets if f == in_field and s < end and start < e]
        if inside:
            reread = reread_phrase(texts[mention.field], max(inside), mention.end)
            if reread is None:
                continue
            start, name = reread
            mention = replace(mention, text=texts[mention.field][start:mention.end], start=start, name=name)
        kept.append(mention)
    return kept


def with_tasks_of_phrases(kept: list[Mention], found: list[Mention]) -> list[Mention]:
    """The kept mentions and, inside each kept method phrase, the task the vocabulary names in it: a paper
    "tuning a machine translation system" uses an MT system and works on machine translation."""
    phrases = [m for m in kept if m.type == "method" and m.extractor == "phrases"]
    nested = [m for m in found if m.type == "task" and m.extractor == "vocabulary" and any(
        p.field == m.field and p.start <= m.start and m.end < p.end for p in phrases)] if phrases else []
    return sorted(kept + nested, key=text_order) if nested else kept


def link_abbreviations(mentions: list[Mention], fields: list[Field],
                       definitions: dict[str, list[Abbreviation]]) -> list[Mention]:
    """Where the text defines an abbreviation of a mention ("named entity recognition (NER)"), every
    occurrence of the short form names the same entity: free ones become mentions (extractor
    `abbreviation`), and mentions of the short form of the same type take the long form's name.
    `definitions`: the abbreviations each field defines, by field name."""
    mentions = list(mentions)
    for field in fields:
        for abbreviation in definitions[field.name]:
            long = next((m for m in mentions if m.field == field.name and (
                m.end == abbreviation.long_end or m.start <= abbreviation.long_start < abbreviation.long_end <= m.end)),
                None)
            if long is not None:
                mentions = with_short_form(mentions, field, abbreviation.short, long, abbreviation.long)
    return mentions


def with_short_form(mentions: list[Mention], field: Field, short: str, long: Mention, long_text: str) -> list[Mention]:
    """The mentions, with every occurrence of `short` in the field naming what `long` names."""
    in_field = [m for m in mentions if m.field == field.name]
    for start in occurrences(field.text, short):
        end = start + len(short)
        overlapping = [m for m in in_field if m.start < end and start < m.end]
        if not overlapping:
            added = Mention(long.type, short, start, end, long.name, "abbreviation", round(long.confidence * 0.95, 3),
                            field.sentence(start), field.name, long.role, (("abbreviation_of", long_text),))
            mentions.append(added)
            in_field.append(added)
        for m in overlapping:
            if (m.start, m.end, m.type) == (start, end, long.type) and m.name != long.name:
                mentions[mentions.index(m)] = replace(m, name=long.name, attrs=(*m.attrs, ("abbreviation_of", long_text)))
    return mentions


def keep_best_spans(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping mentions keep the longest, then the surest; one mention per span and type.

    Mentions of one span and type found by several extractors become one, with the most
    specific role ("proposes" over "uses"); the same span typed twice is settled by `settle_types`.
    """
    best: dict[tuple, Mention] = {}
    for mention in mentions:
        key = (mention.field, mention.start, mention.end, mention.type)
        known = best.get(key)
        if known is None or rank(mention) > rank(known):
            best[key] = mention
    kept: list[Mention] = []
    taken: dict[str, list[tuple[int, int]]] = {}  # the kept spans of each field, in order (they do not overlap)
    for mention in sorted(best.values(), key=lambda m: (-(m.end - m.start), -m.confidence)):
        spans = taken.setdefault(mention.field, [])
        span = (mention.start, mention.end)
        at = bisect_left(spans, span)
        if at < len(spans) and spans[at] == span:
            kept.append(mention)
        elif (at == 0 or spans[at - 1][1] <= mention.start) and (at == len(spans) or mention.end <= spans[at][0]):
            kept.append(mention)
            spans.insert(at, span)
    return sorted(kept, key=text_order)


def text_order(mention: Mention) -> tuple[int, int, str]:
    """The order of mentions in a paper's text: by field (title first), offset, then type."""
    return FIELD_ORDER[mention.field], mention.start, mention.type


def rank(mention: Mention) -> tuple[bool, float]:
    """A specific role beats the default one; then confidence."""
    return mention.role != DEFAULT_ROLE[mention.type], mention.confidence


def settle_types(mentions: list[Mention]) -> list[Mention]:
    """A name the paper calls a dataset is not also a method it proposes ("CrossNER: ...")."""
    proposed = {resolve_key(m.name) for m in mentions if m.type == "method" and m.role == "proposes"}
    if not proposed:
        return mentions
    datasets = {resolve_key(m.name) for m in mentions if m.type == "dataset"} & proposed
    return [m for m in mentions if not (m.type == "method" and m.role == "proposes"
                                         and resolve_key(m.name) in datasets)]


def as_written(mentions: list[Mention]) -> list[Mention]:
    """The mentions as the text reads them, for the extraction contract: a phrase that only describes
    ("a BERT-based method") is one mention, not also the names inside it that make nodes, but for a
    vocabulary name of another type ("machine translation" in "a machine translation system"), nor a
    shorter description of the same type ("language models" in "bigram back-off language models")."""
    described = [m for m in mentions if m.role == "describes"]
    if not described:
        return mentions
    return [m for m in mentions if not any(
        d.field == m.field and d.start <= m.start and m.end <= d.end and (
            d.end - d.start > m.end - m.start and d.type == m.type if m.role == "describes"
            else d.type == m.type or m.extractor != "vocabulary") for d in described)]

