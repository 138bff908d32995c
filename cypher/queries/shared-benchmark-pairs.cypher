// question: Which pairs of papers share at least N datasets or benchmarks, most shared first?
// param min_shared (integer) = 2: the least number of shared datasets in a pair
// param limit (integer) = 20: the most pairs to return
// example: kg ask shared-benchmark-pairs -p min_shared=3
MATCH (a:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)<-[:USES_DATASET|INTRODUCES_DATASET]-(b:Paper)
WHERE a.id < b.id
WITH a, b, d
ORDER BY toLower(d.name), d.name
WITH a, b, collect(d.name) AS datasets
WHERE size(datasets) >= $min_shared
RETURN a.id AS paper_a, a.title AS title_a, b.id AS paper_b, b.title AS title_b,
       size(datasets) AS shared, datasets
ORDER BY shared DESC, toLower(title_a), toLower(title_b), paper_a, paper_b
LIMIT $limit
