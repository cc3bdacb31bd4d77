/**
 * The T1021.007 content pack (rules/T1021.007, docs/T1021.007): lint clean, rule tests pass with
 * at least three true positives and three true negatives per rule, the seed rule ships verbatim,
 * and every query (rules, exported ARM templates, hunts, documentation blocks) checks clean with
 * Microsoft's parser and ours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { ROOT, SHARED, needsShared } from '../helpers/shared.js';
import { loadPack, lintPack, loadEngine, formatProblem } from '../../src/detect/index.js';
import { armTemplate } from '../../src/detect/export.js';
import { builtinCatalog } from '../../src/store/schemas/index.js';
import { msCheck, MS_PARSER_AVAILABLE } from './ms-kusto.js';
import { docQueries } from './doc-queries.js';

const PACK = join(ROOT, 'rules', 'T1021.007');
const ruleFiles = readdirSync(PACK).filter((f) => f.endsWith('.yaml') && !f.endsWith('.tests.yaml')).sort();

test('the pack loads and lints clean (cloudhop lint-rules rules/)', async () => {
  const engine = await loadEngine();
  const { pack, problems } = lintPack([join(ROOT, 'rules')], engine);
  assert.deepEqual(problems.map(formatProblem), []);
  assert.equal(pack.rules.length, ruleFiles.length);
});

test('every rule has a test file with >= 3 true positives and >= 3 true negatives', () => {
  for (const f of ruleFiles) {
    const tf = join(PACK, f.replace(/\.yaml$/, '.tests.yaml'));
    const doc = parseYaml(readFileSync(tf, 'utf8')) as { cases: { kind: string; expect: { alerts: number } }[] };
    const tp = doc.cases.filter((c) => c.kind === 'true-positive' && c.expect.alerts >= 1).length;
    const tn = doc.cases.filter((c) => c.kind === 'true-negative' && c.expect.alerts === 0).length;
    assert.ok(tp >= 3 && tn >= 3, `${f}: ${tp} true positives, ${tn} true negatives`);
  }
});

// The rule tests themselves run in test/detect/builtin-pack.test.ts (cloudhop test-rules rules/).

test('the seed rule ships verbatim and is named as the seed', needsShared, () => {
  const seed = readFileSync(join(SHARED!, 'seed', 'T1021.007-seed.kql'), 'utf8');
  const rule = parseYaml(readFileSync(join(PACK, 'seed-verbatim.yaml'), 'utf8')) as { name: string; query: string };
  assert.equal(rule.query, seed);
  assert.match(rule.name, /seed/i);
});

test('every rule query fits Sentinel\'s 10,000-character limit', () => {
  for (const f of ruleFiles) {
    const q = (parseYaml(readFileSync(join(PACK, f), 'utf8')) as { query: string }).query;
    assert.ok(q.length <= 10_000, `${f}: ${q.length} characters`);
  }
});

test('improved rules never name a tenant: no user, host or IP literals beyond documentation identifiers', () => {
  for (const f of ruleFiles.filter((x) => x !== 'seed-verbatim.yaml')) {
    const q = (parseYaml(readFileSync(join(PACK, f), 'utf8')) as { query: string }).query;
    assert.doesNotMatch(q, /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b(?<!169\.254\.169\.254)/, `${f} holds an IP literal`);
    assert.doesNotMatch(q, /@[a-z0-9-]+\.(com|net|io|org|local)\b/i, `${f} holds a UPN/domain literal`);
  }
});

const exported = (() => {
  const pack = loadPack([join(ROOT, 'rules')]);
  return pack.rules.map((r) => ({ file: r.file, template: armTemplate(r) as { resources: { properties: { query: string } }[] } }));
})();

test('exported ARM templates: queries check clean with our front end', async () => {
  const engine = await loadEngine();
  // The pack's stored functions are deployed beside the rules (cloudhop export writes them).
  const catalog = { ...builtinCatalog(), functions: loadPack([join(ROOT, 'rules')]).functions };
  assert.equal(exported.length, ruleFiles.length);
  for (const { file, template } of exported) {
    const q = template.resources[0]!.properties.query;
    const r = engine.check(q, { catalog });
    const errors = r.diagnostics.filter((d) => d.severity === 'error' && !/_GetWatchlist/.test(d.message));
    assert.deepEqual(errors.map((d) => `${file}:${d.line}:${d.col} ${d.code} ${d.message}`), []);
  }
});

test('exported ARM templates: queries check clean with Microsoft\'s parser (@kusto/language-service-next)',
  { skip: MS_PARSER_AVAILABLE ? false : '@kusto/language-service-next (devDependency) is not installed: skipped' }, () => {
    for (const { file, template } of exported) {
      const q = template.resources[0]!.properties.query;
      assert.deepEqual(msCheck(q).map((d) => `${file}: ${d.code} ${d.message} at ${d.start}`), []);
    }
  });

test('hunts and documentation KQL blocks check clean with Microsoft\'s parser',
  { skip: MS_PARSER_AVAILABLE ? false : '@kusto/language-service-next (devDependency) is not installed: skipped' }, () => {
    const qs = docQueries();
    assert.ok(qs.length >= 20, `only ${qs.length} documentation queries found`);
    for (const { where, query } of qs) assert.deepEqual(msCheck(query).map((d) => `${where}: ${d.code} ${d.message}`), []);
  });

test('cloudhop export --sentinel writes one template per rule, each checking clean with Microsoft\'s parser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-export-'));
  try {
    const { run } = await import('../../src/cli/commands/export.js');
    const out = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    let code: number;
    // --with-seed: the seed rule's template too (it ships switched off and is left out without the flag)
    try { code = await run(['--sentinel', dir, '--rules', join(ROOT, 'rules'), '--with-seed']); } finally { process.stdout.write = out; }
    assert.equal(code, 0);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, ruleFiles.length);
    if (MS_PARSER_AVAILABLE) {
      // the files as written (what `az deployment group create` would deploy) check clean with Microsoft's parser
      for (const f of files) {
        const t = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { resources: { type: string; properties: { query: string } }[] };
        assert.equal(t.resources[0]!.type, 'Microsoft.OperationalInsights/workspaces/providers/alertRules');
        assert.deepEqual(msCheck(t.resources[0]!.properties.query).map((d) => `${f}: ${d.code} ${d.message}`), []);
      }
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
