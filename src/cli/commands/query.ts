/**
 * `cloudhop query [--data PATH]... [--workspace DIR] [--now ISO8601] [--format table|json|jsonl|csv]
 *  [--timeout DUR] [--max-memory SIZE] [--explain] [--limit N] [--width N] [--[no-]color] [--no-pager]
 *  (KQL | -f FILE | -f - | --batch FILE.jsonl)` — runs a KQL query over log files. The limits apply
 *  to each query (each line of --batch). A query that counts from now() and finds nothing outside
 *  the data's time span gets a hint on stderr (hints.ts).
 * Exit: 0 ok, 1 KQL error (diagnostics on stderr), 2 bad usage.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import { parseArgs } from 'node:util';
import type { Table } from '../../kql/data.js';
import { formatDatetime, parseIsoDatetime } from '../../kql/data.js';
import { describeRequest } from '../../kql/index.js';
import { execute } from '../../kql/index.js';
import { explain } from '../../kql/index.js';
import { renderDiagnostics } from '../../kql/index.js';
import { loadFunctionsOption, renderWithFunctions, type FunctionsOption } from '../functions-option.js';
import { OUTPUT_FORMATS, type OutputFormat, resultToJson } from '../output.js';
import { writeResult } from '../query-output.js';
import { escapeTerminal } from '../terminal-text.js';
import { emptyResultHint, foundNothing } from '../hints.js';
import { TABLE_OPTIONS, TABLE_USAGE, tableStyle } from '../terminal/style.js';
import { missingPath } from '../paths.js';
import { KNOWN_TABLES } from '../../store/schemas/index.js';
import { LIMIT_OPTIONS, LIMITS_USAGE, limitsFrom, rerunWithHeapFor } from '../limits.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, remoteTargetFrom } from '../remote-option.js';
import type { RemoteTarget } from '../../remote/client.js';

export const summary = 'run a KQL query over log files (--data) or a workspace';

const USAGE = `usage: cloudhop query [--data PATH]... [--workspace DIR] [--now ISO8601] [--functions DIR]...
                      [--format table|json|jsonl|csv] [--timeout DUR] [--max-memory SIZE]
                      [--limit N] [--width N] [--color|--no-color] [--no-pager]
                      [--explain] [--verbose] (KQL | -f FILE | -f - | --batch FILE.jsonl)
                      [--engine adx --cluster URL --database DB | --engine loganalytics --workspace-id GUID] [--endpoint URL]
  --data PATH        log files or folders (repeatable); a file's table comes from its name or content
  --workspace DIR    a workspace written by 'cloudhop ingest'
  --now ISO8601      the value of now() (ago() counts back from it); default: the wall clock
  -f, --file FILE    read the query from FILE ('-': standard input)
  --batch FILE.jsonl
                     one query per line {"query": "...", "now"?: "..."}; one JSON result line each
  --format FMT       table (aligned text, the default), json, jsonl or csv
  --explain          print the query's plan instead of running it
  --verbose          after the result, say on stderr what each table scan read (workspace tables:
                     segments and rows read of the total, bytes read)
  --functions DIR    stored functions the query may call: DIR/*.yaml, or a rule pack's functions/
                     (with the pack's watchlists/ for _GetWatchlist)
${LIMITS_USAGE}
${TABLE_USAGE}
${REMOTE_USAGE}
  -h, --help         this help`;

export const options = {
  data: { type: 'string', multiple: true }, workspace: { type: 'string' }, now: { type: 'string' },
  format: { type: 'string' }, file: { type: 'string', short: 'f' }, batch: { type: 'string' },
  explain: { type: 'boolean' }, verbose: { type: 'boolean' }, functions: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' }, ...LIMIT_OPTIONS,
  ...TABLE_OPTIONS, ...REMOTE_OPTIONS,
} as const;

function usage(msg: string): number {
  process.stderr.write(`cloudhop query: ${msg}\n${USAGE}\n`);
  return 2;
}

/** Loads --data paths and --workspace into one table map (later sources win on name clashes). */
export async function loadData(data: readonly string[], workspace: string | undefined): Promise<Map<string, Table>> {
  let tables = new Map<string, Table>();
  if (workspace) {
    // The workspace's Map: a damaged table is left out, said here, and a query naming it fails (run()).
    const { openWorkspace } = await import('../../store/workspace.js');
    const ws = await openWorkspace(workspace);
    tables = ws;
    for (const d of ws.damaged.values()) process.stderr.write(`cloudhop query: warning: ${d.message}\n`);
  }
  if (data.length) {
    const { loadTables } = await import('../../ingest/load.js');
    const { tables: t, report } = await loadTables([...data], {});
    for (const [k, v] of t) tables.set(k, v);
    for (const w of report.warnings ?? []) process.stderr.write(`cloudhop query: ${String(w)}\n`);
    if (report.quarantined) process.stderr.write(`cloudhop query: ${report.quarantined} record(s) quarantined (not loaded)\n`);
  }
  return tables;
}

