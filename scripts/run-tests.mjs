#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner (Node 20 has no glob for --test and strips no types).
import { readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}
let files = walk(join(root, 'test'), []);
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
// Every temp folder a test (or the code it runs) makes goes under one folder of this run, removed at
// the end, so a test that forgets its clean-up leaves nothing behind (CLOUDHOP_KEEP_TMP=1 keeps it).
const tmpRoot = mkdtempSync(join(tmpdir(), 'cloudhop-tests-'));
const env = { ...process.env, TMPDIR: tmpRoot, TMP: tmpRoot, TEMP: tmpRoot };
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit', env });
if (process.env.CLOUDHOP_KEEP_TMP) console.log(`test temp files kept in ${tmpRoot}`);
else rmSync(tmpRoot, { recursive: true, force: true });
process.exit(r.status ?? 1);
