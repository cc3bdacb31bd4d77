import type { ScalarType, Value } from '../kql/data/types.js';
import { formatDatetime, formatTimespan } from '../kql/data/convert.js';
import { TICKS_PER_SECOND } from '../kql/data/types.js';

// Datetime formatting is the hot spot of evidence rows: cache the text of the second, add the fraction.
const secondCache = new Map<number, string>();
function fastDatetime(ticks: number): string {
  const t = Math.round(ticks);
  const sec = Math.floor(t / TICKS_PER_SECOND);
  let head = secondCache.get(sec);
  if (head === undefined) {
    const full = formatDatetime(sec * TICKS_PER_SECOND); // yyyy-mm-ddThh:mm:ss.0000000Z
    head = full.slice(0, full.length - 9);
    if (secondCache.size > 100_000) secondCache.clear();
    secondCache.set(sec, head);
  }
  return `${head}.${String(t - sec * TICKS_PER_SECOND).padStart(7, '0')}Z`;
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
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
