// question: Which papers share datasets or benchmarks with this paper, most shared first?
// param paper (paper): the paper: its id, its title, or a part of the title only it has
// param min_shared (integer) = 1: the least number of shared datasets
// param limit (integer) = 20: the most papers to return
// example: kg ask papers-sharing-benchmarks -p paper="Swin Transformer: Hierarchical" -p min_shared=2
MATCH (a:Paper {id: $paper})-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)<-[:USES_DATASET|INTRODUCES_DATASET]-(b:Paper)
WHERE b.id <> a.id
WITH a, b, d
ORDER BY toLower(d.name), d.name
WITH a, b, collect(d.name) AS datasets
WHERE size(datasets) >= $min_shared
RETURN a.id AS paper_a, a.title AS title_a, b.id AS paper_b, b.title AS title_b,
       size(datasets) AS shared, datasets
ORDER BY shared DESC, toLower(title_b), paper_b
LIMIT $limit
