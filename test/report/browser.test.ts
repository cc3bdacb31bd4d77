import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtureReport } from './fixture.js';

// Renders the report in Debian's headless Chromium (driven by playwright-core): it must render with
// no console errors, make no network request, and show injected HTML / script as text.
// CLOUDHOP_SCREENSHOT=path.png also saves a screenshot.
const CHROMIUM = process.env.CLOUDHOP_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium): browser test skipped`;

test('report.html in headless Chromium: renders, no console errors, injected HTML shown as text', { skip, timeout: 60_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-browser-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, fixtureReport());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.deepEqual(problems, [], 'console errors');
    assert.deepEqual(requests, [], 'network requests');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'injected code ran');
    assert.equal(await page.locator('img').count(), 0, 'an injected <img> became an element');
    assert.equal(await page.locator('script').count(), 1);
    await page.evaluate(() => { document.querySelectorAll('details').forEach((d) => { d.open = true; }); });
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), 'injected HTML is not shown as text');
    assert.ok(text.includes('</script><script>window.__pwned=2</script>') || (await page.content()).includes('&lt;/script&gt;&lt;script&gt;window.__pwned=2'), 'injected script is not shown as text');
    assert.equal(await page.locator('section.incident').count(), 2);
    assert.ok(await page.locator('svg.timeline circle').count() >= 4, 'timeline has evidence dots');
    assert.ok(await page.locator('svg.graph rect').count() >= 4, 'entity graph has nodes');
    assert.equal(await page.locator('table.matrix').count(), 1);
    // The inline script (allowed by its CSP hash) filters incidents.
    await page.fill('#filter', 'batch-worker');
    assert.equal(await page.locator('#shown').innerText(), '1');
    assert.equal(await page.locator('section.incident:visible').count(), 1);
    await page.fill('#filter', '');
    if (process.env.CLOUDHOP_SCREENSHOT) await page.screenshot({ path: process.env.CLOUDHOP_SCREENSHOT, fullPage: false });
    assert.deepEqual(problems, [], 'console errors after interaction');
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
