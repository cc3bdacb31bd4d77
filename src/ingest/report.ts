/** The ingest report as text: one line per table and a total, or one line per input file. */
import type { LoadReport } from './types.js';

/** One line per table: `Table: read N, ingested N, quarantined N`, then a total (with the records skipped as already ingested). */
export function formatReport(r: LoadReport): string {
  const lines = r.tables.map((t) => `${t.table}: read ${t.read}, ingested ${t.ingested}, quarantined ${t.quarantined}${t.known ? '' : ' (schema inferred)'}`);
  const read = r.tables.reduce((a, t) => a + t.read, 0), ing = r.tables.reduce((a, t) => a + t.ingested, 0);
  const skipped = r.files.reduce((a, f) => a + f.skipped, 0);
  lines.push(`total: ${r.files.length} file(s), read ${read + skipped}, ingested ${ing}, quarantined ${r.quarantined - r.quarantine.filter((e) => e.kind === 'file').length}${skipped > 0 ? `, skipped ${skipped} (already ingested)` : ''}`);
  return lines.join('\n');
}

/** One line per input file: `file: read N = stored N + quarantined N + skipped N` and why, when part of it was not read. */
export function formatFiles(r: LoadReport, name: (file: string) => string = (f) => f): string {
  return r.files.map((f) => `${name(f.file)}: read ${f.records + f.skipped} = stored ${f.records - f.quarantined} + quarantined ${f.quarantined} + skipped ${f.skipped}${f.note ? ` (${f.note})` : ''}`).join('\n');
}

// ---- helpers ----
