/**
 * Conformance runner: executes the Kusto documentation's examples (../shared/conformance/*.jsonl,
 * lines `{"source","query","columns","rows"}`) and compares our answer with the documented table.
 *
 * Comparison rules (the documentation's cells are display text):
 * - rows are compared as a multiset unless the query orders them (sort/order/top/serialize…);
 * - cells: backticks stripped, `<br>` = line break, `&nbsp;` = space, surrounding space trimmed;
 * - `∞` reads as infinity;
 * - an empty cell matches null or "" (or an empty dynamic);
 * - numbers with a relative tolerance (1e-6, or the precision the document printed), thousands
 *   separators removed;
 * - datetimes and timespans compared by value (ticks), dynamics by JSON value;
 * - column count must match; names are not compared (the docs often rename them).
 *
 * Presentation normalizations (each named in PRESENTATION below, documented in
 * docs/conformance/docs-examples.md and tested in test/kql/conformance-compare.test.ts). They
 * only undo how the page *printed* a value; a different value never matches:
 * - `autolink`: a Markdown autolink `<https://…>`, or a link `[https://…](https://…)` whose text
 *   is its own target, is the text `https://…`;
 * - `unquoted-array`: a dynamic array printed without JSON quotes (`[yes, no, yes]`) matches an
 *   array of those strings, element by element;
 * - `timespan-colon-days`: .NET's general timespan form `d:hh:mm:ss[.fffffff]` (`14:00:00:00`) is
 *   the same value as Kusto's `d.hh:mm:ss`.
 *
 * Nondeterministic results (NONDETERMINISTIC below): a query whose documented answer is one of
 * several correct ones (`sample`, `sample-distinct`, `join kind=innerunique` — the default join —
 * which keeps an arbitrary left row per key) and that does not match exactly is compared by shape
 * and membership: the same columns and row count as documented, and every documented row and
 * every row of ours is a row of the query's deterministic superset (the query with each `sample N`
 * / `sample-distinct N of c` removed and innerunique replaced by inner, which holds every possible
 * answer). The outcome records that rule (`rule: 'membership'`).
 *
 * Usage: node --import tsx scripts/conformance.ts [file.jsonl...] [--out FILE] [--verbose]
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '../src/kql/execute.js';
import type { ScalarType, Value } from '../src/kql/data/types.js';
import { formatDatetime, parseIsoDatetime } from '../src/kql/data/convert.js';
import { textValue } from '../src/cli/output.js';

export interface Example { source: string; query: string; columns: string[]; rows: string[][] }
export interface CaseOutcome { source: string; pass: boolean; reason?: string; rule?: 'membership' }
export interface RunSummary { file: string; total: number; passed: number; rate: number; outcomes: CaseOutcome[] }

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NOW = Date.UTC(2024, 0, 1) * 10_000;

/** The presentation normalizations the comparator applies (see the file comment). */
export const PRESENTATION = ['autolink', 'unquoted-array', 'timespan-colon-days'] as const;

function cleanCell(s: string): string {
  let t = s.replace(/<br\s*\/?>/gi, '\n').trim();
  if (t.startsWith('`') && t.endsWith('`') && t.length >= 2) t = t.slice(1, -1).trim();
  t = t.replace(/&nbsp;/g, ' ').trim(); // a blank cell written as a non-breaking space
  t = t.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\\\|/g, '|');
  // autolink: Markdown prints a bare URL cell as <https://…>; the brackets are not the value.
  const auto = /^<((?:https?|ftp|mailto):[^<>\s]+)>$/i.exec(t);
  if (auto) t = auto[1]!;
  // …and a Markdown link whose text is its own target, [url](url), is that text.
  const link = /^\[((?:https?|ftp|mailto):[^\]\s]+)\]\(([^)\s]+)\)$/i.exec(t);
  if (link && link[1] === link[2]) t = link[1]!;
  return t;
}

