/**
 * Result values on the wire, as the Kusto REST API (v1/v2) and the Log Analytics query API write
 * them: datetime as ISO 8601 with 7 fractional digits and `Z`, timespan as Kusto text
 * (`1.02:03:04.5000000`), guid as text, non-finite reals as the strings `NaN` / `Infinity` /
 * `-Infinity`, decimal as text. Dynamic: the JSON value itself in Kusto v1/v2; a JSON text in
 * Log Analytics (which serialises dynamic cells as strings).
 */
import type { ScalarType, Value } from '../kql/data.js';
import { formatDatetime, formatTimespan } from '../kql/data.js';

export type WireFlavour = 'kusto' | 'loganalytics';

export function wireValue(v: Value, type: ScalarType, flavour: WireFlavour): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return typeof v === 'number' ? formatDatetime(v) : v;
    case 'timespan': return typeof v === 'number' ? formatTimespan(v) : v;
    case 'real': return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
    case 'decimal': return typeof v === 'number' ? String(v) : v;
    case 'dynamic': return flavour === 'loganalytics' ? JSON.stringify(v) : v;
    // An exact long beyond 2^53 (a bigint, kql/data/types.ts): the wire's JSON number is its nearest float.
    case 'long': case 'int': return typeof v === 'bigint' ? Number(v) : v;
    default: return v;
  }
}
