// Every link from a paper to a dataset it uses or introduces, by the ids of its ends (the dataset index
// of the embedded graph, `kg/store/dataset_index.py`).
MATCH (p:Paper)-[:USES_DATASET|INTRODUCES_DATASET]->(d:Dataset)
RETURN p.id AS paper, d.id AS dataset
