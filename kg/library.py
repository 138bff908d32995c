"""The question library: named Cypher queries in `cypher/queries/*.cypher`, their parameters and answers.

Each file starts with `//` header lines:

    // question: the one-line question the query answers
    // param NAME (TYPE [>= MINIMUM]) [= DEFAULT]: what the parameter means
    // example: kg ask NAME -p NAME=VALUE
    // index: INDEX (optional) an index of the engine may rank the rows: see RANKED
    // part: papers NAME, ...[; links TYPE, ...] (optional) the part of the graph the answer reads: see Part
    // any other comment line: notes on how the answer is computed

TYPE is one of PARAM_TYPES. A `paper` or `node` parameter takes an id, a name or a title and is
resolved to one node id before the query runs, so people can write titles and names. A `dataset`, `task`
or `method` parameter is passed as written (the query matches its id, name and spellings) once the graph
is known to have such a node: else the question is an error naming the closest names.

A question with an `index:` line has a line `// ranked: CYPHER` in its body: the lines above it rank
rows, the lines below turn them into the answer. An engine offering that index (the embedded
engine's `shared-datasets` and `shared-pairs`) ranks the rows itself and runs CYPHER (which reads them
from `$ranked`) followed by the lines below; Neo4j runs the whole text.

A question with a `part:` line reads only the papers it names, their links of the types it names and the
nodes these reach: an engine that can hold just that part (`CypherEngine.part`: the embedded engine over
a file a build wrote) answers it without reading the whole graph. A question with an index reads its
part only once the index has ranked the rows.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.engine import CypherEngine, QueryResult
from kg.errors import ConfigError, QueryError
from kg.schema import RELATIONSHIPS, TYPE_LABEL

NAMED_LABELS = {kind: TYPE_LABEL[kind] for kind in ("dataset", "task", "method")}  # parameter type -> label
# the node of a label (from NAMED_LABELS, never from input) with this id, name or spelling, any case
NAMED_NODE = """MATCH (n:{label})
WHERE n.id = $name OR toLower(n.name) = toLower($name) OR any(alias IN n.aliases WHERE toLower(alias) = toLower($name))
RETURN n.id AS node LIMIT 1"""
NAMES_OF = "MATCH (n:{label}) RETURN n.name AS name"

PARAM_TYPES = ("string", "integer", "float", "boolean", "list", "paper", "node", *NAMED_LABELS)
PARAM_LINE = re.compile(r"param\s+(\w+)\s+\((\w+)(?:\s*>=\s*(-?\d+))?\)\s*(?:=\s*(.*?))?\s*:\s*(.*)")
CANDIDATES = 1000  # at most this many matches are fetched when resolving a paper or node
CLOSE_NAMES = 5  # at most this many names are suggested for a name the graph lacks
FIND_NODE_HINT = "`kg ask find-node -p text=NAME` looks names up"  # where a name matched nothing
FIND_PAPER_HINT = "`kg ask find-paper -p text=WORD` searches titles"
ALL_ROWS = 2**62  # the `limit` that means no limit
RANKED = "// ranked:"
PART_LINE = re.compile(r"papers\s+([\w.]+(?:\s*,\s*[\w.]+)*)\s*(?:;\s*titles\s+(\w+)\s*)?"
                       r"(?:;\s*links\s+(\w+(?:\s*,\s*\w+)*))?")


@dataclass(frozen=True)
class Param:
    """A query parameter: its name, type, meaning and default (None: required)."""

    name: str
    type: str
    description: str
    default: Any = None
    minimum: int | None = None


@dataclass(frozen=True)
class Part:
    """The part of the graph a question's answer reads: the papers named by these parameters (NAME) and
    columns of its ranked rows (`ranked.COLUMN`), and those whose title holds the text of the parameter
    `titles` (any case); their links of the types `links` (stored with the paper: not citations) and the
    nodes at their other end."""

    papers: tuple[str, ...]
    links: tuple[str, ...] = ()
    titles: str = ""

    def paper_ids(self, values: Mapping[str, Any], ranked: list[dict[str, Any]] | None) -> list[str]:
        """The ids of the papers the part holds for these parameter values and ranked rows."""
        ids = []
        for name in self.papers:
            if name.startswith("ranked."):
                ids.extend(str(row[name.removeprefix("ranked.")]) for row in ranked or ())
            else:
                ids.append(str(values[name]))
        return ids

    def title_text(self, values: Mapping[str, Any]) -> str | None:
        """The text the titles of the part's other papers hold (None: no such papers)."""
        return str(values[self.titles]) if self.titles else None


