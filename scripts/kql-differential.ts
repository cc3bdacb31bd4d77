/**
 * Differential test of cloudhop's KQL front end against Microsoft's parser
 * (@kusto/language-service-next, a devDependency) over the documentation corpus in ../shared.
 *
 *   node --import tsx scripts/kql-differential.ts [--shared DIR] [--limit N] [--no-write] [--no-schema] [--mutations N]
 *
 * --mutations N also compares verdicts on N mutated corpus queries (mostly invalid ones: the
 * documentation corpus alone says little about rejecting bad input).
 * Prints: syntax agreement (accept/reject verdicts) and, with --schema (default on), output-schema
 * agreement on self-contained queries Microsoft's analyzer accepts. Writes the disagreements to
 * docs/conformance/syntax-disagreements.txt (and schema-disagreements.txt) unless --no-write.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from '../src/kql/syntax/parser.js';
import { check } from '../src/kql/check.js';
import { mutate, rng } from '../test/fuzz/mutate.js';
import type { ColumnSchema } from '../src/kql/data/types.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface CorpusQuery { readonly source: string; readonly query: string; readonly columns?: readonly string[] }

export function loadCorpus(shared: string): CorpusQuery[] {
  const out: CorpusQuery[] = [];
  for (const f of ['docs-queries.jsonl', 'docs-examples.jsonl']) {
    const p = join(shared, 'conformance', f);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as CorpusQuery;
      out.push({ source: o.source, query: o.query, columns: o.columns });
    }
  }
  return out;
}

// ── Microsoft's parser (Bridge.NET build: sets globals) ──
interface MsDiag { Message: string; Start: number; Code: string; Severity: string }
interface MsList<T> { Count: number; getItem(i: number): T }
interface MsColumn { Name: string; Type: { Name: string } }
interface MsCode {
  GetDiagnostics(): MsList<MsDiag>;
  ResultType: { Columns?: MsList<MsColumn> } | null;
}
interface MsKusto { KustoCode: { Parse(text: string): MsCode; ParseAndAnalyze(text: string): MsCode } }

export function loadMicrosoft(): MsKusto {
  const require = createRequire(import.meta.url);
  const base = join(ROOT, 'node_modules', '@kusto', 'language-service-next');
  require(join(base, 'bridge.js'));
  require(join(base, 'Kusto.Language.Bridge.js'));
  return (globalThis as unknown as { Kusto: { Language: MsKusto } }).Kusto.Language;
}

function msErrors(list: MsList<MsDiag>): MsDiag[] {
  const out: MsDiag[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    if (String(d.Severity).toLowerCase() === 'error') out.push(d);
  }
  return out;
}

/** Kusto type names as Microsoft's analyzer prints them → ours. */
const MS_TYPES: Record<string, string> = {
  bool: 'bool', int: 'int', long: 'long', real: 'real', decimal: 'decimal', string: 'string',
  datetime: 'datetime', timespan: 'timespan', guid: 'guid', dynamic: 'dynamic',
  // The analyzer's "unknown" (it cannot tell) is what cloudhop reports as dynamic.
  unknown: 'dynamic',
};

