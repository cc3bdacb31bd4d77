/**
 * The hostile-query corpus (queries.yaml beside this file): every query must end with its KQL5xx
 * error within its limit + 10 %, in one `cloudhop query --batch` child process run with
 * --timeout 2s --max-memory 512MB, which must survive them all with a peak RSS (VmHWM, polled
 * from /proc) under the ceiling + 256 MB. CLOUDHOP_HOSTILE_REPORT=1 prints the results table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { ROOT } from '../../helpers/shared.js';

interface Case { name: string; limit: 'time' | 'memory'; code: string; query: string }

const TIMEOUT_MS = 2000;
const MAX_MEMORY_MB = 512;
const CASES = parse(readFileSync(join(ROOT, 'test/kql/hostile/queries.yaml'), 'utf8')) as Case[];

function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1]! / 1024 : undefined;
  } catch { return undefined; }
}

test('hostile corpus: ≥ 30 queries', () => {
  assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  for (const c of CASES) assert.match(c.code, /^KQL5\d\d$/, c.name);
});

test('hostile queries end with their KQL5xx error within the limit + 10 %; the process survives under the memory ceiling + 256 MB', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-hostile-'));
  const batch = join(dir, 'batch.jsonl');
  // A first trivial query absorbs start-up, so each later line's time is its query's.
  writeFileSync(batch, [JSON.stringify({ query: 'print x = 1' }), ...CASES.map((c) => JSON.stringify({ query: c.query }))].join('\n') + '\n');
  const args = ['query', '--batch', batch, '--timeout', `${TIMEOUT_MS / 1000}s`, '--max-memory', `${MAX_MEMORY_MB}MB`];
  const child = spawn(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`], { cwd: ROOT });
  const lines: { text: string; at: number }[] = [];
  let buf = '', err = '', peak = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) { lines.push({ text: buf.slice(0, i), at: performance.now() }); buf = buf.slice(i + 1); }
  });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const poll = setInterval(() => { const p = peakRssMb(child.pid!); if (p !== undefined && p > peak) peak = p; }, 20);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
  clearInterval(poll);
  assert.equal(signal, null, `the CLI died (${signal}): ${err.slice(-2000)}`);
  assert.equal(code, 1, `exit status ${code}: ${err.slice(-2000)}`);
  assert.equal(lines.length, CASES.length + 1, `one output line per query; stderr: ${err.slice(-2000)}`);
  const rows: string[] = [];
  const problems: string[] = [];
  CASES.forEach((c, i) => {
    const line = lines[i + 1]!;
    const ms = line.at - lines[i]!.at;
    const out = JSON.parse(line.text) as { error?: { code?: string; message?: string } };
    const got = out.error?.code ?? 'ok';
    rows.push(`| ${c.name} | ${c.limit} | ${(ms / 1000).toFixed(2)} s | ${got} |`);
    if (got !== c.code) problems.push(`${c.name}: expected ${c.code}, got ${got} ${out.error?.message ?? ''}`);
    if (ms > TIMEOUT_MS * 1.1) problems.push(`${c.name}: took ${ms.toFixed(0)} ms (limit ${TIMEOUT_MS} ms + 10 %)`);
  });
  if (process.env.CLOUDHOP_HOSTILE_REPORT) {
    process.stdout.write(['| query | limit | elapsed | code |', '|---|---|---|---|', ...rows, `peak RSS ${peak.toFixed(0)} MB`].join('\n') + '\n');
  }
  assert.deepEqual(problems, []);
  if (existsSync('/proc/self/status')) assert.ok(peak > 0 && peak < MAX_MEMORY_MB + 256, `peak RSS ${peak.toFixed(0)} MB`);
});
