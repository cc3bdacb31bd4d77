// The official clients as a user runs them against `cloudhop serve` (a child program: Node reads
// NODE_EXTRA_CA_CERTS, the trust of the served self-signed certificate, only at start-up). Only the
// endpoint, the credential (the served token) and the trusted certificate differ from a real
// cluster or workspace. Input: argv[2] = JSON {url, token, workspaceId, queries, mgmt, truncated}.
// Output: one JSON object on stdout with what each client returned.
import { Client, KustoConnectionStringBuilder, ClientRequestProperties } from 'azure-kusto-data';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query';
import type { AccessToken, TokenCredential } from '@azure/identity';

const job = JSON.parse(process.argv[2]!) as { url: string; token: string; workspaceId: string; queries: string[]; mgmt: string[]; truncated: string };
const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: job.token, expiresOnTimestamp: Date.now() + 3_600_000 }) };

type Table = { columns: { name: string; type: string }[]; rows: unknown[][] };
const plain = (v: unknown): unknown => (v instanceof Date ? { date: v.toISOString() } : v);

const kusto = new Client(KustoConnectionStringBuilder.withTokenCredential(job.url, credential));
const logs = new LogsQueryClient(credential, { endpoint: job.url });
// The timespan the SDK requires: wide enough to keep every row (the served windowing is tested in test/serve).
const WIDE = { startTime: new Date('2000-01-01T00:00:00Z'), endTime: new Date('2100-01-01T00:00:00Z') };
const out: Record<string, unknown> = { v2: [], v1: [], la: [], mgmt: [] };

function fromKusto(t: { columns: { name: string | null; type: string | null }[]; rows(): IterableIterator<{ toJSON(): unknown }> }): Table {
  const columns = t.columns.map((c) => ({ name: String(c.name), type: String(c.type) }));
  return { columns, rows: [...t.rows()].map((r) => { const o = r.toJSON() as Record<string, unknown>; return columns.map((c) => plain(o[c.name])); }) };
}

for (const q of job.queries) {
  (out.v2 as Table[]).push(fromKusto((await kusto.execute('db', q)).primaryResults[0]!));
  (out.v1 as Table[]).push(fromKusto((await kusto.executeQueryV1('db', q)).primaryResults[0]!));
  const r = await logs.queryWorkspace(job.workspaceId, q, WIDE);
  if (r.status !== LogsQueryResultStatus.Success) throw new Error(`LogsQueryClient: ${r.status}`);
  const t = r.tables[0]!;
  (out.la as Table[]).push({ columns: t.columnDescriptors.map((c) => ({ name: String(c.name), type: String(c.type) })), rows: t.rows.map((row) => row.map(plain)) });
}
for (const m of job.mgmt) (out.mgmt as Table[]).push(fromKusto((await kusto.executeMgmt('db', m)).primaryResults[0]!));

// Truncation: the Kusto client raises the partial failure; Log Analytics reports PartialFailure with the rows.
const props = new ClientRequestProperties();
props.setOption('truncationmaxrecords', 1000);
try { await kusto.execute('db', job.truncated, props); out.truncatedKusto = 'no error'; } catch (e) { out.truncatedKusto = (e as Error).message; }
const lr = await logs.queryWorkspace(job.workspaceId, job.truncated, WIDE);
out.truncatedLa = lr.status === LogsQueryResultStatus.PartialFailure
  ? { status: 'PartialFailure', rows: lr.partialTables[0]!.rows.length, message: lr.partialError.message, details: JSON.stringify((lr.partialError as unknown as { details?: unknown }).details ?? null) }
  : { status: lr.status };
// Errors: a semantic error through each client.
try { await kusto.execute('db', 'SigninLogs | where Nope == 1'); out.kustoError = 'no error'; } catch (e) { out.kustoError = { status: (e as { response?: { status: number } }).response?.status, message: (e as { response?: { data: { error: { '@message': string } } } }).response?.data.error['@message'] }; }
try { const r = await logs.queryWorkspace(job.workspaceId, 'SigninLogs | where Nope == 1', WIDE); out.laError = r.status; } catch (e) { out.laError = { code: (e as { code?: string }).code, status: (e as { statusCode?: number }).statusCode, message: (e as Error).message, body: (e as { response?: { bodyAsText?: string } }).response?.bodyAsText }; }
kusto.close();
process.stdout.write(JSON.stringify(out));
