/**
 * Aggregate implementations, keyed by canonical name (see README.md for the accumulator contract).
 * Null values are ignored by every aggregate except count(), make_list_with_nulls and take_any(*).
 */
import type { DynamicValue, ScalarType, Value } from '../data/types.js';
import type { Column } from '../data/column.js';
import { compareNonNull } from '../semantics/operators.js';
import { toDynamicElement } from '../semantics/convert.js';
import type { Accumulator, AggregateImpl, GroupedKernel, MultiAccumulator } from './types.js';
import { valueKey } from './scalar/util.js';

export const AGGREGATES = new Map<string, AggregateImpl>();
const reg = (name: string, impl: AggregateImpl) => AGGREGATES.set(name, impl);

/** Kusto's default and maximum size of make_list / make_set / make_bag results. */
export const MAKE_LIMIT = 1_048_576;

const constInt = (v: Value | undefined, dflt: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(Math.trunc(v), MAKE_LIMIT) : dflt;

const numeric = (v: Value): number | null => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : null);

// ------------------------------------------------------------------------------------------------
// grouped kernels over typed arrays

/** Reads a column's value at row r as a number, or null. */
function numberReader(c: Column): ((r: number) => number | null) | undefined {
  if (c.kind === 'number') {
    const d = c.data, nulls = c.nulls;
    return nulls ? (r) => (nulls[r] === 1 ? null : d[r]!) : (r) => d[r]!;
  }
  if (c.kind === 'bool') { const d = c.data; return (r) => (d[r] === 2 ? null : d[r]!); }
  return undefined;
}

function countKernel(): GroupedKernel {
  let counts = new Float64Array(0);
  return {
    update(rows, groups, n) {
      if (counts.length < n) { const c = new Float64Array(n); c.set(counts); counts = c; }
      for (let k = 0; k < rows.length; k++) counts[groups[k]!]!++;
    },
    result: (g) => counts[g] ?? 0,
  };
}

function countifKernel(): GroupedKernel {
  let counts = new Float64Array(0);
  return {
    update(rows, groups, n, args) {
      if (counts.length < n) { const c = new Float64Array(n); c.set(counts); counts = c; }
      const col = args[0]!;
      if (col.kind === 'bool') {
        const d = col.data;
        for (let k = 0; k < rows.length; k++) if (d[rows[k]!] === 1) counts[groups[k]!]!++;
      } else for (let k = 0; k < rows.length; k++) if (col.get(rows[k]!) === true) counts[groups[k]!]!++;
    },
    result: (g) => counts[g] ?? 0,
  };
}

type NumAgg = 'sum' | 'avg' | 'min' | 'max';

function numericKernel(kind: NumAgg, emptyZero: boolean): GroupedKernel {
  let acc = new Float64Array(0), cnt = new Float64Array(0);
  return {
    update(rows, groups, n, args) {
      if (acc.length < n) {
        const a = new Float64Array(n); a.set(acc); acc = a;
        const c = new Float64Array(n); c.set(cnt); cnt = c;
      }
      const read = numberReader(args[0]!);
      if (!read) return;
      const col = args[0]!;
      if (col.kind === 'number' && !col.nulls && kind === 'sum') {
        const d = col.data;
        for (let k = 0; k < rows.length; k++) { const g = groups[k]!; acc[g]! += d[rows[k]!]!; cnt[g]!++; }
        return;
      }
      for (let k = 0; k < rows.length; k++) {
        const v = read(rows[k]!);
        if (v === null) continue;
        const g = groups[k]!;
        if (cnt[g] === 0) acc[g] = v;
        else if (kind === 'sum' || kind === 'avg') acc[g]! += v;
        else if (kind === 'min' ? v < acc[g]! : v > acc[g]!) acc[g] = v;
        cnt[g]!++;
      }
    },
    result(g) {
      if (!cnt[g]) return emptyZero ? 0 : null;
      return kind === 'avg' ? acc[g]! / cnt[g]! : acc[g]!;
    },
  };
}

/**
 * dcount over a dictionary-encoded string column: distinct codes per group. State is flat — one set
 * of (group, code) pairs and a count per group — not a Set per group: with many small groups (a
 * replay tags every group with its window) per-group Sets dominated the cost.
 */
