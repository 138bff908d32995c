"""Versions of a dataset that are benchmarks of their own ("SQuAD 2.0", "ImageNet-21k", "PASCAL VOC 2007").

A dataset name followed by a version (a decimal "2.0", "v2", a size "-21k", a year) names that version:
its own node, linked to the dataset it is a version of (its family) by VARIANT_OF. "v2" and "2.0" are one
version. A version that is the dataset itself ("ImageNet-1k", "COCO 2017") is listed in the dataset's
`same_versions` in kg/data/datasets_extra.jsonl and stays the dataset.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.vocab import read_rows
from kg.model import resolve_key

VERSION = re.compile(r"[ -]?(?:v(?P<v>\d+(?:\.\d+)?)|(?P<decimal>\d+\.\d+)|(?P<size>\d+[kK])|(?P<year>(?:19|20)\d\d))"
                     r"(?![\w.]*\w|\s*%)")  # the version ends the name: "2.0", not "2.0x" nor "2.3%"


@lru_cache(maxsize=1)
def same_versions() -> dict[str, frozenset[str]]:
    """Dataset name -> the versions that name the dataset itself."""
    return {row["name"]: frozenset(v.lower() for v in row["same_versions"])
            for row in read_rows("datasets_extra.jsonl") if row.get("same_versions")}


def version_name(family: str, rest: str, whole: bool) -> tuple[str, int] | None:
    """The name of the version of `family` written at the start of `rest` ("2.0" -> "SQuAD 2.0") and how
    many characters of `rest` it takes; None when `rest` starts with no version, or one that is the dataset
    itself. `whole`: the version must be all of `rest` (a vocabulary variant)."""
    match = VERSION.match(rest)
    if not match or whole and match.end() != len(rest.rstrip()):
        return None
    if match["size"]:
        version, joiner = match["size"].lower(), "-"
    elif match["v"]:
        version, joiner = match["v"] if "." in match["v"] else f"{match['v']}.0", " "
    else:
        version, joiner = match["decimal"] or match["year"], " "
    if version in same_versions().get(family, ()):
        return None
    return f"{family}{joiner}{version}", match.end()


def variant_version(family: str, surface: str) -> str | None:
    """The version a vocabulary variant names ("SQuAD2.0" of SQuAD -> "SQuAD 2.0"), or None."""
    key, family_key = resolve_key(surface), resolve_key(family)
    if not key.startswith(family_key) or key == family_key:
        return None
    at = len(family) if surface.lower().startswith(family.lower()) else None
    if at is None:
        return None
    found = version_name(family, surface[at:], whole=True)
    return found[0] if found else None
