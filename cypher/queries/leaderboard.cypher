// question: Which results do papers have on this dataset or its versions (read from their abstracts, or from a Papers with Code table)?
// One group per version of the dataset (`variant`: ImageNet apart from ImageNet-21k) and metric, highest
// value first (for a metric where lower is better, such as an error rate or perplexity, read each group
// from the bottom); `extra_data` names the training data beyond the dataset's that the result used.
// param dataset (string): the dataset's id, name or one of its spellings (any case)
// param limit (integer >= 0) = 50: the most results to return
// example: kg ask leaderboard -p dataset=ImageNet
MATCH (d:Dataset)
WHERE d.id = $dataset OR toLower(d.name) = toLower($dataset)
   OR any(alias IN d.aliases WHERE toLower(alias) = toLower($dataset))
MATCH (v:Dataset)
WHERE v.id = d.id OR v.family = d.name
MATCH (p:Paper)-[r:REPORTS]->(v)
RETURN d.name AS dataset, v.name AS variant, r.metric AS metric, r.value AS value, r.unit AS unit,
       r.extra_data AS extra_data, r.model AS model, r.task AS task, p.id AS paper, p.title AS title,
       r.evidence AS evidence
ORDER BY toLower(variant), toLower(metric), value DESC, paper
LIMIT $limit
