/**
 * The one diagnostics catalog (src/kql/diagnostics/catalog.ts): every code used anywhere in src/
 * is in it, every entry has a title and is used, the engine's message builders (D) and the
 * executor's codes are catalog codes, and docs/diagnostics.md lists every code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODES, D } from '../../../src/kql/diagnostics/catalog.js';
import { EXEC_CODES } from '../../../src/kql/exec/context.js';
import { DOC, codeTables, withCodeTables } from '../../../scripts/diagnostics-doc.js';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const CATALOG = join(SRC, 'kql', 'diagnostics', 'catalog.ts');
const CODE = /['"`[]((?:KQL|RULE|TEST|FUNC|WL|EXP|CLI)\d{3})['"`\]]/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}
const sources = tsFiles(SRC).filter((f) => f !== CATALOG).map((f) => ({ file: relative(SRC, f), text: readFileSync(f, 'utf8') }));

test('every code used in src/ is in the catalog', () => {
  const known = new Set(CODES.map((e) => e.code));
  const unknown: string[] = [];
  for (const { file, text } of sources) for (const m of text.matchAll(CODE)) if (!known.has(m[1]!)) unknown.push(`${file}: ${m[1]}`);
  assert.deepEqual(unknown, []);
});

test('every catalog entry has an area and a title, once, and is used', () => {
  const seen = new Set<string>();
  const problems: string[] = [];
  // A code is used when src/ names it, or names the D entry that carries it (D.unknownColumn …).
  const named = new Set(sources.flatMap(({ text }) => [...text.matchAll(CODE)].map((m) => m[1]!)));
  const dKeysUsed = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\bD\.(\w+)/g)].map((m) => m[1]!)));
  const byD = new Set(Object.entries(D).filter(([k]) => dKeysUsed.has(k)).map(([, d]) => d.code));
  for (const e of CODES) {
    if (seen.has(e.code)) problems.push(`${e.code}: listed twice`);
    seen.add(e.code);
    if (!/^(KQL|RULE|TEST|FUNC|WL|EXP|CLI)\d{3}$/.test(e.code)) problems.push(`${e.code}: not a code`);
    if (!e.area || e.title.trim().length < 8) problems.push(`${e.code}: no title`);
    if (!named.has(e.code) && !byD.has(e.code)) problems.push(`${e.code}: used nowhere in src/`);
  }
  assert.deepEqual(problems, []);
});

test("the engine's diagnostics and the executor's codes are catalog codes", () => {
  const known = new Map(CODES.map((e) => [e.code, e]));
  for (const [key, d] of Object.entries(D)) assert.ok(known.has(d.code), `D.${key} = ${d.code} is not in CODES`);
  for (const [key, code] of Object.entries(EXEC_CODES)) assert.ok(known.has(code), `EXEC_CODES.${key} = ${code} is not in CODES`);
  // Areas follow the ranges: KQL0xx syntax, KQL1xx–2xx binding, KQL5xx run time.
  for (const e of CODES.filter((x) => x.code.startsWith('KQL'))) {
    const n = Number(e.code.slice(3));
    assert.equal(e.area, n < 100 ? 'syntax' : n < 500 ? 'binding' : 'run time', e.code);
  }
});

test('rule-pack codes: RULE004 is one kind of problem (text expected); the others it stood for have their own codes', () => {
  const loader = readFileSync(join(SRC, 'detect', 'loader.ts'), 'utf8');
  const rule004 = [...loader.matchAll(/'RULE004', ([`'])(.*?)\1/g)].map((m) => m[2]);
  assert.deepEqual(rule004, ["'${key}' must be text", 'a data type is a table name']);
  for (const c of ['RULE023', 'RULE024', 'RULE025', 'RULE026', 'RULE027', 'RULE028']) assert.ok(loader.includes(`'${c}'`), c);
});

test('docs/diagnostics.md lists every code with its title (generated from the catalog)', () => {
  const doc = readFileSync(DOC, 'utf8');
  assert.equal(doc, withCodeTables(doc), 'docs/diagnostics.md is stale: run node --import tsx scripts/diagnostics-doc.ts');
  for (const e of CODES) assert.ok(codeTables().includes(`| ${e.code} |`), e.code);
});
