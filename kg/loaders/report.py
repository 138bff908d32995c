"""Per-record problems met while loading: reported with file:line, counted, never fatal."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TextIO

from kg.errors import LoadError

PROGRESS_EVERY = 50_000


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
    """What loading read, merged, filtered out and skipped.

    `warn` is called once per problem as it happens; with `rejects`, each skipped record is also
    written there as a JSON line (source, line, reason and the record's text); with `strict`, the
    first problem raises LoadError instead.
    """

    papers: int = 0
    merged: int = 0
    filtered: int = 0
    not_papers: int = 0  # records that describe no paper (a leaderboard row of a model without a publication)
    problems: list[Problem] = field(default_factory=list)
    warn: object = None
    rejects: TextIO | None = None
    strict: bool = False
    progress: object = None  # called as progress(records read, seconds) every PROGRESS_EVERY records
    records: int = 0
    started: float = field(default_factory=time.perf_counter)

    def count_record(self) -> None:
        """Count a record read (kept or not) and report progress now and then."""
        self.records += 1
        if callable(self.progress) and self.records % PROGRESS_EVERY == 0:
            self.progress(self.records, time.perf_counter() - self.started)

    def skip(self, source: str, line: int, reason: str, record: str = "") -> None:
        """Record a skipped record (or file): tell `warn`, write it to `rejects`, or stop when strict."""
        problem = Problem(source, line, reason)
        if self.strict:
            raise LoadError(f"{problem} (--strict stops at the first bad record)")
        self.problems.append(problem)
        if self.rejects is not None:
            self.rejects.write(json.dumps({"source": source, "line": line, "reason": reason, "record": record},
                                          ensure_ascii=False) + "\n")
        if callable(self.warn):
            self.warn(problem)

    @property
    def skipped(self) -> int:
        return len(self.problems)
