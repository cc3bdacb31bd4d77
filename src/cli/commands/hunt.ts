/**
 * `cloudhop hunt [NAME | FILE.yaml] (--data PATH... | --workspace DIR)` — runs a hunting query
 * (Sentinel hunting-query YAML: name, description, query) over log files, as `query` would. Without
 * an argument, lists the hunting queries shipped in docs/T1021.007/hunting/. NAME matches a
 * shipped file's stem (`sync-account-profile`) or its `name:` (case-insensitive; a unique
 * substring of it is enough). The built-in pack's stored functions and watchlists are loaded, so
 * hunts may call them. KQL errors are printed at the YAML file's line:col.
 * Exit: 0 ok, 1 KQL error or a malformed file, 2 bad usage (unknown NAME, missing path).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoDatetime } from '../../kql/data.js';
import { execute } from '../../kql/index.js';
import { builtinRulesDir, formatProblem, loadPack, loadWatchlistDir, sortProblems, watchlistProvider, type Rule, type Watchlist } from '../../detect/index.js';
import { functionPlace } from '../../detect/functions.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output.js';
import { writeResult } from '../query-output.js';
import { emptyResultHint, foundNothing } from '../hints.js';
import { missingPath } from '../paths.js';
import { escapeTerminal } from '../terminal-text.js';
import { LIMIT_OPTIONS, LIMITS_USAGE, limitsFrom } from '../limits.js';
import { TABLE_OPTIONS, TABLE_USAGE, tableStyle } from '../terminal/style.js';
import { loadData } from './query.js';
import { didYouMean, editDistance } from '../suggest.js';

export const summary = 'run a hunting query (docs/T1021.007/hunting/*.yaml, or a YAML file); list them';

const USAGE = `usage: cloudhop hunt [NAME | FILE.yaml] (--data PATH... | --workspace DIR) [--now ISO8601]
                     [--format table|json|jsonl|csv] [--timeout DUR] [--max-memory SIZE]
                     [--limit N] [--width N] [--color|--no-color] [--no-pager]
Without NAME: lists the shipped hunting queries. NAME: a file stem or the query's name (or a unique
part of it); FILE.yaml: any Sentinel hunting-query file.
  --data PATH        log files or folders (repeatable)
  --workspace DIR    a workspace written by 'cloudhop ingest'
  --now ISO8601      the value of now(): hunts look back from it (ago(14d)); default: the wall clock
  --format FMT       table (the default), json, jsonl or csv, as for 'cloudhop query'
${LIMITS_USAGE}
${TABLE_USAGE}
  -h, --help         this help`;

export const options = {
  data: { type: 'string', multiple: true }, workspace: { type: 'string' }, now: { type: 'string' },
  format: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...LIMIT_OPTIONS, ...TABLE_OPTIONS,
} as const;

/** The folder of the shipped hunting queries (docs/T1021.007/hunting beside the package's rules/). */
export function huntingDir(): string {
  return join(dirname(builtinRulesDir()), 'docs', 'T1021.007', 'hunting');
}

function usage(msg: string): number {
  process.stderr.write(`cloudhop hunt: ${msg}\n${USAGE}\n`);
  return 2;
}

/** The shipped hunts, by file stem. */
function shipped(): { stem: string; file: string; hunt: Rule | undefined }[] {
  const dir = huntingDir();
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  const pack = loadPack([dir]);
  return files.map((f) => ({ stem: f.replace(/\.ya?ml$/i, ''), file: join(dir, f), hunt: pack.hunting.find((h) => basename(h.file) === f) }));
}

