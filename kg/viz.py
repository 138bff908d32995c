"""Interactive pages of the graph or of a view of it, drawn with vis-network (bundled with pyvis).

The page works offline (vis-network is inlined) and puts every piece of paper text into the page as
JSON data that the browser shows with `textContent`, never as HTML. Its size decides how it is drawn:
up to `physics_limit` nodes the browser's physics arranges it and then stops; above, positions are
computed here (kg.layout: clusters apart) and physics stays off, and edges are thin and hidden while
dragging; above `max_nodes`, the view keeps its most linked nodes (kg.views.summarise) and the page
says what it left out. The page draws the labels itself, at a fixed size on the screen: the selected
node's first, then the most linked nodes' in view, skipping any that would overlap one already drawn.
A node's details list its neighbours by type: a paper's code (as links), datasets, tasks and methods.
"""
from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.engine import CypherEngine, EmbeddedEngine
from kg.errors import ConfigError, StoreError
from kg.layout import community_layout
from kg.library import Pick, pick_node, resolve_node
from kg.schema import DATASET_RELATIONSHIPS, LABELS
from kg.store.file import format_for, is_node_link, read_graph
from kg.store.part import has_node, induced_part, linked
from kg.views import (
    METHOD_LINKS,
    SHARED,
    View,
    benchmark,
    display_name,
    neighbourhood,
    papers_and_datasets,
    shared_benchmarks,
    summarise,
    whole,
)

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
    "USES_DATASET": "#F58518", "INTRODUCES_DATASET": "#E45756", "MENTIONS_DATASET": "#FFBF79", "REPORTS": "#D62728", "ADDRESSES_TASK": "#54A24B",
    "PROPOSES": "#9D4EDD", "USES_METHOD": "#C9A2C8", "HAS_CODE": "#8C8C8C", "WROTE": "#72B7B2",
    "IN_CATEGORY": "#EECA3B", "PUBLISHED_IN": "#9D755D", "CITES": "#4C78A8", SHARED: "#F58518",
}
FOCUS_TYPES = tuple(LABELS)  # what --type may name
PHYSICS_LIMIT = 600  # up to this many nodes the browser's physics lays the page out
MAX_NODES = 20_000  # above this many, a view keeps its most linked nodes
SHORT_LABEL = 38
LONG_TEXT = 600  # characters of an abstract a large page keeps
LABEL_PIXELS = 13  # the labels' font size on the screen, whatever the zoom
MAX_LABELS = 150  # the most labels drawn at once (the page draws fewer where they would overlap)


@dataclass(frozen=True)
class ViewChoice:
    """Which view to draw: the whole graph, a node's neighbourhood (`focus`, `hops`; `focus_type`: the
    label of the node the focus names), a benchmark (`dataset`), papers sharing benchmarks (`shared`:
    the least number shared), or papers × datasets."""

    focus: str | None = None
    hops: int = 1
    dataset: str | None = None
    shared: int | None = None
    papers_datasets: bool = False
    focus_type: str | None = None


def find_node(graph: nx.MultiDiGraph, query: str, lookup: Callable[[], CypherEngine] | None = None) -> str:
    """A node id from an id, a name or title (any case), or a part of a title only one paper has.

    A name is looked up with the engine `lookup` opens (the graph file's, already loaded); without
    one, the graph is loaded into an engine for it.
    """
    if query in graph:
        return query
    return resolve_node(lookup() if lookup else EmbeddedEngine(graph), query)


def focus_node(engine: CypherEngine, choice: ViewChoice, notify: Callable[[str], None] | None = None) -> str:
    """The id of the node the focus names (`kg.library.pick_node`: of the nodes a name matches, the most
    linked); `notify` is told which one was drawn when the name matched others too."""
    pick: Pick = pick_node(engine, choice.focus or "", choice.focus_type)
    if notify and pick.others:
        notify(pick.note(choice.focus or ""))
    return pick.chosen.node


def choose_view(graph: nx.MultiDiGraph, choice: ViewChoice, lookup: Callable[[], CypherEngine] | None = None,
                notify: Callable[[str], None] | None = None) -> View:
    """The view the choice names (one at a time); `notify` hears which node a focus drew when its name
    matched several."""
    chosen = [bool(choice.focus), bool(choice.dataset), choice.shared is not None, choice.papers_datasets]
    if sum(chosen) > 1:
        raise ConfigError("choose one view: --focus, --dataset, --shared or --papers-datasets")
    if choice.focus_type and not choice.focus:
        raise ConfigError("--type goes with --focus")
    if choice.focus:
        if choice.focus in graph and choice.focus_type in (None, graph.nodes[choice.focus].get("label")):
            center = choice.focus
        else:
            center = focus_node(lookup() if lookup else EmbeddedEngine(graph), choice, notify)
        return neighbourhood(graph, center, choice.hops)
    if choice.dataset:
        return benchmark(graph, find_node(graph, choice.dataset, lookup))
    if choice.shared is not None:
        return shared_benchmarks(graph, choice.shared)
    if choice.papers_datasets:
        return papers_and_datasets(graph)
    return whole(graph)


