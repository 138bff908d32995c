// Every node with one of the schema's labels (`kg pull`).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN elementId(n) AS element, labels(n) AS labels, properties(n) AS properties
