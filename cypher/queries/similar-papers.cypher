// question: Which papers are most alike this paper, by the datasets, tasks and methods they share?
// The score is the Adamic-Adar index over the shared Dataset, Task and Method nodes: each shared
// node z adds 1 / ln(number of papers linked to z), so a rare shared dataset counts more than a
// method every paper names. Code repositories are left out (a repository is rarely shared).
// param paper (paper): the paper: its id, its title, or a part of the title only it has
// param limit (integer) = 10: the most papers to return
// example: kg ask similar-papers -p paper="CSWin Transformer"
MATCH (a:Paper {id: $paper})-->(z)<--(b:Paper)
WHERE b.id <> a.id AND (z:Dataset OR z:Task OR z:Method)
WITH b, z, COUNT { (z)<--(:Paper) } AS degree
ORDER BY toLower(z.name), z.name
WITH b, sum(1.0 / log(degree)) AS score, collect(z.name) AS shared
RETURN b.id AS paper, b.title AS title, round(score, 4) AS score, size(shared) AS shared_count, shared
ORDER BY score DESC, toLower(title), paper
LIMIT $limit
