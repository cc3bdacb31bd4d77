/**
 * `evaluate plugin(args)`: bag_unpack, narrow, pivot, ipv4_lookup here; the analytics plugins of
 * ./plugins/ (one file each, listed in INPUT_PLUGINS); plugins that call an external service
 * (EXTERNAL_SERVICES) fail naming it; other plugins are reported as unsupported.
 */
import type { Value } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { Batch } from '../batch.js';
import type { OpEnv } from '../operator.js';
import type * as A from '../../syntax/ast.js';
import { compile, evalColumn } from '../expr.js';
import { columnFromValues, compact, rowIds } from '../batch.js';
import { EXEC_CODES, fail } from '../context.js';
import { textValue } from '../format.js';
import { castValue } from '../cast.js';
import { gather, gatherOpt } from '../batch.js';
import { isAggregateCall } from '../aggregate.js';
import { summarizeItems } from './summarize.js';
import { lookupFunction } from '../../functions/catalog.js';
import { parseIpv4Cidr } from '../../functions/scalar/network.js';
import { rollingPercentile } from './plugins/rolling-percentile.js';
import { slidingWindowCounts } from './plugins/sliding-window-counts.js';
import { rowsNear } from './plugins/rows-near.js';
import { activeUsersCount } from './plugins/active-users-count.js';
import { activityCountsMetrics } from './plugins/activity-counts-metrics.js';
import { dcountIntersect } from './plugins/dcount-intersect.js';
import { ipv6Lookup } from './plugins/ipv6-lookup.js';
import { geoLookup } from './plugins/geo-lookup.js';

/** Plugins over the piped input, one file each in ./plugins/. */
const INPUT_PLUGINS: Readonly<Record<string, (call: A.Call, input: Batch, o: OpEnv) => Batch>> = {
  rolling_percentile: rollingPercentile,
  sliding_window_counts: slidingWindowCounts,
  rows_near: rowsNear,
  active_users_count: activeUsersCount,
  activity_counts_metrics: activityCountsMetrics,
  dcount_intersect: dcountIntersect,
  ipv6_lookup: ipv6Lookup,
  geo_polygon_lookup: geoLookup('polygon'),
  geo_line_lookup: geoLookup('line'),
};

/**
 * Plugins that send the query to an external service: they cannot run in an embedded, offline
 * engine, so they fail with the service's name (KQL501) instead of a generic "not supported".
 */
const EXTERNAL_SERVICES: Readonly<Record<string, string>> = {
  sql_request: 'a Microsoft SQL Server / Azure SQL database (sql-request-plugin.md)',
  cosmosdb_sql_request: 'an Azure Cosmos DB container (cosmosdb-plugin.md)',
  postgresql_request: 'a PostgreSQL database (postgresql-request-plugin.md)',
  mysql_request: 'a MySQL database (mysql-request-plugin.md)',
  azure_digital_twins_query_request: 'an Azure Digital Twins instance (azure-digital-twins-query-request-plugin.md)',
  ai_embeddings: 'an Azure OpenAI embeddings endpoint (ai-embeddings-plugin.md)',
  ai_embed_text: 'an Azure OpenAI embeddings endpoint (ai-embed-text-plugin.md)',
  ai_chat_completion: 'an Azure OpenAI chat completion endpoint (ai-chat-completion-plugin.md)',
  ai_chat_completion_prompt: 'an Azure OpenAI chat completion endpoint (ai-chat-completion-prompt-plugin.md)',
  http_request: 'an HTTP endpoint (http-request-plugin.md)',
  http_request_post: 'an HTTP endpoint (http-request-post-plugin.md)',
};

function argOf(call: A.Call, pos: number, name: string): A.Expr | undefined {
  const named = call.args.find((a) => a.kind === 'NamedArg' && a.name.name.toLowerCase() === name.toLowerCase());
  if (named && named.kind === 'NamedArg') return named.value;
  const positional = call.args.filter((a) => a.kind !== 'NamedArg');
  return positional[pos];
}

/**
 * bag_unpack(column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties]): one dynamic
 * column per property (sorted by name), the source column removed. A name clash with an existing
 * column is an error unless columnsConflict is 'replace_source' or 'keep_source'.
 */
