// The served workspace across commits (src/serve/workspace-source.ts): a commit opens a new
// generation that keeps the decoded-chunk cache (chunks of the segments it shares stay warm: a
// query after a commit reads no column again) and closes the last generation's segment files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { WorkspaceSource } from '../../src/serve/workspace-source.ts';
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.ts';
import { execute } from '../../src/kql/index.ts';
import { writeDpeJsonl } from '../store/gen-dpe.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cloudhop-wsource-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const fds = (): number => readdirSync('/proc/self/fd').length;

test('a new generation keeps the cache of the last one and closes its files', async () => {
  const ws = join(tmp, 'ws');
  mkdirSync(join(tmp, 'a')); mkdirSync(join(tmp, 'b'));
  await writeDpeJsonl(join(tmp, 'a', 'DeviceProcessEvents.jsonl'), 2000);
  // (rows of the next day: the commit keeps the first day's segment as it is, not merged with them)
  await writeDpeJsonl(join(tmp, 'b', 'DeviceProcessEvents.jsonl'), 10, 100_000);
  await ingestToWorkspace([join(tmp, 'a')], ws);
  const source = new WorkspaceSource(ws);
  const q = 'DeviceProcessEvents | summarize count() by DeviceName | count';
  const first = await source.snapshot();
  assert.ok(execute(q, { tables: first.tables }).ok);
  const gen1 = await source.current();
  const cache = gen1.reader!.cache;
  const misses = cache.misses;
  await ingestToWorkspace([join(tmp, 'b')], ws);
  const before = fds();
  const second = await source.snapshot();
  const gen2 = await source.current();
  assert.notEqual(gen2, gen1);
  assert.equal(gen2.reader!.cache, cache, 'the cache is handed over');
  assert.ok(fds() < before, 'the last generation\'s segment files are closed');
  const r = execute('DeviceProcessEvents | count', { tables: second.tables });
  assert.ok(r.ok);
  assert.deepEqual(r.result.rows, [[2010]]);
  const hits = cache.hits;
  assert.ok(execute(q, { tables: second.tables }).ok);
  assert.ok(cache.hits > hits, 'the old segment\'s chunks are read from the cache');
  assert.ok(cache.misses - misses <= 2, `only the new segment is decoded (${cache.misses - misses} misses)`);
});
