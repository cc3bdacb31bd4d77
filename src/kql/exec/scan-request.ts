/**
 * What a table reference asks its store for (src/kql/scan.ts ScanRequest), derived from the
 * operators directly above it: `columns` from column pruning (pushdown.ts neededBelow), `time` from
 * the `where` predicates on datetime columns that reach the table unchanged.
 *
 * Recognised (each a conjunct of an `and`; C a column, x and y constants):
 *   C > x, C >= x, C < x, C <= x, C == x (either side), C between (x .. y) with y a datetime or a
 *   timespan (x + y).
 * A constant is any expression the engine folds without a row: datetime(), ago(), now(), `let`
 * scalars, +/- timespans… (the caller's Fold compiles it with the query's `now`). Every other shape
 * (or, not, !between, a column on both sides, a non-datetime constant) gives no range: a range is
 * only ever a superset of the rows the predicate keeps, so it is never wrong, at worst useless.
 * Bounds are inclusive (`C > x` asks for [x, ∞): a superset).
 *
 * Through the operators between the where and the table: `where` (its own ranges are added),
 * `extend` (ranges on columns it does not define), `project` (kept columns; `X = C` maps a range on
 * X to C), `project-away`/`project-keep`/`project-reorder`, `sort`. Any other operator (take,
 * summarize, join, top, …) stops them: a range above it says nothing about its input.
 */
import type * as A from '../syntax/ast.js';
import type { ScalarType, Value } from '../data/types.js';
import type { ScanRequest, TimeRange } from '../scan.js';
import { columnLikeName } from './names.js';

/** Folds a row-independent expression to its value and type; undefined when it depends on a row or fails. */
export type Fold = (e: A.Expr) => { readonly type: ScalarType; readonly value: Value } | undefined;

function constTicks(e: A.Expr, fold: Fold, type: ScalarType = 'datetime'): number | undefined {
  const c = fold(e);
  return c && c.type === type && typeof c.value === 'number' && Number.isFinite(c.value) ? c.value : undefined;
}

/** A column reference: a Name the fold cannot evaluate (a `let` scalar folds, a column does not). */
function columnOf(e: A.Expr, fold: Fold): string | undefined {
  if (e.kind !== 'Name') return undefined;
  return fold(e) === undefined ? e.name : undefined;
}

const FLIP: Record<string, string> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '==': '==' };

/** The time ranges a predicate implies (a conjunction, one entry per conjunct recognised). */
export function timeRangesOf(pred: A.Expr, fold: Fold): TimeRange[] {
  const out: TimeRange[] = [];
  const visit = (e: A.Expr): void => {
    if (e.kind === 'Binary' && e.op === 'and') { visit(e.left); visit(e.right); return; }
    if (e.kind === 'Between' && !e.negated) {
      const column = columnOf(e.left, fold);
      if (column === undefined) return;
      const lo = constTicks(e.low, fold);
      if (lo === undefined) return;
      const hiDt = constTicks(e.high, fold);
      const hiTs = hiDt === undefined ? constTicks(e.high, fold, 'timespan') : undefined;
      const hi = hiDt ?? (hiTs !== undefined ? lo + hiTs : undefined);
      if (hi === undefined) return;
      out.push({ column, min: lo, max: hi });
      return;
    }
    if (e.kind === 'Binary' && e.op in FLIP) {
      let column = columnOf(e.left, fold), k: A.Expr = e.right, op = e.op as string;
      if (column === undefined) { column = columnOf(e.right, fold); k = e.left; op = FLIP[op]!; }
      if (column === undefined) return;
      const x = constTicks(k, fold);
      if (x === undefined) return;
      if (op === '>' || op === '>=') out.push({ column, min: x, max: null });
      else if (op === '<' || op === '<=') out.push({ column, min: null, max: x });
      else out.push({ column, min: x, max: x });
    }
  };
  visit(pred);
  return out;
}

/** One range per column: the intersection of the ranges on it. */
export function intersectRanges(rs: readonly TimeRange[]): TimeRange[] {
  const by = new Map<string, { min: number | null; max: number | null }>();
  for (const r of rs) {
    const x = by.get(r.column);
    if (!x) { by.set(r.column, { min: r.min, max: r.max }); continue; }
    if (r.min !== null && (x.min === null || r.min > x.min)) x.min = r.min;
    if (r.max !== null && (x.max === null || r.max < x.max)) x.max = r.max;
  }
  return [...by].map(([column, x]) => ({ column, min: x.min, max: x.max }));
}

/** The ranges that hold on an operator's input, given those that hold on its output (`above`). */
export function rangesBelow(op: A.Operator, above: readonly TimeRange[], fold: Fold): TimeRange[] {
  switch (op.kind) {
    case 'Where': return intersectRanges([...above, ...timeRangesOf(op.predicate, fold)]);
    case 'Sort': case 'ProjectAway': case 'ProjectKeep': case 'ProjectReorder': return [...above];
    case 'Extend': {
      const defined = new Set<string>();
      for (const it of op.items) {
        for (const n of it.names) defined.add(n.name);
        if (it.names.length === 0) { const c = columnLikeName(it.expr); if (c === undefined) return []; defined.add(c); }
      }
      return above.filter((r) => !defined.has(r.column));
    }
    case 'Project': {
      // Output column → the input column it is, when it is one unchanged.
      const same = new Map<string, string>();
      for (const it of op.items) {
        if (it.names.length > 1) continue;
        const out = it.names[0]?.name ?? (it.expr.kind === 'Name' ? it.expr.name : undefined);
        if (out !== undefined && it.expr.kind === 'Name') same.set(out, it.expr.name);
      }
      const r: TimeRange[] = [];
      for (const x of above) { const c = same.get(x.column); if (c !== undefined) r.push({ ...x, column: c }); }
      return r;
    }
    default: return [];
  }
}

/** A request's cache key: equal requests scan once per query. */
export function requestKey(r: ScanRequest): string {
  const cols = r.columns ? [...r.columns].sort().join(',') : '*';
  const time = (r.time ?? []).map((t) => `${t.column}:${t.min ?? ''}:${t.max ?? ''}`).sort().join(';');
  const terms = (r.terms ?? []).map((t) => `${t.column}:${JSON.stringify(t.anyOf)}`).sort().join(';');
  return `${cols}|${time}|${terms}`;
}

/** A request as text (explain). `dt` formats ticks. */
export function describeRequest(r: ScanRequest, dt: (ticks: number) => string): string {
  const parts: string[] = [`columns=${r.columns ? `[${[...r.columns].join(', ')}]` : '*'}`];
  for (const t of r.time ?? []) parts.push(`time ${t.column} in [${t.min === null ? '-inf' : dt(t.min)} .. ${t.max === null ? '+inf' : dt(t.max)}]`);
  for (const t of r.terms ?? []) parts.push(`terms ${t.column} any of ${JSON.stringify(t.anyOf)}`);
  return parts.join(' ');
}
