/**
 * The Azure Monitor Logs query API's shapes (learn.microsoft.com, "Azure Monitor Log Analytics API
 * response format"): `POST /v1/workspaces/{id}/query` with `{"query", "timespan"}` answers
 * `{"tables": [{"name": "PrimaryResult", "columns": [{"name", "type"}], "rows": [[...]]}]}`;
 * errors are `{"error": {"message", "code", "correlationId", "innererror": {...}}}`.
 */
import type { QueryResult } from '../kql/index.js';
import { wireValue } from './wire-values.js';

/**
 * `partial`: a partial failure (result truncation) reported beside the rows as the service does:
 * `error: {code: "PartialError", details: [{innererror: {message}}]}` (the SDK's PartialFailure).
 */
export function laResponse(r: Pick<QueryResult, 'columns' | 'rows'>, partial?: { readonly message: string }): unknown {
  return {
    ...(partial ? {
      error: {
        code: 'PartialError', message: 'There were some errors when processing your query.',
        details: [{ code: 'EngineError', message: 'Something went wrong processing your query on the server.', innererror: { code: '-2133196797', message: partial.message, severity: 2, severityName: 'Error' } }],
      },
    } : {}),
    tables: [{
      name: 'PrimaryResult',
      columns: r.columns.map((c) => ({ name: c.name, type: c.type })),
      rows: r.rows.map((row) => row.map((v, j) => wireValue(v, r.columns[j]!.type, 'loganalytics'))),
    }],
  };
}

export function laError(code: string, message: string, inner?: { code: string; message: string }): unknown {
  return { error: { message, code, correlationId: '00000000-0000-0000-0000-000000000000', ...(inner ? { innererror: inner } : {}) } };
}

/**
 * A timespan parameter as the API takes it (ISO 8601 interval): `start/end`, `start/duration`, or a
 * duration ending now. Returns [from, to) in ms since the epoch, or a message.
 */
export function parseTimespan(text: string, nowMs: number): { from: number; to: number } | string {
  const parts = text.split('/');
  const dur = (s: string): number | undefined => {
    const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
    if (!m || s === 'P' || s.endsWith('T')) return undefined;
    const [d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
    return ((d * 24 + h) * 60 + mi) * 60_000 + se * 1000;
  };
  const time = (s: string): number | undefined => { const t = Date.parse(s); return Number.isNaN(t) ? undefined : t; };
  if (parts.length === 1) { const d = dur(parts[0]!); return d === undefined ? `timespan '${text}' is not an ISO 8601 duration or interval` : { from: nowMs - d, to: nowMs }; }
  if (parts.length !== 2) return `timespan '${text}' is not an ISO 8601 interval`;
  const a = time(parts[0]!), b = time(parts[1]!) ?? (a !== undefined ? (dur(parts[1]!) ?? NaN) + a : undefined);
  if (a === undefined || b === undefined || Number.isNaN(b)) return `timespan '${text}' is not an ISO 8601 interval`;
  return { from: a, to: b };
}
