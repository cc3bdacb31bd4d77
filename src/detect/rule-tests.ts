import { readFileSync, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, basename, relative, resolve, isAbsolute } from 'node:path';
import { tableFromRows, type Table } from '../kql/data.js';
import type { ColumnSchema, Value } from '../kql/data.js';
import { parseIsoDatetime, formatDatetime } from '../kql/data.js';
import { BUILTIN_TABLES } from '../store/schemas/index.js';
import { coerce, BAD } from '../ingest/coerce.js';
import { inferType } from '../ingest/infer.js';
import { YamlSource } from './yaml-source.js';
import type { Problem } from './problems.js';
import { loadRuleFile, loadPack } from './loader.js';
import { parseDuration, MINUTE, DAY } from './duration.js';
import { watchlistFromRows, loadWatchlistDir, watchlistProvider, type Watchlist } from './watchlists.js';
import type { Rule } from './rule.js';
import type { Alert } from './alert.js';
import type { Engine } from './engine.js';
import { runDetections } from './index.js';
import { loadFunctionDir } from './functions.js';
import { textOf } from './values.js';

/** One case of a rule test file (docs/rules-format.md §5), resolved. */
interface TestCase {
  readonly name: string;
  readonly kind: string;
  readonly line: number;
  readonly now?: number;
  readonly from?: number;
  readonly to?: number;
  readonly tables: Map<string, Table>;
  readonly watchlists: Map<string, Watchlist>;
  readonly expect: Expect;
}

interface ExpectAlert {
  severity?: string; title?: string; description?: string; tactics?: string[];
  entities?: Record<string, unknown>[]; customDetails?: Record<string, unknown>;
}
interface Expect extends ExpectAlert { alerts: number; incidents?: number; matches?: ExpectAlert[] }

export interface CaseResult {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly ruleFile: string;
  readonly name: string;
  readonly kind: string;
  readonly pass: boolean;
  readonly expectedAlerts: number;
  readonly actualAlerts: number;
  /** Why it failed (empty when it passed). */
  readonly failures: string[];
}

