#!/usr/bin/env node
// Startup time of `cloudhop check` on the seed query (issue 2, acceptance 6): median wall time of N
// runs of the built CLI, beside a bare `node -e 0` and `cloudhop --version` for scale.
//   npm run build && node scripts/bench-check-startup.mjs [N]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const n = Number(process.argv[2] ?? 21);
const seed = process.env.CLOUDHOP_SEED ?? join(root, '..', 'shared', 'seed', 'T1021.007-seed.kql');
const bin = join(root, 'bin', 'cloudhop.js');
const cases = [
  ['node -e 0', ['-e', '0']],
  ['cloudhop --version', [bin, '--version']],
  ...(existsSync(seed) ? [['cloudhop check -f seed', [bin, 'check', '-f', seed]]] : [['cloudhop check (inline query)', [bin, 'check', 'SigninLogs | where TimeGenerated > ago(1d) | summarize count() by UserPrincipalName']]]),
];
for (const [name, args] of cases) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - t);
    if (r.status !== 0) { console.error(`${name}: exit ${r.status}`); process.exit(1); }
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(30)} median ${times[n >> 1].toFixed(0)} ms  min ${times[0].toFixed(0)} ms  max ${times[n - 1].toFixed(0)} ms  (${n} runs)`);
}
