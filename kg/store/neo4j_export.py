"""Files that load the graph into Neo4j without kg: neo4j-admin CSV (bulk) and a cypher-shell script."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import StoreError
from kg.schema import LABELS, PROPERTY_TYPES, RELATIONSHIP_PROPERTIES
from kg.store.neo4j import (
    node_rows,
    node_statement,
    relationship_rows,
    relationship_statement,
    schema_statements,
)

ARRAY_DELIMITERS = ("|", ";", "¦", "\x1f")  # the first that no list value contains is used
SCRIPT_BATCH = 500
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class AdminExport:
    """The CSV files written and the neo4j-admin command that imports them."""

    files: list[Path]
    command: str


def typed(name: str) -> str:
    """A property's CSV header field: its name and, when not a string, its type (`count:int`)."""
    kind = PROPERTY_TYPES.get(name)
    return f"{name}:{kind}" if kind else name


def array_delimiter(graph: nx.MultiDiGraph) -> str:
    """A delimiter that occurs in no list value of the graph's nodes and relationships."""
    records = [attrs for _, attrs in graph.nodes(data=True)] + [attrs for _, _, attrs in graph.edges(data=True)]
    values = {str(item) for attrs in records for value in attrs.values() if isinstance(value, list) for item in value}
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in value for value in values):
            return candidate
    raise StoreError("every array delimiter neo4j-admin could use occurs inside a list value")


def write_admin_csv(graph: nx.MultiDiGraph, folder: str | Path, database: str = "neo4j") -> AdminExport:
    """Node and relationship CSV files with neo4j-admin headers (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`,
    `:TYPE`, typed properties, arrays), one file per label and per type, and the import command."""
    folder = Path(folder)
    delimiter = array_delimiter(graph)

    def cell(value: Any) -> Any:
        return delimiter.join(map(str, value)) if isinstance(value, list) else value

    files = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for label, rows in node_rows(graph).items():
            columns = [name for name in LABELS[label] if name != "id"]
            path = folder / f"nodes-{label}.csv"
            with path.open("w", newline="", encoding="utf-8") as out:
                write_csv_rows(out, [["id:ID", ":LABEL", *map(typed, columns)]])
                write_csv_rows(out, ([row["id"], label, *(cell(row["properties"].get(c)) for c in columns)]
                                     for row in rows))
            files.append(path)
        for rel, rows in relationship_rows(graph).items():
            path = folder / f"relationships-{rel}.csv"
            with path.open("w", newline="", encoding="utf-8") as out:
                columns = RELATIONSHIP_PROPERTIES[rel]
                write_csv_rows(out, [[":START_ID", ":END_ID", ":TYPE", *map(typed, columns)]])
                write_csv_rows(out, ([row["source"], row["target"], rel,
                                      *(cell(row["properties"].get(p)) for p in columns)] for row in rows))
            files.append(path)
    except OSError as err:
        raise StoreError(f"{folder}: cannot write the CSV files ({err.strerror or err})") from err
    code = f"U+{ord(delimiter):04X}"
    parts = [f"neo4j-admin database import full {database}",
             *(f"--{'nodes' if f.name.startswith('nodes-') else 'relationships'}={f}" for f in files),
             f'--array-delimiter="{code}"', "--multiline-fields=true"]
    return AdminExport(files, " \\\n  ".join(parts))


def csv_field(value: Any) -> str:
    """One CSV field as neo4j-admin reads it: a string quoted (so an empty string stays a property, `""`),
    a number or boolean bare, a missing value empty (no property)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"' + str(value).replace('"', '""') + '"'


def write_csv_rows(out, rows) -> None:
    """Write rows of values as CSV lines (csv_field)."""
    out.writelines(",".join(map(csv_field, row)) + "\n" for row in rows)


def cypher_literal(value: Any) -> str:
    """A value written as a Cypher literal: strings quoted and escaped, lists, maps, numbers, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
        return f"'{escaped}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key if IDENTIFIER.fullmatch(key) else '`' + key.replace('`', '``') + '`'}: "
                               f"{cypher_literal(v)}" for key, v in value.items()) + "}"
    raise StoreError(f"cannot write a {type(value).__name__} value as Cypher")


def cypher_script_statements(graph: nx.MultiDiGraph, batch: int = SCRIPT_BATCH) -> list[str]:
    """The statements of the cypher-shell script: the schema, then the push statements with their rows
    written in as literals (cypher-shell has no parameters from a file)."""
    statements = list(schema_statements())
    work = [(node_statement(label), rows) for label, rows in node_rows(graph).items()]
    work += [(relationship_statement(rel), rows) for rel, rows in relationship_rows(graph).items()]
    for statement, rows in work:
        code = "\n".join(line for line in statement.splitlines() if not line.startswith("//"))
        for first in range(0, len(rows), batch):
            statements.append(code.replace("$rows", cypher_literal(rows[first:first + batch]), 1))
    return statements


def write_cypher_script(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """A script that loads the graph with `cypher-shell -f FILE` (idempotent: it MERGEs)."""
    path = Path(path)
    header = f"// kg graph for Neo4j 5: cypher-shell -a neo4j://HOST:7687 -u USER -f {path.name}\n"
    try:
        path.write_text(header + "".join(f"{s};\n" for s in cypher_script_statements(graph)), encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot write the script ({err.strerror or err})") from err
    return path
