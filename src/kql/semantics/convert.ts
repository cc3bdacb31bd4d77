/**
 * Conversions between Kusto scalar types over boxed values (data/types.ts). Used by the to*
 * functions, implicit coercions of the operators and string operators on non-string operands.
 * Contract: never throws; bad input → null (string results → "" since string has no null).
 */
import type { DynamicValue, ScalarType, Value } from '../data/types.js';
import { TICKS_PER_DAY, TICKS_PER_MS, TICKS_PER_SECOND } from '../data/types.js';
import { formatDatetime, formatTimespan, parseIsoDatetime } from '../data/convert.js';

/** .NET-like shortest round-trip text of a double ("1", "1.5", "1E+15", "1E-05"), as Kusto prints reals. */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax >= 1e15 || ax < 1e-4) {
    const s = x.toExponential(); // "1.5e+20", shortest digits
    const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
    if (m) return `${m[1]}E${m[2]}${m[3]!.padStart(2, '0')}`;
  }
  return String(x);
}

/** The text of a value as Kusto's tostring() gives it. */
export function toStringValue(v: Value, t: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (t) {
    case 'string': case 'guid': return typeof v === 'string' ? v : String(v);
    case 'bool': return v ? 'true' : 'false';
    case 'int': case 'long': return typeof v === 'number' ? (Number.isInteger(v) ? (Number.isSafeInteger(v) ? String(v) : String(BigInt(v))) : String(Math.trunc(v))) : String(v);
    case 'real': case 'decimal': return typeof v === 'number' ? formatReal(v) : String(v);
    case 'datetime': return typeof v === 'number' ? formatDatetime(v) : '';
    case 'timespan': return typeof v === 'number' ? formatTimespan(v) : '';
    case 'dynamic': return dynamicToString(v as DynamicValue);
  }
}

/** tostring(dynamic): a string value as is, other values as compact JSON. */
export function dynamicToString(v: DynamicValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatReal(v);
  return JSON.stringify(v);
}

/** The Kusto type of a dynamic value's content, as gettype() names it. */
export function dynamicKind(v: DynamicValue): 'null' | 'bool' | 'long' | 'real' | 'string' | 'array' | 'dictionary' {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  if (typeof v === 'string') return 'string';
  return Array.isArray(v) ? 'array' : 'dictionary';
}

const INT_RE = /^[+-]?\d+$/;
const REAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_RE = /^0[xX][0-9a-fA-F]+$/;

/** Ticks from 0001-01-01 to 1970-01-01: tolong(datetime) gives .NET ticks, as Kusto does. */
export const DOTNET_EPOCH_TICKS = 621355968000000000;

/** tolong/toint: truncates reals; strings must hold a number; datetimes become .NET ticks. */
export function toLongValue(v: Value, t: ScalarType): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v); // callers wanting a number (convertValue keeps the bigint)
  if (t === 'datetime' && typeof v === 'number') return Math.trunc(v) + DOTNET_EPOCH_TICKS;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    return Math.trunc(v);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (t === 'guid') return null;
    const s = v.trim();
    if (INT_RE.test(s)) return Number(s);
    if (HEX_RE.test(s)) return parseInt(s, 16);
    if (REAL_RE.test(s)) return Math.trunc(Number(s));
    return null;
  }
  return null; // arrays / objects
}

export function toIntValue(v: Value, t: ScalarType): number | null {
  const n = toLongValue(v, t);
  if (n === null) return null;
  if (n > 2147483647 || n < -2147483648) return null;
  return n;
}

export function toRealValue(v: Value, t: ScalarType): number | null {
  if (v === null || v === undefined) return null;
  if (t === 'datetime' && typeof v === 'number') return v + DOTNET_EPOCH_TICKS;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (REAL_RE.test(s)) return Number(s);
    if (/^[+-]?(?:nan|inf|infinity)$/i.test(s)) {
      const l = s.toLowerCase();
      return l.includes('nan') ? NaN : l.startsWith('-') ? -Infinity : Infinity;
    }
    if (HEX_RE.test(s)) return parseInt(s, 16);
    return null;
  }
  return null;
}

