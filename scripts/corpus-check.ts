/**
 * Real-world KQL against `check` as shipped (every known table, no schemas passed in) and, with
 * --run, executed over a workspace where every known table exists without rows (union * sees them all).
 *   node --import tsx scripts/corpus-check.ts [--oracle] [--run] [--list CODE|run] [--corpus hunting|sentinel] [--shared DIR]
 *   node --import tsx scripts/corpus-check.ts --agree [--no-write] [--exceptions] [--shared DIR]
 * Corpora (../shared/conformance): hunting-queries.jsonl (the ones Microsoft's parser accepts,
 * syntaxOk), sentinel-rules.jsonl. Prints clean counts per corpus and the most common first errors.
 *
 * --agree: `check` against the executor (scripts/agreement.ts) over the golden cases and every
 * corpus of ../shared/conformance: per corpus the check-clean, executed and schema-equal counts,
 * then every disagreement; rewrites docs/conformance/check-execute-disagreements.txt unless --no-write.
 */
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, execute } from '../src/kql/index.js';
import { builtinCatalog, KNOWN_TABLES } from '../src/store/schemas/index.js';
import { createRequire } from 'node:module';
import { goldenCorpus, sharedCorpora, runAgreement, describe, draftReason, outcomeKey, simulatedWorkspace, isNetworkRefusal } from './agreement.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (n: string): string | undefined => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : undefined; };
const shared = opt('--shared') ?? process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
const RUN = argv.includes('--run');
const LIST = opt('--list');
if (!existsSync(join(shared, 'conformance'))) { console.error(`no ${shared}/conformance: pass --shared DIR`); process.exit(2); }
const catalog = builtinCatalog();

if (argv.includes('--agree')) {
  const lines: string[] = [];
  const drafts: [string, string][] = [];
  const table: string[] = ['| corpus | queries | check clean | executed | schema equal (open) | fuzzy leg left out | run-time (not binding) | disagreements |', '|---|---|---|---|---|---|---|---|'];
  for (const [name, qs] of [['golden-cases', goldenCorpus(ROOT)] as const, ...sharedCorpora(shared)]) {
    const s = runAgreement(name, qs);
    table.push(`| ${name} | ${s.total} | ${s.checkClean} | ${s.executed} | ${s.schemaEqual} (${s.open}) | ${s.fuzzyLeg} | ${s.runtime} | ${s.disagreements.length} |`);
    for (const o of s.disagreements) { lines.push(describe(name, o)); drafts.push([outcomeKey(name, o.id), draftReason(o)]); }
  }
  // --exceptions: print a draft of test/kql/agreement-exceptions.ts (reasons by kind; read them).
  if (argv.includes('--exceptions')) { for (const [k, r] of drafts) console.log(`  ${JSON.stringify(k)}:\n    ${JSON.stringify(r)},`); process.exit(0); }
  const text = `# check vs execute disagreements (node --import tsx scripts/corpus-check.ts --agree)\n\n${table.join('\n')}\n\n${lines.join('\n')}\n`;
  console.log(text);
  if (!argv.includes('--no-write')) writeFileSync(join(ROOT, 'docs', 'conformance', 'check-execute-disagreements.txt'), text);
  process.exit(0);
}

/**
 * --oracle: Microsoft's analyzer (@kusto/language-service-next, a devDependency) given every known
 * table's schema and Sentinel's _GetWatchlist; only the queries it accepts (no error) count.
 */
