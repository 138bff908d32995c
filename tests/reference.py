"""Each library question computed in plain Python over the NetworkX graph, to check the engine's rows.

Every function takes the graph and the question's parameters and returns the rows (dicts, in the
query's order) that the Cypher in cypher/queries/ must return.
"""
from collections import Counter, defaultdict
from itertools import combinations
from math import log

DATASET_LINKS = ("USES_DATASET", "INTRODUCES_DATASET")
METHOD_LINKS = ("PROPOSES", "USES_METHOD")
SIMILARITY_LABELS = ("Dataset", "Task", "Method")


def papers_of(graph, node):
    """The papers linked to an entity node (not the versions of a dataset that link to their family)."""
    return {u for u in graph.predecessors(node) if graph.nodes[u]["label"] == "Paper"}


def papers_sharing_benchmark_family(graph, paper, min_shared, limit):
    """Papers using a dataset of one family with `paper` (a version's family is what it is VARIANT_OF)."""
    def family(d):
        return next((f for _, f, k in graph.out_edges(d, keys=True) if k == "VARIANT_OF"), d)
    mine = {family(d) for d in targets(graph, paper, DATASET_LINKS)}
    shared = defaultdict(set)
    for other, attrs in graph.nodes(data=True):
        if attrs["label"] == "Paper" and other != paper:
            shared[other] = {family(d) for d in targets(graph, other, DATASET_LINKS)} & mine
    rows = [{"paper_a": paper, "title_a": graph.nodes[paper]["title"], "paper_b": b, "title_b": graph.nodes[b]["title"],
             "shared": len(fs), "families": by_name(graph.nodes[f]["name"] for f in fs)}
            for b, fs in shared.items() if len(fs) >= min_shared]
    return sorted(rows, key=lambda r: (-r["shared"], r["paper_b"]))[:limit]


def label(graph, node):
    return graph.nodes[node]["label"]


def name(graph, node):
    attrs = graph.nodes[node]
    return attrs.get("name") if attrs.get("name") is not None else attrs.get("title")


def targets(graph, paper, types):
    return {v for _, v, k in graph.out_edges(paper, keys=True) if k in types}


def sources(graph, node, types):
    return {u for u, _, k in graph.in_edges(node, keys=True) if k in types}


def nodes_named(graph, wanted_label, text):
    wanted = text.lower()
    return [n for n, a in graph.nodes(data=True) if a["label"] == wanted_label and (
        n == text or a["name"].lower() == wanted or any(alias.lower() == wanted for alias in a.get("aliases", [])))]


def by_name(names):
    return sorted(names, key=lambda n: (n.lower(), n))


