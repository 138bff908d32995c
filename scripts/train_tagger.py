"""Train the learned tagger (kg/data/tagger.crfsuite) on the permissively licensed gold sets.

Usage: python scripts/train_tagger.py [--gold DIR] [--output DIR] [--cross-validate]

Reads SciREX abstracts and TDMSci sentences (Apache-2.0, see ../shared/README.md) from DIR
(default ../shared/gold), holds out every record whose id hashes to 0 mod 5, trains a CRF on the rest
with fixed settings (the result is the same on every run), and prints the held-out scores of the
rules alone and of rules + tagger, counted as kg.evaluate counts them. Only the held-out figures
say how well the tagger generalises; SciERC and the dataset sentences are never trained on.

--cross-validate writes no model: it trains on three of the four other fifths and scores the fourth,
four times, and prints the scores of the four scored fifths counted together. A change to the rules or
the features can be judged on these (four times as many records as the held-out fifth, which stays
unseen) before the held-out figures are read.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pycrfsuite

from kg.data import data_path
from kg.evaluate import Score, read_jsonl, score
from kg.extract import default_extractors, extract_mentions, rule_hints
from kg.extract.fields import paper_fields
from kg.extract.tagger import (
    MODELS,
    TYPES,
    TaggerExtractor,
    field_words,
    sequence_features,
    span_labels,
)
from kg.model import Paper
from kg.pipeline import entity_record

TRAINING_SETS = {"scirex_abstracts.jsonl": TYPES, "tdmsci_train.jsonl": ("dataset", "task", "metric")}  # what each labels
SETTINGS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


def fifth(record: dict) -> int:
    """Which fifth (0-4) a record falls in, by a hash of its id (stable across runs and machines); fifth 0
    is held out."""
    return zlib.crc32(str(record["id"]).encode()) % 5


def as_paper(record: dict) -> Paper:
    """A gold record as a paper (its text is in `abstract`)."""
    return Paper(str(record["id"]), record.get("title", ""), record["abstract"])


def training_rows(records: list[dict], types: tuple[str, ...]):
    """(features, labels) of each record's abstract, with the rules' findings as hints."""
    for record in records:
        paper = as_paper(record)
        field = next(f for f in paper_fields(paper) if f.name == "abstract")
        words = field_words(field)
        found = [m for m in rule_hints(paper, [field]) if m.type in TYPES]
        hints = span_labels(words, ((m.start, m.end, m.type) for m in found))
        gold = [span for span in gold_spans(record) if span[2] in types]
        yield sequence_features(words, hints), span_labels(words, gold)


def gold_spans(record: dict) -> list[tuple[int, int, str]]:
    """(start, end, type) of the record's mentions; SciREX gives none, so each mention is found in the
    text after the previous one (or anywhere, failing that)."""
    spans, cursor, text = [], 0, record["abstract"]
    for mention in record["mentions"]:
        if "start" in mention:
            spans.append((mention["start"], mention["end"], mention["type"]))
            continue
        start = text.find(mention["text"], cursor)
        start = start if start >= 0 else text.find(mention["text"])
        if start >= 0:
            spans.append((start, start + len(mention["text"]), mention["type"]))
            cursor = start + len(mention["text"])
    return spans


def predictions(records: list[dict], extractors) -> dict[str, dict]:
    """The extraction contract for each record."""
    return {str(r["id"]): {"entities": [entity_record(m) for m in extract_mentions(as_paper(r), extractors)]}
            for r in records}


def scores_of(records: list[dict], models: Path) -> dict[str, dict[str, Score]]:
    """Rules-only and rules+tagger (the models in folder `models`) scores on `records`."""
    gold = {str(r["id"]): r for r in records}
    tagger = TaggerExtractor(rule_hints, {model: str(models / model) for model in MODELS})
    return {label: score(gold, predictions(records, extractors))
            for label, extractors in (("rules", default_extractors()), ("rules+tagger", (*default_extractors(), tagger)))}


def report(name: str, count: int, scores: dict[str, dict[str, Score]]) -> None:
    """Print the lenient scores of each extractor set (see `scores_of`)."""
    for label, by_type in scores.items():
        shown = ", ".join(f"{key.replace('mention.', '').replace('.lenient', '')} P {s.precision:.3f} "
                          f"R {s.recall:.3f} F1 {s.f1:.3f}"
                          for key, s in by_type.items() if not key.endswith("strict"))
        print(f"{name} ({count}) {label:12s} {shown}")


def train(sets: dict[str, list[dict]], output: Path, chosen: Callable[[dict], bool], quiet: bool = False) -> None:
    """Train each model of MODELS on the `chosen` records of the training sets, into folder `output`."""
    output.mkdir(parents=True, exist_ok=True)
    for model, types in MODELS.items():
        started = time.perf_counter()
        trainer = pycrfsuite.Trainer(verbose=False)
        for name, records in sets.items():
            labelled = tuple(t for t in types if t in TRAINING_SETS[name])
            if labelled:
                for features, labels in training_rows([r for r in records if chosen(r)], labelled):
                    trainer.append(features, labels)
        trainer.set_params(SETTINGS)
        path = output / model
        trainer.train(str(path))
        if not quiet:
            print(f"{model}: trained in {time.perf_counter() - started:.0f} s ({path.stat().st_size / 2**20:.1f} "
                  f"MiB), settings {json.dumps(SETTINGS)}")


def cross_validate(sets: dict[str, list[dict]]) -> None:
    """Print the scores of fifths 1-4, each scored by models trained on the three others, counted together
    (pairs of papers sharing a dataset: pairs within a fifth)."""
    pooled: dict[str, dict[str, dict[str, Score]]] = {}
    for scored in range(1, 5):
        with tempfile.TemporaryDirectory() as folder:
            train(sets, Path(folder), lambda r, scored=scored: fifth(r) not in (0, scored), quiet=True)
            for name, records in sets.items():
                fold = [r for r in records if fifth(r) == scored]
                add_scores(pooled.setdefault(name, {}), scores_of(fold, Path(folder)))
    for name, records in sets.items():
        report(f"cross-validated {name}", sum(fifth(r) != 0 for r in records), pooled[name])


def add_scores(total: dict[str, dict[str, Score]], found: dict[str, dict[str, Score]]) -> None:
    """Add the counts of `found` to `total`, extractor set by extractor set and score by score."""
    for label, by_type in found.items():
        for key, s in by_type.items():
            total.setdefault(label, {}).setdefault(key, Score()).add(s.tp, s.fp, s.fn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", default="../shared/gold", help="folder of the gold JSON-lines files")
    parser.add_argument("--output", default=str(data_path(".")), help="folder to write the models to")
    parser.add_argument("--cross-validate", action="store_true", help="score fifths 1-4 in turn; write no model")
    args = parser.parse_args()
    sets = {name: list(read_jsonl(Path(args.gold) / name).values()) for name in TRAINING_SETS}
    if args.cross_validate:
        cross_validate(sets)
        return
    train(sets, Path(args.output), lambda r: fifth(r) != 0)
    for name, records in sets.items():
        held = [r for r in records if fifth(r) == 0]
        report(f"held-out {name}", len(held), scores_of(held, Path(args.output)))
    for name in ("dataset_sentences.jsonl", "scierc_dev.jsonl", "scierc_train.jsonl"):
        path = Path(args.gold) / name
        if path.exists():
            records = list(read_jsonl(path).values())
            report(f"never trained on: {name}", len(records), scores_of(records, Path(args.output)))


if __name__ == "__main__":
    main()
