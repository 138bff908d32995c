"""kg: research-paper listings as a knowledge graph of papers, datasets, tasks, methods and code."""

__version__ = "0.1.0"