export interface TestRunResult {
  readonly cases: CaseResult[];
  /** Malformed test files / rules (the cases in them did not run). */
  readonly problems: Problem[];
  readonly files: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CASE_KEYS = new Set(['name', 'kind', 'now', 'from', 'to', 'tables', 'watchlists', 'expect', 'description', 'notes']);
const EXPECT_KEYS = new Set(['alerts', 'incidents', 'severity', 'title', 'description', 'tactics', 'entities', 'customDetails', 'matches']);

/** The real path of `p` (links resolved) when it exists, else its absolute path. */
function real(p: string): string { try { return realpathSync(p); } catch { return resolve(p); } }

/** True when `p` is `root` or below it. */
function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The folders a test file may name files in: its own folder, and each pack folder given (a
 * directory among `paths`) that holds it. Anything else (`../../etc/passwd`, a link out) is not read.
 */
export function packRootsOf(file: string, paths: readonly string[] = []): string[] {
  const f = real(file);
  const roots = [dirname(f)];
  for (const p of paths) {
    let dir: boolean;
    try { dir = statSync(p).isDirectory(); } catch { continue; }
    if (dir && inside(real(p), f)) roots.push(real(p));
  }
  return roots;
}

/**
 * Parses a test file into cases; problems carry file:line:col. A file the test names (`rule:`)
 * must lie inside `roots` (default: the test file's folder; see packRootsOf), else it is a TEST030
 * problem and the file is not read.
 */
export function parseTestFile(file: string, text: string, display = file, roots: readonly string[] = packRootsOf(file)): { ruleFile: string; cases: TestCase[]; problems: Problem[] } {
  const src = new YamlSource(display, text);
  const problems: Problem[] = src.problems.map((p) => ({ ...p, code: 'TEST001' }));
  const err = (path: (string | number)[], code: string, message: string): void => {
    const p = src.pos(path);
    problems.push({ file: display, line: p.line, col: p.col, severity: 'error', code, message });
  };
  const defaultRule = join(dirname(file), basename(file).replace(/\.tests\.(ya?ml)$/i, '.$1'));
  const out = { ruleFile: defaultRule, cases: [] as TestCase[], problems };
  if (problems.length) return out;
  const root = src.value;
  if (!isObj(root)) { err([], 'TEST002', 'a test file is a mapping with `cases:`'); return out; }
  if (typeof root.rule === 'string') out.ruleFile = join(dirname(file), root.rule);
  else if (root.rule !== undefined) err(['rule'], 'TEST002', '`rule:` is the rule file name');
  if (typeof root.rule === 'string' && !roots.some((r) => inside(r, real(out.ruleFile)))) {
    err(['rule'], 'TEST030', `rule file '${root.rule}' is outside the pack folder (${roots[roots.length - 1]}): not read`);
    out.ruleFile = '';
    return out;
  }
  if (!existsSync(out.ruleFile)) {
    const yml = out.ruleFile.replace(/\.yaml$/i, '.yml');
    if (root.rule === undefined && existsSync(yml)) out.ruleFile = yml;
    else err(root.rule !== undefined ? ['rule'] : [], 'TEST003', `rule file not found: ${basename(out.ruleFile)}`);
  }
  if (!Array.isArray(root.cases) || root.cases.length === 0) { err(root.cases === undefined ? [] : ['cases'], 'TEST002', '`cases:` must be a non-empty list'); return out; }
  const names = new Set<string>();
  root.cases.forEach((c, ci) => {
    const P = ['cases', ci];
    const before = problems.length;
    if (!isObj(c)) { err(P, 'TEST004', 'a case is a mapping (name, now|from/to, tables, expect)'); return; }
    for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) { const p = src.keyPos([...P, k]); problems.push({ file: display, line: p.line, col: p.col, severity: 'error', code: 'TEST005', message: `unknown case field '${k}' (${[...CASE_KEYS].join(', ')})` }); }
    const name = typeof c.name === 'string' && c.name.trim() ? c.name.trim() : '';
    if (!name) err(P, 'TEST006', 'a case needs a `name`');
    else if (names.has(name)) err([...P, 'name'], 'TEST006', `duplicate case name '${name}'`);
    names.add(name);
    const kind = typeof c.kind === 'string' ? c.kind : '';
    if (kind && kind !== 'true-positive' && kind !== 'true-negative') err([...P, 'kind'], 'TEST007', `kind is true-positive or true-negative`);

    const absTime = (k: 'now' | 'from' | 'to'): number | undefined => {
      const v = c[k];
      if (v === undefined) return undefined;
      const t = typeof v === 'string' ? parseIsoDatetime(v) : null;
      if (t === null) { err([...P, k], 'TEST008', `'${k}' must be an ISO 8601 time`); return undefined; }
      return t;
    };
    const now = absTime('now'), from = absTime('from'), to = absTime('to');
    if (now !== undefined && (from !== undefined || to !== undefined)) err([...P, 'now'], 'TEST009', 'give either `now` or `from`/`to`, not both');
    if ((from === undefined) !== (to === undefined)) err([...P, from === undefined ? 'to' : 'from'], 'TEST009', '`from` and `to` go together');
    if (from !== undefined && to !== undefined && to <= from) err([...P, 'to'], 'TEST009', '`to` must be after `from`');

    // Rows: relative times count from `now` (or `to`); without either, from the latest absolute time + 1 minute.
    const base = now ?? to;
    const tables = new Map<string, Table>();
    let latest = -Infinity;
    const pending: { name: string; schema: ColumnSchema[]; rows: Record<string, Value>[] }[] = [];
    const relRows: { row: Record<string, Value>; col: string; offset: number }[] = [];
    if (c.tables !== undefined && !isObj(c.tables)) err([...P, 'tables'], 'TEST010', '`tables:` maps table names to lists of rows');
    if (isObj(c.tables)) for (const [tname, rowsRaw] of Object.entries(c.tables)) {
      const TP = [...P, 'tables', tname];
      if (!Array.isArray(rowsRaw)) { err(TP, 'TEST010', `rows of ${tname} must be a list`); continue; }
      let schema: ColumnSchema[] | undefined = BUILTIN_TABLES.get(tname)?.columns.slice();
      if (!schema) {
        // A table cloudhop does not know: columns and types from the rows.
        const cols = new Map<string, unknown[]>();
        for (const r of rowsRaw) if (isObj(r)) for (const [k, v] of Object.entries(r)) { if (!cols.has(k)) cols.set(k, []); cols.get(k)!.push(v); }
        schema = [...cols].map(([n, vs]) => ({ name: n, type: vs.every((v) => typeof v === 'string' && /^now([+-]|$)/.test(v)) ? 'datetime' : inferType(vs, false) }));
      }
      const byName = new Map(schema.map((s) => [s.name, s]));
      const rows: Record<string, Value>[] = [];
      rowsRaw.forEach((r, ri) => {
        const RP = [...TP, ri];
        if (!isObj(r)) { err(RP, 'TEST011', 'a row is a mapping Column: value'); return; }
        const row: Record<string, Value> = {};
        for (const [k, v] of Object.entries(r)) {
          const col = byName.get(k);
          if (!col) { const p = src.keyPos([...RP, k]); problems.push({ file: display, line: p.line, col: p.col, severity: 'error', code: 'TEST012', message: `${tname} has no column '${k}'` }); continue; }
          if (col.type === 'datetime' && typeof v === 'string' && /^now([+-]|$)/i.test(v.trim())) {
            const m = /^now(?:([+-])\s*(.+))?$/i.exec(v.trim());
            const off = m?.[2] !== undefined ? parseDuration(m[2]) : 0;
            if (off === undefined || !m) { err([...RP, k], 'TEST013', `bad relative time '${v}' (now, now-15m, now+1h)`); continue; }
            relRows.push({ row, col: k, offset: m[1] === '-' ? -off : off });
            continue;
          }
          const x = coerce(col.type, col.type === 'dynamic' || col.type === 'string' ? v : typeof v === 'number' && col.type === 'datetime' ? String(v) : v);
          if (x === BAD) { err([...RP, k], 'TEST013', `${tname}.${k}: ${JSON.stringify(v)} is not a ${col.type}`); continue; }
          row[k] = x;
          if (col.type === 'datetime' && typeof x === 'number' && x > latest) latest = x;
        }
        rows.push(row);
      });
      pending.push({ name: tname, schema, rows });
    }
    const runAt = now ?? (from === undefined ? (base ?? (Number.isFinite(latest) ? latest + MINUTE : undefined)) : undefined);
    const relBase = base ?? runAt;
    if (relRows.length && relBase === undefined) err(P, 'TEST014', 'relative times (now-…) need `now`, `to`, or an absolute time in some row');
    for (const r of relRows) if (relBase !== undefined) r.row[r.col] = relBase + r.offset;
    for (const p of pending) tables.set(p.name, tableFromRows(p.name, p.schema, p.rows));

    const watchlists = new Map<string, Watchlist>();
    if (c.watchlists !== undefined) {
      if (!isObj(c.watchlists)) err([...P, 'watchlists'], 'TEST015', '`watchlists:` maps aliases to {searchKey, rows}');
      else for (const [alias, w] of Object.entries(c.watchlists)) {
        const WP = [...P, 'watchlists', alias];
        const rowsRaw = isObj(w) ? w.rows : w;
        if (!Array.isArray(rowsRaw) || !rowsRaw.every(isObj)) { err(WP, 'TEST015', `watchlist ${alias}: rows must be a list of mappings`); continue; }
        const cols: string[] = [];
        for (const r of rowsRaw as Obj[]) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
        const sk = isObj(w) && typeof w.searchKey === 'string' ? w.searchKey : undefined;
        if (sk && !cols.includes(sk) && rowsRaw.length) err([...WP, 'searchKey'], 'TEST015', `searchKey '${sk}' is not a column of the rows`);
        watchlists.set(alias.toLowerCase(), watchlistFromRows(alias, cols.length ? cols : sk ? [sk] : [], rowsRaw as Obj[], sk));
      }
    }

    const expect = parseExpect(c.expect, [...P, 'expect'], err, src, problems);
    if (problems.length > before || !expect) return;
    out.cases.push({ name, kind: kind || (expect.alerts > 0 ? 'true-positive' : 'true-negative'), line: src.pos(P).line, now: runAt, from, to, tables, watchlists, expect });
  });
  return out;
}

