import type { Table } from '../kql/data.js';
import { schemaOf, tableFromRows } from '../kql/data.js';
import type { ScalarType, TableSchema, Value } from '../kql/data.js';
import { formatDatetime } from '../kql/data.js';
import type { Catalog, ExecuteOptions, ExecuteOutcome, QueryResult, WatchlistProvider } from '../kql/index.js';
import { BUILTIN_TABLES, KNOWN_TABLES } from '../store/schemas/index.js';
import { TimeSlicedTable, SourceWindows, pickTimeColumn, pickSourceTimeColumn } from './timeslice.js';
import { isTableSource } from '../kql/index.js';
import type { TableSource } from '../kql/data.js';
import { requiredTables, SEVERITIES, type Rule } from './rule.js';
import { makeEntity, entityKey, type AlertEntity } from './entities.js';
import { type Alert, stableGuid } from './alert.js';
import { jsonValue, textOf, fastDatetime } from './values.js';
import type { Engine, ScheduledRun } from './engine.js';
import { planBatch, WINDOW_COLUMN } from './batch.js';
import { functionPlace } from './functions.js';

/** Per-rule figures of a replay. */
export interface RuleStats {
  ruleId: string;
  ruleName: string;
  file: string;
  /** Runs executed. */
  runs: number;
  /** Runs skipped: suppression after an alert. */
  suppressedRuns: number;
  /** Runs skipped: no rows of the rule's tables in the window (gt trigger only). */
  emptyRuns: number;
  /** Runs whose trigger fired but whose rows had all alerted before (overlapping windows). */
  dedupedRuns: number;
  resultRows: number;
  alerts: number;
  /** Query errors (first few), as `run-time: CODE message`. */
  errors: string[];
  errorCount: number;
  /** Wall time of the rule's replay, and the part of it spent inside the engine's execute(). */
  ms: number;
  queryMs: number;
  /** True when all windows came from one batched query (see batch.ts). */
  batched: boolean;
  /** A run hit a query limit (KQL5xx: time or memory); the rule's remaining runs were skipped. */
  limitHit?: boolean;
}

/** Codes of the engine's query limits (time, memory): after one, a rule's other runs are skipped. */
const LIMIT_CODES = new Set(['KQL502', 'KQL503']);

/**
 * The tables of a replay, windowed cheaply (see TimeSlicedTable; a table read on demand, such as a
 * workspace's, through SourceWindows: each window reads only what its query needs). Build once,
 * share across rules.
 */
export class ReplayData {
  private readonly sliced = new Map<string, TimeSlicedTable | SourceWindows>();
  private readonly empty = new Map<string, Table>();
  constructor(readonly tables: ReadonlyMap<string, Table>) {}

  slicedTable(name: string): TimeSlicedTable | SourceWindows | undefined {
    let s = this.sliced.get(name);
    if (!s) {
      const t = this.tables.get(name);
      if (!t) return undefined;
      s = isTableSource(t) ? new SourceWindows(t, pickSourceTimeColumn(t)) : new TimeSlicedTable(t, pickTimeColumn(t));
      this.sliced.set(name, s);
    }
    return s;
  }

  /** The table as a run with window [from, to) sees it; a known table absent from the data is empty. */
  window(name: string, from: number, to: number): Table | TableSource | undefined {
    const s = this.slicedTable(name);
    if (s) return s.window(from, to);
    let e = this.empty.get(name);
    if (!e) {
      const schema = KNOWN_TABLES.get(name);
      if (!schema) return undefined;
      e = tableFromRows(name, schema.columns, []);
      this.empty.set(name, e);
    }
    return e;
  }

