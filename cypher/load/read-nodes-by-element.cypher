// The nodes with these element ids: the ends of relationships a `kg pull --cypher` query returned alone.
MATCH (n)
WHERE elementId(n) IN $elements
RETURN elementId(n) AS element, labels(n) AS labels, properties(n) AS properties