function parseExpect(e: unknown, P: (string | number)[], err: (p: (string | number)[], code: string, m: string) => void, src: YamlSource, problems: Problem[]): Expect | undefined {
  if (!isObj(e)) { err(P, 'TEST020', 'a case needs `expect:` with at least `alerts: N`'); return undefined; }
  let ok = true;
  for (const k of Object.keys(e)) if (!EXPECT_KEYS.has(k)) {
    const at = src.keyPos([...P, k]);
    problems.push({ file: src.file, line: at.line, col: at.col, severity: 'error', code: 'TEST021', message: `unknown expect field '${k}' (${[...EXPECT_KEYS].join(', ')})` });
    ok = false;
  }
  if (typeof e.alerts !== 'number' || !Number.isInteger(e.alerts) || e.alerts < 0) { err(e.alerts === undefined ? P : [...P, 'alerts'], 'TEST022', '`expect.alerts` is the exact number of alerts (0 or more)'); ok = false; }
  if (e.incidents !== undefined && (typeof e.incidents !== 'number' || !Number.isInteger(e.incidents))) { err([...P, 'incidents'], 'TEST022', '`expect.incidents` is a number'); ok = false; }
  const one = (x: unknown, path: (string | number)[]): ExpectAlert | undefined => {
    if (!isObj(x)) { err(path, 'TEST023', 'an alert expectation is a mapping'); return undefined; }
    const a: ExpectAlert = {};
    if (x.severity !== undefined) a.severity = String(x.severity);
    if (x.title !== undefined) a.title = String(x.title);
    if (x.description !== undefined) a.description = String(x.description);
    if (x.tactics !== undefined) { if (Array.isArray(x.tactics)) a.tactics = x.tactics.map(String); else { err([...path, 'tactics'], 'TEST023', '`tactics` is a list'); return undefined; } }
    if (x.entities !== undefined) {
      if (!Array.isArray(x.entities) || !x.entities.every((en) => isObj(en) && typeof en.type === 'string')) { err([...path, 'entities'], 'TEST024', '`entities` is a list of {type, identifier: value}'); return undefined; }
      a.entities = x.entities as Obj[];
    }
    if (x.customDetails !== undefined) { if (!isObj(x.customDetails)) { err([...path, 'customDetails'], 'TEST023', '`customDetails` is a mapping'); return undefined; } a.customDetails = x.customDetails; }
    return a;
  };
  const base = one(Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'alerts' && k !== 'incidents' && k !== 'matches')), P);
  let matches: ExpectAlert[] | undefined;
  if (e.matches !== undefined) {
    if (!Array.isArray(e.matches)) { err([...P, 'matches'], 'TEST023', '`matches` is a list'); ok = false; }
    else matches = e.matches.map((m, i) => one(m, [...P, 'matches', i])).filter((m): m is ExpectAlert => !!m);
  }
  if (!ok || !base) return undefined;
  return { ...base, alerts: e.alerts as number, incidents: e.incidents as number | undefined, matches };
}

