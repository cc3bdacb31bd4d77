/**
 * The Azure Monitor Logs Ingestion API (learn.microsoft.com, "Logs Ingestion API in Azure
 * Monitor"): `POST /dataCollectionRules/{id}/streams/{stream}?api-version=…` with a JSON array of
 * records (gzip when `Content-Encoding: gzip`), as @azure/monitor-ingestion's LogsIngestionClient
 * sends it.
 *
 * Streams → tables. Without a mapping file, `Custom-<Table>` (or `Microsoft-<Table>`) writes to
 * `<Table>`, whatever the rule id. With `serve --dcr FILE` (loadDcr), the file's dataFlows decide,
 * as a data collection rule's do: each stream listed goes to its `outputStream`'s table through its
 * `transformKql` (KQL over the table `source`, run by our engine, e.g. `source | extend
 * TimeGenerated = todatetime(ts) | project-rename Host = host`); a stream no flow lists is 400
 * `InvalidStream`; with an `immutableId`, another rule id is 404 `NotFound`.
 *
 * A batch is written as JSON lines `DIR/serve/incoming/batch-<id>.jsonl` and ingested by the same
 * readers, quarantine and atomic commit as `cloudhop ingest` (workspace-writer.ts), one write at a
 * time. With a transform, the batch is first read as the table `source` (same readers), the
 * transform's result is written as JSON lines and ingested as above. The answer comes only after
 * the commit: 204 when every record was taken; 200 with the quarantined records (batch id, index,
 * reason; the others are committed) in the service's error shape, so the SDK raises it with the
 * message; 400 for a body that is not a JSON array of objects (nothing is written).
 *
 * Errors are the service's shape: `{"error": {"code", "message"[, "details"]}}` with the code also
 * in the `x-ms-error-code` header; an unknown rule id is the service's 404 `NotFound` "Data
 * collection rule with immutable Id '…' not found." (as its clients' tests expect). The codes of
 * the other errors are ours where the service's are not published (InvalidStream, InvalidPayload).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Value } from '../kql/data.js';
import { YamlSource } from '../detect/yaml-source.js';
import { wireValue } from './wire-values.js';
import { writeBatchFile } from './workspace-writer.js';

export interface IngestionOutcome {
  readonly status: 204 | 200 | 400 | 404 | 413;
  readonly body?: unknown;
}

/** Where a stream's records go. */
export interface StreamRoute {
  readonly stream: string;
  readonly table: string;
  /** KQL over `source` (a DCR's transformKql); absent: the records as they are. */
  readonly transform?: string;
  /** `file:line` of the data flow in the mapping file. */
  readonly where?: string;
}

/** A mapping file (`serve --dcr FILE`): the data flows of one data collection rule. */
export interface DcrRules {
  readonly file: string;
  readonly immutableId?: string;
  readonly routes: ReadonlyMap<string, StreamRoute>;
}

const TABLE_STREAM = /^(?:Custom|Microsoft)-([A-Za-z_][A-Za-z0-9_]{0,62})$/;

/** The table a stream writes to by its name, or undefined for a name we cannot map. */
export function streamTable(stream: string): string | undefined {
  return TABLE_STREAM.exec(stream)?.[1];
}

/** An error body in the Logs Ingestion API's shape. */
export function ingestionError(code: string, message: string, details?: readonly { code: string; message: string; target?: string }[]): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/**
 * Reads a mapping file (YAML or JSON, the shape of a DCR's `properties` or the DCR resource itself):
 *
 *   immutableId: dcr-0123…            # optional: the only rule id served
 *   dataFlows:
 *     - streams: [Custom-MyApp]
 *       outputStream: Custom-MyApp_CL # or Microsoft-<Table>
 *       transformKql: source | extend TimeGenerated = todatetime(ts)
 *
 * Returns the rules, or every problem found as `file:line:col: message`.
 */
