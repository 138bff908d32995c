// question: Which pairs of papers share at least N datasets or benchmarks, most shared first?
// Ties are ordered by how rare the shared datasets are (the fewer papers on the rarest of them, the
// earlier), then by paper id.
// Prefix filtering (the all-pairs set-similarity join): each paper lists its datasets rarest first;
// two papers sharing N datasets share one among the first (their count - N + 1) of them, so pairs are
// only formed within the small groups of papers on those rare datasets, and only papers with at least
// N datasets take part: the larger N, the cheaper.
// param min_shared (integer >= 1) = 2: the least number of shared datasets in a pair
// param limit (integer >= 0) = 20: the most pairs to return
// example: kg ask shared-benchmark-pairs -p min_shared=3
// On the embedded graph its dataset index ranks the rows above the `// ranked:` line, and the lines below
// it read only the part of the graph the `part:` line names.
// index: shared-pairs
// part: papers ranked.a, ranked.b; links USES_DATASET, INTRODUCES_DATASET
MATCH (d:Dataset)
WITH d, COUNT { (d)<-[:USES_DATASET|INTRODUCES_DATASET]-(:Paper) } AS popularity
MATCH (d)<-[:USES_DATASET|INTRODUCES_DATASET]-(p:Paper)
WHERE COUNT { (p)-[:USES_DATASET|INTRODUCES_DATASET]->(:Dataset) } >= $min_shared
WITH p, d, popularity
ORDER BY popularity, d.id
WITH p.id AS p, collect(d.id) AS datasets, collect(popularity) AS popularities
UNWIND datasets[0..size(datasets) - $min_shared + 1] AS rare
WITH rare, collect({id: p, datasets: datasets, popularities: popularities}) AS papers
WHERE size(papers) >= 2
UNWIND papers AS a
UNWIND papers AS b
WITH a, b
WHERE a.id < b.id
WITH DISTINCT a.id AS a, b.id AS b,
     [i IN range(0, size(a.datasets) - 1) WHERE a.datasets[i] IN b.datasets | a.popularities[i]] AS common
WITH a, b, size(common) AS shared, head(common) AS rarest
WHERE shared >= $min_shared
WITH a, b, shared, rarest
ORDER BY shared DESC, rarest, a, b
LIMIT $limit
// ranked: UNWIND $ranked AS row WITH row.a AS a, row.b AS b, row.shared AS shared, row.rarest AS rarest
MATCH (pa:Paper {id: a})
MATCH (pb:Paper {id: b})-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)
WHERE EXISTS { (pa)-[:USES_DATASET|INTRODUCES_DATASET]->(d) }
WITH pa, pb, shared, rarest, d
ORDER BY toLower(d.name), d.name
WITH pa, pb, shared, rarest, collect(d.name) AS datasets
RETURN pa.id AS paper_a, pa.title AS title_a, pb.id AS paper_b, pb.title AS title_b, shared, datasets
ORDER BY shared DESC, rarest, paper_a, paper_b
