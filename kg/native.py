"""Which build of extraction runs: the modules mypyc compiled when kg was installed (setup.py) or the
Python source, and, in a source tree, the compiled modules its source has changed since."""
from __future__ import annotations

from pathlib import Path

import kg.extract


def extraction_build() -> str:
    """"compiled" when extraction runs as the modules mypyc compiled, "Python" when it runs from source."""
    return "Python" if kg.extract.__file__.endswith(".py") else "compiled"


def stale_compiled_modules(tree: Path) -> list[Path]:
    """The source files of `tree` (a checkout of kg) changed after their compiled modules were built in
    place beside them: Python imports the compiled module, so the change would not run."""
    stale = []
    for compiled in sorted(tree.glob("kg/**/*.so")):
        source = compiled.with_name(compiled.name.split(".", 1)[0] + ".py")
        if source.exists() and source.stat().st_mtime > compiled.stat().st_mtime:
            stale.append(source)
    return stale
