/** Datetime and timespan functions. Datetimes are 100-ns ticks since 1970-01-01 UTC (data/types.ts). */
import type { ScalarType, Value } from '../../data/types.js';
import { TICKS_PER_DAY, TICKS_PER_MS, TICKS_PER_SECOND } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, int, num, str } from './util.js';

const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
/** Ticks from 0001-01-01 (.NET's origin, which Kusto's bin uses) to 1970-01-01. */
const DOTNET_EPOCH = 621355968000000000n;

interface Parts { y: number; mo: number; d: number; h: number; mi: number; s: number; sub: number /* ticks within the second */ }

function parts(ticks: number): Parts {
  const ms = Math.floor(ticks / TICKS_PER_MS);
  const dt = new Date(ms);
  const secTicks = Math.floor(ticks / TICKS_PER_SECOND) * TICKS_PER_SECOND;
  return { y: dt.getUTCFullYear(), mo: dt.getUTCMonth() + 1, d: dt.getUTCDate(), h: dt.getUTCHours(), mi: dt.getUTCMinutes(), s: dt.getUTCSeconds(), sub: Math.round(ticks - secTicks) };
}

function fromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, sub = 0): number {
  const dt = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  dt.setUTCFullYear(y, mo - 1, d);
  return dt.getTime() * TICKS_PER_MS + sub;
}

const startOfDay = (t: number) => Math.floor(t / TICKS_PER_DAY) * TICKS_PER_DAY;
/** Day of week, 0 = Sunday. 1970-01-01 was a Thursday. */
const weekday = (t: number) => (((Math.floor(t / TICKS_PER_DAY) + 4) % 7) + 7) % 7;
const startOfWeek = (t: number) => startOfDay(t) - weekday(t) * TICKS_PER_DAY;
const startOfMonth = (t: number) => { const p = parts(t); return fromParts(p.y, p.mo, 1); };
const startOfYear = (t: number) => fromParts(parts(t).y, 1, 1);

function addMonths(t: number, n: number): number {
  const p = parts(t);
  const total = p.y * 12 + (p.mo - 1) + n;
  const y = Math.floor(total / 12), mo = total - y * 12 + 1;
  return fromParts(y, mo, Math.min(p.d, daysInMonth(y, mo)), p.h, p.mi, p.s, p.sub);
}

function daysInMonth(y: number, mo: number): number {
  const dt = new Date(Date.UTC(2000, 0, 1));
  dt.setUTCFullYear(y, mo, 0);
  return dt.getUTCDate();
}

/** ISO 8601 week number. */
function isoWeek(t: number): number {
  const day = Math.floor(t / TICKS_PER_DAY);
  const wd = ((weekday(t) + 6) % 7); // Monday = 0
  const thursday = day - wd + 3;
  const y = new Date(thursday * 86400000).getUTCFullYear();
  const jan1 = Math.floor(Date.UTC(y, 0, 1) / 86400000);
  return Math.floor((thursday - jan1) / 7) + 1;
}

const PERIOD_ALIASES: Record<string, string> = {
  year: 'year', yy: 'year', yyyy: 'year', quarter: 'quarter', qq: 'quarter', q: 'quarter',
  month: 'month', mm: 'month', m: 'month', week: 'week', wk: 'week', ww: 'week', week_of_year: 'week',
  day: 'day', dd: 'day', d: 'day', dayofyear: 'dayofyear', dy: 'dayofyear', y: 'dayofyear',
  hour: 'hour', hh: 'hour', minute: 'minute', mi: 'minute', n: 'minute', second: 'second', ss: 'second', s: 'second',
  millisecond: 'millisecond', ms: 'millisecond', microsecond: 'microsecond', mcs: 'microsecond',
  nanosecond: 'nanosecond', ns: 'nanosecond',
};
const period = (s: string) => PERIOD_ALIASES[s.trim().toLowerCase()];

const FIXED_TICKS: Record<string, number> = {
  week: 7 * TICKS_PER_DAY, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND, millisecond: TICKS_PER_MS, microsecond: 10, nanosecond: 0.01,
};

export function datetimeAdd(p: string, amount: number, t: number): number | null {
  const u = period(p);
  if (!u) return null;
  if (u === 'year') return addMonths(t, amount * 12);
  if (u === 'quarter') return addMonths(t, amount * 3);
  if (u === 'month') return addMonths(t, amount);
  const f = FIXED_TICKS[u === 'dayofyear' ? 'day' : u];
  return f === undefined ? null : t + Math.trunc(amount * f);
}

