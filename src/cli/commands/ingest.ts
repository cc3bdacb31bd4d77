import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import cliProgress from 'cli-progress';
import { ingestToWorkspace } from '../../ingest/workspace-ingest.js';
import { formatFiles, formatReport, type InputFormat, type Progress } from '../../ingest/load.js';
import { formatEntry } from '../../ingest/quarantine.js';
import { DEFAULT_WORKSPACE, WorkspaceError, workspaceSize } from '../../store/workspace.js';
import { missingPath } from '../paths.js';
import { escapeTerminal } from '../terminal-text.js';

export const summary = 'read log exports into the local columnar workspace (bad records quarantined)';

const USAGE = `usage: cloudhop ingest PATH... [--workspace DIR] [--format auto|jsonl|json|csv] [--table NAME]
                       [--max-record-bytes N] [--threads N] [--force] [--quiet]

Reads files and folders (JSON lines, JSON arrays and envelopes, Log Analytics CSV exports, Graph
sign-in / audit JSON, Defender XDR streaming records, CloudTrail, GCP audit logs; gzip or not) into
the workspace (default ${DEFAULT_WORKSPACE}/). Re-ingesting a file already there does nothing;
a copy of one (same content) is skipped; a JSON-lines or CSV file that grew by appends is read from where
the last ingest stopped. --force reads every input in full again. Each file's line says
read = stored + quarantined + skipped. Malformed records are written to
DIR/quarantine/<generation>.jsonl with file:line and reason. Links are followed once (cycles end);
FIFOs, devices and sockets are skipped with a notice.
Exit 2 when a PATH does not exist; exit 1 when the new inputs gave no row at all (nothing
recognised) or the run failed (disk full: the workspace is left as it was).

  -w, --workspace DIR     the workspace to write (default ${DEFAULT_WORKSPACE})
  --format FMT            auto (default: from the name and content), jsonl, json or csv
  --table NAME            the table every input goes to (default: from each file's name or content)
  --max-record-bytes N    a record longer than N bytes is quarantined
  --threads N             parallel readers
  --force                 read every input in full again
  -q, --quiet             no per-file lines and no progress bar
  -h, --help              this help
`;

