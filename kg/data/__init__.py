"""Data shipped with kg: vocabularies, patterns and settings (see ATTRIBUTION.md for sources)."""
from __future__ import annotations

from importlib import resources


def read_text(name: str) -> str:
    """The text of the data file `name` in this package."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
