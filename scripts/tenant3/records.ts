import { createHash } from 'node:crypto';
import type { Rng } from './rng.js';
import type { Place } from './net.js';
import type { Org, Device } from './org.js';
import { iso7, type Rec } from './sink.js';
import type { AppRef } from './apps.js';

/**
 * Builders of one row per table, in the Log Analytics (Sentinel) column names; the writer converts
 * some of them to the raw formats (Graph, Defender streaming, CloudTrail files, GCP LogEntry).
 */
export const RESULT_TEXT: Record<string, string> = {
  '0': '',
  '50074': 'Strong Authentication is required.',
  '50076': 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
  '500121': 'Authentication failed during strong authentication request.',
  '50126': 'Error validating credentials due to invalid username or password.',
  '50140': 'This error occurred due to "Keep me signed in" interrupt when the user was signing in.',
  '50158': 'External security challenge was not satisfied.',
  '70044': 'The session has expired or is invalid due to sign-in frequency checks by conditional access.',
  '53003': 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  '50055': 'The password is expired.',
  '7000215': 'Invalid client secret is provided.',
};

export interface Who { upn: string; display: string; objectId: string }
export interface SignIn {
  t: number; who: Who; app: AppRef; res: AppRef; at: Place; ua: string; interactive: boolean; result?: string;
  device?: Device | { name: string; aadId: string; os: string; browser: string; trust: string; compliant: boolean } | null;
  mfa?: 'claim' | 'push' | 'push-denied' | 'push-timeout' | 'none' | 'totp' | 'sms';
  session: string; corr: string; uti: string; trusted?: string; risk?: { level: string; state: string; detail: string; events: string[] };
  protocol?: string; clientApp?: string; tokenType?: string; os?: string;
}

/** Deterministic coordinates jitter of an IP inside its city. */
function jitter(ip: string): [number, number] { const h = createHash('md5').update(ip).digest(); return [((h[0]! - 128) / 128) * 0.08, ((h[1]! - 128) / 128) * 0.08]; }

export function locationDetails(p: Place): Rec {
  const [dl, dn] = jitter(p.ip);
  return { city: p.city.city, state: p.city.state, countryOrRegion: p.country, geoCoordinates: { latitude: +(p.city.lat + dl).toFixed(4), longitude: +(p.city.lon + dn).toFixed(4) } };
}

