// question: How many relationships of each type does the graph hold?
// example: kg ask counts-per-relationship
MATCH ()-[r]->()
RETURN type(r) AS relationship, count(*) AS relationships
ORDER BY relationships DESC, relationship
