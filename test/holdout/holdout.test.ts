// Runs the built-in T1021.007 pack on one hold-out tenant (independent generator, reduced volume)
// and PRINTS the figures. Asserts only that it runs and that the figures are well-formed: the
// figures steer the rule pack's fixes, they are not a gate (see docs/holdout.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreSeed, formatFigures } from '../../scripts/holdout/score.js';

test('hold-out tenant: the pack runs and the figures are well-formed', async () => {
  const f = await scoreSeed(7, 60);
  process.stdout.write(formatFigures(f) + '\n');
  assert.equal(f.seed, 7);
  assert.ok(Object.values(f.rows).every((n) => Number.isInteger(n) && n > 0), 'every table has rows');
  assert.ok(f.rules.length > 0, 'rules ran');
  assert.ok(f.rules.some((r) => r.seed), 'the seed rule is listed');
  for (const r of f.rules) {
    assert.equal(r.alerts, r.tp + r.fp, `${r.rule}: alerts = TP + FP`);
    assert.deepEqual(r.errors, [], `${r.rule} binds against the hold-out tables`);
  }
  assert.equal(Object.keys(f.recall).length, 5, 'five attack scenarios');
  for (const x of [f.improved, f.seedRule]) {
    assert.ok(x.recall >= 0 && x.recall <= 1);
    assert.ok(x.precision === null || (x.precision >= 0 && x.precision <= 1));
  }
});

test('hold-out generator is deterministic per seed and labels every attack', async () => {
  const { generate } = await import('../../scripts/holdout/gen.js');
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const a = mkdtempSync(join(tmpdir(), 'ho-a-')), b = mkdtempSync(join(tmpdir(), 'ho-b-'));
  try {
    const la = generate({ seed: 11, users: 30, outDir: a });
    const lb = generate({ seed: 11, users: 30, outDir: b });
    assert.deepEqual(la, lb);
    assert.equal(readFileSync(join(a, 'SigninLogs.jsonl'), 'utf8'), readFileSync(join(b, 'SigninLogs.jsonl'), 'utf8'));
    const day = new Date(la.attackDay).getUTCDay();
    assert.ok(day >= 1 && day <= 5, 'attack day is a weekday');
    assert.equal((Date.parse(la.attackDay) - Date.parse(la.historyStart)) / 86400000, 14, '14 days of history');
    for (const s of la.scenarios) assert.ok(Object.values(s.rows).flat().length > 0, `${s.id} has labelled rows`);
    // column conventions of the built-in tables
    const si = JSON.parse(readFileSync(join(a, 'SigninLogs.jsonl'), 'utf8').split('\n')[0]!);
    assert.equal(typeof si.LocationDetails, 'object'); assert.equal(typeof si.Status, 'object'); assert.equal(typeof si.ResultType, 'string');
    const ni = JSON.parse(readFileSync(join(a, 'AADNonInteractiveUserSignInLogs.jsonl'), 'utf8').split('\n')[0]!);
    assert.equal(typeof ni.LocationDetails, 'string'); assert.equal(typeof ni.DeviceDetail, 'string');
    const pe = JSON.parse(readFileSync(join(a, 'DeviceProcessEvents.jsonl'), 'utf8').split('\n')[0]!);
    assert.ok(pe.Timestamp && pe.TimeGenerated);
  } finally { rmSync(a, { recursive: true, force: true }); rmSync(b, { recursive: true, force: true }); }
});
