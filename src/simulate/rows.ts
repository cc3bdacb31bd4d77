/**
 * Row builders: one per table, producing rows with the built-in schemas' column names and value
 * shapes (SigninLogs' LocationDetails/DeviceDetail/Status are objects; the non-interactive table
 * has them as JSON strings; ResultType is a string; DeviceProcessEvents rows carry both Timestamp
 * and TimeGenerated). Datetimes are ISO 8601 UTC strings.
 */
import type { Rng } from './rng.js';
import { fakeHash } from './rng.js';
import type { Device, Network, Org, User } from './org.js';
import type { App } from './apps.js';
import { SIGNIN_ERRORS } from './apps.js';
import { BUILTIN_TABLES } from '../store/schemas/index.js';

/** Columns each table has (the two sign-in tables differ slightly). */
const COLUMNS = new Map([...BUILTIN_TABLES].map(([n, s]) => [n, new Set(s.columns.map((c) => c.name))]));
function keepKnown(table: string, row: Row): Row {
  const cols = COLUMNS.get(table);
  if (cols) for (const k of Object.keys(row)) if (!cols.has(k)) delete row[k];
  return row;
}

export type TableName = 'DeviceProcessEvents' | 'SigninLogs' | 'AADNonInteractiveUserSignInLogs' | 'AuditLogs' | 'AWSCloudTrail' | 'GCPAuditLogs'
  | 'AADServicePrincipalSignInLogs' | 'AADManagedIdentitySignInLogs';
export const TABLES: readonly TableName[] = ['DeviceProcessEvents', 'SigninLogs', 'AADNonInteractiveUserSignInLogs', 'AuditLogs', 'AWSCloudTrail', 'GCPAuditLogs',
  'AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs'];

export type Row = Record<string, unknown>;
export interface SimEvent { readonly t: number; readonly table: TableName; readonly row: Row }

export function iso(ms: number): string { return new Date(ms).toISOString(); }

/** Resolves a public IP to the network (and so the place) it belongs to: its /24 when one was
 *  added (provider ranges split by site), else its /16 (the org's networks never share a /16). */
export class Geo {
  private byPrefix = new Map<string, Network>();
  private by24 = new Map<string, Network>();
  constructor(nets: Iterable<Network>) { for (const n of nets) this.add(n); }
  /** Registers a network (scenarios add provider ranges the organisation model does not hold). */
  add(n: Network): void {
    if (!n.wide) this.by24.set(n.prefix, n);
    const p16 = n.prefix.split('.').slice(0, 2).join('.');
    if (!this.byPrefix.has(p16)) this.byPrefix.set(p16, n);
  }
  lookup(ip: string): Network | undefined {
    const i = ip.indexOf('.'), j = ip.indexOf('.', i + 1), k = ip.indexOf('.', j + 1);
    return (k > 0 ? this.by24.get(ip.slice(0, k)) : undefined) ?? this.byPrefix.get(ip.slice(0, j));
  }
}

export function allNetworks(org: Org): readonly Network[] { return org.networks; }

/** The identity a process runs as. */
export interface ProcAccount { readonly name: string; readonly domain: string; readonly sid: string; readonly upn: string; readonly objectId: string }

export function accountOf(org: Org, u: User): ProcAccount {
  return { name: u.sam, domain: org.netbios, sid: u.sid, upn: u.upn, objectId: u.id };
}
export const SYSTEM: ProcAccount = { name: 'system', domain: 'nt authority', sid: 'S-1-5-18', upn: '', objectId: '' };
export function rootAccount(): ProcAccount { return { name: 'root', domain: '', sid: '', upn: '', objectId: '' }; }

export interface ProcessSpec {
  readonly t: number;
  readonly device: Device;
  readonly account: ProcAccount;
  readonly file: string;
  readonly folder: string;
  readonly cmd: string;
  readonly parent: { readonly file: string; readonly folder?: string; readonly cmd?: string };
  readonly grandparent?: string;
  readonly integrity?: 'Low' | 'Medium' | 'High' | 'System';
  readonly remoteSession?: { readonly ip: string; readonly device: string };
  readonly company?: string;
}

