import type { ScalarType, Value } from '../kql/data.js';
import { formatDatetime, formatTimespan } from '../kql/data.js';
import { TICKS_PER_SECOND } from '../kql/data.js';

// Datetime formatting is the hot spot of evidence rows: the date part is cached per day, the time
// of day is plain arithmetic (same text as formatDatetime: 7 fractional digits and `Z`).
const dayCache = new Map<number, string>();
const TICKS_PER_DAY_ = 86_400 * TICKS_PER_SECOND;
const p2 = (n: number): string => (n < 10 ? '0' + n : String(n));
/** formatDatetime(ticks) for finite ticks, with the date part cached per day. */
export function fastDatetime(ticks: number): string {
  const t = Math.round(ticks);
  const day = Math.floor(t / TICKS_PER_DAY_);
  let date = dayCache.get(day);
  if (date === undefined) {
    date = formatDatetime(day * TICKS_PER_DAY_).slice(0, -18); // "yyyy-mm-dd" (or a wide year)
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(day, date);
  }
  let rest = t - day * TICKS_PER_DAY_;
  const h = Math.floor(rest / (3600 * TICKS_PER_SECOND)); rest -= h * 3600 * TICKS_PER_SECOND;
  const m = Math.floor(rest / (60 * TICKS_PER_SECOND)); rest -= m * 60 * TICKS_PER_SECOND;
  const sec = Math.floor(rest / TICKS_PER_SECOND); rest -= sec * TICKS_PER_SECOND;
  return `${date}T${p2(h)}:${p2(m)}:${p2(sec)}.${String(rest).padStart(7, '0')}Z`;
}

/** A result value in its JSON form (DESIGN.md CLI contract): datetimes ISO, timespans Kusto text, big longs as text. */
export function jsonValue(v: Value, type: ScalarType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return typeof v === 'number' && Number.isFinite(v) ? fastDatetime(v) : v;
    case 'timespan': return typeof v === 'number' ? formatTimespan(v) : v;
    case 'long': return typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v) ? String(v) : v;
    default: return v;
  }
}

/** Plain text of a value (entities, templates, custom details). */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v); // bigint: an exact long beyond 2^53
  return JSON.stringify(v);
}
