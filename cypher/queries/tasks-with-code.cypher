// question: Which tasks have papers with code, and how many papers and repositories?
// param limit (integer >= 0) = 20: the most tasks to return
// example: kg ask tasks-with-code -p limit=10
MATCH (p:Paper)-[:ADDRESSES_TASK]->(t:Task)
MATCH (p)-[:HAS_CODE]->(c:CodeRepo)
WITH t.name AS task, count(DISTINCT p.id) AS papers_with_code, count(DISTINCT c.id) AS repos
RETURN task, papers_with_code, repos
ORDER BY papers_with_code DESC, repos DESC, toLower(task), task
LIMIT $limit
