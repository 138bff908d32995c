"""Per-record problems met while loading: reported with file:line, counted, never fatal."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """A record (or a whole file) that was skipped, and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@dataclass
class LoadReport:
    """What loading read, merged and skipped; `warn` is called once per problem as it happens."""

    papers: int = 0
    merged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warn: object = None

    def skip(self, source: str, line: int, reason: str) -> None:
        """Record a skipped record or file and tell the `warn` callback, if any."""
        problem = Problem(source, line, reason)
        self.problems.append(problem)
        if callable(self.warn):
            self.warn(problem)

    @property
    def skipped(self) -> int:
        return len(self.problems)
