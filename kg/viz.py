"""Interactive pages of the graph or of a neighbourhood in it, drawn with pyvis/vis-network.

The page works offline (vis-network is inlined from the pyvis package) and puts every piece of
paper text into the page as data that the browser shows with `textContent`, never as HTML.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from kg.engine import CypherEngine, EmbeddedEngine
from kg.errors import ConfigError, StoreError
from kg.library import resolve_node

NODE_STYLES = {
    "Paper": {"color": "#4C78A8", "shape": "dot"},
    "Dataset": {"color": "#F58518", "shape": "diamond"},
    "Task": {"color": "#54A24B", "shape": "triangle"},
    "Method": {"color": "#B279A2", "shape": "square"},
    "CodeRepo": {"color": "#595959", "shape": "star"},
    "Author": {"color": "#72B7B2", "shape": "dot"},
    "Category": {"color": "#EECA3B", "shape": "box"},
    "Venue": {"color": "#9D755D", "shape": "box"},
}
EDGE_COLORS = {
    "USES_DATASET": "#F58518", "INTRODUCES_DATASET": "#E45756", "ADDRESSES_TASK": "#54A24B",
    "PROPOSES": "#9D4EDD", "USES_METHOD": "#C9A2C8", "HAS_CODE": "#8C8C8C", "WROTE": "#72B7B2",
    "IN_CATEGORY": "#EECA3B", "PUBLISHED_IN": "#9D755D", "CITES": "#4C78A8",
}
PHYSICS_LIMIT = 1500
SHORT_LABEL = 38


def select_view(graph: nx.MultiDiGraph, center: str | None = None, hops: int = 1) -> nx.MultiDiGraph:
    """The whole graph, or the nodes within `hops` links of the node `center`."""
    if center is None:
        return graph
    if hops < 0:
        raise ConfigError("--hops must be 0 or more")
    nearby = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=hops)
    return graph.subgraph(nearby)


def find_node(graph: nx.MultiDiGraph, query: str, lookup: Callable[[], CypherEngine] | None = None) -> str:
    """A node id from an id, a name or title (any case), or a part of a title only one paper has.

    A name is looked up with the engine `lookup` opens (the graph file's, already loaded); without
    one, the graph is loaded into an engine for it.
    """
    if query in graph:
        return query
    return resolve_node(lookup() if lookup else EmbeddedEngine(graph), query)


def short(text: str, limit: int = SHORT_LABEL) -> str:
    """A label for the canvas: the text cut to `limit` characters."""
    head = text.split(":")[0] if ":" in text[:limit] else text
    return head if len(head) <= limit else head[: limit - 1] + "…"


def node_item(node: str, attrs: dict, degree: int) -> dict:
    """The vis-network node: style by label, size by degree, tooltip lines, facts and links."""
    label = attrs.get("label", "Paper")
    full = attrs.get("title") or attrs.get("name") or node
    facts, links = [("id", node)], []
    if label == "Paper":
        facts += [("date", attrs.get("date", "")), ("read from", ", ".join(attrs.get("sources", []))),
                  ("abstract", attrs.get("abstract", ""))]
        links += list(attrs.get("urls", []))
        if node.startswith("paper:arxiv:"):
            links.append(f"https://arxiv.org/abs/{node.removeprefix('paper:arxiv:')}")
        tip = [full, attrs.get("date", ""), attrs.get("abstract", "")[:280] + "…"]
    else:
        if attrs.get("aliases"):
            facts.append(("written as", ", ".join(attrs["aliases"])))
        facts.append(("papers", str(degree)))
        if attrs.get("url"):
            links.append(attrs["url"])
            facts.append(("kind", attrs.get("kind", "")))
        tip = [f"{label}: {full}", f"{degree} paper(s)"] + ([attrs["url"]] if attrs.get("url") else [])
    style = NODE_STYLES.get(label, NODE_STYLES["Paper"])
    return {"id": node, "label": short(full), "full": full, "kind": label, "color": style["color"],
            "shape": style["shape"], "size": 10 + 4 * min(degree, 15) ** 0.5 * 2, "tip": [t for t in tip if t],
            "facts": [[k, v] for k, v in facts if v], "links": links}


def edge_item(source: str, target: str, rel: str, attrs: dict) -> dict:
    """The vis-network edge: colour by type; the tooltip shows the evidence sentence."""
    tip = [rel, f"as written: {attrs.get('mention', '')}", f"evidence: {attrs.get('evidence', '')}",
           f"confidence {attrs.get('confidence', 0):.2f} · {attrs.get('extractor', '')} · "
           f"{attrs.get('count', 1)} mention(s)"]
    return {"from": source, "to": target, "color": EDGE_COLORS.get(rel, "#999"), "arrows": "to",
            "tip": tip, "width": 1 + min(attrs.get("count", 1), 5) * 0.4}


def page_options(node_count: int, positions: dict | None) -> dict:
    """vis-network options: live physics that settles for small views, fixed positions for larger."""
    return {
        "physics": {"enabled": positions is None, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.4},
                    "stabilization": {"iterations": 300, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 12 if node_count < 300 else 9}},
    }


def render(graph: nx.MultiDiGraph, path: str | Path, focus: str | None = None, hops: int = 1,
           title: str = "kg: papers, datasets, tasks, methods and code", physics_limit: int = PHYSICS_LIMIT,
           lookup: Callable[[], CypherEngine] | None = None) -> Path:
    """Write an interactive, self-contained HTML page of the graph (or of the neighbourhood of `focus`,
    found with `find_node`); above `physics_limit` nodes the positions are computed here (networkx's
    spring layout) and fixed."""
    center = find_node(graph, focus, lookup) if focus else None
    view = select_view(graph, center, hops)
    if view.number_of_nodes() == 0:
        raise ConfigError("nothing to draw: the graph is empty")
    positions = None
    if view.number_of_nodes() > physics_limit:
        layout = nx.spring_layout(nx.Graph(view), seed=7, iterations=50)
        positions = {n: (float(x) * 3000, float(y) * 3000) for n, (x, y) in layout.items()}
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    network.nodes = []
    for node, attrs in view.nodes(data=True):
        item = node_item(node, attrs, view.degree(node))
        if positions:
            item["x"], item["y"] = positions[node]
        network.nodes.append(item)
    network.edges = [edge_item(u, v, k, a) for u, v, k, a in view.edges(keys=True, data=True)]
    network.node_ids = [n["id"] for n in network.nodes]
    network.set_options(json.dumps(page_options(view.number_of_nodes(), positions)))
    nodes, edges, _, _, _, options = network.get_network_data()
    options = json.loads(options) if isinstance(options, str) else options
    counts: dict[str, int] = {}
    for _, attrs in view.nodes(data=True):
        counts[attrs.get("label", "")] = counts.get(attrs.get("label", ""), 0) + 1
    note = (f"{view.number_of_nodes()} nodes, {view.number_of_edges()} links"
            + (f" within {hops} hop(s) of {view.nodes[center].get('title') or view.nodes[center]['name']}" if center else ""))
    html = template().render(page_title=title, note=note, nodes=nodes, edges=edges, options=options,
                             node_styles=NODE_STYLES, edge_colors=EDGE_COLORS, counts=counts)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot write the page ({err.strerror or err})") from err
    return path


def template():
    """The page template; its loader also sees pyvis's bundled vis-network files."""
    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    ours = Path(__file__).parent / "templates"
    env = Environment(loader=FileSystemLoader([str(ours), str(pyvis_templates)]),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("page.html")