const ci = (a: unknown, b: unknown): boolean => textOf(a).toLowerCase() === textOf(b).toLowerCase();

function entityMatches(want: Obj, got: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(want)) if (!ci(got[k], v)) return false;
  return true;
}

function detailMatches(want: unknown, got: unknown): boolean {
  if (Array.isArray(got)) return Array.isArray(want) ? want.length === got.length && want.every((w, i) => detailMatches(w, got[i])) : got.some((g) => textOf(g) === textOf(want));
  return textOf(got) === textOf(want);
}

/** Why alert `a` does not meet `e` (empty: it does). */
function alertMisses(e: ExpectAlert, a: Alert): string[] {
  const out: string[] = [];
  if (e.severity !== undefined && !ci(e.severity, a.severity)) out.push(`severity ${a.severity}, expected ${e.severity}`);
  if (e.title !== undefined && e.title !== a.title) out.push(`title "${a.title}", expected "${e.title}"`);
  if (e.description !== undefined && !a.description.includes(e.description)) out.push(`description does not contain "${e.description}"`);
  if (e.tactics !== undefined) for (const t of e.tactics) if (!a.tactics.includes(t)) out.push(`no tactic ${t}`);
  for (const en of e.entities ?? []) if (!a.entities.some((x) => entityMatches(en, x))) out.push(`no entity ${JSON.stringify(en)}`);
  for (const [k, v] of Object.entries(e.customDetails ?? {})) if (!detailMatches(v, a.customDetails[k])) out.push(`customDetails.${k} = ${JSON.stringify(a.customDetails[k] ?? null)}, expected ${JSON.stringify(v)}`);
  return out;
}

