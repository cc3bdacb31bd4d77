// exec/scan-request.ts: which `where` predicates become time ranges (and term filters) of a table's ScanRequest, and
// through which operators they reach the table. Each case: a query, and the request the table
// reference gets (as `explain --scan` prints it and as the executor asks a TableSource for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../../src/kql/explain.js';
import { execute } from '../../../src/kql/execute.js';
import { tableFromRows } from '../../../src/kql/data/column.js';
import type { Table } from '../../../src/kql/data/column.js';
import type { ScanRequest, TableSource } from '../../../src/kql/scan.js';
import { requestKey } from '../../../src/kql/exec/scan-request.js';

const NOW = Date.UTC(2024, 5, 30) * 10_000; // 2024-06-30T00:00:00Z in ticks
const T0 = '2024-06-15T10:00:00.0000000Z', T1 = '2024-06-15T11:00:00.0000000Z';

/** query → the `scan:` text of each table reference, in plan order. */
const CASES: [string, string[]][] = [
  [`E | where Timestamp between (datetime(2024-06-15T10:00:00Z) .. 1h) | summarize count() by DeviceName`,
    [`columns=[Timestamp, DeviceName] time Timestamp in [${T0} .. ${T1}]`]],
  [`E | where Timestamp between (datetime(2024-06-15T10:00:00Z) .. datetime(2024-06-15T11:00:00Z)) | count`,
    [`columns=[Timestamp] time Timestamp in [${T0} .. ${T1}]`]],
  [`E | where Timestamp > ago(1h)`, ['columns=* time Timestamp in [2024-06-29T23:00:00.0000000Z .. +inf]']],
  [`E | where Timestamp >= datetime(2024-06-15T10:00:00Z) and Timestamp < datetime(2024-06-15T11:00:00Z)`, [`columns=* time Timestamp in [${T0} .. ${T1}]`]],
  [`E | where datetime(2024-06-15T11:00:00Z) >= Timestamp`, [`columns=* time Timestamp in [-inf .. ${T1}]`]],
  [`E | where Timestamp == datetime(2024-06-15T10:00:00Z)`, [`columns=* time Timestamp in [${T0} .. ${T0}]`]],
  // let constants and arithmetic on constants are folded with the query's now
  [`let start = datetime(2024-06-15T10:00:00Z); let span = 30m; E | where Timestamp between (start .. (start + span + span))`, [`columns=* time Timestamp in [${T0} .. ${T1}]`]],
  [`E | where Timestamp > now() - 1d and Timestamp <= now()`, ['columns=* time Timestamp in [2024-06-29T00:00:00.0000000Z .. 2024-06-30T00:00:00.0000000Z]']],
  // through extend (a column it does not define), project (kept or renamed), sort, another where
  [`E | extend h = hash(DeviceName) | where Timestamp > ago(1d) and h > 3`, ['columns=* time Timestamp in [2024-06-29T00:00:00.0000000Z .. +inf]']],
  [`E | project When = Timestamp, DeviceName | where When > ago(1d)`, ['columns=[Timestamp, DeviceName] time Timestamp in [2024-06-29T00:00:00.0000000Z .. +inf]']],
  [`E | sort by Timestamp | where Timestamp > ago(1d) | where Timestamp < ago(1h)`, ['columns=* time Timestamp in [2024-06-29T00:00:00.0000000Z .. 2024-06-29T23:00:00.0000000Z]']],
  // shapes that give no range: or, !between, not(), a computed column, a column on both sides,
  // a non-datetime constant, and operators that change which rows there are (take, summarize)
  [`E | where Timestamp > ago(1h) or DeviceName == 'x'`, ['columns=*']],
  [`E | where Timestamp !between (datetime(2024-06-15T10:00:00Z) .. 1h)`, ['columns=*']],
  [`E | where not(Timestamp > ago(1h))`, ['columns=*']],
  [`E | extend Timestamp = Timestamp + 1d | where Timestamp > ago(1h)`, ['columns=*']],
  [`E | where Timestamp > Other`, ['columns=*']],
  [`E | where ReportId > 5`, ['columns=*']],
  [`E | take 10 | where Timestamp > ago(1h)`, ['columns=*']],
  [`E | summarize Timestamp = max(Timestamp) by DeviceName | where Timestamp > ago(1h)`, ['columns=[Timestamp, DeviceName]']],
  // term filters (exec/term-filters.ts): the whole terms a has-family predicate needs, through the
  // same operators (a renamed column maps back; a redefined one, or take, stops them); a side of an
  // `or` without terms on that column gives none
  [`E | where DeviceName has "DC01" | project Timestamp`, ['columns=[DeviceName, Timestamp] terms DeviceName any of [["dc01"]]']],
  [`E | project D = DeviceName, Timestamp | where D has_any ("a b", "c")`, ['columns=[DeviceName, Timestamp] terms DeviceName any of [["a","b"],["c"]]']],
  [`E | extend DeviceName = strcat(DeviceName, "x") | where DeviceName has "a"`, ['columns=*']],
  [`E | take 5 | where DeviceName has "a"`, ['columns=*']],
  [`E | where Timestamp > ago(1h) and (DeviceName == "x" or DeviceName startswith "pow")`, ['columns=* time Timestamp in [2024-06-29T23:00:00.0000000Z .. +inf]']],
  // each side of a join gets its own request
  [`E | where Timestamp > ago(1h) | join (S | where TimeGenerated < ago(2h)) on DeviceName`,
    ['columns=* time Timestamp in [2024-06-29T23:00:00.0000000Z .. +inf]', 'columns=* time TimeGenerated in [-inf .. 2024-06-29T22:00:00.0000000Z]']],
];

