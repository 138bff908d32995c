// question: Which paper has exactly this id (with or without `paper:`)?
// param id (string): the paper's node id, e.g. paper:arxiv:2103.14030 or arxiv:2103.14030
// example: kg ask paper-by-id -p id=title:kmax-deeplab-k-means-mask-transformer
// part: papers id
MATCH (p:Paper {id: $id})
RETURN p.id AS paper, p.title AS title
UNION
MATCH (p:Paper {id: 'paper:' + $id})
RETURN p.id AS paper, p.title AS title
