// question: What is linked to this node, and how?
// param node (node): the node: its id, a dataset, task, method or repository name, or a paper title
// param limit (integer >= 0) = 100: the most neighbours to return
// example: kg ask neighbourhood -p node=ImageNet
MATCH (n {id: $node})-[r]-(m)
RETURN n.id AS node, type(r) AS relationship,
       CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS neighbour, labels(m)[0] AS label, coalesce(m.name, m.title) AS name, r.confidence AS confidence
ORDER BY relationship, toLower(name), neighbour
LIMIT $limit