export const options = {
  workspace: { type: 'string', short: 'w' }, format: { type: 'string' }, table: { type: 'string' },
  'max-record-bytes': { type: 'string' }, threads: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv, allowPositionals: true,
      options,
    });
  } catch (e) { process.stderr.write(`cloudhop ingest: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  if (a.positionals.length === 0) { process.stderr.write(`cloudhop ingest: no input PATH\n${USAGE}`); return 2; }
  const missing = missingPath('', a.positionals);
  if (missing) { process.stderr.write(`cloudhop ingest: ${missing}\n`); return 2; }
  const format = (a.values.format ?? 'auto') as InputFormat;
  if (!['auto', 'jsonl', 'json', 'csv'].includes(format)) { process.stderr.write(`cloudhop ingest: --format must be auto, jsonl, json or csv\n`); return 2; }
  let maxRecordBytes: number | undefined;
  if (a.values['max-record-bytes'] !== undefined) {
    maxRecordBytes = Number(a.values['max-record-bytes']);
    if (!Number.isInteger(maxRecordBytes) || maxRecordBytes <= 0) { process.stderr.write('cloudhop ingest: --max-record-bytes must be a positive integer\n'); return 2; }
  }
  let threads: number | undefined;
  if (a.values.threads !== undefined) {
    threads = Number(a.values.threads);
    if (!Number.isInteger(threads) || threads < 1) { process.stderr.write('cloudhop ingest: --threads must be a positive integer\n'); return 2; }
  }
  const dir = a.values.workspace ?? DEFAULT_WORKSPACE;
  const quiet = a.values.quiet === true;
  const tty = process.stderr.isTTY === true && !quiet;

  let bar: cliProgress.SingleBar | undefined;
  let fileStart = Date.now(), lastPlain = 0, current = '';
  // Progress counts rows per file: Progress.rows runs on across files, so the count at the file's
  // start is taken off (a count already per file, smaller than that, is shown as is).
  let rowsBefore = 0, rowsSeen = 0;
  const onProgress = (p0: Progress) => {
    rowsSeen = p0.rows;
    const p = { ...p0, rows: p0.rows >= rowsBefore ? p0.rows - rowsBefore : p0.rows };
    if (quiet) return;
    const secs = Math.max(0.001, (Date.now() - fileStart) / 1000);
    const mbps = p.fileBytes / 1048576 / secs;
    if (bar) {
      bar.setTotal(Math.max(1, p.fileSize));
      bar.update(p.fileBytes, { rows: p.rows, mbps: mbps.toFixed(1) });
    } else if (Date.now() - lastPlain > 5000 || p.fileBytes >= p.fileSize) {
      lastPlain = Date.now();
      const pct = p.fileSize > 0 ? Math.min(100, (100 * p.fileBytes) / p.fileSize) : 100;
      const eta = mbps > 0 ? (p.fileSize - p.fileBytes) / 1048576 / mbps : 0;
      process.stderr.write(`ingest: ${current}: ${pct.toFixed(0)}% ${p.rows} rows ${mbps.toFixed(1)} MB/s ETA ${eta.toFixed(0)} s\n`);
    }
  };
  const onFile = (file: string, i: number, total: number, skipped: boolean) => {
    current = relative(process.cwd(), file) || file;
    fileStart = Date.now(); lastPlain = 0; rowsBefore = rowsSeen;
    if (quiet) return;
    if (skipped) { process.stderr.write(`ingest: ${current}: content already in the workspace, skipped\n`); return; }
    if (tty) {
      bar?.stop();
      bar = new cliProgress.SingleBar({
        format: `${current.length > 40 ? '…' + current.slice(-39) : current} [{bar}] {percentage}% | {rows} rows | {mbps} MB/s | ETA {eta}s`,
        hideCursor: true, stream: process.stderr,
      }, cliProgress.Presets.shades_classic);
      bar.start(1, 0, { rows: 0, mbps: '0.0' });
    } else process.stderr.write(`ingest: ${current} (${i + 1}/${total})\n`);
  };

  try {
    const r = await ingestToWorkspace(a.positionals, dir, { format, table: a.values.table, maxRecordBytes, threads, onProgress, onFile, force: a.values.force === true });
    bar?.stop();
    const out: string[] = [];
    for (const w of r.report.warnings) out.push(`warning: ${w}`);
    const shown = r.report.quarantine.slice(0, 20);
    for (const e of shown) out.push(`quarantined: ${formatEntry(e)}`);
    if (r.report.quarantined > shown.length) out.push(`quarantined: … ${r.report.quarantined - shown.length} more`);
    if (r.report.files.length > 0) out.push(formatFiles(r.report, (f) => { const rel = relative(process.cwd(), f); return rel === '' || rel.startsWith('..') ? f : rel; }));
    if (r.report.tables.length > 0) out.push(formatReport(r.report));
    if (r.skipped.length > 0) out.push(`unchanged: ${r.skipped.length} file(s) already in the workspace`);
    if (r.quarantineFile) out.push(`quarantine: ${r.quarantineFile}`);
    out.push(r.committed
      ? `workspace: ${dir} (generation ${r.manifest.generation}, ${Object.keys(r.manifest.tables).length} table(s), ${(workspaceSize(dir, r.manifest) / 1048576).toFixed(1)} MB)`
      : `workspace: ${dir} unchanged`);
    process.stdout.write(escapeTerminal(out.join('\n')) + '\n');
    // Nothing recognised: new inputs (or a folder without data files) that gave no row at all.
    const stored = r.report.tables.reduce((n, t) => n + t.ingested, 0);
    if (stored === 0 && r.skipped.length === 0) {
      const files = r.report.files.length;
      process.stderr.write(`cloudhop ingest: no records recognised in ${files ? `${files} file(s)` : a.positionals.join(', ')}${r.report.quarantined ? ` (${r.report.quarantined} quarantined)` : ''}; nothing was added\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof WorkspaceError) { process.stderr.write(`cloudhop ingest: ${e.message}\n`); return 1; }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') { process.stderr.write(`cloudhop ingest: disk full writing ${dir} (${(e as Error).message}); the workspace is unchanged\n`); return 1; }
    throw e;
  }
}
