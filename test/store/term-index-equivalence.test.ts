// Acceptance 4 (issue 13): every has-family predicate gives the same rows when the rows are first
// narrowed by the term index's candidates (store/term-prefilter.ts) as when the exact predicate
// scans every row — on the golden KQL cases, on the documentation's examples (../shared), and on
// randomized Unicode strings. The engine runs the exact predicate both ways; nothing is mocked.
// A third way runs the same query through the real segment path: the input written to a workspace
// (layout-3 segments of small row groups, each string column with its term index and row-group code
// bitmaps), opened lazily, the executor's ScanRequest terms skipping row groups and rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse } from '../../src/kql/syntax/parser.js';
import type * as A from '../../src/kql/syntax/ast.js';
import { execute } from '../../src/kql/execute.js';
import { type Table, StringColumn, NumberColumn, tableFromRows } from '../../src/kql/data/column.js';
import type { Value } from '../../src/kql/data/types.js';
import { termFiltersOf } from '../../src/kql/exec/term-filters.js';
import { buildTermIndex, openTermIndex, type TermIndex } from '../../src/store/term-index.js';
import { candidateRows, takeRows } from '../../src/store/term-prefilter.js';
import { compileStringPredicate, compileHasAny, compileHasAll, type StringPredicateOp } from '../../src/kql/semantics/terms.js';
import { listCases, buildTables, type GoldenCase } from '../kql/golden.js';
import { ROOT, SHARED, needsShared } from '../helpers/shared.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { simulate } from '../../src/simulate/index.js';
import { commitWorkspace, emptyManifest, openWorkspaceSync } from '../../src/store/workspace.js';
import type { ScanStats } from '../../src/kql/scan.js';
import { loadTables } from '../../src/ingest/load.js';

const NOW = Date.UTC(2024, 5, 1) * 10_000;
const HAS_FAMILY = new Set(['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'has_any', 'has_all',
  'startswith', 'startswith_cs', 'endswith', 'endswith_cs', '==', '=~', 'in', 'in~']);

/** Indexes of a table's string columns, built once per table. */
const indexCache = new WeakMap<Table, Map<string, TermIndex>>();
function indexesOf(t: Table): Map<string, TermIndex> {
  let m = indexCache.get(t);
  if (!m) {
    m = new Map();
    for (const f of t.fields) if (f.column instanceof StringColumn) m.set(f.name, openTermIndex(buildTermIndex(f.column)));
    indexCache.set(t, m);
  }
  return m;
}

function withRowIds(t: Table): Table {
  const ids = new Float64Array(t.rowCount);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  return { ...t, fields: [...t.fields, { name: '__row', column: new NumberColumn('long', ids, undefined) }] };
}

interface Outcome { narrowed: boolean; rows: number; candidates: number; segmentNarrowed: boolean }

/** Row-group size of the workspaces written here: small, so that groups are skipped on small inputs. */
const GROUP_ROWS = '8';
const workspaces: string[] = [];
const workspaceCache = new WeakMap<Table, ReadonlyMap<string, Table>>();
/** The table (with its row ids) written to a new workspace as table `__T`, opened lazily. */
function workspaceOf(full: Table): ReadonlyMap<string, Table> {
  let m = workspaceCache.get(full);
  if (!m) {
    const dir = mkdtempSync(join(tmpdir(), 'cloudhop-termseg-'));
    workspaces.push(dir);
    const before = process.env.CLOUDHOP_ROW_GROUP_ROWS;
    process.env.CLOUDHOP_ROW_GROUP_ROWS = GROUP_ROWS;
    try { commitWorkspace(dir, emptyManifest(), new Map([['__T', [{ ...full, name: '__T' }]]]), []); } finally {
      if (before === undefined) delete process.env.CLOUDHOP_ROW_GROUP_ROWS; else process.env.CLOUDHOP_ROW_GROUP_ROWS = before;
    }
    m = openWorkspaceSync(dir);
    workspaceCache.set(full, m);
  }
  return m;
}
process.on('exit', () => { for (const d of workspaces) rmSync(d, { recursive: true, force: true }); });

/** The query over the workspace copy: its row ids, and whether the term index narrowed the scan. */
function segmentWay(full: Table, q: string): { rows: number[]; narrowed: boolean } | string {
  const scans: { table: string; stats?: ScanStats }[] = [];
  const r = execute(q, { tables: workspaceOf(full), now: NOW, timeoutMs: 20_000, scans: scans as never });
  if (!r.ok) return `segment way failed: ${r.diagnostics.map((d) => d.message).join('; ')}`;
  return { rows: r.result.rows.map((x) => x[0] as number).sort((x, y) => x - y), narrowed: scans.some((s) => s.stats?.indexUsed) };
}

