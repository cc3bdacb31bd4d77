// The executor's regex fast path for has/has_any must agree with semantics/terms.ts on every input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { termRegex } from '../../../src/kql/exec/term-regex.js';
import { compileStringPredicate, compileHasAny } from '../../../src/kql/semantics/terms.js';

const ALPHABET = ['a', 'B', 'z', '0', '9', ' ', '-', '.', '_', '/', '\\', 'é', 'Ж', '中', ':', '=', '"'];
let seed = 42;
const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const word = (max: number): string => Array.from({ length: 1 + rnd(max) }, () => ALPHABET[rnd(ALPHABET.length)]).join('');

test('termRegex agrees with terms.ts (has, has_cs, hasprefix, hassuffix, has_any)', () => {
  for (let i = 0; i < 3000; i++) {
    const hay = word(24);
    // Needles: often substrings of the haystack, so matches happen.
    const start = rnd(hay.length);
    const needle = rnd(2) ? hay.slice(start, start + 1 + rnd(6)) : word(4);
    if (!needle) continue;
    for (const [op, mode, cs] of [['has', 'has', false], ['has_cs', 'has', true], ['hasprefix', 'hasprefix', false], ['hassuffix', 'hassuffix', false]] as const) {
      const want = compileStringPredicate(op, needle)(hay);
      const re = termRegex([needle], mode, cs)!;
      assert.equal(re.test(hay), want, `${op} ${JSON.stringify(needle)} in ${JSON.stringify(hay)}`);
    }
    const many = [needle, word(3), word(5)];
    assert.equal(termRegex(many, 'has', false)!.test(hay), compileHasAny(many)(hay), `has_any ${JSON.stringify(many)} in ${JSON.stringify(hay)}`);
  }
});

test('termRegex: the seed rule cases', () => {
  assert.equal(termRegex(['Connect-Az'], 'has', false)!.test('Connect-AzAccount -Tenant x'), false);
  assert.equal(termRegex(['Connect-AzAccount'], 'has', false)!.test('pwsh -c connect-azaccount'), true);
  assert.equal(termRegex(['az login'], 'has', false)!.test('AZ LOGIN --use-device-code'), true);
  assert.equal(termRegex(['az login'], 'has', false)!.test('xaz loginy'), false);
});