function assign(wants: ExpectAlert[], alerts: Alert[], used: Set<number>, i: number): boolean {
  if (i === wants.length) return true;
  for (let j = 0; j < alerts.length; j++) {
    if (used.has(j) || alertMisses(wants[i]!, alerts[j]!).length) continue;
    used.add(j);
    if (assign(wants, alerts, used, i + 1)) return true;
    used.delete(j);
  }
  return false;
}

/** Checks a case's outcome against its expectations. */
export function judge(e: Expect, alerts: Alert[], incidents: number): string[] {
  const f: string[] = [];
  if (alerts.length !== e.alerts) f.push(`${alerts.length} alert(s), expected ${e.alerts}`);
  if (e.incidents !== undefined && incidents !== e.incidents) f.push(`${incidents} incident(s), expected ${e.incidents}`);
  if (e.severity !== undefined) for (const a of alerts) if (!ci(a.severity, e.severity)) { f.push(`an alert has severity ${a.severity}, expected ${e.severity}`); break; }
  for (const en of e.entities ?? []) if (!alerts.some((a) => a.entities.some((x) => entityMatches(en, x)))) f.push(`no alert has entity ${JSON.stringify(en)}${alerts.length ? ` (got ${JSON.stringify(alerts.flatMap((a) => a.entities).slice(0, 4))})` : ''}`);
  if (e.customDetails && !alerts.some((a) => Object.entries(e.customDetails!).every(([k, v]) => detailMatches(v, a.customDetails[k])))) {
    f.push(`no alert has customDetails ${JSON.stringify(e.customDetails)}${alerts.length ? ` (got ${JSON.stringify(alerts[0]!.customDetails)})` : ''}`);
  }
  if (e.title !== undefined && !alerts.some((a) => a.title === e.title)) f.push(`no alert titled "${e.title}"${alerts.length ? ` (got "${alerts[0]!.title}")` : ''}`);
  if (e.description !== undefined && !alerts.some((a) => a.description.includes(e.description!))) f.push(`no alert description contains "${e.description}"`);
  if (e.tactics) for (const t of e.tactics) if (!alerts.some((a) => a.tactics.includes(t))) f.push(`no alert has tactic ${t}`);
  if (e.matches?.length && !assign(e.matches, alerts, new Set(), 0)) {
    let told = false;
    for (const m of e.matches) {
      const best = alerts.map((a) => alertMisses(m, a)).sort((x, y) => x.length - y.length)[0];
      if (best?.length !== 0) { f.push(`no alert matches ${JSON.stringify(m)}${best ? `: ${best.join('; ')}` : ''}`); told = true; }
    }
    if (!told) f.push('the expected alerts in `matches` cannot each match a distinct alert');
  }
  return f;
}

