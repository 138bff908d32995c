"""The build: pyproject.toml holds the project; this file adds the extraction modules compiled to C by
mypyc (the same Python source, about 40% faster; README, "Speed"). KG_PURE_PYTHON=1 installs the Python
source only; where no C compiler is found the build warns and the source is used."""
import os
from pathlib import Path

from setuptools import setup

COMPILED = [  # extraction's hot path; the rest of kg stays plain Python
    "kg/extract/__init__.py", "kg/extract/abbreviations.py", "kg/extract/fields.py", "kg/extract/gazetteer.py",
    "kg/extract/patterns.py", "kg/extract/phrases.py", "kg/extract/repos.py", "kg/extract/results.py",
    "kg/extract/sentences.py", "kg/extract/spans.py", "kg/extract/tagger.py", "kg/extract/tokens.py", "kg/resolve.py",
]


def compiled_modules() -> list:
    """The mypyc extension modules, each optional (a failed compile leaves the Python module in use)."""
    if os.environ.get("KG_PURE_PYTHON"):
        tree = Path(__file__).parent
        for built in [*tree.glob("kg/**/*.so"), *tree.glob("kg_native__mypyc.*")]:  # an earlier install's
            built.unlink()
        return []
    from mypyc.build import mypycify

    extensions = mypycify(COMPILED, group_name="kg_native")
    for extension in extensions:
        extension.optional = True
    return extensions


setup(ext_modules=compiled_modules())