function bagUnpack(call: A.Call, input: Batch, o: OpEnv): Batch {
  const b = compact(input);
  const rows = rowIds(b);
  const s = o.scope(b.fields);
  const a0 = argOf(call, 0, 'Column');
  if (!a0) return fail(EXEC_CODES.badArgument, 'bag_unpack needs a dynamic column', call);
  const col = evalColumn(compile(a0, s), rows);
  const str = (e: A.Expr | undefined): string | undefined => { if (!e) return undefined; const c = compile(e, s); return typeof c.value === 'string' ? c.value : undefined; };
  const prefix = str(argOf(call, 1, 'OutputColumnPrefix')) ?? '';
  const conflict = (str(argOf(call, 2, 'columnsConflict')) ?? 'error').toLowerCase();
  const ignoredE = argOf(call, 3, 'ignoredProperties');
  const ignored = new Set<string>();
  if (ignoredE) { const v = compile(ignoredE, s).value; if (Array.isArray(v)) for (const x of v) ignored.add(String(x)); }
  const keys = new Set<string>();
  for (let r = 0; r < b.physLen; r++) {
    const v = col.get(r);
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) if (!ignored.has(k)) keys.add(k);
  }
  const sorted = [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const srcName = a0.kind === 'Name' ? a0.name : undefined;
  const fields: Field[] = b.fields.filter((f) => f.name !== srcName);
  for (const k of sorted) {
    const name = prefix + k;
    const at = fields.findIndex((f) => f.name === name);
    if (at >= 0 && conflict === 'keep_source') continue;
    if (at >= 0 && conflict !== 'replace_source') return fail(EXEC_CODES.badArgument, `bag_unpack: property '${k}' clashes with the existing column '${name}' (use columnsConflict='replace_source' or 'keep_source')`, call);
    const vals: Value[] = new Array(b.physLen);
    for (let r = 0; r < b.physLen; r++) {
      const v = col.get(r);
      vals[r] = v && typeof v === 'object' && !Array.isArray(v) ? ((v as Record<string, Value>)[k] ?? null) : null;
    }
    const f = { name, column: columnFromValues('dynamic', vals) };
    if (at >= 0) fields[at] = f; else fields.push(f);
  }
  return { fields, physLen: b.physLen };
}

function narrow(input: Batch): Batch {
  const b = compact(input);
  const row: Value[] = [], col: Value[] = [], val: Value[] = [];
  for (let r = 0; r < b.physLen; r++) for (const f of b.fields) { row.push(r); col.push(f.name); val.push(textValue(f.column.get(r), f.column.type)); }
  return { fields: [{ name: 'Row', column: columnFromValues('int', row) }, { name: 'Column', column: columnFromValues('string', col) }, { name: 'Value', column: columnFromValues('string', val) }], physLen: row.length };
}

/**
 * pivot(PivotColumn [, aggregation(Column)] [, GroupColumn…]): one row per group, one column per
 * distinct pivot value (sorted), holding the aggregate (count() by default) of the group's rows
 * with that value; absent combinations take the aggregate's empty value (0 for count).
 * Without group columns, every column but the pivot and aggregated ones groups.
 */
function pivot(call: A.Call, input: Batch, o: OpEnv): Batch {
  const b = compact(input);
  const pivotE = call.args[0];
  if (!pivotE || pivotE.kind !== 'Name') return fail(EXEC_CODES.badArgument, 'pivot needs a pivot column', call);
  const at = { start: call.start, end: call.end };
  let agg: A.Call = { kind: 'Call', name: { kind: 'Name', name: 'count', quoted: false, ...at }, args: [], ...at };
  let rest = call.args.slice(1);
  if (rest[0] && rest[0].kind === 'Call' && isAggregateCall(rest[0])) { agg = rest[0]; rest = rest.slice(1); }
  const aggReads = new Set<string>();
  for (const a of agg.args) if (a.kind === 'Name') aggReads.add(a.name);
  const groupNames = rest.length
    ? rest.map((e) => (e.kind === 'Name' ? e.name : fail(EXEC_CODES.badArgument, 'pivot: group columns must be column names', e)))
    : b.fields.map((f) => f.name).filter((n) => n !== pivotE.name && !aggReads.has(n));
  const nameItem = (n: string): A.ColumnItem => ({ kind: 'ColumnItem', names: [], expr: { kind: 'Name', name: n, quoted: true, ...at }, ...at });
  const g = summarizeItems([{ kind: 'ColumnItem', names: [{ kind: 'Name', name: '\u0000v', quoted: true, ...at }], expr: agg, ...at }], [...groupNames.map(nameItem), nameItem(pivotE.name)], b, o);
  const nk = groupNames.length;
  const pv = g.fields[nk]!.column, vals = g.fields[nk + 1]!.column;
  const keyCols = g.fields.slice(0, nk).map((f) => f.column);
  const values = [...new Set(Array.from({ length: g.physLen }, (_, i) => textValue(pv.get(i), pv.type)))].sort();
  const groupIndex = new Map<string, number>(); const firstRow: number[] = [];
  const cells = new Map<string, Value>();
  for (let i = 0; i < g.physLen; i++) {
    const key = JSON.stringify(keyCols.map((c) => c.get(i)));
    let gi = groupIndex.get(key);
    if (gi === undefined) { gi = firstRow.length; groupIndex.set(key, gi); firstRow.push(i); }
    cells.set(`${gi}\u0001${textValue(pv.get(i), pv.type)}`, vals.get(i));
  }
  const empty = lookupFunction(agg.name.name)?.emptyValue ?? null;
  const fields: Field[] = g.fields.slice(0, nk).map((f) => ({ name: f.name, column: gather(f.column, Uint32Array.from(firstRow)) }));
  for (const v of values) {
    const col: Value[] = firstRow.map((_, gi) => cells.get(`${gi}\u0001${v}`) ?? empty);
    fields.push({ name: v, column: columnFromValues(vals.type, col) });
  }
  return { fields, physLen: firstRow.length };
}

