import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { fixtureReport } from './fixture.js';
import { largeReplay, HOSTILE_USER } from './large-replay.js';
import { renderReport } from '../../src/report/html.js';
import type { DetectionResult } from '../../src/detect/index.js';

// The report in Debian's headless Chromium (driven by playwright-core): behaviour only (timings
// are bench/report.ts's). CLOUDHOP_SCREENSHOT=dir saves docs-style screenshots there.
const CHROMIUM = process.env.CLOUDHOP_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium): browser test skipped`;
/** Alerts in the large replay (acceptance: 100 k); CLOUDHOP_REPORT_ALERTS lowers it for a quick run. */
const LARGE = Number(process.env.CLOUDHOP_REPORT_ALERTS ?? 100_000);
const SHOTS = process.env.CLOUDHOP_SCREENSHOT;

let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cloudhop-browser-'));
before(async () => {
  if (skip) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
after(async () => { await browser?.close(); rmSync(dir, { recursive: true, force: true }); });

async function open(file: string, problems: string[], requests: string[] = []): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 120_000 });
  return page;
}
async function search(page: Page, q: string): Promise<void> {
  await page.fill('#search', q);
  await page.waitForFunction((want) => document.getElementById('range')!.getAttribute('data-q') === want, q, { timeout: 60_000 });
}

test('fixture report: renders, no console errors or network, injected HTML shown as text, search filters', { skip, timeout: 120_000 }, async () => {
  const file = join(dir, 'fixture.html');
  writeFileSync(file, fixtureReport());
  const problems: string[] = [], requests: string[] = [];
  const page = await open(file, problems, requests);
  assert.deepEqual(problems, [], 'console errors');
  assert.deepEqual(requests, [], 'network requests');
  await page.click('nav.tabs button[data-tab="incidents"]');
  assert.equal(await page.locator('section.incident').count(), 2);
  // Open everything: incidents, then alerts (bodies are drawn on demand).
  for (const d of await page.locator('details.incident').all()) await d.evaluate((e) => { (e as HTMLDetailsElement).open = true; });
  for (const d of await page.locator('details.alert').all()) await d.evaluate((e) => { (e as HTMLDetailsElement).open = true; });
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'injected code ran');
  assert.equal(await page.locator('img').count(), 0, 'an injected <img> became an element');
  assert.equal(await page.locator('script:not([type])').count(), 1);
  const text = await page.locator('body').innerText();
  assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), 'injected HTML is not shown as text');
  assert.ok(await page.locator('svg.timeline rect').count() >= 2, 'timeline has alert bars');
  assert.ok(await page.locator('svg.graph g.node').count() >= 4, 'entity graph has nodes');
  // The cloud-app column of the graph is filled (the entity maps Microsoft Azure CLI).
  assert.ok(await page.locator('svg.graph g.node', { hasText: 'Microsoft Azure CLI' }).count() >= 1, 'cloud app in the graph');
  await page.click('nav.tabs button[data-tab="evaluation"]');
  assert.equal(await page.locator('table.matrix').count(), 1);
  await page.click('nav.tabs button[data-tab="incidents"]');
  await search(page, 'batch-worker');
  assert.equal(await page.locator('#shown').innerText(), '1');
  assert.equal(await page.locator('section.incident').count(), 1);
  await search(page, '');
  assert.equal(await page.locator('section.incident').count(), 2);
  assert.deepEqual(problems, [], 'console errors after interaction');
  await page.close();
});

let large: { file: string; out: DetectionResult } | undefined;
async function largeReport(): Promise<{ file: string; out: DetectionResult }> {
  if (large) return large;
  const out = await largeReplay(LARGE);
  const file = join(dir, 'large.html');
  writeFileSync(file, renderReport({ title: `${LARGE} alerts`, alerts: out.alerts, incidents: out.incidents, footer: 'large replay (test/report/large-replay.ts)' }));
  large = { file, out };
  return large;
}

test(`${LARGE.toLocaleString('en-US')}-alert replay: ≤ 50 MB; first incident is the highest severity, event times in its header; search finds one; every alert reachable`, { skip, timeout: 900_000 }, async () => {
  const { file, out } = await largeReport();
  assert.ok(out.alerts.length > LARGE, `${out.alerts.length} alerts`);
  assert.ok(out.incidents.length < out.alerts.length, 'grouping did nothing');
  const bytes = statSync(file).size;
  assert.ok(bytes <= 50 * 1024 * 1024, `report is ${(bytes / 1e6).toFixed(1)} MB`);
  const problems: string[] = [];
  const page = await open(file, problems);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'report-summary.png') });
  await page.click('nav.tabs button[data-tab="incidents"]');

  // The first incident on screen: the highest severity there is, its header shows event times.
  const first = page.locator('details.incident').first();
  assert.equal(await first.getAttribute('data-severity'), 'High');
  const id = await first.getAttribute('data-incident');
  const inc = out.incidents.find((i) => i.incidentId === id)!;
  assert.ok(inc, 'first incident unknown');
  assert.equal(inc.severity, 'High');
  const fmt = (iso: string): string => new Date(iso).toISOString().replace('T', ' ').slice(0, 19);
  assert.equal(await first.locator('.when').innerText(), `${fmt(inc.firstEventTime)} → ${fmt(inc.lastEventTime)} UTC`);
  if (SHOTS) {
    await first.evaluate((e) => { (e as HTMLDetailsElement).open = true; });
    await page.screenshot({ path: join(SHOTS, 'report-screenshot.png') });
    await first.evaluate((e) => { (e as HTMLDetailsElement).open = false; });
  }

  // Search: the account with bidi overrides in its user agent finds its one incident; the text is neutralised.
  await search(page, HOSTILE_USER);
  assert.equal(await page.locator('section.incident').count(), 1);
  const hit = page.locator('details.incident').first();
  await hit.evaluate((e) => { (e as HTMLDetailsElement).open = true; });
  const alert = hit.locator('details.alert', { hasText: HOSTILE_USER });
  await alert.first().evaluate((e) => { (e as HTMLDetailsElement).open = true; });
  const body = await hit.innerText();
  assert.ok(body.includes('⟨U+202E⟩gnp.exe⟨U+202C⟩'), 'bidi override not shown as a marker');
  assert.ok(!/[\u202A-\u202E\u2066-\u2069\u0007]/.test(body), 'a bidi or control character reached the page');
  assert.equal(await page.locator('img').count(), 0);

  // An alert found by its id (the last one raised), inside its incident's alert list.
  const last = out.alerts[out.alerts.length - 1]!;
  await search(page, last.alertId);
  assert.equal(await page.locator('section.incident').count(), 1);
  const box = page.locator('details.incident').first();
  assert.equal(await box.getAttribute('data-incident'), last.incidentId);
  await box.evaluate((e) => { (e as HTMLDetailsElement).open = true; });
  assert.equal(await box.locator(`details.alert[data-alert="${last.alertId}"]`).count(), 1);

  // Every alert reachable: page through every incident (1,000 a page) and count their alerts.
  await search(page, '');
  await page.selectOption('#pagesize', '1000');
  let seenAlerts = 0, seenIncidents = 0;
  const ids = new Set<string>();
  for (;;) {
    const page1 = await page.evaluate(() => [...document.querySelectorAll('details.incident')].map((d) => [d.getAttribute('data-incident'), Number(d.getAttribute('data-alerts'))] as [string, number]));
    for (const [i, n] of page1) { ids.add(i); seenAlerts += n; seenIncidents++; }
    if (await page.locator('#next').isDisabled()) break;
    await page.click('#next');
  }
  assert.equal(seenIncidents, out.incidents.length);
  assert.equal(ids.size, out.incidents.length);
  assert.equal(seenAlerts, out.alerts.length);
  assert.deepEqual(problems, [], 'console errors');
  await page.close();
});
