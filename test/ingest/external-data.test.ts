// KQL externaldata over local files (src/kql/exec/ops/externaldata.ts + src/ingest/external-data.ts):
// each format read from a real file beside the rows it must give; http(s), files outside the
// allowed folders and a query without a reader are errors at the URI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute } from '../../src/kql/execute.js';
import { externalDataReader } from '../../src/ingest/external-data.js';
import { resultToJson } from '../../src/cli/output.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudhop-extdata-'));
const allowed = join(dir, 'allowed');
mkdirSync(allowed);
writeFileSync(join(allowed, 'a.csv'), 'n,s,d\n1,x,2024-01-01\n2,"y,z",\n3,w,not a date\n');
writeFileSync(join(allowed, 'a.tsv'), '7\tq\n8\tr\n');
writeFileSync(join(allowed, 'a.json'), '{"Name":"a","n":1}\n{"name":"b","n":"oops"}\n');
writeFileSync(join(allowed, 'm.json'), '{"Name":"a","n":1}\n{"Name":"b",\n "n":2}');
writeFileSync(join(allowed, 'l.txt'), 'line one\nline two\n');
writeFileSync(join(allowed, 'g.csv.gz'), gzipSync('5,five\n'));
writeFileSync(join(dir, 'secret.csv'), 'no\n');
const reader = externalDataReader([allowed]);

function rows(q: string): unknown[][] {
  const r = execute(q, { tables: new Map(), externalData: reader });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
  return resultToJson(r.result).rows;
}
function error(q: string, withReader = true): { code: string; message: string; col: number } {
  const r = execute(q, { tables: new Map(), ...(withReader ? { externalData: reader } : {}) });
  assert.ok(!r.ok);
  const d = r.diagnostics[0]!;
  return { code: d.code, message: d.message, col: d.col };
}

test('csv: columns by position, ignoreFirstRecord, a value not of the type is null', () => {
  assert.deepEqual(rows(`externaldata(n:long, s:string, d:datetime)[@"${join(allowed, 'a.csv')}"] with (ignoreFirstRecord=true)`),
    [[1, 'x', '2024-01-01T00:00:00.0000000Z'], [2, 'y,z', null], [3, 'w', null]]);
});

test('tsv by file:// URI, several sources in order; a .gz file is decompressed', () => {
  assert.deepEqual(rows(`externaldata(n:long, s:string)["file://${join(allowed, 'a.tsv')}", "file://${join(allowed, 'a.tsv')}"] with (format="tsv")`),
    [[7, 'q'], [8, 'r'], [7, 'q'], [8, 'r']]);
  assert.deepEqual(rows(`externaldata(n:long, s:string)["${join(allowed, 'g.csv.gz')}"]`), [[5, 'five']]);
});

test('txt: one record per line in the first column', () => {
  assert.deepEqual(rows(`externaldata(l:string)["${join(allowed, 'l.txt')}"] with (format=txt)`), [['line one'], ['line two']]);
});

test('json lines by name (exact, else ignoring case); multijson records over several lines', () => {
  assert.deepEqual(rows(`externaldata(Name:string, n:long)["${join(allowed, 'a.json')}"]`), [['a', 1], ['b', null]]);
  assert.deepEqual(rows(`externaldata(Name:string, n:long)["${join(allowed, 'm.json')}"] with (format="multijson")`), [['a', 1], ['b', 2]]);
});

test('https is an error at the URI saying why (no network); so is a file outside the allowed folders', () => {
  const h = error('externaldata(a:string)["https://example.com/x.csv"]');
  assert.equal(h.code, 'KQL501');
  assert.match(h.message, /network/);
  assert.equal(h.col, 24);
  const o = error(`externaldata(a:string)["${join(dir, 'secret.csv')}"]`);
  assert.match(o.message, /outside the folders/);
  assert.match(error(`externaldata(a:string)["${join(allowed, 'none.csv')}"]`).message, /no such file/);
  assert.match(error(`externaldata(a:string)["${join(allowed, 'a.csv')}"] with (format="parquet")`).message, /format 'parquet' is not supported/);
});

test('without a reader (the library default) a local source is an error, not an empty table', () => {
  const e = error(`externaldata(a:string)["${join(allowed, 'a.csv')}"]`, false);
  assert.equal(e.code, 'KQL501');
  assert.match(e.message, /not enabled/);
});
