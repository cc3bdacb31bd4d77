/**
 * Decoding of literal bodies: `datetime(…)`, `time(…)`, `guid(…)`, `int(…)` and friends.
 * Each returns the boxed value (../data/types.ts) or `undefined` when the text is not valid.
 */
import type { ScalarType, Value } from '../data/types.js';
import { TICKS_PER_MS, TICKS_PER_SECOND } from '../data/types.js';
import { parseIsoDatetime } from '../data/convert.js';
import { TIMESPAN_UNITS } from './lexer.js';

/** Type word → Kusto type (literal-introducing words only). */
export const TYPED_LITERAL_TYPES: Readonly<Record<string, ScalarType>> = {
  datetime: 'datetime', date: 'datetime', timespan: 'timespan', time: 'timespan', guid: 'guid',
  uniqueid: 'guid', int: 'int', int32: 'int', long: 'long', int64: 'long', real: 'real',
  double: 'real', float: 'real', decimal: 'decimal', bool: 'bool', boolean: 'bool',
};

/** Decodes the body of a typed literal; `null` for typed nulls, `undefined` when invalid. */
export function decodeTyped(type: ScalarType, body: string): Value | undefined {
  let t = body.trim();
  if (t === 'null') return null;
  if ((t.startsWith('"') && t.endsWith('"') && t.length >= 2) || (t.startsWith("'") && t.endsWith("'") && t.length >= 2)) t = t.slice(1, -1).trim();
  switch (type) {
    case 'datetime': return parseDatetimeText(t);
    case 'timespan': return parseTimespanText(t);
    case 'guid': return /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(t)
      ? normalizeGuid(t) : undefined;
    case 'int': case 'long': {
      if (!/^[+-]?(\d+|0[xX][0-9a-fA-F]+)$/.test(t)) return undefined;
      const v = Number(t.replace(/^\+/, ''));
      // A hexadecimal int literal is a 32-bit pattern (.NET's reading): int(0xf090013d) is -258866883.
      if (type === 'int' && /^[+]?0[xX]/.test(t) && v <= 0xffffffff) return v | 0;
      if (type === 'int' && (v > 2147483647 || v < -2147483648)) return undefined;
      return v;
    }
    case 'real': case 'decimal': {
      const l = t.toLowerCase();
      if (l === 'nan') return NaN;
      if (l === '+inf' || l === 'inf') return Infinity;
      if (l === '-inf') return -Infinity;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
      return Number(t);
    }
    case 'bool': {
      const l = t.toLowerCase();
      if (l === 'true' || l === '1') return true;
      if (l === 'false' || l === '0') return false;
      return undefined;
    }
    default: return undefined;
  }
}

function normalizeGuid(t: string): string {
  const h = t.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/** ISO 8601 and RFC 822/850 datetime text → ticks, or undefined. */
export function parseDatetimeText(text: string): number | undefined {
  // Kusto tolerates spaces around the date's dashes: datetime(2017 - 08 - 01).
  const t = text.replace(/^(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})/, '$1-$2-$3');
  const iso = parseIsoDatetime(t);
  if (iso !== null) return iso;
  // y, m, d[, h, m, s] parts
  let p = /^(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2}))?)?)?$/.exec(t);
  if (p) return Date.UTC(+p[1]!, +p[2]! - 1, +p[3]!, +(p[4] ?? 0), +(p[5] ?? 0), +(p[6] ?? 0)) * TICKS_PER_MS;
  // month first: 12-02-2022, 12/02/2022 [hh:mm[:ss]]
  p = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (p && +p[1]! >= 1 && +p[1]! <= 12 && +p[2]! >= 1 && +p[2]! <= 31) return Date.UTC(+p[3]!, +p[1]! - 1, +p[2]!, +(p[4] ?? 0), +(p[5] ?? 0), +(p[6] ?? 0)) * TICKS_PER_MS;
  // Year-month only, and compact forms Kusto accepts: 2015-12, 20151231, 2015-12-31T10Z…
  let m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, 1) * TICKS_PER_MS;
  m = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(?:(\d{2}))?)?Z?$/.exec(t);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) * TICKS_PER_MS;
  // RFC 822: [Sat, ]8 Nov 2014 15:05[:02] [GMT|UTC|+hhmm]; RFC 850: Saturday, 08-Nov-14 15:05:02 GMT
  m = /^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]([A-Za-z]{3})[a-z]*[\s-](\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z|[+-]\d{4})?$/.exec(t);
  if (m) {
    const mon = MONTHS[m[2]!.toLowerCase()];
    if (mon === undefined) return undefined;
    let y = +m[3]!;
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    let ms = Date.UTC(y, mon, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    const tz = m[7];
    if (tz && /^[+-]/.test(tz)) ms -= (tz[0] === '-' ? -1 : 1) * (+tz.slice(1, 3) * 60 + +tz.slice(3, 5)) * 60000;
    return Number.isNaN(ms) ? undefined : ms * TICKS_PER_MS;
  }
  return undefined;
}

/** Timespan text (`1d`, `1.5h`, `-00:10:00`, `2.12:00:00.5`, `10` = days) → ticks, or undefined. */
export function parseTimespanText(t: string): number | undefined {
  let s = t.trim();
  let sign = 1;
  if (s.startsWith('-')) { sign = -1; s = s.slice(1).trim(); } else if (s.startsWith('+')) s = s.slice(1).trim();
  let m = /^(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]+)?$/.exec(s);
  if (m) {
    const unit = (m[2] ?? 'd').toLowerCase();
    const per = TIMESPAN_UNITS[unit];
    if (per === undefined) return undefined;
    return sign * Math.round(Number(m[1]) * per);
  }
  m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const days = +(m[1] ?? 0), h = +m[2]!, mi = +m[3]!, sec = +(m[4] ?? 0);
    if (mi > 59 || sec > 59) return undefined;
    const frac = m[5] ? Math.round(Number('0.' + m[5]) * TICKS_PER_SECOND) : 0;
    return sign * (((days * 24 + h) * 60 + mi) * 60 + sec) * TICKS_PER_SECOND + sign * frac;
  }
  return undefined;
}
