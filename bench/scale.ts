/**
 * Scale benchmark (issue 13, "Acceptance"): a 30-day tenant on one machine, against DuckDB.
 * On demand, never part of npm test. Build first (the CLI and the library are run from dist/):
 *
 *   npm run build && node --import tsx bench/scale.ts [--days 30] [--process-per-day 133334] [--signins-per-day 33334]
 *       [--threads N] [--runs 5] [--warmup 0] [--cli-runs 3] [--only gen,ingest,queries,cli,detect] [--skip-ingest] [--skip-detect]
 *       [--detect-timeout 1800] [--max-memory GB] [--work DIR] [--seed 7] [--json FILE]
 *
 * Defaults are acceptance line 0 (4 M process events + 1 M sign-ins over 30 days); line 1 is
 * `--process-per-day 1000000 --signins-per-day 250000` (37.5 M rows).
 *
 * 1. gen: per-day JSON-lines files `DeviceProcessEvents_dayNN.jsonl` and `SigninLogs_dayNN.jsonl`
 *    (the names `cloudhop ingest` recognises), seeded, streamed, with Defender/Entra column shapes
 *    (sign-ins' LocationDetails/DeviceDetail/Status are objects, NetworkLocationDetails JSON text);
 *    timestamps follow a working-day curve over each day. Cached under <tmp>/cloudhop-scale/ keyed
 *    by the parameters (a `complete` marker is written last; an interrupted generation starts over).
 * 2. ingest: `cloudhop ingest DIR --workspace WS --threads N` (wall, peak RSS by /usr/bin/time -v)
 *    against DuckDB `read_json_auto` into a database file with the same threads, in a child Node
 *    process measured the same way; sizes on disk: workspace, DuckDB file, raw JSON.
 * 3. queries, warm in-process: the workspace opened once through the library (`openWorkspace`,
 *    whatever it returns is passed to `execute` as `tables`), DuckDB's database file opened once
 *    (read-only, same threads); median of `--runs`, alternating. Results checked equal (canonical
 *    sorted row keys, hashed).
 * 4. cli: the same queries end to end (`node bin/cloudhop.js query --workspace WS --now END
 *    --format jsonl`), median wall of `--cli-runs`, peak RSS; results checked against DuckDB's.
 * 5. detect: `cloudhop detect --workspace WS --rules rules/T1021.007` over the whole span, then
 *    the same with CLOUDHOP_TERM_INDEX=0 (the term index off) and the two runs' alerts compared;
 *    while the build does not read that variable the second run would repeat the first: it is
 *    skipped, and the output says so.
 * Prints a table and writes every figure to `--json FILE`.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { writeTenant, START, DAY_MS, HOUR_MS } from './scale/tenant.js';
import { scaleQueries, QUERY_NAMES, GOAL, keysOf, sqlKeys, canon, same, type Canon, type QueryName } from './scale/queries.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    days: { type: 'string' }, 'process-per-day': { type: 'string' }, 'signins-per-day': { type: 'string' },
    threads: { type: 'string' }, runs: { type: 'string' }, warmup: { type: 'string' }, 'cli-runs': { type: 'string' }, only: { type: 'string' },
    'skip-ingest': { type: 'boolean' }, 'skip-detect': { type: 'boolean' }, 'detect-timeout': { type: 'string' }, 'max-memory': { type: 'string' },
    work: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' },
  },
});
const num = (v: string | undefined, d: number, name: string): number => {
  const n = v === undefined ? d : Number(v);
  if (!Number.isFinite(n) || n < 0) { console.error(`bench/scale.ts: --${name} must be a non-negative number (got ${v})`); process.exit(2); }
  return n;
};
const DAYS = num(opt.days, 30, 'days');
const P_DAY = num(opt['process-per-day'], 133_334, 'process-per-day');
const S_DAY = num(opt['signins-per-day'], 33_334, 'signins-per-day');
const THREADS = num(opt.threads, availableParallelism(), 'threads');
const RUNS = num(opt.runs, 5, 'runs');
/** Untimed runs of each query, both engines alternating, before the timed ones (default 0: the first timed run is the cold one). */
const WARMUP = num(opt.warmup, 0, 'warmup');
const CLI_RUNS = num(opt['cli-runs'], 3, 'cli-runs');
const SEED = num(opt.seed, 7, 'seed');
const DETECT_TIMEOUT_S = num(opt['detect-timeout'], 1800, 'detect-timeout');
/** Per-query memory ceiling in GB for cloudhop (warm: execute's maxMemoryBytes; CLI and detect: --max-memory); default the engine's (2 GB). */
const MAX_MEMORY_GB = opt['max-memory'] === undefined ? undefined : num(opt['max-memory'], 2, 'max-memory');
const memArgs = MAX_MEMORY_GB === undefined ? [] : ['--max-memory', `${MAX_MEMORY_GB}GB`];
const PARTS = ['gen', 'ingest', 'queries', 'cli', 'detect'] as const;
const only = new Set((opt.only ?? PARTS.join(',')).split(',').map((s) => s.trim()));
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) { console.error(`bench/scale.ts: --only takes ${PARTS.join(',')} (got ${p})`); process.exit(2); }
if (opt['skip-ingest']) only.delete('ingest');
if (opt['skip-detect']) only.delete('detect');

