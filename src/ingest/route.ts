import { basename, dirname, relative, sep } from 'node:path';
import { BUILTIN_TABLES, KNOWN_TABLES } from '../store/schemas/index.js';
import type { Rec } from './formats/util.js';
import { isGraphSignIn, isGraphDirectoryAudit, mapGraphSignIn, mapGraphDirectoryAudit, signInTable } from './formats/graph.js';
import { isCloudTrail, mapCloudTrail } from './formats/cloudtrail.js';
import { isGcpLogEntry, mapGcpLogEntry } from './formats/gcp.js';
import { isDefenderStreaming, mapDefenderStreaming, defenderTable } from './formats/defender.js';

/** Canonical name of a known table, matched case-insensitively. */
const KNOWN_LOWER = new Map([...KNOWN_TABLES.keys()].map((n) => [n.toLowerCase(), n]));
export function knownTable(name: string): string | undefined { return KNOWN_LOWER.get(name.toLowerCase()); }

const DATA_EXT = /\.(jsonl|ndjson|json|csv|tsv|txt|log)$/i;

/** Strips `.gz` and a data extension. */
export function stemOf(file: string): string {
  let b = basename(file);
  if (/\.gz$/i.test(b)) b = b.slice(0, -3);
  return b.replace(DATA_EXT, '');
}

/** A valid table name made of a file or folder name: letters, digits and underscores. */
function sanitize(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+|_+$/g, '');
  return t === '' ? 'Data' : /^\d/.test(t) ? `T_${t}` : t;
}

export interface NameTables {
  /** A known table named by the file or its folder. */
  readonly known?: string;
  /** The name of an unknown table the file's name implies. */
  readonly fallback: string;
}

/**
 * Table named by a path: `SigninLogs.jsonl`, `SigninLogs_2024-06.csv`, `signinlogs-part2.json.gz`,
 * `DeviceProcessEvents/part-1.json` (folder under a --data folder). `root` is the --data folder
 * the file was found in, if any.
 */
export function tablesFromPath(file: string, root?: string): NameTables {
  const stem = stemOf(file);
  const lower = stem.toLowerCase();
  let best: string | undefined;
  for (const [l, n] of KNOWN_LOWER) {
    if (lower === l || (lower.startsWith(l) && /^[_\-. \d]/.test(lower.slice(l.length)))) { if (!best || n.length > best.length) best = n; }
  }
  let folder: string | undefined;
  if (root !== undefined) {
    const rel = relative(root, dirname(file));
    // The nearest folder that is a name, not a date or number partition (`MyApp/2024/06/01.json`, `T/dt=2024-06-01/x.json`).
    if (rel !== '' && !rel.startsWith('..')) folder = rel.split(sep).reverse().find((p) => !/^([A-Za-z_]+=)?[\d-]+$/.test(p) && !/^(input|inputs|data|logs?|exports?|raw)$/i.test(p));
  }
  if (!best && folder) best = knownTable(folder);
  const cut = stem.replace(/[_\-. ]\d.*$/, '');
  // A folder names the table of files with generic names (`MyTable/part-1.json`); a named file keeps its name.
  const generic = cut === '' || /^(part|data|file|chunk|export|exports|log|logs|records|events|output|results?|\d+)$/i.test(cut);
  const fallback = folder && generic ? sanitize(folder) : sanitize(cut === '' ? stem : cut);
  return { known: best, fallback };
}

/** Scores the known tables by how many of the given field names they hold; returns the best when convincing. */
const scoreCache = new Map<string, string | null>();
export function tableFromFields(fields: readonly string[]): string | undefined {
  const key = fields.join('\u0001');
  const c = scoreCache.get(key);
  if (c !== undefined) return c ?? undefined;
  let best: string | undefined, bestScore = 0, bestSize = Infinity;
  const lowered = fields.map((f) => f.replace(/\s*\[UTC\]$/, '').replace(/_(dynamic|string)$/, '').toLowerCase());
  for (const [name, schema] of BUILTIN_TABLES) {
    const cols = new Set(schema.columns.map((c) => c.name.toLowerCase()));
    let hit = 0;
    for (const f of lowered) if (cols.has(f)) hit++;
    const score = hit / Math.max(1, lowered.length);
    if (hit >= 4 && (score > bestScore || (score === bestScore && cols.size < bestSize))) { best = name; bestScore = score; bestSize = cols.size; }
  }
  const r = bestScore >= 0.6 ? best : undefined;
  if (scoreCache.size < 1000) scoreCache.set(key, r ?? null);
  return r;
}

/** tableFromFields for a record, memoised on a cheap signature (field count, first and last names). */
const recordSigCache = new Map<string, string | null>();
function tableOfRecordFields(r: Rec): string | undefined {
  let n = 0, first = '', last = '';
  for (const k in r) { if (n === 0) first = k; last = k; n++; }
  const sig = `${n}\u0001${first}\u0001${last}`;
  const c = recordSigCache.get(sig);
  if (c !== undefined) return c ?? undefined;
  const t = tableFromFields(Object.keys(r));
  if (recordSigCache.size < 1000) recordSigCache.set(sig, t ?? null);
  return t;
}

export interface Routed { readonly table: string; readonly row: Rec; readonly format: string }

/**
 * Decides the table of one JSON record and maps raw formats to the table's columns. Order: a raw
 * format recognised by content (Graph, CloudTrail, GCP, Defender streaming) > a known table named
 * by the file > the record's `Type` > the known table whose columns the fields match > the file's name.
 */
export function routeRecord(r: Rec, names: NameTables, forced?: string): Routed {
  if (isCloudTrail(r)) return { table: forced ?? 'AWSCloudTrail', row: mapCloudTrail(r), format: 'cloudtrail' };
  if (isGcpLogEntry(r)) return { table: forced ?? 'GCPAuditLogs', row: mapGcpLogEntry(r), format: 'gcp' };
  if (isDefenderStreaming(r)) {
    const t = forced ?? knownTable(defenderTable(r)) ?? sanitize(defenderTable(r));
    return { table: t, row: mapDefenderStreaming(r), format: 'defender-streaming' };
  }
  if (isGraphSignIn(r)) { const t = forced ?? signInTable(r); return { table: t, row: mapGraphSignIn(r, t), format: 'graph-signin' }; }
  if (isGraphDirectoryAudit(r)) return { table: forced ?? 'AuditLogs', row: mapGraphDirectoryAudit(r), format: 'graph-directoryaudit' };
  if (forced) return { table: forced, row: r, format: 'records' };
  if (names.known) return { table: names.known, row: r, format: 'records' };
  const type = r.Type;
  if (typeof type === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(type)) return { table: knownTable(type) ?? type, row: r, format: 'records' };
  const byFields = tableOfRecordFields(r);
  return { table: byFields ?? names.fallback, row: r, format: 'records' };
}
