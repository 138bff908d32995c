// question: How many papers link to 0, 1, 2, … datasets or benchmarks?
// example: kg ask datasets-per-paper
MATCH (p:Paper)
WITH p, COUNT { (p)-[:USES_DATASET|INTRODUCES_DATASET]->(:Dataset) } AS datasets
RETURN datasets, count(p) AS papers
ORDER BY datasets DESC
