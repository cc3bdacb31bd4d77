/**
 * The engine is a library with a small public API: outside src/kql, code imports it only through
 * src/kql/index.ts (the API) or its lighter parts src/kql/frontend.ts (parse, check, diagnostics)
 * and src/kql/data.ts (values, columns, table builders).
 * Static imports, re-exports, dynamic import() and `import('…')` types all count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const KQL = join(SRC, 'kql');
const PUBLIC = new Set([join(KQL, 'index.ts'), join(KQL, 'frontend.ts'), join(KQL, 'data.ts')]);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier in a file's text with its line: from '…', import '…', import('…'). */
export function specifiers(text: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ spec: m[2]!, line: text.slice(0, m.index).split('\n').length });
  return out;
}

/** The deep imports of the engine in one file outside src/kql: `file:line: specifier`. */
function deepImports(file: string, text: string): string[] {
  const bad: string[] = [];
  for (const { spec, line } of specifiers(text)) {
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
    if ((target === KQL || target.startsWith(KQL + '/')) && !PUBLIC.has(target)) bad.push(`${relative(SRC, file)}:${line}: ${spec}`);
  }
  return bad;
}

test('outside src/kql, the engine is imported only through kql/index.ts, kql/frontend.ts or kql/data.ts', () => {
  const files = tsFiles(SRC).filter((f) => !f.startsWith(KQL + '/'));
  assert.ok(files.length > 100, `${files.length} files outside src/kql`);
  const bad = files.flatMap((f) => deepImports(f, readFileSync(f, 'utf8')));
  assert.deepEqual(bad, [], 'deep imports of engine internals: import from kql/index.js (or kql/frontend.js, kql/data.js) instead');
});

test('the check sees static, type, re-export and dynamic imports', () => {
  const file = join(SRC, 'cli', 'example.ts');
  const text = [
    "import { execute } from '../kql/execute.js';",
    "import type { Value } from '../kql/data/types.js';",
    "export { parse } from '../kql/syntax/parser.js';",
    "type O = import('../kql/api.js').ExecuteOptions;",
    "const lazy = () => import('../kql/explain.js');",
    "import { check } from '../kql/index.js';",
    "import { tableFromRows } from '../kql/data.js';",
    "import { parse } from '../kql/frontend.js';",
    "import { x } from './local.js';",
  ].join('\n');
  assert.deepEqual(deepImports(file, text), [
    'cli/example.ts:1: ../kql/execute.js',
    'cli/example.ts:2: ../kql/data/types.js',
    'cli/example.ts:3: ../kql/syntax/parser.js',
    'cli/example.ts:4: ../kql/api.js',
    'cli/example.ts:5: ../kql/explain.js',
  ]);
});