const dist = (p: string): string => join(ROOT, 'dist', p);
if (!existsSync(dist('cli/main.js'))) { console.error('bench/scale.ts: run `npm run build` first (dist/ is missing)'); process.exit(2); }
if (!existsSync('/usr/bin/time')) { console.error('bench/scale.ts: /usr/bin/time (GNU time, for peak RSS) is missing'); process.exit(2); }

const WORK = opt.work ?? join(tmpdir(), 'cloudhop-scale');
const KEY = `d${DAYS}-p${P_DAY}-s${S_DAY}-r${SEED}-v1`;
const DATA = join(WORK, `data-${KEY}`);
const WS = join(WORK, `ws-${KEY}`);
const DUCK = join(WORK, `duck-${KEY}.duckdb`);
/** Written when the data is complete; beside the folder, not in it (`cloudhop ingest DATA` would read it as a table). */
const MARKER = join(WORK, `data-${KEY}.complete.json`);
mkdirSync(WORK, { recursive: true });

const END = START + DAYS * DAY_MS;
const NOW_ISO = new Date(END).toISOString();
const WINDOW_MS = START + Math.floor(DAYS / 2) * DAY_MS + 10 * HOUR_MS; // a working hour mid-span
const WINDOW_ISO = new Date(WINDOW_MS).toISOString();

const out: Record<string, unknown> = {
  params: { days: DAYS, processPerDay: P_DAY, signinsPerDay: S_DAY, rows: DAYS * (P_DAY + S_DAY), threads: THREADS, runs: RUNS, warmup: WARMUP, cliRuns: CLI_RUNS, seed: SEED, now: NOW_ISO, window: WINDOW_ISO, maxMemoryGB: MAX_MEMORY_GB ?? null },
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, memGB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, loadStart: loadavg().map((x) => +x.toFixed(2)) },
  paths: { data: DATA, workspace: WS, duckdb: DUCK },
};
const lines: string[] = [];
const say = (s: string): void => { console.log(s); lines.push(s); };
const fmtS = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtMB = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN; };
const load1 = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

/** The tenant's files, generated once per parameter set (a marker beside the folder says they are complete). */
function generate(): { rows: number; bytes: number; ms: number; cpuMs: number; cached: boolean } {
  if (existsSync(MARKER)) return { ...(JSON.parse(readFileSync(MARKER, 'utf8')) as { rows: number; bytes: number; ms: number; cpuMs: number }), cached: true };
  rmSync(DATA, { recursive: true, force: true });
  const g = writeTenant({ dir: DATA, days: DAYS, processPerDay: P_DAY, signinsPerDay: S_DAY, seed: SEED, progress: (d) => { if (process.stdout.isTTY) process.stdout.write(`\rgenerating ${DATA}: day ${d}/${DAYS}${d === DAYS ? '\n' : ''}`); } });
  writeFileSync(MARKER, JSON.stringify(g));
  return { ...g, cached: false };
}

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let b = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) b += dirBytes(p); else if (e.isFile()) b += statSync(p).size;
  }
  return b;
}
const jsonBytes = (): number => readdirSync(DATA).filter((f) => f.endsWith('.jsonl')).reduce((a, f) => a + statSync(join(DATA, f)).size, 0);

