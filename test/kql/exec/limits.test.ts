// Kusto-like resource limits: result truncation (500,000 rows / 64 MB) with a visible warning,
// `set notruncation`, a query timeout, and clear errors instead of running out of memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../../../src/kql/execute.js';

const none = { tables: new Map() };

test('rows beyond 500,000 are truncated with a warning; set notruncation lifts it', () => {
  const r = execute('range x from 1 to 500010 step 1', none);
  assert.ok(r.ok);
  assert.equal(r.result.rows.length, 500_000);
  assert.match(r.result.warnings.join('\n'), /truncated to 500000 of 500010 rows/);
  const all = execute('set notruncation; range x from 1 to 500010 step 1', none);
  assert.ok(all.ok);
  assert.equal(all.result.rows.length, 500_010);
  assert.equal(all.result.warnings.length, 0);
});

test('a result over 64 MB is truncated by size', () => {
  const r = execute('range x from 1 to 100000 step 1 | extend s = strrep("abcdefghij", 60)', none);
  assert.ok(r.ok);
  assert.ok(r.result.rows.length < 100_000 && r.result.rows.length > 10_000, `${r.result.rows.length} rows`);
  assert.match(r.result.warnings.join('\n'), /truncated/);
});

test('the timeout ends a query with an error diagnostic', () => {
  const r = execute('range x from 1 to 3000000 step 1 | extend y = strcat("a", x) | summarize count() by y | count', { ...none, timeoutMs: 1 });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.diagnostics[0]!.code, 'KQL502');
  assert.match(r.ok ? '' : r.diagnostics[0]!.message, /timed out/);
});

test('oversized operations fail with a clear error, not a crash', () => {
  const big = execute('range x from 1 to 90000000000 step 1 | count', none);
  assert.equal(big.ok, false);
  assert.match(big.ok ? '' : big.diagnostics[0]!.message, /exceed/);
  const cross = execute('let t = range x from 1 to 9000 step 1 | extend k = 1; t | join kind=inner t on k | count', none);
  assert.equal(cross.ok, false);
  assert.match(cross.ok ? '' : cross.diagnostics[0]!.message, /join output exceeds/);
});

test('the governor: a time limit in ms, KQL502 at the operator that was running', () => {
  const started = Date.now();
  const r = execute('range i from 1 to 5000000 step 1\n| where strcat("a", i) matches regex @"(a+)+$"\n| count', { ...none, timeoutMs: 300 });
  const ms = Date.now() - started;
  assert.equal(r.ok, false);
  const d = r.ok ? undefined : r.diagnostics[0]!;
  assert.equal(d?.code, 'KQL502');
  assert.equal(d?.line, 2); // the where
  assert.ok(ms < 1500, `${ms} ms`);
});

test('the governor: a memory ceiling in bytes, KQL503 naming the limit', () => {
  const r = execute('range i from 1 to 3000 step 1 | extend a = range(i, i + 1000000, 1) | mv-expand a | count', { ...none, maxMemoryBytes: 256 * 1024 * 1024 });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.diagnostics[0]!.code, 'KQL503');
  assert.match(r.ok ? '' : r.diagnostics[0]!.message, /memory limit of 256 MB/);
});

test('set servertimeout / max_memory_consumption_per_query_per_node lower the limits, never raise them', () => {
  const low = execute('set servertimeout = 200ms;\nrange i from 1 to 50000000 step 1 | where strcat("a", i) matches regex @"(a+)+$" | count', { ...none, timeoutMs: 60_000 });
  assert.equal(low.ok ? '' : low.diagnostics[0]!.code, 'KQL502');
  assert.match(low.ok ? '' : low.diagnostics[0]!.message, /200 ms/);
  const mem = execute('set max_memory_consumption_per_query_per_node = 100000000;\nrange i from 1 to 20000000 step 1 | count', none);
  assert.equal(mem.ok ? '' : mem.diagnostics[0]!.code, 'KQL503');
  const raise = execute('set servertimeout = 1h;\nrange i from 1 to 50000000 step 1 | where strcat("a", i) matches regex @"(a+)+$" | count', { ...none, timeoutMs: 200 });
  assert.equal(raise.ok ? '' : raise.diagnostics[0]!.code, 'KQL502');
  assert.match(raise.ok ? '' : raise.diagnostics[0]!.message, /200 ms/);
});

test('a string value over 64 Mi characters ends the query (KQL503), never V8\'s string-length failure', () => {
  const r = execute('print s = strrep(strrep("ab", 1000), 500) | extend s = strcat(s, s, s, s, s, s, s, s) | extend s = strcat(s, s, s, s, s, s, s, s) | extend s = strcat(s, s, s, s, s, s, s, s)', none);
  assert.equal(r.ok ? '' : r.diagnostics[0]!.code, 'KQL503');
  assert.match(r.ok ? '' : r.diagnostics[0]!.message, /limit of 67,108,864/);
});

test('a cancel cell set (by another thread: cloudhop serve when its client goes away) ends the query with KQL506; unset, it runs', () => {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const q = 'range x from 1 to 200000 step 1 | extend y = strcat("a", x) | summarize count() by y | count';
  const ran = execute(q, { ...none, cancel: cell });
  assert.ok(ran.ok);
  assert.deepEqual(ran.result.rows, [[200000]]);
  Atomics.store(cell, 0, 1);
  const r = execute(q, { ...none, cancel: cell });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.diagnostics[0]!.code, 'KQL506');
  assert.match(r.ok ? '' : r.diagnostics[0]!.message, /cancelled: its client went away/);
});
