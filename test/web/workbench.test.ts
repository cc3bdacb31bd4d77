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
  const get = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; csp: string | null; type: string | null }> => {
    const r = spawnSync(process.execPath, ['-e', `
      const https = require('node:https');
      const req = https.request(${JSON.stringify(serve.url + path)}, { rejectUnauthorized: false, headers: ${JSON.stringify(headers)} }, (res) => {
        res.resume(); res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, csp: res.headers['content-security-policy'] ?? null, type: res.headers['content-type'] ?? null })));
      }); req.end();`], { encoding: 'utf8' });
    return JSON.parse(r.stdout) as { status: number; csp: string | null; type: string | null };
  };
  for (const p of ['/', '/app.js', '/app.css', '/kusto.worker.js', '/editor.worker.js']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.csp, `${p}: no CSP`);
    assert.match(r.csp!, /default-src 'none'/);
    assert.match(r.csp!, /script-src 'self'(;|$)/, `${p}: script-src allows more than this origin`);
    assert.doesNotMatch(r.csp!, /unsafe-eval|script-src[^;]*unsafe-inline/);
    assert.match(r.csp!, /connect-src 'self'/);
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
