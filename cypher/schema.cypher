// kg graph schema for Neo4j 5. Mirrors kg/schema.py (tests/test_graph.py keeps the two in step).
// One unique id per label: a re-run MERGEs on it, so loading twice does not duplicate.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT method_id IF NOT EXISTS FOR (n:Method) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT coderepo_id IF NOT EXISTS FOR (n:CodeRepo) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT category_id IF NOT EXISTS FOR (n:Category) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT venue_id IF NOT EXISTS FOR (n:Venue) REQUIRE n.id IS UNIQUE;
CREATE INDEX dataset_name IF NOT EXISTS FOR (n:Dataset) ON (n.name);
CREATE INDEX paper_title IF NOT EXISTS FOR (n:Paper) ON (n.title);

// Relationships. The extracted ones carry mention, evidence, field, start, end, extractor,
// confidence, count and path (HAS_CODE); WROTE and IN_CATEGORY carry position (order in the source);
// PUBLISHED_IN carries position 0; CITES its place in the paper's reference list:
// (:Paper)-[:USES_DATASET]->(:Dataset)
// (:Paper)-[:INTRODUCES_DATASET]->(:Dataset)
// (:Paper)-[:MENTIONS_DATASET]->(:Dataset)
// (:Paper)-[:ADDRESSES_TASK]->(:Task)
// (:Paper)-[:PROPOSES]->(:Method)
// (:Paper)-[:USES_METHOD]->(:Method)
// (:Paper)-[:HAS_CODE]->(:CodeRepo)
// (:Author)-[:WROTE]->(:Paper)
// (:Paper)-[:IN_CATEGORY]->(:Category)
// (:Paper)-[:PUBLISHED_IN]->(:Venue)
// (:Paper)-[:CITES]->(:Paper)
// (:Paper)-[:REPORTS]->(:Dataset)
// (:Dataset)-[:VARIANT_OF]->(:Dataset)
// MENTIONS_DATASET: a dataset the abstract names only as background or others' work ("popularized by the
// LFW dataset"); it does not count as a benchmark the paper uses.
// REPORTS is a result the paper has on the dataset (beside its USES_DATASET link): metric, value, unit,
// task, model, extra_data, mention, evidence, field, start, end, extractor, confidence, count and
// self_reported (true when read from the paper's own text, false from a curated table such as Papers with Code's);
// every score the paper has there, that one first, in the parallel lists scores_metric, scores_value,
// scores_unit, scores_model, scores_extra_data, scores_task and scores_evidence.
// VARIANT_OF links a version that is a benchmark of its own (SQuAD 2.0, ImageNet-21k) to the dataset it is a
// version of, its family (no properties; the version's node names its family in `family`).
