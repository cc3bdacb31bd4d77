/**
 * The Azure Monitor Logs Ingestion API (learn.microsoft.com, "Logs Ingestion API in Azure
 * Monitor"): `POST /dataCollectionRules/{id}/streams/{stream}?api-version=…` with a JSON array of
 * records (gzip when `Content-Encoding: gzip`), as @azure/monitor-ingestion's LogsIngestionClient
 * sends it.
 *
 * A stream names its table: `Custom-<Table>` (or `Microsoft-<Table>`) → `<Table>`. Each batch is
 * written as a JSON-lines file under `<workspace>/serve/incoming/` and ingested through the same
 * readers, quarantine and atomic commit as `cloudhop ingest` (src/ingest/workspace-ingest.ts), one
 * batch at a time. The answer comes only after the commit: 204 when every record was taken; 200
 * with `{ingested, quarantined, quarantineFile, problems}` when some were quarantined (the others
 * are committed); 400 for a body that is not a JSON array of objects (nothing is written). A
 * batch file is removed after its commit (its content is in the workspace's segments).
 */
import { mkdirSync, writeFileSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

export interface IngestionOutcome {
  readonly status: 204 | 200 | 400 | 413;
  readonly body?: unknown;
}

/** The table a stream writes to, or undefined for a name we cannot map. */
export function streamTable(stream: string): string | undefined {
  const m = /^(?:Custom|Microsoft)-([A-Za-z_][A-Za-z0-9_]{0,62})$/.exec(stream);
  return m?.[1];
}

function ingestionError(code: string, message: string): unknown {
  return { error: { code, message } };
}

/** Decodes and checks one batch: the records as JSON-lines text, or an error outcome. */
export function batchLines(body: Buffer, encoding: string | undefined, maxBytes: number): { lines: string; count: number } | IngestionOutcome {
  let bytes = body;
  if (encoding && /gzip/i.test(encoding)) {
    try { bytes = gunzipSync(body, { maxOutputLength: maxBytes }); } catch (e) {
      const big = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|maxOutputLength/i.test((e as Error).message);
      return big ? { status: 413, body: ingestionError('RequestEntityTooLarge', `the batch is over ${maxBytes} bytes once decompressed`) } : { status: 400, body: ingestionError('InvalidContentEncoding', `the body is not gzip: ${(e as Error).message}`) };
    }
  } else if (encoding && !/^identity$/i.test(encoding)) {
    return { status: 400, body: ingestionError('InvalidContentEncoding', `Content-Encoding '${encoding}' is not supported (gzip or none)`) };
  }
  let parsed: unknown;
  try { parsed = JSON.parse(bytes.toString('utf8')); } catch (e) { return { status: 400, body: ingestionError('InvalidPayload', `the body is not JSON: ${(e as Error).message}`) }; }
  if (!Array.isArray(parsed)) return { status: 400, body: ingestionError('InvalidPayload', 'the body must be a JSON array of records') };
  const bad = parsed.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0) return { status: 400, body: ingestionError('InvalidPayload', `record ${bad} is not a JSON object`) };
  return { lines: parsed.map((r) => JSON.stringify(r)).join('\n') + (parsed.length ? '\n' : ''), count: parsed.length };
}

/** One batch into the workspace; resolves after the commit. Batches are serialised by the caller. */
export async function ingestBatch(workspace: string, table: string, lines: string): Promise<IngestionOutcome> {
  const dir = join(workspace, 'serve', 'incoming');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${table}_batch-${randomUUID()}.jsonl`);
  writeFileSync(file, lines);
  const fd = openSync(file, 'r'); try { fsyncSync(fd); } finally { closeSync(fd); }
  try {
    const { ingestToWorkspace } = await import('../ingest/workspace-ingest.js');
    // force: two uploads of the same records are two batches (Logs Ingestion appends), not a re-ingest.
    const r = await ingestToWorkspace([file], workspace, { table, force: true });
    const t = r.report.tables.find((x) => x.table === table);
    const ingested = r.report.tables.reduce((a, x) => a + x.ingested, 0);
    if (r.report.quarantined === 0) return { status: 204 };
    return {
      status: 200,
      body: {
        ingested, quarantined: r.report.quarantined, ...(r.quarantineFile ? { quarantineFile: r.quarantineFile } : {}),
        problems: r.report.quarantine.slice(0, 20).map((q) => ({ record: q.line - 1, reason: q.reason })),
        ...(t ? {} : { note: `no record reached table ${table}` }),
      },
    };
  } finally {
    rmSync(file, { force: true });
  }
}
