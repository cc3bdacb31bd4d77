/** Conversions between Kusto types through the catalog's to* functions (null on bad input). */
import type { ScalarType, Value } from '../data/types.js';
import type { EvalContext } from '../functions/types.js';
import { scalarImpl } from '../functions/registry.js';
import { coerce } from './expr.js';

const CONVERTER: Record<ScalarType, string> = {
  bool: 'tobool', int: 'toint', long: 'tolong', real: 'toreal', decimal: 'todecimal', string: 'tostring',
  datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid', dynamic: 'todynamic',
};

/** Converts `v` (of type `from`) to `to`; unknown conversions fall back to a plain coercion. */
export function castValue(v: Value, from: ScalarType, to: ScalarType, ev: EvalContext): Value {
  if (from === to) return v;
  if (v === null) return to === 'string' ? '' : null;
  if (to === 'dynamic') return typeof v === 'bigint' ? Number(v) : v; // dynamic holds JSON numbers (types.ts)
  const impl = scalarImpl(CONVERTER[to]);
  if (impl) { const r = impl([v], [from], ev); return r === undefined ? null : r; }
  return coerce(v, to);
}
