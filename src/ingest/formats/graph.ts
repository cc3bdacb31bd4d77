import { type Rec, obj, passRest } from './util.js';

/**
 * Microsoft Graph `signIn` (v1.0 / beta, as the Entra portal downloads and the API return it) →
 * SigninLogs or AADNonInteractiveUserSignInLogs, and `directoryAudit` → AuditLogs. Fields whose
 * Graph name equals the Sentinel column up to case (userPrincipalName, ipAddress, appId, ...)
 * pass through and match case-insensitively; only the renamed ones are mapped here.
 */
export function isGraphSignIn(r: Rec): boolean {
  return typeof r.createdDateTime === 'string' && ('userPrincipalName' in r || 'appId' in r || 'ipAddress' in r) && !('TimeGenerated' in r);
}

export function isGraphDirectoryAudit(r: Rec): boolean {
  return typeof r.activityDateTime === 'string' && 'activityDisplayName' in r && !('TimeGenerated' in r);
}

const SIGNIN_CONSUMED = new Set(['location', 'status', 'resourceId', 'appliedConditionalAccessPolicies', 'riskEventTypes_v2', 'id']);

export function signInTable(r: Rec): 'SigninLogs' | 'AADNonInteractiveUserSignInLogs' {
  const types = r.signInEventTypes;
  if (Array.isArray(types) && types.some((t) => t === 'nonInteractiveUser' || t === 'managedIdentity' || t === 'servicePrincipal') && !types.includes('interactiveUser')) return 'AADNonInteractiveUserSignInLogs';
  if (r.isInteractive === false) return 'AADNonInteractiveUserSignInLogs';
  return 'SigninLogs';
}

export function mapGraphSignIn(r: Rec, table: string): Rec {
  const out: Rec = {};
  const loc = obj(r.location), status = obj(r.status);
  out.TimeGenerated = r.createdDateTime;
  out.Id = r.id;
  out.LocationDetails = r.location;
  if (loc) out.Location = loc.countryOrRegion ?? '';
  out.Status = r.status;
  if (status) {
    if (status.errorCode !== undefined && status.errorCode !== null) out.ResultType = String(status.errorCode);
    if (status.failureReason !== undefined) out.ResultDescription = status.failureReason;
  }
  out.ResourceIdentity = r.resourceId;
  out.ConditionalAccessPolicies = r.appliedConditionalAccessPolicies;
  out.RiskEventTypes_V2 = r.riskEventTypes_v2;
  out.OperationName = 'Sign-in activity';
  out.Category = table === 'SigninLogs' ? 'SignInLogs' : 'NonInteractiveUserSignInLogs';
  out.SourceSystem = 'Azure AD';
  out.Type = table;
  if (out.IsInteractive === undefined && r.isInteractive === undefined) out.IsInteractive = table === 'SigninLogs';
  return passRest(r, SIGNIN_CONSUMED, out);
}

const AUDIT_CONSUMED = new Set(['operationType', 'resultReason', 'id']);

export function mapGraphDirectoryAudit(r: Rec): Rec {
  const out: Rec = {};
  out.TimeGenerated = r.activityDateTime;
  out.Id = r.id;
  out.OperationName = r.activityDisplayName;
  out.AADOperationType = r.operationType;
  out.ResultReason = r.resultReason;
  out.ResultDescription = r.resultReason;
  out.SourceSystem = 'Azure AD';
  out.Type = 'AuditLogs';
  return passRest(r, AUDIT_CONSUMED, out);
}
