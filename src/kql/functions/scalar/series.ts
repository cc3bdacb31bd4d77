/** Element-wise series_* functions over dynamic numeric arrays (make-series output). */
import type { DynamicValue, Value } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def } from './util.js';

type Num = number | null;

/** An argument as a numeric series (non-numbers → null), or a scalar broadcast; undefined when neither. */
function series(v: Value): Num[] | number | undefined {
  if (Array.isArray(v)) return (v as DynamicValue[]).map((x) => (typeof x === 'number' ? x : null));
  if (typeof v === 'number') return v;
  return undefined;
}

function binary(f: (x: number, y: number) => DynamicValue): ScalarImpl {
  return (a) => {
    const x = series(a[0] ?? null), y = series(a[1] ?? null);
    if (x === undefined || y === undefined) return null;
    if (!Array.isArray(x) && !Array.isArray(y)) return null;
    const n = Array.isArray(x) && Array.isArray(y) ? Math.max(x.length, y.length) : Array.isArray(x) ? x.length : (y as Num[]).length;
    const out: DynamicValue[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const p = Array.isArray(x) ? x[i] ?? null : x, q = Array.isArray(y) ? y[i] ?? null : y;
      out[i] = p === null || q === null ? null : f(p, q);
    }
    return out;
  };
}

function unary(f: (x: number) => number): ScalarImpl {
  return (a) => {
    const x = series(a[0] ?? null);
    if (!Array.isArray(x)) return null;
    return x.map((v) => (v === null ? null : f(v)));
  };
}

function stats(xs: Num[]): Record<string, DynamicValue> {
  let min: number | null = null, max: number | null = null, minIdx: number | null = null, maxIdx: number | null = null;
  let n = 0, sum = 0;
  xs.forEach((v, i) => {
    if (v === null || Number.isNaN(v)) return;
    if (min === null || v < min) { min = v; minIdx = i; }
    if (max === null || v > max) { max = v; maxIdx = i; }
    n++; sum += v;
  });
  const avg = n ? sum / n : null;
  let ss = 0;
  for (const v of xs) if (v !== null && !Number.isNaN(v) && avg !== null) ss += (v - avg) ** 2;
  const variance = n > 1 ? ss / (n - 1) : n === 1 ? 0 : null;
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg, stdev: variance === null ? null : Math.sqrt(variance), variance, sum, len: xs.length };
}

/**
 * Least-squares line over x = 1…n (series-fit-line-function.md: interception -1.666 and first fit
 * 1.064 for its example); null/NaN points are left out of the fit and get a fitted value. variance is
 * the series' sample variance, rvariance the residuals' (both over n - 1), rsquare 1 - rss/ss.
 */
function fitLine(xs: Num[]): { rsquare: number | null; slope: number | null; variance: number | null; rvariance: number | null; interception: number | null; line_fit: DynamicValue[] } | null {
  const pts: [number, number][] = [];
  xs.forEach((v, i) => { if (v !== null && Number.isFinite(v)) pts.push([i + 1, v]); });
  const n = pts.length;
  if (n === 0) return null;
  let mx = 0, my = 0;
  for (const [x, y] of pts) { mx += x; my += y; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, ss = 0;
  for (const [x, y] of pts) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; ss += (y - my) ** 2; }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const icpt = my - slope * mx;
  let rss = 0;
  for (const [x, y] of pts) rss += (y - (icpt + slope * x)) ** 2;
  const d = n > 1 ? n - 1 : 1;
  return {
    rsquare: ss === 0 ? 1 : 1 - rss / ss, slope, variance: ss / d, rvariance: rss / d, interception: icpt,
    line_fit: xs.map((_, i) => icpt + slope * (i + 1)),
  };
}

/** The points (position, value) of a series' numeric values; positions are `first + i`. */
function points(xs: readonly Num[], first: number): [number, number][] {
  const pts: [number, number][] = [];
  xs.forEach((v, i) => { if (v !== null && Number.isFinite(v)) pts.push([first + i, v]); });
  return pts;
}

