// question: Which nodes have this id, name, title or spelling?
// param text (string): a node id, or a dataset, task, method or repository name or one of its spellings
//   (aliases), or a paper title (any case)
// param limit (integer >= 0) = 20: the most nodes to return
// example: kg ask find-node -p text=ImageNet
MATCH (n)
WHERE n.id = $text OR toLower(n.name) = toLower($text) OR toLower(n.title) = toLower($text)
   OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = toLower($text))
RETURN n.id AS node, labels(n)[0] AS label, coalesce(n.name, n.title) AS name
ORDER BY label, node
LIMIT $limit