const { KQL, SQL } = scaleQueries({ seedKql: readSeed(), endMs: END, windowMs: WINDOW_MS });
function readSeed(): string {
  const shared = process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
  for (const p of [join(shared, 'seed', 'T1021.007-seed.kql'), join(ROOT, 'test', 'kql', 'exec', 'fixtures', 'T1021.007-seed.kql')]) if (existsSync(p)) return readFileSync(p, 'utf8');
  console.error('bench/scale.ts: the seed query is missing (../shared/seed/T1021.007-seed.kql; set CLOUDHOP_SHARED)'); process.exit(2);
}

// ───────────────────────── measuring child processes ─────────────────────────
interface Run { ms: number; cpuMs: number; rssMB: number; status: number | null; stdout: string; stderr: string; timedOut: boolean }
/**
 * Runs a command under /usr/bin/time -v: wall time (measured here), CPU time (user + system, all
 * threads), peak RSS (maximum resident set size). In its own process group, so a timeout stops the
 * whole tree (`cloudhop` re-runs itself with a larger heap: killing /usr/bin/time alone would leave
 * that child running).
 */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutS = 0): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const so: Buffer[] = [], se: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => so.push(b));
    child.stderr.on('data', (b: Buffer) => se.push(b));
    let timedOut = false;
    const timer = timeoutS ? setTimeout(() => { timedOut = true; try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, timeoutS * 1000) : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      if (timer) clearTimeout(timer);
      const ms = performance.now() - t0;
      const err = Buffer.concat(se).toString('utf8');
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? NaN) / 1024;
      const cpuMs = (Number(/User time \(seconds\): ([\d.]+)/.exec(err)?.[1] ?? NaN) + Number(/System time \(seconds\): ([\d.]+)/.exec(err)?.[1] ?? NaN)) * 1000;
      const stderr = err.replace(/\n?\tCommand being timed:[\s\S]*$/, '');
      resolve({ ms, cpuMs, rssMB: rss, status, stdout: Buffer.concat(so).toString('utf8'), stderr, timedOut });
    });
  });
}
const CLI = join(ROOT, 'bin', 'cloudhop.js');