function main(): void {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string' }, limit: { type: 'string' }, 'no-write': { type: 'boolean' },
      'no-schema': { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, mutations: { type: 'string' },
    },
  });
  const shared = values.shared ?? process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
  if (!existsSync(join(shared, 'conformance'))) {
    console.log(`skipped: ${shared}/conformance is absent`);
    return;
  }
  let corpus = loadCorpus(shared);
  if (values.limit) corpus = corpus.slice(0, Number(values.limit));
  const ms = loadMicrosoft();

  // ── syntax verdicts ──
  let agree = 0;
  const dis: string[] = [];
  for (const q of corpus) {
    const ours = parse(q.query).diagnostics.filter((d) => d.severity === 'error');
    const theirs = msErrors(ms.KustoCode.Parse(q.query).GetDiagnostics());
    const weOk = ours.length === 0, theyOk = theirs.length === 0;
    if (weOk === theyOk) { agree++; continue; }
    const detail = weOk
      ? `microsoft rejects: ${theirs[0]!.Code} ${theirs[0]!.Message} @${theirs[0]!.Start}`
      : `cloudhop rejects: ${ours[0]!.code} ${ours[0]!.message} @${ours[0]!.line}:${ours[0]!.col}`;
    dis.push(`## ${q.source}\n${detail}\n${q.query.split('\n').map((l) => '    ' + l).join('\n')}\n`);
  }
  const pct = (100 * agree) / corpus.length;
  console.log(`syntax: ${agree}/${corpus.length} verdicts agree = ${pct.toFixed(2)}% (goal >= 99%)`);
  if (!values['no-write']) {
    writeFileSync(join(ROOT, 'docs', 'conformance', 'syntax-disagreements.txt'),
      `# Syntax verdict disagreements with Microsoft's parser (scripts/kql-differential.ts)\n# ${agree}/${corpus.length} agree (${pct.toFixed(2)}%)\n\n` + dis.join('\n'));
  }
  if (values.verbose) console.log(dis.join('\n'));

  if (values.mutations) {
    const n = Number(values.mutations);
    const seeds = corpus.map((q) => q.query);
    const r = rng(20261128);
    let same = 0, lenient = 0, strict = 0;
    for (let i = 0; i < n; i++) {
      const q = mutate(seeds[Math.floor(r() * seeds.length)]!, r);
      const weOk = !parse(q).diagnostics.some((d) => d.severity === 'error');
      const theyOk = msErrors(ms.KustoCode.Parse(q).GetDiagnostics()).length === 0;
      if (weOk === theyOk) same++; else if (weOk) lenient++; else strict++;
    }
    console.log(`mutations: ${same}/${n} verdicts agree = ${((100 * same) / n).toFixed(2)}% (cloudhop accepts what Microsoft rejects: ${lenient}; the reverse: ${strict})`);
  }

  // The extended examples (not in the corpus above): our column names against the documented tables.
  const ext = join(shared, 'conformance', 'docs-examples-extended.jsonl');
  if (existsSync(ext)) {
    let n = 0, same = 0;
    for (const line of readFileSync(ext, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as CorpusQuery;
      if (!o.columns) continue;
      n++;
      const names = (check(o.query, {}).schema ?? []).map((c) => c.name).join(', ');
      if (names === o.columns.map((c) => c.replace(/`/g, '')).join(', ')) same++;
    }
    console.log(`extended examples: column names equal the documented output table on ${same}/${n} = ${((100 * same) / Math.max(1, n)).toFixed(2)}%`);
  }

  if (values['no-schema']) return;
  // ── output schemas of self-contained queries the analyzer accepts ──
  let considered = 0, same = 0, analyzed = 0, falseErrors = 0;
  const fdis: string[] = [];
  const sdis: string[] = [];
  for (const q of corpus) {
    let code: MsCode;
    try {
      code = ms.KustoCode.ParseAndAnalyze(q.query);
      if (msErrors(code.GetDiagnostics()).length) continue;
    } catch {
      continue; // the analyzer itself fails on a few graph queries
    }
    analyzed++;
    const mine = check(q.query, {});
    if (!mine.ok) {
      falseErrors++;
      fdis.push(`## ${q.source}\n${mine.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).join('\n')}\n${q.query.split('\n').map((l) => '    ' + l).join('\n')}\n`);
    }
    const cols = code.ResultType?.Columns;
    if (!cols || cols.Count === 0) continue;
    const theirs: ColumnSchema[] = [];
    for (let i = 0; i < cols.Count; i++) {
      const c = cols.getItem(i);
      theirs.push({ name: c.Name, type: (MS_TYPES[c.Type.Name] ?? c.Type.Name) as ColumnSchema['type'] });
    }
    considered++;
    const r = check(q.query, {});
    const ours = r.schema ?? [];
    const fmt = (s: readonly ColumnSchema[]): string => s.map((c) => `${c.name}:${c.type}`).join(', ');
    const docNames = q.columns?.join(', ');
    if (fmt(ours) === fmt(theirs)) { same++; continue; }
    // The documentation's own output table wins where the two disagree on names.
    if (docNames && ours.map((c) => c.name).join(', ') === docNames && theirs.map((c) => c.name).join(', ') !== docNames) { same++; continue; }
    sdis.push(`## ${q.source}\nmicrosoft: ${fmt(theirs)}\ncloudhop:  ${fmt(ours)}${r.ok ? '' : `\n  (${r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).slice(0, 2).join('; ')})`}${docNames ? `\ndocs:      ${docNames}` : ''}\n${q.query.split('\n').map((l) => '    ' + l).join('\n')}\n`);
  }
  console.log(`semantic: cloudhop reports errors on ${falseErrors}/${analyzed} queries Microsoft's analyzer accepts (${((100 * falseErrors) / Math.max(1, analyzed)).toFixed(2)}%)`);
  const spct = considered ? (100 * same) / considered : 0;
  console.log(`schema: ${same}/${considered} output schemas agree = ${spct.toFixed(2)}% (goal >= 95%)`);
  if (!values['no-write']) {
    writeFileSync(join(ROOT, 'docs', 'conformance', 'semantic-false-errors.txt'),
      `# Queries Microsoft's analyzer accepts but cloudhop check rejects (scripts/kql-differential.ts)\n# ${falseErrors}/${analyzed}\n\n` + fdis.join('\n'));
    writeFileSync(join(ROOT, 'docs', 'conformance', 'schema-disagreements.txt'),
      `# Output-schema disagreements with Microsoft's analyzer (scripts/kql-differential.ts)\n# ${same}/${considered} agree (${spct.toFixed(2)}%)\n\n` + sdis.join('\n'));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
