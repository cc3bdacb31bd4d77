/**
 * Term index benchmark (on demand, never in npm test):
 *   node --expose-gc --import tsx bench/term-index.ts [--rows 4000000] [--segments 30] [--runs 5] [--no-duckdb]
 *
 * Generates `rows` process events (FileName, ProcessCommandLine: the distribution of bench/engine.ts,
 * ~100k distinct command lines) cut into `segments` day segments, each with its own dictionary
 * (as a workspace segment holds them), and reports:
 *   1. the cost of building each segment's ProcessCommandLine term index (ns per row);
 *   2. index bytes vs the column data's bytes (UTF-8 dictionary + offsets + codes at the width the
 *      workspace writes), and how large row-id postings would be instead of dictionary-code postings;
 *   3. the has_any hunt of bench/engine.ts and a selective one, warm, median of `runs`, and the bytes
 *      a segmented store would read for the indexed column with and without the index:
 *      scan  = execute over all rows (today),
 *      index = per segment: term filters → candidates → candidate rows → gathered, then execute,
 *      duckdb = the same query in DuckDB in-process (2 threads), same rows;
 *      results checked equal.
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { StringColumn, type Table } from '../src/kql/data/column.js';
import { execute } from '../src/kql/execute.js';
import { parse } from '../src/kql/syntax/parser.js';
import type * as A from '../src/kql/syntax/ast.js';
import { termFiltersOf } from '../src/kql/exec/term-filters.js';
import { buildTermIndex, openTermIndex, type TermIndex } from '../src/store/term-index.js';
import { candidateRows, takeRows } from '../src/store/term-prefilter.js';
import { concatColumns } from '../src/store/concat.js';
import { termKeysOf } from '../src/kql/semantics/term-keys.js';
import { dpeRow } from '../test/store/gen-dpe.js';

const argv = process.argv.slice(2);
const arg = (name: string, d: number): number => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : d; };
const N = arg('--rows', 4_000_000);
const SEGMENTS = arg('--segments', 30);
const RUNS = arg('--runs', 5);
const gc = (globalThis as { gc?: () => void }).gc;

// ───────────── data (the distribution of bench/engine.ts) ─────────────
let seed = 7;
const rnd = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const files = ['powershell.exe', 'cmd.exe', 'az.exe', 'python.exe', 'node.exe', 'git.exe', 'curl.exe', 'svchost.exe', 'conhost.exe', 'msedge.exe'];
const cloudCmds = ['Connect-AzAccount -Tenant contoso', 'Connect-MgGraph -Scopes User.Read.All', 'az login --use-device-code', 'az account show',
  'aws sts get-caller-identity', 'aws configure list', 'gcloud auth login', 'gcloud auth print-access-token', 'Connect-ExchangeOnline -UserPrincipalName x'];
const benign = ['git pull origin main', 'python -m pip install -r requirements.txt', 'node server.js --port', 'curl -s https://intranet/health',
  'svchost.exe -k netsvcs -p', 'conhost.exe 0xffffffff -ForceV1', 'msedge.exe --type=renderer', 'cmd.exe /c dir C:\\Users',
  'powershell.exe -NoProfile Get-ChildItem', 'certutil -urlcache -f http://x/a.exe', 'bitsadmin /transfer job http://x/b'];
const commandLine = (): string => `${rnd() < 0.05 ? pick(cloudCmds) : pick(benign)} ${Math.floor(rnd() * 10_000)}`;

function stringColumn(vals: readonly string[]): StringColumn {
  const dict: string[] = []; const index = new Map<string, number>(); const codes = new Uint32Array(vals.length);
  for (let i = 0; i < vals.length; i++) { const s = vals[i]!; let k = index.get(s); if (k === undefined) { k = dict.length; dict.push(s); index.set(s, k); } codes[i] = k; }
  return new StringColumn(codes, dict);
}

/** The has_any of bench/engine.ts (its generator puts certutil and bitsadmin in 17 % of rows), and a selective hunt (~1.6 %). */
const HUNTS = [["certutil", "bitsadmin", "Invoke-WebRequest", "mimikatz"], ["Connect-AzAccount", "gcloud", "mimikatz"]];
const kql = (ts: string[]): string => `DeviceProcessEvents | where ProcessCommandLine has_any (${ts.map((t) => JSON.stringify(t)).join(', ')}) | summarize n = count() by FileName`;
const sql = (ts: string[]): string => `SELECT FileName, count(*) AS n FROM DeviceProcessEvents WHERE regexp_matches(ProcessCommandLine, '(^|[^[:alnum:]])(${ts.join('|')})($|[^[:alnum:]])', 'i') GROUP BY FileName`;

