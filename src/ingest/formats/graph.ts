import { type Rec, obj, passRest } from './util.js';
import { BUILTIN_TABLES } from '../../store/schemas/index.js';

/** Lower-cased column names of the two principal sign-in tables (an empty Graph field is kept when its table has the column). */
const COLUMNS_OF: Record<string, Set<string>> = Object.fromEntries(['AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs']
  .map((t) => [t, new Set((BUILTIN_TABLES.get(t)?.columns ?? []).map((c) => c.name.toLowerCase()))]));

/**
 * Microsoft Graph `signIn` (v1.0 / beta, as the Entra portal downloads and the API return it) →
 * SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs (beta `signInEventTypes`
 * `servicePrincipal`) or AADManagedIdentitySignInLogs (`managedIdentity`), and `directoryAudit` →
 * AuditLogs. Fields whose
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

export type SignInTable = 'SigninLogs' | 'AADNonInteractiveUserSignInLogs' | 'AADServicePrincipalSignInLogs' | 'AADManagedIdentitySignInLogs';

/** A non-empty string field. */
function has(r: Rec, k: string): boolean { return typeof r[k] === 'string' && r[k] !== ''; }

/**
 * The table of a Graph sign-in. `signInEventTypes` decides when present (beta); without it, a
 * `managedServiceIdentity` of a real type means a managed identity, and a service principal id
 * without any user means a service principal (v1.0 objects carry empty user fields then).
 */
export function signInTable(r: Rec): SignInTable {
  const types = r.signInEventTypes;
  if (Array.isArray(types) && !types.includes('interactiveUser') && !types.includes('nonInteractiveUser')) {
    if (types.includes('managedIdentity')) return 'AADManagedIdentitySignInLogs';
    if (types.includes('servicePrincipal')) return 'AADServicePrincipalSignInLogs';
  }
  if (!Array.isArray(types) || types.length === 0) {
    const msi = obj(r.managedServiceIdentity);
    if (msi && typeof msi.msiType === 'string' && msi.msiType !== '' && msi.msiType !== 'none') return 'AADManagedIdentitySignInLogs';
    if (has(r, 'servicePrincipalId') && !has(r, 'userId') && !has(r, 'userPrincipalName')) return 'AADServicePrincipalSignInLogs';
  }
  if (Array.isArray(types) && types.some((t) => t === 'nonInteractiveUser' || t === 'managedIdentity' || t === 'servicePrincipal') && !types.includes('interactiveUser')) return 'AADNonInteractiveUserSignInLogs';
  if (r.isInteractive === false) return 'AADNonInteractiveUserSignInLogs';
  return 'SigninLogs';
}

const CATEGORY: Record<SignInTable, string> = {
  SigninLogs: 'SignInLogs', AADNonInteractiveUserSignInLogs: 'NonInteractiveUserSignInLogs',
  AADServicePrincipalSignInLogs: 'ServicePrincipalSignInLogs', AADManagedIdentitySignInLogs: 'ManagedIdentitySignInLogs',
};

/**
 * Graph fields about the signed-in user. A service principal's or managed identity's sign-in object
 * carries them empty; their tables have no such columns, so empty ones are not kept (a filled one is).
 */
const USER_FIELDS = ['userDisplayName', 'userPrincipalName', 'userId', 'userType', 'isInteractive', 'deviceDetail', 'clientAppUsed',
  'authenticationRequirement', 'authenticationMethodsUsed', 'authenticationDetails', 'mfaDetail', 'signInIdentifier', 'signInIdentifierType',
  'homeTenantId', 'homeTenantName', 'crossTenantAccessType', 'riskDetail', 'riskLevelAggregated', 'riskLevelDuringSignIn', 'riskState',
  'riskEventTypes', 'riskEventTypes_v2', 'isRisky', 'originalRequestId', 'tokenIssuerName', 'tokenIssuerType', 'incomingTokenType',
  'authenticationProtocol', 'alternateSignInName', 'flaggedForReview', 'processingTimeInMilliseconds', 'originalTransferMethod',
  'authenticationRequirementPolicies', 'authenticationAppDeviceDetails', 'authenticationAppPolicyEvaluationDetails', 'sessionLifetimePolicies',
  'isTenantRestricted', 'isThroughGlobalSecureAccess', 'globalSecureAccessIpAddress', 'authenticationContextClassReferences', 'privateLinkDetails',
  'appliedEventListeners', 'signInTokenProtectionStatus', 'tokenProtectionStatusDetails', 'autonomousSystemNumber', 'clientCredentialType',
  'managedServiceIdentity', 'servicePrincipalCredentialKeyId', 'servicePrincipalCredentialThumbprint', 'federatedCredentialId', 'signInEventTypes'];

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  const o = obj(v);
  if (o) return Object.values(o).every(isEmpty);
  return false;
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
  out.Category = CATEGORY[table as SignInTable] ?? 'SignInLogs';
  out.SourceSystem = 'Azure AD';
  out.Type = table;
  if (table === 'AADServicePrincipalSignInLogs' || table === 'AADManagedIdentitySignInLogs') {
    // These tables name the principal, not the app: Graph's appDisplayName is the principal's name.
    if (!has(r, 'servicePrincipalName') && has(r, 'appDisplayName')) out.ServicePrincipalName = r.appDisplayName;
    out.Identity = out.ServicePrincipalName ?? r.servicePrincipalName ?? r.appDisplayName;
    const consumed = new Set([...SIGNIN_CONSUMED, 'signInEventTypes']);
    // No Status column here: its code and reason are ResultType / ResultDescription; other details stay as an extra column.
    if (!status || isEmpty(status.additionalDetails)) delete out.Status;
    const msi = obj(r.managedServiceIdentity);
    if (table === 'AADServicePrincipalSignInLogs' && msi && (msi.msiType === 'none' || isEmpty(msi.msiType))) consumed.add('managedServiceIdentity');
    if (r.appDisplayName === (out.ServicePrincipalName ?? r.servicePrincipalName)) consumed.add('appDisplayName');
    for (const k of USER_FIELDS) if (k in r && isEmpty(r[k]) && !COLUMNS_OF[table]!.has(k.toLowerCase())) consumed.add(k);
    return passRest(r, consumed, out);
  }
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
