// CLI start-up loads only what a command needs (docs/PERFORMANCE.md, Scale: `print 1` ≤ 0.3 s):
// a query over a layout-2/3 workspace never loads the Arrow reader (apache-arrow: ~150 modules),
// json/jsonl/csv output never loads the terminal table (string-width), and the catalog of known
// tables is looked up lazily. Each test checks the answer is unchanged: the same rows as in
// process, a layout-1 (Arrow) workspace still read through the CLI, the same catalog entries in the
// same order. No timings here (bench/scale.ts measures them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.js';
import { loadTables } from '../../src/ingest/load.js';
import { catalogOf, execute } from '../../src/kql/execute.js';
import { KNOWN_TABLES } from '../../src/store/schemas/index.js';
import { ROOT } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudhop-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A module hook that lists every module the CLI resolves (one URL a line, in a file).
const hook = join(dir, 'hook.mjs'), reg = join(dir, 'register.mjs');
writeFileSync(hook, `import { appendFileSync } from 'node:fs';
export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.CLOUDHOP_TEST_MODULES, r.url + '\\n'); return r; }\n`);
writeFileSync(reg, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});\n`);

let runs = 0;
function cli(args: string[]): { status: number | null; stdout: string; stderr: string; modules: string[] } {
  const list = join(dir, `modules-${runs++}.txt`);
  writeFileSync(list, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(reg).href, join(ROOT, 'bin/cloudhop.js'), ...args], { encoding: 'utf8', env: { ...process.env, CLOUDHOP_TEST_MODULES: list } });
  const modules = spawnSync('cat', [list], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules };
}
const loads = (mods: string[], part: string): boolean => mods.some((u) => u.includes(part));

const PAIRS = join(ROOT, 'test/fixtures/ingest/pairs');
const INPUTS = ['defender-streaming', 'graph-signin'].map((d) => join(PAIRS, d, 'input'));

test('query over a current workspace: no Arrow reader, no terminal table for jsonl; the same rows as in process', async () => {
  const ws = join(dir, 'ws');
  await ingestToWorkspace(INPUTS, ws);
  const p = cli(['query', '--workspace', ws, '--format', 'jsonl', 'print 1']);
  assert.equal(p.status, 0, p.stderr);
  assert.equal(p.stdout, '{"print_0":1}\n');
  assert.ok(p.modules.length > 0, 'the hook saw the modules');
  assert.ok(!loads(p.modules, '/apache-arrow/'), 'print 1 loads no Arrow module');
  assert.ok(!loads(p.modules, '/string-width/') && !loads(p.modules, '/terminal/table.js'), 'jsonl output loads no terminal table');

  const q = 'DeviceProcessEvents | summarize n = count() by DeviceName | order by DeviceName asc';
  const c = cli(['query', '--workspace', ws, '--format', 'jsonl', q]);
  assert.equal(c.status, 0, c.stderr);
  assert.ok(!loads(c.modules, '/apache-arrow/'), 'a scan of layout-3 segments loads no Arrow module');
  const { tables } = await loadTables(INPUTS);
  const r = execute(q, { tables });
  assert.ok(r.ok);
  const expected = r.result.rows.map((row) => JSON.stringify({ DeviceName: row[0], n: row[1] }) + '\n').join('');
  assert.ok(r.result.rows.length > 0);
  assert.equal(c.stdout, expected);

  // The table format still draws the terminal table (loaded on demand).
  const t = cli(['query', '--workspace', ws, 'print x = "wide 表"']);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /wide 表/);
  assert.ok(loads(t.modules, '/terminal/table.js'));
});

test('a layout-1 (Arrow) workspace still reads through the CLI: the Arrow reader loads on demand', async () => {
  const v1 = join(dir, 'v1');
  cpSync(join(ROOT, 'test/fixtures/store/v1-workspace'), v1, { recursive: true });
  const q = 'SigninLogs | count';
  const c = cli(['query', '--workspace', v1, '--format', 'jsonl', q]);
  assert.equal(c.status, 0, c.stderr);
  assert.ok(loads(c.modules, '/apache-arrow/'));
  const { tables } = await loadTables(['graph-signin'].map((d) => join(PAIRS, d, 'input')));
  const r = execute(q, { tables });
  assert.ok(r.ok);
  assert.equal(c.stdout, `{"Count":${r.result.rows[0]![0]}}\n`);
});

test('catalogOf with known tables: the same entries in the same order as copying them, own tables first', () => {
  const own = new Map([['SigninLogs', { name: 'SigninLogs', rowCount: 0, fields: [] }], ['MyTable', { name: 'MyTable', rowCount: 0, fields: [] }]]);
  const cat = catalogOf({ tables: own, knownTables: KNOWN_TABLES });
  const copy = new Map<string, unknown>();
  for (const [n] of own) copy.set(n, { name: n, columns: [] });
  for (const [n, t] of KNOWN_TABLES) if (!copy.has(n)) copy.set(n, t);
  assert.deepEqual([...cat.tables.keys()], [...copy.keys()]);
  assert.equal(cat.tables.size, copy.size);
  assert.deepEqual(cat.tables.get('SigninLogs')!.columns, [], 'an own table wins over the known one of that name');
  assert.deepEqual(cat.tables.get('DeviceProcessEvents'), KNOWN_TABLES.get('DeviceProcessEvents'));
  assert.equal(cat.tables.has('MyTable'), true);
  assert.equal(cat.tables.has('NoSuchTable'), false);
  assert.equal(cat.tables.get('NoSuchTable'), undefined);
});
