// Plugins that send their query to an external service (SQL, Cosmos DB, PostgreSQL, MySQL, Azure
// Digital Twins, Azure OpenAI) cannot run in the offline engine: each fails with KQL501 and a
// message naming its service, at the plugin's name (not a generic "not supported").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../../../src/kql/index.js';

const CASES: [query: string, service: RegExp][] = [
  ["evaluate sql_request('Server=tcp:s,1433;Database=d;', 'select 1')", /SQL Server/],
  ["evaluate cosmosdb_sql_request('AccountEndpoint=https://a.documents.azure.com:443/;Database=d;Collection=c;', 'SELECT * from c')", /Cosmos DB/],
  ["evaluate postgresql_request('Host=h;Database=d;', 'select 1')", /PostgreSQL/],
  ["evaluate mysql_request('Server=h;Database=d;', 'select 1')", /MySQL/],
  ["evaluate azure_digital_twins_query_request('https://a.api.wcus.digitaltwins.azure.net', 'SELECT T FROM DIGITALTWINS T')", /Azure Digital Twins/],
  ["print t = 'x' | evaluate ai_embeddings(t, 'https://a.openai.azure.com/openai/deployments/e/embeddings?api-version=2024-06-01')", /embeddings endpoint/],
  ["print t = 'x' | evaluate ai_chat_completion_prompt(t, 'https://a.openai.azure.com/openai/deployments/c/chat/completions?api-version=2024-06-01')", /chat completion endpoint/],
];

for (const [query, service] of CASES) {
  const plugin = /evaluate (\w+)/.exec(query)![1]!;
  test(`evaluate ${plugin}: KQL501 naming its service`, () => {
    const out = execute(query, { tables: new Map() });
    assert.equal(out.ok, false);
    const d = out.diagnostics.find((x) => x.code === 'KQL501');
    assert.ok(d, JSON.stringify(out.diagnostics));
    assert.match(d.message, service);
    assert.match(d.message, /offline/);
    assert.equal(query.slice(d.start, d.start + d.length), plugin);
  });
}
