import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as demo } from '../../src/cli/commands/demo.js';
import { ATTACK_NAMES, BENIGN_NAMES } from '../../src/simulate/index.js';

// `cloudhop demo` end to end (smaller tenant than the default): prints the verdicts, the false
// positives per benign class and the matrix, and writes report.html into --out.
test('cloudhop demo prints verdicts and writes report.html', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-demo-test-'));
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  (process.stdout as unknown as { write: (s: string) => boolean }).write = (s: string) => { out.push(String(s)); return true; };
  let code: number;
  try { code = await demo(['--out', dir, '--seed', '11', '--scale', '15000']); }
  finally { (process.stdout as unknown as { write: typeof write }).write = write; }
  try {
    const text = out.join('');
    assert.ok(code === 0 || text.includes('DETECTION DID NOT RUN'), text.slice(0, 2000));
    assert.match(text, /cloudhop demo — seed 11: /);
    for (const a of ATTACK_NAMES) assert.match(text, new RegExp(`(DETECTED|MISSED)\\s+${a}`));
    for (const b of BENIGN_NAMES) assert.match(text, new RegExp(`\\d+ \\|\\s+\\d+\\s+${b}`));
    assert.match(text, /rule\s+S1\s+S2/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes('Rules × scenarios'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
