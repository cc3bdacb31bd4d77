/** RE2 → JS regex translation and the linear-time guarantee. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex, translateRe2 } from '../../../src/kql/regex/index.js';

const ok = (p: string) => { const r = compileRegex(p); assert.ok(r.ok, r.ok ? '' : r.message); return r.regex; };

// [pattern, input, expected match (first match text) or null]
const MATCH_CASES: [string, string, string | null][] = [
  ['(?i)abc', 'xABCx', 'ABC'],
  ['(?i:ab)c', 'ABc', 'ABc'],
  ['(?i:ab)c', 'ABC', null],
  ['a(?i)bc', 'aBC', 'aBC'],
  ['a(?i)bc', 'ABC', null],
  ['x(?i)y|z', 'Z', 'Z'],
  ['(x(?i)y|z)w', 'Zw', 'Zw'],
  ['(x(?i)y|z)w', 'ZW', null],
  ['(?P<year>\\d{4})-(?P<m>\\d\\d)', 'on 2024-06-01', '2024-06'],
  ['(?<y>\\d{4})', 'y 1999', '1999'],
  ['\\Qa.b*c\\E', 'xa.b*cx', 'a.b*c'],
  ['\\Qa.b*c\\E', 'aXbbc', null],
  ['[[:alpha:]]+', '12abC3', 'abC'],
  ['[[:digit:][:upper:]]+', 'abC12d', 'C12'],
  ['[[:^alpha:]]+', 'ab12!c', '12!'],
  ['\\pL+', '12héllo3', 'héllo'],
  ['\\p{Greek}+', 'abc αβγ', 'αβγ'],
  ['\\PL+', 'ab12c', '12'],
  ['\\d+', '١٢٣ 42', '42'], // RE2 \d is ASCII only
  ['\\s', 'a\u00a0b c', ' '], // RE2 \s is ASCII only
  ['\\w+', 'été x', 't'],
  ['a.c', 'a\nc abc', 'abc'],
  ['(?s)a.c', 'a\nc', 'a\nc'],
  ['^b', 'a\nb', null],
  ['(?m)^b', 'a\nb', 'b'],
  ['a\\z', 'ba', 'a'],
  ['a\\z', 'a\n', null],
  ['\\Aa', 'ab', 'a'],
  ['x{2,3}', 'xxxx', 'xxx'],
  ['x{2,3}?', 'xxxx', 'xx'],
  ['(?U)x{2,3}', 'xxxx', 'xx'],
  ['(?U)x+?', 'xxx', 'xxx'],
  ['a{,2}', 'a{,2}', 'a{,2}'],
  ['[a\\-z]+', 'b-az', '-az'],
  ['[\\d\\s]+', 'ab1 2c', '1 2'],
  ['[^\\d]+', '12ab3', 'ab'],
  ['\\x41\\x{42}', 'xABx', 'AB'],
  ['\\.', 'a.b', '.'],
  ['\\/', 'a/b', '/'],
  ['(a|ab)(c|bcd)', 'abcd', 'abcd'],
  ['(?i)[a-c]+', 'xABCx', 'ABC'],
  ['(?i)straße', 'STRAßE', 'STRAßE'],
  ['\\bfoo\\b', 'a foo b', 'foo'],
];

for (const [p, input, want] of MATCH_CASES) {
  test(`RE2 /${p}/ on ${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => {
    const m = ok(p).exec(input);
    assert.equal(m ? m[0] : null, want);
  });
}

const REJECTS: [string, RegExp][] = [
  ['(a)\\1', /backreference/],
  ['(?=a)', /lookaround/],
  ['(?!a)', /lookaround/],
  ['(?<=a)b', /lookaround/],
  ['(?<!a)b', /lookaround/],
  ['a**', /repetition/],
  ['*a', /repetition/],
  ['(a', /missing closing \)/],
  ['a)', /unexpected \)/],
  ['[a', /missing closing \]/],
  ['[z-a]', /range/],
  ['a{1001}', /1000/],
  ['\\Z', /\\Z/],
  ['\\q', /escape/],
  ['\\p{NotAScript}', /range/],
  ['(?P<n>a)(?P<n>b)', /duplicate/],
];

for (const [p, msg] of REJECTS) {
  test(`RE2 rejects /${p}/`, () => {
    const r = compileRegex(p);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, msg);
  });
}

test('named groups are reported for extract_all(…, dynamic(["name"]), …)', () => {
  assert.deepEqual(translateRe2('(?P<a>x)(y)(?<b>z)').groupNames, ['a', undefined, 'b']);
});

test('compiled regexes are cached (same object for the same pattern)', () => {
  const a = compileRegex('ab+c'), b = compileRegex('ab+c');
  assert.ok(a.ok && b.ok && a.regex === b.regex);
});

test('ReDoS: (a+)+$ on a 100,000-character line returns (linear-time fallback)', () => {
  const line = 'a'.repeat(100_000) + '!';
  const started = process.hrtime.bigint();
  for (const p of ['(a+)+$', '(?i)(a+)+$', '^(a|a)*$', '^(\\w+\\s?)*$']) {
    assert.equal(ok(p).test(line), false, p);
  }
  // Generous bound: the backtracking engine would need longer than the age of the universe.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.ok(seconds < 30, `took ${seconds}s`);
});
