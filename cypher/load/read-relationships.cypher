// Every relationship of one of the schema's types, by the ids of its ends (`kg pull`).
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS properties
