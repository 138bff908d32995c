// question: Which papers have this id, or this text in their title?
// param text (string): a node id (with or without `paper:`), a title, or part of one (any case)
// param limit (integer >= 0) = 20: the most papers to return
// example: kg ask find-paper -p text=swin
// part: papers text; titles text
MATCH (p:Paper)
WHERE p.id = $text OR p.id = 'paper:' + $text OR toLower(p.title) CONTAINS toLower($text)
RETURN p.id AS paper, p.title AS title
ORDER BY toLower(title), paper
LIMIT $limit
