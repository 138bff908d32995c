"""Export formats: the graph written for other tools (GraphML, node-link JSON, neo4j-admin CSV,
cypher-shell), or as a kg graph file (JSON lines)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import StoreError
from kg.store.file import FORMATS, format_for, write_graph
from kg.store.neo4j_export import write_admin_csv, write_cypher_script

EXPORT_FORMATS = (*FORMATS, "node-link", "neo4j-admin", "cypher")


def export_graph(graph: nx.MultiDiGraph, output: str | Path, format: str | None = None) -> str:
    """Write the graph as `format` (default: by the extension; a folder for neo4j-admin) and say what was written."""
    if format == "neo4j-admin":
        export = write_admin_csv(graph, output)
        schema = write_schema(Path(output) / "schema.cypher")
        return (f"wrote {len(export.files)} CSV files and {schema.name} to {output}; import them into a new "
                f"database with:\n{export.command}\nthen create the constraints and indexes: cypher-shell -f {schema}")
    if format == "cypher" or (format is None and Path(output).suffix == ".cypher"):
        return f"wrote {write_cypher_script(graph, output)}; load it with: cypher-shell -f {output}"
    if format == "node-link":
        return f"wrote {write_node_link(graph, output)}; read it with networkx.node_link_graph(data, edges='edges')"
    return f"wrote {write_graph(graph, output, format_for(output, format))}"


def write_schema(path: Path) -> Path:
    """Write the constraints and indexes of kg's schema (the `schema.cypher` the package ships) to `path`."""
    text = resources.files("kg.cypher").joinpath("schema.cypher").read_text(encoding="utf-8")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot write the schema ({err.strerror or err})") from err
    return path


def write_node_link(graph: nx.MultiDiGraph, output: str | Path) -> Path:
    """The graph as one node-link JSON document (NetworkX, d3), the whole graph in memory at once."""
    path = Path(output)
    try:
        path.write_text(json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False), encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot write the graph ({err.strerror or err})") from err
    return path
