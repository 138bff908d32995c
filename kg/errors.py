"""The exceptions kg raises: one root, a child per stage of the flow."""


class KGError(Exception):
    """Root of every error kg raises on purpose; the CLI prints it as `Error: ...`, exit 1."""


class LoadError(KGError):
    """An input file cannot be read at all (missing, unreadable, wrong format)."""


class ExtractionError(KGError):
    """The extraction resources (vocabularies, patterns) are missing or invalid."""


class StoreError(KGError):
    """A graph cannot be written, read or queried."""


class ConfigError(KGError):
    """An option or setting is invalid."""


class QueryError(KGError):
    """A Cypher query cannot run: bad syntax, a missing parameter, or a construct the engine lacks."""