export function signIn(org: Org, r: Rng, s: SignIn): Rec {
  const result = s.result ?? '0';
  const dev = s.device;
  const mfaNeeded = s.mfa && s.mfa !== 'none';
  const method = s.mfa === 'push' || s.mfa === 'push-denied' || s.mfa === 'push-timeout' ? 'Mobile app notification' : s.mfa === 'totp' ? 'OATH verification code' : s.mfa === 'sms' ? 'Text message' : s.mfa === 'claim' ? 'Previously satisfied' : '';
  const authDetails: Rec[] = [];
  if (s.interactive) {
    authDetails.push({ authenticationStepDateTime: iso7(s.t), authenticationMethod: s.tokenType === 'primaryRefreshToken' ? 'Previously satisfied' : 'Password', authenticationMethodDetail: s.tokenType === 'primaryRefreshToken' ? '' : 'Password Hash Sync', succeeded: result !== '50126', authenticationStepResultDetail: result === '50126' ? 'Invalid username or password' : 'Correct password', authenticationStepRequirement: 'Primary authentication' });
    if (mfaNeeded) authDetails.push({ authenticationStepDateTime: iso7(s.t + 9000), authenticationMethod: method, authenticationMethodDetail: '', succeeded: result === '0', authenticationStepResultDetail: result === '0' ? (s.mfa === 'claim' ? 'MFA requirement satisfied by claim in the token' : 'MFA successfully completed') : s.mfa === 'push-denied' ? 'MFA denied; user declined the authentication' : s.mfa === 'push-timeout' ? 'MFA denied; user did not respond to mobile app notification' : 'MFA required in Azure AD', authenticationStepRequirement: 'Multifactor authentication' });
  } else {
    authDetails.push({ authenticationStepDateTime: iso7(s.t), authenticationMethod: 'Previously satisfied', succeeded: true, authenticationStepResultDetail: 'First factor requirement satisfied by claim in the token', authenticationStepRequirement: 'Primary authentication' });
  }
  const osName = (os: string): string => (os === 'Windows' ? 'Windows 10' : os === 'macOS' ? 'MacOs' : os);
  // A device Entra knows (registered or joined) is named; any other client only reports its OS and browser.
  const deviceDetail: Rec = dev && dev.aadId
    ? { deviceId: dev.aadId, displayName: dev.name, operatingSystem: osName(dev.os), browser: dev.browser, isCompliant: dev.compliant, isManaged: dev.trust === 'Hybrid Azure AD joined' || dev.trust === 'Azure AD joined', trustType: dev.trust }
    : { deviceId: '', operatingSystem: dev ? osName(dev.os) : (s.os ?? 'Windows 10'), browser: dev ? dev.browser : browserOf(s.ua) };
  const status: Rec = { errorCode: Number(result), ...(result !== '0' ? { failureReason: RESULT_TEXT[result] ?? 'Other.' } : {}), ...(result === '0' && mfaNeeded && s.interactive ? { additionalDetails: s.mfa === 'claim' ? 'MFA requirement satisfied by claim in the token' : 'MFA completed in Azure AD' } : {}) };
  const net = s.trusted ? [{ networkType: 'trustedNamedLocation', networkNames: [s.trusted] }] : [];
  const risk = s.risk ?? { level: 'none', state: 'none', detail: 'none', events: [] };
  const rec: Rec = {
    TimeGenerated: iso7(s.t), CreatedDateTime: iso7(s.t), TenantId: org.tenantId, AADTenantId: org.tenantId, SourceSystem: 'Azure AD',
    OperationName: 'Sign-in activity', OperationVersion: '1.0', Category: s.interactive ? 'SignInLogs' : 'NonInteractiveUserSignInLogs',
    ResultType: result, ResultSignature: result === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: RESULT_TEXT[result] ?? '',
    DurationMs: 0, CorrelationId: s.corr, Id: r.uuid(), OriginalRequestId: r.uuid(), UniqueTokenIdentifier: s.uti, SessionId: s.session,
    Identity: s.who.display, UserDisplayName: s.who.display, UserPrincipalName: s.who.upn, UserId: s.who.objectId, UserType: 'Member', AlternateSignInName: s.who.upn,
    SignInIdentifier: s.who.upn, SignInIdentifierType: 'userPrincipalName', HomeTenantId: org.tenantId, ResourceTenantId: org.tenantId, AppOwnerTenantId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a', ResourceOwnerTenantId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    AppDisplayName: s.app[0], AppId: s.app[1], ResourceDisplayName: s.res[0], ResourceIdentity: s.res[1], ResourceId: s.res[1],
    ClientAppUsed: s.clientApp ?? (/Mozilla/.test(s.ua) && !/PowerShell|Teams/.test(s.ua) ? 'Browser' : 'Mobile Apps and Desktop clients'),
    UserAgent: s.ua, IPAddress: s.at.ip, AutonomousSystemNumber: String(s.at.asn), Location: s.at.country, LocationDetails: locationDetails(s.at),
    NetworkLocationDetails: JSON.stringify(net), DeviceDetail: deviceDetail, Status: status,
    IsInteractive: s.interactive, AuthenticationRequirement: mfaNeeded ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    AuthenticationRequirementPolicies: JSON.stringify(mfaNeeded ? [{ requirementProvider: 'multiConditionalAccess', detail: 'Conditional Access' }] : []),
    AuthenticationDetails: JSON.stringify(authDetails), AuthenticationMethodsUsed: JSON.stringify(method && result === '0' && s.interactive ? ['Password', method] : s.interactive ? ['Password'] : []),
    AuthenticationProtocol: s.protocol ?? 'none', IncomingTokenType: s.tokenType ?? (s.interactive ? 'none' : 'refreshToken'), TokenIssuerType: 'AzureAD', TokenIssuerName: '',
    ConditionalAccessStatus: result === '53003' ? 'failure' : mfaNeeded ? 'success' : 'notApplied', ConditionalAccessPolicies: [],
    MfaDetail: mfaNeeded && s.interactive ? { authMethod: method, authDetail: '' } : {},
    RiskLevelDuringSignIn: risk.level, RiskLevelAggregated: risk.level, RiskState: risk.state, RiskDetail: risk.detail, RiskEventTypes: JSON.stringify(risk.events), RiskEventTypes_V2: JSON.stringify(risk.events), IsRisky: risk.level !== 'none' && risk.state === 'atRisk',
    CrossTenantAccessType: 'none', IsTenantRestricted: false, IsThroughGlobalSecureAccess: false, FlaggedForReview: false, ProcessingTimeInMilliseconds: String(r.int(40, 400)),
    Type: s.interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs',
  };
  if (!s.interactive) { rec.SignInEventTypes = JSON.stringify(['nonInteractiveUser']); rec.ProcessingTimeInMs = rec.ProcessingTimeInMilliseconds; delete rec.ProcessingTimeInMilliseconds; delete rec.FlaggedForReview; delete rec.SignInIdentifier; }
  return rec;
}

