"""Which mentions name a specific entity, and so make a node; the rest describe what a paper does.

A phrase found by its head noun ("the AxFormer model", "a student network", "the word segmentation
problem") names an entity only when the vocabulary knows it or when it holds a proper name; a task
phrase when its head is a task's and none of its words makes it vague. The rules and their word lists
are data (kg/data/specific.json, whose `_doc` says each). `specific_phrase` gives the name a phrase
stands for, or None for a description; `settle_type` gives a name found under one type the type the
vocabulary knows it as.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.data import read_text
from kg.extract.fields import Field
from kg.model import Mention, resolve_key
from kg.resolve import known_name

TASK_TAILS = ("task", "tasks", "problem", "problems")
INNER_CAPITAL = re.compile(r"\w[A-Z]|[A-Za-z]\d|\d[A-Za-z]")  # "AxFormer", "GPT-2" (after the hyphen), "T5", "3D"
SHORT_FORM_AFTER = re.compile(r"\s*\(\s*[A-Z][\w-]*\s*\)")  # " (NAN)" right after a phrase
PLAIN_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*")  # "Viterbi", "Jaynes-Cummings", "Monte"


@dataclass(frozen=True)
class SpecificRules:
    """The word lists of kg/data/specific.json, lower case where matched in any case."""

    generic_modifiers: frozenset[str]
    generic_method_words: frozenset[str]
    derived_suffixes: tuple[str, ...]
    generic_acronyms: frozenset[str]
    coined_only_heads: frozenset[str]
    not_coined: re.Pattern
    short_form_adjectives: re.Pattern
    task_heads: frozenset[str]
    weak_task_heads: frozenset[str]
    not_task_words: frozenset[str]
    languages: frozenset[str]
    dataset_like_words: re.Pattern
    alone_tasks: frozenset[str]
    dual_concepts: frozenset[str]
    method_list_before: re.Pattern
    not_entities: frozenset[tuple[str, str]]
    broad_names: frozenset[tuple[str, str]]


@lru_cache(maxsize=1)
def load_specific_rules() -> SpecificRules:
    """The rules of kg/data/specific.json."""
    data = json.loads(read_text("specific.json"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data[key])

    return SpecificRules(
        words("generic_modifiers"), words("generic_method_words"), tuple(data["derived_suffixes"]),
        frozenset(data["generic_acronyms"]), words("coined_only_heads"),
        re.compile("|".join(f"(?:{regex})" for regex in data["not_coined"])),
        re.compile(data["short_form_adjectives"]), words("task_heads"),
        words("weak_task_heads"), words("not_task_words"), frozenset(data["languages"]),
        re.compile(data["dataset_like_words"]), words("alone_tasks"),
        frozenset(resolve_key(n) for n in data["dual_concepts"]), re.compile(data["method_list_before"]),
        frozenset((kind, resolve_key(name)) for kind, names in data["not_entities"].items() for name in names),
        frozenset((kind, resolve_key(name)) for kind, names in data["broad_names"].items() for name in names))


def is_not_entity(kind: str, name: str) -> bool:
    """True for a name that is listed as no entity of that type ("General Knowledge" as a task)."""
    return (kind, resolve_key(name)) in load_specific_rules().not_entities


def is_broad(kind: str, name: str) -> bool:
    """True for a name too broad to be one entity of that type ("language model"): it describes."""
    return (kind, resolve_key(name)) in load_specific_rules().broad_names


def specific_phrase(mention: Mention, field: Field) -> str | None:
    """The name of the specific entity a phrase mention names, or None when it only describes.

    In a title, or at the start of a sentence, a capital is no sign of a name; a phrase of capitalised
    words is a name only where the text defines a short form for it ("Neural Aggregation Network (NAN)");
    a phrase right after a capitalised word was cut from a longer name ("Replaced Token Detection")."""
    text = field.text
    opens = (field.name == "title" or mention.end <= field.title_end or mention.sentence.lstrip().startswith(mention.text)
             or text[max(0, mention.start - 2):mention.start] == ": ")
    after_name = False
    if not opens and mention.text[:1].isupper():
        before = text[max(0, mention.start - 40):mention.start].split()
        after_name = bool(before) and bool(PLAIN_WORD.fullmatch(before[-1].strip("(\"'")))
    defined = text.startswith(" (", mention.end) and bool(SHORT_FORM_AFTER.match(text, mention.end))
    return phrase_entity(mention.type, mention.text, mention.name, opens, after_name, defined)


@lru_cache(maxsize=100_000)
def phrase_entity(kind: str, text: str, name: str, opens: bool, after_name: bool, defined: bool) -> str | None:
    """`specific_phrase` of a phrase `text` of `kind` named `name`: `opens` its sentence or a title,
    follows a capitalised word (`after_name`), is followed by a short form in parentheses (`defined`)."""
    words = text.split(" ")
    if after_name and words[0][:1].isupper():
        return None
    trimmed = from_capitalised(words[1:] if len(words[0]) == 1 and len(words) > 1 else words)
    if kind == "task":
        return specific_task(trimmed, name, opens)
    all_capitals = all(w[:1].isupper() for w in trimmed)
    plain_names = not (opens and len(trimmed) == len(words)) and not (all_capitals and not defined)
    return specific_method(trimmed, name, plain_names)


def from_capitalised(words: list[str]) -> list[str]:
    """The words from the first capitalised one after a lower-case one: a phrase read back past the start
    of a name ("employing Generative Adversarial network" -> "Generative Adversarial network")."""
    for at in range(1, len(words) - 1):
        if words[at - 1][:1].islower() and words[at][:1].isupper():
            return words[at:]
    return words


def specific_method(words: list[str], name: str, plain_names: bool) -> str | None:
    """A method phrase's entity: the vocabulary's name (once generic modifiers are dropped), else the
    proper name it holds; None for a description ("student model", "BERT-based method").
    `plain_names`: capitalised words may be names ("Viterbi algorithm"); else only coined words are."""
    rules = load_specific_rules()
    if known_name("method", name):
        return name
    head, modifiers = words[-1], words[:-1]
    plain_names = plain_names and singular(head).lower() not in rules.coined_only_heads
    while modifiers and modifiers[0].lower() in rules.generic_modifiers:
        modifiers = modifiers[1:]
    if not modifiers:
        return None
    for candidate in (" ".join([*modifiers, head]), " ".join(modifiers), " ".join([*modifiers, singular(head)])):
        known = known_name("method", candidate)
        if known:
            return known
    found = proper_name(modifiers, head, plain_names)
    if found is None:  # a known method the phrase ends with: "noise-tolerant convolutional neural networks"
        found = next((known for at in range(1, len(modifiers))
                      if (known := known_name("method", " ".join([*modifiers[at:], singular(head)]))
                          or known_name("method", " ".join([*modifiers[at:], head])))), None)
    return found


def proper_name(modifiers: list[str], head: str, plain_names: bool) -> str | None:
    """The name a method phrase holds: a coined word ("AxFormer", "GPT-2", "AST") alone, or a run of
    capitalised words inside a sentence with the words after it ("Viterbi algorithm", "Jaynes-Cummings
    model"); None when there is none or it only qualifies ("BERT-based")."""
    rules = load_specific_rules()
    last = None
    for at in range(len(modifiers) - 1, -1, -1):
        word = possessive_stripped(modifiers[at])
        if word.endswith(rules.derived_suffixes):
            break
        if is_coined(word) or plain_names and is_plain_name(word):
            last = at
            break
    if last is None:
        return None
    first = last
    while first > 0 and not modifiers[first - 1].endswith(rules.derived_suffixes) and (
            is_coined(modifiers[first - 1]) or plain_names and PLAIN_WORD.fullmatch(modifiers[first - 1])):
        first -= 1
    run = [possessive_stripped(w) for w in modifiers[first:last + 1]]
    if all(is_coined(w) for w in run):
        known = known_name("method", " ".join(run))
        if known:
            return known
        rest = modifiers[last + 1:]
        short_acronym = len(run) == 1 and run[0].isupper() and len(run[0]) <= 4
        return " ".join([*run, *rest, singular(head)]) if short_acronym and rest else " ".join(run)
    if last + 1 < len(modifiers) and (known := known_name("method", " ".join(run))):
        return known  # a known method qualified by a description: "Transformer compression framework"
    return " ".join([*modifiers[first:], singular(head)])


def possessive_stripped(word: str) -> str:
    """A word without quotes around it and a possessive "'s" ("BERT's" -> "BERT")."""
    return word.strip("'’").removesuffix("'s").removesuffix("’s")


def is_coined(word: str) -> bool:
    """A made name: an inner capital or a digit beside a letter ("AxFormer", "T5", "GPT-2", "AST"),
    not a short form of a field ("NLP") nor a name with a qualifying suffix."""
    rules = load_specific_rules()
    bare = possessive_stripped(word)
    if bare.isalpha() and bare.isupper() and len(bare) > 5:  # a word in capitals ("NEURAL"), not a short form
        return False
    return (bool(INNER_CAPITAL.search(bare)) and bare not in rules.generic_acronyms
            and not bare.endswith(rules.derived_suffixes) and not bare.isdigit()
            and not rules.not_coined.fullmatch(bare) and not rules.short_form_adjectives.fullmatch(bare))


def is_plain_name(word: str) -> bool:
    """A capitalised word that may be a name, not a common word written with a capital ("Viterbi", not
    "Neural"): not among the generic method words. An adjective made from a short form ("MONDian") is one."""
    rules = load_specific_rules()
    if rules.short_form_adjectives.fullmatch(word):
        return True
    return (bool(PLAIN_WORD.fullmatch(word))
            and not any(part.lower() in rules.generic_method_words | rules.generic_modifiers
                        for part in word.split("-")))


def specific_given_name(mention: Mention, common_word: bool) -> bool:
    """Whether a method named by a pattern or a title ("we propose X", "X: a ...") is a specific entity.
    A pattern's name is, but for a common word (`common_word`: "named Convolutional vision Transformer",
    and "convolutional" elsewhere in the text). A title's is when it is one word ("Combiner: ..."), holds a
    coined word ("AxFormer"), or ends with a known method's name ("Feature Modulation Transformer",
    "Virtual Adversarial Training"); not a catch phrase ("Stretching Each Dollar: ...", "LLMs Meet Long
    Video: ...")."""
    words = mention.name.split()
    if len(words) == 1:
        return mention.extractor == "title" or is_coined(words[0]) or not common_word
    if mention.extractor != "title" or any(is_coined(w) for w in words):
        return True
    return any(known_name("method", " ".join(words[at:])) is not None for at in range(1, len(words)))


def specific_task(words: list[str], name: str, opens: bool = False) -> str | None:
    """A task phrase's entity: the vocabulary's name ("semi-supervised learning task" -> Semi-Supervised
    Learning), else the phrase without "task"/"problem" when its head is a task's and no word makes it
    vague; None otherwise ("vision task", "detailed analysis"). Inside a sentence (not `opens`), a
    person's name right before the head names a result or an effect, not a task ("Anderson
    localization"); a language does not ("English parsing")."""
    rules = load_specific_rules()
    tail = bool(words) and words[-1].lower() in TASK_TAILS
    problem = tail and words[-1].lower().startswith("problem")
    if tail:
        words = words[:-1]
        if not words:
            return None
        known = known_name("task", " ".join(words))
        if known:
            return None if is_not_entity("task", known) else known
    elif known_name("task", name) and len(words) == len(name.split(" ")):
        return None if is_not_entity("task", name) else name
    if len(words) == 1:
        if words[0].lower() in rules.alone_tasks and not is_not_entity("task", name):
            return name
        return f"{words[0]} problem" if PLAIN_WORD.fullmatch(words[0]) and problem else None  # the Cauchy problem
    while len(words) > 1 and words[0].lower() in rules.generic_modifiers:  # "end-to-end speech recognition"
        words = words[1:]
    if len(words) == 1:
        return None if is_not_entity("task", words[0]) else known_name("task", words[0])
    lower = [w.lower() for w in words]
    head = lower[-1]
    if any(w in rules.not_task_words or w.endswith("ly") or w.isdigit() or rules.dataset_like_words.fullmatch(w)
           for w in lower[:-1]):
        return None
    if known_name("method", " ".join(words[-2:])):  # "re-parameterized batch normalization" is a method
        return None
    if head in rules.weak_task_heads:
        return next((known for at in range(1, len(words) - 1)
                     if (known := known_name("task", " ".join(words[at:])))), None)
    if head not in rules.task_heads:
        return None
    known = known_name("task", " ".join(words))
    if known:
        return known
    if len(words) == 2 and not opens and PLAIN_WORD.fullmatch(words[0]) and not any(
            part in rules.languages for part in words[0].split("-")):
        return None
    first = words[0] if not (words[0][:1].isupper() and words[0][1:].islower()) else words[0].lower()
    return " ".join([first, *words[1:]])


def singular(word: str) -> str:
    """A head noun in the singular ("models" -> "model"); other words unchanged."""
    lower = word.lower()
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def listed_as_method(mention: Mention, field: Field) -> bool:
    """Whether a task name written in capitals stands in a list of methods the paper names ("novel methods
    of Diagrammatic Monte Carlo and Stochastic Optimization"): then it is a method."""
    if not all(PLAIN_WORD.fullmatch(word) for word in mention.text.split()):
        return False
    before = field.text[max(0, mention.start - 120):mention.start]
    return load_specific_rules().method_list_before.search(before) is not None


def settle_type(mention: Mention) -> str | None:
    """The type a mention's entity takes: a dual concept keeps the type it was found as; a name the
    vocabulary knows under the other type only takes that type; None for a listed non-entity."""
    if mention.type not in ("task", "method"):
        return mention.type
    return settled_type(mention.type, mention.name, mention.extractor == "metadata")


@lru_cache(maxsize=100_000)
def settled_type(kind: str, name: str, from_metadata: bool) -> str | None:
    """`settle_type` of a task or method `name` found as `kind` (in a source's metadata or its text)."""
    if is_not_entity(kind, name):
        return None
    if resolve_key(name) in load_specific_rules().dual_concepts:
        return kind
    other = "task" if kind == "method" else "method"
    if known_name(kind, name) is None and known_name(other, name) is not None:
        return other
    if kind == "task" and known_name("method", name) is not None and not from_metadata:
        return "method"  # the curated methods' list wins over a Papers with Code task of the same name
    return kind