/**
 * series_fit_2lines: every split of the series into a left part `[0, k)` and a right part `[k, n)`
 * (each at least two points) is fitted with series_fit_line on each part (so each line's x runs
 * 1, 2, … within its part, as series_fit_line's does); the split with the highest total R² wins,
 * the first one on a tie. `split_idx` is k - 1, the last index of the left part (the docs say only
 * "the index of breaking point"). Total R² = 1 - (RSS_left + RSS_right) / SS; the variances divide
 * by (count - 1) as series_fit_line's do. A series of fewer than 4 values has no split: null.
 */
function fit2Lines(xs: Num[]): Record<string, DynamicValue> | null {
  const n = xs.length;
  const all = points(xs, 1);
  if (n < 4 || all.length < 4) return null;
  let my = 0;
  for (const [, y] of all) my += y;
  my /= all.length;
  let ss = 0;
  for (const [, y] of all) ss += (y - my) ** 2;
  let best: { k: number; r2: number; l: NonNullable<ReturnType<typeof fitLine>>; r: NonNullable<ReturnType<typeof fitLine>>; rss: number } | null = null;
  for (let k = 2; k <= n - 2; k++) {
    const l = fitLine(xs.slice(0, k)), r = fitLine(xs.slice(k));
    if (!l || !r) continue;
    const rss = rssOf(xs.slice(0, k), l) + rssOf(xs.slice(k), r);
    const r2 = ss === 0 ? 1 : 1 - rss / ss;
    if (!best || r2 > best.r2) best = { k, r2, l, r, rss };
  }
  if (!best) return null;
  const { k, l, r } = best;
  const lineFit = xs.map((_, i) => (i < k ? l.interception! + l.slope! * (i + 1) : r.interception! + r.slope! * (i - k + 1)));
  const d = all.length > 1 ? all.length - 1 : 1;
  const side = (f: NonNullable<ReturnType<typeof fitLine>>) => ({ rsquare: f.rsquare, slope: f.slope, interception: f.interception, variance: f.variance, rvariance: f.rvariance });
  return { rsquare: best.r2, split_idx: k - 1, variance: ss / d, rvariance: best.rss / d, line_fit: lineFit, right: side(r), left: side(l) };
}

function rssOf(xs: Num[], f: NonNullable<ReturnType<typeof fitLine>>): number {
  let rss = 0;
  for (const [x, y] of points(xs, 1)) rss += (y - (f.interception! + f.slope! * x)) ** 2;
  return rss;
}

/**
 * series_fit_poly: least squares for a polynomial of the given degree (default 1) from x (default
 * 1, 2, …, n) to y, solved by Householder QR of the Vandermonde matrix (no normal equations, so a
 * degree-8 fit over x in [0, 1] stays accurate). Pairs where x or y is not a number are left out;
 * fewer points than coefficients, or a degree below 1, give null. Coefficients run from the highest
 * power to the lowest, as documented.
 */
