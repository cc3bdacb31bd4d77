import { TICKS_PER_SECOND } from '../kql/data.js';

/**
 * Durations of rule files. Sentinel YAML writes `5m`, `1h`, `14d` (also `30s`); ARM templates
 * write ISO 8601 (`PT5M`, `PT1H`, `P14D`). Both are accepted; values are 100-ns ticks.
 */
export const MINUTE = 60 * TICKS_PER_SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const UNIT: Readonly<Record<string, number>> = { s: TICKS_PER_SECOND, m: MINUTE, h: HOUR, d: DAY };
const SHORT_RE = /^(\d+(?:\.\d+)?)\s*([smhd])$/i;
const ISO_RE = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const KUSTO_RE = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/;

/** Parses `5m`/`1h`/`14d`/`30s`, `PT1H`/`P1DT2H`, or `1.02:03:04`; undefined when malformed. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const s = text.trim();
  let m = SHORT_RE.exec(s);
  if (m) return Math.round(Number(m[1]) * UNIT[m[2]!.toLowerCase()]!);
  m = ISO_RE.exec(s);
  if (m && s.length > 1 && !/T$/i.test(s)) {
    const [, d, h, mi, se] = m;
    if (d === undefined && h === undefined && mi === undefined && se === undefined) return undefined;
    return Math.round(Number(d ?? 0) * DAY + Number(h ?? 0) * HOUR + Number(mi ?? 0) * MINUTE + Number(se ?? 0) * TICKS_PER_SECOND);
  }
  m = KUSTO_RE.exec(s);
  if (m) return Number(m[1] ?? 0) * DAY + Number(m[2]) * HOUR + Number(m[3]) * MINUTE + Number(m[4]) * TICKS_PER_SECOND;
  return undefined;
}

/** ISO 8601 duration as ARM templates write it: `PT5M`, `PT1H`, `P1D`, `P14D`, `PT1H30M`. */
export function toIsoDuration(ticks: number): string {
  let rest = Math.round(ticks / TICKS_PER_SECOND);
  const d = Math.floor(rest / 86400); rest -= d * 86400;
  const h = Math.floor(rest / 3600); rest -= h * 3600;
  const m = Math.floor(rest / 60); rest -= m * 60;
  let out = 'P' + (d ? `${d}D` : '');
  if (h || m || rest || !d) out += 'T' + (h ? `${h}H` : '') + (m ? `${m}M` : '') + (rest || (!h && !m) ? `${rest}S` : '');
  return out;
}

/** Short human form: `5m`, `1h`, `14d`, `1h30m`. */
export function formatDuration(ticks: number): string {
  let rest = Math.round(ticks / TICKS_PER_SECOND);
  const parts: string[] = [];
  for (const [u, n] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const q = Math.floor(rest / n);
    if (q) { parts.push(`${q}${u}`); rest -= q * n; }
  }
  return parts.join('') || '0s';
}
