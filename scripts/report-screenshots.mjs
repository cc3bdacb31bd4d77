// Screenshots of a report for docs/: node scripts/report-screenshots.mjs REPORT.html OUTDIR
// Writes OUTDIR/report-summary.png (the summary page) and OUTDIR/report-screenshot.png (the incident
// list with the first incident and its first alert opened). Needs /usr/bin/chromium (CLOUDHOP_CHROMIUM).
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, dir] = process.argv.slice(2);
if (!file || !dir) { console.error('usage: node scripts/report-screenshots.mjs REPORT.html OUTDIR'); process.exit(2); }
const b = await chromium.launch({ executablePath: process.env.CLOUDHOP_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const p = await b.newPage({ viewport: { width: 1280, height: 1000 } });
  await p.goto(pathToFileURL(resolve(file)).href);
  await p.waitForSelector('body[data-ready="1"]');
  await p.screenshot({ path: resolve(dir, 'report-summary.png') });
  await p.click('nav.tabs button[data-tab="incidents"]');
  const first = p.locator('details.incident').first();
  await first.evaluate((d) => { d.open = true; });
  await first.locator('details.alert').first().evaluate((d) => { d.open = true; });
  await p.screenshot({ path: resolve(dir, 'report-screenshot.png') });
} finally { await b.close(); }
