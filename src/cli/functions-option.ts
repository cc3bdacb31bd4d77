/**
 * `--functions DIR` of `check` and `query`: stored functions from DIR/*.yaml (Sentinel parser
 * shape, docs/rules-format.md), or from DIR/functions/ when DIR is a rule pack, whose watchlists/
 * folder is then loaded too (a pack's functions read its watchlists; so does DIR = a pack's functions/ folder, whose
 * sibling watchlists/ is loaded). Diagnostics that lie in a
 * function are printed at the function file's line:col.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Diagnostic, WatchlistProvider } from '../kql/frontend.js';
import { renderDiagnostic } from '../kql/frontend.js';
import type { LoadedFunction } from '../detect/functions.js';
import type { Problem } from '../detect/problems.js';

export interface FunctionsOption {
  readonly functions: LoadedFunction[];
  readonly watchlists?: WatchlistProvider;
  readonly problems: Problem[];
}

/** Loads the functions (and a pack's watchlists) of every --functions DIR. */
export async function loadFunctionsOption(dirs: readonly string[]): Promise<FunctionsOption> {
  const { loadFunctionDir } = await import('../detect/functions.js');
  const { loadWatchlistDir, watchlistProvider } = await import('../detect/watchlists.js');
  const problems: Problem[] = [];
  const known = new Map<string, LoadedFunction>();
  const functions: LoadedFunction[] = [];
  const watchDirs: string[] = [];
  for (const d of dirs) {
    functions.push(...loadFunctionDir(d, problems, known));
    // DIR is a pack (DIR/functions + DIR/watchlists) or a pack's functions folder itself (its sibling watchlists/)
    const w = existsSync(join(d, 'functions')) ? join(d, 'watchlists') : basename(resolve(d)) === 'functions' ? join(d, '..', 'watchlists') : undefined;
    if (w && existsSync(w) && statSync(w).isDirectory() && !watchDirs.includes(resolve(w))) watchDirs.push(resolve(w));
  }
  return { functions, problems, ...(watchDirs.length ? { watchlists: watchlistProvider(...watchDirs.map((w) => loadWatchlistDir(w, problems))) } : {}) };
}

/** One diagnostic as the CLI prints it: in the function's file when it lies in a function, else in the query. */
export function renderWithFunctions(source: string, text: string, d: Diagnostic, functions: readonly LoadedFunction[]): string {
  if (!d.function) return renderDiagnostic(source, text, d);
  const f = functions.find((x) => x.name === d.function!.name);
  if (!f) return `${source}: ${d.severity} ${d.code}: in function ${d.function.name}: ${d.message}`;
  const at = d.function.part === 'body' ? f.bodyPosition(d.line, d.col) : f.parameterPosition(d.start);
  let fileText = '';
  try { fileText = readFileSync(f.file, 'utf8'); } catch { /* printed without the source line */ }
  const placed = { ...d, line: at.line, col: at.col, length: d.function.part === 'body' ? d.length : 1 };
  return fileText ? renderDiagnostic(f.file, fileText, placed) : `${f.file}:${at.line}:${at.col}: ${d.severity} ${d.code}: ${d.message}`;
}