  /**
   * Every table (data and known-but-absent) as a run with window [from, to) sees it, as a map
   * whose entries are sliced on first access (so `union *`-style lookups can enumerate names).
   */
  windowMap(from: number, to: number): ReadonlyMap<string, Table | TableSource> {
    const names = [...new Set([...this.tables.keys(), ...BUILTIN_TABLES.keys()])];
    const cache = new Map<string, Table | TableSource>();
    const get = (k: string): Table | TableSource | undefined => {
      let t = cache.get(k);
      if (!t) { t = this.window(k, from, to); if (t) cache.set(k, t); }
      return t;
    };
    const entries = function* (): IterableIterator<[string, Table | TableSource]> { for (const n of names) { const t = get(n); if (t) yield [n, t]; } };
    const map = {
      get, has: (k: string) => names.includes(k), get size() { return names.length; },
      keys: () => names[Symbol.iterator](), values: function* () { for (const [, t] of entries()) yield t; }, entries,
      forEach: (cb: (v: Table | TableSource, k: string, m: ReadonlyMap<string, Table | TableSource>) => void) => { for (const [k, v] of entries()) cb(v, k, map); },
      [Symbol.iterator]: entries,
    } as unknown as ReadonlyMap<string, Table | TableSource>;
    return map;
  }

  private baseCatalog?: Map<string, TableSchema>;

  /**
   * The schemas a rule's query is bound against (prepared once per replay): the data's tables,
   * then the known tables it lacks (empty in every window).
   */
  catalog(functions?: Rule['functions']): Catalog {
    if (!this.baseCatalog) {
      this.baseCatalog = new Map();
      // A workspace table gives its schema (reading its `fields` would decode every column).
      for (const [name, t] of this.tables) this.baseCatalog.set(name, { name, columns: isTableSource(t) ? [...t.schema] : schemaOf(t) });
      for (const [name, t] of KNOWN_TABLES) if (!this.baseCatalog.has(name)) this.baseCatalog.set(name, t);
    }
    return { tables: this.baseCatalog, ...(functions?.length ? { functions } : {}) };
  }

  rowsIn(name: string, from: number, to: number): number {
    const s = this.slicedTable(name);
    return s ? s.count(from, to) : 0;
  }

  /** [min, max] event time over all tables with a time column. */
  span(): { min: number; max: number } | undefined {
    let min = Infinity, max = -Infinity;
    for (const name of this.tables.keys()) {
      const s = this.slicedTable(name)!;
      if (s.minTime !== undefined && s.minTime < min) min = s.minTime;
      if (s.maxTime !== undefined && s.maxTime > max) max = s.maxTime;
    }
    return min <= max ? { min, max } : undefined;
  }
}

export interface ReplayRuleOptions {
  readonly engine: Engine;
  readonly data: ReplayData;
  readonly watchlists?: WatchlistProvider;
  /** Run times (ticks), ascending. */
  readonly runs: readonly number[];
  readonly maxEvidence?: number;
  /** Allow one query for all windows when equivalent (default true). */
  readonly batch?: boolean;
  /** Per-query limits passed to the engine (timeoutMs, maxMemoryBytes). */
  readonly limits?: { readonly timeoutMs?: number; readonly maxMemoryBytes?: number };
  /**
   * The rule's run state carried between calls (continuous detection calls replayRule with the runs
   * that came due since the last call): suppression and the overlapping-window dedupe continue as in
   * one replay over all those runs. Absent: a fresh state (a replay).
   */
  readonly state?: RuleRunState;
}

/** What a rule's runs remember of earlier runs: suppression end, the rows that alerted (overlapping windows). */
export interface RuleRunState {
  seen: Map<string, number>;
  suppressedUntil: number;
  lastPrune: number;
}

export const newRuleRunState = (): RuleRunState => ({ seen: new Map(), suppressedUntil: -Infinity, lastPrune: -Infinity });

/** Run times on the epoch-aligned grid of `frequency`: from the first point after `from` to the first point at or after `to`. */
export function scheduleRuns(frequency: number, from: number, to: number): number[] {
  const out: number[] = [];
  if (!(frequency > 0) || !(to > from)) return out;
  let t = Math.floor(from / frequency) * frequency + frequency;
  for (;;) { out.push(t); if (t >= to) break; t += frequency; }
  return out;
}

