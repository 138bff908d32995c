"""The Hugging Face daily-papers listing as text: a page header, then title / abstract pairs."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.data import read_text
from kg.loaders.report import LoadReport
from kg.loaders.text import NOT_UTF8, read_lines
from kg.model import Paper, make_paper_id

MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines, joined by spaces; `first`/`last` are 1-based line numbers."""

    text: str
    first: int
    last: int


@lru_cache(maxsize=1)
def header_patterns() -> tuple[re.Pattern, ...]:
    """The header-line patterns shipped in kg/data/listing_header.txt."""
    text = read_text("listing_header.txt")
    rows = [line.strip() for line in text.splitlines()]
    return tuple(re.compile(row, re.IGNORECASE) for row in rows if row and not row.startswith("#"))


def split_blocks(lines: list[str]) -> list[Block]:
    """Group lines into blocks separated by blank lines."""
    blocks, current, first = [], [], 0
    for number, line in enumerate(lines + [""], 1):
        if line.strip():
            if not current:
                first = number
            current.append(line.strip())
        elif current:
            blocks.append(Block(" ".join(current), first, number - 1))
            current = []
    return blocks


def looks_like_abstract(text: str) -> bool:
    """An abstract is long, or a sentence; a title is short and does not end with a period."""
    return len(text) > MAX_TITLE_CHARS or (len(text) > 60 and text.endswith((".", ".)")))


def looks_like_other_format(text: str) -> str | None:
    """The name of the format a file seems to be in instead of a listing, if any."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "JSON"
    if stripped.startswith("<"):
        return "XML or HTML"
    if stripped.startswith("@") and re.match(r"@\w+\s*\{", stripped):
        return "BibTeX"
    return None


def parse_listing(
    lines: list[str], source: str, report: LoadReport, bad_lines: frozenset[int] = frozenset()
) -> Iterator[Paper]:
    """Papers from the lines of a listing; malformed records are reported to `report` and skipped."""
    blocks = split_blocks(lines)
    if not blocks:
        report.skip(source, 0, "empty file: no papers in it")
        return
    other = looks_like_other_format(blocks[0].text)
    if other:
        report.skip(source, blocks[0].first, f"looks like {other}, not a daily-papers listing; "
                    "give it a .jsonl name or pass --format")
        return
    date, start = "", 0
    for block in blocks:
        match = next((p.fullmatch(block.text) for p in header_patterns() if p.fullmatch(block.text)), None)
        if not match:
            break
        date = (match.groupdict().get("date") or date)
        start += 1
    title: Block | None = None
    for block in blocks[start:]:
        if not looks_like_abstract(block.text):
            if title is not None:
                report.skip(source, title.first, f"title without abstract: {title.text[:60]!r}")
            title = block
            continue
        if title is None:
            report.skip(source, block.first, f"abstract without a title: {block.text[:60]!r}")
            continue
        bad = sorted(n for n in range(title.first, block.last + 1) if n in bad_lines)
        if bad:
            report.skip(source, bad[0], NOT_UTF8)
        else:
            yield Paper(
                id=make_paper_id(title.text),
                title=title.text,
                abstract=block.text,
                date=date,
                source=source,
                line=title.first,
                sources=(f"{source}:{title.first}",),
            )
        title = None
    if title is not None:
        report.skip(source, title.first, f"title without abstract: {title.text[:60]!r}")


def read_listing(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a listing file (see `parse_listing`)."""
    lines, bad = read_lines(path, report)
    yield from parse_listing(lines, str(path), report, frozenset(bad))
