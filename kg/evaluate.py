"""Measuring extraction against gold labels, counted the way the project's scorer counts them.

Gold is JSON lines `{"id", "mentions": [{"type", "text"}], "datasets"?: [...]}`; predictions are the
extraction contract (`{"id", "entities": [{"type", "name", "mention"}]}`). Counted per type:
- mentions, lenient: a gold and a predicted mention match when their word sets (lower case, letters
  and digits, without "the") overlap by at least half of their union; strict: the same normalised
  text. Each gold mention takes the first unused prediction that matches it.
- datasets per paper: predicted names against the record's `datasets`, both folded through the
  dataset vocabulary's variants; pairs of papers sharing a dataset, predicted against gold.
`misses` lists the errors behind the lenient and the per-paper counts, record by record.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import TextIO

from kg.errors import LoadError, StoreError
from kg.extract.vocab import read_rows
from kg.loaders import LoadReport
from kg.model import MinConfidence
from kg.pipeline import Extraction, load_sources
from kg.schema import DATASET_RELATIONSHIPS, MENTION_RELATIONSHIP
from kg.workers import Progress, map_papers

TAIL = re.compile(r"\b(data ?sets?|benchmarks?|corpus|corpora|challenge|collection)\b")
NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass
class Score:
    """True positives, false positives and false negatives, and what follows from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Count one record's outcome."""
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def as_dict(self) -> dict:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def normal(text: str) -> str:
    """Lower case, "&" as "and", without a leading "the", a tail word ("dataset") or punctuation."""
    text = TAIL.sub(" ", text.lower().replace("&", " and "))
    return NOT_ALNUM.sub("", re.sub(r"^the\s+", "", text.strip()))


def words(text: str) -> set[str]:
    """The lower-case words of a mention, without "the"."""
    return {w for w in NOT_ALNUM.split(text.lower()) if w and w != "the"}


def same_mention(gold: str, predicted: str, strict: bool) -> bool:
    """Whether a predicted mention counts for a gold one."""
    if strict:
        return normal(gold) != "" and normal(gold) == normal(predicted)
    a, b = words(gold), words(predicted)
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


def pairing(gold: list[str], predicted: list[str], strict: bool) -> dict[int, int]:
    """Which prediction each matched gold mention takes (gold index -> predicted index): each gold
    mention the first unused prediction that matches it."""
    taken: dict[int, int] = {}
    used: set[int] = set()
    for g, text in enumerate(gold):
        for i, p in enumerate(predicted):
            if i not in used and same_mention(text, p, strict):
                used.add(i)
                taken[g] = i
                break
    return taken


def read_jsonl(path: str | Path) -> dict[str, dict]:
    """Records by id from a JSON-lines file; LoadError naming file:line for a line that is not JSON."""
    rows: dict[str, dict] = {}
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        row = json.loads(line)
                        rows[str(row["id"])] = row
                    except (json.JSONDecodeError, KeyError, TypeError) as err:
                        raise LoadError(f"{path}:{number}: not a JSON object with an id ({err})") from err
    except OSError as err:
        raise LoadError(f"cannot read {path} ({err.strerror or err})") from err
    return rows


@lru_cache(maxsize=1)
def dataset_aliases() -> dict[str, str]:
    """Normal form of every dataset name and variant of the shipped vocabulary -> its name's normal form
    (read once: the scores and the misses both fold names through it)."""
    table: dict[str, str] = {}
    for row in read_rows("pwc_datasets.jsonl"):
        for variant in [row["name"], *row.get("variants", [])]:
            table.setdefault(normal(variant), normal(row["name"]))
    return table


def entities(record: dict, kind: str) -> list[dict]:
    """The record's predicted entities of one type."""
    return [e for e in record.get("entities", []) if str(e.get("type", "")).lower() == kind]


def score(gold: dict[str, dict], predicted: dict[str, dict]) -> dict[str, Score]:
    """Scores by name: `mention.<type>.lenient|strict`, and with gold `datasets`, `paper.dataset` and
    `pairs.shared_dataset`."""
    scores: dict[str, Score] = {}
    kinds = sorted({m["type"] for g in gold.values() for m in g.get("mentions", [])})
    for kind in kinds:
        for mode in ("lenient", "strict"):
            result = scores.setdefault(f"mention.{kind}.{mode}", Score())
            for key, record in gold.items():
                gold_texts, found = mention_texts(record, predicted.get(key, {}), kind)
                hits = len(pairing(gold_texts, found, mode == "strict"))
                result.add(hits, len(found) - hits, len(gold_texts) - hits)
    if any("datasets" in g for g in gold.values()):
        scores.update(dataset_scores(gold, predicted, dataset_aliases()))
    return scores


def mention_texts(record: dict, predicted: dict, kind: str) -> tuple[list[str], list[str]]:
    """The gold mentions of one type in a record, and the predicted ones, as text."""
    return ([m["text"] for m in record.get("mentions", []) if m["type"] == kind],
            [e.get("mention") or e.get("text") or e.get("name", "") for e in entities(predicted, kind)])


# the roles of a dataset mention that make it one of the paper's benchmarks (uses, introduces)
BENCHMARK_ROLES = frozenset(role for (kind, role), rel in MENTION_RELATIONSHIP.items()
                            if kind == "dataset" and rel in DATASET_RELATIONSHIPS)


