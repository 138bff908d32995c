"""The shipped vocabularies as match terms: datasets, tasks, methods and metrics with their variants.

Rules that turn vocabulary rows into terms (see docs/extraction.md, "How names are resolved"):
- a dataset's variant is kept when it starts with the dataset's own name ("Cityscapes val",
  "SQuAD2.0") or comes from our curated `datasets_extra.jsonl`; other PwC variants (sub-tasks of
  a leaderboard such as GLUE's "CoLA") are not names of that dataset and are dropped;
- a one-word name, a short one, or one with acronyms or inner capitals ("ImageNet", "IS-A") is
  matched with its exact case; other names ("Named Entity Recognition") in any case;
- names listed in `ambiguous_names.txt` are matched only beside a word that says what they are;
- a task name that is also a dataset name is a dataset; a task's name with acronyms is also matched
  with its other words in lower case ("POS tagging" for "POS Tagging");
- a one-word dataset name with a year is also matched with the year written short ("WMT'14", "WMT14");
- `tasks_extra.jsonl` (curated, read first) adds task abbreviations ("MT", "WSD") and tasks PwC lacks.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.data import read_text
from kg.errors import ExtractionError
from kg.extract.tokens import name_key, tokenize

MAX_VARIANT_WORDS = 6
SHORT_YEAR = re.compile(r"([A-Z][A-Za-z]*[A-Z]) (?:19|20)(\d\d)")

SOURCES = {
    "dataset": ("pwc_datasets.jsonl", "datasets_extra.jsonl", "dataset_long_forms.jsonl"),
    "task": ("tasks_extra.jsonl", "pwc_tasks.jsonl"),
    "method": ("methods.jsonl",),
    "metric": ("metrics.jsonl",),
}
CONFIDENCE = {"dataset": 0.9, "task": 0.8, "method": 0.85, "metric": 0.8}


@dataclass(frozen=True)
class Term:
    """One surface form to look for, and the canonical name it stands for."""

    type: str
    surface: str
    name: str
    case_sensitive: bool
    ambiguous: bool
    confidence: float


def read_rows(filename: str) -> list[dict]:
    """The JSON-lines rows of a file in kg/data."""
    try:
        text = read_text(filename)
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        raise ExtractionError(f"kg/data/{filename}: cannot be read ({err}); reinstall kg") from err


@lru_cache(maxsize=1)
def ambiguous_names() -> frozenset[tuple[str, str]]:
    """(type, name) pairs that need a context word to be matched."""
    text = read_text("ambiguous_names.txt")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset((kind, name.strip()) for kind, name in rows)


def is_prefix_variant(name: str, variant: str) -> bool:
    """True when the variant's words begin with all the words of the name."""
    name_words, variant_words = name_key(name).lower().split(), name_key(variant).lower().split()
    return variant_words[: len(name_words)] == name_words or name_key(variant).lower().replace(
        " ", "").startswith(name_key(name).lower().replace(" ", ""))


def needs_exact_case(surface: str) -> bool:
    """One word, a short name, or a word that is not plain lower/Title case ("ImageNet", "IS-A")."""
    words = [t for t, _, _ in tokenize(surface) if t[0].isalnum()]
    plain = all(w.islower() or w.isdigit() or (w[0].isupper() and w[1:].islower()) for w in words)
    return len(words) <= 1 or not plain or sum(len(w) for w in words if w.isalpha()) < 5


def with_plain_words(surface: str) -> str:
    """A name matched with its exact case for its acronyms, with its Title-case words in lower case,
    as tasks are written in running text ("3D Object Detection" -> "3D object detection"); other
    names unchanged."""
    if not needs_exact_case(surface) or len(surface.split()) < 2:
        return surface
    return " ".join(word.lower() if word[:1].isupper() and word[1:].islower() and "-" not in word else word
                    for word in surface.split(" "))


def make_term(kind: str, surface: str, name: str, confidence: float) -> Term:
    """A term with the case and ambiguity rules applied."""
    ambiguous = (kind, surface) in ambiguous_names() or (kind, name) in ambiguous_names() and surface == name
    return Term(kind, surface, name, needs_exact_case(surface), ambiguous, confidence)


@lru_cache(maxsize=1)
def load_terms() -> tuple[Term, ...]:
    """Every term of every shipped vocabulary, first come first kept per (type, surface)."""
    terms: dict[tuple[str, str], Term] = {}
    dataset_keys: set[str] = set()
    for kind, files in SOURCES.items():
        for filename in files:
            curated = not filename.startswith("pwc_")  # (the long forms are read from PwC's own descriptions)
            for row in read_rows(filename):
                name = row["name"].strip()
                if not name or (kind == "task" and name_key(name).lower() in dataset_keys):
                    continue
                if kind == "dataset":
                    dataset_keys.add(name_key(name).lower())
                surfaces = [(name, CONFIDENCE[kind])]
                for variant in row.get("variants", []):
                    if curated or (is_prefix_variant(name, variant)
                                   and len(variant.split()) <= MAX_VARIANT_WORDS):
                        surfaces.append((variant, CONFIDENCE[kind] - 0.05))
                if kind == "task":
                    surfaces += [(plain, confidence) for surface, confidence in surfaces
                                 if (plain := with_plain_words(surface)) != surface]
                for surface, confidence in surfaces:
                    terms.setdefault((kind, surface), make_term(kind, surface, name, confidence))
    for term in [t for t in terms.values() if t.type == "dataset" and t.surface == t.name]:
        for short in short_years(term.name):  # after every listed name, which they never replace
            terms.setdefault(("dataset", short), make_term("dataset", short, term.name, CONFIDENCE["dataset"] - 0.05))
    return tuple(terms.values())


def short_years(name: str) -> list[str]:
    """A one-word name with a year written short: "WMT 2014" -> "WMT'14", "WMT14"; else none."""
    match = SHORT_YEAR.fullmatch(name)
    return [f"{match[1]}'{match[2]}", f"{match[1]}{match[2]}"] if match else []


@lru_cache(maxsize=1)
def dataset_descriptions() -> dict[str, str]:
    """Dataset name -> its Papers with Code description (read only when a text defines a dataset's short
    form some other way)."""
    return {row["name"]: row.get("description") or "" for row in read_rows("pwc_datasets.jsonl")}


def dataset_description(name: str) -> str:
    """The description of a dataset of the vocabulary, or ""."""
    return dataset_descriptions().get(name, "")
