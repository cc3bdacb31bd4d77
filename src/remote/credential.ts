/**
 * Credentials for remote engines. `CLOUDHOP_REMOTE_TOKEN` (a bearer token, e.g. from
 * `az account get-access-token --resource https://api.loganalytics.io`) is used as is; otherwise
 * @azure/identity's DefaultAzureCredential: environment (AZURE_TENANT_ID / AZURE_CLIENT_ID /
 * AZURE_CLIENT_SECRET ...), workload or managed identity, then the Azure CLI's login.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';

/** A credential that always answers the same token (a token the user already holds). */
export function staticTokenCredential(token: string, expiresInMs = 3_600_000): TokenCredential {
  return { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + expiresInMs }) };
}

export async function remoteCredential(env: NodeJS.ProcessEnv = process.env): Promise<TokenCredential> {
  const token = env.CLOUDHOP_REMOTE_TOKEN;
  if (token) return staticTokenCredential(token.trim());
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}
