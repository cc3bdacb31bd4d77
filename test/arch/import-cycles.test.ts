/**
 * The module graph of src/ has no new import cycle (scripts/import-cycles.mjs: static imports,
 * re-exports and import types; dynamic import() is lazy loading on purpose), and production code
 * never names the TypeScript runner (worker threads load built JavaScript).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain JavaScript script without type declarations
import { importCycles } from '../../scripts/import-cycles.mjs';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const cycles = importCycles as (root: string, o?: { withTypes?: boolean }) => string[][];

/**
 * Cycles that were there before this test, outside the ingest and the engine: each is to be
 * broken, then removed from this list (the test fails when one is gone and still listed, so the
 * list only shrinks).
 */
const KNOWN = [
  'detect/functions.ts -> detect/rule.ts',
  'simulate/infra.ts -> simulate/org.ts',
  'simulate/benign-automation.ts -> simulate/benign-identity.ts -> simulate/benign-network.ts -> simulate/benign.ts',
];

test('src/ has no import cycle beyond the known ones (ingest and kql have none)', () => {
  const found = cycles(SRC).map((c) => c.join(' -> ')).sort();
  assert.deepEqual(found.filter((c) => !KNOWN.includes(c)), [], 'a new import cycle');
  assert.deepEqual(KNOWN.filter((c) => !found.includes(c)), [], 'a known cycle is gone: remove it from KNOWN');
  assert.ok(!found.some((c) => /(^| )(ingest|kql)\//.test(c)));
});

test('the cycle finder finds a cycle (through a type-only import too) and none in a chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-cycles-'));
  try {
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b + 1;\n");
    writeFileSync(join(dir, 'b.ts'), "import type { C } from './c.js';\nexport const b = 1; export type B = C;\n");
    writeFileSync(join(dir, 'c.ts'), "export type C = number;\nexport const lazy = () => import('./a.js');\n");
    writeFileSync(join(dir, 'd.ts'), "import { a } from './a.js';\nexport const d = a;\n");
    assert.deepEqual(cycles(dir), [], 'a -> b -> c, d -> a, and a dynamic import() back to a: no cycle');
    writeFileSync(join(dir, 'c.ts'), "export type C = import('./a.js').A;\n");
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b + 1; export type A = number;\n");
    assert.deepEqual(cycles(dir), [['a.ts', 'b.ts', 'c.ts']]);
    assert.deepEqual(cycles(dir, { withTypes: false }), [], 'no cycle at run time: b and c reach a only through types');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('production code does not name the TypeScript runner', () => {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts') && /node_modules\/tsx|['"]tsx['"]|tsx\/(esm|cjs|dist)/.test(readFileSync(p, 'utf8'))) hits.push(p);
    }
  };
  walk(SRC);
  assert.deepEqual(hits, []);
});
