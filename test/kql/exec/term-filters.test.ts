// Predicate text → the TermFilters a store may narrow by (exec/term-filters.ts): input beside expected output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../src/kql/syntax/parser.js';
import type * as A from '../../../src/kql/syntax/ast.js';
import { termFiltersOf } from '../../../src/kql/exec/term-filters.js';

function predicateOf(text: string): A.Expr {
  const r = parse(`T | where ${text}`);
  assert.deepEqual(r.diagnostics, [], text);
  const stmt = r.ast.statements[0] as A.QueryStmt;
  return ((stmt.expr as A.Pipe).operator as A.WhereOp).predicate;
}

const CASES: [string, { column: string; anyOf: string[][] }[]][] = [
  // has: every term of the needle, lower-cased; boundaries cut by punctuation are still whole terms
  ['c has "certutil"', [{ column: 'c', anyOf: [['certutil']] }]],
  ['c has "az login"', [{ column: 'c', anyOf: [['az', 'login']] }]],
  ['c has "Connect-AzAccount"', [{ column: 'c', anyOf: [['connect', 'azaccount']] }]],
  ['c has "-urlcache-"', [{ column: 'c', anyOf: [['urlcache']] }]],
  ['c has "  ./x.exe "', [{ column: 'c', anyOf: [['x', 'exe']] }]],
  ['c has_cs "Invoke-WebRequest"', [{ column: 'c', anyOf: [['invoke', 'webrequest']] }]],
  ['c has "ΑΘΗΝΑ"', [{ column: 'c', anyOf: [['αθηνα']] }]],
  ['c has "Straße"', [{ column: 'c', anyOf: [['straße']] }]],
  ['c has "日本語テキスト"', [{ column: 'c', anyOf: [['日本語テキスト']] }]],
  ['c has "a😀b"', [{ column: 'c', anyOf: [['a', 'b']] }]],
  // no terms, or a fold hazard: nothing (every row may match / the key cannot be trusted)
  ['c has "-"', []],
  ['c has ""', []],
  ['c has "İstanbul"', []],
  ['c has "a\\u0345b"', []],
  // prefix / suffix / startswith / endswith: the run cut by the needle's open end is dropped
  ['c hasprefix "power"', []],
  ['c hasprefix "az log"', [{ column: 'c', anyOf: [['az']] }]],
  ['c hasprefix "az login "', [{ column: 'c', anyOf: [['az', 'login']] }]],
  ['c hassuffix "shell.exe"', [{ column: 'c', anyOf: [['exe']] }]],
  ['c hassuffix "\\\\cmd.exe"', [{ column: 'c', anyOf: [['cmd', 'exe']] }]],
  ['c startswith "powershell.exe -enc"', [{ column: 'c', anyOf: [['powershell', 'exe']] }]],
  ['c startswith_cs "C:\\\\"', [{ column: 'c', anyOf: [['c']] }]],
  ['c endswith ".ps1"', [{ column: 'c', anyOf: [['ps1']] }]],
  ['c endswith "x.ps1"', [{ column: 'c', anyOf: [['ps1']] }]],
  // equality and lists
  ['c == "az.cmd"', [{ column: 'c', anyOf: [['az', 'cmd']] }]],
  ['"az.cmd" =~ c', [{ column: 'c', anyOf: [['az', 'cmd']] }]],
  ['c == ""', []],
  ['c in ("cmd.exe", "PowerShell.exe")', [{ column: 'c', anyOf: [['cmd', 'exe'], ['powershell', 'exe']] }]],
  ['c in~ (dynamic(["a b", "c"]))', [{ column: 'c', anyOf: [['a', 'b'], ['c']] }]],
  ['c in ("x", "")', []],
  ['c in ("x", 1)', []],
  ['c has_any ("certutil", "Invoke-WebRequest", "az login")', [{ column: 'c', anyOf: [['certutil'], ['invoke', 'webrequest'], ['az', 'login']] }]],
  ['c has_any ("certutil", "-")', []],
  ['c has_all ("az", "login -x")', [{ column: 'c', anyOf: [['az', 'login', 'x']] }]],
  ['c has_all ("İ", "az")', [{ column: 'c', anyOf: [['az']] }]],
  // and / or
  ['c has "a" and d == "b"', [{ column: 'c', anyOf: [['a']] }, { column: 'd', anyOf: [['b']] }]],
  ['c has "a" or c has "b c"', [{ column: 'c', anyOf: [['a'], ['b', 'c']] }]],
  ['c has "a" or d has "b"', []],
  ['(c has "a" and d has "x") or c has "b"', [{ column: 'c', anyOf: [['a'], ['b']] }]],
  ['(c has "a" and c has "x") or c has_any ("b", "y")', [{ column: 'c', anyOf: [['a', 'x'], ['b'], ['y']] }]],
  ['c has "a" or c contains "b"', []],
  // negations, contains, regex, non-constant sides: nothing
  ['c !has "a"', []],
  ['not(c has "a")', []],
  ['c !in ("a")', []],
  ['c contains "abc"', []],
  ['c matches regex "abc"', []],
  ['c has d', []],
  ['tolower(c) has "a"', []],
  ['c has strcat("a", "b")', []],
];

for (const [text, expected] of CASES) {
  test(`term filters: ${text}`, () => {
    assert.deepEqual(termFiltersOf(predicateOf(text)), expected);
  });
}

test('term filters: a resolver supplies let-bound constants', () => {
  const p = predicateOf('c has_any (needles)');
  const got = termFiltersOf(p, (e) => (e.kind === 'Name' && e.name === 'needles' ? ['Az Login', 'gcloud'] : e.kind === 'Literal' ? e.value : undefined));
  assert.deepEqual(got, [{ column: 'c', anyOf: [['az', 'login'], ['gcloud']] }]);
});

test('term filters: a let scalar on the left is not a column', () => {
  const p = predicateOf('c has "a" and x has "b"');
  const got = termFiltersOf(p, (e) => (e.kind === 'Name' && e.name === 'x' ? 'text' : e.kind === 'Literal' ? e.value : undefined));
  assert.deepEqual(got, [{ column: 'c', anyOf: [['a']] }]);
});
