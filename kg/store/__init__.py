"""Where graphs are kept: a file (embedded, the default), Neo4j, and export formats for other tools."""
