"""Export formats: the graph written for other tools (GraphML, JSON, neo4j-admin CSV, cypher-shell)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.store.file import FORMATS, format_for, write_graph
from kg.store.neo4j_export import write_admin_csv, write_cypher_script

EXPORT_FORMATS = (*FORMATS, "neo4j-admin", "cypher")


def export_graph(graph: nx.MultiDiGraph, output: str | Path, format: str | None = None) -> str:
    """Write the graph as `format` (default: by the extension; a folder for neo4j-admin) and say what was written."""
    if format == "neo4j-admin":
        export = write_admin_csv(graph, output)
        return (f"wrote {len(export.files)} CSV files to {output}; import them into a new database with:\n"
                f"{export.command}\nthen create the constraints: cypher-shell -f cypher/schema.cypher")
    if format == "cypher" or (format is None and Path(output).suffix == ".cypher"):
        return f"wrote {write_cypher_script(graph, output)}; load it with: cypher-shell -f {output}"
    return f"wrote {write_graph(graph, output, format_for(output, format))}"
