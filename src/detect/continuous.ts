/**
 * Continuous detection: the rule pack run on its schedules against a clock, over the data that has
 * arrived (`cloudhop serve --rules`; src/serve/detection.ts drives it). The same code as a replay
 * (replay.ts): each rule's runs are the points of its epoch-aligned queryFrequency grid (NRT rules:
 * every minute), each run at `t` queries the window [t − queryPeriod, t) with now() = t, and
 * `replayRule` raises the alerts with the rule's state (suppression, the dedupe of overlapping
 * windows) carried from one call to the next; incidents are `groupIncidents` over every alert so far.
 * So a stream of data that has fully arrived before each run gives the alerts and incidents a replay
 * of the same data gives (test/serve/detection.test.ts).
 *
 * A run at `t` is due once the clock reaches `t` (Sentinel also runs at the scheduled time; data that
 * arrives after its run, with an event time inside the run's window, is not seen by that run: as in
 * Sentinel, give the rule a queryPeriod longer than its queryFrequency to cover ingestion delay).
 * The first run of a rule is the first grid point after the detection's start.
 */
import type { Table } from '../kql/data.js';
import { formatDatetime, parseIsoDatetime } from '../kql/data.js';
import type { WatchlistProvider } from '../kql/index.js';
import type { Rule } from './rule.js';
import type { Alert, Incident } from './alert.js';
import type { Engine } from './engine.js';
import { ReplayData, replayRule, newRuleRunState, type RuleRunState } from './replay.js';
import { groupIncidents } from './incidents.js';

/** Most runs of one rule caught up in one tick (a clock far ahead of the last run): the older ones are skipped, and counted. */
export const MAX_CATCH_UP_RUNS = 10_000;

/** A rule's schedule and figures (the status route, the workbench's rule pack page). */
export interface RuleStatus {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly file: string;
  readonly kind: string;
  readonly severity: string;
  /** ISO 8601. */
  readonly queryFrequency: string;
  readonly queryPeriod: string;
  /** ISO: the last run executed (undefined: none yet) and the next one due. */
  readonly lastRun?: string;
  readonly nextRun: string;
  readonly runs: number;
  readonly suppressedRuns: number;
  readonly alerts: number;
  readonly errorCount: number;
  /** Runs skipped because the clock had moved more than MAX_CATCH_UP_RUNS runs ahead. */
  readonly skippedRuns: number;
  readonly lastError?: string;
  /** Wall time of the rule's last call (ms). */
  readonly lastMs?: number;
}

interface RuleSlot {
  readonly rule: Rule;
  readonly state: RuleRunState;
  next: number;
  last?: number;
  runs: number;
  suppressed: number;
  alerts: number;
  errors: number;
  skipped: number;
  lastError?: string;
  lastMs?: number;
}

/** One alert of a tick, with what its SecurityAlert row needs (sentinel-tables.ts AlertRowContext). */
export interface RaisedAlert {
  readonly alert: Alert;
  readonly window: { readonly from: number; readonly to: number };
  readonly resultCount: number;
}

export interface TickResult {
  /** Alerts raised in this tick, in time order (incidentId set). */
  readonly alerts: RaisedAlert[];
  /** The whole grouping: every incident of every alert so far. */
  readonly incidents: Incident[];
  /** Rule runs executed (suppressed and empty ones included). */
  readonly runs: number;
}

export interface ContinuousOptions {
  readonly rules: readonly Rule[];
  readonly engine: Engine;
  readonly watchlists?: WatchlistProvider;
  readonly limits?: { readonly timeoutMs?: number; readonly maxMemoryBytes?: number };
  readonly maxEvidence?: number;
  /** Ticks: the schedule starts after this instant. */
  readonly start: number;
  /** Alerts raised before (a restarted server's SecurityAlert): grouped with the new ones. */
  readonly earlier?: readonly Alert[];
  /** Called between rules: lets the caller yield to its event loop (queries wait at most one rule run). */
  readonly between?: () => Promise<void>;
}

const firstAfter = (t: number, f: number): number => Math.floor(t / f) * f + f;
const isoDuration = (ticks: number): string => {
  const s = ticks / 1e7;
  return s % 86400 === 0 ? `P${s / 86400}D` : s % 3600 === 0 ? `PT${s / 3600}H` : s % 60 === 0 ? `PT${s / 60}M` : `PT${s}S`;
};