function triggered(rule: Rule, n: number): boolean {
  const th = rule.triggerThreshold;
  switch (rule.triggerOperator) {
    case 'gt': return n > th;
    case 'lt': return n < th;
    case 'eq': return n === th;
    case 'ne': return n !== th;
  }
}

const TIME_NAMES = new Set(['timegenerated', 'timestamp', 'starttime', 'endtime', 'starttimeutc', 'endtimeutc', 'firstseen', 'lastseen',
  'firsttime', 'lasttime', 'min_timegenerated', 'max_timegenerated', 'min_timestamp', 'max_timestamp', 'eventtime', 'signintime']);

type RunQuery = (opts: ExecuteOptions, run?: ScheduledRun) => ExecuteOutcome | Promise<ExecuteOutcome>;
const PREPARED = new WeakMap<ReplayRuleOptions, Map<string, RunQuery>>();

/**
 * A query of this replay as a function of one run's options: with an engine that prepares queries
 * (the local one), the query is parsed, bound and planned once per replay and run per window;
 * otherwise every run is an execute(). `bind: false` for the batched query and its count query:
 * their text is the rule's (bound by runDetections' check) with a window tag spliced in, and the
 * executor's own column names are what the split by window reads.
 */
function query(o: ReplayRuleOptions, text: string, functions?: Rule['functions'], bind = true): RunQuery {
  const { prepare, run } = o.engine;
  if (!prepare || !run) return (opts, r) => o.engine.execute(text, opts, r);
  let byText = PREPARED.get(o);
  if (!byText) { byText = new Map(); PREPARED.set(o, byText); }
  let q = byText.get(text);
  if (!q) {
    const p = prepare(text, o.data.catalog(functions), { bind });
    q = p.ok ? (opts) => run(p.prepared, opts.tables, opts) : () => ({ ok: false, diagnostics: p.diagnostics });
    byText.set(text, q);
  }
  return q;
}

/** One run of the rule at `t` over its window; errors are counted in stats (undefined). */
async function runWindow(rule: Rule, o: ReplayRuleOptions, t: number, stats: RuleStats): Promise<QueryResult | undefined> {
  stats.runs++;
  const q0 = performance.now();
  let outcome;
  try {
    outcome = await query(o, rule.query, rule.functions)({ tables: o.data.windowMap(t - rule.queryPeriod, t), now: t, watchlists: o.watchlists, ...(rule.functions ? { functions: rule.functions } : {}), ...o.limits }, { from: t - rule.queryPeriod, to: t });
  } catch (e) {
    stats.errorCount++;
    if (stats.errors.length < 5) stats.errors.push(`${rule.file}: engine failure: ${(e as Error).message} (run at ${formatDatetime(t)})`);
    return undefined;
  }
  stats.queryMs += performance.now() - q0;
  if (!outcome.ok) {
    stats.errorCount++;
    const d = outcome.diagnostics.find((x) => x.severity === 'error') ?? outcome.diagnostics[0];
    if (d && LIMIT_CODES.has(d.code)) stats.limitHit = true;
    if (stats.errors.length < 5) {
      const at = d ? functionPlace(d, rule.functions) ?? { file: rule.file, ...rule.queryPosition(d.line, d.col) } : undefined;
      stats.errors.push(`${at ? `${at.file}:${at.line}:${at.col}: ` : ''}${d ? `${d.code} ${d.message}` : 'query failed'} (run at ${formatDatetime(t)})`);
    }
    return undefined;
  }
  return outcome.result;
}