function fitPoly(ys: Num[], xsIn: Num[] | undefined, degree: number): { rsquare: number; coefficients: number[]; variance: number; rvariance: number; poly_fit: (number | null)[] } | null {
  if (!Number.isInteger(degree) || degree < 1) return null;
  const xs = xsIn ?? ys.map((_, i) => i + 1);
  const pts: [number, number][] = [];
  for (let i = 0; i < ys.length; i++) {
    const x = xs[i], y = ys[i];
    if (typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y)) pts.push([x, y]);
  }
  const p = degree + 1, n = pts.length;
  if (n < p) return null;
  // A (n×p) with columns x^degree … x^0, and b = y; Householder QR in place.
  const A = pts.map(([x]) => Array.from({ length: p }, (_, j) => x ** (degree - j)));
  const b = pts.map(([, y]) => y);
  for (let j = 0; j < p; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += A[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) return null; // the columns are dependent (e.g. every x equal): no unique fit
    const alpha = A[j]![j]! > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = j; i < n; i++) v[i] = A[i]![j]!;
    v[j]! -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    for (let c = j; c < p; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i]! * A[i]![c]!;
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) A[i]![c]! -= f * v[i]!;
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += v[i]! * b[i]!;
    const f = (2 * dot) / vv;
    for (let i = j; i < n; i++) b[i]! -= f * v[i]!;
  }
  const coef = new Array<number>(p).fill(0);
  for (let j = p - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let c = j + 1; c < p; c++) s -= A[j]![c]! * coef[c]!;
    if (A[j]![j] === 0) return null;
    coef[j] = s / A[j]![j]!;
  }
  const at = (x: number) => coef.reduce((acc, c) => acc * x + c, 0);
  let my = 0;
  for (const [, y] of pts) my += y;
  my /= n;
  let ss = 0, rss = 0;
  for (const [x, y] of pts) { ss += (y - my) ** 2; rss += (y - at(x)) ** 2; }
  const d = n > 1 ? n - 1 : 1;
  return {
    rsquare: ss === 0 ? 1 : 1 - rss / ss, coefficients: coef, variance: ss / d, rvariance: rss / d,
    poly_fit: ys.map((_, i) => { const x = xs[i]; return typeof x === 'number' && Number.isFinite(x) ? at(x) : null; }),
  };
}

/**
 * The discrete Fourier transform X[k] = Σ x[j]·e^(∓2πi·jk/n), in place: radix-2 Cooley–Tukey for a
 * power-of-two length, Bluestein's chirp-z (through three power-of-two transforms) for any other,
 * so every length costs O(n log n). `inverse` uses e^(+…) and divides by n.
 */
function dft(re: number[], im: number[], inverse: boolean): void {
  const n = re.length;
  if (n <= 1) return;
  if ((n & (n - 1)) === 0) radix2(re, im, inverse);
  else bluestein(re, im, inverse);
  if (inverse) for (let i = 0; i < n; i++) { re[i]! /= n; im[i]! /= n; }
}

function radix2(re: number[], im: number[], inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j]!, re[i]!]; [im[i], im[j]] = [im[j]!, im[i]!]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
        const a = i + k, b = i + k + len / 2;
        const xr = re[b]! * wr - im[b]! * wi, xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr; im[b] = im[a]! - xi;
        re[a]! += xr; im[a]! += xi;
      }
    }
  }
}

function bluestein(re: number[], im: number[], inverse: boolean): void {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const s = inverse ? 1 : -1;
  // chirp w[k] = e^(s·πi·k²/n); k² taken mod 2n keeps the angle small for large k.
  const wr = new Array<number>(n), wi = new Array<number>(n);
  for (let k = 0; k < n; k++) { const a = (s * Math.PI * ((k * k) % (2 * n))) / n; wr[k] = Math.cos(a); wi[k] = Math.sin(a); }
  const ar = new Array<number>(m).fill(0), ai = new Array<number>(m).fill(0);
  for (let k = 0; k < n; k++) { ar[k] = re[k]! * wr[k]! - im[k]! * wi[k]!; ai[k] = re[k]! * wi[k]! + im[k]! * wr[k]!; }
  const br = new Array<number>(m).fill(0), bi = new Array<number>(m).fill(0);
  br[0] = wr[0]!; bi[0] = -wi[0]!;
  for (let k = 1; k < n; k++) { br[k] = br[m - k] = wr[k]!; bi[k] = bi[m - k] = -wi[k]!; }
  radix2(ar, ai, false); radix2(br, bi, false);
  for (let i = 0; i < m; i++) { const r = ar[i]! * br[i]! - ai[i]! * bi[i]!; ai[i] = ar[i]! * bi[i]! + ai[i]! * br[i]!; ar[i] = r; }
  radix2(ar, ai, true);
  for (let k = 0; k < n; k++) {
    const cr = ar[k]! / m, ci = ai[k]! / m;
    re[k] = cr * wr[k]! - ci * wi[k]!; im[k] = cr * wi[k]! + ci * wr[k]!;
  }
}

