/**
 * Report benchmark (on demand, never in npm test): how long the HTML report of a large replay takes
 * to write and to open in headless Chromium (issue 16, acceptance 1: 100 k alerts write in ≤ 10 s,
 * ≤ 50 MB, open in ≤ 10 s).
 *
 *   node --import tsx bench/report.ts [--alerts 100000] [--runs 3]
 *
 * The alerts come from test/report/large-replay.ts: synthetic sign-ins replayed by the detection
 * runtime (real alert records and incident grouping); the replay itself is not timed here.
 * write = renderReport + writing the file; open = navigation until the page's script has drawn the
 * summary and the first incident page (body[data-ready]); search = typing an account until the list
 * shows its incidents. Medians of --runs; the machine's load average is printed beside them, and the
 * write's CPU time (user + system) beside its wall time, which a busy machine stretches.
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport } from '../src/report/html.js';
import { largeReplay, HOSTILE_USER } from '../test/report/large-replay.js';

const { values } = parseArgs({ options: { alerts: { type: 'string' }, runs: { type: 'string' } } });
const N = Number(values.alerts ?? 100_000), RUNS = Number(values.runs ?? 3);
const CHROMIUM = process.env.CLOUDHOP_CHROMIUM ?? '/usr/bin/chromium';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const dir = mkdtempSync(join(tmpdir(), 'cloudhop-bench-report-'));
try {
  let t = performance.now();
  const out = await largeReplay(N);
  console.log(`replay (not part of the figures): ${out.alerts.length.toLocaleString('en-US')} alerts → ${out.incidents.length.toLocaleString('en-US')} incidents in ${s(performance.now() - t)}`);
  const file = join(dir, 'report.html');
  const writes: number[] = [], cpus: number[] = [];
  let peakRss = 0;
  for (let r = 0; r < RUNS; r++) {
    t = performance.now();
    const c0 = process.cpuUsage();
    writeFileSync(file, renderReport({ title: `${N} alerts`, alerts: out.alerts, incidents: out.incidents }));
    writes.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const bytes = statSync(file).size;
  console.log(`write: median ${s(median(writes))} wall, ${s(median(cpus))} CPU (runs: ${writes.map(s).join(', ')}); file ${(bytes / 1e6).toFixed(1)} MB (${bytes.toLocaleString('en-US')} bytes); process RSS after writing ${(peakRss / 1e6).toFixed(0)} MB (alerts in memory included)`);
  if (!existsSync(CHROMIUM)) console.log(`open: skipped (${CHROMIUM} is absent)`);
  else {
    const { chromium } = await import('playwright-core');
    const opens: number[] = [], searches: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        t = performance.now();
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
        await page.waitForSelector('body[data-ready="1"]', { timeout: 120_000 });
        opens.push(performance.now() - t);
        await page.click('nav.tabs button[data-tab="incidents"]');
        t = performance.now();
        await page.fill('#search', HOSTILE_USER);
        await page.waitForFunction((q) => document.getElementById('range')!.getAttribute('data-q') === q, HOSTILE_USER, { timeout: 60_000 });
        searches.push(performance.now() - t);
      } finally { await browser.close(); }
    }
    console.log(`open: median ${s(median(opens))} (runs: ${opens.map(s).join(', ')}); first search (builds the index; includes the 120 ms typing pause): median ${s(median(searches))}`);
  }
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
} finally { rmSync(dir, { recursive: true, force: true }); }
