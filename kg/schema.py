"""The graph's schema: labels, relationship types and their properties, defined once.

`cypher/schema.cypher` mirrors this module (a test keeps them in step). Labels and relationship
types only ever come from here, never from input text.
"""
from __future__ import annotations

LABELS = {
    "Paper": ("id", "title", "abstract", "date", "urls", "sources", "arxiv_id", "doi", "phrases"),
    "Dataset": ("id", "name", "aliases", "family"),
    "Task": ("id", "name", "aliases"),
    "Method": ("id", "name", "aliases"),
    "CodeRepo": ("id", "name", "kind", "host", "url"),
    "Author": ("id", "name"),
    "Category": ("id", "name"),
    "Venue": ("id", "name"),
}

# relationship type -> (start label, end label)
RELATIONSHIPS = {
    "USES_DATASET": ("Paper", "Dataset"),
    "INTRODUCES_DATASET": ("Paper", "Dataset"),
    "MENTIONS_DATASET": ("Paper", "Dataset"),  # named only as others' work or background, not used
    "ADDRESSES_TASK": ("Paper", "Task"),
    "PROPOSES": ("Paper", "Method"),
    "USES_METHOD": ("Paper", "Method"),
    "HAS_CODE": ("Paper", "CodeRepo"),
    "WROTE": ("Author", "Paper"),
    "IN_CATEGORY": ("Paper", "Category"),
    "PUBLISHED_IN": ("Paper", "Venue"),
    "CITES": ("Paper", "Paper"),
    "REPORTS": ("Paper", "Dataset"),
    "VARIANT_OF": ("Dataset", "Dataset"),  # a version that is a benchmark of its own -> its family
}
# the evidence every extracted link carries
EDGE_PROPERTIES = ("mention", "evidence", "field", "start", "end", "extractor", "confidence", "count", "path")
# links read from a source's metadata (authors, categories) carry their position in the source's list
METADATA_PROPERTIES = ("position",)
EXTRACTED_RELATIONSHIPS = ("USES_DATASET", "INTRODUCES_DATASET", "MENTIONS_DATASET", "ADDRESSES_TASK", "PROPOSES",
                           "USES_METHOD", "HAS_CODE")
# a result a paper has on a dataset: the first its abstract states, or a curated table's (Papers with Code),
# which is not self-reported; `count` how many there are, `extra_data` the training data beyond the dataset's
RESULT_PROPERTIES = ("metric", "value", "unit", "task", "model", "extra_data", "mention", "evidence", "field",
                     "start", "end", "extractor", "confidence", "count", "self_reported", "scores_metric",
                     "scores_value", "scores_unit", "scores_model", "scores_extra_data", "scores_task",
                     "scores_evidence")
RELATIONSHIP_PROPERTIES = {rel: EDGE_PROPERTIES if rel in EXTRACTED_RELATIONSHIPS else
                           RESULT_PROPERTIES if rel == "REPORTS" else () if rel == "VARIANT_OF" else METADATA_PROPERTIES
                           for rel in RELATIONSHIPS}

# (mention type, role) -> relationship type; a paper gets one relationship per entity, the
# first type in RELATIONSHIP_RANK that any of its mentions asks for
MENTION_RELATIONSHIP = {
    ("dataset", "uses"): "USES_DATASET",
    ("dataset", "introduces"): "INTRODUCES_DATASET",
    ("dataset", "mentions"): "MENTIONS_DATASET",
    ("task", "addresses"): "ADDRESSES_TASK",
    ("method", "proposes"): "PROPOSES",
    ("method", "uses"): "USES_METHOD",
    ("repo", "code"): "HAS_CODE",
}
RELATIONSHIP_RANK = ("INTRODUCES_DATASET", "USES_DATASET", "MENTIONS_DATASET", "PROPOSES", "USES_METHOD", "ADDRESSES_TASK", "HAS_CODE")
TYPE_LABEL = {"dataset": "Dataset", "task": "Task", "method": "Method", "repo": "CodeRepo"}
DATASET_RELATIONSHIPS = ("USES_DATASET", "INTRODUCES_DATASET")

# property -> type where it is not a string (for typed exports such as neo4j-admin's CSV headers)
PROPERTY_TYPES = {"urls": "string[]", "sources": "string[]", "aliases": "string[]", "phrases": "string[]",
                  "start": "int", "end": "int", "count": "int", "confidence": "float", "position": "int",
                  "value": "float", "self_reported": "boolean",
                  "scores_metric": "string[]", "scores_value": "double[]", "scores_unit": "string[]",
                  "scores_model": "string[]", "scores_extra_data": "string[]", "scores_task": "string[]",
                  "scores_evidence": "string[]"}