@dataclass(frozen=True)
class Question:
    """A named query of the library."""

    name: str
    question: str
    params: tuple[Param, ...]
    example: str
    notes: str
    text: str
    index: str = ""
    part: Part | None = None

    def from_ranked(self) -> str:
        """The statement that answers from rows an index ranked (see the module's notes)."""
        marker, rest = self.text.split(f"\n{RANKED}", 1)[1].split("\n", 1)
        return f"{marker.strip()}\n{rest}"


def parse_question(name: str, text: str) -> Question:
    """A question from the text of its `.cypher` file; a bad header raises QueryError naming the line."""
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}  # the line number of each field
    params: list[Param] = []
    notes: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        key = body.split(":", 1)[0].strip()
        if key in ("question", "example", "index", "part"):
            fields[key], lines[key] = body.split(":", 1)[1].strip(), number
        elif key.startswith("param "):
            match = PARAM_LINE.fullmatch(body)
            if not match or match[2] not in PARAM_TYPES:
                raise QueryError(f"{name}.cypher:{number}: write `// param NAME (TYPE [>= MINIMUM]) [= DEFAULT]: "
                                 f"meaning`, TYPE one of {', '.join(PARAM_TYPES)}")
            default = parse_value(match[1], match[4], match[2]) if match[4] is not None else None
            minimum = int(match[3]) if match[3] is not None else None
            params.append(Param(match[1], match[2], match[5], default, minimum))
        else:
            notes.append(body)
    if "question" not in fields:
        raise QueryError(f"{name}.cypher:1: the file must start with `// question: ...`")
    if "index" in fields and f"\n{RANKED}" not in text:
        raise QueryError(f"{name}.cypher: a question with an `index:` line needs a `{RANKED} CYPHER` line in its body")
    part = parse_part(name, lines["part"], fields["part"], params, "index" in fields) if "part" in fields else None
    return Question(name, fields["question"], tuple(params), fields.get("example", f"kg ask {name}"),
                    " ".join(notes), text, fields.get("index", ""), part)


def parse_part(name: str, number: int, line: str, params: list[Param], ranked: bool) -> Part:
    """The `part:` line of a question; QueryError naming the line when it is not `papers NAME, ...[; titles
    NAME][; links TYPE, ...]` over its parameters, its ranked columns (with an index) and types stored with
    a paper."""
    match = PART_LINE.fullmatch(line)
    papers = tuple(p.strip() for p in match[1].split(",")) if match else ()
    titles = (match[2] or "") if match else ""
    links = tuple(t.strip() for t in match[3].split(",")) if match and match[3] else ()
    known = {p.name for p in params}
    if not match or any(p not in known and not (ranked and p.startswith("ranked.")) for p in papers) or \
            (titles and titles not in known):
        raise QueryError(f"{name}.cypher:{number}: write `// part: papers NAME, ...[; titles NAME][; links TYPE, "
                         f"...]`, each NAME a parameter{' or ranked.COLUMN' if ranked else ''}")
    wrong = [t for t in links if t not in RELATIONSHIPS or t == "CITES"]
    if wrong:
        raise QueryError(f"{name}.cypher:{number}: {', '.join(wrong)}: a part's links are relationship types of "
                         "the schema stored with a paper (not CITES)")
    return Part(papers, links, titles)


