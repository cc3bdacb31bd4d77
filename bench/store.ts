/**
 * Opening a workspace and scanning by time (issue 13 items 1 and 3), on any workspace:
 *
 *   npm run build && node --import tsx bench/store.ts --workspace DIR [--window ISO8601] [--runs N] [--bin PATH]
 *
 * In process: openWorkspace, `print 1`, and a one-hour window
 * `DeviceProcessEvents | where Timestamp between (datetime(W) .. 1h) | summarize count() by DeviceName`
 * cold (first read) and warm (median of --runs), with what the scan read (ScanStats).
 * Through the CLI (`--bin`, default bin/cloudhop.js; give another build's to compare): wall time and
 * peak RSS (GNU time) of `query --workspace DIR` for both queries, median of --runs, and of
 * `query "print 1"` without a workspace (the process start-up floor on this machine now).
 * --window defaults to the middle of the DeviceProcessEvents time range, at 10:00 UTC.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { openWorkspace, readManifest } from '../src/store/workspace.js';
import { execute } from '../src/kql/execute.js';
import type { ExecuteOptions } from '../src/kql/api.js';

const { values: o } = parseArgs({ options: { workspace: { type: 'string' }, window: { type: 'string' }, runs: { type: 'string' }, bin: { type: 'string' } } });
if (!o.workspace || !existsSync(join(o.workspace, 'manifest.json'))) { console.error('bench/store.ts: --workspace DIR (a workspace) is required'); process.exit(2); }
const WS = o.workspace;
const RUNS = Math.max(1, Number(o.runs ?? 5));
const BIN = resolve(o.bin ?? 'bin/cloudhop.js');
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]!; };

let window = o.window;
if (!window) {
  const segs = readManifest(WS)!.tables.DeviceProcessEvents?.segments ?? [];
  const lo = Math.min(...segs.map((s) => s.minTime ?? Infinity)), hi = Math.max(...segs.map((s) => s.maxTime ?? -Infinity));
  if (!(lo <= hi)) { console.error('bench/store.ts: no DeviceProcessEvents times; give --window'); process.exit(2); }
  const mid = new Date(Math.floor((lo + hi) / 2 / 10_000));
  mid.setUTCHours(10, 0, 0, 0);
  window = mid.toISOString();
}
const Q = `DeviceProcessEvents | where Timestamp between (datetime(${window}) .. 1h) | summarize count() by DeviceName`;

let t = performance.now();
const tables = await openWorkspace(WS);
const openMs = performance.now() - t;
t = performance.now(); execute('print 1', { tables }); const print1Ms = performance.now() - t;
const scans: NonNullable<ExecuteOptions['scans']> = [];
t = performance.now(); const r = execute(Q, { tables, scans }); const coldMs = performance.now() - t;
if (!r.ok) { console.error(r.diagnostics.map((d) => d.message).join('\n')); process.exit(1); }
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) { t = performance.now(); execute(Q, { tables }); warm.push(performance.now() - t); }
console.log(`workspace ${WS}; window ${window}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`in process: open ${openMs.toFixed(1)} ms, print 1 ${print1Ms.toFixed(1)} ms, window cold ${coldMs.toFixed(1)} ms, warm ${median(warm).toFixed(1)} ms (median of ${RUNS}); ${r.result.table.rowCount} groups`);
for (const s of scans) console.log(`  scan ${s.table}: ${JSON.stringify(s.stats)}`);

function cli(args: string[]): { s: number; kb: number } {
  const x = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const [s, kb] = x.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { s: s!, kb: kb! };
}
if (existsSync('/usr/bin/time')) {
  for (const [label, args] of [['print 1, no workspace (start-up floor)', ['query', 'print 1']], ['print 1', ['query', '--workspace', WS, 'print 1']], ['1-hour window', ['query', '--workspace', WS, Q]]] as const) {
    const xs = Array.from({ length: RUNS }, () => cli([...args]));
    console.log(`CLI ${BIN}: ${label}: ${median(xs.map((x) => x.s)).toFixed(2)} s, peak RSS ${Math.round(median(xs.map((x) => x.kb)) / 1024)} MB (median of ${RUNS})`);
  }
}