export function datetimeDiff(p: string, t1: number, t2: number): number | null {
  const u = period(p);
  if (!u) return null;
  const a = parts(t1), b = parts(t2);
  switch (u) {
    case 'year': return a.y - b.y;
    case 'quarter': return (a.y * 4 + Math.floor((a.mo - 1) / 3)) - (b.y * 4 + Math.floor((b.mo - 1) / 3));
    case 'month': return (a.y * 12 + a.mo) - (b.y * 12 + b.mo);
    case 'week': return Math.round((startOfWeek(t1) - startOfWeek(t2)) / (7 * TICKS_PER_DAY));
    case 'day': case 'dayofyear': return Math.round((startOfDay(t1) - startOfDay(t2)) / TICKS_PER_DAY);
    case 'hour': return Math.floor(t1 / TICKS_PER_HOUR) - Math.floor(t2 / TICKS_PER_HOUR);
    case 'minute': return Math.floor(t1 / TICKS_PER_MINUTE) - Math.floor(t2 / TICKS_PER_MINUTE);
    case 'second': return Math.floor(t1 / TICKS_PER_SECOND) - Math.floor(t2 / TICKS_PER_SECOND);
    case 'millisecond': return Math.floor(t1 / TICKS_PER_MS) - Math.floor(t2 / TICKS_PER_MS);
    case 'microsecond': return Math.floor(t1 / 10) - Math.floor(t2 / 10);
    case 'nanosecond': return Math.round((t1 - t2) * 100);
  }
  return null;
}

export function datetimePart(p: string, t: number): number | null {
  const pp = parts(t);
  switch (p.trim().toLowerCase()) {
    case 'year': return pp.y;
    case 'quarter': return Math.floor((pp.mo - 1) / 3) + 1;
    case 'month': return pp.mo;
    case 'week_of_year': case 'weekofyear': case 'week': return isoWeek(t);
    case 'day': return pp.d;
    case 'dayofyear': return Math.round((startOfDay(t) - startOfYear(t)) / TICKS_PER_DAY) + 1;
    case 'hour': return pp.h;
    case 'minute': return pp.mi;
    case 'second': return pp.s;
    case 'millisecond': return Math.floor(pp.sub / TICKS_PER_MS);
    case 'microsecond': return Math.floor(pp.sub / 10);
    case 'nanosecond': return pp.sub * 100;
  }
  return null;
}

/** bin(): floor to a multiple of size. Datetimes bin relative to 0001-01-01 like Kusto (matters for 7d bins). */
export function binValue(v: number, size: number, type: ScalarType): number | null {
  if (!(size > 0) || !Number.isFinite(v)) return null;
  if (type === 'datetime') {
    let off = 0;
    if (Number.isInteger(size)) off = Number(DOTNET_EPOCH % BigInt(size));
    const r = ((v + off) % size + size) % size;
    return v - r;
  }
  const q = Math.floor(v / size) * size;
  return type === 'int' || type === 'long' ? Math.trunc(q) : q;
}

const pad = (n: number, w: number) => String(Math.trunc(n)).padStart(w, '0');

/** format_datetime with Kusto's (.NET-like) specifiers. */
export function formatDatetimeWith(t: number, fmt: string): string {
  const p = parts(t);
  let out = '';
  for (let i = 0; i < fmt.length;) {
    const c = fmt[i]!;
    let n = 1;
    while (fmt[i + n] === c) n++;
    switch (c) {
      case 'y': out += n >= 4 ? pad(p.y, n) : n === 2 ? pad(p.y % 100, 2) : n === 1 ? String(p.y % 100) : pad(p.y, n); break;
      case 'M': out += n >= 2 ? pad(p.mo, 2) : String(p.mo); break;
      case 'd': out += n >= 2 ? pad(p.d, 2) : String(p.d); break;
      case 'H': out += n >= 2 ? pad(p.h, 2) : String(p.h); break;
      case 'h': { const h12 = p.h % 12 === 0 ? 12 : p.h % 12; out += n >= 2 ? pad(h12, 2) : String(h12); break; }
      case 'm': out += n >= 2 ? pad(p.mi, 2) : String(p.mi); break;
      case 's': out += n >= 2 ? pad(p.s, 2) : String(p.s); break;
      case 'f': case 'F': {
        const digits = pad(p.sub, 7).slice(0, Math.min(n, 7));
        out += c === 'F' ? digits.replace(/0+$/, '') : digits;
        break;
      }
      case 't': out += (p.h < 12 ? 'AM' : 'PM').slice(0, n >= 2 ? 2 : 1); break;
      default: out += c.repeat(n);
    }
    i += n;
  }
  return out;
}

