// Random-corruption fuzz: fixture inputs with flipped bytes, cut ranges, repeated ranges, inserted
// garbage, truncation, re-gzipped or not. The reader must never throw, and its accounting must
// hold (read = ingested + quarantined; every entry has a place and a reason).
// A few fixed-seed rounds run in `npm test`; `CLOUDHOP_FUZZ=N` runs N rounds from a random seed
// (printed, and replayable with CLOUDHOP_FUZZ_SEED).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadTables } from '../../src/ingest/load.js';
import { ROOT } from '../helpers/shared.js';

const rounds = Number(process.env.CLOUDHOP_FUZZ ?? 12);
const seed = Number(process.env.CLOUDHOP_FUZZ_SEED ?? (process.env.CLOUDHOP_FUZZ ? Date.now() % 1e9 : 20240604));

function rng(s: number): () => number {
  let x = s >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

function inputs(): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (!n.endsWith('expected.json')) out.push(p); } };
  walk(join(ROOT, 'test/fixtures/ingest/pairs'));
  return out.sort();
}

function mutate(b: Buffer, r: () => number): Buffer {
  let x = Buffer.from(b);
  const n = 1 + Math.floor(r() * 5);
  for (let k = 0; k < n && x.length > 0; k++) {
    const at = Math.floor(r() * x.length);
    const len = 1 + Math.floor(r() * Math.min(64, x.length - at));
    switch (Math.floor(r() * 6)) {
      case 0: x[at] = Math.floor(r() * 256); break;
      case 1: x = Buffer.concat([x.subarray(0, at), x.subarray(at + len)]); break;
      case 2: x = Buffer.concat([x.subarray(0, at + len), x.subarray(at, at + len), x.subarray(at + len)]); break;
      case 3: x = Buffer.concat([x.subarray(0, at), Buffer.from(Array.from({ length: len }, () => Math.floor(r() * 256))), x.subarray(at)]); break;
      case 4: x = x.subarray(0, at); break;
      default: x = Buffer.concat([x.subarray(0, at), Buffer.from(['"', ',', '{', '}', '[', ']', '\n', '\r\n', '""', '\\'][Math.floor(r() * 10)]!), x.subarray(at)]);
    }
  }
  return x;
}

test(`fuzz: ${rounds} corrupted inputs (seed ${seed})`, async () => {
  const files = inputs();
  const r = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-fuzz-'));
  try {
    for (let i = 0; i < rounds; i++) {
      const src = files[Math.floor(r() * files.length)]!;
      let raw = readFileSync(src);
      const gz = src.endsWith('.gz');
      if (gz) raw = gunzipSync(raw);
      let bad = mutate(raw, r);
      const name = src.split('/').pop()!;
      if (gz && r() < 0.7) bad = gzipSync(bad);
      if (r() < 0.2) { const g = gzipSync(bad); bad = g.subarray(0, Math.floor(g.length * r())); }
      const p = join(dir, `${i}-${name}`);
      writeFileSync(p, bad);
      let result;
      try { result = await loadTables([p]); } catch (e) { assert.fail(`round ${i} (${src}, seed ${seed}) threw: ${(e as Error).stack}`); }
      const { tables, report } = result;
      for (const t of report.tables) {
        assert.equal(t.read, t.ingested + t.quarantined, `round ${i}: ${t.table}`);
        assert.equal(tables.get(t.table)?.rowCount ?? 0, t.ingested, `round ${i}: ${t.table} rows`);
      }
      for (const e of report.quarantine) { assert.ok(e.line >= 0 && e.reason.length > 0, `round ${i}: ${JSON.stringify(e)}`); }
      rmSync(p);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
