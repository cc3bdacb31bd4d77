import type { ScalarType, Value } from '../kql/data/types.js';
import { formatDatetime, formatTimespan } from '../kql/data/convert.js';

/** A result value in its JSON form (DESIGN.md CLI contract): datetimes ISO, timespans Kusto text, big longs as text. */
export function jsonValue(v: Value, type: ScalarType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return typeof v === 'number' ? formatDatetime(v) : v;
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
