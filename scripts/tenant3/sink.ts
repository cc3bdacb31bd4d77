/**
 * Where every generated row goes: the router turns it into its file's text at once (so a month of
 * rows is held as text, not as objects), and the sink keeps what labels need: per scenario, the
 * rows per table, the first and last time, and the timeline steps. Background rows have no scenario.
 */
export type Rec = Record<string, unknown>;
export interface Step { time: string; table: string; step: string }
export interface Router { accept(table: string, t: number, seq: number, rec: Rec): void }
export interface ScenarioStats { first: number; last: number; rows: Record<string, number> }

export class Sink {
  readonly timelines = new Map<string, Step[]>();
  readonly stats = new Map<string, ScenarioStats>();
  readonly tables: Record<string, number> = {};
  /** Time of the first and last row written. */
  first = Infinity; last = -Infinity;
  private seq = 0;
  /** The scenario rows are attributed to until changed (undefined: background). */
  scenario: string | undefined;
  constructor(private readonly router: Router) {}
  add(table: string, t: number, rec: Rec, step?: string): void {
    this.router.accept(table, t, this.seq++, rec);
    this.tables[table] = (this.tables[table] ?? 0) + 1;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    const s = this.scenario;
    if (!s) return;
    let st = this.stats.get(s);
    if (!st) this.stats.set(s, (st = { first: t, last: t, rows: {} }));
    if (t < st.first) st.first = t;
    if (t > st.last) st.last = t;
    st.rows[table] = (st.rows[table] ?? 0) + 1;
    if (step) {
      let tl = this.timelines.get(s);
      if (!tl) this.timelines.set(s, (tl = []));
      tl.push({ time: iso(t), table, step });
    }
  }
}

export const iso = (t: number): string => new Date(t).toISOString();
/** Entra writes seven fractional digits; the extra ones come from the time's own fraction (deterministic). */
export const iso7 = (t: number): string => { const s = new Date(Math.floor(t)).toISOString(); return `${s.slice(0, 23)}${String(Math.floor((t % 1) * 10000)).padStart(4, '0')}Z`; };
export const MIN = 60000, HOUR = 3600000, DAY = 86400000;
