"""Data shipped with kg: vocabularies, patterns and settings (see ATTRIBUTION.md for sources)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_text(name: str) -> str:
    """The text of the data file `name` in this package."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def data_path(name: str) -> Path:
    """The path of the data file `name` in this package (for libraries that open files themselves)."""
    return Path(str(resources.files(__name__).joinpath(name)))
