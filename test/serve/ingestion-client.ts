// @azure/monitor-ingestion and azure-kusto-data as a user runs them against `cloudhop serve` (a
// child program: Node reads NODE_EXTRA_CA_CERTS, the trust of the served self-signed certificate,
// only at start-up). Only the endpoint (the data collection endpoint / cluster URL), the credential
// (the served token) and the trusted certificate differ from Azure.
// Input: standard input = JSON {url, token, steps: [{upload: {ruleId, stream, logs}} | {mgmt: text} |
// {query: text}]}. Output: one JSON array on stdout, per step what the client returned or raised.
import { LogsIngestionClient, isAggregateLogsUploadError } from '@azure/monitor-ingestion';
import { Client, KustoConnectionStringBuilder } from 'azure-kusto-data';
import type { AccessToken, TokenCredential } from '@azure/identity';

type Step = { upload: { ruleId: string; stream: string; logs: Record<string, unknown>[] } } | { mgmt: string } | { query: string };
let input = '';
for await (const b of process.stdin) input += (b as Buffer).toString('utf8');
const job = JSON.parse(input) as { url: string; token: string; steps: Step[] };
const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: job.token, expiresOnTimestamp: Date.now() + 3_600_000 }) };

const ingestion = new LogsIngestionClient(job.url, credential);
const kusto = new Client(KustoConnectionStringBuilder.withTokenCredential(job.url, credential));
const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
function table(t: { columns: { name: string | null; type: string | null }[]; rows(): IterableIterator<{ toJSON(): unknown }> }): unknown {
  const columns = t.columns.map((c) => ({ name: String(c.name), type: String(c.type) }));
  return { columns, rows: [...t.rows()].map((r) => { const o = r.toJSON() as Record<string, unknown>; return columns.map((c) => plain(o[c.name])); }) };
}

const out: unknown[] = [];
for (const s of job.steps) {
  try {
    if ('upload' in s) { await ingestion.upload(s.upload.ruleId, s.upload.stream, s.upload.logs); out.push({ ok: true }); }
    else if ('mgmt' in s) out.push({ ok: true, table: table((await kusto.executeMgmt('db', s.mgmt)).primaryResults[0]!) });
    else out.push({ ok: true, table: table((await kusto.execute('db', s.query)).primaryResults[0]!) });
  } catch (e) {
    if (isAggregateLogsUploadError(e)) {
      out.push({ ok: false, errors: e.errors.map((x) => {
        const c = x.cause as Error & { statusCode?: number; code?: string };
        return { status: c.statusCode, code: c.code, message: c.message, failedLogs: x.failedLogs.length };
      }) });
    } else {
      const r = (e as { response?: { status?: number; data?: { error?: { '@message'?: string } } } }).response;
      out.push({ ok: false, status: r?.status, message: r?.data?.error?.['@message'] ?? (e as Error).message });
    }
  }
}
kusto.close();
process.stdout.write(JSON.stringify(out));
