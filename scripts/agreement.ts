/**
 * `check` and the executor agree (issue 14 acceptance 1): for each query, where `check` is clean,
 * the executor must not fail with a binding error, and the executed columns (names and types, in
 * order) must equal `check`'s output schema.
 *
 * Corpora: the golden cases (test/kql/cases/**, run over their own tables) and every query of
 * ../shared/conformance (docs examples, docs queries, hunting queries, Sentinel rules), run over a
 * simulated workspace where every table the engine knows exists without rows (simulatedWorkspace). Used by `scripts/corpus-check.ts --agree` and
 * test/kql/agreement.test.ts.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { check, execute } from '../src/kql/index.js';
import type { Catalog, Diagnostic } from '../src/kql/api.js';
import type { TableSchema } from '../src/kql/data/types.js';
import { builtinCatalog, KNOWN_TABLES } from '../src/store/schemas/index.js';
import { listCases, buildTables, type GoldenCase } from '../test/kql/golden.js';
import { parseIsoDatetime } from '../src/kql/data/convert.js';
import { schemaOf, tableFromRows, type Table } from '../src/kql/data/column.js';

export interface AgreementQuery {
  readonly id: string;
  readonly query: string;
  /** Golden cases bring their own tables (and watchlists) and a fixed now. */
  readonly golden?: GoldenCase;
}

/** How one query came out. */
export type Verdict =
  /** `check` reports an error: nothing to compare. */
  | { readonly kind: 'check-error'; readonly code: string }
  /** Both succeed and the schemas are equal. */
  | { readonly kind: 'agree' }
  /** `check` knows only part of the columns (an open result, see CheckResult.open); those agree. */
  | { readonly kind: 'agree-open' }
  /**
   * A `union isfuzzy=true` leg that `check` resolved failed on the empty workspace (a column that
   * only data brings, e.g. after bag_unpack) and was left out with a warning: not compared.
   */
  | { readonly kind: 'fuzzy-leg' }
  /** `check` is clean, execution ran, the columns differ. */
  | { readonly kind: 'schema'; readonly check: string; readonly exec: string }
  /** `check` is clean, execution fails with a code that `check` should have reported. */
  | { readonly kind: 'binding'; readonly code: string; readonly message: string }
  /** `check` is clean, execution fails at run time for a reason outside binding (limits, data, network). */
  | { readonly kind: 'runtime'; readonly code: string; readonly message: string };

export interface Outcome { readonly id: string; readonly verdict: Verdict }

/** Run-time failures that are not disagreements: limits, damaged storage, data-dependent errors. */
const RUNTIME_CODES = new Set(['KQL502', 'KQL503', 'KQL504', 'KQL505']);

/**
 * `externaldata` over http(s): Kusto's analyzer accepts it and so does `check`; the executor has no
 * network access by design. Counted apart (issue 15 acceptance 2 excludes it).
 */
export function isNetworkRefusal(d: Diagnostic): boolean {
  return d.code === 'KQL501' && /externaldata|http/i.test(d.message) && /network|http/i.test(d.message);
}

const schemaText = (cols: readonly { name: string; type: string }[]): string => cols.map((c) => `${c.name}:${c.type}`).join(', ');

function inOrder(known: readonly { name: string; type: string }[], got: readonly { name: string; type: string }[]): boolean {
  let j = 0;
  for (const k of known) {
    while (j < got.length && got[j]!.name !== k.name) j++;
    if (j === got.length || got[j]!.type !== k.type) return false;
  }
  return true;
}

let workspace: Map<string, Table> | undefined;
/**
 * The simulated workspace: every table the engine knows, without rows, so `union *`, `search` and
 * `find` see them all (ExecuteOptions.knownTables alone resolves a name but lists no table).
 */
export function simulatedWorkspace(): Map<string, Table> {
  return workspace ??= new Map([...KNOWN_TABLES].map(([n, s]) => [n, tableFromRows(n, s.columns, [])]));
}

const NOW = Date.UTC(2026, 0, 15) * 10_000;

/** Checks then runs one query and compares. Never throws (an exception becomes a 'binding' KQL599 verdict). */
export function agreeOne(q: AgreementQuery): Verdict {
  const g = q.golden;
  const own = g ? buildTables(g) : new Map();
  const catalog: Catalog = g ? builtinCatalog([...own.values()].map((t): TableSchema => ({ name: t.name, columns: schemaOf(t) }))) : builtinCatalog();
  const c = check(q.query, { catalog });
  const err = c.diagnostics.find((d) => d.severity === 'error');
  if (err) return { kind: 'check-error', code: err.code };
  let x;
  try {
    const wl = g ? buildTables(g, 'watchlists') : new Map();
    const now = g?.now ? parseIsoDatetime(g.now) ?? NOW : g ? parseIsoDatetime('2024-06-01T00:00:00Z')! : NOW;
    // A golden case's tables beside the known ones, as check's catalog has them.
    const tables = g ? new Map([...simulatedWorkspace(), ...own]) : simulatedWorkspace();
    x = execute(q.query, { tables, knownTables: KNOWN_TABLES, watchlists: (a) => wl.get(a), now, timeoutMs: 20_000 });
  } catch (e) {
    return { kind: 'binding', code: 'crash', message: String((e as Error)?.stack ?? e) };
  }
  if (!x.ok) {
    const e = x.diagnostics.find((d) => d.severity === 'error') ?? x.diagnostics[0]!;
    if (RUNTIME_CODES.has(e.code) || isNetworkRefusal(e)) return { kind: 'runtime', code: e.code, message: e.message };
    return { kind: 'binding', code: e.code, message: e.message };
  }
  const want = schemaText(c.schema ?? []);
  const have = schemaText(x.result.columns);
  if (want === have) return { kind: 'agree' };
  // An open result (bag_unpack, pivot…): the columns check knows appear, with their types, in order.
  if (c.open && inOrder(c.schema ?? [], x.result.columns)) return { kind: 'agree-open' };
  if (x.result.warnings.some((w) => w.startsWith('union isfuzzy=true: a leg was left out'))) return { kind: 'fuzzy-leg' };
  return { kind: 'schema', check: want, exec: have };
}