export async function run(argv: string[]): Promise<number> {
  let a;
  try { a = parseArgs({ args: argv, allowPositionals: true, strict: true, options }); } catch (e) { return usage((e as Error).message); }
  const v = a.values;
  if (v.help) { process.stdout.write(USAGE + '\n'); return 0; }
  if (a.positionals.length > 1) return usage('one hunt at a time');
  const format = (v.format ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) return usage(`unknown format '${v.format}'`);
  const style = tableStyle(v);
  if (typeof style === 'string') return usage(style);
  const limits = limitsFrom(v);
  if (typeof limits === 'string') return usage(limits);
  const now = v.now === undefined ? undefined : parseIsoDatetime(v.now);
  if (now === null) return usage(`--now: not an ISO 8601 datetime: '${v.now}'`);

  const list = shipped();
  const arg = a.positionals[0];
  if (arg === undefined) {
    const lines = [`hunting queries in ${huntingDir()} (run one: cloudhop hunt NAME --data PATH):`];
    for (const h of list) lines.push(`  ${h.stem.padEnd(36)} ${h.hunt ? h.hunt.name.replace(/^T1021\.007 hunt - /, '') : '(does not load: cloudhop lint-rules ' + h.file + ')'}`);
    process.stdout.write(escapeTerminal(lines.join('\n')) + '\n');
    return 0;
  }

  let file: string;
  if (/\.ya?ml$/i.test(arg) || existsSync(arg)) {
    if (!existsSync(arg)) return usage(`${arg}: no such file`);
    file = arg;
  } else {
    const low = arg.toLowerCase();
    const exact = list.filter((h) => h.stem.toLowerCase() === low || h.hunt?.name.toLowerCase() === low);
    const partial = exact.length ? exact : list.filter((h) => h.stem.toLowerCase().includes(low) || !!h.hunt?.name.toLowerCase().includes(low));
    if (partial.length !== 1) {
      // A typo in the start of a stem counts as close too (sync-acount → sync-account-profile).
      const near = list.filter((h) => editDistance(arg, h.stem.slice(0, arg.length)) <= Math.max(1, Math.floor(arg.length / 4))).map((h) => h.stem);
      const hint = near.length ? ` (did you mean ${near.slice(0, 3).join(' or ')}?)` : didYouMean(arg, list.map((h) => h.stem));
      const why = partial.length ? `'${arg}' matches ${partial.length} hunts: ${partial.map((h) => h.stem).join(', ')}` : `no hunt named '${arg}'${hint}`;
      process.stderr.write(`cloudhop hunt: ${escapeTerminal(why)} ('cloudhop hunt' lists them)\n`);
      return 2;
    }
    file = partial[0]!.file;
  }
  const pack = loadPack([file]);
  const hunt = pack.hunting[0] ?? pack.rules[0];
  const errors = pack.problems.filter((p) => p.severity === 'error');
  if (!hunt || errors.length) {
    for (const p of sortProblems(errors.length ? errors : pack.problems)) process.stderr.write(formatProblem(p) + '\n');
    process.stderr.write(`cloudhop hunt: ${file}: not a loadable hunting query\n`);
    return 1;
  }

  const missing = missingPath('--data', v.data ?? []) ?? missingPath('--workspace', v.workspace ? [v.workspace] : []);
  if (missing) return usage(missing);
  if (!v.data?.length && !v.workspace) return usage('give --data PATH or --workspace DIR');
  // The built-in pack's functions and watchlists (hunts call CloudhopNetworkContext and the like).
  const builtin = loadPack([builtinRulesDir()]);
  const functions = [...(hunt.functions ?? []), ...builtin.functions.filter((f) => !hunt.functions?.some((g) => g.name === f.name))];
  const watch = new Map<string, Watchlist>();
  for (const d of [...builtin.watchlistDirs, ...pack.watchlistDirs]) for (const [k, w] of loadWatchlistDir(d, [])) watch.set(k, w);
  const tables = await loadData(v.data ?? [], v.workspace);
  process.stderr.write(`cloudhop hunt: ${escapeTerminal(hunt.name)} (${file})\n`);
  const r = execute(hunt.query, { tables, functions, watchlists: watchlistProvider(watch), ...limits, ...(now !== undefined ? { now } : {}) });
  if (!r.ok) {
    for (const d of r.diagnostics) {
      const at = functionPlace(d, functions) ?? { file, ...hunt.queryPosition(d.line, d.col) };
      process.stderr.write(escapeTerminal(`${at.file}:${at.line}:${at.col}: ${d.severity} ${d.code}: ${d.message}`) + '\n');
    }
    // A hunt reads several tables; say which the data has, so a missing export is plain.
    if (r.diagnostics.some((d) => d.code === 'KQL101')) process.stderr.write(`cloudhop hunt: the data holds ${tables.size ? [...tables.keys()].sort().join(', ') : 'no table'}: add exports of the tables named above\n`);
    return r.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }
  for (const w of r.result.warnings) process.stderr.write(`warning: ${escapeTerminal(w)}\n`);
  if (foundNothing(r.result)) {
    const hint = emptyResultHint(hunt.query, tables, now, now !== undefined);
    if (hint) process.stderr.write(`cloudhop hunt: ${escapeTerminal(hint)}\n`);
  }
  await writeResult(r.result, format, style, hunt.query);
  return 0;
}
