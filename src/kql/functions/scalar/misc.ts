/** Small functions: strcmp, isascii/isutf8, repeat, assert, current_* metadata, timezones, erf, t-digest readers. */
import type { DynamicValue, Value } from '../../data/types.js';
import { compareNonNull } from '../../semantics/operators.js';
import { toDynamicElement, convertValue } from '../../semantics/convert.js';
import { normalizeTypeName } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, dyn, int, isBag, num, str } from './util.js';

/** The (exact) t-digest state: sorted values with weights, as built by the tdigest() aggregate. */
export interface TdigestState { tdigest_exact: DynamicValue[]; weights: number[] }

function tdigestOf(v: Value): TdigestState | undefined {
  if (!isBag(v) || !Array.isArray(v.tdigest_exact) || !Array.isArray(v.weights)) return undefined;
  return v as unknown as TdigestState;
}

/** Weighted nearest-rank percentile over a sorted state. */
export function tdigestPercentile(s: TdigestState, p: number): DynamicValue {
  const n = s.tdigest_exact.length;
  if (n === 0) return null;
  const total = s.weights.reduce((x, y) => x + y, 0);
  const target = Math.max(1, Math.ceil((p / 100) * total));
  let acc = 0;
  for (let i = 0; i < n; i++) { acc += s.weights[i]!; if (acc >= target) return s.tdigest_exact[i]!; }
  return s.tdigest_exact[n - 1]!;
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 refined by one Newton-free series for small |x|; |error| < 1.2e-7
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  if (ax < 0.5) {
    let sum = 0, term = ax, n = 0;
    while (Math.abs(term) > 1e-17 && n < 60) { sum += term / (2 * n + 1); n++; term *= (-ax * ax) / n; }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  const t = 1 / (1 + 0.5 * ax);
  const y = 1 - t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return sign * y;
}

export function registerMisc(m: Map<string, ScalarImpl>): void {
  def(m, 'strcmp', (a, t) => { const x = str(a, t, 0), y = str(a, t, 1); return x < y ? -1 : x > y ? 1 : 0; });
  def(m, 'isascii', (a, t) => /^[\x00-\x7f]*$/.test(str(a, t, 0)));
  def(m, 'isutf8', (a, t) => !/[\ud800-\udfff]/.test(str(a, t, 0).replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
  def(m, 'repeat', (a, t) => {
    const n = int(a, t, 1);
    if (n === null || n < 0 || n > 1_048_576) return null;
    const v = dyn(a, t, 0);
    return new Array(n).fill(v);
  });
  def(m, 'assert', (a) => (typeof a[0] === 'boolean' ? a[0] : null));
  def(m, 'current_database', () => 'cloudhop');
  def(m, 'current_cluster_endpoint', () => 'cloudhop.local');
  def(m, 'current_principal', () => 'aaduser=cloudhop');
  def(m, 'current_principal_details', () => ({ Type: 'local', DisplayName: 'cloudhop', ObjectId: '', FQN: 'aaduser=cloudhop' }));
  def(m, 'current_principal_is_member_of', () => false);
  def(m, 'datetime_list_timezones', () => {
    const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
    return f ? f('timeZone') : ['UTC'];
  });
  def(m, 'erf', (a, t) => { const x = num(a, t, 0); return x === null ? null : erf(x); });
  def(m, 'erfc', (a, t) => { const x = num(a, t, 0); return x === null ? null : 1 - erf(x); });
  def(m, 'percentile_tdigest', (a, t) => {
    const s = tdigestOf(a[0] ?? null), p = num(a, t, 1);
    if (!s || p === null) return null;
    const v = tdigestPercentile(s, p);
    const target = a.length > 2 && typeof a[2] === 'string' ? normalizeTypeName(a[2]) : undefined;
    return target ? convertValue(v as Value, 'dynamic', target) : (v as Value);
  });
  def(m, 'percentiles_array_tdigest', (a) => {
    const s = tdigestOf(a[0] ?? null);
    if (!s) return null;
    const ps: number[] = [];
    for (const v of a.slice(1)) {
      if (typeof v === 'number') ps.push(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'number') ps.push(x);
    }
    return ps.map((p) => tdigestPercentile(s, p));
  });
  const rank = (a: readonly Value[], t: Parameters<ScalarImpl>[1]): number | null => {
    const s = tdigestOf(a[0] ?? null);
    if (!s || a[1] === null || a[1] === undefined) return null;
    const v = toDynamicElement(a[1], t[1] ?? 'dynamic');
    let r = 0;
    s.tdigest_exact.forEach((x, i) => { if (x !== null && compareNonNull(x as Value, v as Value) <= 0) r += s.weights[i]!; });
    return r;
  };
  def(m, 'rank_tdigest', (a, t) => rank(a, t));
  def(m, 'percentrank_tdigest', (a, t) => {
    const s = tdigestOf(a[0] ?? null);
    const r = rank(a, t);
    if (!s || r === null) return null;
    const total = s.weights.reduce((x, y) => x + y, 0);
    return total === 0 ? null : (100 * r) / total;
  });
}
