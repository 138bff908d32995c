"""BibTeX (a researcher's own library): each entry a paper, with its authors, year, venue, DOI and
arXiv id (`eprint` with `archivePrefix = arXiv`). Parsed by bibtexparser; an entry it cannot parse is
reported with its line and skipped, the others kept."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import bibtexparser

from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import read_text
from kg.model import Paper

BRACES = re.compile(r"[{}]")
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), 1)}


def plain(value: str) -> str:
    """A BibTeX value without its protecting braces and with its white space collapsed."""
    return " ".join(BRACES.sub("", value).split())


def person(name: str) -> str:
    """`Last, First` as `First Last`."""
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}".strip() if comma else name.strip()


def entry_record(fields: dict[str, str]) -> dict:
    """The fields of one entry as a record for `paper_from_record`."""
    get = {k.lower(): plain(str(v)) for k, v in fields.items()}
    year, month = get.get("year", ""), MONTHS.get(get.get("month", "")[:3].lower())
    arxiv = get.get("eprint", "") if get.get("archiveprefix", "").lower() == "arxiv" else ""
    return {"title": get.get("title", ""), "abstract": get.get("abstract", ""),
            "authors": [person(a) for a in re.split(r"\s+and\s+", get.get("author", "")) if a.strip()],
            "date": f"{year}-{month:02d}-01" if year and month else year, "doi": get.get("doi", ""),
            "arxiv_id": arxiv, "url": get.get("url", ""),
            "venue": get.get("journal") or get.get("booktitle") or ""}


def read_bibtex(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a .bib file (plain or .gz); a block that does not parse is reported and skipped."""
    source = str(path)
    library = bibtexparser.parse_string(read_text(path, report))
    for block in library.failed_blocks:
        why = getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
        report.skip(source, block.start_line + 1, f"not valid BibTeX ({why.strip()}); entry skipped", block.raw)
    if not library.entries and not library.failed_blocks:
        report.skip(source, 0, "no BibTeX entries in the file")
    for entry in library.entries:
        line = entry.start_line + 1
        fields = {field.key: field.value for field in entry.fields}
        paper, reason = paper_from_record(entry_record(fields), source, line)
        if paper is None:
            report.skip(source, line, f"@{entry.entry_type}{{{entry.key}}}: {reason}; skipped", entry.raw)
            continue
        yield paper