/** What a workspace's table Map tells about damaged tables (src/store/workspace.ts WorkspaceTables). */
interface Damaged { readonly damaged: ReadonlyMap<string, Error>; readonly touched: ReadonlySet<string> }
function damagedTouched(tables: Map<string, Table>): Error[] {
  const d = tables as Partial<Damaged>;
  return d.touched ? [...d.touched].map((n) => d.damaged!.get(n)!) : [];
}

/** One line per table scan (query --verbose). */
function scanLines(scans: NonNullable<import('../../kql/index.js').ExecuteOptions['scans']>): string[] {
  return scans.map(({ table, request, stats }) => {
    const req = describeRequest(request, formatDatetime);
    if (!stats) return `scan ${table}: ${req}`;
    const groups = stats.rowGroupsTotal !== undefined ? `, ${stats.rowGroupsRead} of ${stats.rowGroupsTotal} row group(s)` : '';
    const index = stats.indexUsed
      ? `, term index used (it skipped ${stats.indexSegmentsSkipped ?? 0} segment(s), ${stats.indexRowGroupsSkipped ?? 0} row group(s), ${stats.indexRowsSkipped ?? 0} row(s))`
      : '';
    return `scan ${table}: ${req}: ${stats.segmentsRead} of ${stats.segmentsTotal} segment(s), ${stats.rowsReturned} of ${stats.rowsTotal} row(s), ${stats.bytesRead} byte(s) read${groups}${index}`;
  });
}

