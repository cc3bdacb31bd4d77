// The web workbench (issue 18) in Debian's headless Chromium, driven by playwright-core, against
// `cloudhop serve` run as a user runs it (a child process on a workspace written by `cloudhop
// ingest`, with attacker-controlled text in its logs). Behaviour only: the time to first results
// paint is bench/workbench.ts's. Screenshots of each page go to docs/screenshots/ (linked from the
// README and web/README.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../helpers/shared.js';

const CHROMIUM = process.env.CLOUDHOP_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium): browser test skipped`;
const SHOTS = join(ROOT, 'docs', 'screenshots');
const TSX = ['--import', 'tsx'];
const MEGA = 'A'.repeat(1_000_000);
/** Attacker-controlled log text: markup, a closing script tag, a javascript: link, bidi overrides, 1 MB. */
const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '</script><script>window.__pwned=2</script>',
  link: 'javascript:window.__pwned=3',
  bidi: 'invoice\u202Etxt.exe',
};

function cli(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [...TSX, '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** `cloudhop serve` as a child: resolves with its URL and the token of its `workbench:` line. */
function startServe(ws: string): Promise<{ child: ChildProcess; url: string; token: string; workbench: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(['serve', '--workspace', ws, '--port', '0'])}); })`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const lines = out.split('\n');
      if (lines.length > 4) {
        const workbench = lines[3]!.replace(/^workbench: /, '');
        resolve({ child, url: lines[0]!.replace(/^listening on /, ''), token: /#token=(.+)$/.exec(workbench)![1]!, workbench });
      }
    });
    child.stderr!.on('data', (b: Buffer) => { err += b.toString('utf8'); });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

let dir: string, ws: string, serve: Awaited<ReturnType<typeof startServe>>;
let browser: Browser | undefined, context: BrowserContext | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudhop-web-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const fixtures = join(ROOT, 'test/kql/exec/fixtures/data');
  copyFileSync(join(fixtures, 'SigninLogs.jsonl'), join(data, 'SigninLogs.jsonl'));
  const csv = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(join(data, 'DeviceProcessEvents.csv'), readFileSync(join(fixtures, 'DeviceProcessEvents.csv'), 'utf8').trimEnd() + '\n' + [
    ['2024-06-01T12:00:00Z', 'ws66', 'mallory', HOSTILE.img, HOSTILE.script, HOSTILE.link],
    ['2024-06-01T12:30:00Z', 'ws66', 'mallory', HOSTILE.bidi, MEGA, 'cmd.exe'],
  ].map((r) => r.map(csv).join(',')).join('\n') + '\n');
  ws = join(dir, 'ws');
  const ing = cli(['ingest', data, '--workspace', ws]);
  assert.equal(ing.code, 0, ing.err);
  serve = await startServe(ws);
  if (skip) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // The server's certificate is the self-signed one kept in the workspace.
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
});
after(async () => {
  await context?.close(); await browser?.close();
  serve?.child.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Watched { page: Page; problems: string[]; foreign: string[] }
async function open(hash: string, withToken = true): Promise<Watched> {
  const page = await context!.newPage();
  const problems: string[] = [], foreign: string[] = [];
  const origin = new URL(serve.url).origin;
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u); });
  await page.goto(`${serve.url}/${withToken ? `#token=${serve.token}&${hash.replace(/^#/, '')}` : hash}`);
  if (withToken) await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  return { page, problems, foreign };
}

/** Replaces the editor's text as a paste would (no completion popping in while typing). */
async function setQuery(page: Page, text: string): Promise<void> {
  await page.click('#editor .view-lines');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
async function run(page: Page): Promise<string> {
  const before = await page.getAttribute('#status', 'data-seq');
  await page.click('#run');
  await page.waitForFunction((b) => { const s = document.getElementById('status')!; return s.dataset.seq !== b && !s.classList.contains('running'); }, before, { timeout: 120_000 });
  return (await page.textContent('#status')) ?? '';
}
/** The grid's cells as shown, row by row (the rows drawn: all of them for a small result). */
async function gridRows(page: Page): Promise<string[][]> {
  return page.$$eval('.grid-body .grid-row', (rows) => rows
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => [...r.querySelectorAll('.grid-cell')].map((c) => c.firstChild?.textContent ?? '')));
}
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name) });
}

