/** Display text of a value (strings raw, dynamics as JSON, datetimes ISO): used by narrow, search, tostring-like paths. */
import type { ScalarType, Value } from '../data/types.js';
import { formatDatetime, formatTimespan } from '../data/convert.js';

export function textValue(v: Value, type: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case 'datetime': return typeof v === 'number' ? formatDatetime(v) : String(v);
    case 'timespan': return typeof v === 'number' ? formatTimespan(v) : String(v);
    case 'dynamic': return typeof v === 'string' ? v : JSON.stringify(v);
    case 'bool': return v ? 'true' : 'false';
    case 'int': case 'long':
      return typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) ? String(BigInt(v)) : String(v);
    default: return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}
