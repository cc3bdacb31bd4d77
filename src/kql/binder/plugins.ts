/**
 * Output schemas of `evaluate` plugins, as data: one rule per plugin, from the plugin's
 * documentation. A plugin not listed here has an open (unknown) output.
 */
import type { Expr } from '../syntax/ast.js';
import type { BColumn, BType, TableType } from './scope.js';
import { findColumn, table } from './scope.js';
import { UniqueNames } from './naming.js';

export interface PluginContext {
  /** The piped input (open when absent). */
  readonly input: TableType;
  readonly args: readonly Expr[];
  /** The column named by argument i (a plain column reference), if any. */
  column(i: number): BColumn | undefined;
  /** The table passed as argument i (lookup plugins), if any. */
  tableArg(i: number): TableType | undefined;
  /** The result name of argument i (for name-derived output columns). */
  nameOf(i: number): string;
  /** The literal text of argument i. */
  literal(i: number): string;
}

const L = (name: string, type: BType): BColumn => ({ name, type });

/** Column argument `i` then dimension columns from argument `from` on, then fixed columns. */
function timelineThen(timeline: number, dimsFrom: number, fixed: readonly BColumn[]) {
  return (c: PluginContext): TableType => {
    const cols: BColumn[] = [];
    const t = c.column(timeline);
    if (t) cols.push(t);
    for (let i = dimsFrom; i < c.args.length; i++) { const d = c.column(i); if (d) cols.push(d); }
    return table([...cols, ...fixed]);
  };
}

function lookupPlugin(c: PluginContext): TableType {
  const lt = c.tableArg(0);
  if (!lt) return c.input;
  const keys = new Set<string>();
  for (let i = 3; i < c.args.length; i++) { const k = c.column(i); if (k) keys.add(k.name); }
  const names = new UniqueNames();
  const cols = [...c.input.columns, ...lt.columns.filter((x) => !keys.has(x.name))].map((x) => ({ name: names.take(x.name), type: x.type }));
  return table(cols, c.input.open || lt.open);
}

/** geo_polygon_lookup / geo_line_lookup: input + lookup table columns (the key only with return_lookup_key=true). */
function geoLookup(c: PluginContext): TableType {
  const lt = c.tableArg(0);
  if (!lt) return c.input;
  const keyArg = c.args[1];
  const key = keyArg && keyArg.kind === 'Name' ? keyArg.name : undefined;
  const withKey = c.args.some((a) => a.kind === 'NamedArg' && a.name.name === 'return_lookup_key' && a.value.kind === 'Literal' && a.value.value === true);
  const names = new UniqueNames();
  const cols = [...c.input.columns, ...lt.columns.filter((x) => withKey || x.name !== key)].map((x) => ({ name: names.take(x.name), type: x.type }));
  return table(cols, c.input.open || lt.open);
}

function withAdded(suffix: string, type: BType) {
  return (c: PluginContext): TableType => {
    const base = c.nameOf(0);
    return table([...c.input.columns, L(base ? `${base}_${suffix}` : suffix, type)], c.input.open);
  };
}

const SEGMENTS: readonly BColumn[] = [L('SegmentId', 'long'), L('Count', 'long'), L('Percent', 'real')];