function dcountStringKernel(): GroupedKernel {
  const SHIFT = 2 ** 26; // group and canonical code each stay below 2^26, so g * SHIFT + code < 2^52
  const seen = new Set<number>();
  let counts = new Int32Array(0);
  let dictKeys: Map<string, number> | undefined;
  return {
    update(rows, groups, n, args) {
      const col = args[0]!;
      if (counts.length < n) { const c = new Int32Array(n); c.set(counts); counts = c; }
      if (col.kind !== 'string') return;
      // Codes may map several codes to one string (dictionaries may repeat); canonicalise once.
      dictKeys ??= new Map();
      const canon = new Uint32Array(col.dict.length);
      col.dict.forEach((s, i) => { let c = dictKeys!.get(s); if (c === undefined) { c = dictKeys!.size; dictKeys!.set(s, c); } canon[i] = c; });
      if (n >= SHIFT || dictKeys.size >= SHIFT) throw new RangeError('dcount: too many groups or distinct values (over 2^26)');
      const codes = col.codes;
      for (let k = 0; k < rows.length; k++) {
        const g = groups[k]!;
        const key = g * SHIFT + canon[codes[rows[k]!]!]!;
        if (!seen.has(key)) { seen.add(key); counts[g]!++; }
      }
    },
    result: (g) => counts[g] ?? 0,
  };
}

// ------------------------------------------------------------------------------------------------
// accumulators

function simple(create: (t: readonly ScalarType[], c: readonly (Value | undefined)[]) => Accumulator, grouped?: AggregateImpl['grouped']): AggregateImpl {
  return grouped ? { create, grouped } : { create };
}

/** Wraps an accumulator so that only rows whose predicate argument (index p) is true are fed. */
function onlyIf(p: number, inner: Accumulator): Accumulator {
  return { add: (a) => { if (a[p] === true) inner.add(a); }, result: () => inner.result() };
}

function countAcc(argc: number): Accumulator {
  let n = 0;
  return argc === 0 ? { add: () => { n++; }, result: () => n } : { add: (a) => { if (a[0] !== null) n++; }, result: () => n };
}

function distinctAcc(): Accumulator {
  const s = new Set<string>();
  return { add: (a) => { const v = a[0]; if (v !== null && v !== undefined) s.add(valueKey(v)); }, result: () => s.size };
}

function sumAcc(): Accumulator {
  let s = 0;
  return { add: (a) => { const v = numeric(a[0] ?? null); if (v !== null) s += v; }, result: () => s };
}

function avgAcc(): Accumulator {
  let s = 0, n = 0;
  return { add: (a) => { const v = numeric(a[0] ?? null); if (v !== null) { s += v; n++; } }, result: () => (n === 0 ? null : s / n) };
}

function extremeAcc(sign: 1 | -1): Accumulator {
  let best: Value = null;
  return {
    add: (a) => {
      const v = a[0];
      if (v === null || v === undefined) return;
      if (best === null || sign * compareNonNull(v, best) > 0) best = v;
    },
    result: () => best,
  };
}

function argExtremeAcc(sign: 1 | -1): MultiAccumulator {
  let best: Value[] | undefined;
  let first: Value[] | undefined;
  return {
    add: (a) => {
      if (!first) first = [...a];
      const v = a[0];
      if (v === null || v === undefined) return;
      if (!best || sign * compareNonNull(v, best[0]!) > 0) best = [...a];
    },
    result: () => best ?? first?.map((x, i) => (i === 0 ? null : x)) ?? [],
  };
}

function listAcc(t: ScalarType, limit: number, keepNulls: boolean): Accumulator {
  const out: DynamicValue[] = [];
  return {
    add: (a) => {
      if (out.length >= limit) return;
      const v = a[0];
      if ((v === null || v === undefined) && !keepNulls) return;
      // An array value adds its elements (one level), as make_set does: the docs build MultiPolygon
      // coordinates with make_list(pack_array(polygon.coordinates)), which relies on it.
      if (Array.isArray(v) && t === 'dynamic') {
        for (const x of v as DynamicValue[]) { if (out.length >= limit) return; if (x !== null || keepNulls) out.push(x); }
        return;
      }
      out.push(toDynamicElement(v ?? null, t));
    },
    result: () => out,
  };
}