def counts_per_label(graph):
    counts = Counter(a["label"] for _, a in graph.nodes(data=True))
    return [{"label": k, "nodes": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def counts_per_relationship(graph):
    counts = Counter(k for _, _, k in graph.edges(keys=True))
    return [{"relationship": k, "relationships": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def find_paper(graph, text, limit):
    rows = [{"paper": n, "title": a["title"]} for n, a in graph.nodes(data=True) if a["label"] == "Paper"
            and (n in (text, "paper:" + text) or text.lower() in a["title"].lower())]
    return sorted(rows, key=lambda r: (r["title"].lower(), r["paper"]))[:limit]


def find_node(graph, text, limit):
    wanted = text.lower()
    rows = [{"node": n, "label": a["label"], "name": name(graph, n)} for n, a in graph.nodes(data=True)
            if n == text or (a.get("name") or "").lower() == wanted or (a.get("title") or "").lower() == wanted
            or any(alias.lower() == wanted for alias in a.get("aliases", []))]
    return sorted(rows, key=lambda r: (r["label"], r["node"]))[:limit]


def pair_row(graph, a, b, datasets):
    return {"paper_a": a, "title_a": graph.nodes[a]["title"], "paper_b": b, "title_b": graph.nodes[b]["title"],
            "shared": len(datasets), "datasets": by_name(graph.nodes[d]["name"] for d in datasets)}


def papers_sharing_benchmarks(graph, paper, min_shared, limit):
    mine = targets(graph, paper, DATASET_LINKS)
    shared = defaultdict(set)
    for dataset in mine:
        for other in sources(graph, dataset, DATASET_LINKS) - {paper}:
            shared[other].add(dataset)
    rows = [pair_row(graph, paper, b, ds) for b, ds in shared.items() if len(ds) >= min_shared]
    return sorted(rows, key=lambda r: (-r["shared"], r["paper_b"]))[:limit]


def pairs_within(graph, label, members):
    """{(a, b): the nodes of `label` whose `members` (a function of the node) hold both a and b}, a < b."""
    pairs = defaultdict(set)
    for node, attrs in graph.nodes(data=True):
        if attrs["label"] == label:
            for a, b in combinations(sorted(members(node)), 2):
                pairs[a, b].add(node)
    return pairs


def shared_benchmark_pairs(graph, min_shared, limit):
    shared = pairs_within(graph, "Dataset", lambda d: sources(graph, d, DATASET_LINKS))
    rarest = {pair: min(len(sources(graph, d, DATASET_LINKS)) for d in ds) for pair, ds in shared.items()}
    rows = [(rarest[a, b], pair_row(graph, a, b, ds)) for (a, b), ds in shared.items() if len(ds) >= min_shared]
    rows.sort(key=lambda r: (-r[1]["shared"], r[0], r[1]["paper_a"], r[1]["paper_b"]))
    return [row for _, row in rows][:limit]


def papers_on_dataset(graph, dataset, limit):
    rows = []
    for node in nodes_named(graph, "Dataset", dataset):
        for paper, _, rel, attrs in graph.in_edges(node, keys=True, data=True):
            if rel in DATASET_LINKS:
                rows.append({"dataset": graph.nodes[node]["name"], "paper": paper,
                             "title": graph.nodes[paper]["title"], "relationship": rel,
                             "confidence": attrs["confidence"], "evidence": attrs["evidence"]})
    return sorted(rows, key=lambda r: (r["relationship"], -r["confidence"], r["title"].lower(), r["paper"]))[:limit]


def leaderboard(graph, dataset, limit):
    rows = []
    for node in nodes_named(graph, "Dataset", dataset):
        name = graph.nodes[node]["name"]
        variants = [n for n, a in graph.nodes(data=True) if n == node or a.get("family") == name]
        for variant in variants:
            for paper, _, rel, attrs in graph.in_edges(variant, keys=True, data=True):
                if rel != "REPORTS":
                    continue
                fields = ("metric", "value", "unit", "extra_data", "model", "task", "evidence")
                scores = zip(*(attrs.get(f"scores_{f}", [attrs[f]]) for f in fields))
                rows += [{"dataset": name, "variant": graph.nodes[variant]["name"], **dict(zip(fields, score)),
                          "paper": paper, "title": graph.nodes[paper]["title"]} for score in scores]
    rows = [{k: r[k] for k in ("dataset", "variant", "metric", "value", "unit", "extra_data", "model", "task",
                               "paper", "title", "evidence")} for r in rows]
    return sorted(rows, key=lambda r: (r["variant"].lower(), r["metric"].lower(), -r["value"], r["paper"],
                                       r["model"]))[:limit]


def methods_on_dataset(graph, dataset, limit):
    rows = []
    for node in nodes_named(graph, "Dataset", dataset):
        papers, proposed = defaultdict(set), Counter()
        for paper in sources(graph, node, DATASET_LINKS):
            for _, method, rel in graph.out_edges(paper, keys=True):
                if rel in METHOD_LINKS:
                    papers[method].add(paper)
                    proposed[method] += rel == "PROPOSES"
        rows += [{"dataset": graph.nodes[node]["name"], "method": graph.nodes[m]["name"], "papers": len(p),
                  "proposed_by": proposed[m]} for m, p in papers.items()]
    return sorted(rows, key=lambda r: (-r["papers"], r["method"].lower(), r["method"]))[:limit]


def datasets_for_task(graph, task, limit):
    rows = []
    for node in nodes_named(graph, "Task", task):
        papers = defaultdict(set)
        for paper in sources(graph, node, ("ADDRESSES_TASK",)):
            for dataset in targets(graph, paper, DATASET_LINKS):
                papers[dataset].add(paper)
        rows += [{"task": graph.nodes[node]["name"], "dataset": graph.nodes[d]["name"], "papers": len(p)}
                 for d, p in papers.items()]
    return sorted(rows, key=lambda r: (-r["papers"], r["dataset"].lower(), r["dataset"]))[:limit]


def tasks_with_code(graph, limit):
    papers, repos = defaultdict(set), defaultdict(set)
    for paper, attrs in graph.nodes(data=True):
        code = targets(graph, paper, ("HAS_CODE",)) if attrs["label"] == "Paper" else set()
        if code:
            for task in targets(graph, paper, ("ADDRESSES_TASK",)):
                papers[task].add(paper)
                repos[task] |= code
    rows = [{"task": graph.nodes[t]["name"], "papers_with_code": len(p), "repos": len(repos[t])}
            for t, p in papers.items()]
    return sorted(rows, key=lambda r: (-r["papers_with_code"], -r["repos"], r["task"].lower(), r["task"]))[:limit]


def similar_papers(graph, paper, limit):
    """Adamic-Adar over shared Dataset/Task/Method nodes: sum of 1 / ln(papers linked to the node)."""
    mine = {z for z in graph.successors(paper) if label(graph, z) in SIMILARITY_LABELS}
    shared = defaultdict(set)
    for z in mine:
        for other in papers_of(graph, z):
            if other != paper:
                shared[other].add(z)
    rows = []
    for other, nodes in shared.items():
        score = sum(1 / log(len(papers_of(graph, z))) for z in nodes)
        rows.append({"paper": other, "title": graph.nodes[other]["title"], "score": round(score, 4),
                     "shared_count": len(nodes), "shared": by_name(graph.nodes[z]["name"] for z in nodes)})
    return sorted(rows, key=lambda r: (-r["score"], r["paper"]))[:limit]


def datasets_used_together(graph, min_papers, limit):
    papers = pairs_within(graph, "Paper", lambda p: targets(graph, p, DATASET_LINKS))
    rows = [{"dataset_a": graph.nodes[a]["name"], "dataset_b": graph.nodes[b]["name"], "papers": len(p)}
            for (a, b), p in papers.items() if len(p) >= min_papers]
    return sorted(rows, key=lambda r: (-r["papers"], r["dataset_a"].lower(), r["dataset_b"].lower(),
                                       r["dataset_a"], r["dataset_b"]))[:limit]


def neighbourhood(graph, node, limit):
    rows = []
    for u, v, rel, attrs in [*graph.out_edges(node, keys=True, data=True), *graph.in_edges(node, keys=True, data=True)]:
        other = v if u == node else u
        rows.append({"node": node, "relationship": rel, "direction": "out" if u == node else "in",
                     "neighbour": other, "label": label(graph, other), "name": name(graph, other),
                     "confidence": attrs.get("confidence")})
    return sorted(rows, key=lambda r: (r["relationship"], r["name"].lower(), r["neighbour"]))[:limit]


def most_linked(graph, label_, limit):
    rows = [{"node": n, "name": a["name"], "papers": len(set(graph.predecessors(n)))}
            for n, a in graph.nodes(data=True) if a["label"] == label_ and graph.in_degree(n)]
    return sorted(rows, key=lambda r: (-r["papers"], r["name"].lower(), r["node"]))[:limit]


def datasets_per_paper(graph):
    counts = Counter(len(targets(graph, p, DATASET_LINKS)) for p, a in graph.nodes(data=True) if a["label"] == "Paper")
    return [{"datasets": k, "papers": v} for k, v in sorted(counts.items(), reverse=True)]


def paper_by_id(graph, id_):
    return [{"paper": n, "title": graph.nodes[n]["title"]} for n in (id_, "paper:" + id_) if n in graph]
