import { TICKS_PER_DAY, TICKS_PER_MS, TICKS_PER_SECOND } from './types.js';

/**
 * Datetime and timespan text forms. Ticks are 100 ns; datetimes count from the Unix epoch, UTC.
 * These are the canonical converters: ingestion, the executor and output formatting all use them.
 */

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;

/** Parses an ISO 8601 / Kusto datetime literal text ("2024-06-01", "2024-06-01 10:00:00.1234567Z"). Returns ticks or null. */
export function parseIsoDatetime(text: string): number | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const month = +mo!, day = +d!, hour = h ? +h : 0, min = mi ? +mi : 0, sec = s ? +s : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) return null;
  const ms = Date.UTC(+y!, month - 1, day, hour, min, sec);
  if (Number.isNaN(ms)) return null;
  // Reject rollovers such as 2023-02-30.
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let ticks = ms * TICKS_PER_MS;
  if (frac) ticks += Math.round(Number('0.' + frac) * TICKS_PER_SECOND);
  if (tz && /^[+-]/.test(tz)) {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const offMin = +digits.slice(0, 2) * 60 + +digits.slice(2, 4);
    ticks -= sign * offMin * 60 * TICKS_PER_SECOND;
  }
  return ticks;
}

/** ISO 8601 UTC text with 7 fractional digits and `Z`, as Kusto prints datetimes. */
export function formatDatetime(ticks: number): string {
  const t = Math.round(ticks);
  const ms = Math.floor(t / TICKS_PER_MS);
  const rem = t - ms * TICKS_PER_MS; // 0..9999 sub-millisecond ticks
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ (or ±yyyyyy for far years)
  const base = iso.slice(0, iso.length - 5);
  const msPart = iso.slice(iso.length - 4, iso.length - 1);
  return `${base}.${msPart}${String(rem).padStart(4, '0')}Z`;
}

/** Kusto timespan text: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ticks: number): string {
  let t = Math.round(ticks);
  const neg = t < 0;
  if (neg) t = -t;
  const days = Math.floor(t / TICKS_PER_DAY);
  t -= days * TICKS_PER_DAY;
  const hours = Math.floor(t / (3600 * TICKS_PER_SECOND));
  t -= hours * 3600 * TICKS_PER_SECOND;
  const mins = Math.floor(t / (60 * TICKS_PER_SECOND));
  t -= mins * 60 * TICKS_PER_SECOND;
  const secs = Math.floor(t / TICKS_PER_SECOND);
  const frac = t - secs * TICKS_PER_SECOND;
  const p2 = (n: number) => String(n).padStart(2, '0');
  let s = `${neg ? '-' : ''}${days > 0 ? `${days}.` : ''}${p2(hours)}:${p2(mins)}:${p2(secs)}`;
  if (frac > 0) s += '.' + String(frac).padStart(7, '0');
  return s;
}

export function ticksFromDate(d: Date): number { return d.getTime() * TICKS_PER_MS; }
export function dateFromTicks(ticks: number): Date { return new Date(Math.floor(ticks / TICKS_PER_MS)); }