def view_part(path: str | Path, choice: ViewChoice, lookup: Callable[[], CypherEngine] | None = None,
              notify: Callable[[str], None] | None = None) -> tuple[nx.MultiDiGraph, ViewChoice]:
    """The part of the graph file the chosen view is drawn from, and the choice with its node's id.

    A neighbourhood (`focus`) or a benchmark (`dataset`) is read without the rest of the graph
    (`kg.store.part`: `hops` + 1 passes over the file, or 3), so a large graph draws one in little
    memory; its page is the one the whole graph gives. A name is looked up with the engine `lookup`
    opens (`notify` hears which node a focus drew when its name matched several). The other views are
    drawn from the whole graph.
    """
    query = choice.focus or choice.dataset
    if not query or (choice.focus and choice.dataset) or format_for(path) == "graphml" or is_node_link(Path(path)):
        return read_graph(path), choice
    if has_node(path, query) and not choice.focus_type:
        node = query
    elif lookup is not None:
        node = focus_node(lookup(), choice, notify) if choice.focus else resolve_node(lookup(), query)
    else:
        return read_graph(path), choice  # the name is looked up in the whole graph
    if choice.focus:
        nearby, frontier = {node}, {node}
        for _ in range(choice.hops):
            frontier = linked(path, frontier) - nearby
            nearby |= frontier
        return induced_part(path, nearby), dataclasses.replace(choice, focus=node, focus_type=None)
    papers = linked(path, {node}, (*DATASET_RELATIONSHIPS, "REPORTS"), outgoing=False)
    methods = linked(path, papers, METHOD_LINKS, incoming=False)
    return induced_part(path, {node} | papers | methods), dataclasses.replace(choice, dataset=node)


def short(text: str, limit: int = SHORT_LABEL) -> str:
    """A label for the canvas: the text cut to `limit` characters."""
    head = text.split(":")[0] if ":" in text[:limit] else text
    return head if len(head) <= limit else head[: limit - 1] + "…"


def node_item(node: str, attrs: dict, degree: int, large: bool) -> dict:
    """The vis-network node: its label's group (colour and shape), size by degree, and the facts and
    links the page shows (the tooltip is made from them in the browser)."""
    label = attrs.get("label", "Paper")
    full = display_name(node, attrs)
    facts, links = [("id", node)], []
    if label == "Paper":
        abstract = attrs.get("abstract", "")
        facts += [("date", attrs.get("date", "")), ("read from", ", ".join(attrs.get("sources", []))),
                  ("abstract", abstract[:LONG_TEXT] + "…" if large and len(abstract) > LONG_TEXT else abstract)]
        links += list(attrs.get("urls", []))
        if node.startswith("paper:arxiv:"):
            links.append(f"https://arxiv.org/abs/{node.removeprefix('paper:arxiv:')}")
    else:
        if attrs.get("aliases"):
            facts.append(("written as", ", ".join(attrs["aliases"])))
        facts.append(("links", str(degree)))
        if attrs.get("url"):
            links.append(attrs["url"])
            facts.append(("kind", attrs.get("kind", "")))
    return {"id": node, "label": short(full), "full": full, "group": label if label in NODE_STYLES else "Paper",
            "size": round(10 + 8 * min(degree, 15) ** 0.5, 1), "degree": degree,
            "facts": [[k, v] for k, v in facts if v], "links": links}


def edge_item(number: int, source: str, target: str, rel: str, attrs: dict, large: bool) -> dict:
    """The vis-network edge: colour by type, and what its tooltip shows: the link as written, the
    sentence it came from (cut in large pages), its confidence, extractor and count."""
    evidence = attrs.get("evidence", "")
    if large and len(evidence) > LONG_TEXT // 3:
        evidence = evidence[:LONG_TEXT // 3] + "…"
    said = "self-reported" if attrs.get("self_reported", True) else "from a results table"
    result = (f"reports {attrs.get('metric', '')} {attrs.get('value', '')}{attrs.get('unit', '')} ({said})"
              if rel == "REPORTS" else "")
    item = {"id": number, "from": source, "to": target, "rel": rel, "color": EDGE_COLORS.get(rel, "#999"),
            "ev": [attrs.get("mention", ""), evidence, round(attrs.get("confidence", 0), 2),
                   attrs.get("extractor", "") or "source", attrs.get("count", 1), result]}
    if not large:
        item.update(arrows="to", width=round(1 + min(attrs.get("count", 1), 5) * 0.4, 1))
    return item


def page_options(node_count: int, large: bool) -> dict:
    """vis-network options: physics that settles in a few seconds for small views; fixed positions,
    no initial layout work and edges hidden while moving for large ones."""
    return {
        "physics": {"enabled": not large, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.4},
                    "stabilization": {"iterations": 200, "updateInterval": 50, "fit": True},
                    "minVelocity": 1.0},
        "layout": {"improvedLayout": not large and node_count <= 150},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
        "edges": {"smooth": False, "width": 0.4 if large else 1, "color": {"opacity": 0.15 if large else 0.9}},
        "groups": {label: {"color": style["color"], "shape": style["shape"]} for label, style in NODE_STYLES.items()},
    }


