// Upsert a batch of nodes of one label: MERGE on the unique id, then set the other properties.
// LABEL is replaced by a label of kg/schema.py (never by input); values come only in $rows.
UNWIND $rows AS row
MERGE (n:LABEL {id: row.id})
SET n += row.properties
