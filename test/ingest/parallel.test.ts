// The parallel JSON-lines reader (worker threads over line-aligned byte ranges) gives exactly what
// the single-threaded reader gives: rows in order, types, quarantine entries with their file lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTables } from '../../src/ingest/load.js';
import { dpeRow } from '../store/gen-dpe.js';
import { snapshot } from './snapshot.js';

test('parallel reader = single-threaded reader (rows, order, quarantine lines)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-par-'));
  try {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i === 10) lines.push('{"broken": ');
      else if (i === 1700) lines.push('{"Timestamp":"2024-06-04T10:00:00Z","ProcessId":"nope"}');
      else if (i === 2999) lines.push('[1, 2]');
      else lines.push(dpeRow(i));
    }
    const f = join(dir, 'DeviceProcessEvents_big.jsonl');
    writeFileSync(f, lines.join('\n') + '\n');
    const one = await loadTables([f], { threads: 1 });
    // 3 threads with one range each, and 2 threads taking 8 small ranges from the queue.
    for (const [threads, rangeBytes] of [[3, undefined], [2, 20_000]] as const) {
      const many = await loadTables([f], { threads, parallelMinBytes: 1, parallelRangeBytes: rangeBytes });
      assert.deepEqual(snapshot(many.tables, many.report), snapshot(one.tables, one.report), `${threads} threads`);
      assert.deepEqual(many.report.tables, one.report.tables);
    }
    assert.deepEqual(one.report.quarantine.map((e) => e.line), [11, 1701, 3000, 3000]);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
