"""Every Cypher statement kg can send to Neo4j, checked by Neo4j's own parser and semantic analysis.

The checker is the npm package @neo4j-cypher/language-support (tests/cypherlint/, installed by
`npm ci --prefix tests/cypherlint`, which the README's test command and .ci/run run).
"""
import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from kg.library import LINKS_OF, load_questions
from kg.schema import LABELS, RELATIONSHIP_PROPERTIES, RELATIONSHIPS
from kg.store.neo4j_export import cypher_script_statements
from kg.store.statements import generated_statements

LINT = Path(__file__).resolve().parent / "cypherlint"
BROKEN = {
    "broken: syntax": "MATCH (p:Paper RETURN p",
    "broken: undefined variable": "MATCH (p:Paper) RETURN q.title",
    "broken: aggregate in WHERE": "MATCH (p:Paper) WHERE count(p) > 1 RETURN p",
    "broken: unknown function": "MATCH (p:Paper) RETURN toLowr(p.title)",
    "broken: misspelt label": "MATCH (p:Papr) RETURN p.id",
}


def statements(seed_graph) -> dict[str, str]:
    found = {f"question {q.name}": q.text for q in load_questions().values()}
    found.update({f"question {q.name} from ranked rows": q.from_ranked() for q in load_questions().values() if q.index})
    found.update(generated_statements())
    found["links of the nodes a name matches"] = LINKS_OF
    papers = [n for n in seed_graph if n.startswith("paper:")][:5]
    sample = seed_graph.subgraph(papers + [m for p in papers for m in seed_graph.successors(p)])
    script = cypher_script_statements(sample, batch=3)  # the literals of a few papers, of every kind
    found.update({f"cypher-shell script #{i}": s for i, s in enumerate(script, 1)})
    return found


@pytest.fixture(scope="module")
def lint_results(seed_graph):
    node = shutil.which("node")
    if node is None or not (LINT / "node_modules" / "@neo4j-cypher").exists():
        pytest.skip("the Cypher linter is not installed: run `npm ci --prefix tests/cypherlint` (needs Node.js)")
    schema = {"labels": list(LABELS), "relationshipTypes": list(RELATIONSHIPS),
              "propertyKeys": sorted({p for props in [*LABELS.values(), *RELATIONSHIP_PROPERTIES.values()] for p in props}
                                     | {"properties", "source", "target"})}  # + keys of pushed rows
    items = {**statements(seed_graph), **BROKEN}
    lines = [json.dumps(schema)] + [json.dumps({"name": k, "query": v}) for k, v in items.items()]
    done = subprocess.run([node, str(LINT / "lint.mjs")], input="\n".join(lines), capture_output=True,
                          text=True, timeout=600, check=True)
    return {row["name"]: row for row in map(json.loads, done.stdout.splitlines())}


def test_every_statement_passes_neo4js_own_checks(lint_results, seed_graph):
    names = set(statements(seed_graph))
    assert len(names) > 40 and names <= set(lint_results)
    failing = {name: lint_results[name]["errors"] + lint_results[name]["warnings"] for name in names
               if lint_results[name]["errors"] or lint_results[name]["warnings"]}
    assert failing == {}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_statement_fails_the_check(lint_results, name):
    assert lint_results[name]["errors"] or lint_results[name]["warnings"]


def test_the_schema_file_is_all_checked():
    text = resources.files("kg.cypher").joinpath("schema.cypher").read_text(encoding="utf-8")
    creates = sum(1 for line in text.splitlines() if line.startswith("CREATE "))
    assert creates == sum(1 for name in generated_statements() if name.startswith("schema #"))
