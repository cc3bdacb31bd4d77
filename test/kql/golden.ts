/**
 * Golden KQL case files (test/kql/cases/<family>/<name>.yaml):
 *
 *   query: |                       # the KQL text
 *     T | where x > 1
 *   tables:                        # optional input tables
 *     T:
 *       schema: x:long, s:string
 *       rows: [[1, "a"], [2, "b"]] # values in the JSON form of the CLI (datetimes ISO, timespans Kusto text)
 *   now: 2024-06-01T00:00:00Z      # optional fixed now()
 *   expect:                        # expected result …
 *     columns: x:long, s:string    # optional: names and types
 *     rows: [[2, "b"]]
 *     ordered: true                # rows in this order (default: compared as a multiset)
 *   error: KQL502                  # … or the expected error code (prefix match: "KQL5")
 *   warning: truncated             # optional: a warning containing this text
 *   plan: |                        # optional: expected `explain` text
 *     Filter x > 1
 *       Table T
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ScalarType, Value } from '../../src/kql/data/types.js';
import { normalizeTypeName } from '../../src/kql/data/types.js';
import { type Table, tableFromRows } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { execute } from '../../src/kql/execute.js';
import { explain } from '../../src/kql/explain.js';
import { resultToJson } from '../../src/cli/output.js';

export interface GoldenCase {
  query: string;
  tables?: Record<string, { schema: string; rows: unknown[][] }>;
  watchlists?: Record<string, { schema: string; rows: unknown[][] }>;
  now?: string;
  expect?: { columns?: string; rows: unknown[][]; ordered?: boolean };
  error?: string;
  warning?: string;
  plan?: string;
}

export function listCases(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.yaml')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function parseSchema(s: string): { name: string; type: ScalarType }[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
    const i = x.lastIndexOf(':');
    const name = x.slice(0, i).trim().replace(/^\[['"](.*)['"]\]$/, '$1');
    const type = normalizeTypeName(x.slice(i + 1));
    if (!type) throw new Error(`bad type in schema '${x}'`);
    return { name, type };
  });
}

export function parseTimespan(s: string): number | null {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(s.trim());
  if (!m) return null;
  const [, neg, d, h, mi, se, f] = m;
  const t = ((+(d ?? 0) * 24 + +h!) * 3600 + +mi! * 60 + +se!) * 1e7 + (f ? Number(f.padEnd(7, '0')) : 0);
  return neg ? -t : t;
}

/** A JSON-form value → the boxed form of `type`. */
export function boxed(v: unknown, type: ScalarType): Value {
  if (v === null || v === undefined) return null;
  if (type === 'datetime' && typeof v === 'string') return parseIsoDatetime(v);
  if (type === 'timespan' && typeof v === 'string') return parseTimespan(v);
  if (type === 'guid' && typeof v === 'string') return v.toLowerCase();
  return v as Value;
}

export function buildTables(c: GoldenCase, which: 'tables' | 'watchlists' = 'tables'): Map<string, Table> {
  const m = new Map<string, Table>();
  for (const [name, t] of Object.entries(c[which] ?? {})) {
    const schema = parseSchema(t.schema);
    const rows = (t.rows ?? []).map((r) => Object.fromEntries(schema.map((col, j) => [col.name, boxed(r[j], col.type)])));
    m.set(name, tableFromRows(name, schema, rows));
  }
  return m;
}

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const ta = parseIsoDatetime(a), tb = parseIsoDatetime(b);
    // Datetimes by value; float64 ticks after 2001 carry 2–4 ticks (200–400 ns) of rounding.
    return ta !== null && tb !== null && /^\d{4}-/.test(a) && /^\d{4}-/.test(b) && Math.abs(ta - tb) <= 4;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => close(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object).sort(), kb = Object.keys(b as object).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Runs one case; returns undefined when it passes, else a description of the difference. */
export function runCase(file: string): string | undefined {
  const c = parseYaml(readFileSync(file, 'utf8')) as GoldenCase;
  if (c.plan !== undefined) {
    const p = explain(c.query);
    if (!p.ok) return `explain failed: ${p.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`;
    if (p.text.trim() !== c.plan.trim()) return `plan differs:\n--- got\n${p.text}\n--- expected\n${c.plan.trim()}`;
  }
  const now = c.now ? parseIsoDatetime(c.now) ?? undefined : parseIsoDatetime('2024-06-01T00:00:00Z')!;
  const wl = buildTables(c, 'watchlists');
  const out = execute(c.query, { tables: buildTables(c), watchlists: (a) => wl.get(a), ...(now !== undefined ? { now } : {}), timeoutMs: 20_000 });
  if (c.error !== undefined) {
    if (out.ok) return `expected error ${c.error}, got ${out.result.rows.length} rows`;
    const codes = out.diagnostics.map((d) => d.code);
    return codes.some((x) => x.startsWith(c.error!)) ? undefined : `expected error ${c.error}, got ${out.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`;
  }
  if (!out.ok) return `error: ${out.diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`).join('; ')}`;
  if (c.warning !== undefined && !out.result.warnings.some((w) => w.includes(c.warning!))) return `expected a warning with '${c.warning}', got ${JSON.stringify(out.result.warnings)}`;
  const got = resultToJson(out.result);
  const exp = c.expect;
  if (!exp) return undefined;
  if (exp.columns !== undefined) {
    const want = parseSchema(exp.columns).map((x) => `${x.name}:${x.type}`).join(', ');
    const have = got.columns.map((x) => `${x.name}:${x.type}`).join(', ');
    if (want !== have) return `columns differ: got ${have}, expected ${want}`;
  }
  const show = (rows: unknown[][]): string => rows.map((r) => JSON.stringify(r)).join('\n  ');
  if (got.rows.length !== exp.rows.length) return `row count ${got.rows.length}, expected ${exp.rows.length}\n  got:\n  ${show(got.rows)}`;
  if (exp.ordered) {
    for (let i = 0; i < exp.rows.length; i++) if (!close(got.rows[i], exp.rows[i])) return `row ${i + 1}: got ${JSON.stringify(got.rows[i])}, expected ${JSON.stringify(exp.rows[i])}\n  got:\n  ${show(got.rows)}`;
    return undefined;
  }
  const used = new Set<number>();
  for (const e of exp.rows) {
    const i = got.rows.findIndex((g, k) => !used.has(k) && close(g, e));
    if (i < 0) return `no row matches ${JSON.stringify(e)}\n  got:\n  ${show(got.rows)}`;
    used.add(i);
  }
  return undefined;
}