export function toBoolValue(v: Value, _t: ScalarType): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    return null;
  }
  return null;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function utcTicks(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fracTicks = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const chk = new Date(ms);
  if (Number.isNaN(ms) || chk.getUTCDate() !== d || chk.getUTCMonth() !== mo - 1) return null;
  return ms * TICKS_PER_MS + fracTicks;
}

const US_RE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}),?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(AM|PM)?)?\s*(Z|UTC|GMT)?$/i;
const YMD_SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|UTC|GMT)?$/i;
const RFC_RE = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z|[+-]\d{4})?$/;

/** Parses datetime text as todatetime does: ISO 8601, RFC 822/1123, and month-first `12-02-2022` / `12/02/2022 10:00 PM`. */
export function parseDatetimeText(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  const iso = parseIsoDatetime(s);
  if (iso !== null) return iso;
  let m = US_RE.exec(s);
  if (m) {
    let h = m[4] ? +m[4] : 0;
    if (m[8]) { const pm = m[8].toUpperCase() === 'PM'; if (h === 12) h = pm ? 12 : 0; else if (pm) h += 12; }
    const frac = m[7] ? Math.round(Number('0.' + m[7]) * TICKS_PER_SECOND) : 0;
    return utcTicks(+m[3]!, +m[1]!, +m[2]!, h, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, frac);
  }
  m = YMD_SLASH_RE.exec(s);
  if (m) {
    const frac = m[7] ? Math.round(Number('0.' + m[7]) * TICKS_PER_SECOND) : 0;
    return utcTicks(+m[1]!, +m[2]!, +m[3]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, frac);
  }
  m = RFC_RE.exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (!mo) return null;
    let y = +m[3]!;
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    let t = utcTicks(y, mo, +m[1]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
    if (t !== null && m[7] && /^[+-]/.test(m[7])) {
      const sign = m[7][0] === '-' ? -1 : 1;
      t -= sign * (+m[7].slice(1, 3) * 60 + +m[7].slice(3, 5)) * 60 * TICKS_PER_SECOND;
    }
    return t;
  }
  // yyyyMMdd compact
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return utcTicks(+m[1]!, +m[2]!, +m[3]!);
  return null;
}

export function toDatetimeValue(v: Value, t: ScalarType): number | null {
  if (v === null || v === undefined) return null;
  if (t === 'datetime') return typeof v === 'number' ? v : null;
  if (typeof v === 'string') return parseDatetimeText(v);
  // numbers are .NET ticks (the inverse of tolong(datetime))
  if (typeof v === 'number' && (t === 'long' || t === 'int' || t === 'real' || t === 'decimal')) {
    const u = v - DOTNET_EPOCH_TICKS;
    return Number.isFinite(u) && v >= 0 && v < 3155378976000000000 ? u : null;
  }
  return null;
}

const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: 3600 * TICKS_PER_SECOND, hr: 3600 * TICKS_PER_SECOND, hrs: 3600 * TICKS_PER_SECOND, hour: 3600 * TICKS_PER_SECOND, hours: 3600 * TICKS_PER_SECOND,
  m: 60 * TICKS_PER_SECOND, min: 60 * TICKS_PER_SECOND, minute: 60 * TICKS_PER_SECOND, minutes: 60 * TICKS_PER_SECOND,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, milli: TICKS_PER_MS, millis: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

