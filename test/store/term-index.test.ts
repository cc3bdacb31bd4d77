// The term index of one string column (store/term-index.ts) and the term keys it stores
// (kql/semantics/term-keys.ts): input beside expected output, plus exhaustive checks of the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTermIndex, openTermIndex, TermIndexFormatError } from '../../src/store/term-index.js';
import { termKey, termKeysOf, hasKeyHazard } from '../../src/kql/semantics/term-keys.js';
import { isTermChar } from '../../src/kql/semantics/terms.js';

const DICT = [
  'powershell.exe -nop -c "Connect-AzAccount"', // 0
  'az login --use-device-code',                 // 1
  'AZ LOGIN',                                   // 2
  'certutil -urlcache -f http://x/a.exe',       // 3
  'xaz loginy',                                 // 4
  '',                                           // 5
  'İstanbul ofisi',                             // 6: hazard → always a candidate
  'ΟΔΟΣ.Αθηνά',                                 // 7
  'straße STRASSE',                             // 8
  'ſtop Kelvin',                                // 9 (long s, Kelvin sign)
  '日本語 テキスト😀end',                        // 10
];
const idx = openTermIndex(buildTermIndex({ dict: DICT }));
const cand = (anyOf: string[][]): number[] | undefined => { const c = idx.candidates(anyOf); return c && [...c]; };

test('term index: candidates by whole terms, any case, with the hazard value always in', () => {
  assert.deepEqual(cand([['az', 'login']]), [1, 2, 6]);
  assert.deepEqual(cand([['connect', 'azaccount']]), [0, 6]);
  assert.deepEqual(cand([['certutil'], ['az', 'login']]), [1, 2, 3, 6]);
  assert.deepEqual(cand([['nope']]), [6]);
  assert.deepEqual(cand([['exe']]), [0, 3, 6]);
  assert.deepEqual(cand([['οδοσ']]), [6, 7]); // final sigma and σ share a key
  assert.deepEqual(cand([['ΑΘΗΝΆ']]), [6, 7]);
  assert.deepEqual(cand([['straße']]), [6, 8]);
  assert.deepEqual(cand([['strasse']]), [6, 8]);
  assert.deepEqual(cand([['stop']]), [6, 9]); // ſ ≡ s under Unicode simple case folding
  assert.deepEqual(cand([['kelvin']]), [6, 9]);
  assert.deepEqual(cand([['日本語'], ['end']]), [6, 10]);
  assert.deepEqual(cand([['az login']]), [1, 2, 6], 'a multi-term string is split again');
});

test('term index: declines when it cannot narrow', () => {
  assert.equal(idx.candidates([[]]), undefined);
  assert.equal(idx.candidates([['az'], []]), undefined);
  assert.equal(idx.candidates([['-']]), undefined);
  assert.equal(idx.candidates([['a\u0345b']]), undefined);
});

test('term index: only codes a row uses are indexed when codes are given', () => {
  const i = openTermIndex(buildTermIndex({ dict: ['a b', 'a c', 'a d'], codes: Uint32Array.from([0, 2, 2]) }));
  assert.deepEqual([...i.candidates([['a']])!], [0, 2]);
  assert.deepEqual(i.stats(), { dictSize: 3, terms: 3, alwaysCandidates: 0, postings: 4, bytes: i.byteLength });
});

test('term index: many terms and dense postings round-trip (block search, bitmaps)', () => {
  const dict: string[] = [];
  for (let i = 0; i < 5000; i++) dict.push(`common t${i} g${i % 7} ${i % 3 === 0 ? 'x' + (i * 7919 % 1000) : ''}`);
  const i = openTermIndex(buildTermIndex({ dict }));
  const scan = (pred: (s: string) => boolean) => dict.flatMap((s, k) => (pred(s) ? [k] : []));
  const has = (s: string, t: string) => s.split(' ').includes(t);
  assert.deepEqual([...i.candidates([['common']])!], scan(() => true));
  assert.deepEqual([...i.candidates([['g3']])!], scan((s) => has(s, 'g3')));
  assert.deepEqual([...i.candidates([['g3', 'common']])!], scan((s) => has(s, 'g3')));
  for (const t of ['t0', 't4999', 't1234', 'x0', 'x999', 'x500']) assert.deepEqual([...i.candidates([[t]])!], scan((s) => has(s, t)), t);
  assert.deepEqual([...i.candidates([['t17'], ['g5', 'x21']])!], scan((s) => has(s, 't17') || (has(s, 'g5') && has(s, 'x21'))));
  assert.deepEqual([...i.candidates([['t00']])!], []);
  assert.deepEqual([...i.candidates([['a']])!], []);
  assert.deepEqual([...i.candidates([['zzzz']])!], []);
});

