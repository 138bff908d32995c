"""Neo4j as the graph's store, through the official driver: connect, push, pull, and run queries.

Every statement comes from `kg.store.statements` (`cypher/load/`) or the question library.
"""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import networkx as nx
from neo4j import Driver, GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from kg.engine import QueryResult
from kg.errors import ConfigError, QueryError, StoreError
from kg.graph import new_graph
from kg.schema import LABELS, RELATIONSHIPS
from kg.store.statements import (
    delete_statement,
    load_statement,
    node_rows,
    node_statement,
    relationship_rows,
    relationship_statement,
    schema_statements,
)

ENVIRONMENT = {"uri": "NEO4J_URI", "user": "NEO4J_USERNAME", "password": "NEO4J_PASSWORD",
               "database": "NEO4J_DATABASE"}
SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
BATCH_SIZE = 5000
CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")  # USER:PASSWORD@ after the scheme
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; the password is never shown (not even in repr)."""

    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None


@dataclass
class PushSummary:
    """What a push changed and how long it took."""

    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    rows: int = 0
    seconds: float = 0.0


def neo4j_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                   database: str | None = None, environ: Mapping[str, str] = os.environ) -> Neo4jSettings:
    """Settings from the options given, else from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.

    A user and password written in the address (neo4j://USER:PASSWORD@HOST) are taken out of it: they
    count as --user and --password where those are not given, and the address kept has none."""
    uri = uri or environ.get(ENVIRONMENT["uri"])
    if not uri:
        raise ConfigError("no Neo4j address: give --uri neo4j://HOST:7687 or set NEO4J_URI")
    shown = without_credentials(uri)
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in SCHEMES:
        raise ConfigError(f"{shown!r} is not a Neo4j address; write SCHEME://HOST[:PORT] with SCHEME one of "
                          f"{', '.join(SCHEMES)}")
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 -- a port that is not a number raises here, not in the driver
    except ValueError as err:
        raise ConfigError(f"{shown!r} is not a valid Neo4j address ({err}); write SCHEME://HOST[:PORT], "
                          "e.g. neo4j://localhost:7687 or neo4j://[::1]:7687") from err
    if not parts.hostname:
        raise ConfigError(f"{shown!r} names no host; write SCHEME://HOST[:PORT], e.g. neo4j://localhost:7687")
    if parts.username is not None or parts.password is not None:
        user = user or unquote(parts.username or "") or None
        password = password if password is not None else unquote(parts.password or "")
    return Neo4jSettings(shown, user or environ.get(ENVIRONMENT["user"]) or "neo4j",
                         password if password is not None else environ.get(ENVIRONMENT["password"], ""),
                         database or environ.get(ENVIRONMENT["database"]) or None)


def without_credentials(uri: str) -> str:
    """The address with any USER:PASSWORD@ taken out (what may be shown in a message)."""
    return CREDENTIALS.sub(r"\1", uri)


def redacted(text: str, settings: Neo4jSettings) -> str:
    """A message from the driver with the password, were it ever in it, replaced by ***."""
    return text.replace(settings.password, "***") if settings.password else text


@contextmanager
def reported(settings: Neo4jSettings, doing: str) -> Iterator[None]:
    """Turn the driver's errors into a StoreError that says what failed and what to do (never the password)."""
    where = f"Neo4j at {settings.uri}"
    try:
        yield
    except neo4j_errors.AuthError as err:
        raise StoreError(f"{where} refused user {settings.user!r} while {doing}: check --user/--password "
                         "or NEO4J_USERNAME/NEO4J_PASSWORD") from err
    except neo4j_errors.ServiceUnavailable as err:
        raise StoreError(redacted(f"cannot reach {where} while {doing} ({err}); is the server running, and the "
                                  "address and port right?", settings)) from err
    except neo4j_errors.ClientError as err:
        if "database" in (err.code or "").lower() and "notfound" in (err.code or "").replace(".", "").lower():
            raise StoreError(f"{where} has no database {settings.database!r}; give --database or "
                             "NEO4J_DATABASE of an existing one (`SHOW DATABASES` lists them)") from err
        raise StoreError(redacted(f"{where} refused a statement while {doing}: {err.message}", settings)) from err
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
        raise StoreError(redacted(f"{where} failed while {doing}: {err}", settings)) from err
    except ValueError as err:  # the driver's word for bytes that are not Bolt
        raise StoreError(redacted(f"{where} answered with something that is not Neo4j's Bolt protocol while "
                                  f"{doing} ({err}); is the address the server's Bolt port (7687 by default)?",
                                  settings)) from err


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[Driver]:
    """An open, verified driver for the settings; closed on exit."""
    driver = open_driver(settings)
    try:
        yield driver
    finally:
        driver.close()


def open_driver(settings: Neo4jSettings) -> Driver:
    """A driver whose connection has been verified (an unreachable server fails at once)."""
    with reported(settings, "connecting"):
        driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))
        try:
            driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
    return driver


