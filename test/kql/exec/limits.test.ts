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