/**
 * ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey…] [, return_unmatched]):
 * joins each input row to the lookup rows whose IPv4 range (CIDR text or single address) matches
 * the row's address (and whose extra keys are equal); unmatched rows are dropped unless
 * return_unmatched is true. Output: input columns, then the lookup table's columns. Either side
 * may be masked with IP-prefix notation: two blocks match when they are equal on the shorter
 * prefix (ipv4_is_match), i.e. when one contains the other. Every matching lookup row is
 * returned, in lookup-table order.
 *
 * The lookup ranges are sorted by start once, with a running maximum of ends, so each input
 * address costs a binary search plus the ranges that really cover it (a sorted interval index):
 * 100,000 addresses against 24,000 hosting ranges take well under a second.
 */
function ipv4Lookup(call: A.Call, input: Batch, o: OpEnv): Batch {
  const L = compact(input);
  const pos = call.args.filter((a) => a.kind !== 'NamedArg');
  const named = call.args.find((a) => a.kind === 'NamedArg' && a.name.name.toLowerCase() === 'return_unmatched');
  let returnUnmatched = false;
  const last = pos[pos.length - 1];
  const boolOf = (e: A.Expr): boolean | undefined => { const c = compile(e, o.scope([])); return typeof c.value === 'boolean' ? c.value : undefined; };
  let keyArgs = pos.slice(1);
  if (named && named.kind === 'NamedArg') returnUnmatched = boolOf(named.value) ?? false;
  else if (last && last.kind === 'Literal' && typeof last.value === 'boolean') { returnUnmatched = last.value; keyArgs = keyArgs.slice(0, -1); }
  if (!pos[0] || keyArgs.length < 2) return fail(EXEC_CODES.badArgument, 'ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey…] [, return_unmatched])', call);
  const R = compact(o.tabular(pos[0], o.env));
  const names = keyArgs.map((a) => (a.kind === 'Name' ? a.name : fail(EXEC_CODES.badArgument, 'ipv4_lookup keys must be column names', a)));
  const col = (b: Batch, n: string, side: string) => b.fields.find((f) => f.name === n)?.column ?? fail(EXEC_CODES.unknownColumn, `ipv4_lookup: the ${side} table has no column '${n}'`, call);
  const srcIp = col(L, names[0]!, 'input'), rangeCol = col(R, names[1]!, 'lookup');
  const extra = names.slice(2).map((n) => ({ l: col(L, n, 'input'), r: col(R, n, 'lookup') }));
  const index = IntervalIndex.build(R.physLen, (r) => ipv4Range(String(rangeCol.get(r) ?? '')));
  const parsed = new Map<string, { lo: number; hi: number } | undefined>();
  const lo: number[] = [], ro: number[] = [];
  const hits: number[] = [];
  for (let l = 0; l < L.physLen; l++) {
    const text = String(srcIp.get(l) ?? '');
    let ip = parsed.get(text);
    if (ip === undefined && !parsed.has(text)) { ip = ipv4Range(text); parsed.set(text, ip); }
    let matched = false;
    if (ip) {
      hits.length = 0;
      index.overlapping(ip.lo, ip.hi, hits);
      for (const row of hits) {
        if (extra.some((x) => x.l.get(l) !== x.r.get(row))) continue;
        lo.push(l); ro.push(row); matched = true;
      }
    }
    if (!matched && returnUnmatched) { lo.push(l); ro.push(-1); }
  }
  const li = Int32Array.from(lo), ri = Int32Array.from(ro);
  const taken = new Set(L.fields.map((f) => f.name));
  const fields: Field[] = L.fields.map((f) => ({ name: f.name, column: gatherOpt(f.column, li) }));
  for (const f of R.fields) { if (taken.has(f.name)) continue; fields.push({ name: f.name, column: gatherOpt(f.column, ri) }); }
  return { fields, physLen: li.length };
}