/** Replays one rule over its runs; returns its alerts (incidentId unset) and figures. */
export async function replayRule(rule: Rule, o: ReplayRuleOptions): Promise<{ alerts: Alert[]; stats: RuleStats }> {
  const stats: RuleStats = { ruleId: rule.id, ruleName: rule.name, file: rule.file, runs: 0, suppressedRuns: 0, emptyRuns: 0, dedupedRuns: 0, resultRows: 0, alerts: 0, errors: [], errorCount: 0, ms: 0, queryMs: 0, batched: false };
  const started = performance.now();
  const alerts: Alert[] = [];
  const state = o.state ?? newRuleRunState();
  const seen = state.seen;
  const declared = requiredTables(rule);
  const maxEvidence = o.maxEvidence ?? 200;
  const overlapping = rule.queryPeriod > rule.queryFrequency;

  // One query for all windows when that is provably equivalent (batch.ts); per-window runs otherwise.
  const batched = o.batch === false || !o.engine.parse || o.runs.length < 2 ? undefined : runBatched(rule, o, stats);
  stats.batched = batched !== undefined;
  if (batched) { stats.queryMs += batched.ms; stats.runs = batched.queries; }

  let skipped = 0;
  for (const t of o.runs) {
    if (stats.limitHit) { skipped++; continue; }
    if (t < state.suppressedUntil) { stats.suppressedRuns++; continue; }
    const from = t - rule.queryPeriod;
    let res: Pick<QueryResult, 'columns' | 'rows'>;
    if (batched) {
      res = batched.result(t);
      if (res.rows.length === 0 && rule.triggerOperator === 'gt') { stats.emptyRuns++; continue; }
    } else {
      if (rule.triggerOperator === 'gt' && declared.length > 0 && declared.every((n) => o.data.rowsIn(n, from, t) === 0)) { stats.emptyRuns++; continue; }
      const one = await runWindow(rule, o, t, stats);
      if (!one) continue;
      res = one;
    }
    stats.resultRows += res.rows.length;
    if (!triggered(rule, res.rows.length)) continue;

    // Dedupe across overlapping windows (queryPeriod > queryFrequency): drop rows that already alerted.
    // Disjoint windows cannot see a row twice, so they skip the fingerprints.
    let fresh: number[];
    if (overlapping) {
      fresh = [];
      const fpCols = res.columns.map((c, j) => (c.type === 'timespan' ? -1 : j)).filter((j) => j >= 0);
      const isTime = res.columns.map((c) => c.type === 'datetime');
      for (let i = 0; i < res.rows.length; i++) {
        const row = res.rows[i]!;
        let fp = '';
        for (const j of fpCols) {
          const v = row[j];
          fp += (v === null || v === undefined || (isTime[j] && v === t) ? '\u0000' : typeof v === 'object' ? JSON.stringify(v) : String(v)) + '\u0001';
        }
        if (!seen.has(fp)) { seen.set(fp, t); fresh.push(i); }
      }
      if (res.rows.length > 0 && fresh.length === 0) { stats.dedupedRuns++; continue; }
      if (t - state.lastPrune > rule.queryPeriod) {
        for (const [k, at] of seen) if (at < t - 2 * rule.queryPeriod) seen.delete(k);
        state.lastPrune = t;
      }
    } else fresh = Array.from({ length: res.rows.length }, (_, i) => i);

    const made = makeAlerts(rule, res, fresh, t, from, maxEvidence);
    alerts.push(...made);
    if (made.length && rule.suppressionEnabled && rule.suppressionDuration > 0) state.suppressedUntil = t + rule.suppressionDuration;
  }
  stats.alerts = alerts.length;
  if (skipped) stats.errors.push(`${rule.file}: ${skipped} remaining run(s) skipped after the query limit error`);
  stats.ms = performance.now() - started;
  return { alerts, stats };
}

/**
 * Rows reaching the grouping per query of an aggregating batch plan (see runBatched and
 * BatchPlan.flatState), and the most source rows one query may cover.
 */
const AGG_CHUNK_ROWS = 20_000;
const FLAT_AGG_CHUNK_ROWS = 100_000;
const MAX_CHUNK_SOURCE_ROWS = 1_000_000;

