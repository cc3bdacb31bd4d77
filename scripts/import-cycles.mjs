#!/usr/bin/env node
/**
 * Import cycles among the TypeScript modules under a folder (default src/). Every static import
 * and re-export counts, `import type` and `import("…").T` types too (a type-only cycle still ties two modules' designs
 * together, and tools such as madge report it); dynamic `import()` does not (it is how a module
 * loads another lazily on purpose). Uses the TypeScript compiler's pre-processor, no dependency.
 *
 *   node scripts/import-cycles.mjs [src]     prints each cycle; exit code 1 when there is one
 *
 * test/arch/import-cycles.test.ts runs it on src/ and fails on any cycle.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Static imports and re-exports of a file resolved to files of the set (`./x.js` → `./x.ts`),
 * each marked type-only (`import type`, or every name imported with `type`) or not.
 */
function importsOf(file, known) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out = [];
  const add = (spec, typeOnly) => {
    if (!spec.startsWith('.')) return;
    const base = resolve(dirname(file), spec);
    const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
    const hit = candidates.find((c) => known.has(c));
    if (hit) out.push({ to: hit, typeOnly });
  };
  for (const st of sf.statements) {
    let spec, typeOnly = false;
    if (ts.isImportDeclaration(st)) {
      spec = st.moduleSpecifier.text;
      const c = st.importClause;
      if (c) typeOnly = c.isTypeOnly || (!c.name && c.namedBindings !== undefined && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly));
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
      spec = st.moduleSpecifier.text;
      typeOnly = st.isTypeOnly || (st.exportClause !== undefined && ts.isNamedExports(st.exportClause) && st.exportClause.elements.length > 0 && st.exportClause.elements.every((e) => e.isTypeOnly));
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
      spec = st.moduleReference.expression.text;
    }
    if (spec) add(spec, typeOnly);
  }
  // `import('./x.js').T` in a type position: a type-only edge (a dynamic import() call is not one).
  const visit = (n) => {
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) add(n.argument.literal.text, true);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Every cycle, as one strongly connected component each (Tarjan), its files relative to `root`.
 * `withTypes: false` leaves type-only imports out (the cycles that exist at run time).
 */
export function importCycles(root, { withTypes = true } = {}) {
  const files = listTs(root);
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f, known).filter((e) => withTypes || !e.typeOnly).map((e) => e.to)]));
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
  const strong = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || graph.get(v).includes(v)) sccs.push(comp);
    }
  };
  for (const f of files) if (!idx.has(f)) strong(f);
  return sccs.map((c) => c.map((f) => relative(root, f)).sort());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  if (!existsSync(root)) { console.error(`import-cycles: ${root}: no such folder`); process.exit(2); }
  const cycles = importCycles(root);
  for (const c of cycles) console.log(`cycle of ${c.length} module(s): ${c.join(' -> ')}`);
  console.log(cycles.length === 0 ? 'no import cycles' : `${cycles.length} cycle(s)`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
