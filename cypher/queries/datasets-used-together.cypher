// question: Which datasets are used together in the same papers, most papers first?
// param min_papers (integer >= 1) = 2: the least number of papers using both
// param limit (integer >= 0) = 20: the most pairs to return
// example: kg ask datasets-used-together -p min_papers=3
MATCH (d1:Dataset)<-[:USES_DATASET|INTRODUCES_DATASET]-(p:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(d2:Dataset)
WHERE d1.id < d2.id
WITH d1.name AS dataset_a, d2.name AS dataset_b, count(*) AS papers
WHERE papers >= $min_papers
RETURN dataset_a, dataset_b, papers
ORDER BY papers DESC, toLower(dataset_a), toLower(dataset_b), dataset_a, dataset_b
LIMIT $limit
