// question: Which papers share datasets or benchmarks with this paper, most shared first?
// Ties are ordered by paper id.
// param paper (paper): the paper: its id, its title, or a part of the title only it has
// param min_shared (integer >= 1) = 1: the least number of shared datasets
// param limit (integer >= 0) = 20: the most papers to return
// example: kg ask papers-sharing-benchmarks -p paper="Swin Transformer: Hierarchical" -p min_shared=2
// On the embedded graph its dataset index ranks the rows above the `// ranked:` line, and the lines below
// it read only the part of the graph the `part:` line names.
// index: shared-datasets
// part: papers paper, ranked.other; links USES_DATASET, INTRODUCES_DATASET
MATCH (a:Paper {id: $paper})-[:USES_DATASET|INTRODUCES_DATASET]->(:Dataset)<-[:USES_DATASET|INTRODUCES_DATASET]-(b:Paper)
WITH b.id AS other, count(*) AS shared
WHERE shared >= $min_shared AND other <> $paper
WITH other, shared
ORDER BY shared DESC, other
LIMIT $limit
// ranked: UNWIND $ranked AS row WITH row.other AS other, row.shared AS shared
MATCH (a:Paper {id: $paper})
MATCH (b:Paper {id: other})-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)
WHERE EXISTS { (a)-[:USES_DATASET|INTRODUCES_DATASET]->(d) }
WITH a, b, shared, d
ORDER BY toLower(d.name), d.name
WITH a, b, shared, collect(d.name) AS datasets
RETURN a.id AS paper_a, a.title AS title_a, b.id AS paper_b, b.title AS title_b, shared, datasets
ORDER BY shared DESC, paper_b
