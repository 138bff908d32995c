// question: Which pairs of papers share at least N datasets or benchmarks, most shared first?
// Two papers sharing s >= 2 datasets meet in s(s-1)/2 of the groups "papers using datasets d1 and d2",
// so pairs are counted within those groups, never across all papers on one popular dataset.
// Only papers with at least N datasets take part, so a larger N is cheaper. Ties are ordered by id.
// param min_shared (integer >= 2) = 2: the least number of shared datasets in a pair
// param limit (integer >= 0) = 20: the most pairs to return
// example: kg ask shared-benchmark-pairs -p min_shared=3
MATCH (p:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)
WITH p, collect(d.id) AS datasets
WHERE size(datasets) >= $min_shared
UNWIND datasets AS d1
UNWIND datasets AS d2
WITH p, d1, d2
WHERE d1 < d2
WITH d1, d2, collect(p.id) AS papers
WHERE size(papers) >= 2
UNWIND papers AS a
UNWIND papers AS b
WITH a, b
WHERE a < b
WITH a, b, count(*) AS dataset_pairs
WITH a, b, toInteger(round((1 + sqrt(1 + 8 * dataset_pairs)) / 2)) AS shared
WHERE shared >= $min_shared
WITH a, b, shared
ORDER BY shared DESC, a, b
LIMIT $limit
MATCH (pa:Paper {id: a})-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)<-[:USES_DATASET|INTRODUCES_DATASET]-(pb:Paper {id: b})
WITH pa, pb, shared, d
ORDER BY toLower(d.name), d.name
WITH pa, pb, shared, collect(d.name) AS datasets
RETURN pa.id AS paper_a, pa.title AS title_a, pb.id AS paper_b, pb.title AS title_b, shared, datasets
ORDER BY shared DESC, paper_a, paper_b
