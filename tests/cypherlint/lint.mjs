// Lint Cypher statements with Neo4j's parser and semantic analysis (@neo4j-cypher/language-support).
// stdin: JSON lines. The first is the graph schema {labels, relationshipTypes, propertyKeys}; each
// other is {name, query}. stdout: one JSON line per statement {name, errors, warnings}.
// Notes that a parameter is not defined are dropped: parameters are given at run time.
import { createInterface } from 'node:readline';
import { lintCypherQuery } from '@neo4j-cypher/language-support';
// The built-in functions and procedures of a Neo4j 5 server, as the package's own test schema lists
// them, so that a misspelt or unknown function is an error too.
import { testData } from './node_modules/@neo4j-cypher/language-support/dist/esm/project/language-support/src/tests/testData.js';

const lines = createInterface({ input: process.stdin });
let schema = null;
for await (const line of lines) {
  if (!line.trim()) continue;
  const item = JSON.parse(line);
  if (schema === null) {
    schema = { ...item, functions: testData.mockSchema.functions, procedures: testData.mockSchema.procedures };
    continue;
  }
  const diagnostics = lintCypherQuery(item.query, schema).diagnostics
    .filter((d) => !/^Parameter \$\w+ is not defined/.test(d.message));
  const describe = (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`;
  console.log(JSON.stringify({
    name: item.name,
    errors: diagnostics.filter((d) => d.severity === 1).map(describe),
    warnings: diagnostics.filter((d) => d.severity !== 1).map(describe),
  }));
}