/** Timespan text: `[-][d.]hh:mm[:ss[.fffffff]]` or a literal like `1.5h`, `30m`, `100ms`. */
export function parseTimespanText(text: string): number | null {
  const s = text.trim();
  let m = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const [, sign, d, h, mi, sec, frac] = m;
    if (+h! > 23 || +mi! > 59 || (sec && +sec > 59)) return null;
    let t = (d ? +d : 0) * TICKS_PER_DAY + +h! * 3600 * TICKS_PER_SECOND + +mi! * 60 * TICKS_PER_SECOND + (sec ? +sec : 0) * TICKS_PER_SECOND;
    if (frac) t += Math.round(Number('0.' + frac) * TICKS_PER_SECOND);
    return sign === '-' ? -t : t;
  }
  m = /^([+-])?(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)$/i.exec(s);
  if (m) {
    const u = UNIT_TICKS[m[3]!.toLowerCase()];
    if (u === undefined) return null;
    const t = Math.round(Number(m[2]) * u);
    return m[1] === '-' ? -t : t;
  }
  // plain number of days? Kusto's totimespan("2") → 2 days
  m = /^([+-])?(\d+)$/.exec(s);
  if (m) { const t = +m[2]! * TICKS_PER_DAY; return m[1] === '-' ? -t : t; }
  return null;
}

export function toTimespanValue(v: Value, t: ScalarType): number | null {
  if (v === null || v === undefined) return null;
  if (t === 'timespan') return typeof v === 'number' ? v : null;
  if (typeof v === 'string') return parseTimespanText(v);
  if (typeof v === 'number') return t === 'datetime' ? null : Math.trunc(v); // numbers are ticks
  return null;
}

const GUID_RE = /^[{(]?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})[})]?$/;

export function toGuidValue(v: Value, _t: ScalarType): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m = GUID_RE.exec(s);
  if (!m) {
    // Kusto also accepts 32 hex digits with dashes anywhere ("0123456789ab-cdef-0123-456789abcdef")
    const hex = s.replace(/^[{(]|[})]$/g, '').replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
    m = GUID_RE.exec(hex);
    if (!m) return null;
  }
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase();
}

/** todynamic / parse_json: JSON text → value; invalid JSON → the string itself (as Kusto does). Non-strings pass through. */
export function toDynamicValue(v: Value, t: ScalarType): DynamicValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v); // dynamic holds JSON numbers (types.ts)
  if (t === 'dynamic') return v as DynamicValue;
  if (typeof v === 'string') {
    if (t === 'guid') return v;
    const s = v.trim();
    if (s === '') return null;
    try { return JSON.parse(s) as DynamicValue; } catch { return v; }
  }
  if (t === 'datetime' && typeof v === 'number') return formatDatetime(v);
  if (t === 'timespan' && typeof v === 'number') return formatTimespan(v);
  return v as DynamicValue;
}

/** Converts a value to the boxed form of type `to` (the to* function of that type). */
export function convertValue(v: Value, from: ScalarType, to: ScalarType): Value {
  switch (to) {
    case 'string': return toStringValue(v, from);
    case 'int': return toIntValue(v, from);
    case 'long': return typeof v === 'bigint' ? v : toLongValue(v, from); // an exact long stays exact
    case 'real': case 'decimal': return toRealValue(v, from);
    case 'bool': return toBoolValue(v, from);
    case 'datetime': return toDatetimeValue(v, from);
    case 'timespan': return toTimespanValue(v, from);
    case 'guid': return toGuidValue(v, from);
    case 'dynamic': return toDynamicValue(v, from);
  }
}

/**
 * Boxed value → dynamic content (what pack/pack_array/make_list store): datetimes and timespans
 * become their text, as Kusto serializes them inside dynamic values.
 */
export function toDynamicElement(v: Value, t: ScalarType): DynamicValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v); // dynamic holds JSON numbers (data/types.ts)
  if (t === 'datetime' && typeof v === 'number') return formatDatetime(v);
  if (t === 'timespan' && typeof v === 'number') return formatTimespan(v);
  return v as DynamicValue;
}

/** Dynamic content → a value of type t (e.g. comparing dynamic to a typed literal). */
export function fromDynamic(v: DynamicValue, t: ScalarType): Value {
  return convertValue(v, 'dynamic', t);
}