// ───────────────────────── main ─────────────────────────
async function main(): Promise<void> {
  say(`bench/scale.ts: ${DAYS} days × (${P_DAY.toLocaleString('en-US')} process events + ${S_DAY.toLocaleString('en-US')} sign-ins) a day = ${(DAYS * (P_DAY + S_DAY)).toLocaleString('en-US')} rows; threads ${THREADS}; `
    + `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average ${load1()}`);

  // 1. data
  if (only.has('gen') || !existsSync(MARKER)) {
    const g = generate();
    out.gen = g;
    say(`data: ${DATA} — ${g.rows.toLocaleString('en-US')} rows, ${fmtMB(g.bytes)} of JSON lines${g.cached ? ' (cached)' : `, generated in ${fmtS(g.ms)} (${Math.round(g.rows / g.ms * 1000).toLocaleString('en-US')} rows/s; CPU ${fmtS(g.cpuMs)}, ${Math.round(g.rows / g.cpuMs * 1000).toLocaleString('en-US')} rows per CPU second)`}`);
  }
  const rawBytes = jsonBytes();

  // 2. ingest
  if (only.has('ingest')) {
    rmSync(WS, { recursive: true, force: true });
    const ch = await timed(process.execPath, [CLI, 'ingest', DATA, '--workspace', WS, '--threads', String(THREADS), '--quiet']);
    if (ch.status !== 0) { say(`cloudhop ingest failed (exit ${ch.status}):\n${ch.stderr.slice(-2000)}`); process.exit(1); }
    rmSync(DUCK, { force: true }); rmSync(`${DUCK}.wal`, { force: true });
    const script = `import { DuckDBInstance } from '@duckdb/node-api';
const [db, threads, dir] = process.argv.slice(1);
const inst = await DuckDBInstance.create(db, { threads });
const con = await inst.connect();
const t0 = performance.now();
for (const t of ['DeviceProcessEvents', 'SigninLogs']) await con.run(\`CREATE TABLE \${t} AS SELECT * FROM read_json_auto('\${dir}/\${t}_day*.jsonl')\`);
await con.run('CHECKPOINT');
const ms = performance.now() - t0;
const n = (await con.runAndReadAll('SELECT (SELECT count(*) FROM DeviceProcessEvents) + (SELECT count(*) FROM SigninLogs)')).getRows()[0][0];
con.closeSync(); inst.closeSync();
console.log(JSON.stringify({ ms, rows: Number(n) }));`;
    const dk = await timed(process.execPath, ['--input-type=module', '-e', script, DUCK, String(THREADS), DATA]);
    if (dk.status !== 0) { say(`DuckDB load failed (exit ${dk.status}):\n${dk.stderr.slice(-2000)}`); process.exit(1); }
    const dkIn = JSON.parse(dk.stdout.trim().split('\n').pop()!) as { ms: number; rows: number };
    const wsBytes = dirBytes(WS), duckBytes = statSync(DUCK).size + (existsSync(`${DUCK}.wal`) ? statSync(`${DUCK}.wal`).size : 0);
    const rows = DAYS * (P_DAY + S_DAY);
    out.ingest = { cloudhop: { ms: ch.ms, cpuMs: ch.cpuMs, rssMB: ch.rssMB, report: ch.stdout.trim().split('\n').slice(-3) }, duckdb: { ms: dk.ms, cpuMs: dk.cpuMs, loadMs: dkIn.ms, rssMB: dk.rssMB, rows: dkIn.rows }, sizes: { rawJson: rawBytes, workspace: wsBytes, duckdb: duckBytes } };
    say('');
    say(`ingest (${rows.toLocaleString('en-US')} rows, ${fmtMB(rawBytes)} JSON, ${THREADS} threads each)       wall   CPU (all threads)   peak RSS   on disk`);
    say(`  cloudhop ingest (CLI)                         ${fmtS(ch.ms).padStart(9)} ${fmtS(ch.cpuMs).padStart(9)}   ${`${ch.rssMB.toFixed(0)} MB`.padStart(9)}   ${fmtMB(wsBytes)} workspace (${(wsBytes / rawBytes).toFixed(2)} of the JSON)`);
    say(`  DuckDB read_json_auto → file (child process)  ${fmtS(dk.ms).padStart(9)} ${fmtS(dk.cpuMs).padStart(9)}   ${`${dk.rssMB.toFixed(0)} MB`.padStart(9)}   ${fmtMB(duckBytes)} database file (${(duckBytes / rawBytes).toFixed(2)}); load alone ${fmtS(dkIn.ms)}, ${dkIn.rows.toLocaleString('en-US')} rows`);
    say(`  ratio cloudhop / DuckDB: wall ${(ch.ms / dk.ms).toFixed(2)}× (goal ≤ 1.0), CPU ${(ch.cpuMs / dk.cpuMs).toFixed(2)}×, workspace / DuckDB file ${(wsBytes / duckBytes).toFixed(2)}×   (load average ${load1()})`);
    if (dkIn.rows !== rows) say(`  WARNING: DuckDB holds ${dkIn.rows} rows, generated ${rows}`);
  }
  if (!['queries', 'cli', 'detect'].some((p) => only.has(p))) { finish(); return; }
  if (!existsSync(WS) || !existsSync(DUCK)) { say(`no workspace/DuckDB file yet at ${WS} / ${DUCK}: run without --skip-ingest first`); finish(); process.exit(2); }

  // DuckDB answers: the reference for every check.
  const qs = QUERY_NAMES;
  const duckRef: Record<string, Canon> = {};
  /** Wall ms per run, and CPU ms of this process per run (user + system, DuckDB's threads included). */
  interface Warm { cloudhop: number[]; duckdb: number[]; cloudhopCpu: number[]; duckdbCpu: number[]; check?: string }
  const warm: Record<string, Warm> = {};
  let lastCpu = 0;
  const cpuNow = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  if (only.has('queries') || only.has('cli')) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(DUCK, { threads: String(THREADS), access_mode: 'READ_ONLY' });
    const con = await inst.connect();
    const duckRun = async (q: QueryName, read: boolean): Promise<number> => {
      const t0 = performance.now(), c0 = cpuNow();
      const r = await con.runAndReadAll(SQL[q]!);
      const ms = performance.now() - t0;
      lastCpu = cpuNow() - c0;
      if (read) duckRef[q] = canon(sqlKeys(q, r.getRowObjectsJS() as Record<string, unknown>[]));
      return ms;
    };
    if (only.has('queries')) {
      type LoadMod = typeof import('../src/ingest/load.js');
      type ExecMod = typeof import('../src/kql/execute.js');
      const { openWorkspace } = (await import(dist('ingest/load.js'))) as LoadMod;
      const { execute } = (await import(dist('kql/execute.js'))) as ExecMod;
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      const tables = await openWorkspace(WS);
      const openMs = performance.now() - t0;
      const rssOpen = process.memoryUsage().rss;
      const now = END * 10_000;
      const chRun = (q: QueryName, read: boolean): { ms: number; keys?: string[]; error?: string } => {
        const t = performance.now(), c0 = cpuNow();
        const o = execute(KQL[q]!, { tables, now, maxRows: 10_000_000, ...(MAX_MEMORY_GB !== undefined ? { maxMemoryBytes: MAX_MEMORY_GB * 2 ** 30 } : {}) });
        const ms = performance.now() - t;
        lastCpu = cpuNow() - c0;
        // A query that fails (a limit: KQL503 memory) is a result to report, not the end of the bench.
        if (!o.ok) { const d = o.diagnostics.find((x) => x.severity === 'error') ?? o.diagnostics[0]; return { ms, error: `${d?.code ?? 'error'} ${d?.message ?? ''}`.slice(0, 300) }; }
        if (!read) return { ms };
        const names = o.result.columns.map((c) => c.name);
        return { ms, keys: keysOf(q, o.result.rows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])))) };
      };
      let rssMax = rssOpen;
      for (const q of qs) {
        const w: Warm = (warm[q] = { cloudhop: [], duckdb: [], cloudhopCpu: [], duckdbCpu: [] });
        let mine: Canon | undefined;
        let failed: string | undefined;
        // --warmup: untimed runs first (JIT-compiled code, filled caches on both sides); the first timed run is then warm too.
        for (let i = 0; i < WARMUP; i++) { chRun(q, false); await duckRun(q, false); }
        for (let i = 0; i < RUNS; i++) {
          const r = chRun(q, i === 0);
          if (r.error) failed ??= r.error;
          if (r.keys) mine = canon(r.keys);
          w.cloudhop.push(r.ms); w.cloudhopCpu.push(lastCpu);
          rssMax = Math.max(rssMax, process.memoryUsage().rss);
          w.duckdb.push(await duckRun(q, i === 0)); w.duckdbCpu.push(lastCpu);
        }
        w.check = failed ? `cloudhop failed: ${failed}` : same(mine, duckRef[q]);
      }
      out.warm = { openMs, rssBeforeOpenMB: rss0 / 1048576, rssAfterOpenMB: rssOpen / 1048576, rssMaxMB: rssMax / 1048576, queries: Object.fromEntries(qs.map((q) => [q, { cloudhopMs: median(warm[q]!.cloudhop), duckdbMs: median(warm[q]!.duckdb), cloudhopCpuMs: median(warm[q]!.cloudhopCpu), duckdbCpuMs: median(warm[q]!.duckdbCpu), runs: warm[q], check: warm[q]!.check }])) };
      say('');
      say(`warm in-process, median of ${RUNS}${WARMUP ? ` after ${WARMUP} untimed run(s) of each engine` : ''}; the first run (${WARMUP ? 'after the untimed ones' : 'columns decoded on first use, caches cold'}) shown apart (workspace opened once in ${fmtS(openMs)}, RSS ${(rss0 / 1048576).toFixed(0)} → ${(rssOpen / 1048576).toFixed(0)} MB, max ${(rssMax / 1048576).toFixed(0)} MB; DuckDB file opened read-only, ${THREADS} threads)`);
      say(`  query     cloudhop     DuckDB    ratio   goal           CPU cloudhop / DuckDB (ratio)   first run (cloudhop / DuckDB)   result`);
      for (const q of qs) {
        const a = median(warm[q]!.cloudhop), b = median(warm[q]!.duckdb), g = GOAL[q]!.warm;
        const first = `${fmtS(warm[q]!.cloudhop[0]!)} / ${fmtS(warm[q]!.duckdb[0]!)}`;
        const ca = median(warm[q]!.cloudhopCpu), cb = median(warm[q]!.duckdbCpu);
        const cpu = `${fmtS(ca)} / ${fmtS(cb)} (${(ca / cb).toFixed(2)}×)`;
        say(`  ${q.padEnd(8)} ${fmtS(a).padStart(9)} ${fmtS(b).padStart(10)} ${`${(a / b).toFixed(2)}×`.padStart(8)}   ${(g === undefined ? '-' : `≤ ${g} ${a / b <= g ? 'met' : 'NOT met'}`).padEnd(13)}  ${cpu.padEnd(30)}  ${first.padEnd(30)}  ${warm[q]!.check}`);
      }
      say(`  (load average ${load1()})`);
    } else {
      for (const q of qs) await duckRun(q, true);
      for (const q of qs) { const ms: number[] = [], cpu: number[] = []; for (let i = 0; i < RUNS; i++) { ms.push(await duckRun(q, false)); cpu.push(lastCpu); } warm[q] = { cloudhop: [], duckdb: ms, cloudhopCpu: [], duckdbCpu: cpu }; }
    }
    con.closeSync(); inst.closeSync();
  }

  // 4. CLI end to end
  if (only.has('cli')) {
    const cli: Record<string, unknown> = {};
    say('');
    say(`end to end through the CLI (node bin/cloudhop.js query --workspace … --now ${NOW_ISO} --format jsonl), median of ${CLI_RUNS}; vs DuckDB warm in-process`);
    say(`  query        wall       CPU   peak RSS     DuckDB    ratio   goal             CPU vs DuckDB's   result`);
    for (const q of qs) {
      const runs: Run[] = [];
      for (let i = 0; i < CLI_RUNS; i++) runs.push(await timed(process.execPath, [CLI, 'query', '--workspace', WS, '--now', NOW_ISO, '--format', 'jsonl', ...memArgs, KQL[q]!]));
      const bad = runs.find((r) => r.status !== 0);
      const wall = median(runs.map((r) => r.ms)), rss = Math.max(...runs.map((r) => r.rssMB));
      const rows = runs[0]!.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
      const check = bad ? `exit ${bad.status}: ${bad.stderr.trim().split('\n')[0]}` : same(canon(keysOf(q, rows)), duckRef[q]);
      const dk = median(warm[q]?.duckdb ?? []), dkCpu = median(warm[q]?.duckdbCpu ?? []);
      const g = GOAL[q]!;
      const goal = g.cliAbsMs !== undefined ? `≤ ${g.cliAbsMs / 1000} s ${wall <= g.cliAbsMs ? 'met' : 'NOT met'}` : g.cli !== undefined ? `≤ ${g.cli}× ${wall / dk <= g.cli ? 'met' : 'NOT met'}` : '-';
      const cpu = median(runs.map((r) => r.cpuMs));
      cli[q] = { wallMs: wall, cpuMs: cpu, runsMs: runs.map((r) => r.ms), peakRssMB: rss, duckdbWarmMs: dk, duckdbWarmCpuMs: dkCpu, ratio: wall / dk, cpuRatio: cpu / dkCpu, check, stderr: runs[0]!.stderr.slice(0, 500) };
      say(`  ${q.padEnd(8)} ${fmtS(wall).padStart(9)} ${fmtS(cpu).padStart(9)} ${`${rss.toFixed(0)} MB`.padStart(10)} ${fmtS(dk).padStart(10)} ${`${(wall / dk).toFixed(1)}×`.padStart(8)}   ${goal.padEnd(15)}  ${`${(cpu / dkCpu).toFixed(1)}×`.padStart(15)}   ${check}`);
    }
    say(`  (load average ${load1()})`);
    out.cli = cli;
  }

  // 5. detect replay
  if (only.has('detect')) {
    const honoured = spawnSync('grep', ['-rlq', 'CLOUDHOP_TERM_INDEX', join(ROOT, 'dist')]).status === 0;
    const det: Record<string, unknown> = { termIndexVariableRead: honoured };
    const hashes: string[] = [];
    say('');
    say(`detect replay: cloudhop detect --workspace … --rules rules/T1021.007 --format jsonl (the data's whole span)`);
    // When this build does not read the variable, the second run would be the same code path: not run.
    const variants = [['term index on (default)', {}], ['CLOUDHOP_TERM_INDEX=0', { CLOUDHOP_TERM_INDEX: '0' }]] as const;
    for (const [label, env] of honoured ? variants : variants.slice(0, 1)) {
      const alerts = join(WORK, `alerts-${KEY}-${label.startsWith('CLOUD') ? 'noindex' : 'index'}.jsonl`);
      rmSync(alerts, { force: true });
      const r = await timed(process.execPath, [CLI, 'detect', '--workspace', WS, '--rules', join(ROOT, 'rules', 'T1021.007'), '--format', 'jsonl', '--out', alerts, ...memArgs], env, DETECT_TIMEOUT_S);
      const n = existsSync(alerts) ? readFileSync(alerts, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
      const errs = r.stderr.trim().split('\n').filter((l) => l.trim()).slice(0, 5);
      const text = existsSync(alerts) ? readFileSync(alerts, 'utf8') : '';
      hashes.push(canon(text.split('\n').filter((l) => l.trim())).hash);
      det[label] = { ms: r.ms, cpuMs: r.cpuMs, peakRssMB: r.rssMB, exit: r.status, timedOut: r.timedOut, alerts: n, alertsHash: hashes[hashes.length - 1], stderr: errs };
      say(`  ${label.padEnd(24)} ${r.timedOut ? `stopped after ${DETECT_TIMEOUT_S} s (--detect-timeout; killed, so /usr/bin/time reports no CPU time or peak RSS)` : `${fmtS(r.ms)} (CPU ${fmtS(r.cpuMs)}), peak RSS ${r.rssMB.toFixed(0)} MB, exit ${r.status}, ${n} alerts`}`);
      for (const e of errs) say(`      ${e.slice(0, 200)}`);
    }
    if (honoured) {
      say(`  alerts of the two runs ${hashes[0] === hashes[1] ? 'identical' : `DIFFER (${hashes.join(' / ')})`} (sorted alert lines, hashed)`);
      det.alertsIdentical = hashes[0] === hashes[1];
    } else say('  CLOUDHOP_TERM_INDEX=0: not run — this build does not read CLOUDHOP_TERM_INDEX, so it would repeat the same code path');
    say(`  (load average ${load1()})`);
    out.detect = det;
  }
  finish();
}

function finish(): void {
  (out.machine as Record<string, unknown>).loadEnd = loadavg().map((x) => +x.toFixed(2));
  out.text = lines;
  if (opt.json) { writeFileSync(opt.json, JSON.stringify(out, null, 2)); console.log(`\nfigures written to ${opt.json}`); }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