export function loadDcr(file: string, checkKql: (kql: string) => string | undefined): DcrRules | { problems: string[] } {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { return { problems: [`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`] }; }
  const y = new YamlSource(file, text);
  const problems = y.problems.filter((p) => p.severity === 'error').map((p) => `${file}:${p.line}:${p.col}: ${p.message}`);
  if (problems.length) return { problems };
  const at = (path: (string | number)[], msg: string): void => { const p = y.pos(path); problems.push(`${file}:${p.line}:${p.col}: ${msg}`); };
  const root = y.value as Record<string, unknown> | null;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { problems: [`${file}:1:1: a mapping file is an object with dataFlows (the shape of a data collection rule)`] };
  const base: (string | number)[] = typeof root.properties === 'object' && root.properties !== null ? ['properties'] : [];
  const props = (base.length ? root.properties : root) as Record<string, unknown>;
  const immutableId = props.immutableId ?? root.immutableId;
  if (immutableId !== undefined && typeof immutableId !== 'string') at([...base, 'immutableId'], 'immutableId: a text is expected');
  const flows = props.dataFlows;
  if (!Array.isArray(flows) || flows.length === 0) {
    at(base, 'dataFlows: a list of {streams, outputStream, transformKql} is expected');
    return { problems };
  }
  const routes = new Map<string, StreamRoute>();
  flows.forEach((f: unknown, i) => {
    const p = [...base, 'dataFlows', i];
    if (typeof f !== 'object' || f === null || Array.isArray(f)) { at(p, `dataFlows[${i}]: an object is expected`); return; }
    const flow = f as Record<string, unknown>;
    const streams = flow.streams;
    if (!Array.isArray(streams) || streams.length === 0 || streams.some((s) => typeof s !== 'string')) { at([...p, 'streams'], `dataFlows[${i}].streams: a list of stream names is expected`); return; }
    const out = flow.outputStream;
    const table = typeof out === 'string' ? streamTable(out) : undefined;
    if (!table) { at([...p, 'outputStream'], `dataFlows[${i}].outputStream: Custom-<Table> or Microsoft-<Table> is expected, not ${JSON.stringify(out ?? null)}`); return; }
    const kql = flow.transformKql;
    if (kql !== undefined && typeof kql !== 'string') { at([...p, 'transformKql'], `dataFlows[${i}].transformKql: a KQL text over 'source' is expected`); return; }
    const transform = typeof kql === 'string' && kql.trim() !== '' && kql.trim() !== 'source' ? kql : undefined;
    if (transform) {
      const bad = checkKql(transform);
      if (bad) { at([...p, 'transformKql'], `dataFlows[${i}].transformKql: ${bad}`); return; }
    }
    const pos = y.pos(p);
    for (const s of streams as string[]) {
      if (routes.has(s)) { at([...p, 'streams'], `dataFlows[${i}]: stream '${s}' already goes to ${routes.get(s)!.table} (${routes.get(s)!.where}); one data flow per stream is served`); continue; }
      routes.set(s, { stream: s, table, ...(transform ? { transform } : {}), where: `${file}:${pos.line}` });
    }
  });
  if (problems.length) return { problems };
  return { file, ...(typeof immutableId === 'string' ? { immutableId } : {}), routes };
}