@lru_cache(maxsize=1)
def load_questions() -> dict[str, Question]:
    """Every question of the library, by name (the file name without `.cypher`)."""
    folder = resources.files("kg.cypher").joinpath("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".cypher")), key=lambda f: f.name)
    return {f.name.removesuffix(".cypher"): parse_question(f.name.removesuffix(".cypher"),
                                                           f.read_text(encoding="utf-8")) for f in files}


def question_list(structured: bool = False) -> QueryResult:
    """Every question with what it asks and its parameters: in a table, `name=DEFAULT` (a name alone is
    required); `structured` gives each parameter as a dict of name, type, default and meaning (for JSON)."""
    rows = []
    for q in load_questions().values():
        if structured:
            params: Any = [{"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                           for p in q.params]
        else:
            params = ", ".join(p.name if p.default is None else f"{p.name}={json.dumps(p.default)}"
                               for p in q.params)
        rows.append({"name": q.name, "question": q.question, "parameters": params})
    return QueryResult(["name", "parameters", "question"], rows)


def get_question(name: str) -> Question:
    """The question called `name`; an unknown name raises ConfigError with the closest names."""
    questions = load_questions()
    if name not in questions:
        close = get_close_matches(name, questions, n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise ConfigError(f"no question named {name!r}; {hint}`kg ask --list` lists them")
    return questions[name]


def parse_value(name: str, text: str, kind: str) -> Any:
    """The text of a parameter as a value of type `kind` (PARAM_TYPES)."""
    try:
        if kind == "integer":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        raise ConfigError(f"parameter {name} must be {'an integer' if kind == 'integer' else 'a number'}, "
                          f"not {text!r}") from None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise ConfigError(f"parameter {name} must be true or false, not {text!r}")
        return text.lower() == "true"
    if kind == "list":
        value = literal(text)
        return value if isinstance(value, list) else [part.strip() for part in text.split(",")]
    return text


def literal(text: str) -> Any:
    """A parameter written on the command line: a JSON number, list, object, true/false/null, or a string.

    Quote a value to keep it a string: `-p id='"2103.14030"'`.
    """
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`name=value` strings (from `-p`) as a dict; a pair without `=` raises ConfigError."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"-p {pair!r}: write a parameter as name=value")
        params[name.strip()] = value
    return params


def bind(engine: CypherEngine, question: Question, given: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters the query runs with: given values typed, defaults filled, papers and nodes resolved."""
    declared = {p.name: p for p in question.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "none"
        raise ConfigError(f"{question.name} has no parameter {', '.join(unknown)}; it takes: {accepted}")
    values = {}
    for param in question.params:
        if param.name not in given:
            if param.default is None:
                raise ConfigError(f"{question.name} needs -p {param.name}=… ({param.description})")
            values[param.name] = param.default
            continue
        value = given[param.name]
        if isinstance(value, str):
            value = parse_value(param.name, value, param.type)
        if param.minimum is not None and value < param.minimum:
            raise ConfigError(f"parameter {param.name} of {question.name} must be at least {param.minimum}, "
                              f"not {value}")
        if param.type == "paper":
            value = resolve_paper(engine, value)
        elif param.type == "node":
            value = resolve_node(engine, value)
        elif param.type in NAMED_LABELS:
            check_named(engine, param.type, str(value))
        values[param.name] = value
    return values


def ask(engine: CypherEngine, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run the library question `name` with `params` (strings are converted to the declared types)."""
    question = get_question(name)
    values = bind(engine, question, params or {})
    ranked = engine.ranked(question.index, values) if question.index else None
    answering = engine
    if question.part and (ranked is not None or not question.index):
        part = question.part
        answering = engine.part(part.paper_ids(values, ranked), part.links, part.title_text(values)) or engine
    if ranked is None:
        return answering.run(question.text, values)
    return answering.run(question.from_ranked(), {**values, "ranked": ranked})


def resolve_paper(engine: CypherEngine, text: str) -> str:
    """The id of the paper named by id (with or without `paper:`), exact title, or a part only it has."""
    by_id = ask(engine, "paper-by-id", {"id": text}).rows
    if by_id:
        return by_id[0]["paper"]
    return choose_paper(engine, text, f"no paper with id or title {text!r}; {FIND_PAPER_HINT}")


TITLE_TIERS = ("by id", "by the whole title", "by the start of the title", "by a part of the title")


def title_tier(row: Mapping[str, Any], text: str) -> int:
    """How well a `find-paper` row matches `text`: an index into TITLE_TIERS (lower is better)."""
    wanted, title = text.casefold().strip(), (row["title"] or "").casefold().strip()
    if row["paper"] in (text, "paper:" + text):
        return 0
    return 1 if title == wanted else 2 if title.startswith(wanted) else 3


def choose_paper(engine: CypherEngine, text: str, missing: str) -> str:
    """The paper `text` names: its id, else the one title that is `text` (any case), else the one that
    starts with it, else the one that holds it. Only several papers in the best tier that has any is
    ambiguous (ConfigError listing them); none at all is ConfigError `missing`."""
    rows = ask(engine, "find-paper", {"text": text, "limit": CANDIDATES}).rows
    if not rows:
        raise ConfigError(missing)
    best = min(title_tier(row, text) for row in rows)
    matches = [row for row in rows if title_tier(row, text) == best]
    if len(matches) == 1:
        return matches[0]["paper"]
    names = "; ".join(f"{row['paper']} ({row['title'][:50]})" for row in matches[:5])
    raise ConfigError(f"{len(matches)} papers match {text!r} {TITLE_TIERS[best]}: {names}; "
                      "give more of the title or the id")


def resolve_node(engine: CypherEngine, text: str) -> str:
    """The id of the node with this id, name or title (any case), else of the paper a part of whose title it is."""
    rows = engine.run(get_question("find-node").text, {"text": text, "limit": CANDIDATES}).rows
    exact = [row for row in rows if row["node"] == text] or rows
    if len(exact) == 1:
        return exact[0]["node"]
    if len(exact) > 1:
        names = "; ".join(f"{row['node']} ({row['label']})" for row in exact[:5])
        raise ConfigError(f"{len(exact)} nodes are called {text!r}: {names}; give the id")
    return choose_paper(engine, text, f"no node with id, name or title {text!r}; {FIND_NODE_HINT}, {FIND_PAPER_HINT}")


LINKS_OF = """MATCH (n) WHERE n.id IN $ids
OPTIONAL MATCH (n)-[r]-()
RETURN n.id AS node, labels(n)[0] AS label, coalesce(n.name, n.title) AS name, count(r) AS links"""


@dataclass(frozen=True)
class NamedNode:
    """A node a name matched: its id, label, name or title, and how many links it has."""

    node: str
    label: str
    name: str
    links: int


@dataclass(frozen=True)
class Pick:
    """The node chosen for a name (`chosen`) and the other nodes the name matched, most linked first."""

    chosen: NamedNode
    others: tuple[NamedNode, ...] = ()

    def note(self, text: str) -> str:
        """What was chosen and what else matched, for stderr ("" when nothing else matched)."""
        if not self.others:
            return ""
        others = ", ".join(f"{n.node} ({n.label}, {plural(n.links, 'link')})" for n in self.others[:5])
        more = f" and {len(self.others) - 5} more" if len(self.others) > 5 else ""
        return (f"{text!r} names {len(self.others) + 1} nodes; drawing the most linked: {self.chosen.label} "
                f"{self.chosen.name!r} ({self.chosen.node}, {plural(self.chosen.links, 'link')}); also {others}{more}; "
                "choose with --type or an id")


def plural(count: int, noun: str) -> str:
    """`count` and the noun, with an s unless it is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def title_head(title: str) -> str:
    """A paper's short name: its title up to the first colon ("DAFormer" for "DAFormer: Improving …")."""
    return title.split(":", 1)[0].casefold().strip()


def pick_node(engine: CypherEngine, text: str, label: str | None = None) -> Pick:
    """The node `text` names, of type `label` if given: the node with that id; else, among the nodes with
    that name, spelling or title and the papers whose title up to its colon is `text` (any case), the most
    linked (a paper before another node with as many links, then by id), the others listed; else the
    paper whose title starts with `text`, else holds it (`choose_paper`). ConfigError when none does."""
    found = engine.run(get_question("find-node").text, {"text": text, "limit": CANDIDATES}).rows
    if label is None or label == "Paper":
        wanted = text.casefold().strip()
        titles = ask(engine, "find-paper", {"text": text, "limit": CANDIDATES}).rows
        found = found + [{"node": row["paper"]} for row in titles if title_head(row["title"] or "") == wanted]
    ids = sorted({row["node"] for row in found})
    named = [NamedNode(row["node"], row["label"], row["name"] or row["node"], row["links"])
             for row in engine.run(LINKS_OF, {"ids": ids}).rows if label is None or row["label"] == label]
    by_id = [n for n in named if n.node == text]
    if by_id:
        return Pick(by_id[0])
    named.sort(key=lambda n: (-n.links, n.label != "Paper", n.node))
    if named:
        return Pick(named[0], tuple(named[1:]))
    missing = (f"no node with id, name or title {text!r}" if label is None else f"no {label} with id or name {text!r}")
    if label not in (None, "Paper"):
        raise ConfigError(f"{missing}; {FIND_NODE_HINT}")
    paper = choose_paper(engine, text, f"{missing}; {FIND_NODE_HINT}, {FIND_PAPER_HINT}")
    row = engine.run(LINKS_OF, {"ids": [paper]}).rows[0]
    return Pick(NamedNode(paper, row["label"], row["name"] or paper, row["links"]))


def check_named(engine: CypherEngine, kind: str, name: str) -> None:
    """Nothing when the graph has a node of `kind` (NAMED_LABELS) with this id, name or spelling (any case);
    else ConfigError naming the closest names it has."""
    label = NAMED_LABELS[kind]
    if engine.run(NAMED_NODE.format(label=label), {"name": name}).rows:
        return
    names = sorted({str(row["name"]) for row in engine.run(NAMES_OF.format(label=label)).rows if row["name"]})
    close = close_names(name, names)
    hint = f"close names: {', '.join(close)}" if close else FIND_NODE_HINT
    raise ConfigError(f'no {kind} named "{name}" in the graph; {hint}')


def close_names(name: str, names: list[str], most: int = CLOSE_NAMES) -> list[str]:
    """The `names` closest to `name` (any case): those holding it or held in it, shortest first, then those
    spelt alike (`difflib`); at most `most`."""
    wanted = name.casefold().strip()
    folded = {}
    for known in names:
        folded.setdefault(known.casefold(), known)
    holding = sorted((f for f in folded if wanted and (wanted in f or f in wanted)), key=lambda f: (len(f), f))
    alike = get_close_matches(wanted, list(folded), n=most, cutoff=0.6)
    chosen = list(dict.fromkeys([*holding, *alike]))[:most]
    return [folded[f] for f in chosen]
