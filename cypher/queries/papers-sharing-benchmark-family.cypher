// question: Which papers use the same benchmark as this paper, counting versions of one dataset as one (SQuAD 1.1 and SQuAD 2.0 as SQuAD)?
// A dataset's family is the dataset it is a version of (VARIANT_OF), else itself. Ties are ordered by paper id.
// param paper (paper): the paper: its id, its title, or a part of the title only it has
// param min_shared (integer >= 1) = 1: the least number of shared dataset families
// param limit (integer >= 0) = 20: the most papers to return
// example: kg ask papers-sharing-benchmark-family -p paper="Swin Transformer: Hierarchical"
MATCH (a:Paper {id: $paper})-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)
OPTIONAL MATCH (d)-[:VARIANT_OF]->(f:Dataset)
WITH a, collect(DISTINCT coalesce(f, d)) AS families
UNWIND families AS family
MATCH (b:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(used:Dataset)
WHERE b <> a AND (used = family OR EXISTS { (used)-[:VARIANT_OF]->(family) })
WITH a, b, family
ORDER BY toLower(family.name), family.name
WITH a, b, collect(DISTINCT family.name) AS families
WHERE size(families) >= $min_shared
RETURN a.id AS paper_a, a.title AS title_a, b.id AS paper_b, b.title AS title_b, size(families) AS shared,
       families
ORDER BY shared DESC, paper_b
LIMIT $limit