export interface SigninSpec {
  readonly t: number;
  readonly user: User | { readonly id: string; readonly upn: string; readonly displayName: string; readonly source?: string };
  readonly app: App;
  readonly resource: App;
  readonly ip: string;
  readonly interactive: boolean;
  readonly result?: string; // "0" default
  readonly ua: string;
  readonly device?: Device;
  readonly os?: string;
  readonly browser?: string;
  readonly clientApp?: string;
  readonly mfa?: boolean;
  readonly risk?: { readonly level: 'low' | 'medium' | 'high'; readonly state: string; readonly detail: string; readonly events: readonly string[] };
  readonly network?: readonly { networkType: string; networkNames?: string[] }[];
  readonly protocol?: string;
  readonly incomingToken?: string;
  readonly sessionId?: string;
  readonly signInIdentifier?: string;
  /** UniqueTokenIdentifier (drawn when absent); a replayed token keeps the victim's. */
  readonly uti?: string;
  readonly correlationId?: string;
  /** AuthenticationDetails steps (MFA prompts, their results). */
  readonly authDetails?: readonly Row[];
  /** Status.additionalDetails (e.g. "MFA denied; user declined the authentication"). */
  readonly statusDetail?: string;
  /** AuthenticationRequirement when it differs from `mfa` (a prompt that failed still required MFA). */
  readonly requirement?: 'multiFactorAuthentication' | 'singleFactorAuthentication';
  /** A device the org does not manage (the attacker's, newly registered): fills DeviceDetail. */
  readonly foreignDevice?: { readonly id: string; readonly name: string; readonly os: string; readonly trustType: string };
  readonly caStatus?: 'success' | 'failure' | 'notApplied';
  readonly mfaMethod?: string;
  readonly originalRequestId?: string;
}

/** A service principal or managed identity as its sign-ins name it. */
export interface PrincipalRef {
  readonly name: string;
  readonly appId: string;
  readonly spId: string;
}

export interface PrincipalSigninSpec {
  readonly t: number;
  readonly kind: 'sp' | 'mi';
  readonly principal: PrincipalRef;
  readonly resource: App;
  readonly ip: string;
  readonly result?: string;
  /** How the principal authenticated (service principals): secret key id or certificate thumbprint. */
  readonly credential?: { readonly type: 'clientSecret' | 'clientAssertion' | 'federatedIdentityCredential'; readonly keyId?: string; readonly thumbprint?: string };
  /** Managed identities: the Azure resource it belongs to. */
  readonly msi?: { readonly type: 'systemAssigned' | 'userAssigned'; readonly resourceId: string };
  readonly sourceAppClientId?: string;
  readonly library?: string;
  readonly correlationId?: string;
}

export interface AuditSpec {
  readonly t: number;
  readonly op: string;
  readonly category: string;
  readonly opType: string;
  readonly initiator: { readonly user: { readonly id: string; readonly upn: string; readonly displayName?: string }; readonly ip: string } | { readonly app: { readonly appId?: string; readonly name: string; readonly spId?: string } };
  readonly targets: readonly Row[];
  readonly result?: 'success' | 'failure';
  readonly ua?: string;
  readonly service?: string;
  readonly details?: readonly { key: string; value: string }[];
}

export interface TrailSpec {
  readonly t: number;
  readonly source: string; // iam.amazonaws.com
  readonly name: string;
  readonly type?: string; // AwsApiCall
  readonly identity: {
    readonly type: string; readonly arn: string; readonly principalId: string; readonly accountId: string; readonly userName?: string;
    readonly accessKeyId?: string; readonly invokedBy?: string;
    readonly session?: { readonly issuerType: string; readonly issuerArn: string; readonly issuerName: string; readonly issuerPrincipalId: string; readonly created: number; readonly mfa: boolean; readonly ec2RoleDelivery?: string };
  };
  readonly region: string;
  readonly ip: string;
  readonly ua: string;
  readonly readOnly: boolean;
  readonly request?: unknown;
  readonly response?: unknown;
  readonly additional?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
  readonly recipient: string;
}

