/**
 * Detection runtime: Sentinel analytic rules replayed over tables as Sentinel schedules them.
 *
 * Library entry (used by `cloudhop detect` and the demo):
 *
 *   const pack = loadPack([builtinRulesDir()]);
 *   const out = await runDetections({ tables, rules: pack.rules, watchlists, from, to });
 *   out.alerts      // Alert[] (DESIGN.md alert record), in time order, incidentId set
 *   out.incidents   // Incident[]
 *   out.perRuleStats
 *
 * `tables` is a Map<string, Table> (from src/ingest/load.ts loadTables or openWorkspace);
 * `from`/`to` default to the data's time span; `watchlists` is a folder of CSV files, a map of
 * loaded watchlists, or a provider function. Semantics: docs/rules-format.md §3.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import type { Table } from '../kql/data.js';
import type { WatchlistProvider } from '../kql/index.js';
import { parseIsoDatetime, formatDatetime, ticksFromDate } from '../kql/data.js';
import type { Rule } from './rule.js';
import { loadEngine, type Engine } from './engine.js';
import { ReplayData, prepareRule, replayRule, scheduleRuns, type RuleStats } from './replay.js';
import { groupIncidents } from './incidents.js';
import type { Alert, Incident } from './alert.js';
import { loadWatchlistDir, watchlistProvider, type Watchlist } from './watchlists.js';
import type { Problem } from './problems.js';
import { functionPlace } from './functions.js';

export type { Rule } from './rule.js';
export { withBaselineRules } from './rule.js';
export type { Alert, Incident } from './alert.js';
export type { RuleStats } from './replay.js';
export type { Problem } from './problems.js';
export { loadPack, loadRuleFile, loadRuleText, type LoadedPack } from './loader.js';
export { formatProblem, hasErrors, sortProblems } from './problems.js';
export { loadWatchlistDir, watchlistProvider, watchlistFromRows, type Watchlist } from './watchlists.js';
export { lintPack, lintRule } from './lint.js';
export { ReplayData, scheduleRuns } from './replay.js';
export { loadEngine } from './engine.js';
export { loadFunctionDir, loadFunctionFile, loadFunctionText, type LoadedFunction } from './functions.js';

export type TimeInput = number | Date | string;

/** Most runs of one rule in a replay (an hourly rule over ~22 years; a 5-minute rule over ~2 years). */
export const MAX_RUNS = 200_000;

export interface RunDetectionsOptions {
  readonly tables: ReadonlyMap<string, Table>;
  readonly rules: readonly Rule[];
  /** A folder of CSV watchlists, loaded watchlists, or a provider. */
  readonly watchlists?: string | ReadonlyMap<string, Watchlist> | WatchlistProvider;
  /** Replay span; default: the data's first event to its last. */
  readonly from?: TimeInput;
  readonly to?: TimeInput;
  /** Instead of a schedule: one run of every rule at this time. */
  readonly now?: TimeInput;
  /** Evidence rows kept per alert (default 200). */
  readonly maxEvidence?: number;
  /** Reuse a ReplayData (tables sorted by time) across calls. */
  readonly data?: ReplayData;
  readonly engine?: Engine;
  /** Run a rule's windows as one query when provably equivalent (default true; see batch.ts). */
  readonly batchWindows?: boolean;
  /** Called after each rule. */
  readonly onRule?: (stats: RuleStats) => void;
  /** Per-query limits (each run of a rule is one query): see src/kql/governor.ts. */
  readonly limits?: { readonly timeoutMs?: number; readonly maxMemoryBytes?: number };
}

export interface DetectionResult {
  readonly alerts: Alert[];
  readonly incidents: Incident[];
  readonly perRuleStats: RuleStats[];
  /** The replayed span (ISO); undefined when the data has no timed rows and none was given. */
  readonly from?: string;
  readonly to?: string;
  readonly problems: Problem[];
}

export function toTicks(t: TimeInput): number {
  if (typeof t === 'number') return t;
  if (t instanceof Date) return ticksFromDate(t);
  const v = parseIsoDatetime(t);
  if (v === null) throw new Error(`not an ISO 8601 time: '${t}'`);
  return v;
}