def push(graph: nx.MultiDiGraph, settings: Neo4jSettings, batch_size: int = BATCH_SIZE, wipe: bool = False,
         progress: Progress | None = None) -> PushSummary:
    """Upsert the graph into Neo4j: constraints first, then nodes per label and relationships per type,
    in batches of `batch_size` rows, each a managed transaction (the driver retries transient errors).

    Pushing the same graph again changes nothing; a grown graph adds only what is new. With `wipe`,
    the schema's nodes and relationships are deleted first. A failed batch raises StoreError naming it;
    the batches before it are kept, and pushing again completes the graph.
    """
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    summary = PushSummary()
    start = time.perf_counter()
    work = [(f"{label} nodes", node_statement(label), rows) for label, rows in node_rows(graph).items()]
    work += [(f"{rel} relationships", relationship_statement(rel), rows)
             for rel, rows in relationship_rows(graph).items()]
    with connect(settings) as driver:
        with reported(settings, "creating constraints and indexes"):
            for statement in schema_statements():
                driver.execute_query(statement, database_=settings.database)
        if wipe:
            wipe_schema_nodes(driver, settings, batch_size)
        for what, statement, rows in work:
            for first in range(0, len(rows), batch_size):
                batch = rows[first:first + batch_size]
                with reported(settings, f"pushing {what} {first + 1}–{first + len(batch)} of {len(rows)} "
                                        "(the batches before are saved; run `kg push` again to finish)"):
                    counters = driver.execute_query(statement, rows=batch, database_=settings.database).summary.counters
                summary.nodes_created += counters.nodes_created
                summary.relationships_created += counters.relationships_created
                summary.properties_set += counters.properties_set
                summary.rows += len(batch)
                if progress:
                    progress(len(batch))
    summary.seconds = time.perf_counter() - start
    return summary


def wipe_schema_nodes(driver: Driver, settings: Neo4jSettings, batch_size: int) -> None:
    """Delete every node of the schema's labels, and their relationships, a batch at a time."""
    for label in LABELS:
        with reported(settings, f"deleting {label} nodes"):
            while driver.execute_query(delete_statement(label), batch=batch_size,
                                       database_=settings.database).records[0]["deleted"]:
                pass


def pull(settings: Neo4jSettings, query: str | None = None, params: Mapping[str, Any] | None = None,
         ) -> tuple[nx.MultiDiGraph, int]:
    """The Neo4j graph (its nodes and relationships of the schema) as a kg graph, or the subgraph of
    the nodes, relationships and paths `query` returns; also how many items outside the schema were left out."""
    graph = new_graph()
    with connect(settings) as driver, reported(settings, "reading the graph"):
        if query is None:
            left_out = add_node_records(graph, driver.execute_query(
                load_statement("read-nodes"), labels=list(LABELS), database_=settings.database,
                routing_=RoutingControl.READ).records)
            for record in driver.execute_query(load_statement("read-relationships"), types=list(RELATIONSHIPS),
                                               database_=settings.database, routing_=RoutingControl.READ).records:
                if record["start"] in graph and record["end"] in graph:
                    graph.add_edge(record["start"], record["end"], key=record["type"], type=record["type"],
                                   **record["properties"])
        else:
            left_out = add_query_items(graph, driver, settings, query, params)
    for attrs in graph.nodes.values():  # the element ids served to join relationships to their nodes
        attrs.pop("element", None)
    return graph, left_out


