"""The graph's weak spots, for a person to review: per type, the nodes only one unsure mention supports,
and groups of nodes whose names look like one entity ("AxFormer" / "AxFormer model", "SVHN" / "Street
View House Numbers").

It asks the graph through any Cypher engine (the embedded one or Neo4j), one query per label, so it
reads every Dataset, Task and Method node with the count and best confidence of its links.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.engine import CypherEngine
from kg.model import resolve_key

ENTITY_LABELS = ("Dataset", "Task", "Method")
LINKS = "USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD"
WEAK_CONFIDENCE = 0.6  # below this, a node with one link is weak (phrases 0.5, patterns 0.55-0.75, vocabulary 0.8+)
HEAD_WORDS = re.compile(r"(?:model|network|framework|architecture|method|algorithm|approach|system|technique|task|"
                        r"problem)s?$")
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}s?")
NODES = """MATCH (n:{label})
OPTIONAL MATCH (:Paper)-[r:{links}]->(n)
RETURN n.id AS id, n.name AS name, count(r) AS links, max(r.confidence) AS confidence, min(r.evidence) AS evidence
ORDER BY id"""


@dataclass(frozen=True)
class NodeSupport:
    """A node and what supports it: how many papers link it and the best confidence of those links."""

    id: str
    name: str
    links: int
    confidence: float
    evidence: str


@dataclass
class TypeQuality:
    """One label's nodes: how many, how many have no paper (a dataset's family only), the weak ones, and the
    groups of look-alike names."""

    label: str
    nodes: int = 0
    without_papers: int = 0
    weak: list[NodeSupport] = field(default_factory=list)
    look_alike: list[list[str]] = field(default_factory=list)


def graph_quality(engine: CypherEngine, weak_confidence: float = WEAK_CONFIDENCE) -> list[TypeQuality]:
    """Per entity label, its nodes' support and the groups of names that look like one entity."""
    report = []
    for label in ENTITY_LABELS:
        rows = engine.run(NODES.format(label=label, links=LINKS), {}).rows
        nodes = [NodeSupport(r["id"], r["name"] or "", r["links"], r["confidence"] or 0.0, r["evidence"] or "")
                 for r in rows]
        quality = TypeQuality(label, len(nodes), sum(1 for n in nodes if n.links == 0))
        quality.weak = sorted((n for n in nodes if n.links == 1 and n.confidence < weak_confidence),
                              key=lambda n: (n.confidence, n.name.lower()))
        quality.look_alike = look_alike_groups([n.name for n in nodes])
        report.append(quality)
    return report


def loose_key(name: str) -> str:
    """A key under which names of one entity written differently agree: `resolve_key` (case, spaces,
    hyphens, a tail word, a plural), less a head word ("AxFormer model" -> "axformer")."""
    key = resolve_key(name)
    bare = HEAD_WORDS.sub("", key)
    return bare if len(bare) >= 3 else key


def initials(name: str) -> str:
    """The first letters of a name's words, hyphenated parts apart ("Street View House Numbers" -> SVHN)."""
    return "".join(word[0] for word in re.split(r"[\s\-]+", name) if word and word[0].isalnum()).upper()


def look_alike_groups(names: list[str]) -> list[list[str]]:
    """Groups of two or more names that agree under `loose_key`, or where one is the initials of another,
    largest first."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_key[loose_key(name)].add(name)
    groups = [sorted(group) for group in by_key.values() if len(group) > 1]
    long_names = defaultdict(list)
    for name in names:
        if len(name.split()) > 1:
            long_names[initials(name)].append(name)
    grouped = {name for group in groups for name in group}
    for name in names:
        if ACRONYM.fullmatch(name) and name not in grouped:
            expansions = long_names.get(name.rstrip("s"), [])
            if expansions:
                groups.append(sorted({name, *expansions}))
    return sorted(groups, key=lambda group: (-len(group), [n.lower() for n in group]))
