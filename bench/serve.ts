/**
 * Warm queries through `cloudhop serve` against a new `cloudhop query` process per query (issue 17,
 * "Why": every query is a new process). On demand, never in npm test. Build first, then:
 *   npm run build && CLOUDHOP_SHARED=../shared node --import tsx bench/serve.ts [--rows 250000] [--runs 10]
 *
 * Data: a DeviceProcessEvents JSONL file (test/store/gen-dpe.ts, one event a second from
 * 2024-06-01) ingested once into a workspace in the temp folder. Query: the seed query
 * (../shared/seed), now() at the data's end (`--now` for the CLI, the `query_now` request property
 * for the server). The server is the built CLI in a child process (`bin/cloudhop.js serve`), asked
 * over https (Kusto v2) from this process; every answer's row count is checked against the CLI's.
 * Prints the wall time of each (p50, min, max) and the machine's load.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:https';
import { writeDpeJsonl } from '../test/store/gen-dpe.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string, d: number): number => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : d; };
const ROWS = arg('--rows', 250_000), RUNS = arg('--runs', 10);
const BIN = join(ROOT, 'bin', 'cloudhop.js');
if (!existsSync(join(ROOT, 'dist', 'cli', 'commands', 'serve.js'))) { console.error('bench/serve.ts: run `npm run build` first'); process.exit(2); }
const shared = process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
const seedFile = join(shared, 'seed', 'T1021.007-seed.kql');
if (!existsSync(seedFile)) { console.error(`bench/serve.ts: ${seedFile} is missing (set CLOUDHOP_SHARED)`); process.exit(2); }
const SEED = readFileSync(seedFile, 'utf8');

const work = join(tmpdir(), 'cloudhop-bench-serve');
mkdirSync(work, { recursive: true });
const data = join(work, `data-${ROWS}`), ws = join(work, `ws-${ROWS}`);
mkdirSync(data, { recursive: true });
const file = join(data, 'DeviceProcessEvents.jsonl');
if (!existsSync(file)) await writeDpeJsonl(file, ROWS);
if (!existsSync(join(ws, 'manifest.json'))) {
  const r = spawnSync(process.execPath, [BIN, 'ingest', data, '--workspace', ws, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
}
const NOW = new Date(Date.UTC(2024, 5, 1) + ROWS * 997).toISOString();

const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
const fmt = (xs: number[]): string => `p50 ${pct(xs, 0.5).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} runs)`;

// 1. a new process per query
const cold: number[] = [];
let cliRows = -1;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'query', '--workspace', ws, '--now', NOW, '--format', 'json', SEED], { encoding: 'utf8', maxBuffer: 1 << 30 });
  cold.push(performance.now() - t0);
  if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
  cliRows = (JSON.parse(r.stdout) as { rows: unknown[] }).rows.length;
}

// 2. the same query through the server, kept warm
const server = spawn(process.execPath, [BIN, 'serve', '--workspace', ws, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = await new Promise<string[]>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (b: Buffer) => { out += b.toString(); const l = out.split('\n'); if (l.length > 3) resolve(l); });
  server.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
});
const url = lines[0]!.replace(/^listening on /, ''), token = lines[2]!.split(' ')[1]!;
const ca = readFileSync(join(ws, 'serve', 'cert.pem'));
function query(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url + '/v2/rest/query', { method: 'POST', ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => { text += b.toString(); });
      res.on('end', () => {
        if (res.statusCode !== 200) { reject(new Error(`${res.statusCode}: ${text.slice(0, 300)}`)); return; }
        resolve((JSON.parse(text) as { TableKind?: string; Rows: unknown[] }[]).find((f) => f.TableKind === 'PrimaryResult')!.Rows.length);
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ db: 'db', csl: SEED, properties: { Options: { query_now: NOW } } }));
  });
}
const warm: number[] = [];
let first = 0;
try {
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const n = await query();
    const ms = performance.now() - t0;
    if (n !== cliRows) throw new Error(`the server returned ${n} rows, the CLI ${cliRows}`);
    if (i === 0) first = ms; else warm.push(ms);
  }
} finally { server.kill('SIGTERM'); }

process.stdout.write(`workspace: ${ROWS} DeviceProcessEvents rows (${ws}); seed query, now = ${NOW}: ${cliRows} rows\n`);
process.stdout.write(`cloudhop query (a process per query): ${fmt(cold)}\n`);
process.stdout.write(`cloudhop serve, first request: ${first.toFixed(0)} ms; warm: ${fmt(warm)}\n`);
process.stdout.write(`speed-up (p50): ${(pct(cold, 0.5) / pct(warm, 0.5)).toFixed(1)}x; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared machine)\n`);