/**
 * Runs `__T | where <predicate>` over all rows and over the index's candidate rows; fails on any
 * difference. `prefix` holds the query's let statements. Undefined when the predicate does not
 * compile against the table alone (it reads names defined elsewhere).
 */
function bothWays(table: Table, predicate: string, prefix = ''): Outcome | undefined | string {
  const full = withRowIds(table);
  const q = `${prefix}__T | where ${predicate} | project __row`;
  const scan = execute(q, { tables: new Map([['__T', full]]), now: NOW, timeoutMs: 20_000 });
  if (!scan.ok) return undefined;
  const all = scan.result.rows.map((r) => r[0] as number).sort((x, y) => x - y);
  const seg = segmentWay(full, q);
  if (typeof seg === 'string') return seg;
  if (seg.rows.join(',') !== all.join(',')) {
    const lost = all.filter((x) => !seg.rows.includes(x)).slice(0, 5), extra = seg.rows.filter((x) => !all.includes(x)).slice(0, 5);
    return `scan ${all.length} rows, through the segments ${seg.rows.length}; rows lost ${JSON.stringify(lost)}, extra ${JSON.stringify(extra)}`;
  }
  const pred = whereOf(parse(`__T | where ${predicate}`).ast);
  const filters = pred ? termFiltersOf(pred) : [];
  const idx = indexesOf(table);
  const rows = candidateRows(full, filters, (c) => idx.get(c));
  if (rows === undefined) return { narrowed: false, rows: scan.result.rows.length, candidates: table.rowCount, segmentNarrowed: seg.narrowed };
  const narrowed = execute(q, { tables: new Map([['__T', takeRows(full, rows)]]), now: NOW, timeoutMs: 20_000 });
  if (!narrowed.ok) return `index way failed: ${narrowed.diagnostics.map((d) => d.message).join('; ')}`;
  const a = scan.result.rows.map((r) => r[0] as number).sort((x, y) => x - y);
  const b = narrowed.result.rows.map((r) => r[0] as number).sort((x, y) => x - y);
  if (a.join(',') !== b.join(',')) {
    const lost = a.filter((x) => !b.includes(x)).slice(0, 5);
    const col = filters[0]?.column;
    const f = col ? full.fields.find((x) => x.name === col) : undefined;
    return `scan ${a.length} rows, index ${b.length}; filters ${JSON.stringify(filters)}; rows lost: ${lost.map((r) => JSON.stringify(f?.column.get(r))).join(' | ')}`;
  }
  return { narrowed: true, rows: a.length, candidates: rows.length, segmentNarrowed: seg.narrowed };
}

function whereOf(s: A.Script): A.Expr | undefined {
  const st = s.statements[0];
  return st?.kind === 'QueryStmt' && st.expr.kind === 'Pipe' && st.expr.operator.kind === 'Where' ? st.expr.operator.predicate : undefined;
}

/** Every node below `n` (syntax nodes are plain objects tagged by `kind`). */
function* nodes(n: unknown): Generator<{ kind: string } & Record<string, unknown>> {
  if (Array.isArray(n)) { for (const x of n) yield* nodes(x); return; }
  if (n === null || typeof n !== 'object') return;
  const o = n as { kind?: unknown } & Record<string, unknown>;
  if (typeof o.kind === 'string') yield o as { kind: string } & Record<string, unknown>;
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object') yield* nodes(v);
}

function usesHasFamily(e: A.Expr): boolean {
  for (const n of nodes(e)) if ((n.kind === 'Binary' || n.kind === 'InList') && HAS_FAMILY.has(n.op as string)) return true;
  return false;
}

/** Inputs larger than this are not re-run (a documentation example over `range(1, 1000000)`): test time. */
const MAX_INPUT_ROWS = 50_000;

interface Tally { run: number; narrowed: number; segmentNarrowed: number; skipped: number; failures: string[]; rows: number; candidates: number; total: number }
const tally = (): Tally => ({ run: 0, narrowed: 0, segmentNarrowed: 0, skipped: 0, failures: [], rows: 0, candidates: 0, total: 0 });

