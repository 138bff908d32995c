// question: Which datasets, tasks or methods (one label) are linked to the most papers?
// param label (string) = Dataset: Dataset, Task, Method or CodeRepo
// param limit (integer >= 0) = 10: the most nodes to return
// example: kg ask most-linked -p label=Task
MATCH (e)
WHERE $label IN labels(e)
WITH e, COUNT { (:Paper)-[:USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD|HAS_CODE]->(e) } AS papers
WHERE papers > 0
RETURN e.id AS node, e.name AS name, papers
ORDER BY papers DESC, toLower(name), node
LIMIT $limit