export interface GcpSpec {
  readonly t: number;
  readonly service: string;
  readonly method: string;
  readonly principal: string;
  readonly project: string;
  readonly resource: string;
  readonly resourceType: string;
  readonly ip: string;
  readonly ua: string;
  readonly severity?: string;
  readonly log?: 'activity' | 'data_access';
  readonly request?: Row;
  readonly denied?: boolean;
  readonly permission: string;
}

const IMAGE_COMPANY: Readonly<Record<string, string>> = { 'az.cmd': '', 'python.exe': 'Python Software Foundation', 'aws.exe': 'Amazon Services LLC', 'git.exe': 'The Git Development Community', 'code.exe': 'Microsoft Corporation', 'chrome.exe': 'Google LLC', 'gcloud.cmd': '' };

export class RowFactory {
  readonly geo: Geo;
  private report = 0;
  constructor(readonly org: Org, private readonly rng: Rng) {
    this.geo = new Geo(allNetworks(org));
    this.report = rng.int(1000, 90000);
  }

  process(p: ProcessSpec): SimEvent {
    const r = this.rng;
    const ts = iso(p.t);
    const parentStart = p.t - r.int(2_000, 7_200_000);
    const pid = r.int(600, 32000) * 4, ppid = r.int(600, 32000) * 4;
    const win = p.device.os === 'Windows';
    const row: Row = {
      TenantId: this.org.workspaceId, TimeGenerated: ts, Timestamp: ts, DeviceId: p.device.id, DeviceName: p.device.fqdn,
      ActionType: 'ProcessCreated', FileName: p.file, FolderPath: joinPath(p.folder, p.file, win),
      ProcessCommandLine: p.cmd, ProcessId: pid, ProcessCreationTime: ts,
      ProcessIntegrityLevel: p.integrity ?? (win ? 'Medium' : ''), ProcessTokenElevation: win ? (p.integrity === 'High' || p.integrity === 'System' ? 'TokenElevationTypeFull' : 'TokenElevationTypeLimited') : '',
      SHA1: fakeHash(`sha1:${p.file}`, 40), SHA256: fakeHash(`sha256:${p.file}`, 64), MD5: fakeHash(`md5:${p.file}`, 32), FileSize: 20_000 + (fakeHash(p.file, 5).charCodeAt(0) * 3001),
      ProcessVersionInfoCompanyName: p.company ?? IMAGE_COMPANY[p.file] ?? (win ? 'Microsoft Corporation' : ''),
      AccountDomain: p.account.domain, AccountName: p.account.name, AccountSid: p.account.sid, AccountUpn: p.account.upn, AccountObjectId: p.account.objectId,
      LogonId: r.int(100000, 9999999),
      InitiatingProcessFileName: p.parent.file, InitiatingProcessFolderPath: p.parent.folder ? joinPath(p.parent.folder, p.parent.file, win) : '',
      InitiatingProcessCommandLine: p.parent.cmd ?? p.parent.file, InitiatingProcessId: ppid, InitiatingProcessCreationTime: iso(parentStart),
      InitiatingProcessParentFileName: p.grandparent ?? (win ? 'explorer.exe' : 'systemd'), InitiatingProcessParentId: r.int(300, 9000) * 4,
      InitiatingProcessAccountDomain: p.account.domain, InitiatingProcessAccountName: p.account.name, InitiatingProcessAccountSid: p.account.sid,
      InitiatingProcessAccountUpn: p.account.upn, InitiatingProcessAccountObjectId: p.account.objectId,
      InitiatingProcessSHA256: fakeHash(`sha256:${p.parent.file}`, 64), InitiatingProcessIntegrityLevel: p.integrity ?? (win ? 'Medium' : ''),
      IsInitiatingProcessRemoteSession: !!p.remoteSession, InitiatingProcessRemoteSessionIP: p.remoteSession?.ip ?? '', InitiatingProcessRemoteSessionDeviceName: p.remoteSession?.device ?? '',
      IsProcessRemoteSession: !!p.remoteSession, ProcessRemoteSessionIP: p.remoteSession?.ip ?? '', ProcessRemoteSessionDeviceName: p.remoteSession?.device ?? '',
      MachineGroup: p.device.kind === 'workstation' ? 'Workstations' : p.device.kind === 'paw' ? 'Tier0-PAW' : 'Servers',
      ReportId: this.report++, SourceSystem: '', Type: 'DeviceProcessEvents',
    };
    return { t: p.t, table: 'DeviceProcessEvents', row: keepKnown('DeviceProcessEvents', row) };
  }

