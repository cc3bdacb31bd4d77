// Time to first results paint in the web workbench (issue 18, acceptance 3): from the click on
// Run to the frame after the grid's first rows are in the page, for results of 1,000 / 10,000 /
// 100,000 rows (a `range` query: no data to load), in headless Chromium against an in-process
// `startServer` (Kusto v2 over http on loopback). Also the page's load: navigation to the editor
// ready with the schema fed to monaco-kusto. Figures to docs/PERFORMANCE.md; not a test.
//   npm run build && node --import tsx bench/workbench.ts [--runs N]
import { chromium } from 'playwright-core';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startServer } from '../src/serve/server.js';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);
const CHROMIUM = process.env.CLOUDHOP_CHROMIUM ?? '/usr/bin/chromium';
const TOKEN = 'bench-workbench-token-0123456789';

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const server = await startServer({ tables: new Map(), token: TOKEN, workbench: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
process.stdout.write(`# workbench bench: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${RUNS} runs each (median)\n`);
try {
  const loads: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(`${server.url}/#token=${TOKEN}`);
    await page.waitForSelector('#editor[data-schema="ready"]', { timeout: 120_000 });
    loads.push(Date.now() - t0);
    await page.close();
  }
  process.stdout.write(`page load → editor ready (schema in monaco-kusto): ${median(loads)} ms\n`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/#token=${TOKEN}`);
  await page.waitForSelector('#editor[data-schema="ready"]', { timeout: 120_000 });
  for (const n of [1_000, 10_000, 100_000]) {
    const q = `range i from 1 to ${n} step 1 | extend s = strcat("row-", i), t = datetime(2024-01-01) + i * 1s, d = bag_pack("i", i)`;
    await page.click('#editor .view-lines');
    await page.keyboard.press('Control+A'); await page.keyboard.press('Delete');
    await page.keyboard.insertText(q);
    const paint: number[] = [], fetchMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      // Clear the previous grid, then time click → first grid row in the page → the next frame.
      await page.evaluate(() => { document.getElementById('results')!.replaceChildren(); });
      const ms = await page.evaluate(() => new Promise<number>((resolve) => {
        const results = document.getElementById('results')!;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (!results.querySelector('.grid-body .grid-row')) return;
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        });
        obs.observe(results, { childList: true, subtree: true });
        (document.getElementById('run') as HTMLButtonElement).click();
      }));
      paint.push(ms);
      const m = /· ([\d.]+) (ms|s)\b/.exec((await page.textContent('#status')) ?? '');
      fetchMs.push(m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : NaN);
    }
    process.stdout.write(`${n.toLocaleString('en-US').padStart(7)} rows: first results paint ${median(paint).toFixed(0)} ms (of which the request and reading its JSON ${median(fetchMs).toFixed(0)} ms)\n`);
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