function setAcc(t: ScalarType, limit: number): Accumulator {
  const out: DynamicValue[] = [];
  const seen = new Set<string>();
  return {
    add: (a) => {
      const v = a[0];
      if (v === null || v === undefined || out.length >= limit) return;
      // make_set of an array value adds its elements (Kusto: "if the expression is an array, its values are flattened")
      const items = Array.isArray(v) && t === 'dynamic' ? (v as DynamicValue[]) : [toDynamicElement(v, t)];
      for (const x of items) {
        if (x === null || out.length >= limit) continue;
        const k = valueKey(x);
        if (!seen.has(k)) { seen.add(k); out.push(x); }
      }
    },
    result: () => out,
  };
}

function bagAcc(limit: number): Accumulator {
  const out: Record<string, DynamicValue> = {};
  let n = 0;
  return {
    add: (a) => {
      const v = a[0];
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
      for (const [k, x] of Object.entries(v)) {
        if (n >= limit) return;
        if (!(k in out)) { out[k] = x; n++; }
      }
    },
    result: () => out,
  };
}

function takeAnyAcc(): Accumulator {
  let v: Value = null, have = false;
  return {
    add: (a) => { if (!have && a[0] !== null && a[0] !== undefined && a[0] !== '') { v = a[0]; have = true; } },
    result: () => v,
  };
}

function takeAnyRow(): MultiAccumulator {
  let row: Value[] | undefined;
  return { add: (a) => { if (!row) row = [...a]; }, result: () => row ?? [] };
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
function nearestRank(sorted: readonly Value[], p: number): Value {
  const n = sorted.length;
  if (n === 0) return null;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1]!;
}

function collectSorted(weighted: boolean) {
  const vals: Value[] = [];
  const weights: number[] = [];
  return {
    add(v: Value, w = 1) {
      if (v === null || v === undefined) return;
      if (weighted) { if (!(w > 0)) return; weights.push(w); }
      vals.push(v);
    },
    percent(ps: readonly number[]): Value[] {
      if (!weighted) {
        const s = [...vals].sort((x, y) => compareNonNull(x, y));
        return ps.map((p) => nearestRank(s, p));
      }
      const idx = vals.map((_, i) => i).sort((i, j) => compareNonNull(vals[i]!, vals[j]!));
      const total = weights.reduce((x, y) => x + y, 0);
      return ps.map((p) => {
        if (idx.length === 0) return null;
        const target = Math.max(1, Math.ceil((p / 100) * total));
        let acc = 0;
        for (const i of idx) { acc += weights[i]!; if (acc >= target) return vals[i]!; }
        return vals[idx[idx.length - 1]!]!;
      });
    },
  };
}

function percentList(consts: readonly (Value | undefined)[], from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < consts.length; i++) {
    const c = consts[i];
    if (typeof c === 'number') out.push(c);
    else if (Array.isArray(c)) for (const x of c) if (typeof x === 'number') out.push(x);
  }
  return out;
}

function momentAcc(kind: 'stdev' | 'stdevp' | 'variance' | 'variancep'): Accumulator {
  let n = 0, mean = 0, m2 = 0;
  return {
    add: (a) => {
      const v = numeric(a[0] ?? null);
      if (v === null) return;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    },
    result: () => {
      if (n === 0) return null;
      const pop = kind === 'stdevp' || kind === 'variancep';
      const variance = pop ? m2 / n : n > 1 ? m2 / (n - 1) : 0;
      return kind.startsWith('stdev') ? Math.sqrt(variance) : variance;
    },
  };
}

function covAcc(pop: boolean): Accumulator {
  let n = 0, mx = 0, my = 0, c = 0;
  return {
    add: (a) => {
      const x = numeric(a[0] ?? null), y = numeric(a[1] ?? null);
      if (x === null || y === null) return;
      n++;
      const dx = x - mx;
      mx += dx / n;
      my += (y - my) / n;
      c += dx * (y - my);
    },
    result: () => (n === 0 ? null : pop ? c / n : n > 1 ? c / (n - 1) : 0),
  };
}

function bitAcc(op: 'and' | 'or' | 'xor'): Accumulator {
  let acc: bigint | null = null;
  return {
    add: (a) => {
      const v = a[0];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      const b = BigInt.asIntN(64, BigInt(Math.trunc(v)));
      acc = acc === null ? b : op === 'and' ? acc & b : op === 'or' ? acc | b : acc ^ b;
    },
    result: () => (acc === null ? null : Number(BigInt.asIntN(64, acc))),
  };
}

