import { parseArgs } from 'node:util';
import { resolve, basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { simulate, SimulateError, SCENARIOS, RAW_KINDS, type RawKind } from '../../simulate/index.js';

export const summary = 'write seeded tenant telemetry (background, benign look-alikes, attacks) with labels.json';

const USAGE = `usage: cloudhop simulate --out DIR [--seed N] [--days N] [--scale N] [--scenario NAME[:VARIANT]]...
                         [--raw graph|cloudtrail|gcp|defender|csv|all]... [--start YYYY-MM-DD]
                         [--egress-change-day N] [--quiet]

  -o, --out DIR    folder to write (one JSONL file per table by default, plus labels.json)
  --seed N         seed (default 1): the same seed gives byte-identical output
  --days N         days to simulate (default 15); the attacks end on the last day (low-and-slow
                   starts up to six days before it)
  --scale N        total rows (default 5000 per day); streamed, memory stays flat
  --scenario NAME  only these scenarios (repeatable); also attacks, benign, all, none
  --egress-change-day N
                   day (0-based) the egress-change scenario moves the company to new egress
                   addresses (default: two thirds in, e.g. day 10 of 15, day 20 of 30)
  --raw KIND       write tables in a raw export format instead of JSONL (repeatable):
                   graph (Graph signIn / directoryAudit JSON), cloudtrail (AWSLogs/... Records files),
                   gcp (Cloud Logging LogEntry lines), defender (streaming API records),
                   csv (Log Analytics portal CSV for the remaining tables); all = graph,cloudtrail,gcp,csv
  --start YYYY-MM-DD  the first simulated day (default: so that the last day is 2026-11-17)
  -q, --quiet      no per-scenario lines
  -h, --help       this help

scenarios:
${SCENARIOS.map((s) => `  ${s.name.padEnd(28)} ${s.kind.padEnd(7)} [${s.class}] ${s.summary}\n${''.padEnd(39)}variants: ${s.variants.join(', ')}`).join('\n')}
`;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = v.replace(/_/g, '');
  if (!/^\d+$/.test(s)) throw new SimulateError(`--${name} must be a non-negative integer (got '${v}')`);
  return Number(s);
}

/**
 * Large runs go to a child Node with a small old-space limit: the simulator's live set is small
 * (the background is streamed hour by hour) but V8 lets garbage grow the heap to its default
 * limit; a 320 MB cap keeps the whole process under 500 MB at tens of millions of rows.
 */
const HEAP_MB = 320;
function respawnWithHeapCap(argv: string[]): number | undefined {
  if (process.env.CLOUDHOP_SIM_CHILD) return undefined;
  const entry = process.argv[1] ?? '';
  if (!/^cloudhop(\.js)?$/.test(basename(entry)) || process.argv[2] !== 'simulate') return undefined;
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((x) => x.includes('max-old-space-size'))) return undefined;
  const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, entry, 'simulate', ...argv], { stdio: 'inherit', env: { ...process.env, CLOUDHOP_SIM_CHILD: '1' } });
  return r.status ?? 1;
}

export const options = {
  out: { type: 'string', short: 'o' }, seed: { type: 'string' }, days: { type: 'string' }, scale: { type: 'string' },
  scenario: { type: 'string', multiple: true }, raw: { type: 'string', multiple: true }, start: { type: 'string' },
  'egress-change-day': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[]): Promise<number> {
  if (!argv.includes('--help') && !argv.includes('-h')) { const code = respawnWithHeapCap(argv); if (code !== undefined) return code; }
  let a;
  try {
    a = parseArgs({ args: argv, options });
  } catch (e) { process.stderr.write(`cloudhop simulate: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  if (!a.values.out) { process.stderr.write(`cloudhop simulate: --out DIR is required\n${USAGE}`); return 2; }
  try {
    const raw = (a.values.raw ?? []).flatMap((r) => r.split(',')).flatMap((r) => (r === 'all' ? ['graph', 'cloudtrail', 'gcp', 'csv'] : [r])) as RawKind[];
    for (const r of raw) if (!RAW_KINDS.includes(r)) throw new SimulateError(`unknown --raw '${r}' (known: ${RAW_KINDS.join(', ')}, all)`);
    const out = resolve(a.values.out);
    const t0 = performance.now();
    const quiet = a.values.quiet || !process.stderr.isTTY;
    const res = await simulate({
      out, seed: int('seed', a.values.seed), days: int('days', a.values.days), scale: int('scale', a.values.scale),
      scenarios: a.values.scenario, raw, start: a.values.start, egressChangeDay: int('egress-change-day', a.values['egress-change-day']),
      onProgress: quiet ? undefined : (d, n, rows) => process.stderr.write(`\rcloudhop simulate: day ${d}/${n}, ${rows.toLocaleString('en-US')} rows`),
    });
    if (!quiet) process.stderr.write('\n');
    const l = res.labels;
    const secs = (performance.now() - t0) / 1000;
    const lines = [
      `wrote ${l.totalRows.toLocaleString('en-US')} rows to ${out} in ${secs.toFixed(1)} s (${Math.round(l.totalRows / Math.max(secs, 0.001)).toLocaleString('en-US')} rows/s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
      `tenant ${l.tenant.domain} (${l.tenant.users} identities, ${l.tenant.devices} devices), ${l.start.slice(0, 10)} .. ${l.end.slice(0, 10)}, attack day ${l.attackDay.start.slice(0, 10)}`,
      ...Object.entries(l.tables).map(([t, n]) => `  ${t.padEnd(34)} ${String(n).padStart(11)}`),
      `scenarios (ground truth in ${res.labelsPath}):`,
      ...l.scenarios.map((s) => `  ${s.kind.padEnd(7)} ${s.scenario.padEnd(28)} ${s.variant.padEnd(30)} ${String(Object.values(s.rows).reduce((x, y) => x + (y ?? 0), 0)).padStart(6)} rows${s.class && s.class !== s.scenario ? `  (class ${s.class})` : ''}`),
      ...(l.watchlists?.length ? [`watchlists the tenant keeps (detect --watchlists ${out}/watchlists): ${l.watchlists.join(', ')}`] : []),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (e) {
    if (e instanceof SimulateError) { process.stderr.write(`cloudhop simulate: ${e.message}\n`); return 2; }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EACCES' || err.code === 'ENOSPC' || err.code === 'ENOTDIR' || err.code === 'EEXIST') { process.stderr.write(`cloudhop simulate: ${err.message}\n`); return 1; }
    throw e;
  }
}