def add_query_items(graph: nx.MultiDiGraph, driver: Driver, settings: Neo4jSettings, query: str,
                    params: Mapping[str, Any] | None) -> int:
    """Add the nodes, relationships and paths `query` returns (and the ends of its relationships);
    returns how many items outside the schema were left out."""
    records = driver.execute_query(query, dict(params or {}), database_=settings.database,
                                   routing_=RoutingControl.READ).records
    nodes, relationships = found_items(value for record in records for value in record.values())
    missing = {end for r in relationships.values() for end in (r.start_node.element_id, r.end_node.element_id)} - set(nodes)
    left_out = add_node_records(graph, [{"element": n.element_id, "labels": list(n.labels),
                                         "properties": dict(n)} for n in nodes.values()])
    if missing:
        left_out += add_node_records(graph, driver.execute_query(
            load_statement("read-nodes-by-element"), elements=sorted(missing), database_=settings.database,
            routing_=RoutingControl.READ).records)
    ids = {record_id: attrs["id"] for record_id, attrs in element_ids(graph).items()}
    for rel in relationships.values():
        start, end = ids.get(rel.start_node.element_id), ids.get(rel.end_node.element_id)
        if rel.type in RELATIONSHIPS and start and end:
            graph.add_edge(start, end, key=rel.type, type=rel.type, **dict(rel))
        else:
            left_out += 1
    return left_out


def element_ids(graph: nx.MultiDiGraph) -> dict[str, dict]:
    """Node attributes by the Neo4j element id they were read with."""
    return {attrs["element"]: attrs for attrs in graph.nodes.values() if "element" in attrs}


def add_node_records(graph: nx.MultiDiGraph, records) -> int:
    """Add nodes read from Neo4j ({element, labels, properties}); returns how many had no schema label or id."""
    left_out = 0
    for record in records:
        label = next((label for label in record["labels"] if label in LABELS), None)
        properties = dict(record["properties"])
        if label is None or "id" not in properties:
            left_out += 1
            continue
        graph.add_node(properties["id"], **properties, label=label, element=record["element"])
    return left_out


def found_items(values) -> tuple[dict[str, Node], dict[str, Relationship]]:
    """The nodes and relationships inside query values (nodes, relationships, paths, lists of them)."""
    nodes: dict[str, Node] = {}
    relationships: dict[str, Relationship] = {}
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, Node):
            nodes[value.element_id] = value
        elif isinstance(value, Relationship):
            relationships[value.element_id] = value
        elif isinstance(value, Path):
            stack.extend(value.nodes)
            stack.extend(value.relationships)
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return nodes, relationships


def server_info(settings: Neo4jSettings) -> dict:
    """The server's address, name, version and edition, and the database queries go to."""
    with connect(settings) as driver, reported(settings, "asking for the server's version"):
        record = driver.execute_query(load_statement("server-components"), database_=settings.database,
                                      routing_=RoutingControl.READ).records[0]
    return {"address": settings.uri, "user": settings.user, "database": settings.database or "(default)",
            "name": record["name"], "version": record["version"], "edition": record["edition"]}


class Neo4jEngine:
    """Cypher on a Neo4j server, with the interface of the embedded engine (`run`)."""

    name = "Neo4j"

    def __init__(self, settings: Neo4jSettings):
        self.settings = settings
        self._driver = open_driver(settings)  # fails at once, where a query would retry for 30 s

    def run(self, query: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one statement with its parameters; rows come back as plain data."""
        with reported(self.settings, "running a query"):
            try:
                records, summary, keys = self._driver.execute_query(query, params or {},
                                                                    database_=self.settings.database)
            except neo4j_errors.ClientError as err:
                if ".Statement." not in (err.code or ""):
                    raise
                raise QueryError(f"Neo4j: {err.message}") from err
        warnings = [n.description for n in summary.summary_notifications] if summary.summary_notifications else []
        return QueryResult(list(keys), [{k: plain(record[k]) for k in keys} for record in records], warnings)

    def ranked(self, index: str, params: dict[str, Any]) -> None:
        """None: Neo4j ranks every question's rows itself, with its own indexes."""
        return None

    def ranks(self, index: str) -> bool:
        """False: Neo4j ranks every question's rows itself."""
        return False

    def part(self, papers: list[str], links: tuple[str, ...], titled: str | None = None) -> None:
        """None: the server holds the whole graph."""
        return None

    def close(self) -> None:
        """Close the connection pool."""
        self._driver.close()


def plain(value: Any) -> Any:
    """A driver value as plain data, the shape the embedded engine returns."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": {k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": {k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j temporal values
        return value.iso_format()
    return value