/** hll() here is exact: the state is the set of distinct value keys (dcount_hll counts them). */
function hllAcc(merge: boolean): Accumulator {
  const s = new Set<string>();
  return {
    add: (a) => {
      const v = a[0];
      if (v === null || v === undefined) return;
      if (merge) {
        const keys = (v as { hll_exact?: unknown }).hll_exact;
        if (Array.isArray(keys)) for (const k of keys) if (typeof k === 'string') s.add(k);
      } else s.add(valueKey(v));
    },
    result: () => ({ hll_exact: [...s] }),
  };
}

/** tdigest() here is exact: the state holds every value (sorted) with its weight; readers in scalar/misc.ts. */
function tdigestAcc(merge: boolean): Accumulator {
  const pairs: [Value, number][] = [];
  return {
    add: (a) => {
      const v = a[0];
      if (v === null || v === undefined) return;
      if (merge) {
        const s = v as { tdigest_exact?: unknown; weights?: unknown };
        if (Array.isArray(s.tdigest_exact) && Array.isArray(s.weights)) s.tdigest_exact.forEach((x, i) => pairs.push([x as Value, Number((s.weights as unknown[])[i]) || 1]));
        return;
      }
      const w = a.length > 1 ? numeric(a[1] ?? null) : 1;
      if (w !== null && w > 0) pairs.push([v, w]);
    },
    result: () => {
      pairs.sort((x, y) => compareNonNull(x[0], y[0]));
      return { tdigest_exact: pairs.map((p) => p[0] as DynamicValue), weights: pairs.map((p) => p[1]) };
    },
  };
}

function schemaOf(v: DynamicValue): DynamicValue {
  if (v === null) return null;
  if (Array.isArray(v)) {
    let merged: DynamicValue = null;
    for (const x of v) merged = mergeSchema(merged, schemaOf(x));
    return { '`indexer`': merged };
  }
  if (typeof v === 'object') {
    const o: Record<string, DynamicValue> = {};
    for (const [k, x] of Object.entries(v)) o[k] = schemaOf(x);
    return o;
  }
  return typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'long' : 'double';
}

function mergeSchema(a: DynamicValue, b: DynamicValue): DynamicValue {
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const o: Record<string, DynamicValue> = { ...a };
    for (const [k, x] of Object.entries(b)) o[k] = k in o ? mergeSchema(o[k]!, x) : x;
    return o;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  const list = (x: DynamicValue) => (Array.isArray(x) ? x : [x]);
  const out: DynamicValue[] = [...list(a)];
  for (const x of list(b)) if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
  return out;
}

function buildSchemaAcc(): Accumulator {
  let s: DynamicValue = null;
  return { add: (a) => { const v = a[0]; if (v !== null && v !== undefined && typeof v === 'object') s = mergeSchema(s, schemaOf(v as DynamicValue)); }, result: () => s };
}

// ------------------------------------------------------------------------------------------------
// registrations

const isNumberType = (t: ScalarType | undefined) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal' || t === 'datetime' || t === 'timespan';