/**
 * Runs the batch plan of a rule over the span of its runs (aggregating plans in chunks of
 * consecutive windows: bounded intermediate sizes), and splits the results by window.
 */
function runBatched(rule: Rule, o: ReplayRuleOptions, stats: RuleStats): { result: (t: number) => Pick<QueryResult, 'columns' | 'rows'>; ms: number; queries: number } | undefined {
  const plan = planBatch(rule, o.engine.parse!, (name) => o.data.slicedTable(name)?.hasTime === true);
  if (!plan) return undefined;
  const q0 = performance.now();
  const F = rule.queryFrequency;
  // Aggregating plans run consecutive windows in chunks of about AGG_CHUNK_ROWS rows reaching the
  // summarize when the engine keeps an object per group (e.g. a set per group for dcount): the
  // groups alive in one query then stay few and short-lived, which measured 1.5x cheaper than a
  // day per query and 2x cheaper than one query (allocation and GC of ~240k live sets).
  // Flat-state aggregates (count, sum, min, ...) take larger chunks (fewer fixed query costs),
  // still bounded so the engine's key-combining arrays stay small. The rows reaching the
  // summarize are estimated from the query's filter selectivity on a first chunk (one `| count`
  // query), so a selective rule runs few queries. Row-local plans run once (a predicate over a
  // shared string dictionary costs O(dictionary) per query).
  const chunks: (readonly number[])[] = [];
  if (!plan.aggregates) chunks.push(o.runs);
  else {
    const rowsIn = (a: number, b: number): number => plan.tables.reduce((n, name) => n + o.data.rowsIn(name, a, b), 0);
    const split = (budget: number): number[][] => {
      const out: number[][] = [];
      let cur: number[] = [];
      for (const t of o.runs) {
        if (cur.length > 0 && rowsIn(cur[0]! - F, t) > budget) { out.push(cur); cur = []; }
        cur.push(t);
      }
      if (cur.length) out.push(cur);
      return out;
    };
    const target = plan.flatState ? FLAT_AGG_CHUNK_ROWS : AGG_CHUNK_ROWS;
    let budget = target;
    // The sample: the first windows holding about AGG_CHUNK_ROWS source rows (its count query
    // costs that filter work once); not needed when the whole span fits one query anyway.
    const sample = split(AGG_CHUNK_ROWS)[0]!;
    const sampleRows = rowsIn(sample[0]! - F, sample[sample.length - 1]!);
    if (plan.prefixCount && sampleRows > 0 && rowsIn(o.runs[0]! - F, o.runs[o.runs.length - 1]!) > target) {
      try {
        const from = sample[0]! - F, to = sample[sample.length - 1]!;
        const c = query(o, plan.prefixCount, undefined, false)({ tables: o.data.windowMap(from, to), now: to, watchlists: o.watchlists, ...o.limits });
        if (!(c instanceof Promise) && c.ok && typeof c.result.rows[0]?.[0] === 'number') {
          const reach = c.result.rows[0][0];
          budget = reach > 0 ? Math.min(MAX_CHUNK_SOURCE_ROWS, Math.max(target, (target * sampleRows) / reach)) : MAX_CHUNK_SOURCE_ROWS;
        }
      } catch { /* keep the source-row budget */ }
    }
    chunks.push(...split(budget));
  }
  const byRun = new Map<number, Value[][]>();
  let columns: QueryResult['columns'] | undefined;
  for (const chunk of chunks) {
    const first = chunk[0]! - F, last = chunk[chunk.length - 1]!;
    let outcome;
    try {
      const all = o.data.windowMap(first, last);
      const tagged = new Map(plan.tables.map((n) => [n, o.data.slicedTable(n)!.windowTagged(first, last, F, WINDOW_COLUMN)]));
      const tables = (name: string): Table | TableSource | undefined => tagged.get(name) ?? all.get(name);
      outcome = query(o, plan.text, undefined, false)({ tables, now: last, watchlists: o.watchlists, maxRows: Number.MAX_SAFE_INTEGER, ...o.limits });
    } catch { return undefined; }
    if (outcome instanceof Promise) return undefined;
    if (!outcome.ok) {
      // A limit hit by the batched query is the rule's run error (per-window runs would hit it again, one by one).
      const d = outcome.diagnostics.find((x) => x.severity === 'error');
      if (d && LIMIT_CODES.has(d.code)) {
        stats.limitHit = true;
        stats.errorCount++;
        stats.runs++;
        const at = rule.queryPosition(d.line, d.col);
        stats.errors.push(`${rule.file}:${at.line}:${at.col}: ${d.code} ${d.message} (windows ${formatDatetime(first + F)} .. ${formatDatetime(last)})`);
      }
      return undefined;
    }
    const r = outcome.result;
    const w = r.columns.findIndex((x) => x.name === WINDOW_COLUMN);
    if (w < 0 || r.columns[w]!.type !== 'string' || r.warnings.some((x) => /truncat/i.test(x))) return undefined;
    // Drop the tag (and a join's copy of it, `__cloudhop_w1`).
    const keep = r.columns.map((_, j) => j).filter((j) => !r.columns[j]!.name.startsWith(WINDOW_COLUMN));
    columns ??= keep.map((j) => r.columns[j]!);
    for (const row of r.rows) {
      const start = Number(row[w]);
      if (!Number.isFinite(start)) return undefined;
      const t = start + F;
      let list = byRun.get(t);
      if (!list) { list = []; byRun.set(t, list); }
      list.push(keep.map((j) => row[j]!) as Value[]);
    }
  }
  const cols = columns ?? [];
  const empty: Value[][] = [];
  return { result: (t) => ({ columns: cols, rows: byRun.get(t) ?? empty }), ms: performance.now() - q0, queries: chunks.length };
}

