import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../../../src/kql/index.js';
import { tableFromRows } from '../../../src/kql/data/column.js';

const T = tableFromRows('SigninLogs', [{ name: 'UserPrincipalName', type: 'string' }], [{ UserPrincipalName: 'a@x' }]);
const tables = new Map([['SigninLogs', T]]);

const cases: [string, string, string, number][] = [
  // query, expected code, expected message, expected col
  ['SigninLogs | where UserPrincipalNam == "a"', 'KQL100', "Unknown column or variable 'UserPrincipalNam'. Did you mean 'UserPrincipalName'?", 20],
  ['SigninLogs | extend x = tolowr(UserPrincipalName)', 'KQL102', "Unknown function 'tolowr'. Did you mean 'tolower'?", 25],
];

for (const [q, code, message, col] of cases) {
  test(`execute reports the binder's diagnostic for: ${q}`, () => {
    const r = execute(q, { tables });
    assert.equal(r.ok, false);
    const d = r.diagnostics[0]!;
    assert.deepEqual({ code: d.code, message: d.message, line: d.line, col: d.col }, { code, message, line: 1, col });
  });
}

test('a valid query is not touched by the diagnostic path', () => {
  const r = execute('SigninLogs | where UserPrincipalName == "a@x" | count', { tables });
  assert.ok(r.ok);
  assert.deepEqual(r.ok && r.result.rows, [[1]]);
});
