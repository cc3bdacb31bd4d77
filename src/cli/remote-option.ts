/**
 * `--engine local|adx|loganalytics` and its connection options, shared by `query` and `detect`:
 *   adx:           --cluster URL --database DB
 *   loganalytics:  --workspace-id GUID [--endpoint URL]   (default https://api.loganalytics.io)
 *   adx also takes --endpoint URL as the cluster URL (a loopback stand-in, a proxy).
 * Credentials: src/remote/credential.ts (CLOUDHOP_REMOTE_TOKEN, else DefaultAzureCredential).
 */
import { remoteCredential } from '../remote/credential.js';
import { DEFAULT_LOGANALYTICS_ENDPOINT, type RemoteTarget } from '../remote/client.js';

export const REMOTE_OPTIONS = {
  engine: { type: 'string' }, cluster: { type: 'string' }, database: { type: 'string' },
  'workspace-id': { type: 'string' }, endpoint: { type: 'string' },
} as const;

export const REMOTE_USAGE = `  --engine E        local (default), adx or loganalytics: run where the data lives
  --cluster URL     adx: the cluster (https://NAME.REGION.kusto.windows.net); --database DB
  --workspace-id ID loganalytics: the workspace (a GUID)
  --endpoint URL    another endpoint for the remote engine (a proxy, a loopback service)
                    credentials: CLOUDHOP_REMOTE_TOKEN (a bearer token), else Azure's default chain
                    (environment, managed identity, Azure CLI login)`;

export interface RemoteValues { engine?: string; cluster?: string; database?: string; 'workspace-id'?: string; endpoint?: string }

/** The remote target, undefined for the local engine, or a usage message (exit 2). */
export async function remoteTargetFrom(v: RemoteValues, timeoutMs?: number): Promise<RemoteTarget | undefined | string> {
  const engine = v.engine ?? 'local';
  if (engine === 'local') {
    const stray = (['cluster', 'database', 'workspace-id', 'endpoint'] as const).find((k) => v[k] !== undefined);
    return stray ? `--${stray} needs --engine adx or --engine loganalytics` : undefined;
  }
  const url = (name: string, s: string): string | undefined => {
    try { const u = new URL(s); return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : `${name}: not an http(s) URL: '${s}'`; } catch { return `${name}: not a URL: '${s}'`; }
  };
  if (engine === 'adx') {
    const endpoint = v.endpoint ?? v.cluster;
    if (!endpoint) return '--engine adx needs --cluster URL (or --endpoint URL)';
    if (!v.database) return '--engine adx needs --database DB';
    if (v['workspace-id'] !== undefined) return '--workspace-id is for --engine loganalytics';
    const bad = url(v.endpoint ? '--endpoint' : '--cluster', endpoint);
    if (bad) return bad;
    return { kind: 'adx', endpoint, database: v.database, credential: await remoteCredential(), ...(timeoutMs ? { timeoutMs } : {}) };
  }
  if (engine === 'loganalytics') {
    const id = v['workspace-id'];
    if (!id) return '--engine loganalytics needs --workspace-id GUID';
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return `--workspace-id: not a GUID: '${id}'`;
    if (v.cluster !== undefined || v.database !== undefined) return '--cluster/--database are for --engine adx';
    const endpoint = v.endpoint ?? DEFAULT_LOGANALYTICS_ENDPOINT;
    const bad = url('--endpoint', endpoint);
    if (bad) return bad;
    return { kind: 'loganalytics', endpoint, workspaceId: id, credential: await remoteCredential(), ...(timeoutMs ? { timeoutMs } : {}) };
  }
  return `--engine is local, adx or loganalytics, not '${engine}'`;
}