/** format_timespan with Kusto's specifiers (d, h/H, m, s, f/F, separators). */
export function formatTimespanWith(ticks: number, fmt: string): string {
  const neg = ticks < 0;
  let t = Math.abs(Math.round(ticks));
  const days = Math.floor(t / TICKS_PER_DAY); t -= days * TICKS_PER_DAY;
  const h = Math.floor(t / TICKS_PER_HOUR); t -= h * TICKS_PER_HOUR;
  const mi = Math.floor(t / TICKS_PER_MINUTE); t -= mi * TICKS_PER_MINUTE;
  const s = Math.floor(t / TICKS_PER_SECOND); t -= s * TICKS_PER_SECOND;
  let out = neg ? '-' : '';
  for (let i = 0; i < fmt.length;) {
    const c = fmt[i]!;
    let n = 1;
    while (fmt[i + n] === c) n++;
    switch (c) {
      case 'd': out += pad(days, n); break;
      case 'h': case 'H': out += pad(h, n >= 2 ? 2 : 1); break;
      case 'm': out += pad(mi, n >= 2 ? 2 : 1); break;
      case 's': out += pad(s, n >= 2 ? 2 : 1); break;
      case 'f': case 'F': {
        const digits = pad(t, 7).slice(0, Math.min(n, 7));
        out += c === 'F' ? digits.replace(/0+$/, '') : digits;
        break;
      }
      default: out += c.repeat(n);
    }
    i += n;
  }
  return out;
}

/** Offset (ms) of a IANA time zone at a UTC instant, via Intl; undefined for an unknown zone. */
function tzOffsetMs(tz: string, utcMs: number): number | undefined {
  let f: Intl.DateTimeFormat;
  try {
    f = fmtCache.get(tz) ?? new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch { return undefined; }
  fmtCache.set(tz, f);
  const ps: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(utcMs))) if (x.type !== 'literal') ps[x.type] = +x.value;
  const asUtc = Date.UTC(ps.year!, ps.month! - 1, ps.day!, ps.hour! % 24, ps.minute!, ps.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}
const fmtCache = new Map<string, Intl.DateTimeFormat>();

const dt = (a: readonly Value[], i: number): number | null => (typeof a[i] === 'number' ? (a[i] as number) : null);