function parseNow(s: string | undefined): number | undefined | null {
  if (s === undefined) return undefined;
  return parseIsoDatetime(s);
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true, options,
    });
  } catch (e) { return usage((e as Error).message); }
  const v = args.values;
  if (v.help) { process.stdout.write(USAGE + '\n'); return 0; }
  const format = (v.format ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) return usage(`unknown format '${v.format}'`);
  const sources = [args.positionals.length > 0, v.file !== undefined, v.batch !== undefined].filter(Boolean).length;
  if (sources !== 1) return usage('give exactly one of: a KQL argument, -f FILE, --batch FILE.jsonl');
  if (args.positionals.length > 1) return usage('one query only (quote it)');
  const now = parseNow(v.now);
  if (now === null) return usage(`--now: not an ISO 8601 datetime: '${v.now}'`);
  const limits = limitsFrom(v);
  if (typeof limits === 'string') return usage(limits);
  const style = tableStyle(v);
  if (typeof style === 'string') return usage(style);
  const rerun = rerunWithHeapFor(limits.maxMemoryBytes, v['max-memory'] !== undefined);
  if (rerun !== undefined) return rerun;

  let text: string | undefined; let source = '<query>';
  if (v.file !== undefined) {
    // '-' is standard input (fd 0): `echo 'print 1' | cloudhop query -f -`.
    try { text = readFileSync(v.file === '-' ? 0 : v.file, 'utf8'); source = v.file === '-' ? '<stdin>' : v.file; } catch (e) { return usage(`cannot read ${v.file}: ${(e as Error).message}`); }
  } else if (args.positionals.length) text = args.positionals[0]!;

  if (v.explain && text !== undefined) {
    const r = explain(text);
    if (!r.ok) { process.stderr.write(renderDiagnostics(source, text, r.diagnostics) + '\n'); return 1; }
    process.stdout.write(r.text + '\n');
    return 0;
  }

  const target = await remoteTargetFrom(v, v.timeout !== undefined ? limits.timeoutMs : undefined);
  if (typeof target === 'string') return usage(target);
  if (target) {
    const local = (['data', 'workspace', 'functions', 'batch', 'explain'] as const).find((k) => v[k] !== undefined && (!Array.isArray(v[k]) || (v[k] as string[]).length > 0));
    if (local) return usage(`--${local} is for the local engine; with --engine ${target.kind} the data, functions and watchlists are the remote side's`);
    return runRemote(target, text!, now, format, source, style);
  }

  let batchLines: string[] | undefined;
  if (v.batch !== undefined) {
    try { batchLines = readFileSync(v.batch, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== ''); }
    catch (e) { return usage(`cannot read ${v.batch}: ${(e as Error).message}`); }
  }
  const missing = missingPath('--data', v.data ?? []) ?? missingPath('--workspace', v.workspace ? [v.workspace] : []);
  if (missing) return usage(missing);
  if (v.workspace && !existsSync(join(v.workspace, 'manifest.json'))) return usage(`--workspace ${v.workspace}: no workspace here (run 'cloudhop ingest PATH --workspace ${v.workspace}')`);
  let fo: FunctionsOption | undefined;
  if (v.functions?.length) {
    const missing = v.functions.find((d) => !existsSync(d));
    if (missing) return usage(`--functions ${missing}: no such folder`);
    fo = await loadFunctionsOption(v.functions);
    for (const p of fo.problems) process.stderr.write(`${p.file}:${p.line}:${p.col}: ${p.severity} ${p.code}: ${p.message}\n`);
    if (fo.problems.some((p) => p.severity === 'error')) return 1;
  }
  // externaldata over local files: the current folder and CLOUDHOP_EXTERNALDATA_DIRS (loaded only
  // when a query names it, so other queries start as fast as before).
  const wantsExternal = [text ?? '', ...(batchLines ?? [])].some((t) => /\b(externaldata|external_data|inline_external_table)\b/i.test(t));
  const externalData = wantsExternal
    ? (await import('../../ingest/external-data.js')).externalDataReader([process.cwd(), ...(process.env.CLOUDHOP_EXTERNALDATA_DIRS ?? '').split(delimiter).filter(Boolean)])
    : undefined;
  const extra = { ...(fo ? { functions: fo.functions, ...(fo.watchlists ? { watchlists: fo.watchlists } : {}) } : {}), ...(externalData ? { externalData } : {}) };
  const tables = await loadData(v.data ?? [], v.workspace);

  if (batchLines) {
    // Each result line is written as soon as its query ends (a long batch shows progress).
    const emit = (line: string): void => { process.stdout.write(line); };
        let failed = false;
    for (const [i, line] of batchLines.entries()) {
      let q: { query?: unknown; now?: unknown };
      try { q = JSON.parse(line) as typeof q; } catch { emit(JSON.stringify({ error: { code: 'usage', message: `line ${i + 1}: not JSON` } }) + '\n'); failed = true; continue; }
      if (typeof q.query !== 'string') { emit(JSON.stringify({ error: { code: 'usage', message: `line ${i + 1}: missing "query"` } }) + '\n'); failed = true; continue; }
      const qNow = typeof q.now === 'string' ? parseIsoDatetime(q.now) : now;
      const r = execute(q.query, { tables, knownTables: KNOWN_TABLES, ...extra, ...limits, ...(qNow !== null && qNow !== undefined ? { now: qNow } : {}) });
      if (r.ok) emit(JSON.stringify(resultToJson(r.result)) + '\n');
      else {
        failed = true;
        const d = r.diagnostics.find((x) => x.severity === 'error') ?? r.diagnostics[0];
        emit(JSON.stringify({ error: { code: d?.code, message: d?.message, line: d?.line, col: d?.col, diagnostics: r.diagnostics } }) + '\n');
      }
    }
    return failed ? 1 : 0;
  }

  const scans: NonNullable<import('../../kql/index.js').ExecuteOptions['scans']> = [];
  const r = execute(text!, { tables, knownTables: KNOWN_TABLES, ...extra, ...limits, ...(now !== undefined ? { now } : {}), ...(v.verbose ? { scans } : {}) });
  const damaged = damagedTouched(tables);
  if (damaged.length) {
    for (const d of damaged) process.stderr.write(`cloudhop query: ${d.message}\n`);
    return 1;
  }
  if (!r.ok) {
    process.stderr.write((fo ? r.diagnostics.map((d) => renderWithFunctions(source, text!, d, fo!.functions)).join('\n') : renderDiagnostics(source, text!, r.diagnostics)) + '\n');
    return 1;
  }
  for (const w of r.result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (foundNothing(r.result)) {
    const hint = emptyResultHint(text!, tables, now ?? undefined, now !== undefined);
    if (hint) process.stderr.write(`cloudhop query: ${escapeTerminal(hint)}\n`);
  }
  await writeResult(r.result, format, style, text!);
  if (v.verbose) for (const line of scanLines(scans)) process.stderr.write(line + '\n');
  return 0;
}

/** One query on a remote engine; exit 1 on a remote KQL error, an unreachable endpoint or refused credentials. */
async function runRemote(target: RemoteTarget, text: string, now: number | undefined, format: OutputFormat, source: string, style: Exclude<ReturnType<typeof tableStyle>, string>): Promise<number> {
  const { connect } = await import('../../remote/client.js');
  const conn = await connect(target);
  try {
    const r = await conn.query({ text, ...(now !== undefined ? { now } : {}) });
    if (!r.ok) {
      const what = r.kind === 'query' ? `${source}: remote KQL error` : r.kind === 'auth' ? 'authentication failed' : r.kind === 'unreachable' ? 'endpoint unreachable' : 'remote failure';
      process.stderr.write(`cloudhop query: ${what}: ${r.message}\n`);
      return 1;
    }
    await writeResult(r.result, format, style, text);
    return 0;
  } finally { conn.close(); }
}