/** An operator's input evaluated on its own; shared by the queries that read the same input. */
const inputs = new WeakMap<Map<string, Table>, Map<string, Table | undefined>>();
function inputOf(text: string, tables: Map<string, Table>): Table | undefined {
  let m = inputs.get(tables);
  if (!m) { m = new Map(); inputs.set(tables, m); }
  if (m.has(text)) return m.get(text);
  const input = execute(text, { tables, now: NOW, timeoutMs: 20_000 });
  let table: Table | undefined;
  if (input.ok && input.result.rows.length <= MAX_INPUT_ROWS) {
    const schema = input.result.columns.map((c) => ({ name: c.name, type: c.type }));
    table = tableFromRows('__T', schema, input.result.rows.map((r) => Object.fromEntries(schema.map((c, j) => [c.name, r[j] as Value]))));
  }
  m.set(text, table);
  return table;
}

/** The has-family `where` operators of a query, each run both ways over its own input. */
function runQuery(where: string, query: string, tables: Map<string, Table>, t: Tally): void {
  const { ast } = parse(query);
  for (const st of ast.statements) {
    if (st.kind !== 'QueryStmt' && st.kind !== 'LetStmt') continue;
    const prefix = query.slice(0, st.start);
    for (const n of nodes(st)) {
      if (n.kind !== 'Pipe') continue;
      const p = n as unknown as A.Pipe;
      if (p.operator.kind !== 'Where' || !usesHasFamily(p.operator.predicate)) continue;
      const predText = query.slice(p.operator.predicate.start, p.operator.predicate.end);
      // The operator's input, evaluated on its own (with the query's earlier lets).
      const table = inputOf(`${prefix}${query.slice(p.source.start, p.source.end)}`, tables);
      if (!table) { t.skipped++; continue; }
      const o = bothWays(table, predText, prefix);
      if (o === undefined) { t.skipped++; continue; }
      t.run++;
      if (typeof o === 'string') { t.failures.push(`${where}: where ${predText}: ${o}`); continue; }
      if (o.narrowed) { t.narrowed++; t.rows += o.rows; t.candidates += o.candidates; t.total += table.rowCount; }
      if (o.segmentNarrowed) t.segmentNarrowed++;
    }
  }
}

const report = (name: string, t: Tally): void => {
  process.stdout.write(`# ${name}: ${t.run} has-family predicates run three ways, ${t.narrowed} narrowed by the index (${t.total} rows → ${t.candidates} candidates → ${t.rows} matches), ${t.segmentNarrowed} narrowed through the workspace's segments, ${t.skipped} not runnable on their input alone\n`);
};

test('index vs scan: golden KQL cases (test/kql/cases)', () => {
  const t = tally();
  for (const file of listCases(join(ROOT, 'test/kql/cases'))) {
    const c = parseYaml(readFileSync(file, 'utf8')) as GoldenCase;
    if (c.error !== undefined || !c.tables) continue;
    runQuery(file.slice(ROOT.length + 1), c.query, buildTables(c), t);
  }
  report('golden', t);
  assert.deepEqual(t.failures, []);
  assert.ok(t.narrowed >= 15, `only ${t.narrowed} golden predicates narrowed`);
  assert.ok(t.segmentNarrowed >= 15, `only ${t.segmentNarrowed} golden predicates narrowed through the segments`);
});

test('index vs scan: documentation examples (../shared/conformance)', needsShared, () => {
  const t = tally();
  const dir = join(SHARED!, 'conformance');
  for (const f of readdirSync(dir).filter((x) => x.startsWith('docs-') && x.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const ex = JSON.parse(line) as { source: string; query: string };
      if (!/has|startswith|endswith|==|=~|\bin\b/.test(ex.query)) continue;
      runQuery(`${f}: ${ex.source}`, ex.query, new Map(), t);
    }
  }
  report('docs examples', t);
  assert.deepEqual(t.failures, []);
  assert.ok(t.narrowed >= 10, `only ${t.narrowed} documentation predicates narrowed`);
});