/** Bytes of a string column as the workspace writes it (Arrow Dictionary<Utf8, UintX>). */
function columnBytes(c: StringColumn): number {
  let utf8 = 0;
  for (const s of c.dict) utf8 += Buffer.byteLength(s, 'utf8');
  const width = c.dict.length <= 0xff ? 1 : c.dict.length <= 0xffff ? 2 : 4;
  return utf8 + 4 * (c.dict.length + 1) + width * c.codes.length;
}

const varintBytes = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

/** Bytes of delta-varint postings: per dictionary code (what is stored) and per row id (the alternative). */
function postingSizes(c: StringColumn): { codes: number; rows: number } {
  const byCode = new Map<string, number[]>();
  c.dict.forEach((s, code) => { for (const k of termKeysOf(s) ?? []) { const l = byCode.get(k); if (l) l.push(code); else byCode.set(k, [code]); } });
  const rowsOf: number[][] = c.dict.map(() => []);
  for (let r = 0; r < c.codes.length; r++) rowsOf[c.codes[r]!]!.push(r);
  let codes = 0, rows = 0;
  for (const list of byCode.values()) {
    let last = 0;
    for (const x of list) { codes += varintBytes(x - last); last = x; }
    const rs = list.flatMap((x) => rowsOf[x]!).sort((a, b) => a - b);
    last = 0;
    for (const x of rs) { rows += varintBytes(x - last); last = x; }
  }
  return { codes, rows };
}

const cpuNow = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const canon = (rows: readonly (readonly unknown[])[]): string => rows.map((r) => `${String(r[0])}=${Number(r[1])}`).sort().join(',');