test('served at /: a strict CSP on every workbench response, no token → the sign-in prompt and 401 from the API', { timeout: 60_000 }, async () => {
  // The path as written (a URL string would have its dot segments resolved by the client).
  const get = (path: string, headers: Record<string, string> = {}): Promise<{ status: number; csp: string | null; type: string | null }> => new Promise((resolve, reject) => {
    const u = new URL(serve.url);
    const req = httpsRequest({ host: u.hostname, port: u.port, path, rejectUnauthorized: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, csp: (res.headers['content-security-policy'] as string | undefined) ?? null, type: res.headers['content-type'] ?? null }));
    });
    req.on('error', reject);
    req.end();
  });
  for (const p of ['/', '/app.js', '/app.css', '/kusto.worker.js', '/editor.worker.js']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.csp, `${p}: no CSP`);
    assert.match(r.csp!, /default-src 'none'/);
    assert.match(r.csp!, /script-src 'self'(;|$)/, `${p}: script-src allows more than this origin`);
    assert.doesNotMatch(r.csp!, /unsafe-eval|script-src[^;]*unsafe-inline/);
    assert.match(r.csp!, /connect-src 'self'/);
  }
  // Only the bundles are served: no path reaches another file.
  for (const p of ['/assets/../../package.json', '/assets/..', '/assets/.', '/assets/', '/../package.json', '/%2e%2e/package.json', '/index.html/../../src/serve/server.ts', '/assets/%2e%2e%2f%2e%2e%2fpackage.json']) {
    const r = await get(p);
    assert.ok(r.status === 401 || r.status === 404, `${p}: ${r.status}`);
  }
  // A small fuzz of static-looking paths: never a 5xx, never a file outside the bundle.
  const parts = ['assets', '.', '..', 'app.js', 'app.css', '%2e', '%2f', 'index.html', '', 'kusto.worker.js', 'app.js.LEGAL.txt', 'x', '%00', 'codicon.ttf', '~'];
  let seed = 7;
  const pick = (): string => { seed = (seed * 1103515245 + 12345) % 2147483648; return parts[seed % parts.length]!; };
  for (let i = 0; i < 120; i++) {
    const p = '/' + Array.from({ length: 1 + (i % 4) }, pick).join('/');
    const r = await get(p);
    assert.ok(r.status < 500, `${p}: ${r.status}`);
    if (r.status === 200) assert.ok(r.csp, `${p}: 200 without a CSP`);
  }
  assert.equal((await get('/workbench/api/schema')).status, 401);
  const ok = await get('/workbench/api/schema', { authorization: `Bearer ${serve.token}` });
  assert.equal(ok.status, 200);
  assert.ok(ok.csp);
  const html = readFileSync(join(ROOT, 'dist/web/index.html'), 'utf8');
  assert.doesNotMatch(html.replace(/<script type="module" src="app\.js"><\/script>/, ''), /<script/i, 'inline script in the page');
});

test('the UI needs the token: the prompt, a wrong token refused, the right one opens the workbench', { skip, timeout: 120_000 }, async () => {
  const { page, problems } = await open('#/query', false);
  await page.waitForSelector('#token-form');
  await shot(page, 'workbench-sign-in.png');
  await page.fill('#token-input', 'not-the-token');
  await page.click('#token-form button');
  await page.waitForSelector('#token-form >> text=refused');
  await page.fill('#token-input', serve.token);
  await page.click('#token-form button');
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('cloudhop.token')), serve.token);
  // The one 401 of the wrong token is the only console complaint.
  assert.deepEqual(problems.filter((p) => !/401/.test(p)), []);
  await page.close();
});

