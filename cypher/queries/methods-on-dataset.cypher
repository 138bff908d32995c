// question: Which methods do the papers on this dataset propose or use, most papers first?
// param dataset (dataset): the dataset's id, name or one of its spellings (any case)
// param limit (integer >= 0) = 20: the most methods to return
// example: kg ask methods-on-dataset -p dataset=COCO
MATCH (d:Dataset)
WHERE d.id = $dataset OR toLower(d.name) = toLower($dataset)
   OR any(alias IN d.aliases WHERE toLower(alias) = toLower($dataset))
MATCH (p:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(d)
MATCH (p)-[r:PROPOSES|USES_METHOD]->(m:Method)
WITH d.name AS dataset, m.name AS method, count(*) AS papers,
     sum(CASE type(r) WHEN 'PROPOSES' THEN 1 ELSE 0 END) AS proposed_by
RETURN dataset, method, papers, proposed_by
ORDER BY papers DESC, toLower(method), method
LIMIT $limit
