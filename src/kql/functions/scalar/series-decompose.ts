/**
 * Series decomposition and outliers, following the algorithm the docs state
 * (series-decompose-function.md, series-decompose-anomalies-function.md, series-outliers-function.md):
 * - seasonal: the median of the points in the same phase of the period (0 without a period);
 * - trend (of the deseasonal series): `avg` its average, `linefit` a least-squares line, `none` 0;
 * - baseline = seasonal + trend, residual = x - baseline; `test_points` last points are left out of
 *   the learning and get the extrapolated baseline;
 * - series_outliers: Tukey's fence score against the p25–p75 (`tukey`) or p10–p90 (`ctukey`,
 *   default, percentiles settable) range: (x - high) / (high - low) above it, (x - low) / (high - low)
 *   below it, 0 inside (so |score| > 1.5 is Tukey's k = 1.5 fence); nulls score 0;
 * - series_decompose_anomalies: ad_score = series_outliers(residual), ad_flag = ±1 where
 *   |ad_score| > threshold.
 * Where the docs do not give the method, ours is said here: seasonality -1 (autodetect) picks the
 * period (4 ≤ p ≤ n/2 bins) with the highest autocorrelation of the detrended series, if that
 * autocorrelation reaches seasonality_threshold (default 0.6), else none — Kusto's
 * series_periods_detect scores periods its own way, so an autodetected period can differ.
 * series_seasonal is the seasonal part alone (its autodetection uses the threshold 0.7 its page gives).
 * Percentiles interpolate linearly between ranks.
 */
import type { DynamicValue, Value } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, int, num, str } from './util.js';

type Num = number | null;

function numbers(v: Value): Num[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return (v as DynamicValue[]).map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : null));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const r = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(r), hi = Math.ceil(r);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (r - lo);
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** Least-squares line over the indexes 0…n-1 of the non-null points; [intercept, slope]. */
function lineFit(xs: readonly Num[], n: number): [number, number] {
  let c = 0, mx = 0, my = 0;
  for (let i = 0; i < n; i++) { const y = xs[i]; if (y === null || y === undefined) continue; c++; mx += i; my += y; }
  if (c === 0) return [0, 0];
  mx /= c; my /= c;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { const y = xs[i]; if (y === null || y === undefined) continue; sxy += (i - mx) * (y - my); sxx += (i - mx) ** 2; }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return [my - slope * mx, slope];
}

/** Autodetected period (see the file comment), or 0. */
function detectPeriod(xs: readonly Num[], n: number, threshold: number): number {
  const [a, b] = lineFit(xs, n);
  const d = xs.slice(0, n).map((v, i) => (v === null ? 0 : v - (a + b * i)));
  const mean = d.reduce((s, v) => s + v, 0) / (n || 1);
  const c = d.map((v) => v - mean);
  const c0 = c.reduce((s, v) => s + v * v, 0);
  if (c0 === 0) return 0;
  let best = 0, bestR = threshold;
  for (let p = 4; p <= Math.floor(n / 2); p++) {
    let s = 0;
    for (let i = p; i < n; i++) s += c[i]! * c[i - p]!;
    const r = (s / c0) * (n / (n - p)); // unbiased: a period seen fewer times is not penalised
    if (r >= bestR + 1e-12) { bestR = r; best = p; }
  }
  return best;
}

export interface Decomposition { baseline: number[]; seasonal: number[]; trend: number[]; residual: Num[] }

export function decompose(xs: Num[], seasonality: number, trend: string, testPoints: number, threshold: number): Decomposition | undefined {
  const len = xs.length;
  const n = Math.max(0, len - Math.max(0, testPoints)); // learning points
  if (!['avg', 'linefit', 'none'].includes(trend)) return undefined;
  const period = seasonality < 0 ? detectPeriod(xs, n, threshold) : Math.trunc(seasonality);
  if (!Number.isFinite(period) || period > Math.max(n, 1)) return undefined; // a period longer than the learning points
  const seasonal = new Array<number>(len).fill(0);
  if (period > 1) {
    const phase: number[][] = Array.from({ length: period }, () => []);
    for (let i = 0; i < n; i++) { const v = xs[i]; if (v !== null && v !== undefined) phase[i % period]!.push(v); }
    const med = phase.map((p) => median(p) ?? 0);
    for (let i = 0; i < len; i++) seasonal[i] = med[i % period]!;
  }
  const deseason: Num[] = xs.map((v, i) => (v === null ? null : v - seasonal[i]!));
  const tr = new Array<number>(len).fill(0);
  if (trend === 'avg') {
    let s = 0, c = 0;
    for (let i = 0; i < n; i++) { const v = deseason[i]; if (v !== null && v !== undefined) { s += v; c++; } }
    tr.fill(c ? s / c : 0);
  } else if (trend === 'linefit') {
    const [a, b] = lineFit(deseason, n);
    for (let i = 0; i < len; i++) tr[i] = a + b * i;
  }
  const baseline = seasonal.map((s, i) => s + tr[i]!);
  const residual = xs.map((v, i) => (v === null ? null : v - baseline[i]!));
  return { baseline, seasonal, trend: tr, residual };
}

