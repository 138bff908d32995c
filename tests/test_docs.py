"""The README and docs/: the README's commands are the ones .ci/run runs, and every link resolves."""
import re

import pytest
from conftest import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def shell_lines(text: str) -> list[str]:
    """The lines of the ```bash blocks of a Markdown text."""
    return [line for block in re.findall(r"```bash\n(.*?)```", text, re.S) for line in block.splitlines()]


def test_the_readme_runs_what_ci_runs():
    readme = shell_lines((ROOT / "README.md").read_text())
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    commands = [line for line in ci if line.startswith("python3 -m venv")]
    assert len(commands) == 2 and all(command in readme for command in commands)
    assert "kg build seeds/*.txt -o kg-graph.jsonl" in commands[0]
    for packages in re.findall(r"apt-get install -y -qq ([\w .-]+?) >/dev/null", "\n".join(ci)):
        assert f"apt-get update -qq && apt-get install -y -qq {packages}" in readme


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_every_link_resolves(page):
    targets = [t for t in LINK.findall(page.read_text()) if "://" not in t]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert not missing, missing


def test_docs_index_lists_every_page():
    index = (ROOT / "docs" / "README.md").read_text()
    assert [p.name for p in DOCS if p.name != "README.md" and f"]({p.name})" not in index] == []
