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

// Issue 12: patterns that escaped V8's linear-time fallback. `(?m)…\z` needs a lookahead (which
// V8's linear engine refuses) and `\pL` makes a 600-range class (V8's linear engine then needs
// ~60 KB of memory per character); both now run on re2js. Before: 135 s on 40 characters, and
// 5.9 GB for 100 k characters.
test('ReDoS: (?m)(a+)+\\z and (\\pL+)+$ run in linear time on re2js', () => {
  const started = process.hrtime.bigint();
  const m = ok('(?m)(a+)+\\z');
  assert.equal(m.engine, 're2js');
  assert.equal(m.test('a'.repeat(40) + '!'), false);
  assert.equal(m.test('a'.repeat(100_000) + '!'), false);
  assert.equal(m.test('x\n' + 'a'.repeat(100_000)), true);
  const l = ok('(\\pL+)+$');
  assert.equal(l.engine, 're2js');
  assert.equal(l.test('é'.repeat(100_000) + '1'), false);
  assert.equal(l.exec('1' + 'é'.repeat(100_000))?.index, 1);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.ok(seconds < 5, `took ${seconds}s`);
});

test('long texts go to re2js: a quadratic backtracking pattern stays linear', () => {
  const q = ok('([a-z0-9]+\\.)+com$');
  assert.equal(q.engine, 'v8');
  const started = process.hrtime.bigint();
  assert.equal(q.test('a'.repeat(1_000_000) + '!'), false); // V8 alone: 27 s
  assert.equal(q.exec('x'.repeat(5000) + ' mail.contoso.com')?.[0], 'mail.contoso.com');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.ok(seconds < 5, `took ${seconds}s`);
});

test('both engines give the same matches, groups and named groups', () => {
  const p = '(?P<user>[a-z]+)@(?P<dom>[a-z.]+)';
  const short = 'mail bob@contoso.com now';
  const long = 'x'.repeat(3000) + ' ' + short;
  const a = ok(p).exec(short)!, b = ok(p).exec(long)!;
  assert.deepEqual([a[0], a[1], a[2], a.groups], [b[0], b[1], b[2], b.groups]);
  assert.equal(b.index, 3001 + a.index);
  assert.equal(ok('(a)|(b)').exec('x'.repeat(3000) + 'b')![1], undefined);
});

test('like wildcards match as the RegExp they replace, without its polynomial backtracking', async () => {
  const { wildcardMatcher } = await import('../../../src/kql/regex/wildcard.js');
  let seed = 7;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const pick = (xs: string): string => xs[Math.floor(rnd() * xs.length)]!;
  let checked = 0;
  for (let k = 0; k < 3000; k++) {
    const pat = Array.from({ length: Math.floor(rnd() * 6) }, () => pick('ab%_Aé.')).join('');
    const s = Array.from({ length: Math.floor(rnd() * 8) }, () => pick('abAÉé.\n')).join('');
    for (const ci of [false, true]) {
      let src = '';
      for (const ch of pat) src += ch === '%' ? '[\\s\\S]*' : ch === '_' ? '[\\s\\S]' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const want = new RegExp(`^${src}$`, ci ? 'i' : '').test(s);
      assert.equal(wildcardMatcher(pat, '%', '_', ci)(s), want, `${JSON.stringify(s)} like${ci ? '' : 'cs'} ${JSON.stringify(pat)}`);
      checked++;
    }
  }
  assert.equal(checked, 6000);
  const started = process.hrtime.bigint();
  assert.equal(wildcardMatcher('%a%a%a%a%a%a%b', '%', '_', true)('a'.repeat(100_000)), false); // the RegExp: > 10 min on 1,000
  assert.ok(Number(process.hrtime.bigint() - started) / 1e9 < 5);
});
