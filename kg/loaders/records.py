"""A Paper from one record of a structured source (JSON, JSON lines, CSV, XML), whatever its dialect.

The keys each field is read from are data (`kg/data/record_fields.json`), so the Hugging Face papers
API, the arXiv OAI snapshot, Papers with Code, Semantic Scholar, OpenAlex-like and plain records all
go through this one function.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from kg.data import read_text
from kg.model import ARXIV_SHAPED, Paper, arxiv_id_of, make_paper_id, normal_doi

ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
LINK_KEYS = (("tasks", "task"), ("methods", "method"), ("datasets", "dataset"))
AUTHOR_SPLIT = re.compile(r"\s*(?:;|,\s*and\s+|\band\b|,)\s*")


@lru_cache(maxsize=1)
def field_keys() -> dict[str, list[str]]:
    """The keys to read each Paper field from, in order of preference."""
    return {k: v for k, v in json.loads(read_text("record_fields.json")).items()
            if not k.startswith("_") and isinstance(v, list)}


@lru_cache(maxsize=1)
def curated_links_when() -> dict[str, str]:
    """{key: text}: a record whose `key` contains `text` comes from a source that curates its links."""
    return json.loads(read_text("record_fields.json"))["curated_links_when"]


@lru_cache(maxsize=1)
def field_paths() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """`field_keys` with each key split at its dots, as (first key, keys inside it): `authors.name` is `name`
    inside `authors`."""
    return {field: [(key.split(".")[0], tuple(key.split(".")[1:])) for key in keys]
            for field, keys in field_keys().items()}


def lookup(record: Mapping, field: str) -> Any:
    """The first present, non-empty value for `field` (see `field_keys`)."""
    for first, inside in field_paths()[field]:
        value = record.get(first)
        if value is None:  # most keys are absent from a record: skip the checks below
            continue
        for part in inside:  # a dict is checked first: asking Mapping costs ten times as much
            value = value.get(part) if isinstance(value, dict) or isinstance(value, Mapping) else None
            if value is None:
                break
        if value not in (None, "", [], {}):
            return value
    return None


def person(value: Any) -> str:
    """An author's name from a string or an object ({name}, {fullname}, {author: {display_name}})."""
    if isinstance(value, Mapping):
        inner = value.get("author") if isinstance(value.get("author"), Mapping) else value
        return str(inner.get("name") or inner.get("display_name") or inner.get("fullname") or "").strip()
    return str(value).strip() if value is not None else ""


def authors_of(record: Mapping) -> tuple[str, ...]:
    """The authors, in order: a list of names or objects, `authors_parsed` (arXiv OAI), or one string."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = (" ".join(str(p) for p in (parts[1], parts[0], parts[2] if len(parts) > 2 else "") if p).strip()
                 for parts in parsed if isinstance(parts, list) and len(parts) >= 2)
        return tuple(name for name in names if name)
    value = lookup(record, "authors")
    if isinstance(value, list):
        names = [person(v) for v in value]
    elif isinstance(value, str):
        names = AUTHOR_SPLIT.split(value.replace("\n", " "))
    else:
        names = [person(value)] if value else []
    return tuple(" ".join(n.split()) for n in names if n and n.strip())


def date_of(record: Mapping) -> str:
    """The record's date, ISO (YYYY-MM-DD) when it is a full date; for the arXiv OAI snapshot, the first
    version's date."""
    versions = record.get("versions")
    value = None
    if isinstance(versions, list) and versions and isinstance(versions[0], Mapping):
        value = versions[0].get("created")  # the arXiv OAI snapshot: the first version is the paper's date
    value = value or lookup(record, "date")
    if value is None:
        return ""
    text = str(value).strip()
    iso = ISO_DATE.search(text)
    if iso:
        return iso.group(1)
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return text


def strings(value: Any) -> tuple[str, ...]:
    """A list, or a space-separated string, as a tuple of non-empty strings."""
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(str(v.get("term", v.get("name", ""))) if isinstance(v, Mapping) else str(v)
                     for v in value if v)
    return ()


def urls_of(record: Mapping) -> tuple[str, ...]:
    """Every URL the record gives (abstract page, PDF, code repository), in key order, once each."""
    found: list[str] = []
    for key in field_keys()["urls"]:
        value = record.get(key)
        if value is None:  # most keys are absent from a record: skip the checks below
            continue
        for item in value if isinstance(value, list) else [value]:
            url = item.get("href") if isinstance(item, Mapping) else item
            if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in found:
                found.append(url)
    return tuple(found)