test('term index: an empty dictionary, and bytes it cannot read', () => {
  const e = openTermIndex(buildTermIndex({ dict: [] }));
  assert.deepEqual([...e.candidates([['a']])!], []);
  assert.throws(() => openTermIndex(new Uint8Array(3)), TermIndexFormatError);
  const b = buildTermIndex({ dict: ['a'] }).slice(); b[0] = 0;
  assert.throws(() => openTermIndex(b), /bad magic/);
  const v = buildTermIndex({ dict: ['a'] }).slice(); v[4] = 9;
  assert.throws(() => openTermIndex(v), /version 9/);
  const t = buildTermIndex({ dict: ['a b c'] });
  assert.throws(() => openTermIndex(t.subarray(0, 30)).candidates([['c']]), TermIndexFormatError);
});

test('term keys: terms of a value, hazards', () => {
  assert.deepEqual([...termKeysOf('Connect-AzAccount -Tenant x')!], ['connect', 'azaccount', 'tenant', 'x']);
  assert.deepEqual([...termKeysOf('ΣΟΦΙΑ σοφίας')!], ['σοφια', 'σοφίασ']);
  assert.deepEqual([...termKeysOf('a😀b 𝐀c')!], ['a', 'b', 'c']);
  assert.equal(termKeysOf('İzmir'), undefined);
  assert.equal(termKeysOf('x\u0345'), undefined);
  assert.equal(hasKeyHazard('plain text'), false);
});

// Every pair of BMP units that a case-insensitive comparison of the engine joins — toLowerCase
// (semantics/terms.ts) or the `iu` regexes (exec/term-regex.ts) — gets one key and agrees on being a
// term character, unless one of them is a hazard. Cased units are checked pairwise against the
// regex; uncased units must not match any cased unit.
test('term keys: one key per case-fold class, exhaustively over the BMP', () => {
  const cased: number[] = [];
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c < 0xe000) continue;
    const ch = String.fromCharCode(c);
    if (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch) cased.push(c);
  }
  const esc = (s: string) => s.replace(/[-.*+?^${}()|[\]\\/]/g, '\\$&');
  const bad: string[] = [];
  for (const a of cased) {
    const sa = String.fromCharCode(a);
    if (hasKeyHazard(sa)) continue;
    const re = new RegExp(`^${esc(sa)}$`, 'iu');
    const lower = sa.toLowerCase();
    for (const b of cased) {
      const sb = String.fromCharCode(b);
      if (a === b || hasKeyHazard(sb)) continue;
      if (!re.test(sb) && lower !== sb.toLowerCase()) continue;
      if (termKey(sa) !== termKey(sb) || isTermChar(a) !== isTermChar(b)) bad.push(`${a.toString(16)}~${b.toString(16)}`);
    }
    if (termKey(termKey(sa)) !== termKey(sa)) bad.push(`${a.toString(16)} key not idempotent`);
  }
  const any = new RegExp(`^[${cased.map((c) => esc(String.fromCharCode(c))).join('')}]$`, 'iu');
  const termIu = /^[\p{L}\p{N}]$/iu;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c < 0xe000) continue;
    const ch = String.fromCharCode(c);
    if (hasKeyHazard(ch)) continue;
    if (!cased.includes(c) && any.test(ch)) bad.push(`${c.toString(16)} uncased but folds`);
    if (c >= 128 && termIu.test(ch) !== isTermChar(c)) bad.push(`${c.toString(16)} term class differs under iu`);
  }
  assert.deepEqual(bad, []);
});