for (const [query, expected] of CASES) {
  test(`scan request: ${query}`, () => {
    const r = explain(query, { scan: true, now: NOW });
    assert.ok(r.ok);
    const got = r.text.split('\n').filter((l) => l.includes(' scan: ')).map((l) => l.replace(/^\s*Table \w+ scan: /, ''));
    assert.deepEqual(got, expected);
  });
}

/**
 * A TableSource over an in-memory table that answers exactly the request (the rows in its time
 * ranges, nothing more): the executor must still give the same answer as over the plain table.
 */
function exactSource(t: Table, asked: ScanRequest[]): TableSource {
  return {
    kind: 'source', name: t.name, rowCount: t.rowCount,
    schema: t.fields.map((f) => ({ name: f.name, type: f.column.type })),
    scan(req) {
      asked.push(req);
      const keep: number[] = [];
      for (let i = 0; i < t.rowCount; i++) {
        const ok = (req.time ?? []).every((r) => {
          const v = t.fields.find((f) => f.name === r.column)!.column.get(i) as number | null;
          return v !== null && (r.min === null || v >= r.min) && (r.max === null || v <= r.max);
        });
        if (ok) keep.push(i);
      }
      const cols = t.fields.map((f) => ({ name: f.name, type: f.column.type }));
      return tableFromRows(t.name, cols, keep.map((i) => Object.fromEntries(t.fields.map((f) => [f.name, f.column.get(i)]))));
    },
  };
}

test('the executor asks a TableSource for the request, once per (table, request) per query, and gets the same answer', () => {
  const hour = 36_000_000_000;
  const base = Date.UTC(2024, 5, 29) * 10_000;
  const rows = Array.from({ length: 48 }, (_, i) => ({ Timestamp: base + i * hour, DeviceName: `d${i % 5}`, N: i }));
  const t = tableFromRows('E', [{ name: 'Timestamp', type: 'datetime' }, { name: 'DeviceName', type: 'string' }, { name: 'N', type: 'long' }], rows);
  const q = 'E | where Timestamp > ago(6h) | summarize n = count(), s = sum(N) by DeviceName | union (E | where Timestamp > ago(6h) | summarize n = count(), s = sum(N) by DeviceName) | order by DeviceName asc';
  const asked: ScanRequest[] = [];
  const viaSource = execute(q, { tables: new Map([['E', exactSource(t, asked)]]), now: NOW });
  const plain = execute(q, { tables: new Map([['E', t]]), now: NOW });
  assert.ok(viaSource.ok && plain.ok);
  assert.deepEqual(viaSource.result.rows, plain.result.rows);
  assert.deepEqual(plain.result.rows.slice(0, 2), [['d0', 6, 195], ['d0', 6, 195]], 'rows after now - 6h (row 18): 19..47, of d0 20, 25 … 45');
  assert.equal(asked.length, 1, 'two identical references scan once');
  assert.equal(requestKey(asked[0]!), requestKey({ columns: new Set(['Timestamp', 'DeviceName', 'N']), time: [{ column: 'Timestamp', min: NOW - 6 * hour, max: null }] }));
});
