"""The build: pyproject.toml holds the project; this file adds the extraction modules compiled to C by
mypyc (the same Python source, about 1.4 times as fast; README, "Speed"). KG_PURE_PYTHON=1 installs the
Python source only, and so does a failed compile, with a warning: all modules compiled or none."""
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError, CCompilerError

TREE = Path(__file__).parent
COMPILED = [  # extraction's hot path, and the making of a paper's records; the rest of kg stays plain Python
    "kg/extract/__init__.py", "kg/extract/abbreviations.py", "kg/extract/fields.py", "kg/extract/gazetteer.py",
    "kg/extract/patterns.py", "kg/extract/phrases.py", "kg/extract/repos.py", "kg/extract/results.py",
    "kg/extract/sentences.py", "kg/extract/spans.py", "kg/extract/specific.py", "kg/extract/tagger.py",
    "kg/extract/tokens.py", "kg/extract/versions.py", "kg/extract/vocab.py", "kg/extract/background.py",
    "kg/resolve.py", "kg/graph.py", "kg/keys.py",
]


def remove_compiled_in_place() -> None:
    """Remove the compiled modules an earlier editable install left beside the source."""
    for built in [*TREE.glob("kg/**/*.so"), *TREE.glob("kg_native__mypyc.*")]:
        built.unlink()


class BuildOrFallBack(build_ext):
    """Compile every module, or, when the compiler fails, none: the install goes on with the Python source."""

    def run(self) -> None:
        try:
            super().run()
        except (CCompilerError, BaseError) as err:
            remove_compiled_in_place()
            print(f"warning: kg's extraction could not be compiled ({err}); it will run from the Python source, "
                  "about 1.4 times slower (README, \"Quick start\")", file=sys.stderr)


def compiled_modules() -> list:
    """The mypyc extension modules (none with KG_PURE_PYTHON set)."""
    if os.environ.get("KG_PURE_PYTHON"):
        remove_compiled_in_place()
        return []
    from mypyc.build import mypycify

    return mypycify(COMPILED, group_name="kg_native")


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": BuildOrFallBack})
