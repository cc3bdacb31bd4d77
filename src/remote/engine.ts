/**
 * A remote engine for the detection runtime (src/detect/engine.ts Engine): each scheduled run of a
 * rule is one query on Azure Data Explorer or Log Analytics, written self-contained by
 * window-query.ts, and its result feeds the same alert and incident code as a local replay.
 *
 * Before the replay, `discoverRemote` asks the remote side, per known table, for its schema, its
 * time column and its row counts per time bin (one query per table): the replay's span (first to
 * last event, as ReplayData.span does locally) and its "no rows in this window" skips
 * (ReplayData.rowsIn) then come from those counts, without a query per window. The bin is the
 * greatest common divisor of the rules' queryFrequency and queryPeriod, so every window boundary
 * falls on a bin boundary and the counts are exact.
 *
 * Binding checks (`check`) run locally against the remote tables' schemas; window batching
 * (detect/batch.ts) is off: remote runs are one query per window.
 */
import type { CheckOptions, CheckResult, ExecuteOptions, ExecuteOutcome, QueryResult } from '../kql/index.js';
import type { ScalarType, TableSchema, ColumnSchema, Value } from '../kql/data.js';
import { tableFromRows, type Table } from '../kql/data.js';
import { ticksFromDate } from '../kql/data.js';
import { BUILTIN_TABLES } from '../store/schemas/index.js';
import { ReplayData } from '../detect/replay.js';
import type { Engine, ScheduledRun } from '../detect/engine.js';
import { requiredTables, type Rule } from '../detect/rule.js';
import type { RemoteConnection, RemoteFailureKind } from './client.js';
import { windowQuery, type RemoteTableInfo } from './window-query.js';

/** The remote side cannot be used at all (unreachable, credentials refused): the command stops. */
export class RemoteUnavailable extends Error {
  constructor(readonly kind: RemoteFailureKind, message: string) { super(message); }
}

const TICKS_PER_SECOND = 10_000_000;

interface Bins { readonly starts: Float64Array; readonly prefix: Float64Array; readonly min: number; readonly max: number }

/** ReplayData whose counts and span come from the remote side (the tables here are empty, with the remote schemas). */
export class RemoteReplayData extends ReplayData {
  constructor(tables: ReadonlyMap<string, Table>, private readonly bins: ReadonlyMap<string, Bins>) { super(tables); }

  override rowsIn(name: string, from: number, to: number): number {
    const b = this.bins.get(name);
    if (!b) return 0;
    const lo = lowerBound(b.starts, from), hi = lowerBound(b.starts, to);
    return b.prefix[hi]! - b.prefix[lo]!;
  }

  override span(): { min: number; max: number } | undefined {
    let min = Infinity, max = -Infinity;
    for (const b of this.bins.values()) { if (b.min < min) min = b.min; if (b.max > max) max = b.max; }
    return min <= max ? { min, max } : undefined;
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >>> 1; if (a[m]! < x) lo = m + 1; else hi = m; }
  return lo;
}

function gcd(a: number, b: number): number { while (b) [a, b] = [b, a % b]; return a; }

/** Bin size for a set of rules: gcd of their frequencies and periods, in whole seconds (at least 1 s). */
export function binTicks(rules: readonly Rule[]): number {
  let g = 0;
  for (const r of rules) for (const x of [r.queryFrequency, r.queryPeriod]) g = gcd(g, Math.round(x / TICKS_PER_SECOND));
  return Math.max(1, g || 3600) * TICKS_PER_SECOND;
}

async function must(conn: RemoteConnection, text: string): Promise<{ ok: true; result: Pick<QueryResult, 'columns' | 'rows'> } | { ok: false; message: string }> {
  const r = await conn.query({ text });
  if (r.ok) return r;
  if (r.kind === 'unreachable' || r.kind === 'auth' || r.kind === 'other') throw new RemoteUnavailable(r.kind, r.message);
  return { ok: false, message: r.message };
}

export interface RemoteDiscovery {
  readonly data: RemoteReplayData;
  readonly tables: readonly RemoteTableInfo[];
  /** Known tables the remote side does not have (they replay as empty, as locally). */
  readonly absent: readonly string[];
}

