import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES, builtinCatalog } from '../../src/store/schemas/index.js';
import { builtinRulesDir, loadPack, runDetections } from '../../src/detect/index.js';
import { bindCount, check } from '../../src/kql/index.js';

// Issue 14 acceptance 3: a replay binds each rule's query once, not once per window, and not once
// more for runDetections' check before the replay (bindCount counts every bind: check, prepare, explain).

const T0 = parseIsoDatetime('2024-06-01T00:00:00Z')!;
const HOUR = 36_000_000_000;
const DAYS = 30;

/** One sign-in, one audit and one CloudTrail row per hour over 30 days (every window has data). */
function data(): Map<string, Table> {
  const rowsOf = (name: string, f: (t: number, i: number) => Record<string, unknown>): [string, Table] =>
    [name, tableFromRows(name, BUILTIN_TABLES.get(name)!.columns, Array.from({ length: DAYS * 24 }, (_, i) => f(T0 + i * HOUR + HOUR / 2, i)))];
  return new Map([
    rowsOf('SigninLogs', (t, i) => ({ TimeGenerated: t, UserPrincipalName: `u${i % 7}@contoso.com`, IPAddress: `192.0.2.${i % 200}`, ResultType: '0', AppDisplayName: 'Azure Portal' })),
    rowsOf('AuditLogs', (t, i) => ({ TimeGenerated: t, OperationName: 'Add service principal credentials', Result: 'success', Id: `a${i}` })),
    rowsOf('AWSCloudTrail', (t, i) => ({ TimeGenerated: t, EventName: 'CreateAccessKey', UserIdentityArn: `arn:aws:iam::1:user/u${i % 5}`, SourceIpAddress: '198.51.100.7' })),
  ]);
}

// Window batching off: every window is a run of the rule's query (batching would fold most windows
// into one query and hide a per-window bind). The pack's rules run daily: 30 runs each.
test(`replaying the pack over ${DAYS} days binds each rule once (check + every window run)`, async () => {
  const pack = loadPack([builtinRulesDir()]);
  const rules = pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting');
  assert.ok(rules.length >= 5, 'the pack has scheduled rules');
  const before = bindCount();
  const out = await runDetections({ tables: data(), rules, ...(pack.watchlistDirs[0] ? { watchlists: pack.watchlistDirs[0] } : {}), from: T0, to: T0 + DAYS * 24 * HOUR, batchWindows: false });
  const binds = bindCount() - before;
  const runs = out.perRuleStats.reduce((n, s) => n + s.runs, 0);
  assert.deepEqual(out.perRuleStats.flatMap((s) => s.errors), []);
  assert.ok(runs >= rules.length * DAYS, `${runs} runs`);
  assert.equal(binds, rules.length);
});

// With window batching on (the default), the batched runs reuse the rule's one bind too.
test(`replaying the pack over ${DAYS} days with window batching binds each rule once`, async () => {
  const pack = loadPack([builtinRulesDir()]);
  // Plus two hourly rules (disjoint windows) that batching runs as one query: a row-local one and an aggregating one.
  const base = pack.rules.find((r) => r.enabled && r.kind !== 'Hunting')!;
  const hourly = (id: string, query: string): typeof base => ({ ...base, id, query, functions: undefined, queryPeriod: HOUR, queryFrequency: HOUR }) as typeof base;
  const rules = [...pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting'),
    hourly('hourly-where', "SigninLogs | where ResultType == '0' | project TimeGenerated, UserPrincipalName"),
    hourly('hourly-count', "SigninLogs | where ResultType == '0' | summarize n = count() by UserPrincipalName")];
  const before = bindCount();
  const out = await runDetections({ tables: data(), rules, ...(pack.watchlistDirs[0] ? { watchlists: pack.watchlistDirs[0] } : {}), from: T0, to: T0 + DAYS * 24 * HOUR });
  const binds = bindCount() - before;
  assert.deepEqual(out.perRuleStats.flatMap((s) => s.errors), []);
  assert.deepEqual(out.perRuleStats.filter((s) => s.batched).map((s) => s.ruleId), ['hourly-where', 'hourly-count']);
  assert.equal(binds, rules.length);
});

// The check before the replay is the prepared query's: the same diagnostic check() gives, at the
// rule file's line:col, and the rule is bound once (its runs never start).
test('a rule that does not bind is reported from its one bind, as check() reports it', async () => {
  const pack = loadPack([builtinRulesDir()]);
  const base = pack.rules.find((r) => r.enabled && r.kind !== 'Hunting')!;
  const query = 'SigninLogs\n| where NoSuchColumn == 1';
  const rule = { ...base, query, functions: undefined } as typeof base;
  const expected = check(query, { catalog: builtinCatalog() }).diagnostics.find((d) => d.severity === 'error')!;
  assert.equal(expected.code, 'KQL100');
  const before = bindCount();
  const out = await runDetections({ tables: data(), rules: [rule], from: T0, to: T0 + 2 * 24 * HOUR });
  assert.equal(bindCount() - before, 1);
  const s = out.perRuleStats[0]!;
  assert.equal(s.runs, 0);
  assert.equal(s.errors.length, 1);
  const at = rule.queryPosition(expected.line, expected.col);
  assert.equal(s.errors[0], `${rule.file}:${at.line}:${at.col}: ${expected.code} ${expected.message}`);
});
