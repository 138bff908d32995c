// question: Which papers use or introduce this dataset, with the sentence that says so?
// param dataset (dataset): the dataset's id, name or one of its spellings (any case)
// param limit (integer >= 0) = 50: the most papers to return
// example: kg ask papers-on-dataset -p dataset=ImageNet
MATCH (d:Dataset)
WHERE d.id = $dataset OR toLower(d.name) = toLower($dataset)
   OR any(alias IN d.aliases WHERE toLower(alias) = toLower($dataset))
MATCH (p:Paper)-[r:USES_DATASET|INTRODUCES_DATASET]->(d)
RETURN d.name AS dataset, p.id AS paper, p.title AS title, type(r) AS relationship,
       r.confidence AS confidence, r.evidence AS evidence
ORDER BY relationship, confidence DESC, toLower(title), paper
LIMIT $limit