/** unquoted-array: `[a, b, c]` as the page prints an array of strings (no JSON quotes). */
function unquotedArrayMatches(v: unknown, c: string): boolean {
  if (!Array.isArray(v) || !c.startsWith('[') || !c.endsWith(']')) return false;
  const inner = c.slice(1, -1).trim();
  const parts = inner === '' ? [] : inner.split(',').map((x) => x.trim());
  if (parts.length !== v.length) return false;
  return v.every((x, i) => {
    const p = parts[i]!;
    if (typeof x === 'string') return x === p;
    if (x === null) return p === 'null' || p === '';
    if (typeof x === 'number') { const n = parseNumberText(p); return n !== undefined && numClose(x, n, p); }
    if (typeof x === 'boolean') return String(x) === p.toLowerCase();
    return false;
  });
}

function parseNumberText(s: string): number | undefined {
  const t = s.replace(/,(?=\d{3}(\D|$))/g, '').replace(/\s/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity|∞)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity; // the docs print ∞
  if (/^nan$/i.test(t)) return NaN;
  return undefined;
}

function numClose(a: number, b: number, text: string): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  const m = /\.(\d+)/.exec(text);
  const digits = m ? m[1]!.length : 0;
  if (Math.abs(a - b) <= 0.5 * 10 ** -digits + 1e-12) return true;
  return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

function parseTimespanText(s: string): number | undefined {
  // Kusto's d.hh:mm:ss[.f], or (timespan-colon-days) .NET's general form d:hh:mm:ss[.f].
  const m = /^(-)?(?:(\d+)[.:](?=\d{1,2}:\d{2}:\d{2}))?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(s.trim());
  if (!m) return undefined;
  const [, neg, d, h, mi, se, f] = m;
  const t = ((+(d ?? 0) * 24 + +h!) * 3600 + +mi! * 60 + +se!) * 1e7 + (f ? Number(f.padEnd(7, '0')) : 0);
  return neg ? -t : t;
}

function parseDocDatetime(s: string): number | null {
  const t = s.trim();
  const a = parseIsoDatetime(t);
  if (a !== null) return a;
  // "6/1/2024, 10:00:00.000 AM" style
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?$/i.exec(t);
  if (m) {
    let h = +m[4]!; const pm = m[8]?.toUpperCase() === 'PM'; if (m[8]) { if (h === 12) h = 0; if (pm) h += 12; }
    return Date.UTC(+m[3]!, +m[1]! - 1, +m[2]!, h, +m[5]!, +(m[6] ?? 0)) * 1e4 + (m[7] ? Number(m[7].padEnd(7, '0')) : 0);
  }
  return null;
}

