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

interface Case { name: string; limit: 'time' | 'memory' | 'stack'; code: string; query: string }

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

interface Run { code: number | null; signal: NodeJS.Signals | null; err: string; peak: number; results: { c: Case; ms: number; got: string; message: string; hwm: number }[] }

let runOnce: Promise<Run> | undefined;
/** Runs the whole corpus once in one CLI child process (shared by the tests below). */
function runCorpus(): Promise<Run> {
  return runOnce ??= runCases(CASES);
}

/** Runs the cases in one `cloudhop query --batch` child process, timing each output line. */
function runCases(cases: readonly Case[]): Promise<Run> {
  return (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudhop-hostile-'));
    const batch = join(dir, 'batch.jsonl');
    // A first trivial query absorbs start-up, so each later line's time is its query's.
    writeFileSync(batch, [JSON.stringify({ query: 'print x = 1' }), ...cases.map((c) => JSON.stringify({ query: c.query }))].join('\n') + '\n');
    const args = ['query', '--batch', batch, '--timeout', `${TIMEOUT_MS / 1000}s`, '--max-memory', `${MAX_MEMORY_MB}MB`];
    const child = spawn(process.execPath, ['--import', 'tsx', '-e',
      `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`], { cwd: ROOT });
    const lines: { text: string; at: number; hwm: number }[] = [];
    let buf = '', err = '', peak = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) { lines.push({ text: buf.slice(0, i), at: performance.now(), hwm: peakRssMb(child.pid!) ?? 0 }); buf = buf.slice(i + 1); }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const poll = setInterval(() => { const p = peakRssMb(child.pid!); if (p !== undefined && p > peak) peak = p; }, 20);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
    clearInterval(poll);
    const results = cases.map((c, i) => {
      const line = lines[i + 1];
      if (!line) return { c, ms: NaN, got: 'missing', message: '', hwm: NaN };
      const out = JSON.parse(line.text) as { error?: { code?: string; message?: string } };
      return { c, ms: line.at - lines[i]!.at, got: out.error?.code ?? 'ok', message: out.error?.message ?? '', hwm: line.hwm };
    });
    if (process.env.CLOUDHOP_HOSTILE_REPORT) {
      process.stdout.write(['| query | limit hit first (expected) | elapsed | code | process peak RSS so far |', '|---|---|---|---|---|',
        ...results.map((r) => `| ${r.c.name} | ${r.c.limit} | ${(r.ms / 1000).toFixed(2)} s | ${r.got} | ${r.hwm.toFixed(0)} MB |`), `peak RSS ${peak.toFixed(0)} MB`].join('\n') + '\n');
    }
    return { code, signal, err, peak, results };
  })();
}

test('hostile queries: the CLI survives them all and each ends with a KQL5xx limit error', { timeout: 300_000 }, async () => {
  const r = await runCorpus();
  assert.equal(r.signal, null, `the CLI died (${r.signal}): ${r.err.slice(-2000)}`);
  assert.equal(r.code, 1, `exit status ${r.code}: ${r.err.slice(-2000)}`);
  const problems: string[] = [];
  for (const x of r.results) {
    // A memory-bound query may meet the 2 s time limit first (allocating 512 MB in JS takes about that long).
    const okCodes = x.c.limit === 'memory' ? [x.c.code, 'KQL502'] : [x.c.code];
    if (!okCodes.includes(x.got)) problems.push(`${x.c.name}: expected ${okCodes.join(' or ')}, got ${x.got} ${x.message}`);
  }
  assert.deepEqual(problems, []);
});

// The acceptance bound of issue 12. Timing on a shared 2-core machine: GC pauses and being
// descheduled count too (measured: 2.00–2.01 s at load average 1.5, 1.96–2.22 s at 7–12; peak RSS 708–747 MB).
test('hostile queries end within the limit + 10 %, with peak RSS under the ceiling + 256 MB', { timeout: 300_000 }, async () => {
  const r = await runCorpus();
  // A query over the bound is run once more, alone: being descheduled for 200 ms on a machine
  // shared by many processes is not the engine's overshoot, and a real one shows twice.
  const slow = r.results.filter((x) => !(x.ms <= TIMEOUT_MS * 1.1));
  const again = slow.length ? (await runCases(slow.map((x) => x.c))).results : [];
  const problems = again.filter((x) => !(x.ms <= TIMEOUT_MS * 1.1)).map((x) => `${x.c.name}: took ${x.ms.toFixed(0)} ms twice (limit ${TIMEOUT_MS} ms + 10 %)`);
  if (existsSync('/proc/self/status') && !(r.peak < MAX_MEMORY_MB + 256)) problems.push(`peak RSS ${r.peak.toFixed(0)} MB`);
  assert.deepEqual(problems, []);
});