/** A cell as the grid shows it, from `cloudhop query --format json` (datetimes compared as instants). */
function asShown(v: unknown, type: string): string {
  if (v === null || v === undefined) return '';
  if (type === 'datetime') return String(Date.parse(String(v)));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

test('a query run in the editor: the grid shows the rows of `cloudhop query`, columns in the query\'s order', { skip, timeout: 180_000 }, async () => {
  const q = 'DeviceProcessEvents | where AccountName != "mallory" | sort by Timestamp asc | project Timestamp, DeviceName, AccountName, FileName, InitiatingProcessFileName';
  const local = JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', q]).out) as { columns: { name: string; type: string }[]; rows: unknown[][] };
  const { page, problems, foreign } = await open('#/query');
  await setQuery(page, q);
  const status = await run(page);
  assert.match(status, new RegExp(`^${local.rows.length} rows · `));
  const heads = await page.$$eval('.grid-head .grid-hname', (els) => els.map((e) => e.textContent));
  assert.deepEqual(heads, local.columns.map((c) => c.name));
  const types = local.columns.map((c) => c.type);
  const shown = (await gridRows(page)).map((r) => r.map((v, j) => (types[j] === 'datetime' ? String(Date.parse(v)) : v)));
  assert.deepEqual(shown, local.rows.map((r) => r.map((v, j) => asShown(v, types[j]!))));
  await shot(page, 'workbench-query.png');
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('misspelled column: our check underlines exactly it, completion offers the right one; the corrected query shows the rows of `cloudhop query`', { skip, timeout: 180_000 }, async () => {
  const { page, problems, foreign } = await open('#/query');
  await page.waitForSelector('#editor[data-schema="ready"]', { timeout: 60_000 });
  await setQuery(page, 'SigninLogs\n| where UserPrincipalNam == "a@contoso.com"');
  // The marker: Monaco draws it as a squiggle under the range our check gave (2:9, 16 characters).
  const squiggle = page.locator('#editor .squiggly-error.cloudhop-check').first();
  await squiggle.waitFor({ timeout: 30_000 });
  // (A string: tsx would wrap named functions of a callback in a helper the page lacks.)
  const want = await page.evaluate(`(() => {
    const lines = [...document.querySelectorAll('#editor .view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const walker = document.createTreeWalker(lines[1], NodeFilter.SHOW_TEXT);
    let text = '', node;
    const nodes = [];
    while ((node = walker.nextNode())) { nodes.push([node, text.length]); text += node.textContent; }
    const at = text.replace(/\u00a0/g, ' ').indexOf('UserPrincipalNam');
    const find = (off) => { const [n, s] = [...nodes].reverse().find(([, s]) => s <= off); return [n, off - s]; };
    const r = document.createRange();
    r.setStart(...find(at)); r.setEnd(...find(at + 'UserPrincipalNam'.length));
    const b = r.getBoundingClientRect();
    return { col: at + 1, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
  })()`) as { col: number; left: number; right: number; top: number; bottom: number };
  assert.equal(want.col, 9);
  const got = (await squiggle.boundingBox())!;
  assert.ok(Math.abs(got.x - want.left) < 2 && Math.abs(got.x + got.width - want.right) < 2, `squiggle at x ${got.x}..${got.x + got.width}, the name at ${want.left}..${want.right}`);
  assert.ok(got.y >= want.top - 2 && got.y <= want.bottom + 4, `squiggle at y ${got.y}, the line at ${want.top}..${want.bottom}`);
  await page.mouse.move((want.left + want.right) / 2, (want.top + want.bottom) / 2);
  const hover = page.locator('.monaco-hover').filter({ hasText: 'KQL100' });
  await hover.waitFor({ timeout: 15_000 });
  assert.match(await hover.innerText(), /KQL100 Unknown column or variable 'UserPrincipalNam'\. Did you mean 'UserPrincipalName'\?/);
  await shot(page, 'workbench-diagnostic.png');
  // Completion at the misspelled name offers the column of the schema.
  await setQuery(page, 'SigninLogs\n| where UserPrincipalNam');
  await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'UserPrincipalName' });
  await row.first().waitFor({ timeout: 30_000 });
  await shot(page, 'workbench-completion.png');
  await row.first().click();
  const editorText = async (): Promise<string> => (await page.locator('#editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
  assert.match(await editorText(), /^SigninLogs\n\| where UserPrincipalName\s*$/);
  await page.keyboard.press('End');
  await page.keyboard.insertText(' == "a@contoso.com" | project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress');
  await page.waitForFunction(() => document.querySelectorAll('#editor .squiggly-error.cloudhop-check').length === 0, undefined, { timeout: 30_000 });
  const q = await editorText();
  assert.match(q, /^SigninLogs\n\| where UserPrincipalName +== "a@contoso\.com" \| project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress$/);
  await run(page);
  const local = JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', q]).out) as { columns: { name: string; type: string }[]; rows: unknown[][] };
  assert.ok(local.rows.length > 0);
  const types = local.columns.map((c) => c.type);
  const shown = (await gridRows(page)).map((r) => r.map((v, j) => (types[j] === 'datetime' ? String(Date.parse(v)) : v)));
  assert.deepEqual(shown, local.rows.map((r) => r.map((v, j) => asShown(v, types[j]!))));
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

/** Runs a query whose result is drawn as a chart; returns the chart's data attributes and its SVG text. */
async function chartOf(page: Page, q: string): Promise<{ series: number; panels: number; anomalies: number; kind: string; text: string }> {
  await setQuery(page, q);
  const status = await run(page);
  assert.match(status, /rows?/, `${q}: ${status}`);
  const view = page.locator('.view-chart');
  await view.locator('svg').first().waitFor({ timeout: 30_000 });
  const a = await view.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  return { series: Number(a.series), panels: Number(a.panels), anomalies: Number(a.anomalies), kind: a.kind ?? '', text: await view.locator('svg').first().textContent() ?? '' };
}

test('render: timechart draws one series per device with its title; ysplit=panels; every kind draws', { skip, timeout: 240_000 }, async () => {
  const { page, problems, foreign } = await open('#/query');
  const devices = (JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', 'DeviceProcessEvents | distinct DeviceName | sort by DeviceName asc']).out) as { rows: string[][] }).rows.map((r) => r[0]!);
  assert.ok(devices.length >= 3);
  const t = await chartOf(page, 'DeviceProcessEvents\n| summarize n = count() by bin(Timestamp, 1h), DeviceName\n| render timechart with (title="processes per device")');
  assert.equal(t.kind, 'timechart');
  assert.equal(t.series, devices.length, 'one series per DeviceName');
  assert.ok(t.text.includes('processes per device'), 'title drawn');
  for (const d of devices) assert.ok(t.text.includes(d), `legend names ${d}`);
  await shot(page, 'workbench-timechart.png');
  const p = await chartOf(page, 'DeviceProcessEvents\n| summarize n = count(), files = dcount(FileName) by bin(Timestamp, 1h)\n| render timechart with (ysplit=panels)');
  assert.equal(p.series, 2);
  assert.equal(p.panels, 2, 'ysplit=panels: one panel per y column');
  const kinds: [string, string, number][] = [
    ['linechart', 'range x from 1 to 10 step 1 | extend y = x * x, z = 2 * x | render linechart', 2],
    ['areachart', 'DeviceProcessEvents | summarize n = count() by bin(Timestamp, 1h), DeviceName | render areachart', devices.length],
    ['columnchart', 'DeviceProcessEvents | summarize n = count() by DeviceName | render columnchart', 1],
    ['barchart', 'DeviceProcessEvents | summarize n = count() by AccountName | render barchart with (title="by account")', 1],
    ['piechart', 'DeviceProcessEvents | summarize n = count() by DeviceName | render piechart', 1],
    ['scatterchart', 'range x from 1 to 20 step 1 | extend y = x % 7 | render scatterchart', 1],
  ];
  for (const [kind, q, series] of kinds) {
    const c = await chartOf(page, q);
    assert.equal(c.kind, kind, q);
    assert.equal(c.series, series, `${kind}: series`);
  }
  const a = await chartOf(page, 'range i from 0 to 23 step 1\n| extend t = datetime(2024-01-01) + i * 1h, v = iff(i == 12, 100.0, 1.0), a = iff(i == 12, 1, 0)\n| project t, v, a\n| render anomalychart with (anomalycolumns=a, title="anomaly")');
  assert.equal(a.kind, 'anomalychart');
  assert.equal(a.series, 1);
  assert.equal(a.anomalies, 1, 'the one anomaly marked');
  await shot(page, 'workbench-anomalychart.png');
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('a 100,000-row result scrolls: the last row is reached with a few dozen row elements in the page; sort and filter', { skip, timeout: 240_000 }, async () => {
  const { page, problems } = await open('#/query');
  await setQuery(page, 'range i from 1 to 100000 step 1 | extend s = strcat("row-", i), half = i % 2 == 0');
  const status = await run(page);
  assert.match(status, /^100,000 rows · /);
  assert.equal(await page.textContent('.grid-count'), '100,000 of 100,000 rows');
  const scroller = page.locator('.grid-scroll');
  await scroller.evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForSelector('.grid-row[aria-rowindex="100000"]');
  const last = await page.locator('.grid-row[aria-rowindex="100000"] .grid-cell').allTextContents();
  assert.deepEqual(last.slice(0, 2), ['100000', 'row-100000']);
  const drawn = await page.locator('.grid-body .grid-row').count();
  assert.ok(drawn < 200, `${drawn} row elements for 100,000 rows`);
  await scroller.evaluate((e) => { e.scrollTop = e.scrollHeight / 2; });
  await page.waitForSelector('.grid-row[aria-rowindex="50000"]');
  // Sort descending on i (two clicks), then filter on s.
  await page.click('.grid-hcell[data-col="0"]');
  await page.click('.grid-hcell[data-col="0"]');
  await scroller.evaluate((e) => { e.scrollTop = 0; });
  await page.waitForSelector('.grid-row[aria-rowindex="1"]');
  assert.equal(await page.locator('.grid-row[aria-rowindex="1"] .grid-cell').first().textContent(), '100000');
  await page.fill('.grid-filter[data-col="1"]', 'row-9999');
  await page.waitForFunction(() => document.querySelector('.grid-count')!.textContent === '11 of 100,000 rows');
  // A chart of 100,000 points is drawn on a canvas, and says so.
  await setQuery(page, 'range i from 1 to 100000 step 1 | extend y = i % 97 | render linechart');
  await run(page);
  await page.waitForSelector('.view-chart canvas');
  assert.match((await page.locator('.view-chart .note').textContent())!, /^100,000 points: drawn on a canvas/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('attacker-controlled log text renders as inert text: markup, </script>, javascript: links, bidi overrides, a 1 MB string', { skip, timeout: 240_000 }, async () => {
  const { page, problems, foreign } = await open('#/query');
  await setQuery(page, 'DeviceProcessEvents | where AccountName == "mallory" | sort by Timestamp asc | project FileName, ProcessCommandLine, InitiatingProcessFileName');
  const status = await run(page);
  assert.match(status, /^2 rows/);
  const rows = await gridRows(page);
  assert.equal(rows[0]![0], HOSTILE.img);
  assert.equal(rows[0]![1], HOSTILE.script);
  assert.equal(rows[0]![2], HOSTILE.link);
  assert.equal(rows[1]![0], 'invoice<U+202E>txt.exe', 'the bidi override is shown, not obeyed');
  assert.equal(rows[1]![1], 'A'.repeat(240), 'a 1 MB cell shows its start');
  assert.equal(await page.locator('#results img, #results script, #results a[href^="javascript"], #results iframe').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'injected code ran');
  await shot(page, 'workbench-hostile.png');
  // The 1 MB value opens in the detail panel: its first 100,000 characters, then all on demand.
  await page.locator('.grid-row[aria-rowindex="2"] .grid-cell[data-col="1"] .grid-expand').click();
  await page.waitForSelector('.grid-detail:not([hidden])');
  assert.equal((await page.locator('.grid-detail-text').textContent())!.length, 100_000);
  await page.locator('.grid-detail button', { hasText: 'show all 1,000,000 characters' }).click();
  assert.equal((await page.locator('.grid-detail-text').textContent())!.length, 1_000_000);
  // Through a chart's legend and the editor too: the same text as a series name and in the query.
  await setQuery(page, `print k = "${HOSTILE.img.replace(/"/g, '\\"')}", n = 1 | render piechart`);
  await run(page);
  // The tooltip of the slice names it: as text.
  const pie = (await page.locator('.view-chart svg').first().boundingBox())!;
  await page.mouse.move(pie.x + pie.width / 2, pie.y + pie.height / 2);
  await page.mouse.move(pie.x + pie.width / 2 + 5, pie.y + pie.height / 2 + 5);
  await page.waitForFunction(() => [...document.querySelectorAll('#results div')].some((d) => (d.textContent ?? '').includes('onerror') && getComputedStyle(d).position === 'absolute'), undefined, { timeout: 10_000 });
  assert.equal(await page.locator('#results img, #results script').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'injected code ran');
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('schema browser: tables, columns and types, row counts, time ranges', { skip, timeout: 120_000 }, async () => {
  const { page, problems } = await open('#/schema');
  const t = page.locator('details.schema-table[data-table="DeviceProcessEvents"]');
  await t.waitFor();
  assert.equal(await t.locator('.rows').textContent(), '5 rows');
  assert.equal(await t.locator('.range').textContent(), 'TimeGenerated: 2024-06-01T08:00:00.000Z → 2024-06-01T12:30:00.000Z');
  await t.locator('summary').click();
  const cols = await t.locator('table.columns tr').allInnerTexts();
  const local = JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', 'DeviceProcessEvents | getschema | project ColumnName, ColumnType']).out) as { rows: string[][] };
  assert.deepEqual(cols.map((c) => c.replace(/\s+/g, ' ').trim()), local.rows.map((r) => r.join(' ')));
  await page.evaluate(() => document.getElementById('page')!.scrollTo(0, 0));
  await shot(page, 'workbench-schema.png');
  // The known tables without rows are listed on demand.
  const before = await page.locator('details.schema-table').count();
  await page.check('#schema-empty');
  assert.ok(await page.locator('details.schema-table').count() > before);
  assert.equal(await page.locator('details.schema-table[data-table="AzureActivity"] .rows').textContent(), '0 rows');
  assert.deepEqual(problems, []);
  await page.close();
});

test('editor: #/query?q=&from=&to= opens a tab windowed in time; tabs and history kept; Shift+Enter runs; truncation in the status line; Cancel aborts', { skip, timeout: 240_000 }, async () => {
  const q = 'SigninLogs | project TimeGenerated, UserPrincipalName | sort by TimeGenerated asc';
  const { page, problems, foreign } = await open(`#/query?${new URLSearchParams({ q, from: '2024-06-01T10:00:00Z', to: '2024-06-01T12:00:00Z' })}`);
  assert.equal(await page.inputValue('#from'), '2024-06-01T10:00:00Z');
  assert.equal(await page.inputValue('#to'), '2024-06-01T12:00:00Z');
  assert.equal((await page.locator('#editor .view-lines').innerText()).replace(/\u00a0/g, ' '), q);
  await run(page);
  const all = (JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', q]).out) as { rows: string[][] }).rows;
  const inWindow = all.filter((r) => r[0]! >= '2024-06-01T10:00:00' && r[0]! < '2024-06-01T12:00:00');
  assert.ok(inWindow.length > 0 && inWindow.length < all.length);
  assert.deepEqual((await gridRows(page)).map((r) => r[1]), inWindow.map((r) => r[1]));
  // A second tab, run with Shift+Enter; both tabs and the history survive a reload.
  await page.click('.tab-add');
  await page.click('#editor .view-lines');
  await page.keyboard.insertText('set truncationmaxrecords = 1000;\nrange i from 1 to 5000 step 1');
  const seq = await page.getAttribute('#status', 'data-seq');
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction((b) => document.getElementById('status')!.dataset.seq !== b, seq);
  assert.match((await page.textContent('#status'))!, /^1,000 rows · .* · truncated: .*exceed the set limit of 1000 records/);
  assert.ok(await page.locator('#status.warn').count());
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.locator('.tab').count(), (await page.evaluate(() => JSON.parse(localStorage.getItem('cloudhop.tabs')!).length)) as number);
  assert.ok(await page.locator('.tab').count() >= 2);
  const history = await page.locator('#history option').allTextContents();
  assert.ok(history.some((h) => h.includes('range i from 1 to 5000')), 'history keeps the query');
  assert.ok(history.some((h) => h.includes('SigninLogs | project')), 'history keeps the windowed query');
  // Cancel: the request is aborted, the status says so, Run is enabled again.
  await setQuery(page, 'range i from 1 to 3000000 step 1 | extend s = strcat("x", i % 1000003) | summarize n = count() by s | count');
  await page.click('#run');
  await page.waitForSelector('#cancel:not([disabled])');
  await page.click('#cancel');
  await page.waitForSelector('#status.error');
  assert.match((await page.textContent('#status'))!, /^cancelled after \d+ ms/);
  assert.equal(await page.locator('#run[disabled]').count(), 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test('grid: resize a column, copy a cell, expand a dynamic cell, export CSV and JSON of the rows as sorted', { skip, timeout: 180_000 }, async () => {
  await context!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
  const { page, problems } = await open('#/query');
  await setQuery(page, 'SigninLogs | project UserPrincipalName, ResultType, LocationDetails | sort by UserPrincipalName asc');
  await run(page);
  const head = page.locator('.grid-hcell[data-col="0"]');
  const w0 = (await head.boundingBox())!.width;
  const handle = (await head.locator('.grid-resize').boundingBox())!;
  await page.mouse.move(handle.x + 2, handle.y + 5);
  await page.mouse.down();
  await page.mouse.move(handle.x + 82, handle.y + 5, { steps: 4 });
  await page.mouse.up();
  const w1 = (await head.boundingBox())!.width;
  assert.ok(Math.abs(w1 - w0 - 80) < 3, `width ${w0} → ${w1}`);
  const cellW = (await page.locator('.grid-row[aria-rowindex="1"] .grid-cell[data-col="0"]').boundingBox())!.width;
  assert.ok(Math.abs(cellW - w1) < 1, 'cells follow the header');
  // Copy: select a cell, Ctrl+C.
  await page.locator('.grid-row[aria-rowindex="1"] .grid-cell[data-col="0"]').click();
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t === 'a@contoso.com'));
  // A dynamic cell expands to its JSON, pretty-printed.
  await page.locator('.grid-row[aria-rowindex="1"] .grid-cell[data-col="2"] .grid-expand').click();
  assert.deepEqual(JSON.parse((await page.locator('.grid-detail-text').textContent())!), { city: 'Oslo', countryOrRegion: 'NO' });
  assert.match((await page.locator('.grid-detail-text').textContent())!, /\n {2}"city"/);
  // Sort descending on the first column, then export.
  await page.click('.grid-hcell[data-col="0"] .grid-hname');
  await page.click('.grid-hcell[data-col="0"] .grid-hname');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.grid-bar button:has-text("Export CSV")')]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  const local = JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', 'SigninLogs | project UserPrincipalName, ResultType, LocationDetails | sort by UserPrincipalName desc']).out) as { rows: unknown[][] };
  assert.equal(csvText.split('\r\n')[0], 'UserPrincipalName,ResultType,LocationDetails');
  assert.deepEqual(csvText.trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]), local.rows.map((r) => r[0]));
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('.grid-bar button:has-text("Export JSON")')]);
  const records = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Record<string, unknown>[];
  assert.deepEqual(records.map((r) => [r.UserPrincipalName, r.ResultType, r.LocationDetails]), local.rows);
  assert.deepEqual(problems, []);
  await page.close();
});