reg('count', simple((t) => countAcc(t.length), (t) => (t.length === 0 ? countKernel() : undefined)));
reg('countif', simple(() => onlyIf(0, countAcc(0)), () => countifKernel()));
reg('dcount', simple(() => distinctAcc(), (t) => (t[0] === 'string' ? dcountStringKernel() : undefined)));
reg('dcountif', simple(() => onlyIf(1, distinctAcc())));
reg('count_distinct', simple(() => distinctAcc(), (t) => (t[0] === 'string' ? dcountStringKernel() : undefined)));
reg('count_distinctif', simple(() => onlyIf(1, distinctAcc())));
reg('sum', simple(() => sumAcc(), (t) => (isNumberType(t[0]) || t[0] === 'bool' ? numericKernel('sum', true) : undefined)));
reg('sumif', simple(() => onlyIf(1, sumAcc())));
reg('avg', simple(() => avgAcc(), (t) => (isNumberType(t[0]) || t[0] === 'bool' ? numericKernel('avg', false) : undefined)));
reg('avgif', simple(() => onlyIf(1, avgAcc())));
reg('min', simple(() => extremeAcc(-1), (t) => (isNumberType(t[0]) ? numericKernel('min', false) : undefined)));
reg('max', simple(() => extremeAcc(1), (t) => (isNumberType(t[0]) ? numericKernel('max', false) : undefined)));
reg('minif', simple(() => onlyIf(1, extremeAcc(-1))));
reg('maxif', simple(() => onlyIf(1, extremeAcc(1))));
reg('arg_max', { create: () => argExtremeAcc(1) });
reg('arg_min', { create: () => argExtremeAcc(-1) });
reg('make_list', simple((t, c) => listAcc(t[0] ?? 'dynamic', constInt(c[1], MAKE_LIMIT), false)));
reg('make_list_if', simple((t, c) => onlyIf(1, listAcc(t[0] ?? 'dynamic', constInt(c[2], MAKE_LIMIT), false))));
reg('make_list_with_nulls', simple((t, c) => listAcc(t[0] ?? 'dynamic', constInt(c[1], MAKE_LIMIT), true)));
reg('make_set', simple((t, c) => setAcc(t[0] ?? 'dynamic', constInt(c[1], MAKE_LIMIT))));
reg('make_set_if', simple((t, c) => onlyIf(1, setAcc(t[0] ?? 'dynamic', constInt(c[2], MAKE_LIMIT)))));
reg('make_bag', simple((_t, c) => bagAcc(constInt(c[1], MAKE_LIMIT))));
reg('make_bag_if', simple((_t, c) => onlyIf(1, bagAcc(constInt(c[2], MAKE_LIMIT)))));
reg('take_any', { create: () => takeAnyRow() });
reg('take_anyif', simple(() => onlyIf(1, takeAnyAcc())));
reg('percentile', simple((_t, c) => {
  const col = collectSorted(false); const p = typeof c[1] === 'number' ? c[1] : 50;
  return { add: (a) => col.add(a[0] ?? null), result: () => col.percent([p])[0]! };
}));
reg('percentiles', {
  create: (_t, c) => {
    const col = collectSorted(false); const ps = percentList(c, 1);
    return { add: (a) => col.add(a[0] ?? null), result: () => col.percent(ps) } satisfies MultiAccumulator;
  },
});
reg('percentiles_array', simple((_t, c) => {
  const col = collectSorted(false); const ps = percentList(c, 1);
  return { add: (a) => col.add(a[0] ?? null), result: () => col.percent(ps) as DynamicValue[] };
}));
reg('percentilew', simple((_t, c) => {
  const col = collectSorted(true); const p = typeof c[2] === 'number' ? c[2] : 50;
  return { add: (a) => col.add(a[0] ?? null, numeric(a[1] ?? null) ?? 0), result: () => col.percent([p])[0]! };
}));
reg('percentilesw', {
  create: (_t, c) => {
    const col = collectSorted(true); const ps = percentList(c, 2);
    return { add: (a) => col.add(a[0] ?? null, numeric(a[1] ?? null) ?? 0), result: () => col.percent(ps) } satisfies MultiAccumulator;
  },
});
reg('percentilesw_array', simple((_t, c) => {
  const col = collectSorted(true); const ps = percentList(c, 2);
  return { add: (a) => col.add(a[0] ?? null, numeric(a[1] ?? null) ?? 0), result: () => col.percent(ps) as DynamicValue[] };
}));
reg('stdev', simple(() => momentAcc('stdev')));
reg('stdevif', simple(() => onlyIf(1, momentAcc('stdev'))));
reg('stdevp', simple(() => momentAcc('stdevp')));
reg('variance', simple(() => momentAcc('variance')));
reg('varianceif', simple(() => onlyIf(1, momentAcc('variance'))));
reg('variancep', simple(() => momentAcc('variancep')));
reg('covariance', simple(() => covAcc(false)));
reg('covariancep', simple(() => covAcc(true)));
reg('covarianceif', simple(() => onlyIf(2, covAcc(false))));
reg('covariancepif', simple(() => onlyIf(2, covAcc(true))));
reg('binary_all_and', simple(() => bitAcc('and')));
reg('binary_all_or', simple(() => bitAcc('or')));
reg('binary_all_xor', simple(() => bitAcc('xor')));
reg('hll', simple(() => hllAcc(false)));
reg('hll_merge', simple(() => hllAcc(true)));
reg('hll_if', simple(() => onlyIf(1, hllAcc(false))));
reg('tdigest', simple(() => tdigestAcc(false)));
reg('tdigest_merge', simple(() => tdigestAcc(true)));
reg('variancepif', simple(() => onlyIf(1, momentAcc('variancep'))));
reg('buildschema', simple(() => buildSchemaAcc()));