// Run and event times: fastDatetime gives formatDatetime's text for exact integer ticks (years 1970..2100+).
const isoTime = (t: number): string => (Math.abs(t) <= Number.MAX_SAFE_INTEGER ? fastDatetime(t) : formatDatetime(t));

/** Event grouping: one alert per run (SingleAlert) or per row (AlertPerResult, ≤ 150; the 150th carries the rest). */
function makeAlerts(rule: Rule, res: Pick<QueryResult, 'columns' | 'rows'>, rows: number[], t: number, from: number, maxEvidence: number): Alert[] {
  const groups: number[][] = [];
  if (rule.aggregationKind === 'AlertPerResult') {
    for (let i = 0; i < rows.length && i < 149; i++) groups.push([rows[i]!]);
    if (rows.length > 149) groups.push(rows.slice(149));
  } else groups.push(rows);
  return groups.map((g, k) => buildAlert(rule, res, g, t, from, k, maxEvidence));
}

function buildAlert(rule: Rule, res: Pick<QueryResult, 'columns' | 'rows'>, rows: number[], t: number, from: number, index: number, maxEvidence: number): Alert {
  const colIndex = new Map(res.columns.map((c, j) => [c.name, j] as const));
  const type = (j: number): ScalarType => res.columns[j]!.type;
  const cell = (i: number, col: string): Value | undefined => { const j = colIndex.get(col); return j === undefined ? undefined : res.rows[i]![j]!; };
  const jcell = (i: number, col: string): unknown => { const j = colIndex.get(col); return j === undefined ? undefined : jsonValue(res.rows[i]![j]!, type(j)); };
  const first = rows[0];

  // Entities: every row's mapped entities, deduplicated (Sentinel caps an alert's entities; we keep 500).
  const entities: AlertEntity[] = [];
  const keys = new Set<string>();
  for (const i of rows) {
    for (const m of rule.entityMappings) {
      const vals = new Map<string, unknown>();
      for (const f of m.fieldMappings) { const v = jcell(i, f.columnName); if (v !== undefined) vals.set(f.identifier, v); }
      const e = makeEntity(m.entityType, vals);
      if (!e) continue;
      const k = entityKey(e);
      if (!keys.has(k) && entities.length < 500) { keys.add(k); entities.push(e); }
    }
  }

  const customDetails: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(rule.customDetails)) {
    const distinct: unknown[] = [];
    const seenV = new Set<string>();
    for (const i of rows) {
      const v = jcell(i, col);
      if (v === undefined) continue;
      const s = JSON.stringify(v);
      if (!seenV.has(s) && distinct.length < 50) { seenV.add(s); distinct.push(v); }
    }
    if (distinct.length === 1) customDetails[k] = distinct[0];
    else if (distinct.length > 1) customDetails[k] = distinct;
  }

  const ov = rule.alertDetailsOverride;
  const fill = (tpl: string): string => tpl.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (m, c: string) => {
    if (first === undefined) return '';
    const v = jcell(first, c);
    return v === undefined ? m : textOf(v);
  });
  const title = ov?.alertDisplayNameFormat ? fill(ov.alertDisplayNameFormat) : rule.name;
  const description = ov?.alertDescriptionFormat ? fill(ov.alertDescriptionFormat) : rule.description.trim();

  let severity: string = rule.severity;
  if (ov?.alertSeverityColumnName && first !== undefined) {
    const s = textOf(cell(first, ov.alertSeverityColumnName) ?? '');
    const hit = SEVERITIES.find((x) => x.toLowerCase() === s.trim().toLowerCase());
    if (hit) severity = hit;
  }
  let tactics = [...rule.tactics];
  if (ov?.alertTacticsColumnName && first !== undefined) {
    const v = cell(first, ov.alertTacticsColumnName);
    const list = Array.isArray(v) ? v.map(textOf) : textOf(v ?? '').split(/[,;]/);
    const ts = list.map((x) => x.trim()).filter(Boolean);
    if (ts.length) tactics = ts;
  }
  let properties: Record<string, unknown> | undefined;
  let confidence: string | number | null = rule.cloudhop.confidence ?? null;
  if (ov?.alertDynamicProperties?.length && first !== undefined) {
    properties = {};
    for (const d of ov.alertDynamicProperties) {
      const v = jcell(first, d.value);
      properties[d.alertProperty] = v === undefined ? d.value : v;
    }
    const c = properties.ConfidenceScore ?? properties.ConfidenceLevel;
    if (c !== undefined && c !== null && c !== '') confidence = typeof c === 'number' ? c : textOf(c);
  }

  // Alert time span: the event times in the evidence, else the run's window.
  let start = Infinity, end = -Infinity;
  res.columns.forEach((c, j) => {
    if (c.type !== 'datetime' || !TIME_NAMES.has(c.name.toLowerCase())) return;
    for (const i of rows) { const v = res.rows[i]![j]; if (typeof v === 'number') { if (v < start) start = v; if (v > end) end = v; } }
  });
  if (!(start <= end)) { start = from; end = t; }

  const evidence = rows.slice(0, maxEvidence).map((i) => {
    const o: Record<string, unknown> = {};
    res.columns.forEach((c, j) => { o[c.name] = jsonValue(res.rows[i]![j]!, c.type); });
    return o;
  });
  const fp = rows.slice(0, 5).map((i) => res.rows[i]!.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join('\u0001')).join('\n');
  const alert: Alert = {
    alertId: stableGuid(rule.id, t, index, fp),
    ruleId: rule.id, ruleName: rule.name, severity, confidence, tactics, techniques: [...rule.relevantTechniques],
    timeGenerated: isoTime(t), startTime: isoTime(start), endTime: isoTime(end),
    title, description, entities, customDetails, evidence, incidentId: null,
  };
  if (properties) alert.properties = properties;
  return alert;
}
