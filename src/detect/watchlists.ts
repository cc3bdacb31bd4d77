import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import Papa from 'papaparse';
import { tableFromRows, type Table } from '../kql/data.js';
import type { Value } from '../kql/data.js';
import type { WatchlistProvider } from '../kql/index.js';
import type { Problem } from './problems.js';

/**
 * Watchlists: `_GetWatchlist('alias')` returns the CSV's columns (as strings) plus `SearchKey`, a copy
 * of the search-key column, and `WatchlistItem`, the row as a dynamic bag (`WatchlistItem.Provider`),
 * like Sentinel. Search key: the `ALIAS.searchkey` sidecar, a column named SearchKey, or the first column.
 */
export interface Watchlist { readonly alias: string; readonly table: Table; readonly searchKey: string }

export function watchlistFromRows(alias: string, columns: readonly string[], rows: readonly Record<string, unknown>[], searchKey?: string): Watchlist {
  const cols = columns.filter((c) => c !== 'SearchKey');
  const key = searchKey && cols.includes(searchKey) ? searchKey : columns.includes('SearchKey') ? 'SearchKey' : cols[0] ?? 'SearchKey';
  const schema = [...cols.map((name) => ({ name, type: 'string' as const })), { name: 'SearchKey', type: 'string' as const }, { name: 'WatchlistItem', type: 'dynamic' as const }];
  const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const boxed = rows.map((r) => {
    const o: Record<string, Value> = {};
    for (const c of cols) o[c] = text(r[c]);
    o.SearchKey = text(key === 'SearchKey' ? r.SearchKey : r[key]);
    const item: Record<string, string> = {};
    for (const c of cols) item[c] = o[c] as string;
    o.WatchlistItem = item;
    return o;
  });
  return { alias, searchKey: key, table: tableFromRows(`_GetWatchlist('${alias}')`, schema, boxed) };
}

/** Loads every `*.csv` in a folder as a watchlist named after the file. */
export function loadWatchlistDir(dir: string, problems: Problem[]): Map<string, Watchlist> {
  const out = new Map<string, Watchlist>();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.push({ file: dir, line: 1, col: 1, severity: 'error', code: 'WL001', message: 'watchlist folder not found' });
    return out;
  }
  for (const name of readdirSync(dir).sort()) {
    if (!/\.csv$/i.test(name)) continue;
    const file = join(dir, name);
    const alias = basename(name, name.slice(name.lastIndexOf('.')));
    let text: string;
    try { text = readFileSync(file, 'utf8').replace(/^\uFEFF/, ''); } catch (e) {
      problems.push({ file, line: 1, col: 1, severity: 'error', code: 'WL002', message: `cannot read: ${(e as Error).message}` }); continue;
    }
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
    for (const e of parsed.errors) {
      problems.push({ file, line: (e.row ?? 0) + 2, col: 1, severity: 'error', code: 'WL003', message: `CSV: ${e.message}` });
    }
    const columns = (parsed.meta.fields ?? []).map((c) => c.trim());
    if (columns.length === 0) { problems.push({ file, line: 1, col: 1, severity: 'error', code: 'WL004', message: 'no header row' }); continue; }
    const rows = parsed.data.map((r) => { const o: Record<string, unknown> = {}; for (const [k, v] of Object.entries(r)) o[k.trim()] = v; return o; });
    let searchKey: string | undefined;
    const side = join(dir, `${alias}.searchkey`);
    if (existsSync(side)) {
      searchKey = readFileSync(side, 'utf8').trim();
      if (!columns.includes(searchKey)) problems.push({ file: side, line: 1, col: 1, severity: 'error', code: 'WL005', message: `search key '${searchKey}' is not a column of ${name}` });
    }
    out.set(alias.toLowerCase(), watchlistFromRows(alias, columns, rows, searchKey));
  }
  return out;
}

/**
 * A provider for ExecuteOptions.watchlists; aliases match case-insensitively; later maps win. An
 * alias with no watchlist gives an empty table with only `SearchKey`, as Sentinel's
 * `_GetWatchlist` returns no rows for a watchlist that does not exist.
 */
export function watchlistProvider(...maps: (ReadonlyMap<string, Watchlist> | undefined)[]): WatchlistProvider {
  const all = new Map<string, Watchlist>();
  for (const m of maps) if (m) for (const [k, v] of m) all.set(k.toLowerCase(), v);
  return (alias: string) => all.get(alias.toLowerCase())?.table ?? watchlistFromRows(alias, [], []).table;
}

/** The aliases a query reads with `_GetWatchlist('alias')` (literal arguments only). */
export function watchlistAliases(query: string): string[] {
  const out: string[] = [];
  for (const m of query.matchAll(/_GetWatchlist\s*\(\s*(?:'([^']*)'|"([^"]*)")\s*\)/gi)) {
    const a = m[1] ?? m[2] ?? '';
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}
