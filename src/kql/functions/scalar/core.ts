/** Conversions, logic and math. */
import { type ScalarType, type Value, exactLong } from '../../data/types.js';
import { convertValue, toStringValue } from '../../semantics/convert.js';
import { compareNonNull } from '../../semantics/operators.js';
import type { ScalarImpl } from '../types.js';
import { def, int, int64, num } from './util.js';

const conv = (to: ScalarType): ScalarImpl => (a, t) => convertValue(a[0] ?? null, t[0] ?? 'dynamic', to);

/** Kusto's round: half away from zero on the decimal value (2.15 → 2.2), negative precision rounds left of the point. */
export function roundHalfAway(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** precision;
  const y = Math.abs(x) * f;
  const r = Math.floor(y + 0.5 + y * Number.EPSILON * 2);
  return Math.sign(x) * (precision >= 0 ? r / f : r * 10 ** -precision);
}

const big = (x: number | bigint) => BigInt.asIntN(64, typeof x === 'bigint' ? x : BigInt(Math.trunc(x)));
const small = (x: bigint) => exactLong(x); // exact beyond 2^53 (types.ts)

function real1(f: (x: number) => number): ScalarImpl {
  return (a, t) => { const x = num(a, t, 0); return x === null ? null : f(x); };
}

export function registerCore(m: Map<string, ScalarImpl>): void {
  // ---- conversions
  def(m, 'tostring', (a, t) => toStringValue(a[0] ?? null, t[0] ?? 'dynamic'));
  def(m, 'toint', conv('int'));
  def(m, 'tolong', conv('long'));
  def(m, 'toreal', conv('real'));
  def(m, 'todecimal', conv('decimal'));
  def(m, 'tobool', conv('bool'));
  def(m, 'todatetime', conv('datetime'));
  def(m, 'totimespan', conv('timespan'));
  def(m, 'toguid', conv('guid'));
  def(m, 'todynamic', conv('dynamic'));

  // ---- logic
  def(m, 'iff', (a) => (a[0] === true ? a[1] ?? null : a[2] ?? null));
  def(m, 'case', (a) => {
    const n = a.length;
    for (let i = 0; i + 1 < n; i += 2) if (a[i] === true) return a[i + 1] ?? null;
    return a[n - 1] ?? null;
  });
  def(m, 'coalesce', (a, t) => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v === null || v === undefined) continue;
      if (t[i] === 'string' && v === '') continue;
      return v;
    }
    return t.every((x) => x === 'string') ? '' : null;
  });
  def(m, 'isnull', (a) => a[0] === null || a[0] === undefined);
  def(m, 'isnotnull', (a) => !(a[0] === null || a[0] === undefined));
  def(m, 'isempty', (a) => a[0] === null || a[0] === undefined || a[0] === '');
  def(m, 'isnotempty', (a) => !(a[0] === null || a[0] === undefined || a[0] === ''));
  const extreme = (sign: 1 | -1): ScalarImpl => (a) => {
    let best: Value = null;
    for (const v of a) {
      if (v === null || v === undefined) continue;
      if (best === null || sign * compareNonNull(v, best) > 0) best = v;
    }
    return best;
  };
  def(m, 'max_of', extreme(1));
  def(m, 'min_of', extreme(-1));
  def(m, 'not', (a) => (typeof a[0] === 'boolean' ? !a[0] : null));

  // ---- math
  def(m, 'abs', real1(Math.abs));
  def(m, 'round', (a, t) => {
    const x = num(a, t, 0);
    const p = a.length > 1 ? int(a, t, 1) : 0;
    if (x === null || p === null) return null;
    return roundHalfAway(x, p);
  });
  def(m, 'ceiling', real1(Math.ceil));
  def(m, 'sign', real1((x) => (x > 0 ? 1 : x < 0 ? -1 : x)));
  def(m, 'pow', (a, t) => { const x = num(a, t, 0), y = num(a, t, 1); return x === null || y === null ? null : x ** y; });
  def(m, 'sqrt', real1((x) => (x < 0 ? NaN : Math.sqrt(x))));
  def(m, 'exp', real1(Math.exp));
  def(m, 'exp2', real1((x) => 2 ** x));
  def(m, 'exp10', real1((x) => 10 ** x));
  const logf = (f: (x: number) => number): ScalarImpl => (a, t) => { const x = num(a, t, 0); return x === null || x < 0 ? null : f(x); };
  def(m, 'log', logf(Math.log));
  def(m, 'log2', logf(Math.log2));
  def(m, 'log10', logf(Math.log10));
  def(m, 'sin', real1(Math.sin));
  def(m, 'cos', real1(Math.cos));
  def(m, 'tan', real1(Math.tan));
  def(m, 'asin', real1(Math.asin));
  def(m, 'acos', real1(Math.acos));
  def(m, 'atan', real1(Math.atan));
  def(m, 'atan2', (a, t) => { const y = num(a, t, 0), x = num(a, t, 1); return x === null || y === null ? null : Math.atan2(y, x); });
  def(m, 'cot', real1((x) => 1 / Math.tan(x)));
  def(m, 'degrees', real1((x) => (x * 180) / Math.PI));
  def(m, 'radians', real1((x) => (x * Math.PI) / 180));
  def(m, 'pi', () => Math.PI);
  def(m, 'gamma', real1(gamma));
  def(m, 'loggamma', real1((x) => logGamma(x)));
  def(m, 'isnan', (a, t) => { const x = num(a, t, 0); return x === null ? null : Number.isNaN(x); });
  def(m, 'isinf', (a, t) => { const x = num(a, t, 0); return x === null ? null : x === Infinity || x === -Infinity; });
  def(m, 'isfinite', (a, t) => { const x = num(a, t, 0); return x === null ? null : Number.isFinite(x); });
  def(m, 'rand', (a, t, ctx) => {
    const r = ctx.random ?? Math.random;
    if (a.length === 0) return r();
    const n = num(a, t, 0);
    return n === null ? null : Math.floor(r() * n);
  });
  const bin2 = (f: (x: bigint, y: bigint) => bigint): ScalarImpl => (a, t) => {
    const x = int64(a, t, 0), y = int64(a, t, 1);
    return x === null || y === null ? null : small(f(x, y));
  };
  def(m, 'binary_and', bin2((x, y) => x & y));
  def(m, 'binary_or', bin2((x, y) => x | y));
  def(m, 'binary_xor', bin2((x, y) => x ^ y));
  def(m, 'binary_not', (a, t) => { const x = int64(a, t, 0); return x === null ? null : small(~x); });
  def(m, 'binary_shift_left', bin2((x, n) => (n < 0n || n > 63n ? 0n : x << n)));
  def(m, 'binary_shift_right', bin2((x, n) => (n < 0n || n > 63n ? 0n : BigInt.asUintN(64, x) >> n)));
  def(m, 'bitset_count_ones', (a, t) => {
    const x = int(a, t, 0);
    if (x === null) return null;
    let v = BigInt.asUintN(64, big(x)), c = 0;
    while (v) { c += Number(v & 1n); v >>= 1n; }
    return c;
  });
}

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  x -= 1;
  let s = 0.99999999999980993;
  for (let i = 0; i < 8; i++) s += LANCZOS[i]! / (x + i + 1);
  const t = x + 7.5;
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * s;
}

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let s = 0.99999999999980993;
  for (let i = 0; i < 8; i++) s += LANCZOS[i]! / (x + i + 1);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}
