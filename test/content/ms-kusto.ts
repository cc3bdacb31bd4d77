/**
 * Microsoft's own KQL parser and semantic analyser (@kusto/language-service-next, a devDependency),
 * loaded as its CommonJS globals, with the built-in table schemas and Sentinel's `_GetWatchlist`
 * and the rule pack's stored functions declared, so a query can be checked the way Sentinel's
 * editor checks it.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { ROOT } from '../helpers/shared.js';
import { loadFunctionDir } from '../../src/detect/functions.js';

export interface MsDiagnostic { readonly code: string; readonly severity: string; readonly message: string; readonly start: number; readonly length: number }

const PKG = join(ROOT, 'node_modules', '@kusto', 'language-service-next');

/** Whether the devDependency is installed (it is absent in a production install). */
export const MS_PARSER_AVAILABLE = existsSync(join(PKG, 'Kusto.Language.Bridge.js'));

let globals: unknown;

function load(): any {
  const g = globalThis as any;
  if (!g.Kusto?.Language?.KustoCode) {
    const require = createRequire(import.meta.url);
    require(join(PKG, 'bridge.js'));
    require(join(PKG, 'Kusto.Language.Bridge.js'));
  }
  return g.Kusto;
}

function kustoType(t: string): string {
  return t === 'real' ? 'real' : t === 'decimal' ? 'decimal' : t;
}

function buildGlobals(): unknown {
  const K = load();
  const S = K.Language.Symbols;
  const members: unknown[] = [];
  for (const [name, schema] of BUILTIN_TABLES) {
    const cols = schema.columns.map((c) => `['${c.name}']:${kustoType(c.type)}`).join(', ');
    members.push(S.TableSymbol.From(`(${cols})`).WithName(name));
  }
  // Sentinel's watchlist function: every watchlist has at least SearchKey (string) and the item as dynamic.
  members.push(new S.FunctionSymbol.$ctor16('_GetWatchlist', '(watchlistAlias:string)',
    '{ datatable(SearchKey:string, WatchlistItem:dynamic, _DTItemId:string, LastUpdatedTimeUTC:datetime)[] }', 'Sentinel watchlist'));
  // The pack's stored functions, as Sentinel holds them once deployed (workspace functions).
  for (const f of loadFunctionDir(join(ROOT, 'rules', 'T1021.007', 'functions'), [])) {
    members.push(new S.FunctionSymbol.$ctor16(f.name, `(${f.parameters})`, `{\n${f.body}\n}`, f.description));
  }
  const db = new S.DatabaseSymbol.ctor('sentinel', members);
  const cluster = new S.ClusterSymbol.ctor('cloudhop', [db]);
  return K.Language.GlobalState.Default.WithCluster(cluster).WithDatabase(db);
}

/** Parses and analyses `query` with Microsoft's analyser; returns its error diagnostics. */
export function msCheck(query: string): MsDiagnostic[] {
  const K = load();
  globals ??= buildGlobals();
  const code = K.Language.KustoCode.ParseAndAnalyze(query, globals);
  const diags = code.GetDiagnostics();
  const out: MsDiagnostic[] = [];
  const n = diags.Count;
  for (let i = 0; i < n; i++) {
    const d = diags.getItem(i);
    if (d.Severity !== 'Error') continue;
    out.push({ code: d.Code, severity: d.Severity, message: d.Message, start: d.Start, length: d.Length });
  }
  return out;
}
