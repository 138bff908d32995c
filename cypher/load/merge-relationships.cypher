// Upsert a batch of relationships of one type between existing nodes (pushed before them).
// TYPE, START and LABEL are replaced by a relationship type and its start and end labels from kg/schema.py.
UNWIND $rows AS row
MATCH (a:START {id: row.source})
MATCH (b:LABEL {id: row.target})
MERGE (a)-[r:TYPE]->(b)
SET r += row.properties