// The hunting queries and Sentinel rules (real-world predicates) over a simulated tenant's tables.
test('index vs scan: hunting queries and Sentinel rules over a simulated tenant (../shared/conformance)', needsShared, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-termindex-'));
  try {
    const sim = await simulate({ out: dir, seed: 13, days: 2, scale: 6_000 });
    const { tables } = await loadTables(sim.labels.files.map((f) => join(dir, f)));
    const t = tally();
    for (const f of ['hunting-queries.jsonl', 'sentinel-rules.jsonl']) {
      for (const line of readFileSync(join(SHARED!, 'conformance', f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const ex = JSON.parse(line) as { query: string; path?: string; source?: string };
        if (![...tables.keys()].some((n) => ex.query.includes(n))) continue;
        runQuery(`${f}: ${ex.path ?? ex.source ?? ''}`, ex.query, tables, t);
      }
    }
    report('hunting queries + Sentinel rules', t);
    assert.deepEqual(t.failures, []);
    assert.ok(t.narrowed >= 50, `only ${t.narrowed} rule predicates narrowed`);
    assert.ok(t.segmentNarrowed >= 50, `only ${t.segmentNarrowed} rule predicates narrowed through the segments`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

// ───────────── randomized strings ─────────────

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const FRAGMENTS = [
  'az', 'AZ', 'Az', 'login', 'LOGIN', 'Connect', 'AzAccount', 'powershell', 'exe', '2024', '0x1F', 'a', 'b', 'x9',
  'αθηνά', 'ΑΘΗΝΆ', 'ΟΔΟΣ', 'οδος', 'σοφία', 'Москва', 'москва', 'ЁЖ', '日本語', 'テキスト', '한국어', '中文',
  'e\u0301', 'café', 'cafe\u0301', 'İstanbul', 'istanbul', 'ISTANBUL', 'ı', 'I', 'i', 'İ', 'straße', 'STRASSE', 'ẞ', 'ß',
  '\u212Aelvin', 'kelvin', 'ſtop', 'stop', 'ΐ', '\u1FD3', 'ﬅ', 'ﬆ', 'ι', '\u0345', 'Ι',
  '😀', '👩‍💻', '𝐀bc', '𐐀', '𐐨', '\uD800', '١٢٣', 'Ⅻ', 'ⅻ', '²',
  '-', '--', '.', '/', '\\', ':', '"', "'", '_', '@', '=', ',', ';', '(', ')', '*', '|', '\t', '\n', '  ',
];

function randomString(r: () => number): string {
  const n = Math.floor(r() * r() * 14);
  let s = '';
  for (let i = 0; i < n; i++) {
    const f = FRAGMENTS[Math.floor(r() * FRAGMENTS.length)]!;
    s += r() < 0.08 ? f.repeat(20 + Math.floor(r() * 60)) : f; // very long tokens
    if (r() < 0.45) s += ' ';
  }
  return s;
}

function randomNeedle(r: () => number, hay: readonly string[]): string {
  const k = r();
  if (k < 0.55) {
    // A piece of a value, cut anywhere (mid-term, mid-surrogate pair), with its case flipped at times.
    const h = hay[Math.floor(r() * hay.length)]!;
    const i = Math.floor(r() * (h.length + 1)), j = i + Math.floor(r() * 16);
    const piece = h.slice(i, j);
    return r() < 0.3 ? piece.toUpperCase() : r() < 0.3 ? piece.toLowerCase() : piece;
  }
  if (k < 0.8) return randomString(r).slice(0, 1 + Math.floor(r() * 24));
  const punct = ['-', '.', ' ', '"', '\\', '😀'];
  const p = () => punct[Math.floor(r() * punct.length)]!;
  return (r() < 0.5 ? p() : '') + FRAGMENTS[Math.floor(r() * FRAGMENTS.length)]! + (r() < 0.5 ? p() : '');
}

/** A KQL string literal for any text (every non-printable-ASCII unit escaped). */
function lit(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) out += `\\${s[i]}`;
    else if (c >= 32 && c < 127) out += s[i];
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

const BINARY_OPS: StringPredicateOp[] = ['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', '==', '=~'];

for (const seed of [1, 2, 3]) {
  test(`index vs scan: randomized Unicode strings (seed ${seed})`, () => {
    const r = rng(seed);
    const values = Array.from({ length: 300 }, () => randomString(r));
    values.push('', ' ', '-', 'az login', 'AZ-LOGIN', 'x'.repeat(5000));
    const table = tableFromRows('__T', [{ name: 's', type: 'string' }], values.map((s) => ({ s })));
    const col = table.fields[0]!.column as StringColumn;
    const idx = indexesOf(table).get('s')!;
    const t = tally();
    const check = (pred: string, where: string): void => {
      const o = bothWays(table, pred);
      if (o === undefined) { t.failures.push(`${where}: does not compile: ${pred}`); return; }
      t.run++;
      if (typeof o === 'string') t.failures.push(`${where}: ${o}`);
      else { if (o.narrowed) { t.narrowed++; t.rows += o.rows; t.candidates += o.candidates; t.total += table.rowCount; } if (o.segmentNarrowed) t.segmentNarrowed++; }
    };
    for (let i = 0; i < 160; i++) {
      const n = randomNeedle(r, values);
      const op = BINARY_OPS[i % BINARY_OPS.length]!;
      check(`s ${op} ${lit(n)}`, `needle ${JSON.stringify(n)}`);
      // The other exact form (semantics/terms.ts, used outside the executor's regex path): every
      // value it accepts must be a candidate too.
      const p = compileStringPredicate(op, n);
      const cands = new Set(termFiltersOf(whereOf(parse(`T | where s ${op} ${lit(n)}`).ast)!).flatMap((f) => [...(idx.candidates(f.anyOf) ?? col.dict.map((_, k) => k))]));
      const filtered = termFiltersOf(whereOf(parse(`T | where s ${op} ${lit(n)}`).ast)!).length > 0;
      if (filtered) col.dict.forEach((v, k) => { if (p(v) && !cands.has(k)) t.failures.push(`terms.ts ${op} ${JSON.stringify(n)} accepts ${JSON.stringify(v)}, not a candidate`); });
    }
    for (let i = 0; i < 60; i++) {
      const ns = Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomNeedle(r, values));
      const list = ns.map(lit).join(', ');
      for (const op of ['has_any', 'has_all', 'in', 'in~']) check(`s ${op} (${list})`, `${op} ${JSON.stringify(ns)}`);
      check(`s has ${lit(ns[0]!)} or s startswith ${lit(ns[ns.length - 1]!)}`, `or ${JSON.stringify(ns)}`);
      check(`s has ${lit(ns[0]!)} and s hassuffix ${lit(ns[ns.length - 1]!)}`, `and ${JSON.stringify(ns)}`);
      for (const [any, all] of [[compileHasAny(ns), 'has_any'], [compileHasAll(ns), 'has_all']] as const) {
        const fs = termFiltersOf(whereOf(parse(`T | where s ${all} (${list})`).ast)!);
        if (fs.length === 0) continue;
        const cands = new Set(idx.candidates(fs[0]!.anyOf) ?? col.dict.map((_, k) => k));
        col.dict.forEach((v, k) => { if (any(v) && !cands.has(k)) t.failures.push(`terms.ts ${all} ${JSON.stringify(ns)} accepts ${JSON.stringify(v)}, not a candidate`); });
      }
    }
    report(`random seed ${seed}`, t);
    assert.deepEqual(t.failures.slice(0, 20), []);
    assert.ok(t.narrowed >= 100, `only ${t.narrowed} random predicates narrowed`);
    assert.ok(t.segmentNarrowed >= 100, `only ${t.segmentNarrowed} random predicates narrowed through the segments`);
  });
}

test('index vs scan: filters most codes pass (row groups holding only candidates kept whole, no pass over their codes)', () => {
  // 8-row groups: groups 0–1 hold only "0", group 2 "0" and "50126", group 3 only "50126", group 4
  // "0" and "" (null); a second column's values are all candidates of `has "x"` in its segment.
  const vals: (string | null)[] = [];
  for (let i = 0; i < 16; i++) vals.push('0');
  for (let i = 0; i < 8; i++) vals.push(i % 3 === 0 ? '50126' : '0');
  for (let i = 0; i < 8; i++) vals.push('50126');
  for (let i = 0; i < 8; i++) vals.push(i % 2 ? null : '0');
  const table = tableFromRows('__T', [{ name: 'ResultType', type: 'string' }, { name: 'w', type: 'string' }],
    vals.map((v, i) => ({ ResultType: v, w: `x ${i % 5}` })));
  for (const p of ['ResultType == "0"', 'ResultType has "0"', 'ResultType in ("0", "1")', 'ResultType in ("0", "50126")', 'ResultType != "50126"',
    'ResultType == "50126"', 'w has "x"', 'w has "x" and ResultType == "0"', 'ResultType == "0" or w has "3"']) {
    const o = bothWays(table, p);
    assert.ok(o !== undefined, p);
    assert.ok(typeof o !== 'string', `${p}: ${o}`);
  }
  const o = bothWays(table, 'ResultType == "0"');
  assert.ok(o && typeof o !== 'string' && o.segmentNarrowed && o.rows === 16 + 5 + 4, JSON.stringify(o));
});
