// question: How many nodes of each label does the graph hold?
// example: kg ask counts-per-label
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS nodes
ORDER BY nodes DESC, label
