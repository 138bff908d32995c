// question: Which results do papers have on this dataset or its versions (read from their abstracts, or from a Papers with Code table)?
// Every score a paper has on a version is a row (a table gives one per model and metric).
// One group per version of the dataset (`variant`: ImageNet apart from ImageNet-21k) and metric, highest
// value first (for a metric where lower is better, such as an error rate or perplexity, read each group
// from the bottom); `extra_data` names the training data beyond the dataset's that the result used.
// param dataset (dataset): the dataset's id, name or one of its spellings (any case)
// param limit (integer >= 0) = 50: the most results to return
// example: kg ask leaderboard -p dataset=ImageNet
MATCH (d:Dataset)
WHERE d.id = $dataset OR toLower(d.name) = toLower($dataset)
   OR any(alias IN d.aliases WHERE toLower(alias) = toLower($dataset))
MATCH (v:Dataset)
WHERE v.id = d.id OR v.family = d.name
MATCH (p:Paper)-[r:REPORTS]->(v)
WITH d, v, p, r, coalesce(r.scores_metric, [r.metric]) AS metrics
UNWIND range(0, size(metrics) - 1) AS i
WITH d, v, p, r, i, metrics[i] AS metric, coalesce(r.scores_value, [r.value])[i] AS value
RETURN d.name AS dataset, v.name AS variant, metric, value, coalesce(r.scores_unit, [r.unit])[i] AS unit,
       coalesce(r.scores_extra_data, [r.extra_data])[i] AS extra_data,
       coalesce(r.scores_model, [r.model])[i] AS model, coalesce(r.scores_task, [r.task])[i] AS task,
       p.id AS paper, p.title AS title, coalesce(r.scores_evidence, [r.evidence])[i] AS evidence
ORDER BY toLower(variant), toLower(metric), value DESC, paper, model
LIMIT $limit
