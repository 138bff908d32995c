// Delete up to $batch nodes of one label with their relationships (`kg push --wipe` repeats it).
// LABEL is replaced by a label of kg/schema.py.
MATCH (n:LABEL)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