def place(nodes: list[dict], positions: dict) -> None:
    """Fix each node at its computed position."""
    for item in nodes:
        item["x"], item["y"] = positions[item["id"]]


def page_html(view: View, title: str = "kg: papers, datasets, tasks, methods and code",
              physics_limit: int = PHYSICS_LIMIT) -> str:
    """The page of a view, as one self-contained HTML document."""
    graph = view.graph
    if graph.number_of_nodes() == 0:
        raise ConfigError(f"nothing to draw: {view.note} has no nodes")
    large = graph.number_of_nodes() > physics_limit
    degree = dict(graph.degree())
    nodes = [node_item(n, attrs, degree[n], large) for n, attrs in graph.nodes(data=True)]
    if large:
        place(nodes, community_layout(graph))
    edges = [edge_item(i, u, v, k, a, large) for i, (u, v, k, a) in enumerate(graph.edges(keys=True, data=True))]
    counts: dict[str, int] = {}
    for item in nodes:
        counts[item["group"]] = counts.get(item["group"], 0) + 1
    rels = sorted({e["rel"] for e in edges})
    note = f"{view.note}: {len(nodes):,} nodes, {len(edges):,} links"
    if large:
        note += ". Laid out beforehand (clusters apart)"
    return template().render(page_title=title, note=note, nodes=nodes, edges=edges,
                             options=page_options(len(nodes), large), physics=not large,
                             node_styles={k: v for k, v in NODE_STYLES.items() if k in counts},
                             edge_colors={r: EDGE_COLORS.get(r, "#999") for r in rels}, counts=counts,
                             labels={"pixels": LABEL_PIXELS, "most": MAX_LABELS},
                             names=sorted(nodes, key=lambda n: -degree[n["id"]])[:2000])


def render(graph: nx.MultiDiGraph, path: str | Path, choice: ViewChoice = ViewChoice(),
           max_nodes: int = MAX_NODES, physics_limit: int = PHYSICS_LIMIT,
           lookup: Callable[[], CypherEngine] | None = None, notify: Callable[[str], None] | None = None) -> Path:
    """Write the page of the chosen view of the graph (summarised above `max_nodes` nodes); `notify`
    hears which node a focus drew when its name matched several."""
    view = summarise(choose_view(graph, choice, lookup, notify), max_nodes)
    text = page_html(view, physics_limit=physics_limit)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot write the page ({err.strerror or err})") from err
    return path


def write_page(graph_path: str | Path, output: str | Path, choice: ViewChoice = ViewChoice(),
               max_nodes: int = MAX_NODES, lookup: Callable[[], CypherEngine] | None = None,
               notify: Callable[[str], None] | None = None) -> Path:
    """Write the page of the chosen view of the graph file `graph_path` (read as far as the view needs:
    `view_part`) to `output`; `notify` hears which node a focus drew when its name matched several."""
    graph, choice = view_part(graph_path, choice, lookup, notify)
    return render(graph, output, choice, max_nodes, lookup=lookup, notify=notify)


@dataclass(frozen=True)
class Page:
    """A page for Jupyter: shown inline (in a sandboxed frame) when it is a cell's value."""

    html: str
    height: int = 650

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width: 100%; '
                f'height: {self.height}px; border: 1px solid #ddd" sandbox="allow-scripts"></iframe>')


def show(graph: nx.MultiDiGraph, choice: ViewChoice = ViewChoice(), max_nodes: int = MAX_NODES,
         height: int = 650) -> Page:
    """The page of a view, to display in Jupyter: `show(graph, ViewChoice(dataset="COCO"))`."""
    return Page(page_html(summarise(choose_view(graph, choice), max_nodes)), height)


def template():
    """The page template; its loader also sees pyvis's bundled vis-network files."""
    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    ours = Path(__file__).parent / "templates"
    env = Environment(loader=FileSystemLoader([str(ours), str(pyvis_templates)]),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("page.html")