export class ContinuousDetection {
  private readonly slots: RuleSlot[] = [];
  private readonly rulesById = new Map<string, Rule>();
  private readonly all: Alert[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly o: ContinuousOptions) {
    for (const rule of o.rules) {
      if (!rule.enabled || rule.kind === 'Hunting' || !(rule.queryFrequency > 0)) continue;
      this.rulesById.set(rule.id, rule);
      this.slots.push({ rule, state: newRuleRunState(), next: firstAfter(o.start, rule.queryFrequency), runs: 0, suppressed: 0, alerts: 0, errors: 0, skipped: 0 });
    }
    for (const a of o.earlier ?? []) if (!this.ids.has(a.alertId)) { this.ids.add(a.alertId); this.all.push({ ...a }); }
  }

  /** The earliest run due (ticks), or undefined when no rule is scheduled. */
  nextDue(): number | undefined {
    let n: number | undefined;
    for (const s of this.slots) if (n === undefined || s.next < n) n = s.next;
    return n;
  }

  /**
   * Runs every rule run due at `now` (run times ≤ now, oldest first) over `tables` (the data that
   * has arrived), and regroups the incidents. Rules run one after another, `between` awaited
   * between them.
   */
  async tick(now: number, tables: ReadonlyMap<string, Table>): Promise<TickResult> {
    const data = new ReplayData(tables);
    const raised: RaisedAlert[] = [];
    let runs = 0;
    for (const s of this.slots) {
      if (s.next > now) continue;
      const f = s.rule.queryFrequency;
      let first = s.next;
      const count = Math.floor((now - first) / f) + 1;
      if (count > MAX_CATCH_UP_RUNS) { s.skipped += count - MAX_CATCH_UP_RUNS; first += (count - MAX_CATCH_UP_RUNS) * f; }
      const times: number[] = [];
      for (let t = first; t <= now; t += f) times.push(t);
      s.next = times[times.length - 1]! + f;
      await this.o.between?.();
      const started = performance.now();
      const r = await replayRule(s.rule, { engine: this.o.engine, data, runs: times, state: s.state, watchlists: this.o.watchlists, maxEvidence: this.o.maxEvidence, ...(this.o.limits ? { limits: this.o.limits } : {}) });
      s.lastMs = performance.now() - started;
      s.last = times[times.length - 1];
      s.runs += r.stats.runs + r.stats.suppressedRuns + r.stats.emptyRuns;
      s.suppressed += r.stats.suppressedRuns;
      s.alerts += r.alerts.length;
      s.errors += r.stats.errorCount;
      if (r.stats.errors.length) s.lastError = r.stats.errors[r.stats.errors.length - 1];
      runs += times.length;
      for (const a of r.alerts) {
        // A run repeated after a restart (a fixed --clock start) raises the same alert ids: kept once.
        if (this.ids.has(a.alertId)) continue;
        this.ids.add(a.alertId);
        const to = parseIsoDatetime(a.timeGenerated) ?? now;
        // resultCount: the rows behind this alert as kept in its evidence (at most maxEvidence).
        raised.push({ alert: a, window: { from: to - s.rule.queryPeriod, to }, resultCount: a.evidence.length });
      }
    }
    raised.sort((x, y) => (x.alert.timeGenerated < y.alert.timeGenerated ? -1 : x.alert.timeGenerated > y.alert.timeGenerated ? 1 : 0));
    if (raised.length) {
      this.all.push(...raised.map((x) => x.alert));
      this.all.sort((a, b) => (a.timeGenerated < b.timeGenerated ? -1 : a.timeGenerated > b.timeGenerated ? 1 : 0));
    }
    const incidents = groupIncidents(this.all, this.rulesById);
    return { alerts: raised, incidents, runs };
  }

  /** Every alert so far (earlier ones included), in time order, incidentId set. */
  alerts(): readonly Alert[] { return this.all; }

  status(): RuleStatus[] {
    return this.slots.map((s) => ({
      ruleId: s.rule.id, ruleName: s.rule.name, file: s.rule.file, kind: s.rule.kind, severity: s.rule.severity,
      queryFrequency: isoDuration(s.rule.queryFrequency), queryPeriod: isoDuration(s.rule.queryPeriod),
      ...(s.last !== undefined ? { lastRun: formatDatetime(s.last) } : {}), nextRun: formatDatetime(s.next),
      runs: s.runs, suppressedRuns: s.suppressed, alerts: s.alerts, errorCount: s.errors, skippedRuns: s.skipped,
      ...(s.lastError ? { lastError: s.lastError } : {}), ...(s.lastMs !== undefined ? { lastMs: Math.round(s.lastMs) } : {}),
    }));
  }
}