export const PLUGINS: Readonly<Record<string, (c: PluginContext) => TableType>> = {
  active_users_count: timelineThen(1, 8, [L('dcount', 'long')]),
  activity_counts_metrics: timelineThen(1, 5, [L('count', 'long'), L('dcount', 'long'), L('new_dcount', 'long'), L('aggregated_dcount', 'long')]),
  activity_metrics: timelineThen(1, 5, [L('dcount_values', 'long'), L('dcount_newvalues', 'long'), L('retention_rate', 'real'), L('churn_rate', 'real')]),
  session_count: timelineThen(1, 6, [L('count_sessions', 'long')]),
  sliding_window_counts: timelineThen(1, 6, [L('Count', 'long'), L('dcount', 'long')]),
  autocluster: (c) => table([...SEGMENTS, ...c.input.columns], c.input.open),
  basket: (c) => table([...SEGMENTS, ...c.input.columns], c.input.open),
  diffpatterns: (c) => table([L('SegmentId', 'long'), L('CountA', 'long'), L('CountB', 'long'), L('PercentA', 'real'), L('PercentB', 'real'), L('PercentDiffAB', 'real'), ...c.input.columns], c.input.open),
  bag_unpack: (c) => {
    const bag = c.column(0);
    return table(c.input.columns.filter((x) => x !== bag), true);
  },
  // pivot(PivotColumn, Aggregation, Column1, Column2…): the listed columns, then one column per
  // distinct pivot value (data: open). Without a list, the other columns are not known here.
  pivot: (c) => {
    const by: BColumn[] = [];
    for (let i = 2; i < c.args.length; i++) { const d = c.column(i); if (!d) return table([], true); by.push(d); }
    return table(by, true);
  },
  dcount_intersect: (c) => table([...c.input.columns, ...c.args.map((_, i) => L(`s${i}`, 'long'))], c.input.open),
  narrow: () => table([L('Row', 'long'), L('Column', 'string'), L('Value', 'string')]),
  rows_near: (c) => c.input,
  preview: (c) => c.input,
  estimate_rows_count: () => table([L('EstimatedRowsCount', 'long')]),
  http_request: () => table([L('ResponseHeaders', 'dynamic'), L('ResponseBody', 'dynamic')]),
  http_request_post: () => table([L('ResponseHeaders', 'dynamic'), L('ResponseBody', 'dynamic')]),
  ai_embeddings: withAdded('embeddings', 'dynamic'),
  ai_embed_text: withAdded('embedding', 'dynamic'),
  ai_chat_completion: withAdded('completion', 'string'),
  ai_chat_completion_prompt: withAdded('completion', 'string'),
  infer_storage_schema: () => table([L('CslSchema', 'string')]),
  infer_storage_schema_with_suggestions: () => table([L('SuggestedTableSchema', 'string')]),
  schema_merge: () => table([L('ColumnName', 'string'), L('ColumnOrdinal', 'int'), L('DataType', 'string'), L('ColumnType', 'string')]),
  ipv4_lookup: lookupPlugin,
  // The documentation's ipv6_lookup example prints the lookup table's columns first.
  ipv6_lookup: (c) => {
    const lt = c.tableArg(0);
    if (!lt) return c.input;
    const names = new UniqueNames();
    const taken = new Set(lt.columns.map((x) => x.name));
    const cols = [...lt.columns, ...c.input.columns.filter((x) => !taken.has(x.name))].map((x) => ({ name: names.take(x.name), type: x.type }));
    return table(cols, c.input.open || lt.open);
  },
  activity_engagement: (c) => {
    const cols: BColumn[] = [];
    const t = c.column(1);
    if (t) cols.push(t);
    // (Id, Timeline, Inner, Outer) or (Id, Timeline, Start, End, Inner, Outer, dims…)
    if (c.args.length > 4) for (let i = 6; i < c.args.length; i++) { const d = c.column(i); if (d) cols.push(d); }
    return table([...cols, L('dcount_activities_inner', 'long'), L('dcount_activities_outer', 'long'), L('activity_ratio', 'real')]);
  },
  new_activity_metrics: (c) => {
    const t = c.column(1);
    const n = c.nameOf(1);
    const cols: BColumn[] = [L(`from_${n}`, t?.type ?? 'unknown'), L(`to_${n}`, t?.type ?? 'unknown')];
    for (let i = 6; i < c.args.length; i++) { const a = c.args[i]; if (a?.kind === 'Name') { const d = c.column(i); if (d) cols.push(d); } }
    return table([...cols, L('dcount_new_values', 'long'), L('dcount_retained_values', 'long'), L('dcount_churn_values', 'long'), L('retention_rate', 'real'), L('churn_rate', 'real')]);
  },
  geo_polygon_lookup: geoLookup,
  geo_line_lookup: geoLookup,
  rolling_percentile: (c) => {
    const cols: BColumn[] = [];
    const idx = c.column(2);
    if (idx) cols.push(idx);
    for (let i = 5; i < c.args.length; i++) { const d = c.column(i); if (d) cols.push(d); }
    const v = c.column(0);
    cols.push(L(`rolling_${c.literal(4) || '0'}_percentile_${v?.name ?? 'value'}_${c.literal(1) || '0'}`, v?.type ?? 'real'));
    return table(cols);
  },
};

