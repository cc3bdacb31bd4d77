/** Operator semantics: has-family term matching, null rules, arithmetic/comparison types, in/between. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScalarType, Value } from '../../../src/kql/data/types.js';
import { TICKS_PER_DAY } from '../../../src/kql/data/types.js';
import { compileHasAll, compileHasAny, compileStringPredicate, terms } from '../../../src/kql/semantics/terms.js';
import { betweenImpl, binaryOperator, compileListPredicate, type BinaryOp } from '../../../src/kql/semantics/operators.js';
import { dt } from './helpers.js';

// [left, op, right, expected]
const STRING_CASES: [string, string, string, boolean][] = [
  ['North America', 'has', 'america', true],
  ['North America', 'has', 'amer', false],
  ['North America', 'has_cs', 'America', true],
  ['North America', 'has_cs', 'america', false],
  ['North America', '!has', 'amer', true],
  ['North America', 'hasprefix', 'ame', true],
  ['North America', 'hasprefix', 'mer', false],
  ['North America', 'hassuffix', 'ica', true],
  ['North America', 'hassuffix', 'ric', false],
  ['North America', 'contains', 'RTH', true],
  ['North America', 'contains_cs', 'RTH', false],
  ['North America', 'startswith', 'nor', true],
  ['North America', 'endswith', 'RICA', true],
  ['North America', 'endswith_cs', 'RICA', false],
  ['North America', '=~', 'north america', true],
  ['North America', '==', 'north america', false],
  ['North America', '!~', 'north america', false],
  // multi-term right sides (DOMAIN.md "KQL traps" / the seed rule)
  ['powershell Connect-AzAccount -Tenant x', 'has', 'Connect-Az', false],
  ['powershell Connect-AzAccount -Tenant x', 'has', 'Connect-AzAccount', true],
  ['powershell Connect-AzAccount -Tenant x', 'has', 'connect-azaccount', true],
  ['az login --use-device-code', 'has', 'az login', true],
  ['baz login', 'has', 'az login', false],
  ['az loginx', 'has', 'az login', false],
  ['aws sts get-caller-identity', 'has', 'aws sts', true],
  ['gcloud auth login', 'has', 'gcloud', true],
  ['gcloud.exe', 'has', 'gcloud', true],
  ['mygcloud', 'has', 'gcloud', false],
  ['x anonymizedIPAddress y', 'has', 'anonymizedIPAddress', true],
  ['{"riskEventTypes":["anonymizedIPAddress"]}', 'has', 'anonymizedIPAddress', true],
  ['a_b', 'has', 'a', true], // "_" is not alphanumeric: a term boundary
  ['café au lait', 'has', 'café', true],
  ['cafés', 'has', 'café', false],
  ['abc', 'has', '', true],
  ['-Az', 'hasprefix', '-A', true],
  ['ÄBC Login', 'has', 'login', true],
  ['ÄBCLogin', 'has', 'login', false],
  ['xAbC', 'endswith', 'abc', true],
  ['AbCx', 'startswith', 'abc', true],
  ['ab', 'startswith', 'abc', false],
  ['ÉCOLE', 'startswith', 'éco', true],
  ['x.y*z', 'contains', '.Y*', true],
  ['Az Login az login', 'has_cs', 'az login', true],
  ['Az Login', 'has_cs', 'az login', false],
];

for (const [l, op, r, want] of STRING_CASES) {
  test(`"${l}" ${op} "${r}" → ${want}`, () => {
    assert.equal(compileStringPredicate(op as never, r)(l), want);
    const b = binaryOperator(op as BinaryOp, 'string', 'string');
    assert.ok('impl' in b);
    assert.equal(b.impl(l, r), want);
  });
}

test('has_any / has_all compile the list once and use term semantics', () => {
  const p = compileHasAny(['Connect-AzAccount', 'az login', 'aws configure']);
  assert.equal(p('pwsh -c Connect-AzAccount'), true);
  assert.equal(p('Connect-AzAccountX'), false);
  assert.equal(p('AZ LOGIN'), true);
  assert.equal(p('nothing'), false);
  assert.equal(compileHasAny([])('x'), false);
  // a failing boundary at one hit must not hide another term at the same position
  assert.equal(compileHasAny(['az', 'azure'])('azurex azure'), true);
  assert.equal(compileHasAny(['az l', 'az login'])('az login'), true);
  assert.equal(compileHasAny(['az l', 'az lo'])('az login'), false);
  assert.equal(compileHasAny(['Ünïcode', 'x'])('ÜNÏCODE y'), true);
  assert.equal(compileHasAny(['A.B', 'c+'])('a.b'), true);
  const q = compileHasAll(['az', 'login']);
  assert.equal(q('az x login'), true);
  assert.equal(q('az x'), false);
});

test('seed rule: Connect-AzAccount matches no Azure term, so CloudPlatform falls to "Unknown"', () => {
  const azure = compileHasAny(['Connect-Az', 'Connect-Mg', 'az login', 'az account']);
  const aws = compileHasAny(['aws configure', 'aws sts', 'aws cli']);
  const gcp = compileHasAny(['gcloud']);
  const line = 'powershell.exe -Command Connect-AzAccount -Identity';
  assert.deepEqual([azure(line), aws(line), gcp(line)], [false, false, false]);
  assert.equal(azure('az account show'), true);
});

test('terms() splits on non-alphanumerics', () => {
  assert.deepEqual(terms('Connect-AzAccount -Tenant x_y 42'), ['Connect', 'AzAccount', 'Tenant', 'x', 'y', '42']);
});

// [op, lt, rt, a, b, expected]
const OP_CASES: [BinaryOp, ScalarType, ScalarType, Value, Value, Value][] = [
  ['==', 'long', 'long', null, 1, false],
  ['!=', 'long', 'long', null, 1, true],
  ['==', 'long', 'long', null, null, null], // null-values.md: two nulls compare to null
  ['!=', 'long', 'long', null, null, null],
  ['<', 'long', 'long', null, 1, null],
  ['>', 'real', 'long', 2.5, 2, true],
  ['==', 'int', 'real', 2, 2.0, true],
  ['==', 'string', 'string', '', '', true],
  ['==', 'dynamic', 'long', 5, 5, true],
  ['==', 'dynamic', 'string', 'a', 'a', true],
  ['==', 'dynamic', 'dynamic', [1, { a: 2 }], [1, { a: 2 }], true],
  ['==', 'guid', 'string', '0697405b-7e44-4e81-9aa3-7a0d8f7d1bbf', '0697405b-7e44-4e81-9aa3-7a0d8f7d1bbf', true],
  ['<', 'string', 'string', 'a', 'b', true],
  ['+', 'long', 'long', 1, 2, 3],
  ['+', 'long', 'long', null, 2, null],
  ['/', 'long', 'long', 7, 2, 3],
  ['/', 'long', 'long', -7, 2, -3],
  ['/', 'real', 'long', 7, 2, 3.5],
  ['/', 'long', 'long', 1, 0, null],
  ['%', 'long', 'long', -7, 3, -1],
  ['-', 'datetime', 'datetime', dt('2024-01-02'), dt('2024-01-01'), TICKS_PER_DAY],
  ['+', 'datetime', 'timespan', dt('2024-01-01'), TICKS_PER_DAY, dt('2024-01-02')],
  ['/', 'timespan', 'timespan', TICKS_PER_DAY, TICKS_PER_DAY / 4, 4],
  ['*', 'timespan', 'long', TICKS_PER_DAY, 2, 2 * TICKS_PER_DAY],
  ['and', 'bool', 'bool', null, false, false],
  ['and', 'bool', 'bool', null, true, null],
  ['or', 'bool', 'bool', null, true, true],
  ['or', 'bool', 'bool', null, false, null],
  ['has', 'dynamic', 'string', { k: 'anonymizedIPAddress' }, 'anonymizedIPAddress', true],
  ['contains', 'long', 'string', 12345, '234', true],
  ['matches regex', 'string', 'string', 'abc123', '^[a-z]+\\d+$', true],
  ['matches regex', 'string', 'string', 'ABC', '(?i)^abc$', true],
  ['like', 'string', 'string', 'Hello', 'h%o', true],
  ['notlikecs', 'string', 'string', 'Hello', 'h%o', true],
];

for (const [op, lt, rt, a, b, want] of OP_CASES) {
  test(`${lt} ${JSON.stringify(a)} ${op} ${rt} ${JSON.stringify(b)} → ${JSON.stringify(want)}`, () => {
    const r = binaryOperator(op, lt, rt);
    assert.ok('impl' in r, 'error' in r ? r.error : '');
    assert.deepEqual(r.impl(a, b), want);
  });
}

test('result types of arithmetic follow Kusto', () => {
  const ty = (op: BinaryOp, l: ScalarType, r: ScalarType) => { const x = binaryOperator(op, l, r); return 'type' in x ? x.type : `error: ${x.error}`; };
  assert.equal(ty('+', 'int', 'int'), 'int');
  assert.equal(ty('+', 'int', 'long'), 'long');
  assert.equal(ty('*', 'long', 'real'), 'real');
  assert.equal(ty('-', 'datetime', 'datetime'), 'timespan');
  assert.equal(ty('+', 'datetime', 'timespan'), 'datetime');
  assert.equal(ty('/', 'timespan', 'timespan'), 'real');
  // `==` between a string and a number is accepted (Microsoft's analyzer does); `<` is not.
  assert.equal(ty('==', 'string', 'long'), 'bool');
  assert.equal(ty('<', 'string', 'long').startsWith('error'), true);
  assert.equal(ty('+', 'string', 'long').startsWith('error'), true);
  assert.equal(ty('+', 'datetime', 'datetime').startsWith('error'), true);
  assert.equal(ty('and', 'long', 'bool').startsWith('error'), true);
});

test('in / !in / in~ lists: case rules, numeric equality, flattening, nulls', () => {
  const inS = compileListPredicate('in', 'string', ['medium', 'high']);
  assert.equal(inS('high'), true);
  assert.equal(inS('High'), false);
  assert.equal(compileListPredicate('in~', 'string', ['medium', 'high'])('High'), true);
  assert.equal(compileListPredicate('!in', 'string', ['a'])('b'), true);
  assert.equal(compileListPredicate('in', 'long', [1, 2.0, 3])(2), true);
  assert.equal(compileListPredicate('in', 'long', [1])(null), false);
  assert.equal(compileListPredicate('!in', 'long', [1])(null), true);
  assert.equal(compileListPredicate('in', 'string', [['a', 'b'], 'c'])('b'), true);
  assert.equal(compileListPredicate('has_any', 'string', [['Connect-Az', 'az login']])('az login now'), true);
  assert.equal(compileListPredicate('has_all', 'string', ['az', 'login'])('az login'), true);
});

test('between is inclusive; datetime .. timespan means a window', () => {
  assert.equal(betweenImpl(false, 'long', 'long')(5, 1, 5), true);
  assert.equal(betweenImpl(false, 'long', 'long')(6, 1, 5), false);
  assert.equal(betweenImpl(true, 'long', 'long')(6, 1, 5), true);
  assert.equal(betweenImpl(false, 'long', 'long')(null, 1, 5), null);
  const f = betweenImpl(false, 'datetime', 'timespan');
  assert.equal(f(dt('2024-01-01T12:00:00Z'), dt('2024-01-01'), TICKS_PER_DAY), true);
  assert.equal(f(dt('2024-01-03'), dt('2024-01-01'), TICKS_PER_DAY), false);
});