export function registerSeries(m: Map<string, ScalarImpl>): void {
  // Tuple functions (binder/naming.ts TUPLE_RESULTS): an array of the output columns' values, which
  // an extend/project/print item turns into columns (exec/tuple.ts).
  def(m, 'series_fit_line', (a) => {
    const x = series(a[0] ?? null);
    const f = Array.isArray(x) ? fitLine(x) : null;
    return f ? [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, f.line_fit] : null;
  });
  def(m, 'series_fit_line_dynamic', (a) => {
    const x = series(a[0] ?? null);
    return Array.isArray(x) ? fitLine(x) : null;
  });
  def(m, 'series_fit_2lines', (a) => {
    const x = series(a[0] ?? null);
    const f = Array.isArray(x) ? fit2Lines(x) : null;
    if (!f) return null;
    const r = f.right as Record<string, DynamicValue>, l = f.left as Record<string, DynamicValue>;
    return [f.rsquare!, f.split_idx!, f.variance!, f.rvariance!, f.line_fit!, r.rsquare!, r.slope!, r.interception!, r.variance!, r.rvariance!,
      l.rsquare!, l.slope!, l.interception!, l.variance!, l.rvariance!];
  });
  def(m, 'series_fit_2lines_dynamic', (a) => {
    const x = series(a[0] ?? null);
    return Array.isArray(x) ? fit2Lines(x) : null;
  });
  def(m, 'series_fit_poly', (a) => {
    const y = series(a[0] ?? null);
    if (!Array.isArray(y)) return null;
    const xArg = a.length > 1 && a[1] !== null ? series(a[1] ?? null) : undefined;
    if (a.length > 1 && a[1] !== null && !Array.isArray(xArg)) return null;
    const deg = a.length > 2 ? a[2] : 1;
    const degree = typeof deg === 'number' ? deg : typeof deg === 'bigint' ? Number(deg) : NaN;
    const f = fitPoly(y, xArg as Num[] | undefined, degree);
    return f ? [f.rsquare, f.coefficients, f.variance, f.rvariance, f.poly_fit] : null;
  });
  // series-fft-function.md / series-ifft-function.md: (real, imaginary) series; the imaginary input
  // defaults to zeros. A null or non-numeric element, or series of different lengths, give null.
  const fft = (inverse: boolean): ScalarImpl => (a) => {
    const re = series(a[0] ?? null);
    if (!Array.isArray(re) || re.some((v) => v === null)) return null;
    let im: Num[] = re.map(() => 0);
    if (a.length > 1 && a[1] !== null) {
      const x = series(a[1] ?? null);
      if (!Array.isArray(x) || x.length !== re.length || x.some((v) => v === null)) return null;
      im = x;
    }
    const r = re.slice() as number[], i = im.slice() as number[];
    dft(r, i, inverse);
    return [r, i];
  };
  def(m, 'series_fft', fft(false));
  def(m, 'series_ifft', fft(true));
  def(m, 'series_stats', (a) => {
    const x = series(a[0] ?? null);
    if (!Array.isArray(x)) return null;
    const st = stats(x);
    return [st.min!, st.min_idx!, st.max!, st.max_idx!, st.avg!, st.stdev!, st.variance!];
  });
  def(m, 'series_add', binary((x, y) => x + y));
  def(m, 'series_subtract', binary((x, y) => x - y));
  def(m, 'series_multiply', binary((x, y) => x * y));
  def(m, 'series_divide', binary((x, y) => x / y));
  def(m, 'series_pow', binary((x, y) => x ** y));
  def(m, 'series_greater', binary((x, y) => x > y));
  def(m, 'series_greater_equals', binary((x, y) => x >= y));
  def(m, 'series_less', binary((x, y) => x < y));
  def(m, 'series_less_equals', binary((x, y) => x <= y));
  def(m, 'series_equals', binary((x, y) => x === y));
  def(m, 'series_not_equals', binary((x, y) => x !== y));
  const un: [string, (x: number) => number][] = [
    ['series_abs', Math.abs], ['series_acos', Math.acos], ['series_asin', Math.asin], ['series_atan', Math.atan],
    ['series_ceiling', Math.ceil], ['series_floor', Math.floor], ['series_cos', Math.cos], ['series_sin', Math.sin],
    ['series_tan', Math.tan], ['series_exp', Math.exp], ['series_log', Math.log],
    ['series_sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)],
  ];
  for (const [name, f] of un) def(m, name, unary(f));
  const fold = (f: (xs: number[]) => number | null): ScalarImpl => (a) => {
    const x = series(a[0] ?? null);
    if (!Array.isArray(x)) return null;
    return f(x.filter((v): v is number => v !== null));
  };
  def(m, 'series_sum', fold((xs) => xs.reduce((s, v) => s + v, 0)));
  def(m, 'series_product', fold((xs) => xs.reduce((s, v) => s * v, 1)));
  def(m, 'series_magnitude', fold((xs) => Math.sqrt(xs.reduce((s, v) => s + v * v, 0))));
  def(m, 'series_stats_dynamic', (a) => {
    const x = series(a[0] ?? null);
    return Array.isArray(x) ? stats(x) : null;
  });
  def(m, 'series_dot_product', (a) => {
    const x = series(a[0] ?? null), y = series(a[1] ?? null);
    if (x === undefined || y === undefined) return null;
    const n = Array.isArray(x) ? x.length : Array.isArray(y) ? y.length : 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const p = Array.isArray(x) ? x[i] ?? null : x, q = Array.isArray(y) ? y[i] ?? null : y;
      if (p === null || q === null) return null;
      s += p * q;
    }
    return s;
  });
  def(m, 'series_cosine_similarity', (a) => {
    const x = series(a[0] ?? null), y = series(a[1] ?? null);
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return null;
    let d = 0, nx = 0, ny = 0;
    for (let i = 0; i < x.length; i++) { const p = x[i] ?? 0, q = y[i] ?? 0; d += p * q; nx += p * p; ny += q * q; }
    return nx === 0 || ny === 0 ? null : d / Math.sqrt(nx * ny);
  });
  def(m, 'series_pearson_correlation', (a) => {
    const x = series(a[0] ?? null), y = series(a[1] ?? null);
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.length === 0) return null;
    const n = x.length;
    const xs = x.map((v) => v ?? 0), ys = y.map((v) => v ?? 0);
    const mx = xs.reduce((s, v) => s + v, 0) / n, my = ys.reduce((s, v) => s + v, 0) / n;
    let c = 0, vx = 0, vy = 0;
    for (let i = 0; i < n; i++) { c += (xs[i]! - mx) * (ys[i]! - my); vx += (xs[i]! - mx) ** 2; vy += (ys[i]! - my) ** 2; }
    return vx === 0 || vy === 0 ? null : c / Math.sqrt(vx * vy);
  });
  const fillDir = (forward: boolean): ScalarImpl => (a) => {
    if (!Array.isArray(a[0])) return null;
    const xs = [...(a[0] as DynamicValue[])];
    const missing = a.length > 1 ? a[1] ?? null : null;
    const isMissing = (v: DynamicValue) => v === missing || (v === null && missing === null) || (typeof v === 'number' && typeof missing === 'number' && Number.isNaN(v) && Number.isNaN(missing));
    if (forward) { let last: DynamicValue = null; let have = false; for (let i = 0; i < xs.length; i++) { if (isMissing(xs[i]!)) { if (have) xs[i] = last; } else { last = xs[i]!; have = true; } } }
    else { let next: DynamicValue = null; let have = false; for (let i = xs.length - 1; i >= 0; i--) { if (isMissing(xs[i]!)) { if (have) xs[i] = next; } else { next = xs[i]!; have = true; } } }
    return xs;
  };
  def(m, 'series_fill_forward', fillDir(true));
  def(m, 'series_fill_backward', fillDir(false));
  def(m, 'series_fill_const', (a) => {
    if (!Array.isArray(a[0])) return null;
    const c = (a[1] ?? 0) as DynamicValue;
    const missing = a.length > 2 ? a[2] ?? null : null;
    return (a[0] as DynamicValue[]).map((v) => (v === missing || (v === null && missing === null) ? c : v));
  });
  def(m, 'series_fill_linear', (a) => {
    if (!Array.isArray(a[0])) return null;
    const xs = (a[0] as DynamicValue[]).map((v) => (typeof v === 'number' ? v : null)) as Num[];
    const missing = a.length > 1 ? a[1] ?? null : null;
    const fillEdges = a.length > 2 ? a[2] !== false : true;
    const isMissing = (i: number) => {
      const raw = (a[0] as DynamicValue[])[i];
      return raw === missing || raw === null || (typeof raw !== 'number');
    };
    const out: DynamicValue[] = [...(a[0] as DynamicValue[])];
    const known: number[] = [];
    for (let i = 0; i < xs.length; i++) if (!isMissing(i)) known.push(i);
    if (known.length === 0) {
      const c = a.length > 3 && typeof a[3] === 'number' ? a[3] : 0;
      return out.map(() => c);
    }
    for (let i = 0; i < xs.length; i++) {
      if (!isMissing(i)) continue;
      const prev = [...known].reverse().find((k) => k < i), next = known.find((k) => k > i);
      if (prev !== undefined && next !== undefined) out[i] = xs[prev]! + ((xs[next]! - xs[prev]!) * (i - prev)) / (next - prev);
      else if (fillEdges) out[i] = prev !== undefined ? xs[prev]! : xs[next!]!;
    }
    return out;
  });
}

