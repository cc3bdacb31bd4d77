/**
 * The clock continuous detection runs against (`cloudhop serve --clock`):
 *   real                      the wall clock (default)
 *   start=<ISO>[,speed=<N>]   simulated time: <ISO> at start-up, then N× the wall clock (N > 0,
 *                             default 1; e.g. speed=3600 runs an hour of schedule per second)
 *   manual[,start=<ISO>]      stands still at <ISO> (default: the wall clock at start-up) and moves
 *                             only when told: POST /v1/detection/clock {"now": "<ISO>"} (tests)
 * Times are engine ticks (100 ns since the Unix epoch, src/kql/data.ts).
 */
import { formatDatetime, parseIsoDatetime, ticksFromDate } from '../kql/data.js';

export interface Clock {
  readonly kind: 'real' | 'simulated' | 'manual';
  /** Ticks. */
  now(): number;
  readonly speed: number;
  /** Manual clocks only: moves the clock to `t` (never backwards). */
  set?(t: number): void;
  describe(): string;
}

const TICKS_PER_MS = 10_000;
export const MAX_SPEED = 1_000_000;

/** The clock of a `--clock` value, or what is wrong with it. `wallMs`: the wall clock (tests). */
export function parseClock(text: string, wallMs: () => number = Date.now): Clock | string {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 1 && parts[0] === 'real') {
    return { kind: 'real', speed: 1, now: () => ticksFromDate(new Date(wallMs())), describe: () => 'real (the wall clock)' };
  }
  let manual = false, start: number | undefined, speed: number | undefined;
  for (const p of parts) {
    if (p === 'manual') { manual = true; continue; }
    const eq = p.indexOf('=');
    const k = eq > 0 ? p.slice(0, eq) : p, v = eq > 0 ? p.slice(eq + 1) : '';
    if (k === 'start') {
      const t = parseIsoDatetime(v);
      if (t === null) return `start: not an ISO 8601 time: '${v}' (e.g. start=2024-05-01T00:00:00Z)`;
      start = t;
    } else if (k === 'speed') {
      const n = Number(v);
      if (!(n > 0) || n > MAX_SPEED || v === '') return `speed: not a number in (0, ${MAX_SPEED}]: '${v}'`;
      speed = n;
    } else return `'${p}': expected real, start=<ISO>[,speed=<N>] or manual[,start=<ISO>]`;
  }
  if (manual) {
    if (speed !== undefined) return 'manual: a manual clock has no speed (it moves through POST /v1/detection/clock)';
    let t = start ?? ticksFromDate(new Date(wallMs()));
    return {
      kind: 'manual', speed: 0, now: () => t,
      set: (x: number) => { if (x > t) t = x; },
      describe: () => `manual (now ${formatDatetime(t)}; moved by POST /v1/detection/clock)`,
    };
  }
  if (start === undefined) return `expected real, start=<ISO>[,speed=<N>] or manual[,start=<ISO>]: '${text}'`;
  const s = start, n = speed ?? 1, w0 = wallMs();
  return { kind: 'simulated', speed: n, now: () => s + Math.floor((wallMs() - w0) * n * TICKS_PER_MS), describe: () => `simulated from ${formatDatetime(s)} at ${n}x` };
}