/**
 * A hunting query under test runs once like a rule: every row before the run time is visible, the
 * hunting time-range parameters {{StartTimeISO}}/{{EndTimeISO}} are the 24 hours before it, and each
 * result row is one "alert" (so `expect.alerts` counts result rows, up to 150).
 */
export function huntingAsRule(rule: Rule, now: number): Rule {
  const start = formatDatetime(now - DAY), end = formatDatetime(now);
  return {
    ...rule, kind: 'Scheduled', enabled: true, queryFrequency: DAY, queryPeriod: 3650 * DAY, triggerOperator: 'gt', triggerThreshold: 0,
    aggregationKind: 'AlertPerResult', suppressionEnabled: false,
    query: rule.query.replace(/\{\{\s*StartTimeISO\s*\}\}/g, start).replace(/\{\{\s*EndTimeISO\s*\}\}/g, end),
  };
}

/** Runs every test file under the given folders/files (docs/rules-format.md §5). */
export async function runRuleTests(paths: readonly string[], engine?: Engine, cwd = process.cwd()): Promise<TestRunResult> {
  const pack = loadPack(paths, cwd);
  const problems: Problem[] = [];
  const packWatchlists = new Map<string, Watchlist>();
  for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, problems)) packWatchlists.set(k, v);
  const cases: CaseResult[] = [];
  const ruleCache = new Map<string, Rule | undefined>();
  for (const tf of pack.testFiles) {
    const display = relative(cwd, tf).startsWith('..') ? tf : relative(cwd, tf);
    let text: string;
    try { text = readFileSync(tf, 'utf8'); } catch (e) { problems.push({ file: display, line: 1, col: 1, severity: 'error', code: 'TEST000', message: (e as Error).message }); continue; }
    const parsed = parseTestFile(tf, text, display, packRootsOf(tf, paths));
    problems.push(...parsed.problems);
    if (!existsSync(parsed.ruleFile)) continue;
    let rule = ruleCache.get(parsed.ruleFile);
    if (!ruleCache.has(parsed.ruleFile)) {
      const rd = relative(cwd, parsed.ruleFile).startsWith('..') ? parsed.ruleFile : relative(cwd, parsed.ruleFile);
      const r = loadRuleFile(parsed.ruleFile, rd);
      // The rule sees its pack's stored functions (those of the folders given, else the ones beside it).
      let functions = pack.functions;
      if (!functions.length && existsSync(join(dirname(parsed.ruleFile), 'functions'))) functions = loadFunctionDir(join(dirname(parsed.ruleFile), 'functions'), problems, undefined, cwd);
      rule = r.rule && functions.length ? { ...r.rule, functions } : r.rule;
      ruleCache.set(parsed.ruleFile, rule);
      if (!rule) problems.push({ file: display, line: 1, col: 1, severity: 'error', code: 'TEST003', message: `its rule ${rd} does not load (run lint-rules)` });
    }
    if (!rule) continue;
    for (const c of parsed.cases) {
      let failures: string[];
      let actual = 0;
      try {
        const runnable = rule.kind === 'Hunting' ? huntingAsRule(rule, c.now ?? c.to ?? 0) : { ...rule, enabled: true };
        const out = await runDetections({
          tables: c.tables, rules: [runnable], engine,
          watchlists: watchlistProvider(packWatchlists, c.watchlists),
          ...(c.from !== undefined ? { from: c.from, to: c.to } : { now: c.now ?? 0 }),
        });
        actual = out.alerts.length;
        failures = judge(c.expect, out.alerts, out.incidents.length);
        const errs = out.perRuleStats.flatMap((s) => s.errors);
        if (errs.length) failures.unshift(`query error: ${errs[0]}`);
      } catch (e) {
        failures = [`runtime failure: ${(e as Error).message}`];
      }
      cases.push({ file: display, line: c.line, rule: rule.name, ruleFile: rule.file, name: c.name, kind: c.kind, pass: failures.length === 0, expectedAlerts: c.expect.alerts, actualAlerts: actual, failures });
    }
  }
  return { cases, problems, files: pack.testFiles.length };
}