export function registerDatetime(m: Map<string, ScalarImpl>): void {
  def(m, 'ago', (a, _t, ctx) => { const s = dt(a, 0); return s === null ? null : ctx.now - s; });
  def(m, 'now', (a, _t, ctx) => (a.length > 0 ? (dt(a, 0) === null ? null : ctx.now + (a[0] as number)) : ctx.now));
  def(m, 'datetime_add', (a, t) => { const n = int(a, t, 1), d = dt(a, 2); return n === null || d === null ? null : datetimeAdd(str(a, t, 0), n, d); });
  def(m, 'datetime_diff', (a, t) => { const x = dt(a, 1), y = dt(a, 2); return x === null || y === null ? null : datetimeDiff(str(a, t, 0), x, y); });
  def(m, 'datetime_part', (a, t) => { const d = dt(a, 1); return d === null ? null : datetimePart(str(a, t, 0), d); });
  const shifted = (start: (t: number) => number, shift: (t: number, n: number) => number, end: boolean): ScalarImpl => (a, t) => {
    const d = dt(a, 0);
    if (d === null) return null;
    const off = a.length > 1 ? int(a, t, 1) : 0;
    if (off === null) return null;
    const s = shift(start(d), off);
    if (!end) return s;
    // float64 ticks are 2-tick granular after 1998: "next - 1" may round back to next
    const next = shift(s, 1);
    return next - 1 !== next ? next - 1 : next - 2;
  };
  const addDays = (k: number) => (t: number, n: number) => t + n * k * TICKS_PER_DAY;
  def(m, 'startofday', shifted(startOfDay, addDays(1), false));
  def(m, 'endofday', shifted(startOfDay, addDays(1), true));
  def(m, 'startofweek', shifted(startOfWeek, addDays(7), false));
  def(m, 'endofweek', shifted(startOfWeek, addDays(7), true));
  def(m, 'startofmonth', shifted(startOfMonth, addMonths, false));
  def(m, 'endofmonth', shifted(startOfMonth, addMonths, true));
  def(m, 'startofyear', shifted(startOfYear, (t, n) => addMonths(t, 12 * n), false));
  def(m, 'endofyear', shifted(startOfYear, (t, n) => addMonths(t, 12 * n), true));
  def(m, 'bin', (a, t) => {
    const v = num(a, t, 0), s = num(a, t, 1);
    if (v === null || s === null) return null;
    const ty = t[0] ?? 'real';
    // integer result only when both the value and the size are integers (bin(long, 0.5) is real)
    return binValue(v, s, (ty === 'int' || ty === 'long') && !(t[1] === 'int' || t[1] === 'long') ? 'real' : ty);
  });
  def(m, 'bin_at', (a, t) => {
    const v = num(a, t, 0), s = num(a, t, 1), f = num(a, t, 2);
    if (v === null || s === null || f === null || !(s > 0)) return null;
    const q = f + Math.floor((v - f) / s) * s;
    return (t[0] === 'int' || t[0] === 'long') && (t[1] === 'int' || t[1] === 'long') ? Math.trunc(q) : q;
  });
  def(m, 'dayofweek', (a) => { const d = dt(a, 0); return d === null ? null : weekday(d) * TICKS_PER_DAY; });
  def(m, 'dayofmonth', (a) => { const d = dt(a, 0); return d === null ? null : parts(d).d; });
  def(m, 'dayofyear', (a) => { const d = dt(a, 0); return d === null ? null : datetimePart('dayofyear', d); });
  def(m, 'weekofyear', (a) => { const d = dt(a, 0); return d === null ? null : isoWeek(d); });
  def(m, 'monthofyear', (a) => { const d = dt(a, 0); return d === null ? null : parts(d).mo; });
  def(m, 'getyear', (a) => { const d = dt(a, 0); return d === null ? null : parts(d).y; });
  def(m, 'hourofday', (a) => { const d = dt(a, 0); return d === null ? null : parts(d).h; });
  const unix = (k: number): ScalarImpl => (a, t) => { const v = num(a, t, 0); return v === null ? null : Math.round(v * k); };
  def(m, 'unixtime_seconds_todatetime', unix(TICKS_PER_SECOND));
  def(m, 'unixtime_milliseconds_todatetime', unix(TICKS_PER_MS));
  def(m, 'unixtime_microseconds_todatetime', unix(10));
  def(m, 'unixtime_nanoseconds_todatetime', (a, t) => { const v = num(a, t, 0); return v === null ? null : Math.round(v / 100); });
  def(m, 'make_datetime', (a, t) => {
    const y = int(a, t, 0), mo = int(a, t, 1), d = int(a, t, 2);
    const h = a.length > 3 ? int(a, t, 3) : 0, mi = a.length > 4 ? int(a, t, 4) : 0, s = a.length > 5 ? num(a, t, 5) : 0;
    if (y === null || mo === null || d === null || h === null || mi === null || s === null) return null;
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s >= 60) return null;
    const whole = Math.floor(s);
    return fromParts(y, mo, d, h, mi, whole, Math.round((s - whole) * TICKS_PER_SECOND));
  });
  def(m, 'make_timespan', (a, t) => {
    const xs = a.map((_, i) => num(a, t, i));
    if (xs.some((x) => x === null)) return null;
    const v = xs as number[];
    if (v.length === 2) return Math.round(v[0]! * TICKS_PER_HOUR + v[1]! * TICKS_PER_MINUTE);
    if (v.length === 3) return Math.round(v[0]! * TICKS_PER_HOUR + v[1]! * TICKS_PER_MINUTE + v[2]! * TICKS_PER_SECOND);
    return Math.round(v[0]! * TICKS_PER_DAY + v[1]! * TICKS_PER_HOUR + v[2]! * TICKS_PER_MINUTE + v[3]! * TICKS_PER_SECOND);
  });
  def(m, 'format_datetime', (a, t) => { const d = dt(a, 0); return d === null ? '' : formatDatetimeWith(d, str(a, t, 1)); });
  def(m, 'format_timespan', (a, t) => { const d = dt(a, 0); return d === null ? '' : formatTimespanWith(d, str(a, t, 1)); });
  def(m, 'datetime_utc_to_local', (a, t) => {
    const d = dt(a, 0);
    if (d === null) return null;
    const off = tzOffsetMs(str(a, t, 1), d / TICKS_PER_MS);
    return off === undefined ? null : d + off * TICKS_PER_MS;
  });
  def(m, 'datetime_local_to_utc', (a, t) => {
    const d = dt(a, 0);
    if (d === null) return null;
    const tz = str(a, t, 1);
    let guess = d / TICKS_PER_MS;
    for (let k = 0; k < 3; k++) {
      const off = tzOffsetMs(tz, guess);
      if (off === undefined) return null;
      guess = d / TICKS_PER_MS - off;
    }
    return guess * TICKS_PER_MS;
  });
}
