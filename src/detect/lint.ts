import type { ColumnSchema, TableSchema } from '../kql/data.js';
import { BUILTIN_TABLES } from '../store/schemas/index.js';
import type { Problem } from './problems.js';
import { requiredTables, type Rule } from './rule.js';
import type { Engine } from './engine.js';
import { readdirSync } from 'node:fs';
import { loadPack, type LoadedPack } from './loader.js';
import { watchlistAliases } from './watchlists.js';
import { checkFunctions } from '../kql/index.js';
import { functionsCalledBy } from '../kql/index.js';
import { diagnosticProblem, type LoadedFunction } from './functions.js';

/**
 * Query checks of a loaded rule: the query binds against the tables the rule names in
 * requiredDataConnectors (built-in schemas; an unknown column is an error), and every column the
 * rule refers to (entity mappings, custom details, alertDetailsOverride) exists in the output.
 */
export function lintRule(rule: Rule, engine: Engine, extraTables?: ReadonlyMap<string, TableSchema>): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], severity: 'error' | 'warning', code: string, message: string): void => {
    const p = rule.at(path);
    problems.push({ file: rule.file, line: p.line, col: p.col, severity, code, message });
  };
  const tables = new Map<string, TableSchema>();
  const unknown: string[] = [];
  const names = requiredTables(rule);
  for (const n of names) {
    const s = BUILTIN_TABLES.get(n) ?? extraTables?.get(n);
    if (s) tables.set(n, s); else unknown.push(n);
  }
  if (names.length === 0 && rule.kind !== 'Hunting') add(['requiredDataConnectors'], 'warning', 'RULE080', 'no data types in requiredDataConnectors: the query is bound against every built-in table');
  if (names.length === 0) for (const [n, s] of BUILTIN_TABLES) tables.set(n, s);
  for (const u of unknown) {
    const i = rule.requiredDataConnectors.findIndex((c) => c.dataTypes.includes(u));
    const j = i >= 0 ? rule.requiredDataConnectors[i]!.dataTypes.indexOf(u) : -1;
    add(i >= 0 ? ['requiredDataConnectors', i, 'dataTypes', j] : ['requiredDataConnectors'], 'warning', 'RULE081', `table '${u}' has no built-in schema: the query is checked for syntax only`);
  }
  const functions = rule.functions ? { functions: rule.functions } : {};
  const result = engine.check(rule.query, unknown.length ? { syntaxOnly: true } : { catalog: { tables, ...functions } });
  for (const d of result.diagnostics) problems.push(diagnosticProblem(d, rule.functions, { file: rule.file, ...rule.queryPosition(d.line, d.col) }));
  if (!result.ok || !result.schema) return problems;
  const cols = new Map<string, ColumnSchema>(result.schema.map((c) => [c.name, c]));
  const need = (col: string, path: (string | number)[], what: string): void => {
    if (!cols.has(col)) add(path, 'error', 'RULE037', `${what} '${col}' is not a column of the query's result (${[...cols.keys()].slice(0, 12).join(', ')}${cols.size > 12 ? ', ...' : ''})`);
  };
  rule.entityMappings.forEach((m, i) => m.fieldMappings.forEach((f, j) => need(f.columnName, ['entityMappings', i, 'fieldMappings', j, 'columnName'], `${m.entityType}.${f.identifier} column`)));
  for (const [k, c] of Object.entries(rule.customDetails)) need(c, ['customDetails', k], `custom detail ${k} column`);
  const ov = rule.alertDetailsOverride;
  if (ov) {
    for (const k of ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const) {
      const tpl = ov[k];
      if (tpl) for (const m of tpl.matchAll(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g)) need(m[1]!, ['alertDetailsOverride', k], `placeholder {{${m[1]}}}:`);
    }
    if (ov.alertSeverityColumnName) need(ov.alertSeverityColumnName, ['alertDetailsOverride', 'alertSeverityColumnName'], 'severity column');
    if (ov.alertTacticsColumnName) need(ov.alertTacticsColumnName, ['alertDetailsOverride', 'alertTacticsColumnName'], 'tactics column');
    ov.alertDynamicProperties?.forEach((d, i) => need(d.value, ['alertDetailsOverride', 'alertDynamicProperties', i, 'value'], `${d.alertProperty} column`));
  }
  return problems;
}

/** Loads a pack and lints every rule and hunting query that loaded: all problems together. */
export function lintPack(paths: readonly string[], engine: Engine): { pack: LoadedPack; problems: Problem[] } {
  const pack = loadPack(paths);
  const problems = [...pack.problems];
  const known = new Set<string>();
  for (const d of pack.watchlistDirs) for (const f of readdirSync(d)) if (/\.csv$/i.test(f)) known.add(f.slice(0, -4).toLowerCase());
  problems.push(...lintFunctions(pack.functions, known));
  for (const r of [...pack.rules, ...pack.hunting, ...pack.drafts]) {
    problems.push(...lintRule(r, engine));
    // A watchlist the pack does not ship is empty unless `--watchlists DIR` provides it.
    for (const alias of watchlistAliases(r.query)) {
      if (known.has(alias.toLowerCase())) continue;
      const at = r.at(['query']);
      problems.push({ file: r.file, line: at.line, col: at.col, severity: 'warning', code: 'RULE082', message: `watchlist '${alias}' is not in the pack's watchlists/ folder: it is empty unless --watchlists provides ${alias}.csv` });
    }
  }
  return { pack, problems };
}

/**
 * A pack's stored functions checked on their own: syntax, then binding of each body (declared
 * parameter types) against every built-in table schema; problems at their file:line:col. A
 * watchlist a function reads that the pack does not ship is a warning, as for rules.
 */
export function lintFunctions(functions: readonly LoadedFunction[], knownWatchlists?: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const checks = checkFunctions(functions, { tables: BUILTIN_TABLES });
  functions.forEach((f, i) => {
    for (const d of checks[i]!.diagnostics) problems.push(diagnosticProblem(d, functions, { file: f.file, line: 1, col: 1 }));
    if (knownWatchlists) for (const alias of watchlistAliases(f.body)) {
      if (knownWatchlists.has(alias.toLowerCase())) continue;
      const at = f.bodyPosition(1, 1);
      problems.push({ file: f.file, ...at, severity: 'warning', code: 'RULE082', message: `watchlist '${alias}' is not in the pack's watchlists/ folder: it is empty unless --watchlists provides ${alias}.csv` });
    }
  });
  return problems;
}

/** The stored functions a rule calls, directly or through other functions. */
export function functionsOfRule(rule: Rule): LoadedFunction[] {
  return rule.functions?.length ? functionsCalledBy(rule.query, rule.functions) as LoadedFunction[] : [];
}