export function browserOf(ua: string): string {
  if (/Edg\//.test(ua)) return 'Edge ' + (/Edg\/(\d+)/.exec(ua)?.[1] ?? '') + '.0.0';
  if (/Firefox\/(\d+)/.test(ua)) return 'Firefox ' + /Firefox\/(\d+)/.exec(ua)![1] + '.0';
  if (/Chrome\/(\d+)/.test(ua)) return 'Chrome ' + /Chrome\/(\d+)/.exec(ua)![1] + '.0.0';
  if (/Safari/.test(ua)) return 'Safari';
  if (/azure-cli|python/i.test(ua)) return 'Python Requests';
  return 'Rich Client';
}

/** Application sign-ins (AADServicePrincipalSignInLogs / AADManagedIdentitySignInLogs). */
export interface AppSignIn { t: number; table: 'AADServicePrincipalSignInLogs' | 'AADManagedIdentitySignInLogs'; name: string; appId: string; spId: string; res: readonly [string, string]; at: Place | null; result?: string; credType?: string; keyId?: string; thumbprint?: string; miResource?: string; ua?: string }
export function appSignIn(org: Org, r: Rng, s: AppSignIn): Rec {
  const result = s.result ?? '0';
  const rec: Rec = {
    TimeGenerated: iso7(s.t), CreatedDateTime: iso7(s.t), TenantId: org.tenantId, AADTenantId: org.tenantId, SourceSystem: 'Azure AD',
    OperationName: 'Sign-in activity', OperationVersion: '1.0', Category: s.table === 'AADServicePrincipalSignInLogs' ? 'ServicePrincipalSignInLogs' : 'ManagedIdentitySignInLogs',
    Id: r.uuid(), CorrelationId: r.uuid(), UniqueTokenIdentifier: r.token(), SessionId: '', Level: '4',
    ResultType: result, ResultSignature: result === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: RESULT_TEXT[result] ?? '',
    ServicePrincipalName: s.name, ServicePrincipalId: s.spId, AppId: s.appId, Identity: s.name, AppOwnerTenantId: org.tenantId,
    ResourceDisplayName: s.res[0], ResourceIdentity: s.res[1], ResourceServicePrincipalId: s.res[1] === '00000003-0000-0000-c000-000000000000' ? '2b1e5c1d-0f0d-4d49-8c43-2f5c2cbd7a10' : '6f8e4f70-9d1c-4b8b-a2ad-3b4c0c1f9e22', ResourceOwnerTenantId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    IPAddress: s.at?.ip ?? '', Location: s.at?.country ?? '', LocationDetails: JSON.stringify(s.at ? locationDetails(s.at) : {}), NetworkLocationDetails: '[]',
    ConditionalAccessStatus: 'notApplied', ConditionalAccessPolicies: '[]', DurationMs: 0, AuthenticationProcessingDetails: JSON.stringify([{ key: 'Azure AD App Authentication Library', value: 'Family: MSAL Library: MSAL.NET 4.61.3 Platform: .NET' }]),
    ClientCredentialType: s.credType ?? (s.table === 'AADManagedIdentitySignInLogs' ? 'managedIdentity' : 'clientSecret'),
    ServicePrincipalCredentialKeyId: s.keyId ?? '', ServicePrincipalCredentialThumbprint: s.thumbprint ?? '', FederatedCredentialId: '',
    Type: s.table,
  };
  if (s.table === 'AADServicePrincipalSignInLogs') rec.AutonomousSystemNumber = s.at ? String(s.at.asn) : '';
  if (s.table === 'AADManagedIdentitySignInLogs') rec.ManagedServiceIdentity = s.miResource ?? '';
  return rec;
}

/** Directory audit events (AuditLogs). */
export interface Target { type: 'User' | 'Device' | 'Application' | 'ServicePrincipal' | 'Group' | 'Role' | 'Policy' | 'Other'; displayName: string; id: string; upn?: string; props?: { displayName: string; oldValue: string; newValue: string }[] }
export interface Audit { t: number; op: string; category: string; service?: string; result?: string; by: { upn: string; id: string; ip: string; display?: string } | { app: string; spId: string; appId?: string }; targets: Target[]; details?: Record<string, string>; opType?: string; corr?: string }
export function audit(org: Org, r: Rng, a: Audit): Rec {
  const initiatedBy = 'upn' in a.by
    ? { user: { id: a.by.id, displayName: a.by.display ?? null, userPrincipalName: a.by.upn, ipAddress: a.by.ip, roles: [] } }
    : { app: { appId: a.by.appId ?? null, displayName: a.by.app, servicePrincipalId: a.by.spId, servicePrincipalName: a.by.app } };
  const targets = a.targets.map((x) => ({ id: x.id, displayName: x.displayName, type: x.type, userPrincipalName: x.upn ?? null, groupType: null, modifiedProperties: (x.props ?? []).map((p) => ({ displayName: p.displayName, oldValue: p.oldValue, newValue: p.newValue })), administrativeUnits: [] }));
  const details = Object.entries(a.details ?? {}).map(([key, value]) => ({ key, value }));
  const result = a.result ?? 'success';
  return {
    TimeGenerated: iso7(a.t), ActivityDateTime: iso7(a.t), TenantId: org.tenantId, AADTenantId: org.tenantId, SourceSystem: 'Azure AD',
    OperationName: a.op, ActivityDisplayName: a.op, OperationVersion: '1.0', Category: a.category, AADOperationType: a.opType ?? opType(a.op),
    Result: result, ResultType: '', ResultReason: '', ResultDescription: '', ResultSignature: 'None', DurationMs: 0, Level: '4', Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam', ResourceProvider: '', ResourceId: `/tenants/${org.tenantId}/providers/Microsoft.aadiam`,
    CorrelationId: a.corr ?? r.uuid(), Id: `Directory_${r.upper(5)}_${r.int(10000000, 99999999)}`, LoggedByService: a.service ?? 'Core Directory',
    Identity: 'upn' in a.by ? (a.by.display ?? a.by.upn) : a.by.app, InitiatedBy: initiatedBy, TargetResources: targets, AdditionalDetails: details, Location: '',
    Type: 'AuditLogs',
  };
}
function opType(op: string): string { return /^Add|Register|Create|registered/.test(op) ? 'Add' : /^Delete|Remove/.test(op) ? 'Delete' : /Reset|Change/.test(op) ? 'Update' : 'Update'; }

/** Process creation (DeviceProcessEvents). */
export interface Proc { t: number; host: { name: string; mdeId: string }; sam: string; upn: string; sid: string; oid?: string; file: string; folder: string; cmd: string; parent: { file: string; folder: string; cmd: string }; gparent?: string; elevated?: boolean; system?: boolean }
const HASHES = new Map<string, string>();
export function hashOf(kind: string, text: string): string {
  const k = kind + text;
  let v = HASHES.get(k);
  if (v === undefined) HASHES.set(k, (v = createHash(kind === 'md5' ? 'md5' : kind === 'sha1' ? 'sha1' : 'sha256').update(text.toLowerCase()).digest('hex')));
  return v;
}
export function proc(org: Org, r: Rng, p: Proc): Rec {
  const domain = p.system ? 'nt authority' : org.netbios.toLowerCase();
  const sam = p.system ? 'system' : p.sam;
  const created = iso7(p.t);
  const pcreated = iso7(p.t - r.int(2000, 3600000));
  const fp = p.folder + (p.folder.includes('/') ? '/' : '\\') + p.file;
  const pfp = p.parent.folder + (p.parent.folder.includes('/') ? '/' : '\\') + p.parent.file;
  return {
    TimeGenerated: created, Timestamp: created, TenantId: org.tenantId, DeviceId: p.host.mdeId, DeviceName: `${p.host.name.toLowerCase()}.${org.adDomain}`,
    ActionType: 'ProcessCreated', FileName: p.file, FolderPath: fp, ProcessCommandLine: p.cmd, ProcessId: r.int(1000, 65000), ProcessCreationTime: created,
    ProcessIntegrityLevel: p.system ? 'System' : p.elevated ? 'High' : 'Medium', ProcessTokenElevation: p.elevated ? 'TokenElevationTypeFull' : 'TokenElevationTypeLimited',
    SHA1: hashOf('sha1', fp), SHA256: hashOf('sha256', fp), MD5: hashOf('md5', fp), FileSize: 40000 + (parseInt(hashOf('md5', fp).slice(0, 6), 16) % 9000000),
    AccountDomain: domain, AccountName: sam, AccountSid: p.system ? 'S-1-5-18' : p.sid, AccountUpn: p.system ? '' : p.upn, AccountObjectId: p.system ? '' : (p.oid ?? ''), LogonId: r.int(100000, 9999999),
    InitiatingProcessFileName: p.parent.file, InitiatingProcessFolderPath: pfp, InitiatingProcessCommandLine: p.parent.cmd, InitiatingProcessId: r.int(1000, 65000), InitiatingProcessCreationTime: pcreated,
    InitiatingProcessParentFileName: p.gparent ?? (p.host.name && p.folder.startsWith('/') ? 'bash' : 'explorer.exe'), InitiatingProcessParentId: r.int(500, 20000), InitiatingProcessParentCreationTime: pcreated,
    InitiatingProcessAccountDomain: domain, InitiatingProcessAccountName: sam, InitiatingProcessAccountSid: p.system ? 'S-1-5-18' : p.sid, InitiatingProcessAccountUpn: p.system ? '' : p.upn, InitiatingProcessAccountObjectId: p.system ? '' : (p.oid ?? ''),
    InitiatingProcessIntegrityLevel: p.system ? 'System' : p.elevated ? 'High' : 'Medium', InitiatingProcessTokenElevation: p.elevated ? 'TokenElevationTypeFull' : 'TokenElevationTypeLimited',
    InitiatingProcessSHA1: hashOf('sha1', pfp), InitiatingProcessSHA256: hashOf('sha256', pfp), InitiatingProcessMD5: hashOf('md5', pfp),
    IsProcessRemoteSession: false, IsInitiatingProcessRemoteSession: false, ReportId: r.int(1000, 999999), AdditionalFields: {}, SourceSystem: '', Type: 'DeviceProcessEvents',
  };
}

/** An AWS CloudTrail event in the raw CloudTrail record shape (camelCase). */
export interface Ct { t: number; name: string; source: string; region: string; ip: string; ua: string; account: string; identity: Rec; req?: Rec | null; resp?: Rec | null; extra?: Rec; error?: [string, string]; readOnly?: boolean; type?: string }
export function cloudTrail(r: Rng, c: Ct): Rec {
  const rec: Rec = {
    eventVersion: '1.09', userIdentity: c.identity, eventTime: new Date(Math.floor(c.t)).toISOString().replace(/\.\d{3}Z$/, 'Z'), eventSource: c.source, eventName: c.name, awsRegion: c.region,
    sourceIPAddress: c.ip, userAgent: c.ua, requestParameters: c.req ?? null, responseElements: c.resp ?? null,
    requestID: r.uuid(), eventID: r.uuid(), readOnly: c.readOnly ?? /^(Get|List|Describe|Lookup)/.test(c.name), eventType: c.type ?? (c.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall'),
    managementEvent: true, recipientAccountId: c.account, eventCategory: 'Management',
    tlsDetails: c.name === 'ConsoleLogin' ? undefined : { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${c.source.split('.')[0]}.${c.source.startsWith('iam') || c.source.startsWith('sts') && c.region === 'us-east-1' ? '' : c.region + '.'}amazonaws.com` },
  };
  if (c.extra) rec.additionalEventData = c.extra;
  if (c.error) { rec.errorCode = c.error[0]; rec.errorMessage = c.error[1]; }
  return rec;
}

/** A GCP audit LogEntry (Cloud Logging export shape). */
export interface Gcp { t: number; project: string; principal: string; method: string; service: string; resource: string; resType: string; ip: string; ua: string; status?: { code: number; message: string }; request?: Rec; activity?: boolean; saKeyName?: string }
export function gcpEntry(r: Rng, g: Gcp): Rec {
  const ts = new Date(Math.floor(g.t)).toISOString().replace('Z', `${r.digits(3)}Z`);
  const auth: Rec = { principalEmail: g.principal };
  if (g.saKeyName) auth.serviceAccountKeyName = g.saKeyName;
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', status: g.status ?? {}, authenticationInfo: auth,
      requestMetadata: { callerIp: g.ip, callerSuppliedUserAgent: g.ua, requestAttributes: { time: ts, auth: {} }, destinationAttributes: {} },
      serviceName: g.service, methodName: g.method, authorizationInfo: [{ resource: g.resource, permission: permissionOf(g.method), granted: !g.status, resourceAttributes: {} }],
      resourceName: g.resource, ...(g.request ? { request: g.request } : {}),
    },
    insertId: r.hex(12), resource: { type: g.resType, labels: { project_id: g.project } }, timestamp: ts, severity: g.status ? 'ERROR' : 'NOTICE',
    logName: `projects/${g.project}/logs/cloudaudit.googleapis.com%2F${g.activity === false ? 'data_access' : 'activity'}`, receiveTimestamp: new Date(Math.floor(g.t) + r.int(200, 2500)).toISOString().replace('Z', `${r.digits(3)}Z`),
  };
}
function permissionOf(method: string): string {
  const m = method.split('.');
  const verb = m[m.length - 1]!.replace(/^(Get|List|Create|Delete|Set|Insert|Update|Patch)(.*)$/i, '$1').toLowerCase();
  return `${m[m.length - 2] ?? 'resource'}.${verb}`;
}
