// question: Which results do papers report on this dataset (self-reported, read from their abstracts)?
// Grouped by metric, highest value first (for a metric where lower is better, such as an error
// rate or perplexity, read each group from the bottom).
// param dataset (dataset): the dataset's id, name or one of its spellings (any case)
// param limit (integer >= 0) = 50: the most results to return
// example: kg ask leaderboard -p dataset=ImageNet
MATCH (d:Dataset)
WHERE d.id = $dataset OR toLower(d.name) = toLower($dataset)
   OR any(alias IN d.aliases WHERE toLower(alias) = toLower($dataset))
MATCH (p:Paper)-[r:REPORTS]->(d)
RETURN d.name AS dataset, r.metric AS metric, r.value AS value, r.unit AS unit, r.task AS task,
       p.id AS paper, p.title AS title, r.evidence AS evidence
ORDER BY toLower(metric), value DESC, paper
LIMIT $limit
