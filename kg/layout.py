"""Positions for large views, computed before the page opens: clusters apart, in about linear time.

The view is split into communities (Louvain, networkx); each community is laid out on its own (a
spring layout for small ones; for large ones a spring layout of its best-linked nodes, the others
placed beside the neighbours already placed), scaled to a disc whose area grows with its size, and
the discs are packed in rows, biggest first, with a gap between them. Nothing here is quadratic in
the view's size: the spring layouts only ever see SPRING_LIMIT nodes at a time.
"""
from __future__ import annotations

import math
import random
from collections import deque

import networkx as nx

SPRING_LIMIT = 150  # nodes a spring layout sees at a time
NODE_AREA = 6000.0  # canvas area per node (vis-network units; nodes are 10-40 across)
GAP = 1.25  # room around each community's disc


def community_layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """(x, y) for every node of `graph`, communities apart; the same on every run. (Nodes are numbered in
    the order of their ids first: networkx iterates sets of nodes, and a set of strings is in another
    order in every process, which moved the communities and the spring layouts' starting points.)"""
    ids = sorted(graph)
    simple = nx.convert_node_labels_to_integers(nx.Graph(graph), ordering="sorted")
    communities = sorted(nx.community.louvain_communities(simple, seed=seed, threshold=1e-3), key=lambda c: (-len(c), min(c)))
    discs = [(local_layout(simple.subgraph(members), seed), disc_radius(len(members))) for members in communities]
    positions: dict[str, tuple[float, float]] = {}
    for (local, radius), (cx, cy) in zip(discs, pack([r for _, r in discs]), strict=True):
        for node, (x, y) in local.items():
            positions[ids[node]] = (cx + x * radius, cy + y * radius)
    return positions


def disc_radius(size: int) -> float:
    """The radius of a disc holding `size` nodes."""
    return math.sqrt(size * NODE_AREA / math.pi)


def local_layout(community: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions within the unit disc for one community."""
    nodes = sorted(community)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) <= SPRING_LIMIT:
        return unit_disc(nx.spring_layout(community, seed=seed, iterations=50))
    hubs = sorted(nodes, key=lambda n: (-community.degree(n), n))[:SPRING_LIMIT]
    placed = unit_disc(nx.spring_layout(community.subgraph(hubs), seed=seed, iterations=50), 0.7)
    return grow_from(community, placed, random.Random(seed))


def grow_from(community: nx.Graph, placed: dict[str, tuple[float, float]], rng: random.Random) -> dict:
    """Place every other node beside its placed neighbours (breadth first from the placed ones), with a
    small jitter; a node reached from none goes to a random point of the disc."""
    positions = dict(placed)
    queue = deque(placed)
    jitter = 1.6 / math.sqrt(community.number_of_nodes())
    while queue:
        node = queue.popleft()
        for neighbour in community[node]:
            if neighbour in positions:
                continue
            around = [positions[n] for n in community[neighbour] if n in positions]
            x = sum(p[0] for p in around) / len(around) + rng.uniform(-jitter, jitter)
            y = sum(p[1] for p in around) / len(around) + rng.uniform(-jitter, jitter)
            positions[neighbour] = (x, y)
            queue.append(neighbour)
    for node in community:
        if node not in positions:
            angle, distance = rng.uniform(0, 2 * math.pi), math.sqrt(rng.random())
            positions[node] = (distance * math.cos(angle), distance * math.sin(angle))
    return unit_disc(positions)


def unit_disc(positions: dict, radius: float = 1.0) -> dict[str, tuple[float, float]]:
    """The positions centred and scaled so the farthest lies at `radius`."""
    cx = sum(float(p[0]) for p in positions.values()) / len(positions)
    cy = sum(float(p[1]) for p in positions.values()) / len(positions)
    far = max(math.hypot(float(p[0]) - cx, float(p[1]) - cy) for p in positions.values()) or 1.0
    return {n: ((float(p[0]) - cx) / far * radius, (float(p[1]) - cy) / far * radius) for n, p in positions.items()}


def pack(radii: list[float]) -> list[tuple[float, float]]:
    """Centres for discs of these radii (biggest first), in rows of a roughly square area."""
    width = math.sqrt(sum((2 * r * GAP) ** 2 for r in radii)) * 1.1
    centres, x, y, row_height = [], 0.0, 0.0, 0.0
    for radius in radii:
        side = 2 * radius * GAP
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centres.append((x + side / 2, y + side / 2))
        x += side
        row_height = max(row_height, side)
    return centres