  signin(p: SigninSpec): SimEvent {
    const r = this.rng;
    const net = this.geo.lookup(p.ip);
    const city = net?.city;
    const code = p.result ?? '0';
    const loc = {
      city: city?.city ?? '', state: city?.state ?? '', countryOrRegion: city?.country ?? '',
      geoCoordinates: city ? { latitude: round4(city.lat + r.normal(0, 0.03)), longitude: round4(city.lon + r.normal(0, 0.03)) } : {},
    };
    const d = p.device;
    const fd = p.foreignDevice;
    const device = fd
      ? { deviceId: fd.id, displayName: fd.name, operatingSystem: fd.os, browser: p.browser ?? '', isCompliant: false, isManaged: false, trustType: fd.trustType }
      : {
        deviceId: d ? d.aadDeviceId : '', displayName: d ? d.name : '', operatingSystem: p.os ?? (d ? osName(d) : 'Windows10'),
        browser: p.browser ?? '', isCompliant: !!d, isManaged: !!d, trustType: d ? (d.kind === 'workstation' || d.kind === 'paw' ? 'Hybrid Azure AD joined' : 'Azure AD registered') : '',
      };
    const status = code === '0'
      ? { errorCode: 0, additionalDetails: p.statusDetail ?? (p.mfa ? 'MFA requirement satisfied by claim in the token' : undefined) }
      : { errorCode: Number(code), failureReason: SIGNIN_ERRORS[code] ?? 'Other.', additionalDetails: p.statusDetail ?? (code === '50140' ? 'The user was shown the Stay signed in prompt.' : undefined) };
    const risk = p.risk;
    const ts = iso(p.t);
    const interactive = p.interactive;
    const networkDetails = JSON.stringify(p.network ?? []);
    const u = p.user;
    const row: Row = {
      TenantId: this.org.workspaceId, SourceSystem: 'Azure AD', TimeGenerated: ts, CreatedDateTime: ts,
      OperationName: 'Sign-in activity', OperationVersion: '1.0', Category: interactive ? 'SignInLogs' : 'NonInteractiveUserSignInLogs',
      ResultType: code, ResultSignature: code === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: code === '0' ? '' : (SIGNIN_ERRORS[code] ?? 'Other.'),
      DurationMs: 0, CorrelationId: p.correlationId ?? r.guid(), Id: r.guid(), Identity: u.displayName, Level: '4', Location: city?.country ?? '',
      AlternateSignInName: u.upn, SignInIdentifier: p.signInIdentifier ?? u.upn, SignInIdentifierType: 'userPrincipalName',
      AppDisplayName: p.app.name, AppId: p.app.id, ResourceDisplayName: p.resource.name, ResourceIdentity: p.resource.id,
      ResourceServicePrincipalId: fakeGuid(p.resource.id + this.org.tenantId),
      ClientAppUsed: p.clientApp ?? (interactive ? 'Browser' : 'Mobile Apps and Desktop clients'),
      AuthenticationRequirement: p.requirement ?? (p.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication'),
      AuthenticationProtocol: p.protocol ?? 'none', IncomingTokenType: p.incomingToken ?? (interactive ? 'none' : 'refreshToken'),
      ConditionalAccessStatus: p.caStatus ?? (code === '53003' ? 'failure' : (r.chance(0.7) ? 'success' : 'notApplied')),
      IPAddress: p.ip, AutonomousSystemNumber: net ? String(net.asn) : '',
      IsInteractive: interactive, IsRisky: !!risk && risk.state === 'atRisk',
      RiskLevelDuringSignIn: risk?.level ?? 'none', RiskLevelAggregated: risk?.level ?? 'none', RiskState: risk?.state ?? 'none', RiskDetail: risk?.detail ?? 'none',
      RiskEventTypes: JSON.stringify(risk?.events ?? []), RiskEventTypes_V2: JSON.stringify(risk?.events ?? []),
      NetworkLocationDetails: networkDetails, TokenIssuerName: '', TokenIssuerType: 'AzureAD',
      UserAgent: p.ua, UserDisplayName: u.displayName, UserId: u.id, UserPrincipalName: u.upn,
      UserType: 'source' in u && u.source === 'guest' ? 'Guest' : 'Member', AADTenantId: this.org.tenantId,
      HomeTenantId: this.org.tenantId, ResourceTenantId: this.org.tenantId, CrossTenantAccessType: 'none',
      SessionId: p.sessionId ?? r.guid(), UniqueTokenIdentifier: p.uti ?? newUti(r),
      Type: interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs',
    };
    if (p.authDetails) row.AuthenticationDetails = JSON.stringify(p.authDetails);
    if (p.originalRequestId) row.OriginalRequestId = p.originalRequestId;
    if (interactive) {
      row.LocationDetails = loc; row.DeviceDetail = device; row.Status = dropUndefined(status);
      row.MfaDetail = p.mfa || p.mfaMethod ? { authMethod: p.mfaMethod ?? 'Mobile app notification', authDetail: '' } : {};
      row.ProcessingTimeInMilliseconds = String(r.int(40, 400));
      return { t: p.t, table: 'SigninLogs', row: keepKnown('SigninLogs', row) };
    }
    row.LocationDetails = JSON.stringify(loc); row.DeviceDetail = JSON.stringify(device); row.Status = JSON.stringify(dropUndefined(status));
    row.MfaDetail = '{}'; row.ProcessingTimeInMs = String(r.int(20, 200));
    return { t: p.t, table: 'AADNonInteractiveUserSignInLogs', row: keepKnown('AADNonInteractiveUserSignInLogs', row) };
  }

  /** A service principal's (AADServicePrincipalSignInLogs) or managed identity's (AADManagedIdentitySignInLogs) sign-in. */
  principalSignin(p: PrincipalSigninSpec): SimEvent {
    const r = this.rng;
    const net = p.ip ? this.geo.lookup(p.ip) : undefined;
    const city = net?.city;
    const code = p.result ?? '0';
    const ts = iso(p.t);
    const table: TableName = p.kind === 'sp' ? 'AADServicePrincipalSignInLogs' : 'AADManagedIdentitySignInLogs';
    const loc = city ? { city: city.city, state: city.state, countryOrRegion: city.country, geoCoordinates: { latitude: round4(city.lat), longitude: round4(city.lon) } } : { city: '', state: '', countryOrRegion: '', geoCoordinates: {} };
    const row: Row = {
      TenantId: this.org.workspaceId, SourceSystem: 'Azure AD', TimeGenerated: ts, CreatedDateTime: ts,
      OperationName: 'Sign-in activity', OperationVersion: '1.0', Category: p.kind === 'sp' ? 'ServicePrincipalSignInLogs' : 'ManagedIdentitySignInLogs',
      ResultType: code, ResultSignature: code === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: code === '0' ? '' : (SIGNIN_ERRORS[code] ?? 'Other.'),
      DurationMs: 0, CorrelationId: p.correlationId ?? r.guid(), Id: r.guid(), Identity: p.principal.name, Level: '4', Location: city?.country ?? '',
      LocationDetails: JSON.stringify(loc), AppId: p.principal.appId, AppOwnerTenantId: this.org.tenantId,
      ServicePrincipalId: p.principal.spId, ServicePrincipalName: p.principal.name,
      ServicePrincipalCredentialKeyId: p.credential?.keyId ?? '', ServicePrincipalCredentialThumbprint: p.credential?.thumbprint ?? '',
      ClientCredentialType: p.kind === 'mi' ? 'managedIdentity' : (p.credential?.type ?? 'clientSecret'),
      ResourceDisplayName: p.resource.name, ResourceIdentity: p.resource.id, ResourceServicePrincipalId: fakeGuid(p.resource.id + this.org.tenantId),
      ResourceOwnerTenantId: RESOURCE_OWNER, IPAddress: p.ip, AutonomousSystemNumber: net ? String(net.asn) : '',
      ConditionalAccessStatus: 'notApplied', ConditionalAccessPolicies: '[]', NetworkLocationDetails: '[]',
      AuthenticationProcessingDetails: JSON.stringify([{ key: 'Azure AD App Authentication Library', value: p.library ?? (p.kind === 'mi' ? '' : 'Family: MSAL Library: MSAL.NET 4.61.3 Platform: .NET') }]),
      UniqueTokenIdentifier: newUti(r), SessionId: '', UserAgent: '', FederatedCredentialId: '',
      ResourceGroup: 'Microsoft.aadiam', AADTenantId: this.org.tenantId, Type: table,
    };
    if (p.kind === 'mi') {
      row.ManagedServiceIdentity = JSON.stringify({ msiType: p.msi?.type ?? 'systemAssigned', associatedResourceId: p.msi?.resourceId ?? '', federatedTokenId: null, federatedTokenIssuer: null });
      row.SourceAppClientId = p.sourceAppClientId ?? '';
    }
    return { t: p.t, table, row: keepKnown(table, row) };
  }

  audit(p: AuditSpec): SimEvent {
    const r = this.rng;
    const ts = iso(p.t);
    const init = 'user' in p.initiator
      ? { user: { id: p.initiator.user.id, displayName: null, userPrincipalName: p.initiator.user.upn, ipAddress: p.initiator.ip, roles: [] } }
      : { app: { appId: p.initiator.app.appId ?? null, displayName: p.initiator.app.name, servicePrincipalId: p.initiator.app.spId ?? fakeGuid(p.initiator.app.name), servicePrincipalName: null } };
    const details = [...(p.details ?? [])];
    if (p.ua) details.unshift({ key: 'User-Agent', value: p.ua });
    const row: Row = {
      TenantId: this.org.workspaceId, SourceSystem: 'Azure AD', TimeGenerated: ts, ActivityDateTime: ts,
      OperationName: p.op, ActivityDisplayName: p.op, OperationVersion: '1.0', Category: p.category, AADOperationType: p.opType,
      Result: p.result ?? 'success', ResultType: '', ResultSignature: 'None', ResultDescription: '', ResultReason: '', DurationMs: 0,
      CorrelationId: r.guid(), Id: `Directory_${r.guid()}_${r.alnum(5)}_${r.digits(8)}`, Identity: 'user' in p.initiator ? (p.initiator.user.displayName ?? '') : p.initiator.app.name,
      Level: '4', Location: '', LoggedByService: p.service ?? 'Core Directory', AADTenantId: this.org.tenantId,
      InitiatedBy: init, TargetResources: p.targets, AdditionalDetails: details, Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam',
      ResourceProvider: '', ResourceId: `/tenants/${this.org.tenantId}/providers/Microsoft.aadiam`, Type: 'AuditLogs',
    };
    return { t: p.t, table: 'AuditLogs', row: keepKnown('AuditLogs', row) };
  }

  cloudtrail(p: TrailSpec): SimEvent {
    const r = this.rng;
    const s = p.identity.session;
    const row: Row = {
      TenantId: this.org.workspaceId, TimeGenerated: iso(Math.floor(p.t / 1000) * 1000), AwsEventId: r.guid(), EventVersion: '1.09', EventSource: p.source,
      EventTypeName: p.type ?? 'AwsApiCall', EventName: p.name, UserIdentityType: p.identity.type, UserIdentityPrincipalid: p.identity.principalId,
      UserIdentityArn: p.identity.arn, UserIdentityAccountId: p.identity.accountId, UserIdentityInvokedBy: p.identity.invokedBy ?? '',
      UserIdentityAccessKeyId: p.identity.accessKeyId ?? '', UserIdentityUserName: p.identity.userName ?? '',
      SessionMfaAuthenticated: s ? s.mfa : null, SessionCreationDate: s ? iso(Math.floor(s.created / 1000) * 1000) : null,
      SessionIssuerType: s?.issuerType ?? '', SessionIssuerPrincipalId: s?.issuerPrincipalId ?? '', SessionIssuerArn: s?.issuerArn ?? '',
      SessionIssuerAccountId: s ? p.identity.accountId : '', SessionIssuerUserName: s?.issuerName ?? '', EC2RoleDelivery: s?.ec2RoleDelivery ?? '',
      AWSRegion: p.region, SourceIpAddress: p.ip, UserAgent: p.ua, ErrorCode: p.error?.code ?? '', ErrorMessage: p.error?.message ?? '',
      RequestParameters: p.request === undefined ? '' : JSON.stringify(p.request), ResponseElements: p.response === undefined ? '' : JSON.stringify(p.response),
      AdditionalEventData: p.additional === undefined ? '' : JSON.stringify(p.additional), AwsRequestId_: r.guid(), AwsRequestId: '',
      ReadOnly: p.readOnly, RecipientAccountId: p.recipient, ManagementEvent: true, Category: 'Management', OperationName: 'CloudTrail',
      TlsVersion: p.identity.invokedBy ? '' : 'TLSv1.3', CipherSuite: p.identity.invokedBy ? '' : 'TLS_AES_128_GCM_SHA256',
      ClientProvidedHostHeader: p.identity.invokedBy ? '' : hostHeader(p.source, p.region), SourceSystem: '', Type: 'AWSCloudTrail',
    };
    return { t: p.t, table: 'AWSCloudTrail', row: keepKnown('AWSCloudTrail', row) };
  }

  gcp(p: GcpSpec): SimEvent {
    const r = this.rng;
    const ts = iso(p.t);
    const logKind = p.log ?? (/\.(get|list|search|getIamPolicy|testIamPermissions)/i.test(p.method) ? 'data_access' : 'activity');
    const row: Row = {
      TenantId: this.org.workspaceId, TimeGenerated: iso(p.t + r.int(200, 3000)), Timestamp: ts, ServiceName: p.service, MethodName: p.method,
      GCPResourceName: p.resource, GCPResourceType: p.resourceType, PrincipalEmail: p.principal, ProjectId: p.project,
      Severity: p.severity ?? (p.denied ? 'ERROR' : logKind === 'activity' ? 'NOTICE' : 'INFO'),
      LogName: `projects/${p.project}/logs/cloudaudit.googleapis.com%2F${logKind}`, InsertId: r.alnum(12, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      AuthenticationInfo: { principalEmail: p.principal },
      AuthorizationInfo: [{ granted: !p.denied, permission: p.permission, resource: p.resource, resourceAttributes: {} }],
      RequestMetadata: { callerIp: p.ip, callerSuppliedUserAgent: p.ua, destinationAttributes: {}, requestAttributes: { auth: {}, time: ts } },
      Request: p.request ?? null, Response: null, Metadata: null, Status: p.denied ? { code: 7, message: 'PERMISSION_DENIED' } : {},
      StatusMessage: p.denied ? 'PERMISSION_DENIED' : '', NumResponseItems: '', ResourceLocation: null, ResourceOriginalState: null, ServiceData: null,
      Subscription: '', SourceSystem: '', Type: 'GCPAuditLogs',
    };
    return { t: p.t, table: 'GCPAuditLogs', row: keepKnown('GCPAuditLogs', row) };
  }
}

function joinPath(folder: string, file: string, win: boolean): string {
  if (!folder) return '';
  return win ? `${folder.replace(/\\$/, '')}\\${file}` : `${folder.replace(/\/$/, '')}/${file}`;
}
/** Microsoft's own tenant: the owner of first-party resources (Graph, ARM, Exchange, Key Vault). */
const RESOURCE_OWNER = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const UTI_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
/** A UniqueTokenIdentifier: 22 URL-safe base64 characters. */
export function newUti(r: Rng): string { return r.alnum(22, UTI_CHARS); }
function round4(x: number): number { return Math.round(x * 10000) / 10000; }
function osName(d: Device): string { return d.os === 'Windows' ? (d.osVersion.startsWith('Windows 11') ? 'Windows 11' : 'Windows10') : d.os === 'macOS' ? 'MacOs' : 'Linux'; }
function hostHeader(source: string, region: string): string {
  const svc = source.replace('.amazonaws.com', '');
  return svc === 'iam' || svc === 'sts' && region === 'us-east-1' || svc === 'signin' ? `${svc}.amazonaws.com` : `${svc}.${region}.amazonaws.com`;
}
function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
/** A stable GUID derived from a name (for ids that must agree across rows). */
export function fakeGuid(name: string): string {
  const h = fakeHash(name, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