def paper_datasets(record: dict, predicted: dict) -> tuple[list[str], list[str]]:
    """A record's gold dataset names and the predicted ones its paper is linked to as used or introduced
    (not those it only mentions as background, role `mentions`; one with no role counts), each once."""
    return (list(dict.fromkeys(record.get("datasets", []))),
            list(dict.fromkeys(e.get("name") or e.get("mention", "") for e in entities(predicted, "dataset")
                               if (e.get("role") or "uses") in BENCHMARK_ROLES)))


def folding(aliases: dict[str, str]) -> Callable[[str], str]:
    """A dataset name's normal form folded through the variant table."""
    return lambda name: aliases.get(normal(name), normal(name))


def dataset_scores(gold: dict[str, dict], predicted: dict[str, dict], aliases: dict[str, str]) -> dict[str, Score]:
    """Datasets per paper and pairs of papers sharing a dataset."""
    canonical = folding(aliases)
    papers, gold_sets, found_sets = Score(), {}, {}
    for key, record in gold.items():
        expected, found = paper_datasets(record, predicted.get(key, {}))
        gold_sets[key], found_sets[key] = {canonical(d) for d in expected}, {canonical(d) for d in found}
        hit_gold = sum(canonical(d) in found_sets[key] for d in expected)
        hit_found = sum(canonical(d) in gold_sets[key] for d in found)
        papers.add(hit_gold, len(found) - hit_found, len(expected) - hit_gold)
    ids = sorted(gold)
    gold_pairs = {(a, b) for a, b in combinations(ids, 2) if gold_sets[a] & gold_sets[b]}
    found_pairs = {(a, b) for a, b in combinations(ids, 2) if found_sets[a] & found_sets[b]}
    pairs = Score(len(gold_pairs & found_pairs), len(found_pairs - gold_pairs), len(gold_pairs - found_pairs))
    return {"paper.dataset": papers, "pairs.shared_dataset": pairs}


@dataclass(frozen=True)
class Miss:
    """One error of extraction against the gold: a gold name `missed` or a predicted one `wrong`
    (lenient mentions; `paper.dataset`: the datasets of a paper)."""

    id: str
    type: str
    error: str
    text: str


def misses(gold: dict[str, dict], predicted: dict[str, dict]) -> list[Miss]:
    """The errors behind the lenient mention scores and the datasets-per-paper score, record by record."""
    kinds = sorted({m["type"] for g in gold.values() for m in g.get("mentions", [])})
    canonical = folding(dataset_aliases()) if any("datasets" in g for g in gold.values()) else None
    found: list[Miss] = []
    for key, record in gold.items():
        row = predicted.get(key, {})
        for kind in kinds:
            gold_texts, texts = mention_texts(record, row, kind)
            taken = pairing(gold_texts, texts, False)
            used = set(taken.values())
            found += [Miss(key, kind, "missed", text) for i, text in enumerate(gold_texts) if i not in taken]
            found += [Miss(key, kind, "wrong", text) for i, text in enumerate(texts) if i not in used]
        if canonical is not None:
            expected, names = paper_datasets(record, row)
            gold_names, found_names = {canonical(d) for d in expected}, {canonical(d) for d in names}
            found += [Miss(key, "paper.dataset", "missed", d) for d in expected if canonical(d) not in found_names]
            found += [Miss(key, "paper.dataset", "wrong", d) for d in names if canonical(d) not in gold_names]
    return found


def sure_enough(entity: dict, min_confidence: MinConfidence) -> bool:
    """True when a predicted entity's confidence reaches `min_confidence` for its type (or it states none)."""
    confidence = entity.get("confidence", 1) if isinstance(entity, dict) else 1
    return not isinstance(confidence, (int, float)) or min_confidence.keeps(entity.get("type", ""), confidence)


def evaluate(gold_path: str | Path, sources: list[str | Path] | None = None, predictions: str | Path | None = None,
             tagger: bool = False, report: LoadReport | None = None,
             progress: Progress | None = None, min_confidence: float | MinConfidence = 0.0,
             errors: TextIO | None = None) -> dict[str, Score]:
    """Scores of extraction against the gold file: of the predictions file when one is given, else of
    extracting the sources (by default the gold file's own titles and abstracts), keeping the mentions
    (or predicted entities) of at least `min_confidence`. With `errors`, each miss (see `misses`) is
    written to it as a JSON line."""
    gold = read_jsonl(gold_path)
    if predictions is not None:
        found = read_jsonl(predictions)
        floor = MinConfidence.of(min_confidence)
        if floor:
            found = {key: {**row, "entities": [e for e in row.get("entities", []) if sure_enough(e, floor)]}
                     for key, row in found.items()}
    else:
        papers, _ = load_sources(sources or [gold_path], report)
        found = {row["id"]: row for row in map_papers(Extraction(tagger, MinConfidence.of(min_confidence)).row, papers, None, progress)}
    missing = [key for key in gold if key not in found]
    if len(missing) == len(gold):
        raise LoadError(f"no prediction has the id of a gold record (gold ids look like {next(iter(gold), '?')!r}); "
                        "extract the gold file itself or give predictions with the same ids")
    if errors is not None:
        write_misses(misses(gold, found), errors)
    return score(gold, found)


def write_misses(found: list[Miss], stream: TextIO) -> None:
    """The misses as JSON lines; StoreError when the stream cannot be written."""
    try:
        for miss in found:
            stream.write(json.dumps(asdict(miss), ensure_ascii=False) + "\n")
    except OSError as err:
        raise StoreError(f"cannot write the errors ({err.strerror or err})") from err
