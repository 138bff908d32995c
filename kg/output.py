"""Query results as text: an aligned table for people, JSON lines or CSV for machines."""
from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Iterator
from typing import Any

from kg.engine import QueryResult, RowStream

DEFAULT_WIDTH = 100  # the width of human output when it is not a terminal (`terminal_width`)
GAP = 2  # spaces between table columns
MIN_CELL = 8  # the narrowest a column is cut to
ELISION = " … "  # what stands for the middle left out of a long cell
# columns whose long cells are wrapped onto more lines, whole, instead of elided: titles, which people read
WRAPPED = frozenset({"title", "title_a", "title_b", "question", "look-alike names"})
WHOLE = frozenset({"name"})  # columns never cut: what a user types back (a question's name)
TITLE_WEIGHT = 3  # a title column's share of the room, against 2 for other texts and 1 for ids (no spaces)
MAX_LINES = 3  # the most lines a cell but a title takes
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


def terminal_width() -> int:
    """How wide human output may be: the terminal's columns (or $COLUMNS), else DEFAULT_WIDTH when the output
    is not a terminal."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def format_table(result: QueryResult, width: int | None = None, wide: bool = False) -> str:
    """The rows as an aligned text table with a header, `width` characters wide at most (default: the
    terminal's, `terminal_width`), or as wide as its widest cells with `wide`.

    When the cells do not fit, the narrow columns keep their width and the wide ones share the rest, titles
    the largest part (TITLE_WEIGHT); a WHOLE column keeps its width. A long cell is wrapped onto more lines at spaces (`cell_lines`): a title
    (WRAPPED columns) whole, other text on MAX_LINES lines with its middle left out ("start … end"); a long
    id (no spaces) has its middle left out.
    """
    texts = [[printable(" ".join(cell(row.get(column)).split())) for column in result.columns]
             for row in result.rows]
    widths = [max([len(column)] + [len(row[i]) for row in texts]) for i, column in enumerate(result.columns)]
    if not wide:
        room = (width or terminal_width()) - GAP * (len(widths) - 1)
        widths = fitted(widths, [widths[i] if c in WHOLE else len(c) for i, c in enumerate(result.columns)], room,
                        [TITLE_WEIGHT if c in WRAPPED else 2 if any(" " in row[i] for row in texts) else 1
                         for i, c in enumerate(result.columns)])
    lines = [(" " * GAP).join(column.ljust(w) for column, w in zip(result.columns, widths, strict=True)).rstrip(),
             (" " * GAP).join("-" * w for w in widths)]
    for row in texts:
        parts = [cell_lines(text, w, column in WRAPPED) for column, text, w in zip(result.columns, row, widths,
                                                                                   strict=True)]
        for i in range(max(len(p) for p in parts) if parts else 0):
            lines.append((" " * GAP).join((p[i] if i < len(p) else "").ljust(w)
                                          for p, w in zip(parts, widths, strict=True)).rstrip())
    return "\n".join(lines)


def fitted(widths: list[int], least: list[int], room: int, weights: list[int] | None = None) -> list[int]:
    """Column widths that fit `room` characters: a column whose width is within its share of what is left
    keeps it (the narrowest first); the others share the rest in proportion to their `weights`, each at
    least its `least` (its header) and MIN_CELL."""
    if sum(widths) <= room:
        return widths
    weights = weights or [1] * len(widths)
    result = list(widths)
    left, weight = room, sum(weights)
    for i in sorted(range(len(widths)), key=lambda i: widths[i] / weights[i]):
        share = left * weights[i] // weight if weight else 0
        result[i] = min(widths[i], max(share, least[i], MIN_CELL))
        left -= result[i]
        weight -= weights[i]
    return result


def cell_lines(text: str, width: int, whole: bool = False) -> list[str]:
    """The lines of a table cell `width` characters wide: a text of words wrapped at spaces, whole with `whole`
    (titles), else on MAX_LINES lines at most, its middle left out ("start … end") when it needs more; a
    longer text without spaces (an id) on one line, its middle left out."""
    if len(text) <= width:
        return [text]
    if " " not in text:
        return [elided(text, width)]
    lines = wrapped(text, width, hyphens=not whole)
    budget = width * MAX_LINES
    while not whole and len(lines) > MAX_LINES:
        budget -= max(width // 2, 1)
        lines = wrapped(elided(text, budget), width, hyphens=True)
    return lines


def wrapped(text: str, width: int, hyphens: bool = False) -> list[str]:
    """`text` on lines of at most `width` characters, broken at spaces (and after hyphens with `hyphens`:
    "pre-" "trained"); a word longer than a line is cut."""
    return textwrap.wrap(text, width, break_on_hyphens=hyphens) or [""]


def elided(text: str, width: int) -> str:
    """`text` cut to `width` characters by leaving out its middle ("start … end"), at spaces where the
    part kept has some, so no word is cut."""
    if len(text) <= width:
        return text
    if width < 5:
        return text[: max(width - 1, 0)] + "…"
    room = width - len(ELISION)
    cut, resume = (room + 1) // 2, len(text) - room // 2
    head, tail = text[:cut], text[resume:]
    if text[cut] != " " and " " in head[1:]:
        head = head[: head.rindex(" ")]
    if text[resume - 1] != " " and " " in tail[:-1]:
        tail = tail[tail.index(" ") + 1:]
    return f"{head.rstrip()}{ELISION}{tail.lstrip()}"


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