const jsonl = (f: string): Record<string, unknown>[] =>
  readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);

/** Unique ids: a repeated source gets `#2`, `#3`…. */
function uniq(qs: AgreementQuery[]): AgreementQuery[] {
  const seen = new Map<string, number>();
  return qs.map((q) => {
    const n = (seen.get(q.id) ?? 0) + 1;
    seen.set(q.id, n);
    return n === 1 ? q : { ...q, id: `${q.id}#${n}` };
  });
}

/** The golden cases of test/kql/cases (ids relative to that folder). */
export function goldenCorpus(root: string): AgreementQuery[] {
  const dir = join(root, 'test', 'kql', 'cases');
  return listCases(dir).map((f) => {
    const golden = parseYaml(readFileSync(f, 'utf8')) as GoldenCase;
    return { id: relative(dir, f), query: golden.query, golden };
  });
}

/** The corpora of ../shared/conformance, by name; empty when the folder is absent. */
export function sharedCorpora(shared: string): [string, AgreementQuery[]][] {
  const dir = join(shared, 'conformance');
  if (!existsSync(dir)) return [];
  const docs = (f: string): AgreementQuery[] => uniq(jsonl(join(dir, f)).map((r) => ({ id: String(r.source), query: String(r.query) })));
  return [
    ['docs-examples', docs('docs-examples.jsonl')],
    ['docs-examples-more', docs('docs-examples-more.jsonl')],
    ['docs-examples-extended', docs('docs-examples-extended.jsonl')],
    ['docs-examples-extended-more', docs('docs-examples-extended-more.jsonl')],
    ['docs-queries', docs('docs-queries.jsonl')],
    ['hunting-queries', uniq(jsonl(join(dir, 'hunting-queries.jsonl')).map((r) => ({ id: `${String(r.repo)}:${String(r.path)}#${String(r.block)}`, query: String(r.query) })))],
    ['sentinel-rules', uniq(jsonl(join(dir, 'sentinel-rules.jsonl')).map((r) => ({ id: String(r.source_path), query: String(r.query) })))],
  ];
}

export interface CorpusSummary {
  readonly name: string;
  readonly total: number;
  readonly checkClean: number;
  readonly executed: number;
  readonly schemaEqual: number;
  /** Of schemaEqual: open results whose known columns agree. */
  readonly open: number;
  /** Executed, not compared: a union isfuzzy leg failed on the empty workspace (Verdict 'fuzzy-leg'). */
  readonly fuzzyLeg: number;
  /** Run-time failures outside binding (externaldata over http(s), limits). */
  readonly runtime: number;
  /** Disagreements: binding failures after a clean check, and schema differences. */
  readonly disagreements: readonly Outcome[];
}

export function runAgreement(name: string, qs: readonly AgreementQuery[]): CorpusSummary {
  let checkClean = 0, executed = 0, schemaEqual = 0, open = 0, fuzzyLeg = 0, runtime = 0;
  const disagreements: Outcome[] = [];
  for (const q of qs) {
    const v = agreeOne(q);
    if (v.kind === 'check-error') continue;
    checkClean++;
    if (v.kind === 'runtime') { runtime++; continue; }
    if (v.kind === 'binding') { disagreements.push({ id: q.id, verdict: v }); continue; }
    executed++;
    if (v.kind === 'agree') schemaEqual++;
    else if (v.kind === 'agree-open') { schemaEqual++; open++; }
    else if (v.kind === 'fuzzy-leg') fuzzyLeg++;
    else disagreements.push({ id: q.id, verdict: v });
  }
  return { name, total: qs.length, checkClean, executed, schemaEqual, open, fuzzyLeg, runtime, disagreements };
}

/** One line per disagreement: `corpus | id | what differs`. */
export function describe(corpus: string, o: Outcome): string {
  const v = o.verdict;
  const what = v.kind === 'schema' ? `schema: check [${v.check}] exec [${v.exec}]`
    : v.kind === 'binding' ? `exec ${v.code}: ${v.message.split('\n')[0]}` : v.kind;
  return `${corpus} | ${o.id} | ${what}`;
}

/** Key of an outcome in the exception list: `corpus | id`. */
export const outcomeKey = (corpus: string, id: string): string => `${corpus} | ${id}`;

/**
 * A first reason for a disagreement, by kind (used by `--agree --exceptions` to draft
 * test/kql/agreement-exceptions.ts; the list is then read and corrected by hand).
 */
export function draftReason(o: Outcome): string {
  const v = o.verdict;
  if (v.kind === 'binding') {
    let m: RegExpExecArray | null;
    if ((m = /^function '([^']+)' is not implemented/.exec(v.message))) return `not implemented in the executor: ${m[1]}() (check accepts it, as Kusto's analyzer does)`;
    if ((m = /^plugin '([^']+)' is not supported/.exec(v.message))) return `not implemented in the executor: evaluate ${m[1]}`;
    if (/graph operator/.test(v.message)) return 'not implemented in the executor: graph operators (make-graph, graph-match…)';
    if (/reduce operator/.test(v.message)) return 'not implemented in the executor: reduce';
    if (v.code === 'KQL011') return 'the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return';
    if (v.code === 'KQL501' && /externaldata/.test(v.message)) return 'externaldata over a source the executor refuses';
  }
  return 'TODO';
}
