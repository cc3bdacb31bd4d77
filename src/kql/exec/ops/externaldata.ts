/**
 * `externaldata (col:type, …) [uri, …] [with (format=…, ignoreFirstRecord=…)]`
 * (externaldata-operator.md) over local files. Each URI is a relative or absolute path, or a
 * `file://` URI; the rows of all of them, in order, are the result, typed by the declared schema.
 * The files are read by the caller's ExternalDataProvider (ExecuteOptions.externalData: the CLI
 * allows the current folder and CLOUDHOP_EXTERNALDATA_DIRS, src/ingest/external-data.ts).
 *
 * Limits, each an error at the URI: http(s) and other remote schemes (Azure storage, …) need the
 * network, which this engine does not use; a query run without a provider reads no files;
 * `inline_external_table` without a schema (the schema comes from the files in Kusto).
 */
import type * as A from '../../syntax/ast.js';
import type { Batch } from '../batch.js';
import { batchFromTable } from '../batch.js';
import { EXEC_CODES, fail } from '../context.js';
import { compile } from '../expr.js';
import type { OpEnv } from '../operator.js';
import { paramText } from '../operator.js';
import { unionLegs } from './union.js';
import type { ColumnSchema } from '../../data/types.js';

function property(op: A.ExternalDataOp, name: string, o: OpEnv): string | undefined {
  const p = op.properties.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!p) return undefined;
  if (p.value.kind === 'Name') return p.value.name;
  const c = compile(p.value, o.scope([]));
  return c.constant && c.value !== null ? String(c.value) : undefined;
}

export function externalData(op: A.ExternalDataOp, o: OpEnv): Batch {
  if (op.columns.length === 0) fail(EXEC_CODES.unsupported, 'externaldata: a schema is needed here ((name:type, …)); reading the schema from the files is not supported', op);
  const columns: ColumnSchema[] = op.columns.map((c) => ({ name: c.name.name, type: c.type.type ?? 'string' }));
  const format = (property(op, 'format', o) ?? paramText(op.params, 'dataformat'))?.toLowerCase();
  const ignoreFirstRecord = (property(op, 'ignoreFirstRecord', o) ?? 'false').toLowerCase() === 'true';
  const legs: { name: string; batch: Batch }[] = [];
  for (const u of op.uris) {
    const c = compile(u, o.scope([]));
    if (!c.constant || typeof c.value !== 'string') fail(EXEC_CODES.badArgument, 'externaldata: a source must be a constant string', u);
    const uri = c.value.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
    if (scheme !== undefined && scheme !== 'file') {
      fail(EXEC_CODES.unsupported, `externaldata: '${scheme}://' sources need the network, which this engine does not use; download the file and give its path (relative, absolute or file://)`, u);
    }
    const path = scheme === 'file' ? decodeURIComponent(uri.replace(/^file:\/\//i, '').replace(/^localhost\//i, '/')) : uri;
    const provider = o.ctx.externalData;
    if (!provider) fail(EXEC_CODES.unsupported, `externaldata: reading local files is not enabled for this query (the caller gave no externaldata reader)`, u);
    const r = provider({ path, format, columns, ignoreFirstRecord });
    if ('error' in r) fail(EXEC_CODES.badArgument, `externaldata: ${r.error}`, u);
    legs.push({ name: String(legs.length), batch: batchFromTable(r.table) });
  }
  if (legs.length === 1) return legs[0]!.batch;
  if (legs.length === 0) fail(EXEC_CODES.badArgument, 'externaldata: no source given ([uri, …])', op);
  return unionLegs(legs, []);
}