function deepClose(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return numClose(a, b, String(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (typeof a === 'string' && typeof b === 'number') return String(b) === a;
    if (typeof b === 'string' && typeof a === 'number') return String(a) === b;
    return a === b;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) { const bb = b as unknown[]; return a.length === bb.length && a.every((x, i) => deepClose(x, bb[i])); }
  const ka = Object.keys(a as object), kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function tryJson(s: string): { ok: boolean; v?: unknown } {
  try { return { ok: true, v: JSON.parse(s) }; } catch { /* fall through */ }
  // Docs sometimes print single-quoted or relaxed JSON.
  try { return { ok: true, v: JSON.parse(s.replace(/'/g, '"')) }; } catch { return { ok: false }; }
}

/** Does our value (of `type`) match the documentation's cell text? */
export function cellMatches(v: Value, type: ScalarType, cell: string): boolean {
  const c = cleanCell(cell);
  if (c === '' || /^\(?null\)?$/i.test(c)) {
    if (v === null || v === '') return true;
    if (type === 'dynamic' && ((Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0))) return c === '';
    return false;
  }
  if (v === null) return false;
  switch (type) {
    case 'bool': return String(v).toLowerCase() === c.toLowerCase() || (c === '1' && v === true) || (c === '0' && v === false);
    case 'int': case 'long': case 'real': case 'decimal': {
      if (typeof v === 'bigint') { // an exact long beyond 2^53: compared exactly
        const t = c.replace(/,(?=\d{3}(\D|$))/g, '').replace(/\s/g, '');
        return /^[+-]?\d+$/.test(t) && BigInt(t) === v;
      }
      const n = parseNumberText(c);
      return n !== undefined && typeof v === 'number' && numClose(v, n, c);
    }
    case 'datetime': {
      const t = parseDocDatetime(c);
      if (t === null || typeof v !== 'number') return false;
      return Math.abs(t - v) < 10 || formatDatetime(v) === c;
    }
    case 'timespan': {
      const t = parseTimespanText(c);
      if (t !== undefined && typeof v === 'number') return Math.abs(t - v) < 10;
      return textValue(v, type) === c;
    }
    case 'dynamic': {
      if (typeof v === 'string') {
        if (v === c) return true;
        const j = tryJson(c); return j.ok && j.v === v;
      }
      if (typeof v === 'number') { const n = parseNumberText(c); return n !== undefined && numClose(v, n, c); }
      if (typeof v === 'boolean') return String(v) === c.toLowerCase();
      const j = tryJson(c.replace(/\n/g, ''));
      if (j.ok) return deepClose(v, j.v);
      return unquotedArrayMatches(v, c);
    }
    default: {
      const s = textValue(v, type);
      if (s === c) return true;
      if (s.replace(/\s+/g, ' ').trim() === c.replace(/\s+/g, ' ').trim()) return true;
      return false;
    }
  }
}

const ORDERING = /\|\s*(sort|order|top(?!-nested)|serialize)\b|\brow_number\s*\(|\bprev\s*\(|\bnext\s*\(/i;

/** Queries whose documented answer is one of several correct ones (see the file comment). */
const NONDETERMINISTIC = /\|\s*sample(-distinct)?\b|\bjoin\b(?![^|]*\bkind\s*=\s*(?!innerunique\b)\w)/i;

/** The query with every nondeterministic choice removed: its result holds every possible answer. */
export function deterministicSuperset(query: string): string {
  return query
    .replace(/\|\s*sample\s+\d+\s*(?=\||\)|;|$)/gi, '')
    .replace(/\|\s*sample-distinct\s+\d+\s+of\s+([\w$]+)/gi, '| distinct $1')
    .replace(/\bjoin\s+kind\s*=\s*innerunique\b/gi, 'join kind=inner')
    .replace(/\bjoin\b(?!\s+kind\s*=)/gi, 'join kind=inner');
}

export function compareExample(ex: Example): CaseOutcome {
  const exact = compareExact(ex);
  if (exact.pass || !NONDETERMINISTIC.test(ex.query)) return exact;
  const m = compareMembership(ex);
  return m.pass ? m : exact;
}

/** Shape + membership (see the file comment): our row count and columns are the documented ones,
 * and each documented row and each of ours is a row of the deterministic superset. */
function compareMembership(ex: Example): CaseOutcome {
  const ours = execute(ex.query, { tables: new Map(), now: NOW, timeoutMs: 10_000 });
  const all = execute(deterministicSuperset(ex.query), { tables: new Map(), now: NOW, timeoutMs: 10_000 });
  if (!ours.ok || !all.ok) return { source: ex.source, pass: false, reason: 'membership: the query or its superset fails' };
  const r = ours.result, u = all.result;
  if (r.columns.length !== ex.columns.length || u.columns.length !== r.columns.length || r.rows.length !== ex.rows.length) {
    return { source: ex.source, pass: false, reason: 'membership: shape differs' };
  }
  const types = u.columns.map((c) => c.type);
  const docIn = ex.rows.every((exp) => u.rows.some((row) => exp.length === row.length && exp.every((cell, j) => cellMatches(row[j] ?? null, types[j]!, cell))));
  const key = (row: readonly Value[]) => JSON.stringify(row.map((v, j) => textValue(v, types[j]!)));
  const universe = new Set(u.rows.map(key));
  const oursIn = r.rows.every((row) => universe.has(key(row)));
  if (!docIn || !oursIn) return { source: ex.source, pass: false, reason: `membership: ${docIn ? 'a row of ours' : 'a documented row'} is no possible answer` };
  return { source: ex.source, pass: true, rule: 'membership' };
}

function compareExact(ex: Example): CaseOutcome {
  const out = execute(ex.query, { tables: new Map(), now: NOW, timeoutMs: 10_000 });
  if (!out.ok) {
    const d = out.diagnostics.find((x) => x.severity === 'error') ?? out.diagnostics[0];
    return { source: ex.source, pass: false, reason: `error ${d?.code ?? '?'} at ${d?.line ?? 0}:${d?.col ?? 0}: ${d?.message ?? 'failed'}` };
  }
  const r = out.result;
  if (r.columns.length !== ex.columns.length) {
    return { source: ex.source, pass: false, reason: `columns: got [${r.columns.map((c) => c.name).join(', ')}], expected [${ex.columns.join(', ')}]` };
  }
  if (r.rows.length !== ex.rows.length) {
    return { source: ex.source, pass: false, reason: `rows: got ${r.rows.length}, expected ${ex.rows.length}` };
  }
  const types = r.columns.map((c) => c.type);
  const rowMatch = (got: readonly Value[], exp: string[]) => exp.length === got.length && exp.every((cell, j) => cellMatches(got[j] ?? null, types[j]!, cell));
  const show = (row: readonly Value[]) => '[' + row.map((v, j) => textValue(v, types[j]!)).join(' | ') + ']';
  if (ORDERING.test(ex.query)) {
    for (let i = 0; i < ex.rows.length; i++) {
      if (!rowMatch(r.rows[i]!, ex.rows[i]!)) return { source: ex.source, pass: false, reason: `row ${i + 1}: got ${show(r.rows[i]!)}, expected [${ex.rows[i]!.map(cleanCell).join(' | ')}]` };
    }
    return { source: ex.source, pass: true };
  }
  const used = new Uint8Array(r.rows.length);
  for (const exp of ex.rows) {
    let found = -1;
    for (let i = 0; i < r.rows.length; i++) if (!used[i] && rowMatch(r.rows[i]!, exp)) { found = i; break; }
    if (found < 0) {
      // Report the closest unmatched row for the reader.
      const first = r.rows.findIndex((_, i) => !used[i]);
      return { source: ex.source, pass: false, reason: `no row matches expected [${exp.map(cleanCell).join(' | ')}]${first >= 0 ? `; e.g. got ${show(r.rows[first]!)}` : ''}` };
    }
    used[found] = 1;
  }
  return { source: ex.source, pass: true };
}

export function runConformance(file: string): RunSummary {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const outcomes: CaseOutcome[] = [];
  for (const line of lines) {
    let ex: Example;
    try { ex = JSON.parse(line) as Example; } catch { continue; }
    let o: CaseOutcome;
    try { o = compareExample(ex); } catch (e) { o = { source: ex.source, pass: false, reason: `crash: ${(e as Error).message}` }; }
    outcomes.push(o);
  }
  const passed = outcomes.filter((o) => o.pass).length;
  return { file, total: outcomes.length, passed, rate: outcomes.length ? passed / outcomes.length : 0, outcomes };
}

export function failuresText(s: RunSummary): string {
  const lines = [`# ${s.file.replace(/^.*\/conformance\//, '')}: ${s.passed}/${s.total} pass (${(100 * s.rate).toFixed(1)}%)`];
  for (const o of s.outcomes) if (!o.pass) lines.push(`${o.source.replace(/^MicrosoftDocs\/dataexplorer-docs /, '')}\t${(o.reason ?? '').replace(/\s+/g, ' ').slice(0, 300)}`);
  return lines.join('\n') + '\n';
}

function main(): void {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const outIdx = args.indexOf('--out');
  const outFile = outIdx >= 0 ? args[outIdx + 1]! : join(ROOT, 'docs/conformance/docs-examples-failures.txt');
  const files = args.filter((a, i) => !a.startsWith('--') && (outIdx < 0 || i !== outIdx + 1));
  const shared = process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
  if (files.length === 0) {
    for (const f of ['docs-examples.jsonl', 'docs-examples-extended.jsonl']) files.push(join(shared, 'conformance', f));
  }
  const texts: string[] = [];
  for (const f of files) {
    if (!existsSync(f)) { process.stdout.write(`${f}: absent, skipped\n`); continue; }
    const s = runConformance(f);
    const byMembership = s.outcomes.filter((o) => o.rule === 'membership').length;
    process.stdout.write(`${f.replace(/^.*\//, '')}: ${s.passed}/${s.total} pass (${(100 * s.rate).toFixed(1)}%; ${byMembership} by shape + membership)\n`);
    if (verbose) for (const o of s.outcomes) if (!o.pass) process.stdout.write(`  FAIL ${o.source}: ${o.reason}\n`);
    texts.push(failuresText(s));
  }
  if (texts.length) writeFileSync(outFile, texts.join('\n'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