/** Closed numeric intervals sorted by start, with the running maximum of ends, for overlap queries. */
export class IntervalIndex {
  private constructor(private readonly los: Float64Array, private readonly his: Float64Array, private readonly maxHi: Float64Array, private readonly rows: Int32Array) {}

  /** Intervals of rows 0..n-1 (`at` returns undefined for a row that has none). */
  static build(n: number, at: (row: number) => { lo: number; hi: number } | undefined): IntervalIndex {
    const items: { lo: number; hi: number; row: number }[] = [];
    for (let r = 0; r < n; r++) { const v = at(r); if (v) items.push({ lo: v.lo, hi: v.hi, row: r }); }
    items.sort((a, b) => a.lo - b.lo || a.row - b.row);
    const k = items.length;
    const los = new Float64Array(k), his = new Float64Array(k), maxHi = new Float64Array(k), rows = new Int32Array(k);
    let m = -Infinity;
    items.forEach((it, i) => { los[i] = it.lo; his[i] = it.hi; rows[i] = it.row; m = Math.max(m, it.hi); maxHi[i] = m; });
    return new IntervalIndex(los, his, maxHi, rows);
  }

  /** Appends to `out` the rows whose interval overlaps lo..hi, in ascending row order. */
  overlapping(lo: number, hi: number, out: number[]): void {
    // Last interval starting at or before hi.
    let a = 0, b = this.los.length - 1, last = -1;
    while (a <= b) { const mid = (a + b) >> 1; if (this.los[mid]! <= hi) { last = mid; a = mid + 1; } else b = mid - 1; }
    const start = out.length;
    for (let i = last; i >= 0 && this.maxHi[i]! >= lo; i--) if (this.his[i]! >= lo) out.push(this.rows[i]!);
    if (out.length - start > 1) {
      const part = out.splice(start).sort((x, y) => x - y);
      out.push(...part);
    }
  }
}

/** An IPv4 address or CIDR block as an inclusive numeric range. */
function ipv4Range(text: string): { lo: number; hi: number } | undefined {
  const c = parseIpv4Cidr(text);
  if (!c) return undefined;
  const size = 2 ** (32 - c.prefix);
  const base = Math.floor(c.ip / size) * size;
  return { lo: base, hi: base + size - 1 };
}

/**
 * `evaluate plugin(…) : (*, a:long, b:string)`: the declared output schema. Declared columns come
 * last, converted to their types (absent → null); with `*` the input's other columns come first.
 */
function withSchema(op: A.EvaluateOp, input: Batch, out: Batch, o: OpEnv): Batch {
  const schema = op.schema;
  if (!schema) return out;
  const b = compact(out);
  const declared = new Set(schema.columns.map((c) => c.name.name));
  const inputNames = new Set(input.fields.map((f) => f.name));
  const fields: Field[] = schema.open ? b.fields.filter((f) => inputNames.has(f.name) && !declared.has(f.name)) : [];
  for (const c of schema.columns) {
    const type = c.type.type ?? 'dynamic';
    const f = b.fields.find((x) => x.name === c.name.name);
    const vals: Value[] = new Array(b.physLen);
    for (let r = 0; r < b.physLen; r++) vals[r] = f ? castValue(f.column.get(r), f.column.type, type, o.ctx.eval) : (type === 'string' ? '' : null);
    fields.push({ name: c.name.name, column: columnFromValues(type, vals) });
  }
  return { fields, physLen: b.physLen };
}

export function evaluate(op: A.EvaluateOp, input: Batch | undefined, o: OpEnv): Batch {
  const call = op.call;
  if (call.kind !== 'Call') return fail(EXEC_CODES.badArgument, 'evaluate needs a plugin call', call);
  const name = call.name.name;
  if (name === 'bag_unpack' && input) return withSchema(op, input, bagUnpack(call, input, o), o);
  if (name === 'narrow' && input) return narrow(input);
  if (name === 'pivot' && input) return withSchema(op, input, pivot(call, input, o), o);
  if (name === 'ipv4_lookup' && input) return ipv4Lookup(call, input, o);
  const plugin = Object.hasOwn(INPUT_PLUGINS, name) ? INPUT_PLUGINS[name] : undefined;
  if (plugin && input) return withSchema(op, input, plugin(call, input, o), o);
  const service = Object.hasOwn(EXTERNAL_SERVICES, name) ? EXTERNAL_SERVICES[name] : undefined;
  if (service) return fail(EXEC_CODES.unsupported, `plugin '${name}' sends its query to ${service}; this embedded engine runs offline and calls no external service`, call.name);
  return fail(EXEC_CODES.unsupported, `plugin '${name}' is not supported`, call.name);
}
