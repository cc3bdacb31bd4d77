// `export --sentinel DIR` (issue 16 item 6): the watchlists and stored functions the exported
// rules read are exported with them, and every template passes an ARM shape check of the kind
// `az deployment group what-if` does before deploying: the deploymentTemplate $schema, a
// contentVersion, declared parameters for every parameters('x') the template uses, and resources
// with type / apiVersion / name / properties as Sentinel's alertRules, watchlists and the
// workspace's savedSearches take them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudhop } from '../detect/cli.js';
import { ROOT } from '../helpers/shared.js';

type Json = Record<string, any>;

/** What a template needs to pass ARM's validation and what-if (empty: fine). */
function armShape(t: Json): string[] {
  const p: string[] = [];
  const need = (ok: unknown, what: string): void => { if (!ok) p.push(what); };
  need(t.$schema === 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', '$schema');
  need(/^\d+\.\d+\.\d+\.\d+$/.test(t.contentVersion ?? ''), 'contentVersion');
  for (const k of Object.keys(t)) need(['$schema', 'contentVersion', 'parameters', 'variables', 'resources', 'outputs', 'functions', 'metadata'].includes(k), `top-level key ${k}`);
  need(t.parameters && typeof t.parameters === 'object', 'parameters');
  for (const [name, def] of Object.entries<Json>(t.parameters ?? {})) need(['String', 'string', 'securestring', 'int', 'bool', 'object', 'array'].includes(def.type), `parameter ${name} type`);
  // Every parameters('x') in an expression is declared (ARM rejects the template otherwise).
  for (const m of JSON.stringify(t).matchAll(/parameters\('([^']+)'\)/g)) need(t.parameters?.[m[1]!], `undeclared parameter ${m[1]}`);
  need(Array.isArray(t.resources) && t.resources.length > 0, 'resources');
  for (const r of t.resources ?? []) {
    need(typeof r.type === 'string' && /^[A-Za-z.]+\/[A-Za-z/]+$/.test(r.type), 'resource type');
    need(/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(r.apiVersion ?? ''), 'resource apiVersion');
    need(typeof r.name === 'string' && r.name.length > 0, 'resource name');
    need(r.properties && typeof r.properties === 'object', 'resource properties');
    // A nested resource's name has one segment per type segment after the provider namespace.
    if (!r.name.startsWith('[') && !r.scope) need(r.name.split('/').length === r.type.split('/').length - 1, `name segments of ${r.type}`);
  }
  return p;
}

const read = (f: string): Json => JSON.parse(readFileSync(f, 'utf8')) as Json;
const aliasesIn = (text: string): string[] => [...text.matchAll(/_GetWatchlist\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);

test('export --sentinel: the watchlists and functions the rules read are exported with them; every template passes the ARM shape check', () => {
  const out = mkdtempSync(join(tmpdir(), 'cloudhop-export-'));
  const r = cloudhop(['export', '--sentinel', out]);
  assert.equal(r.code, 0, r.stderr);
  const rules = readdirSync(out).filter((f) => f.endsWith('.json'));
  const functions = existsSync(join(out, 'functions')) ? readdirSync(join(out, 'functions')) : [];
  const watchlists = existsSync(join(out, 'watchlists')) ? readdirSync(join(out, 'watchlists')) : [];
  assert.match(r.stdout, new RegExp(`wrote ${rules.length} ARM template\\(s\\) to .*; deploy first: ${functions.length} function\\(s\\) in .*functions, ${watchlists.length} watchlist\\(s\\) in .*watchlists\\n$`));

  // What the exported rules and functions read, from the templates themselves.
  const ruleQueries = rules.map((f) => read(join(out, f)).resources[0].properties.query as string);
  const fnTemplates = functions.map((f) => read(join(out, 'functions', f)));
  const fnNames = fnTemplates.map((t) => t.resources[0].properties.functionAlias as string);
  const packFunctions = readdirSync(join(ROOT, 'rules/T1021.007/functions')).map((f) => f.replace(/\.yaml$/, ''));
  for (const q of ruleQueries) for (const name of packFunctions) if (new RegExp(`\\b${name}\\s*\\(`).test(q)) assert.ok(fnNames.includes(name), `a rule calls ${name}: not exported`);
  const read_ = new Set([...ruleQueries, ...fnTemplates.map((t) => t.resources[0].properties.query as string)].flatMap(aliasesIn));
  assert.ok(read_.size >= 5, `${[...read_]}`);
  assert.deepEqual(watchlists.map((f) => f.replace(/\.json$/, '')).sort(), [...read_].sort(), 'exactly the watchlists the templates read');

  for (const f of rules) {
    const t = read(join(out, f));
    assert.deepEqual(armShape(t), [], f);
    assert.equal(t.resources[0].type, 'Microsoft.OperationalInsights/workspaces/providers/alertRules');
    assert.ok(['Scheduled', 'NRT'].includes(t.resources[0].kind), f);
  }
  for (const [i, t] of fnTemplates.entries()) {
    assert.deepEqual(armShape(t), [], functions[i]);
    const res = t.resources[0];
    assert.equal(res.type, 'Microsoft.OperationalInsights/workspaces/savedSearches');
    assert.equal(res.name, `[concat(parameters('workspace'), '/${res.properties.functionAlias}')]`);
    for (const k of ['displayName', 'category', 'functionAlias', 'query']) assert.equal(typeof res.properties[k], 'string', `${functions[i]}: ${k}`);
  }
  for (const f of watchlists) {
    const t = read(join(out, 'watchlists', f));
    assert.deepEqual(armShape(t), [], f);
    const res = t.resources[0];
    const alias = f.replace(/\.json$/, '');
    assert.equal(res.type, 'Microsoft.SecurityInsights/watchlists');
    assert.equal(res.name, alias);
    assert.match(res.scope, /parameters\('workspace'\)/, 'the watchlist lives on the workspace');
    const csv = readFileSync(join(ROOT, 'rules/T1021.007/watchlists', `${alias}.csv`), 'utf8').replace(/^\uFEFF/, '');
    const pr = res.properties;
    assert.equal(pr.watchlistAlias, alias);
    assert.equal(pr.displayName, alias);
    assert.equal(pr.contentType, 'text/csv');
    assert.equal(pr.numberOfLinesToSkip, 0);
    assert.equal(pr.rawContent, csv, `${alias}: the CSV as is`);
    assert.ok(csv.split(/\r?\n/)[0]!.split(',').map((h) => h.trim()).includes(pr.itemsSearchKey), `${alias}: itemsSearchKey ${pr.itemsSearchKey} is a column`);
    for (const k of ['provider', 'source']) assert.equal(typeof pr[k], 'string', `${alias}: ${k}`);
  }
});
