"""The Cypher kg runs: the schema and the question library (queries/*.cypher), shipped as package data."""