const ORACLE = argv.includes('--oracle');
let msAccepts: ((q: string) => boolean) | undefined;
if (ORACLE) {
  const PKG = join(ROOT, 'node_modules', '@kusto', 'language-service-next');
  const require = createRequire(import.meta.url);
  require(join(PKG, 'bridge.js'));
  require(join(PKG, 'Kusto.Language.Bridge.js'));
  const K = (globalThis as any).Kusto;
  const S = K.Language.Symbols;
  const members: unknown[] = [];
  for (const [name, schema] of KNOWN_TABLES) members.push(S.TableSymbol.From(`(${schema.columns.map((c) => `['${c.name}']:${c.type}`).join(', ')})`).WithName(name));
  members.push(new S.FunctionSymbol.$ctor16('_GetWatchlist', '(watchlistAlias:string)',
    '{ datatable(SearchKey:string, WatchlistItem:dynamic, _DTItemId:string, LastUpdatedTimeUTC:datetime)[] }', 'Sentinel watchlist'));
  const db = new S.DatabaseSymbol.ctor('sentinel', members);
  const globals = K.Language.GlobalState.Default.WithCluster(new S.ClusterSymbol.ctor('cloudhop', [db])).WithDatabase(db);
  // Verdicts are cached by query hash in the OS temp folder (the analyzer takes minutes for the corpora).
  const cacheFile = join(tmpdir(), 'cloudhop-corpus-oracle.json');
  const cache: Record<string, boolean> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, boolean> : {};
  process.on('exit', () => { writeFileSync(cacheFile, JSON.stringify(cache)); });
  const analyse = (q: string): boolean => {
    const diags = K.Language.KustoCode.ParseAndAnalyze(q, globals).GetDiagnostics();
    for (let i = 0; i < diags.Count; i++) if (diags.getItem(i).Severity === 'Error') return false;
    return true;
  };
  msAccepts = (q: string): boolean => {
    const k = createHash('sha1').update(`${KNOWN_TABLES.size}\u0000${q}`).digest('hex');
    return (cache[k] ??= analyse(q));
  };
}
const jsonl = (f: string): Record<string, unknown>[] => readFileSync(join(shared, 'conformance', f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
let corpora: [string, { id: string; query: string }[]][] = [
  ['hunting-queries (parser-accepted)', jsonl('hunting-queries.jsonl').filter((r) => r.syntaxOk === true).map((r) => ({ id: `${String(r.repo)}:${String(r.path)}#${String(r.block)}`, query: String(r.query) }))],
  ['sentinel-rules', jsonl('sentinel-rules.jsonl').map((r) => ({ id: String(r.source_path), query: String(r.query) }))],
];
const now = Date.UTC(2026, 0, 15) * 10_000;
const ONLY = opt('--corpus');
for (let [name, qs] of corpora) {
  if (ONLY && !name.startsWith(ONLY)) continue;
  if (msAccepts) { const all = qs.length; qs = qs.filter((q) => msAccepts!(q.query)); console.log(`${name}: Microsoft's analyzer (every known table) accepts ${qs.length} of ${all}`); }
  let clean = 0, ran = 0, runFail = 0, slow = 0, network = 0;
  const first = new Map<string, number>();
  const runErr = new Map<string, number>();
  for (const q of qs) {
    const r = check(q.query, { catalog });
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (!err) clean++;
    else {
      const key = `${err.code}: ${err.message.replace(/'[^']*'/g, "'…'").slice(0, 90)}`;
      first.set(key, (first.get(key) ?? 0) + 1);
      if (LIST && err.code === LIST) console.log(`${q.id}: ${err.message}`);
      continue;
    }
    if (!RUN) continue;
    const t0 = performance.now();
    const x = execute(q.query, { tables: simulatedWorkspace(), knownTables: KNOWN_TABLES, now, timeoutMs: 10_000 });
    const ms = performance.now() - t0;
    ran++;
    if (ms > 2000) { slow++; console.log(`slow ${ms.toFixed(0)} ms: ${q.id}`); }
    if (!x.ok) {
      runFail++;
      const e = x.diagnostics.find((d) => d.severity === 'error')!;
      if (isNetworkRefusal(e)) network++;
      const key = `${e.code}: ${e.message.replace(/'[^']*'/g, "'…'").slice(0, 90)}`;
      runErr.set(key, (runErr.get(key) ?? 0) + 1);
      if (LIST === 'run') console.log(`${q.id}: ${e.code} ${e.message}`);
    }
  }
  console.log(`\n${name}: ${qs.length} queries, check clean ${clean} (${(100 * clean / qs.length).toFixed(1)} %)`);
  for (const [k, n] of [...first].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(n).padStart(4)}  ${k}`);
  if (RUN) {
    console.log(`  executed over empty known tables: ${ran - runFail}/${ran} ok (${(100 * (ran - runFail) / Math.max(1, ran)).toFixed(1)} %), ${slow} over 2 s`);
    console.log(`  without externaldata over http(s) (${network}, refused: no network): ${ran - runFail}/${ran - network} ok (${(100 * (ran - runFail) / Math.max(1, ran - network)).toFixed(1)} %)`);
    for (const [k, n] of [...runErr].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(n).padStart(4)}  ${k}`);
  }
}