def inverted_abstract(index: Any) -> str:
    """An abstract rebuilt from OpenAlex's `abstract_inverted_index` ({word: [positions]}), else ""."""
    if not isinstance(index, Mapping):
        return ""
    placed = sorted((position, word) for word, positions in index.items() if isinstance(positions, list)
                    for position in positions if isinstance(position, int))
    return " ".join(word for _, word in placed)


def links_of(record: Mapping) -> tuple[tuple[str, str], ...]:
    """The tasks, methods and datasets a curating source links the paper to (Papers with Code's `tasks`,
    `methods`), as (kind, name); none from other sources (see `curated_links_when`)."""
    if not any(text in str(record.get(key, "")) for key, text in curated_links_when().items()):
        return ()
    found = []
    for key, kind in LINK_KEYS:
        value = record.get(key)
        for item in value if isinstance(value, list) else []:
            name = person(item) if isinstance(item, Mapping) else str(item).strip() if item is not None else ""
            if name and (kind, name) not in found:
                found.append((kind, name))
    return tuple(found)


def identifiers(value: Any) -> list[str]:
    """Ids from a value: a string, a list of strings or of objects with an id, or an object of ids."""
    if value is None:  # most keys are absent from a record: skip the checks below
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, Mapping):
        inner = value.get("paperId") or value.get("id")
        return identifiers(inner) if inner else [str(v) for v in value.values() if isinstance(v, (str, int))]
    if isinstance(value, list):
        return [found for item in value for found in identifiers(item)]
    return [str(value)] if isinstance(value, int) else []


def all_ids(record: Mapping, field: str) -> tuple[str, ...]:
    """Every id under the keys of `field` (not only the first key present), once each."""
    found = [found for key in field_keys()[field] for found in identifiers(record.get(key))]
    return tuple(dict.fromkeys(found))


def paper_from_record(record: Any, source: str = "", line: int = 0) -> tuple[Paper | None, str]:
    """A Paper from one record, or None and the reason it cannot be one (whatever the record holds)."""
    try:
        return record_paper(record, source, line)
    except RecursionError:
        return None, "nested too deeply"
    except Exception as err:  # noqa: BLE001 -- hostile input is a reason to skip the record, never a traceback
        return None, f"cannot be read ({type(err).__name__}: {err})"


def record_paper(record: Any, source: str, line: int) -> tuple[Paper | None, str]:
    """`paper_from_record` for a record that does not make the reading fail."""
    if not isinstance(record, Mapping):
        return None, f"expected an object, got {type(record).__name__}"
    title = lookup(record, "title") or ""
    abstract = lookup(record, "abstract") or inverted_abstract(record.get("abstract_inverted_index"))
    if not isinstance(title, str) or not isinstance(abstract, str):
        return None, "`title` and `abstract` must be text"
    title, abstract = " ".join(title.split()), abstract.strip()
    if not title and not abstract:
        return None, "record has neither a title nor an abstract"
    own_id = lookup(record, "id")
    own_id = str(own_id).strip() if own_id is not None else ""
    arxiv = arxiv_id_of(str(lookup(record, "arxiv_id") or ""))
    if not arxiv and ARXIV_SHAPED.fullmatch(own_id):
        arxiv = arxiv_id_of(own_id)
    urls = urls_of(record)
    if not arxiv:
        arxiv = next((found for u in urls if "arxiv.org/" in u and (found := arxiv_id_of(u))), "")
    if arxiv:
        paper_id = make_paper_id(title, arxiv)
    elif own_id and not own_id.startswith(("http://", "https://")):
        paper_id = own_id
    else:
        paper_id = make_paper_id(title or abstract[:120])
    doi = lookup(record, "doi")
    return Paper(id=paper_id, title=title, abstract=abstract, date=date_of(record), urls=urls, source=source,
                 line=line, sources=(f"{source}:{line}",) if source else (), authors=authors_of(record),
                 categories=strings(lookup(record, "categories")), arxiv_id=arxiv,
                 doi=normal_doi(doi) if isinstance(doi, str) else "", links=links_of(record),
                 venue=" ".join(str(lookup(record, "venue") or "").split()),
                 other_ids=all_ids(record, "other_ids"), references=all_ids(record, "references")), ""
