"""CSV with a header row: `id,title,abstract[,url,date,authors,doi,arxiv_id,categories]` (any order;
the same field names as the other structured sources), streamed row by row."""
from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import NOT_UTF8, iter_lines
from kg.model import Paper

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # abstracts can be long; the default limit is 128 KiB


def read_csv(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of a CSV file (plain or .gz); a row that is not a paper is reported and skipped."""
    source = str(path)
    bad: set[int] = set()

    def lines():
        for number, text, utf8 in iter_lines(path, report):
            if not utf8:
                bad.add(number)
            yield text.replace("\r", " ").replace("\x00", "") + "\n"  # a bare CR or a NUL stops the csv reader

    rows = csv.reader(lines())
    try:
        header = [name.strip().lower() for name in next(rows)]
    except StopIteration:
        report.skip(source, 0, "empty file: no header and no records")
        return
    except csv.Error as err:
        report.skip(source, 1, f"not valid CSV ({err}); file skipped")
        return
    yield from read_rows(rows, header, source, bad, report)


def valid_rows(rows, source: str, report: LoadReport) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each row a csv reader reads after the header; a row it cannot read
    is reported and skipped, and reading goes on after it."""
    previous_end = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            report.skip(source, previous_end + 1, f"not valid CSV ({err}); row skipped")
        else:
            yield previous_end + 1, rows.line_num, row
        previous_end = rows.line_num


def read_rows(rows, header: list[str], source: str, bad: set[int], report: LoadReport) -> Iterator[Paper]:
    """The papers of the rows after the header."""
    if "title" not in header and "abstract" not in header:
        report.skip(source, 1, "no `title` or `abstract` column in the header; file skipped")
        return
    for number, last, row in valid_rows(rows, source, report):
        if not any(cell.strip() for cell in row):
            continue
        if any(n in bad for n in range(number, last + 1)):
            report.skip(source, number, NOT_UTF8, ",".join(row))
            continue
        if len(row) != len(header):
            report.skip(source, number, f"{len(row)} fields where the header has {len(header)}; row skipped",
                        ",".join(row))
            continue
        paper, reason = paper_from_record(dict(zip(header, row, strict=True)), source, number)
        if paper is None:
            report.skip(source, number, f"{reason}; row skipped", ",".join(row))
            continue
        yield paper