/** Schemas, time columns and per-bin counts of the remote tables the rules may read. */
export async function discoverRemote(conn: RemoteConnection, rules: readonly Rule[]): Promise<RemoteDiscovery> {
  const names = [...new Set([...BUILTIN_TABLES.keys(), ...rules.flatMap((r) => requiredTables(r))])];
  const bin = binTicks(rules);
  const tables = new Map<string, Table>();
  const bins = new Map<string, Bins>();
  const infos: RemoteTableInfo[] = [];
  const absent: string[] = [];
  for (const name of names) {
    const schema = await must(conn, `${name} | take 0`);
    if (!schema.ok) { absent.push(name); continue; }
    const cols: ColumnSchema[] = schema.result.columns.map((c) => ({ name: c.name, type: c.type as ScalarType }));
    tables.set(name, tableFromRows(name, cols, []));
    // The time column as pickTimeColumn (detect/timeslice.ts) picks it: TimeGenerated or
    // Timestamp of type datetime; with both, the one with fewer nulls (the first on a tie).
    const cands = cols.filter((c) => (c.name === 'TimeGenerated' || c.name === 'Timestamp') && c.type === 'datetime');
    let time = cands[0]?.name;
    if (cands.length === 2) {
      const n = await must(conn, `${name} | summarize a = countif(isnull(${cands[0]!.name})), b = countif(isnull(${cands[1]!.name}))`);
      if (n.ok && Number(n.result.rows[0]?.[1]) < Number(n.result.rows[0]?.[0])) time = cands[1]!.name;
    }
    infos.push({ name, ...(time ? { timeColumn: time } : {}) });
    if (!time) continue;
    const counts = await must(conn, `${name} | where isnotnull(${time}) | summarize n = count(), lo = min(${time}), hi = max(${time}) by b = bin(${time}, ${bin / TICKS_PER_SECOND}s) | sort by b asc`);
    if (!counts.ok) throw new RemoteUnavailable('query', `counting ${name} by time: ${counts.message}`);
    const rows = counts.result.rows;
    if (!rows.length) continue;
    const starts = new Float64Array(rows.length), prefix = new Float64Array(rows.length + 1);
    let min = Infinity, max = -Infinity;
    rows.forEach((r, i) => {
      starts[i] = r[3] as number;
      prefix[i + 1] = prefix[i]! + Number(r[0]);
      if ((r[1] as number) < min) min = r[1] as number;
      if ((r[2] as number) > max) max = r[2] as number;
    });
    bins.set(name, { starts, prefix, min, max });
  }
  return { data: new RemoteReplayData(tables, bins), tables: infos, absent };
}

/** The datatable literal of a known table's schema: an absent table replays as empty, as locally. */
function emptyTableText(schema: TableSchema): string {
  return `datatable(${schema.columns.map((c) => `['${c.name}']:${c.type}`).join(', ')})[]`;
}

export class RemoteEngine implements Engine {
  private readonly windowTables: RemoteTableInfo[];
  constructor(private readonly conn: RemoteConnection, private readonly local: Engine, discovery: RemoteDiscovery, private readonly timespan: boolean) {
    this.windowTables = [...discovery.tables];
    this.absentText = new Map(discovery.absent.flatMap((n) => { const s = BUILTIN_TABLES.get(n); return s ? [[n, emptyTableText(s)] as const] : []; }));
  }
  private readonly absentText: Map<string, string>;

  /** Set when the remote side became unusable (unreachable, credentials refused): later runs fail at once. */
  fatal: RemoteUnavailable | undefined;

  check(text: string, opts?: CheckOptions): CheckResult { return this.local.check(text, opts); }

  async execute(text: string, opts: ExecuteOptions, run?: ScheduledRun): Promise<ExecuteOutcome> {
    const now = typeof opts.now === 'number' ? opts.now : opts.now instanceof Date ? ticksFromDate(opts.now) : undefined;
    const q = run
      ? {
        text: windowQuery(text, { tables: this.windowTables, absent: this.absentText, ...(opts.functions ? { functions: opts.functions } : {}), from: run.from, to: run.to, now: run.to }),
        now: run.to, ...(this.timespan ? { timespan: run } : {}),
      }
      : { text, ...(now !== undefined ? { now } : {}) };
    if (this.fatal) throw this.fatal;
    const r = await this.conn.query(q);
    if (!r.ok) {
      if (r.kind !== 'query') { this.fatal = new RemoteUnavailable(r.kind, r.message); throw this.fatal; }
      return { ok: false, diagnostics: [{ code: 'REMOTE', severity: 'error', message: `${this.conn.describe}: ${r.message}`, start: 0, length: 0, line: 1, col: 1 }] };
    }
    const { columns, rows } = r.result;
    let table: Table | undefined;
    const result: QueryResult = {
      columns, rows, warnings: r.result.warnings,
      get table(): Table {
        table ??= tableFromRows('result', columns, rows.map((row) => Object.fromEntries(columns.map((c, j) => [c.name, row[j] as Value]))));
        return table;
      },
    };
    return { ok: true, result, diagnostics: [] };
  }
}