/** The route of a (rule id, stream), or the service's error. */
export function routeStream(ruleId: string, stream: string, dcr?: DcrRules): StreamRoute | IngestionOutcome {
  if (dcr) {
    if (dcr.immutableId !== undefined && dcr.immutableId !== ruleId) {
      return { status: 404, body: ingestionError('NotFound', `Data collection rule with immutable Id '${ruleId}' not found. (This server serves '${dcr.immutableId}', from ${dcr.file}.)`) };
    }
    const r = dcr.routes.get(stream);
    if (r) return r;
    return { status: 400, body: ingestionError('InvalidStream', `The stream '${stream}' is not declared in the data collection rule '${ruleId}' (${dcr.file} has: ${[...dcr.routes.keys()].join(', ')})`) };
  }
  const table = streamTable(stream);
  if (!table) return { status: 400, body: ingestionError('InvalidStream', `The stream '${stream}' does not name a table: use Custom-<Table> or Microsoft-<Table> (or map it with serve --dcr FILE)`) };
  return { stream, table };
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

/** A transform's result: its rows as JSON lines, or the reason it failed (a KQL error at line:col). */
export type RunTransform = (kql: string, source: import('../kql/data.js').Table) => { columns: readonly { name: string; type: import('../kql/data.js').ScalarType }[]; rows: readonly (readonly Value[])[] } | string;

interface QuarantinedRecord { readonly index: number; readonly reason: string; readonly stage?: 'source' | 'output' }

/**
 * One batch into the workspace; resolves after the commit. The caller serialises writes
 * (WorkspaceWriter.run).
 */
export async function ingestBatch(workspace: string, route: StreamRoute, lines: string, runTransform: RunTransform): Promise<IngestionOutcome> {
  const batchId = randomUUID();
  const { ingestToWorkspace } = await import('../ingest/workspace-ingest.js');
  const files: string[] = [];
  const problems: QuarantinedRecord[] = [];
  let sourceQuarantined = 0;
  try {
    let input = writeBatchFile(workspace, `batch-${batchId}.jsonl`, lines);
    files.push(input);
    if (route.transform) {
      const { loadTables } = await import('../ingest/load.js');
      // Records the readers reject before the transform: quarantined beside the workspace's own files.
      const src = await loadTables([input], { table: 'source', threads: 1, quarantineFile: join(workspace, 'quarantine', `batch-${batchId}.source.jsonl`) });
      for (const q of src.report.quarantine) if (q.kind === 'record') problems.push({ index: q.line - 1, reason: q.reason, stage: 'source' });
      sourceQuarantined = src.report.quarantined;
      const source = src.tables.get('source') ?? { name: 'source', rowCount: 0, fields: [] };
      const out = runTransform(route.transform, source);
      if (typeof out === 'string') {
        return { status: 400, body: ingestionError('InvalidTransformOutput', `the transformKql of stream '${route.stream}' (${route.where}) failed on batch ${batchId}: ${out}; nothing was written`) };
      }
      const text = out.rows.map((r) => JSON.stringify(Object.fromEntries(out.columns.map((c, j) => [c.name, wireValue(r[j] ?? null, c.type, 'kusto')])))).join('\n');
      input = writeBatchFile(workspace, `batch-${batchId}.output.jsonl`, text + (out.rows.length ? '\n' : ''));
      files.push(input);
    }
    // force: two uploads of the same records are two batches (Logs Ingestion appends), not a re-ingest.
    // recordSources: false: the manifest does not grow by one source entry per batch (nothing to skip or resume).
    const r = await ingestToWorkspace([input], workspace, { table: route.table, force: true, threads: 1, recordSources: false });
    for (const q of r.report.quarantine) if (q.kind === 'record') problems.push({ index: q.line - 1, reason: q.reason, ...(route.transform ? { stage: 'output' as const } : {}) });
    const quarantined = r.report.quarantined + sourceQuarantined;
    if (quarantined === 0) return { status: 204 };
    const ingested = r.report.tables.reduce((a, x) => a + x.ingested, 0);
    const shown = problems.slice(0, 20);
    const where = (q: QuarantinedRecord): string => `batch-${batchId}${q.stage === 'output' ? ' (transform output)' : ''}[${q.index}]`;
    return {
      status: 200,
      body: {
        ...ingestionError('RecordsQuarantined',
          `${quarantined} record(s) of batch ${batchId} were quarantined${r.quarantineFile ? ` (${r.quarantineFile})` : sourceQuarantined ? ` (${join(workspace, 'quarantine', `batch-${batchId}.source.jsonl`)})` : ''}; the other ${ingested} are committed to ${route.table}: send only the records named here again, once fixed. ${shown.map((q) => `${where(q)}: ${q.reason}`).join('; ')}${problems.length > shown.length ? `; … ${problems.length - shown.length} more` : ''}`,
          shown.map((q) => ({ code: 'InvalidRecord', target: where(q), message: q.reason }))),
        batchId, table: route.table, ingested, quarantined, ...(r.quarantineFile ? { quarantineFile: r.quarantineFile } : {}),
        problems: shown.map((q) => ({ record: q.index, reason: q.reason, ...(q.stage ? { stage: q.stage } : {}) })),
      },
    };
  } finally {
    for (const f of files) rmSync(f, { force: true });
  }
}