/** Every plugin `evaluate` knows (those without an output rule have an open output). */
export const KNOWN_PLUGINS: ReadonlySet<string> = new Set([
  ...Object.keys(PLUGINS),
  'active_users_count', 'activity_counts_metrics', 'activity_engagement', 'activity_metrics', 'ai_chat_completion',
  'ai_chat_completion_prompt', 'ai_embed_text', 'ai_embeddings', 'autocluster', 'azure_digital_twins_query_request',
  'bag_unpack', 'basket', 'cosmosdb_sql_request', 'csharp', 'dax_request', 'dcount_intersect', 'diffpatterns',
  'diffpatterns_text', 'estimate_rows_count', 'execute_query', 'execute_show_command', 'external_datatable',
  'funnel_analysis', 'funnel_sequence', 'funnel_sequence_completion', 'geo_line_lookup', 'geo_polygon_lookup',
  'http_request', 'http_request_post', 'identity', 'identity_v3', 'infer_storage_schema',
  'infer_storage_schema_with_suggestions', 'ipv4_lookup', 'ipv6_lookup', 'mysql_request', 'narrow',
  'new_activity_metrics', 'pivot', 'postgresql_request', 'preview', 'python', 'r', 'rolling_percentile', 'rows_near',
  'schema_merge', 'sequence_detect', 'session_count', 'sliding_window_counts', 'sql_request',
]);

/** Plugins whose later arguments name columns of another table (not the input). */
export const LOOKUP_PLUGINS: ReadonlySet<string> = new Set(['ipv4_lookup', 'ipv6_lookup', 'geo_polygon_lookup', 'geo_line_lookup']);

export { findColumn };

/** A numeric literal's value (`5`, `-1`, `1h` as ticks), or undefined for anything else. */
export function numberLiteral(e: Expr | undefined): number | undefined {
  if (!e) return undefined;
  if (e.kind === 'Literal') return typeof e.value === 'number' ? e.value : undefined;
  if (e.kind === 'Unary' && (e.op === '-' || e.op === '+')) { const v = numberLiteral(e.operand); return v === undefined ? undefined : e.op === '-' ? -v : v; }
  return undefined;
}

/** An argument whose value a plugin refuses: the argument (or the call, `at` undefined) and why. */
export interface PluginArgProblem { readonly at?: Expr; readonly message: string }

function geoRadius(kind: 'line' | 'polygon') {
  return (c: PluginContext): PluginArgProblem | undefined => {
    const pos = c.args.filter((a) => a.kind !== 'NamedArg');
    const named = c.args.find((a) => a.kind === 'NamedArg' && a.name.name.toLowerCase() === 'radius');
    const radius = named && named.kind === 'NamedArg' ? named.value : pos[4];
    if (pos.length < 4) return undefined; // the argument count is the executor's message
    if (kind === 'line' && radius === undefined) return { message: 'needs a radius in meters' };
    const v = numberLiteral(radius);
    if (v !== undefined && !(v >= 0)) return { at: radius, message: 'radius must be 0 or more meters' };
    return undefined;
  };
}

/**
 * Argument values a plugin refuses, checked where they are literals (the executor checks the
 * same at run time, exec/ops/plugins/): check reports them without running the query.
 */
export const PLUGIN_ARGUMENTS: Readonly<Record<string, (c: PluginContext) => PluginArgProblem | undefined>> = {
  geo_line_lookup: geoRadius('line'),
  geo_polygon_lookup: geoRadius('polygon'),
  rolling_percentile: (c) => {
    const size = numberLiteral(c.args[3]);
    if (size !== undefined && !(size > 0)) return { at: c.args[3], message: 'BinSize must be positive' };
    const back = numberLiteral(c.args[4]);
    if (back !== undefined && !(back >= 1)) return { at: c.args[4], message: 'BinsToLookBack must be at least 1' };
    return undefined;
  },
};
