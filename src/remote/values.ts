/**
 * Wire values of the Kusto and Log Analytics APIs back to the engine's boxed values
 * (src/kql/data/types.ts): the inverse of src/serve/wire-values.ts. Datetimes keep their 100 ns
 * ticks (parsed from the text, not through Date), so results compare exactly with local replay.
 */
import type { ScalarType, Value } from '../kql/data.js';
import { SCALAR_TYPES } from '../kql/data.js';
import { parseIsoDatetime } from '../kql/data.js';
import { parseTimespanText } from '../kql/data.js';

const ALIASES: Record<string, ScalarType> = { boolean: 'bool', int32: 'int', int64: 'long', double: 'real', float: 'real', date: 'datetime', time: 'timespan', uniqueid: 'guid', object: 'dynamic', sbyte: 'bool' };

/** A column type name from either API (`ColumnType` / `type`), or 'dynamic' when unknown. */
export function scalarType(name: string): ScalarType {
  const n = name.toLowerCase();
  return (SCALAR_TYPES as readonly string[]).includes(n) ? (n as ScalarType) : ALIASES[n] ?? 'dynamic';
}

export function fromWire(v: unknown, type: ScalarType, flavour: 'kusto' | 'loganalytics'): Value {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return typeof v === 'string' ? parseIsoDatetime(v) : null;
    case 'timespan': return typeof v === 'string' ? parseTimespanText(v) : typeof v === 'number' ? v : null;
    case 'int': case 'long': case 'real': case 'decimal':
      if (typeof v === 'number') return v;
      if (typeof v === 'string') { const n = Number(v); return Number.isNaN(n) && v !== 'NaN' ? v : n; }
      return null;
    case 'bool': return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : v === 'true' || v === 'True';
    case 'string': case 'guid': return typeof v === 'string' ? v : JSON.stringify(v);
    case 'dynamic':
      // Log Analytics sends dynamic cells as JSON text; Kusto v2 as the JSON value.
      if (typeof v === 'string' && flavour === 'loganalytics') { try { return JSON.parse(v) as Value; } catch { return v; } }
      return v as Value;
  }
}
