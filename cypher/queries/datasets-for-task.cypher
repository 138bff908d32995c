// question: Which datasets do the papers on this task use, most papers first?
// param task (task): the task's id, name or one of its spellings (any case)
// param limit (integer >= 0) = 20: the most datasets to return
// example: kg ask datasets-for-task -p task="semantic segmentation"
MATCH (t:Task)
WHERE t.id = $task OR toLower(t.name) = toLower($task)
   OR any(alias IN t.aliases WHERE toLower(alias) = toLower($task))
MATCH (p:Paper)-[:ADDRESSES_TASK]->(t)
MATCH (p)-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)
WITH t.name AS task, d.name AS dataset, count(*) AS papers
RETURN task, dataset, papers
ORDER BY papers DESC, toLower(dataset), dataset
LIMIT $limit
