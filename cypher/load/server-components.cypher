// The server's name, version and edition (`kg neo4j check`).
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
