import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { builtinRulesDir, loadPack, runDetections } from '../../src/detect/index.js';
import { bindCount } from '../../src/kql/index.js';

// Issue 14 acceptance 3: a replay binds each rule's query once (prepare), not once per window.

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
test(`replaying the pack over ${DAYS} days binds each rule once`, async () => {
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
