// question: Which papers are most alike this paper, by the datasets, tasks and methods they share?
// The score is the Adamic-Adar index over the shared Dataset, Task and Method nodes: each shared
// node z adds 1 / ln(number of papers linked to z), so a rare shared dataset counts more than a
// method every paper names. Code repositories are left out (a repository is rarely shared), and so
// are reported results (REPORTS repeats a USES_DATASET link).
// Ties (scores equal to 4 decimals) are ordered by paper id.
// param paper (paper): the paper: its id, its title, or a part of the title only it has
// param limit (integer >= 0) = 10: the most papers to return
// example: kg ask similar-papers -p paper="CSWin Transformer"
MATCH (a:Paper {id: $paper})-[:USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD]->(z)
WHERE z:Dataset OR z:Task OR z:Method
WITH a, z, COUNT { (z)<-[:USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD]-(:Paper) } AS degree
MATCH (z)<-[:USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD]-(b:Paper)
WITH b.id AS other, round(sum(1.0 / log(degree)), 4) AS score
WHERE other <> $paper
ORDER BY score DESC, other
LIMIT $limit
MATCH (a:Paper {id: $paper})
MATCH (b:Paper {id: other})-[:USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD]->(z)
WHERE (z:Dataset OR z:Task OR z:Method) AND EXISTS { (a)-[:USES_DATASET|INTRODUCES_DATASET|ADDRESSES_TASK|PROPOSES|USES_METHOD]->(z) }
WITH b, score, z
ORDER BY toLower(z.name), z.name
WITH b, score, collect(z.name) AS shared
RETURN b.id AS paper, b.title AS title, score, size(shared) AS shared_count, shared
ORDER BY score DESC, paper