export function outlierScores(xs: readonly Num[], kind: string, lowP: number, highP: number): number[] | undefined {
  let lo = lowP, hi = highP;
  if (kind === 'tukey') { lo = 25; hi = 75; } else if (kind !== 'ctukey') return undefined;
  if (!(lo >= 2 && hi <= 98 && lo < hi)) return undefined;
  const sorted = xs.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const ql = percentile(sorted, lo), qh = percentile(sorted, hi);
  const iqr = qh - ql;
  return xs.map((v) => {
    if (v === null || !(iqr > 0)) return 0;
    if (v > qh) return (v - qh) / iqr;
    if (v < ql) return (v - ql) / iqr;
    return 0;
  });
}

export function registerSeriesDecompose(m: Map<string, ScalarImpl>): void {
  const opt = (a: readonly Value[], i: number): boolean => a.length > i && a[i] !== null;
  def(m, 'series_outliers', (a, t) => {
    const xs = numbers(a[0] ?? null);
    if (!xs) return null;
    const ignore = opt(a, 2) ? num(a, t, 2) : null;
    const ys = ignore === null ? xs : xs.map((v) => (v === ignore ? null : v));
    return outlierScores(ys, opt(a, 1) ? str(a, t, 1) : 'ctukey', opt(a, 3) ? num(a, t, 3) ?? 10 : 10, opt(a, 4) ? num(a, t, 4) ?? 90 : 90) ?? null;
  });
  // series_seasonal(series [, period]): the seasonal component (median per phase); period -1
  // (default) autodetects with threshold 0.7 (series-seasonal-function.md), any other value < 1
  // gives zeros, as does a series with no detected period.
  def(m, 'series_seasonal', (a, t) => {
    const xs = numbers(a[0] ?? null);
    if (!xs) return null;
    const p = opt(a, 1) ? num(a, t, 1) : -1;
    if (p === null) return null;
    const period = p === -1 ? -1 : p >= 1 ? Math.trunc(p) : 0;
    return decompose(xs, period, 'none', 0, 0.7)?.seasonal ?? xs.map(() => 0);
  });
  // Tuple results (binder/naming.ts TUPLE_RESULTS): [baseline, seasonal, trend, residual].
  def(m, 'series_decompose', (a, t) => {
    const xs = numbers(a[0] ?? null);
    if (!xs) return null;
    const d = decompose(xs, opt(a, 1) ? int(a, t, 1) ?? -1 : -1, opt(a, 2) ? str(a, t, 2) : 'avg', opt(a, 3) ? int(a, t, 3) ?? 0 : 0, opt(a, 4) ? num(a, t, 4) ?? 0.6 : 0.6);
    return d ? [d.baseline, d.seasonal, d.trend, d.residual] : null;
  });
  // [ad_flag, ad_score, baseline].
  def(m, 'series_decompose_anomalies', (a, t) => {
    const xs = numbers(a[0] ?? null);
    if (!xs) return null;
    const k = opt(a, 1) ? num(a, t, 1) ?? 1.5 : 1.5;
    const d = decompose(xs, opt(a, 2) ? int(a, t, 2) ?? -1 : -1, opt(a, 3) ? str(a, t, 3) : 'avg', opt(a, 4) ? int(a, t, 4) ?? 0 : 0, opt(a, 6) ? num(a, t, 6) ?? 0.6 : 0.6);
    if (!d) return null;
    const score = outlierScores(d.residual, opt(a, 5) ? str(a, t, 5) : 'ctukey', 10, 90);
    if (!score) return null;
    const flag = score.map((s) => (s > k ? 1 : s < -k ? -1 : 0));
    return [flag, score, d.baseline];
  });
}