/** series_fir(x, filter, normalize = true, center = false) and series_iir(x, b, a): digital filters. */
export function registerFilters(m: Map<string, ScalarImpl>): void {
  def(m, 'series_fir', (a) => {
    const x = series(a[0] ?? null), f = series(a[1] ?? null);
    if (!Array.isArray(x) || !Array.isArray(f) || f.length === 0) return null;
    const normalize = a.length > 2 ? a[2] !== false : true;
    const center = a.length > 3 ? a[3] === true : false;
    const w = f.map((v) => v ?? 0);
    const sum = w.reduce((s, v) => s + v, 0);
    const k = normalize && sum !== 0 ? 1 / sum : 1;
    const shift = center ? Math.floor(w.length / 2) : 0;
    return x.map((_, i) => {
      let acc = 0;
      for (let j = 0; j < w.length; j++) {
        const idx = i - j + shift;
        const v = idx >= 0 && idx < x.length ? x[idx] : 0;
        acc += w[j]! * (v ?? 0);
      }
      return acc * k;
    });
  });
  def(m, 'series_iir', (a) => {
    const x = series(a[0] ?? null), b = series(a[1] ?? null), den = series(a[2] ?? null);
    if (!Array.isArray(x) || !Array.isArray(b) || !Array.isArray(den) || den.length === 0 || !den[0]) return null;
    const a0 = den[0]!;
    const y: number[] = [];
    for (let n = 0; n < x.length; n++) {
      let acc = 0;
      for (let k = 0; k < b.length; k++) if (n - k >= 0) acc += (b[k] ?? 0) * (x[n - k] ?? 0);
      for (let k = 1; k < den.length; k++) if (n - k >= 0) acc -= (den[k] ?? 0) * y[n - k]!;
      y.push(acc / a0);
    }
    return y;
  });
}
