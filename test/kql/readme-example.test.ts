/**
 * The library example in src/kql/README.md runs and prints what the README says it prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../../src/kql/README.md', import.meta.url));
const INDEX = fileURLToPath(new URL('../../src/kql/index.ts', import.meta.url));

test('src/kql/README.md: the example prints its documented output', () => {
  const md = readFileSync(README, 'utf8');
  const example = /### Example[\s\S]*?```ts\n([\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/.exec(md);
  assert.ok(example, 'the README has an Example section with a ts block and its text output');
  const [, code, expected] = example;
  assert.match(code!, /from '\.\/index\.js'/, 'the example imports the public API');
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, code!.replace(/from '\.\/index\.js'/g, `from ${JSON.stringify(INDEX)}`));
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    assert.equal(out, expected);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
