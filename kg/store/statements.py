"""The Cypher kg sends to a graph store, and the rows it sends with it: the schema, and batched upserts
of nodes per label and relationships per type (`cypher/load/`), used for Neo4j and the embedded engine alike.

Labels and relationship types are put into the statements only from `kg/schema.py`; values only travel
as parameters (`$rows`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

import networkx as nx

from kg.errors import StoreError
from kg.schema import LABELS, RELATIONSHIPS


@lru_cache(maxsize=None)
def load_statement(name: str) -> str:
    """The text of `cypher/load/NAME.cypher`, comments included."""
    return resources.files("kg.cypher").joinpath("load", f"{name}.cypher").read_text(encoding="utf-8")


def schema_statements() -> list[str]:
    """The statements of `cypher/schema.cypher` (constraints and indexes), comments left out."""
    text = resources.files("kg.cypher").joinpath("schema.cypher").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [statement.strip() for statement in code.split(";") if statement.strip()]


def node_statement(label: str) -> str:
    """The batched upsert of nodes of one schema label."""
    if label not in LABELS:
        raise StoreError(f"{label!r} is not a label of the schema")
    return load_statement("merge-nodes").replace("LABEL", label)


def relationship_statement(rel: str) -> str:
    """The batched upsert of relationships of one schema type."""
    if rel not in RELATIONSHIPS:
        raise StoreError(f"{rel!r} is not a relationship type of the schema")
    start, end = RELATIONSHIPS[rel]
    return load_statement("merge-relationships").replace("TYPE", rel).replace("START", start).replace("LABEL", end)


def delete_statement(label: str) -> str:
    """The batched delete of nodes of one schema label (for `--wipe`)."""
    if label not in LABELS:
        raise StoreError(f"{label!r} is not a label of the schema")
    return load_statement("delete-label").replace("LABEL", label)


def generated_statements() -> dict[str, str]:
    """Every statement this module can send, by a name (for the linter in the tests)."""
    statements = {f"schema #{i}": s for i, s in enumerate(schema_statements(), 1)}
    statements.update({f"merge nodes {label}": node_statement(label) for label in LABELS})
    statements.update({f"delete {label}": delete_statement(label) for label in LABELS})
    statements.update({f"merge {rel}": relationship_statement(rel) for rel in RELATIONSHIPS})
    for name in ("read-nodes", "read-relationships", "read-nodes-by-element", "read-dataset-links",
                 "server-components"):
        statements[name] = load_statement(name)
    return statements


def node_row(node: str, attrs: dict) -> dict:
    """The row that upserts one node: {id, properties} (None values left out)."""
    return {"id": node, "properties": {k: v for k, v in attrs.items() if k not in ("label", "id") and v is not None}}


def edge_properties(attrs: dict) -> dict:
    """A relationship's properties to store (its type and None values left out)."""
    return {k: v for k, v in attrs.items() if k != "type" and v is not None}


def label_of(node: str, attrs: dict) -> str:
    """The node's label; StoreError when it is not in the schema (labels never come from data)."""
    label = attrs.get("label")
    if label not in LABELS:
        raise StoreError(f"node {node!r} has label {label!r}, which is not in the schema; rebuild the graph")
    return label


def type_of(source: str, target: str, rel: str) -> str:
    """The relationship's type; StoreError when it is not in the schema."""
    if rel not in RELATIONSHIPS:
        raise StoreError(f"relationship {source!r}-[{rel}]->{target!r} is not in the schema; rebuild the graph")
    return rel


def node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """The rows to push per label: {id, properties}."""
    rows: dict[str, list[dict]] = {label: [] for label in LABELS}
    for node, attrs in graph.nodes(data=True):
        rows[label_of(node, attrs)].append(node_row(node, attrs))
    return rows


def relationship_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """The rows to push per relationship type: {source, target, properties}."""
    rows: dict[str, list[dict]] = {rel: [] for rel in RELATIONSHIPS}
    for source, target, rel, attrs in graph.edges(keys=True, data=True):
        rows[type_of(source, target, rel)].append({"source": source, "target": target,
                                                   "properties": edge_properties(attrs)})
    return rows


def upsert_batches(nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, str, dict]],
                   batch_size: int) -> Iterator[tuple[str, list[dict]]]:
    """(statement, rows) upserting `nodes` (id, attributes) and then `edges` (source, target, type,
    attributes), `batch_size` rows of one label or type at a time, built as they are consumed: memory
    holds a batch per label and type, not the graph's rows. A label or type outside the schema raises
    StoreError."""
    yield from grouped_batches(((label_of(n, a), node_row(n, a)) for n, a in nodes), node_statement, batch_size)
    rows = ((type_of(u, v, rel), {"source": u, "target": v, "properties": edge_properties(a)})
            for u, v, rel, a in edges)
    yield from grouped_batches(rows, relationship_statement, batch_size)


def grouped_batches(keyed_rows: Iterable[tuple[str, dict]], statement_for,
                    batch_size: int) -> Iterator[tuple[str, list[dict]]]:
    """(statement of the key, rows) for (key, row) pairs, each batch `batch_size` rows of one key."""
    pending: dict[str, list[dict]] = {}
    for key, row in keyed_rows:
        batch = pending.setdefault(key, [])
        batch.append(row)
        if len(batch) >= batch_size:
            yield statement_for(key), pending.pop(key)
    for key, batch in pending.items():
        yield statement_for(key), batch
