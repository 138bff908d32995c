"""Query results as text: an aligned table for people, JSON lines or CSV for machines."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from kg.engine import QueryResult, RowStream

CELL_WIDTH = 60
# control characters (C0 but tab and line feed, DEL, C1) as visible escapes: text from the data must not reach
# a terminal as a command (an ESC sequence that sets the window title, moves the cursor or recolours the screen)
CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if code not in (0x09, 0x0A)}


JSON_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}  # JSON escapes C0 itself


def json_text(value: Any) -> str:
    """`value` as one line of JSON, non-ASCII text as written but control characters escaped (`\\u009b`)."""
    return json.dumps(value, ensure_ascii=False, default=str).translate(JSON_CONTROLS)


def printable(text: str) -> str:
    """`text` with its control characters written as escapes (`\\x1b`), for a terminal."""
    return text.translate(CONTROLS)


def cell(value: Any) -> str:
    """A value as one table cell: lists joined by commas, nodes by their name, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, dict) and "labels" in value:
        props = value["properties"]
        return f"({':'.join(value['labels'])} {props.get('name') or props.get('title') or props.get('id', '')})"
    if isinstance(value, dict) and "type" in value and "properties" in value:
        return f"[:{value['type']}]"
    if isinstance(value, list):
        return ", ".join(cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_table(result: QueryResult, width: int = CELL_WIDTH) -> str:
    """The rows as an aligned text table with a header; long cells are cut to `width` characters."""
    def fit(text: str) -> str:
        text = printable(" ".join(text.split()))
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[fit(cell(row.get(column))) for column in result.columns] for row in result.rows]
    widths = [max([len(column)] + [len(row[i]) for row in cells]) for i, column in enumerate(result.columns)]
    lines = ["  ".join(column.ljust(w) for column, w in zip(result.columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(text.ljust(w) for text, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def json_lines(result: QueryResult) -> str:
    """One JSON object a row, keys in column order; dates and other values as strings (control characters
    are escaped by JSON itself)."""
    return "\n".join(json_text({c: row.get(c) for c in result.columns}) for row in result.rows)


def csv_text(result: QueryResult) -> str:
    """The rows as CSV with a header; lists and nodes written as their table cells, control characters escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([printable(cell(row.get(c))) for c in result.columns] for row in result.rows)
    return out.getvalue().rstrip("\n")


def streamed_lines(found: RowStream, as_json: bool) -> Iterator[str]:
    """The lines of a query's rows as they are read: JSON lines, or CSV after its header (no row is held
    once its line is made)."""
    if not as_json:
        yield csv_row(found.columns)
    for row in found.rows:
        yield json_text({c: row.get(c) for c in found.columns}) if as_json else \
            csv_row([printable(cell(row.get(c))) for c in found.columns])


def csv_row(cells: list[str]) -> str:
    """One CSV line (without its end)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue().rstrip("\n")
