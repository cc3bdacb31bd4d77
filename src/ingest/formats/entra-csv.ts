import type { Rec } from './util.js';

/**
 * The Entra admin center's "Download CSV" of sign-ins (InteractiveSignIns_*.csv,
 * NonInteractiveSignIns_*.csv): human-readable headers ("Date (UTC)", "Request ID", "Username",
 * "Sign-in error code"...) mapped to the SigninLogs / AADNonInteractiveUserSignInLogs columns.
 * Columns we do not map keep their header as an extra column.
 */
const MAP: Record<string, string> = {
  'date (utc)': 'TimeGenerated', 'request id': 'Id', 'user agent': 'UserAgent', 'correlation id': 'CorrelationId',
  'user id': 'UserId', 'user': 'UserDisplayName', 'username': 'UserPrincipalName', 'user type': 'UserType',
  'cross tenant access type': 'CrossTenantAccessType', 'incoming token type': 'IncomingTokenType',
  'authentication protocol': 'AuthenticationProtocol', 'unique token identifier': 'UniqueTokenIdentifier',
  'original transfer method': 'OriginalTransferMethod', 'client credential type': 'ClientCredentialType',
  'application': 'AppDisplayName', 'application id': 'AppId', 'resource': 'ResourceDisplayName',
  'resource id': 'ResourceIdentity', 'resource tenant id': 'ResourceTenantId', 'home tenant id': 'HomeTenantId',
  'home tenant name': 'HomeTenantName', 'ip address': 'IPAddress', 'sign-in error code': 'ResultType',
  'failure reason': 'ResultDescription', 'client app': 'ClientAppUsed', 'authentication requirement': 'AuthenticationRequirement',
  'sign-in identifier': 'SignInIdentifier', 'session id': 'SessionId', 'autonomous system number': 'AutonomousSystemNumber',
  'flagged for review': 'FlaggedForReview', 'token issuer type': 'TokenIssuerType', 'token issuer name': 'TokenIssuerName',
  'conditional access': 'ConditionalAccessStatus', 'through global secure access': 'IsThroughGlobalSecureAccess',
  'global secure access ip address': 'GlobalSecureAccessIpAddress',
};
const DEVICE: Record<string, string> = { 'device id': 'deviceId', 'browser': 'browser', 'operating system': 'operatingSystem', 'compliant': 'isCompliant', 'managed': 'isManaged', 'join type': 'trustType' };

export function isEntraSigninCsv(header: readonly string[]): boolean {
  const h = new Set(header.map((x) => x.trim().toLowerCase()));
  return h.has('date (utc)') && h.has('request id') && (h.has('username') || h.has('application id'));
}

export function entraSigninTable(file: string): 'SigninLogs' | 'AADNonInteractiveUserSignInLogs' {
  return /non-?interactive/i.test(file.split(/[\\/]/).pop() ?? '') ? 'AADNonInteractiveUserSignInLogs' : 'SigninLogs';
}

export function mapEntraSigninRow(r: Rec, table: string): Rec {
  const out: Rec = {};
  const device: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    const l = k.trim().toLowerCase();
    const m = MAP[l];
    if (m) { if (!(m in out) || out[m] === '') out[m] = v; continue; }
    const d = DEVICE[l];
    if (d) { if (v !== '') device[d] = v === 'Yes' || v === 'Compliant' ? true : v === 'No' ? false : v; continue; }
    if (l === 'location') {
      const parts = String(v).split(',').map((x) => x.trim());
      if (String(v).trim() !== '') {
        out.LocationDetails = { city: parts.length > 2 ? parts[0] : '', state: parts.length > 2 ? parts[1] : parts.length > 1 ? parts[0] : '', countryOrRegion: parts[parts.length - 1] };
        out.Location = parts[parts.length - 1];
      }
      continue;
    }
    if (l === 'status') { out.__status = v; continue; }
    out[k] = v;
  }
  // Status as Sentinel holds it: {errorCode, failureReason}; the portal's Success/Failure word stays in additionalDetails.
  const word = out.__status; delete out.__status;
  if ((out.ResultType === undefined || out.ResultType === '') && String(word ?? '').toLowerCase() === 'success') out.ResultType = '0';
  const code = Number(out.ResultType);
  out.Status = { ...(Number.isFinite(code) && out.ResultType !== undefined && out.ResultType !== '' ? { errorCode: code } : {}), ...(out.ResultDescription ? { failureReason: out.ResultDescription } : {}), ...(word ? { additionalDetails: word } : {}) };
  if (Object.keys(device).length > 0) out.DeviceDetail = device;
  out.CreatedDateTime = out.TimeGenerated;
  out.Type = table;
  out.Category = table === 'SigninLogs' ? 'SignInLogs' : 'NonInteractiveUserSignInLogs';
  out.IsInteractive = table === 'SigninLogs';
  return out;
}
