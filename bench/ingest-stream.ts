/**
 * Streaming benchmark (on demand, never in npm test): a JSON document (one top-level array) and a
 * CSV file larger than the old ~512 MiB cap of the whole-text readers, each through
 * `cloudhop ingest` under `/usr/bin/time -v`: wall time, peak RSS (maximum resident set), rows
 * stored, quarantined. Before streaming, both were refused as "file too large to read as one …".
 *
 *   npm run build && node --import tsx bench/ingest-stream.ts [--gb 1.1]
 *
 * The files are generated once into the OS temp folder (DeviceProcessEvents rows of
 * test/store/gen-dpe.ts, ~516 bytes a row as JSON).
 */
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { dpeRow } from '../test/store/gen-dpe.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const GB = Number(argv[argv.indexOf('--gb') + 1] ?? 1.1) || 1.1;
if (!existsSync(join(ROOT, 'dist/cli/main.js')) && !existsSync(join(ROOT, 'dist'))) { console.error('bench/ingest-stream.ts: run `npm run build` first'); process.exit(2); }
const work = join(tmpdir(), 'cloudhop-bench');
mkdirSync(work, { recursive: true });

/** Rows of `row` that make about GB gigabytes. */
const rowsFor = (row: (i: number) => string): number => { let n = 0; for (let i = 0; i < 1000; i++) n += row(i).length + 1; return Math.ceil((GB * 1024 ** 3) / (n / 1000)); };

function write(path: string, rows: number, head: string, row: (i: number) => string, sep: string, tail: string): Promise<void> {
  return new Promise((res, rej) => {
    const out = createWriteStream(path);
    out.on('error', rej);
    out.write(head);
    let i = 0;
    const pump = () => {
      while (i < rows) {
        let chunk = '';
        for (let k = 0; k < 2000 && i < rows; k++, i++) chunk += (i > 0 ? sep : '') + row(i);
        if (!out.write(chunk)) { out.once('drain', pump); return; }
      }
      out.end(tail, () => res());
    };
    pump();
  });
}

const COLS = Object.keys(JSON.parse(dpeRow(0)) as object);
const csvCell = (v: unknown) => { const s = String(v); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
const csvRow = (i: number) => { const o = JSON.parse(dpeRow(i)) as Record<string, unknown>; return COLS.map((c) => csvCell(o[c])).join(','); };

const jsonRows = rowsFor(dpeRow), csvRows = rowsFor(csvRow);
const jsonFile = join(work, `DeviceProcessEvents_doc_${jsonRows}.json`);
const csvFile = join(work, `DeviceProcessEvents_csv_${csvRows}.csv`);
if (!existsSync(jsonFile)) { process.stdout.write(`generating ${jsonFile} ...\n`); await write(jsonFile, jsonRows, '[\n', dpeRow, ',\n', '\n]\n'); }
if (!existsSync(csvFile)) { process.stdout.write(`generating ${csvFile} ...\n`); await write(csvFile, csvRows, COLS.join(',') + '\n', csvRow, '\n', '\n'); }

process.stdout.write(`JSON ${jsonRows} rows, CSV ${csvRows} rows; machine load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
for (const file of [jsonFile, csvFile]) {
  const ws = join(work, 'ws-stream');
  rmSync(ws, { recursive: true, force: true });
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, join(ROOT, 'bin/cloudhop.js'), 'ingest', file, '--workspace', ws, '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) * 1024;
  const wall = /Elapsed \(wall clock\) time \([^)]*\): (.*)/.exec(r.stderr)?.[1];
  const seg = existsSync(join(ws, 'segments')) ? readdirSync(join(ws, 'segments')).reduce((a, f) => a + statSync(join(ws, 'segments', f)).size, 0) : 0;
  const size = statSync(file).size;
  process.stdout.write(`${file.endsWith('.csv') ? 'CSV' : 'JSON document'}: ${(size / 1024 ** 3).toFixed(2)} GB (${size} bytes, old cap ${0x1fffffe8}); exit ${r.status}; wall ${wall}; peak RSS ${(rss / 1048576).toFixed(0)} MB; workspace ${(seg / 1048576).toFixed(0)} MB\n`);
  const summary = (r.stdout + r.stderr).split('\n').filter((l) => /read|stored|quarantined|total/i.test(l) && !/Maximum|Elapsed|Page|Exit|Swaps|File system|Socket|Signals|Voluntary|Involuntary|Percent|time|size/.test(l)).slice(0, 4);
  for (const l of summary) process.stdout.write(`  ${l.trim()}\n`);
  if (r.status !== 0) process.stdout.write(r.stderr.slice(-2000));
}
rmSync(join(work, 'ws-stream'), { recursive: true, force: true });
