/**
 * The function registry (src/kql/functions/registry.ts): one complete record per function, and
 * every consumer reads the record's flags and implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUNCTION_RECORDS, aggregateImpl, functionRecord, isImplemented, isMovable, isRowLocal, scalarImpl } from '../../../src/kql/functions/registry.js';
import { specialForms } from '../../../src/kql/exec/expr.js';
import '../../../src/kql/execute.js'; // loads the executor, which registers its special forms
import { check, execute, tableFromRows } from '../../../src/kql/index.js';

const FLAG_NAMES = ['volatile', 'rowOrder', 'usesNow', 'aggregate', 'window', 'context', 'schema'] as const;

test('every record is complete: signature, result rule, all flags, an implementation or "not implemented"', () => {
  assert.ok(FUNCTION_RECORDS.length > 400, `${FUNCTION_RECORDS.length} records`);
  const specials = new Set(specialForms());
  const problems: string[] = [];
  for (const r of FUNCTION_RECORDS) {
    if (!/^[A-Za-z_]\w*$/.test(r.name)) problems.push(`${r.name}: bad name`);
    if (!r.text.startsWith(`${r.name}`)) problems.push(`${r.name}: signature text '${r.text}'`);
    if (r.returns === undefined) problems.push(`${r.name}: no result-type rule`);
    if (!(r.minArgs <= r.maxArgs)) problems.push(`${r.name}: arity ${r.minArgs}..${r.maxArgs}`);
    for (const f of FLAG_NAMES) if (typeof r.flags[f] !== 'boolean') problems.push(`${r.name}: flag ${f} missing`);
    if (r.flags.aggregate !== (r.kind === 'aggregate')) problems.push(`${r.name}: aggregate flag vs kind ${r.kind}`);
    if (r.flags.window !== (r.kind === 'window') || (r.flags.window && !r.flags.rowOrder)) problems.push(`${r.name}: window flags`);
    const impl = r.implementation;
    if ((impl.kind === 'none') !== (r.implemented === false)) problems.push(`${r.name}: implementation ${impl.kind} but implemented=${String(r.implemented)}`);
    if (impl.kind === 'none' && (specials.has(r.name) || scalarImpl(r.name) || aggregateImpl(r.name))) problems.push(`${r.name}: declared "not implemented" but the executor runs it`);
    switch (r.kind) {
      case 'scalar': if (impl.kind !== 'scalar' && impl.kind !== 'none') problems.push(`${r.name}: scalar without an implementation`); break;
      case 'aggregate': if (impl.kind !== 'aggregate' && impl.kind !== 'none') problems.push(`${r.name}: aggregate without an implementation`); break;
      default:
        // Window and special functions: an implementation, or a special form the executor registers.
        if (impl.kind === 'executor' && impl.form === 'expression' && !specials.has(r.name)) problems.push(`${r.name}: no special form registered in the executor`);
    }
  }
  assert.deepEqual(problems, []);
});

test('tabular special forms run where a table is expected', () => {
  const tabular = FUNCTION_RECORDS.filter((r) => r.implementation.kind === 'executor' && r.implementation.form === 'tabular').map((r) => r.name).sort();
  assert.deepEqual(tabular, ['_GetWatchlist', 'materialize', 'table']);
  const T = tableFromRows('T', [{ name: 'x', type: 'long' }], [{ x: 1 }, { x: 2 }]);
  const W = tableFromRows('W', [{ name: 'SearchKey', type: 'string' }], [{ SearchKey: 'a' }]);
  const out = execute("let m = materialize(T | where x > 1); union table('T'), m, _GetWatchlist('admins') | summarize n = count()",
    { tables: new Map([['T', T]]), watchlists: (alias) => (alias === 'admins' ? W : undefined) });
  assert.ok(out.ok, JSON.stringify(out.diagnostics));
  assert.deepEqual(out.result.rows, [[4]]);
});

test('flags: the facts rewrites and batching read (once, on the record)', () => {
  const flags = (n: string): string[] => FLAG_NAMES.filter((f) => functionRecord(n)!.flags[f]);
  assert.deepEqual(flags('rand'), ['volatile']);
  assert.deepEqual(flags('new_guid'), ['volatile']);
  assert.deepEqual(flags('now'), ['usesNow']);
  assert.deepEqual(flags('ago'), ['usesNow']);
  assert.deepEqual(flags('prev'), ['rowOrder', 'window']);
  assert.deepEqual(flags('row_window_session'), ['rowOrder', 'window']);
  assert.deepEqual(flags('count'), ['aggregate']);
  assert.deepEqual(flags('toscalar'), ['context']);
  assert.deepEqual(flags('columnifexists'), ['schema'], 'an alias finds its record');
  assert.deepEqual(flags('tolower'), []);
  // What may move (filter pushdown) and what is the same in every window (replay batching).
  const movable = (n: string): boolean => isMovable(functionRecord(n)!.flags);
  const rowLocal = (n: string): boolean => isRowLocal(functionRecord(n)!.flags);
  assert.deepEqual(['tolower', 'now', 'rand', 'prev', 'pack_all', 'toscalar'].map(movable), [true, true, false, false, false, true]);
  assert.deepEqual(['tolower', 'count', 'now', 'ago', 'rand', 'row_number', 'current_principal', '_GetWatchlist'].map(rowLocal), [true, true, false, false, false, false, false, false]);
});

test('an exception inside a function is KQL599 naming the function, at the call', () => {
  // A dynamic value whose serialisation throws: tostring() meets a real exception (no query can
  // build such a value; a table given by a library caller can).
  const bad = { toJSON(): never { throw new Error('cannot serialise this value'); } };
  const T = tableFromRows('T', [{ name: 'd', type: 'dynamic' }], [{ d: bad as unknown as null }]);
  const out = execute('T\n| extend s = tostring(d)', { tables: new Map([['T', T]]) });
  assert.equal(out.ok, false);
  assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message, d.line, d.col, d.length]),
    [['KQL599', "function 'tostring' failed: cannot serialise this value", 2, 14, 11]]);
  // The same inside an aggregate.
  const agg = execute('T\n| summarize make_set(d)', { tables: new Map([['T', T]]) });
  assert.deepEqual(agg.diagnostics.map((d) => [d.code, d.message, d.line, d.col, d.length]),
    [['KQL599', "function 'make_set' failed: cannot serialise this value", 2, 13, 11]]);
});

test('documented null results for invalid input stay null (not errors)', () => {
  const out = execute('print a = toint("x"), b = todatetime("not a date"), c = parse_json("{"), d = url_decode("%"), e = datetime_utc_to_local(datetime(2024-01-01), "Nowhere/Zone")', { tables: new Map() });
  assert.ok(out.ok, JSON.stringify(out.diagnostics));
  assert.deepEqual(out.result.rows, [[null, null, '{', '', null]]);
});

test('check warns "not implemented" (KQL210) for a function the executor cannot run; running it is KQL501', () => {
  const notImpl = FUNCTION_RECORDS.filter((r) => !isImplemented(r)).map((r) => r.name);
  assert.ok(notImpl.includes('parse_user_agent') && notImpl.includes('extent_id'), notImpl.join(', '));
  const q = 'print parse_user_agent("Mozilla/5.0", "browser")';
  const c = check(q);
  assert.deepEqual(c.diagnostics.map((d) => [d.code, d.severity, d.col, d.length]), [['KQL210', 'warning', 7, 16]]);
  const out = execute(q, { tables: new Map() });
  assert.deepEqual(out.diagnostics.map((d) => d.code), ['KQL501']);
  assert.deepEqual(check('print tolower("A")').diagnostics, []);
});
