// Replay windows over a table read on demand (src/detect/timeslice.ts SourceWindows, a workspace
// table): each window holds the rows of the in-memory windows (TimeSlicedTable) — times in
// [from, to), null times out, in time order — also when a day has segments that overlap in time
// (rows then come back out of order and are re-sorted); the window tag of batched rules is the
// same; counts never undercount; and a replay over the workspace gives the alerts of the same data
// in memory, for per-window rules (queryPeriod > queryFrequency) and batched ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import type { Value } from '../../src/kql/data/types.js';
import { commitWorkspace, emptyManifest, openWorkspace, readManifest } from '../../src/store/workspace.js';
import { SourceWindows, TimeSlicedTable, pickSourceTimeColumn } from '../../src/detect/timeslice.js';
import { loadRuleText, runDetections, type Rule } from '../../src/detect/index.js';
import { isTableSource } from '../../src/kql/scan.js';

const HOUR = 36_000_000_000, DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 5, 10) * 10_000;
let seed = 777;
const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };

const SCHEMA = [{ name: 'TimeGenerated', type: 'datetime' as const }, { name: 'User', type: 'string' as const }, { name: 'N', type: 'long' as const }];
function table(n: number, from: number, days: number): Table {
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < n; i++) {
    const t = rnd() < 0.01 ? null : from + Math.floor(rnd() * days * DAY) + Math.floor(rnd() * 10_000);
    rows.push({ TimeGenerated: t, User: `u${Math.floor(rnd() * 40)}`, N: Math.floor(rnd() * 100) });
  }
  return tableFromRows('R', SCHEMA, rows);
}
const rowsOf = (t: Table): string[] => {
  const cols = SCHEMA.map((c) => t.fields.find((f) => f.name === c.name)!.column);
  return Array.from({ length: t.rowCount }, (_, i) => JSON.stringify(cols.map((c) => c.get(i))));
};
const timesOf = (t: Table): number[] => {
  const c = t.fields.find((f) => f.name === 'TimeGenerated')!.column;
  return Array.from({ length: t.rowCount }, (_, i) => c.get(i) as number);
};

function rule(id: string, freq: string, period: string, query: string): Rule {
  const text = [
    `id: ${id}`, `name: r-${freq}-${period}`, 'description: test', 'severity: Medium', `queryFrequency: ${freq}`, `queryPeriod: ${period}`,
    'triggerOperator: gt', 'triggerThreshold: 0', 'requiredDataConnectors:', '  - connectorId: Custom', '    dataTypes: [R]', 'query: |', ...query.split('\n').map((l) => `  ${l}`),
    'entityMappings:', '  - entityType: Account', '    fieldMappings:', '      - identifier: Name', '        columnName: User',
  ].join('\n');
  const r = loadRuleText('r.yaml', text);
  assert.ok(r.rule, JSON.stringify(r.problems));
  return r.rule;
}

test('windows of a workspace table are the in-memory windows; replay alerts are the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-srcwin-'));
  try {
    process.env.CLOUDHOP_ROW_GROUP_ROWS = '8192';
    // a: 3 days; b: 110k rows in day 1 (one segment large enough to be kept beside a's day 1: two
    // segments of that day overlapping in time).
    const a = table(150_000, DAY0, 3), b = table(110_000, DAY0 + DAY, 1);
    for (const t of [a, b]) commitWorkspace(dir, readManifest(dir) ?? emptyManifest(), new Map([['R', [t]]]), []);
    const day1 = readManifest(dir)!.tables.R!.segments.filter((s) => s.minTime !== null && Math.floor(s.minTime / DAY) === Math.floor((DAY0 + DAY) / DAY));
    assert.equal(day1.length, 2, 'day 1 has two overlapping segments');
    const ws = await openWorkspace(dir);
    const src = ws.get('R')!;
    assert.ok(isTableSource(src));
    const whole = tableFromRows('R', SCHEMA, [...rowsOf(a), ...rowsOf(b)].map((r) => Object.fromEntries(SCHEMA.map((c, j) => [c.name, (JSON.parse(r) as Value[])[j]!]))));
    const sliced = new TimeSlicedTable(whole, 'TimeGenerated');
    const win = new SourceWindows(src, pickSourceTimeColumn(src));
    assert.equal(win.minTime, sliced.minTime);
    assert.equal(win.maxTime, sliced.maxTime);
    for (let i = 0; i < 40; i++) {
      const from = DAY0 - HOUR + Math.floor(rnd() * 3.5 * DAY), to = from + Math.floor(rnd() * (i % 2 ? 3 * HOUR : 2 * DAY));
      const got = win.window(from, to).scan({});
      const want = sliced.window(from, to);
      assert.deepEqual(rowsOf(got).sort(), rowsOf(want).sort(), `window ${i}`);
      const ts = timesOf(got);
      assert.ok(ts.every((t, k) => k === 0 || ts[k - 1]! <= t), `window ${i} in time order`);
      assert.ok(win.count(from, to) >= want.rowCount, `count of window ${i}`);
      const F = HOUR;
      const tagged = win.windowTagged(from, to, F, '__w').scan({ columns: new Set(['__w', 'N']) });
      const tw = sliced.windowTagged(from, to, F, '__w');
      const pairs = (t: Table): string[] => { const w = t.fields.find((f) => f.name === '__w')!.column; const n = t.fields.find((f) => f.name === 'N')!.column; const tm = t.fields.find((f) => f.name === 'TimeGenerated')!.column; return Array.from({ length: t.rowCount }, (_, k) => `${tm.get(k)} ${n.get(k)} ${w.get(k)}`).sort(); };
      assert.deepEqual(pairs(tagged), pairs(tw), `tagged window ${i}`);
    }
    assert.equal(win.count(DAY0 - 10 * DAY, DAY0 - 9 * DAY), 0);

    const rules = [
      rule('3f0e1d2c-0000-4000-8000-0000000000a1', '1d', '2d', 'R\n| summarize c = count(), n = sum(N) by User\n| where c > 2200'),
      rule('3f0e1d2c-0000-4000-8000-0000000000a2', '1h', '1h', 'R\n| where N == 7\n| summarize c = count() by User\n| where c > 3'),
      rule('3f0e1d2c-0000-4000-8000-0000000000a3', '6h', '1d', 'R\n| where N > 97\n| project TimeGenerated, User, N'),
    ];
    const norm = (x: { alerts: unknown[] }): string[] => x.alerts.map((y) => JSON.stringify(y)).sort();
    const fromWs = await runDetections({ tables: ws, rules });
    const fromMem = await runDetections({ tables: new Map([['R', whole]]), rules });
    assert.equal(fromWs.perRuleStats.reduce((n, s) => n + s.errorCount, 0), 0, JSON.stringify(fromWs.perRuleStats.map((s) => s.errors)));
    assert.ok(fromMem.alerts.length > 10, `${fromMem.alerts.length} alerts`);
    assert.deepEqual(norm(fromWs), norm(fromMem));
  } finally { delete process.env.CLOUDHOP_ROW_GROUP_ROWS; rmSync(dir, { recursive: true, force: true }); }
});
