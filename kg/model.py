"""Records that flow through kg: papers in, mentions out, and how their ids are made."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.keys import bare_name, resolve_key  # (re-exported: kg.model's names and keys)

NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")
ARXIV_CORE = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"  # new- and old-style ids, a version
ARXIV_ID = re.compile(rf"\b{ARXIV_CORE}\b")  # an id inside text or a URL
ARXIV_SHAPED = re.compile(rf"(?:arxiv:)?{ARXIV_CORE}", re.IGNORECASE)  # a whole value that is an id


def slugify(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by '-': the stable key of a name or title."""
    ascii_text = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = NOT_KEY_CHARS.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


UNTITLED = "arXiv:"  # the title of a paper known only by its arXiv id, until a source gives its title


def arxiv_id_of(text: str | None) -> str:
    """The version-less arXiv id in `text` (an id, an abs/pdf URL), or "" when there is none."""
    match = ARXIV_ID.search(text or "")
    return match.group(1) if match else ""


def make_paper_id(title: str, arxiv_id: str | None = None) -> str:
    """A deterministic paper id: `arxiv:<id without version>` when known, else `title:<slug>`."""
    found = arxiv_id_of(arxiv_id)
    return f"arxiv:{found}" if found else f"title:{slugify(title)}"


POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
ENTITY_LABELS = ("Dataset", "Task", "Method")
METHOD_HEAD_WORDS = ("model", "network", "framework", "architecture", "method", "algorithm", "approach", "system")


@lru_cache(maxsize=100_000)
def node_id(label: str, name: str) -> str:
    """The stable id of a non-paper node: label prefix and the key of its canonical name. For a dataset,
    task or method the key folds spellings of one name: hyphens inside a word ("pre-trained"), a
    possessive, the plural last word of a name of several words ("Caltech-UCSD Birds"), and for a method a head word after a single
    word ("AxFormer model" -> AxFormer)."""
    key = folded_key(label, name) if label in ENTITY_LABELS else slugify(name)
    return f"{label.lower()}:{key or resolve_key(name) or name}"


def folded_key(label: str, name: str) -> str:
    """The key of an entity's name with the spellings of one name folded (see `node_id`): its letters and
    digits only, less a method's head word after a single word and the plural of a last word."""
    words = POSSESSIVE.sub("", name).split()
    if not words:
        return ""
    last = words[-1].lower()
    if len(words) > 1 and len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        words[-1] = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    if label == "Method" and len(words) == 2 and words[-1].lower() in METHOD_HEAD_WORDS:
        words.pop()
    return slugify(" ".join(words)).replace("-", "")


def title_key(title: str) -> str:
    """A title normalised for matching the same paper across sources (case, accents, punctuation)."""
    return slugify(title, max_length=200)


def normal_doi(doi: str) -> str:
    """A DOI without its resolver prefix, in lower case (DOIs are case-insensitive)."""
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.I).lower()


@dataclass(frozen=True)
class TableResult:
    """One score of a curated results table (a Papers with Code leaderboard row): the `value` of `metric`
    that `model` reached on `dataset` for `task`; `extra_data` says what training data beyond the
    dataset's own the row used, if it says ("" when none or unknown)."""

    task: str
    dataset: str
    metric: str
    value: float
    model: str = ""
    extra_data: str = ""


@dataclass(frozen=True)
class Paper:
    """One paper as read from a source; `line` is where its record starts in `source`.

    `arxiv_id` is version-less; `doi` is normalised (`normal_doi`); `date` is ISO (YYYY-MM-DD) when
    the source gives a full date, else as the source writes it.
    """

    id: str
    title: str
    abstract: str
    date: str = ""
    urls: tuple[str, ...] = ()
    source: str = ""
    line: int = 0
    sources: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    arxiv_id: str = ""
    doi: str = ""
    links: tuple[tuple[str, str], ...] = ()  # curated by the source: ("task" | "method" | "dataset", name)
    venue: str = ""
    other_ids: tuple[str, ...] = ()  # the source's own ids for the paper (OpenAlex, Semantic Scholar, …)
    references: tuple[str, ...] = ()  # ids of the works it cites, as the source writes them
    results: tuple[TableResult, ...] = ()  # scores a curated table gives the paper, in the table's order


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to make, and extraction makes many
class Mention:
    """A span of a paper's text naming an entity, with its evidence and how sure we are.

    `start`/`end` are character offsets into the paper's abstract (or title when
    `field == "title"`); `name` is the canonical name the mention resolves to.
    """

    type: str
    text: str
    start: int
    end: int
    name: str
    extractor: str
    confidence: float
    sentence: str
    field: str = "abstract"
    role: str = ""
    attrs: tuple[tuple[str, str], ...] = ()


CONFIDENCE_TYPES = ("dataset", "task", "method", "metric", "repo", "result")


@dataclass(frozen=True)
class MinConfidence:
    """The lowest confidence kept, for every type (`default`) or per type ("dataset=0.5,task=0.7")."""

    default: float = 0.0
    by_type: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(cls, value: float | str | MinConfidence | None) -> MinConfidence:
        """A floor from a number, a text "C" or "TYPE=C,TYPE=C" (ValueError naming what is wrong), or a floor."""
        if isinstance(value, MinConfidence):
            return value
        if value is None or isinstance(value, (int, float)):
            return cls(float(value or 0.0))
        default, by_type = 0.0, {}
        for part in (p.strip() for p in value.split(",") if p.strip()):
            kind, _, number = part.rpartition("=")
            kind = kind.strip().lower()
            try:
                floor = float(number)
            except ValueError:
                raise ValueError(f"{number.strip()!r} is not a number") from None
            if not 0.0 <= floor <= 1.0:
                raise ValueError(f"{floor} is not between 0 and 1")
            if not kind:
                default = floor
            elif kind in CONFIDENCE_TYPES:
                by_type[kind] = floor
            else:
                raise ValueError(f"{kind!r} is not a type: use {', '.join(CONFIDENCE_TYPES)}")
        return cls(default, tuple(sorted(by_type.items())))

    def floor(self, kind: str) -> float:
        """The lowest confidence kept for mentions of `kind`."""
        return next((floor for k, floor in self.by_type if k == kind), self.default)

    def keeps(self, kind: str, confidence: float) -> bool:
        """Whether a mention of `kind` at `confidence` is kept."""
        return confidence >= self.floor(kind)

    def __bool__(self) -> bool:
        return bool(self.default or any(floor for _, floor in self.by_type))