async function main(): Promise<void> {
  console.log(`generating ${N.toLocaleString()} process events in ${SEGMENTS} segments…`);
  const per = Math.ceil(N / SEGMENTS);
  const segments: Table[] = [];
  for (let s = 0; s < SEGMENTS; s++) {
    const n = Math.min(per, N - s * per);
    const fn: string[] = new Array(n), cl: string[] = new Array(n);
    for (let i = 0; i < n; i++) { fn[i] = pick(files); cl[i] = commandLine(); }
    segments.push({ name: 'DeviceProcessEvents', rowCount: n, fields: [{ name: 'FileName', column: stringColumn(fn) }, { name: 'ProcessCommandLine', column: stringColumn(cl) }] });
  }

  // 1. build cost
  gc?.();
  const indexes: TermIndex[] = [];
  let buildMs = 0, indexBytes = 0, colBytes = 0, dictTotal = 0;
  for (const seg of segments) {
    const col = seg.fields[1]!.column as StringColumn;
    const t = cpuNow();
    const bytes = buildTermIndex(col);
    buildMs += cpuNow() - t;
    indexes.push(openTermIndex(bytes));
    indexBytes += bytes.length; colBytes += columnBytes(col); dictTotal += col.dict.length;
  }
  // The workspace tests' generator (test/store/gen-dpe.ts): 1 M command lines, few distinct values.
  const dpe: string[] = [];
  for (let i = 0; i < 1_000_000; i++) dpe.push((JSON.parse(dpeRow(i)) as { ProcessCommandLine: string }).ProcessCommandLine);
  const dpeCol = stringColumn(dpe);
  const t0 = cpuNow();
  const dpeIndex = buildTermIndex(dpeCol);
  const dpeMs = cpuNow() - t0;
  console.log(`build on gen-dpe.ts: ${dpeMs.toFixed(0)} ms CPU for 1,000,000 rows = ${((dpeMs * 1e6) / 1e6).toFixed(0)} ns/row (${dpeCol.dict.length.toLocaleString()} distinct values); index ${(dpeIndex.length / 1e3).toFixed(1)} kB vs column ${(columnBytes(dpeCol) / 1e6).toFixed(2)} MB = ${((100 * dpeIndex.length) / columnBytes(dpeCol)).toFixed(2)} %`);
  const st = indexes[0]!.stats();
  console.log(`build: ${buildMs.toFixed(0)} ms CPU for ${N.toLocaleString()} rows = ${((buildMs * 1e6) / N).toFixed(0)} ns/row (${dictTotal.toLocaleString()} distinct values in all segments)`);
  console.log(`size: index ${(indexBytes / 1e6).toFixed(2)} MB vs column data ${(colBytes / 1e6).toFixed(2)} MB = ${((100 * indexBytes) / colBytes).toFixed(1)} % (goal ≤ 35 %)`);
  const ps = postingSizes(segments[0]!.fields[1]!.column as StringColumn);
  console.log(`segment 0: ${st.dictSize.toLocaleString()} values, ${st.terms.toLocaleString()} terms, ${st.postings.toLocaleString()} postings; delta-varint postings by dictionary code ${(ps.codes / 1e3).toFixed(0)} kB vs by row id ${(ps.rows / 1e3).toFixed(0)} kB`);

  // 3. the hunts: scan vs index (vs DuckDB)
  const whole: Table = {
    name: 'DeviceProcessEvents', rowCount: N,
    fields: ['FileName', 'ProcessCommandLine'].map((name, j) => ({ name, column: concatColumns('string', segments.map((s) => s.fields[j]!.column)) })),
  };
  // One index over the whole in-memory table (one dictionary): the case without segments.
  const wholeIndex = openTermIndex(buildTermIndex(whole.fields[1]!.column as StringColumn));
  const withDuck = !argv.includes('--no-duckdb');
  const duck = withDuck ? await loadDuck(segments) : undefined;
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\nhas_any hunts over ${N.toLocaleString()} rows; cloudhop CPU ms (single-threaded: CPU = wall on an idle machine), median of ${RUNS} (Node ${process.version}, ${os.cpus().length} cores, load average ${load}):`);
  for (const hunt of HUNTS) {
    const query = kql(hunt);
    const stmt = parse(query).ast.statements[0] as A.QueryStmt;
    const where = ((stmt.expr as A.Pipe).source as A.Pipe).operator as A.WhereOp;
    const scanTimes: number[] = [], indexTimes: number[] = [];
    let scanRes = '', indexRes = '', candidates = 0;
    for (let i = 0; i < RUNS; i++) {
      gc?.();
      let t = cpuNow();
      const a = execute(query, { tables: new Map([['DeviceProcessEvents', whole]]), maxRows: 10_000_000 });
      scanTimes.push(cpuNow() - t);
      if (!a.ok) throw new Error(JSON.stringify(a.diagnostics));
      scanRes = canon(a.result.rows);
      gc?.();
      t = cpuNow();
      const filters = termFiltersOf(where.predicate);
      const parts: Table[] = [];
      for (let s = 0; s < segments.length; s++) {
        const rows = candidateRows(segments[s]!, filters, (c) => (c === 'ProcessCommandLine' ? indexes[s] : undefined));
        parts.push(rows === undefined ? segments[s]! : takeRows(segments[s]!, rows));
      }
      const narrowed: Table = {
        name: 'DeviceProcessEvents', rowCount: parts.reduce((x, p) => x + p.rowCount, 0),
        fields: ['FileName', 'ProcessCommandLine'].map((name, j) => ({ name, column: concatColumns('string', parts.map((p) => p.fields[j]!.column)) })),
      };
      const b = execute(query, { tables: new Map([['DeviceProcessEvents', narrowed]]), maxRows: 10_000_000 });
      indexTimes.push(cpuNow() - t);
      if (!b.ok) throw new Error(JSON.stringify(b.diagnostics));
      indexRes = canon(b.result.rows);
      candidates = narrowed.rowCount;
    }
    // What a segmented store would read for the indexed column: the index, the codes, and only the
    // candidate values of the dictionary (when it can decode entries alone) — vs the whole column.
    let readBytes = 0, candValues = 0;
    for (let s = 0; s < segments.length; s++) {
      const col = segments[s]!.fields[1]!.column as StringColumn;
      const codes = indexes[s]!.candidates(termFiltersOf(where.predicate)[0]!.anyOf) ?? new Uint32Array(0);
      const width = col.dict.length <= 0xff ? 1 : col.dict.length <= 0xffff ? 2 : 4;
      readBytes += indexes[s]!.byteLength + width * col.codes.length + 4 * codes.length;
      for (const c of codes) readBytes += Buffer.byteLength(col.dict[c]!, 'utf8');
      candValues += codes.length;
    }
    const wholeTimes: number[] = [];
    let wholeRes = '';
    for (let i = 0; i < RUNS; i++) {
      gc?.();
      const t = cpuNow();
      const rows = candidateRows(whole, termFiltersOf(where.predicate), (c) => (c === 'ProcessCommandLine' ? wholeIndex : undefined));
      const narrowed = rows === undefined ? whole : takeRows(whole, rows);
      const b = execute(query, { tables: new Map([['DeviceProcessEvents', narrowed]]), maxRows: 10_000_000 });
      wholeTimes.push(cpuNow() - t);
      if (!b.ok) throw new Error(JSON.stringify(b.diagnostics));
      wholeRes = canon(b.result.rows);
    }
    const matched = scanRes.split(',').reduce((x, kv) => x + Number(kv.split('=')[1]), 0);
    console.log(`has_any (${hunt.join(', ')}): ${matched.toLocaleString()} matching rows (${((100 * matched) / N).toFixed(1)} %)`);
    console.log(`  a store reads for ProcessCommandLine: ${(readBytes / 1e6).toFixed(1)} MB with the index (index + codes + ${candValues.toLocaleString()} of ${dictTotal.toLocaleString()} dictionary values) vs ${(colBytes / 1e6).toFixed(1)} MB without`);
    console.log(`  scan  ${median(scanTimes).toFixed(1)} ms`);
    console.log(`  index ${median(indexTimes).toFixed(1)} ms (${candidates.toLocaleString()} candidate rows), ${(median(scanTimes) / median(indexTimes)).toFixed(1)}× the scan's speed; results ${scanRes === indexRes ? 'equal' : `DIFFER: ${scanRes} vs ${indexRes}`}`);
    console.log(`  index over the whole table (one dictionary, no segments) ${median(wholeTimes).toFixed(1)} ms, ${(median(scanTimes) / median(wholeTimes)).toFixed(1)}× the scan's speed; results ${scanRes === wholeRes ? 'equal' : `DIFFER: ${wholeRes}`}`);
    if (!duck) continue;
    const dk: number[] = [], dkCpu: number[] = [];
    let dkRes = '';
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now(), c0 = cpuNow();
      const rd = await duck.runAndReadAll(sql(hunt));
      dk.push(performance.now() - t); dkCpu.push(cpuNow() - c0);
      dkRes = canon(rd.getRowsJS());
    }
    console.log(`  duckdb wall ${median(dk).toFixed(1)} ms, CPU ${median(dkCpu).toFixed(1)} ms (2 threads); results ${dkRes === scanRes ? 'equal' : `DIFFER: ${dkRes}`}`);
    const r = (x: number[], d: number[]): string => (median(x) / median(d)).toFixed(3);
    console.log(`  cloudhop / DuckDB wall: scan ${r(scanTimes, dk)}, index ${r(indexTimes, dk)}, whole-table index ${r(wholeTimes, dk)} (goal ≤ 0.1); / DuckDB CPU: scan ${r(scanTimes, dkCpu)}, index ${r(indexTimes, dkCpu)}, whole-table index ${r(wholeTimes, dkCpu)}`);
  }
  duck?.closeSync();
}

async function loadDuck(segments: readonly Table[]): Promise<import('@duckdb/node-api').DuckDBConnection> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await inst.connect();
  await con.run('CREATE TABLE DeviceProcessEvents (FileName VARCHAR, ProcessCommandLine VARCHAR)');
  const app = await con.createAppender('DeviceProcessEvents');
  for (const seg of segments) {
    const f = seg.fields[0]!.column as StringColumn, c = seg.fields[1]!.column as StringColumn;
    for (let r = 0; r < seg.rowCount; r++) { app.appendVarchar(f.get(r)); app.appendVarchar(c.get(r)); app.endRow(); }
  }
  app.closeSync();
  return con;
}

void main();