/** Replays every enabled rule over the tables and groups the alerts into incidents. */
export async function runDetections(o: RunDetectionsOptions): Promise<DetectionResult> {
  const engine = o.engine ?? (await loadEngine());
  const data = o.data ?? new ReplayData(o.tables);
  const problems: Problem[] = [];
  let watchlists: WatchlistProvider | undefined;
  if (typeof o.watchlists === 'string') watchlists = watchlistProvider(loadWatchlistDir(o.watchlists, problems));
  else if (typeof o.watchlists === 'function') watchlists = o.watchlists;
  else if (o.watchlists) watchlists = watchlistProvider(o.watchlists);

  let from: number | undefined, to: number | undefined;
  if (o.now === undefined) {
    const span = data.span();
    from = o.from !== undefined ? toTicks(o.from) : span?.min;
    to = o.to !== undefined ? toTicks(o.to) : span ? span.max + 1 : undefined;
  }
  const perRuleStats: RuleStats[] = [];
  const alerts: Alert[] = [];
  const rulesById = new Map<string, Rule>();
  for (const rule of o.rules) {
    if (!rule.enabled || rule.kind === 'Hunting') continue;
    rulesById.set(rule.id, rule);
    // A query that does not bind against the data's tables would fail every run: report it once.
    // The check comes from the bind that prepares the rule's query for the replay (one bind per rule).
    const prepared = prepareRule(rule, engine, data);
    const pre = prepared.check;
    if (!pre.ok) {
      const d = pre.diagnostics.find((x) => x.severity === 'error')!;
      const at = functionPlace(d, rule.functions) ?? { file: rule.file, ...rule.queryPosition(d.line, d.col) };
      const stats: RuleStats = { ruleId: rule.id, ruleName: rule.name, file: rule.file, runs: 0, suppressedRuns: 0, emptyRuns: 0, dedupedRuns: 0, resultRows: 0, alerts: 0, errors: [`${at.file}:${at.line}:${at.col}: ${d.code} ${d.message}`], errorCount: 1, ms: 0, queryMs: 0, batched: false };
      perRuleStats.push(stats);
      o.onRule?.(stats);
      continue;
    }
    // A stray timestamp (1970, 2099) would stretch the span to millions of runs: refuse, say why.
    if (o.now === undefined && from !== undefined && to !== undefined && (to - from) / rule.queryFrequency > MAX_RUNS) {
      const stats: RuleStats = { ruleId: rule.id, ruleName: rule.name, file: rule.file, runs: 0, suppressedRuns: 0, emptyRuns: 0, dedupedRuns: 0, resultRows: 0, alerts: 0,
        errors: [`${rule.file}: the span ${formatDatetime(from)} .. ${formatDatetime(to)} needs more than ${MAX_RUNS} runs of this rule; give --from/--to`], errorCount: 1, ms: 0, queryMs: 0, batched: false };
      perRuleStats.push(stats);
      o.onRule?.(stats);
      continue;
    }
    const runs = o.now !== undefined ? [toTicks(o.now)] : from !== undefined && to !== undefined ? scheduleRuns(rule.queryFrequency, from, to) : [];
    const r = await replayRule(rule, { engine, data, watchlists, runs, maxEvidence: o.maxEvidence, batch: o.batchWindows, prepared, ...(o.limits ? { limits: o.limits } : {}) });
    alerts.push(...r.alerts);
    perRuleStats.push(r.stats);
    o.onRule?.(r.stats);
  }
  alerts.sort((a, b) => (a.timeGenerated < b.timeGenerated ? -1 : a.timeGenerated > b.timeGenerated ? 1 : 0));
  const incidents = groupIncidents(alerts, rulesById);
  return {
    alerts, incidents, perRuleStats, problems,
    from: from !== undefined ? formatDatetime(from) : o.now !== undefined ? formatDatetime(toTicks(o.now)) : undefined,
    to: to !== undefined ? formatDatetime(to) : o.now !== undefined ? formatDatetime(toTicks(o.now)) : undefined,
  };
}

/** The built-in rule pack: `rules/` of the installed package (found from this file, not the cwd). */
export function builtinRulesDir(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'rules'))) return join(d, 'rules');
    d = dirname(d);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');
}
