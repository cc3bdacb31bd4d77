/**
 * Output sinks. Each table goes to exactly one format: JSON lines per table (default), or a raw
 * format users hold (Graph signIn / directoryAudit JSON, CloudTrail `{"Records":[...]}` files per
 * day and account, GCP LogEntry JSON lines, Defender streaming records, Log Analytics portal CSV).
 * Writes are streamed with backpressure; nothing grows with the total row count.
 */
import { join } from 'node:path';
import { AtomicWriteStream } from '../store/atomic-write.js';
import { TABLES, type Row, type TableName } from './rows.js';
import { BUILTIN_TABLES } from '../store/schemas/index.js';

export type RawKind = 'graph' | 'cloudtrail' | 'gcp' | 'defender' | 'csv';
export const RAW_KINDS: readonly RawKind[] = ['graph', 'cloudtrail', 'gcp', 'defender', 'csv'];

/** Output files not yet finished: a failed run (disk full) aborts them, so no partial file is left. */
const unfinished = new Set<Out>();

/** One output file, written to a temporary name and renamed when closed (src/store/atomic-write.ts). */
class Out {
  private readonly stream: AtomicWriteStream;
  private first = true;
  constructor(readonly path: string, private readonly prefix = '', private readonly suffix = '', private readonly sep = '') {
    this.stream = new AtomicWriteStream(path);
    unfinished.add(this);
  }
  /** Writes items (already serialised); separators between array elements are handled here. */
  async items(xs: readonly string[]): Promise<void> {
    if (!xs.length) return;
    let chunk = '';
    if (this.first) { chunk += this.prefix; }
    for (const x of xs) { chunk += (this.first ? '' : this.sep) + x + (this.sep ? '' : '\n'); this.first = false; }
    await this.stream.write(chunk);
  }
  async close(): Promise<void> {
    await this.stream.commit((this.first ? this.prefix : '') + this.suffix);
    unfinished.delete(this);
  }
  abort(): void { this.stream.abort(); unfinished.delete(this); }
}

/** A table's sink: turns rows into the chosen format's text. */
interface Sink {
  write(rows: readonly Row[], day: number): Promise<void>;
  close(): Promise<void>;
  readonly files: string[];
}

class JsonlSink implements Sink {
  private out?: Out;
  readonly files: string[] = [];
  constructor(private readonly path: string, private readonly map?: (r: Row) => unknown) {}
  async write(rows: readonly Row[]): Promise<void> {
    if (!this.out) { this.out = new Out(this.path); this.files.push(this.path); }
    const m = this.map;
    await this.out.items(rows.map((r) => JSON.stringify(m ? m(r) : r)));
  }
  async close(): Promise<void> { await this.out?.close(); }
}

/** One JSON document `{"<key>":[ ... ]}` written element by element. */
class EnvelopeSink implements Sink {
  private out?: Out;
  readonly files: string[] = [];
  constructor(private readonly path: string, private readonly key: string, private readonly map: (r: Row) => unknown) {}
  async write(rows: readonly Row[]): Promise<void> {
    if (!this.out) { this.out = new Out(this.path, `{"${this.key}":[\n`, '\n]}\n', ',\n'); this.files.push(this.path); }
    await this.out.items(rows.map((r) => JSON.stringify(this.map(r))));
  }
  async close(): Promise<void> { await this.out?.close(); }
}

/** CloudTrail's delivery layout: one `{"Records":[...]}` file per account, region and day. */
class CloudTrailSink implements Sink {
  private open = new Map<string, Out>();
  private day = -1;
  readonly files: string[] = [];
  constructor(private readonly root: string) {}
  async write(rows: readonly Row[], day: number): Promise<void> {
    if (day !== this.day) { await this.close(); this.day = day; }
    const groups = new Map<string, string[]>();
    for (const r of rows) {
      const acct = String(r.RecipientAccountId || r.UserIdentityAccountId || '000000000000');
      const region = String(r.AWSRegion || 'us-east-1');
      const ymd = String(r.TimeGenerated).slice(0, 10);
      const [y, m, d] = ymd.split('-');
      const file = join(this.root, 'AWSLogs', acct, 'CloudTrail', region, y!, m!, d!, `${acct}_CloudTrail_${region}_${y}${m}${d}T0000Z_sim.json`);
      let g = groups.get(file);
      if (!g) groups.set(file, (g = []));
      g.push(JSON.stringify(cloudTrailRecord(r)));
    }
    for (const [file, items] of groups) {
      let out = this.open.get(file);
      if (!out) { out = new Out(file, '{"Records":[', ']}', ','); this.open.set(file, out); this.files.push(file); }
      await out.items(items);
    }
  }
  async close(): Promise<void> {
    for (const o of this.open.values()) await o.close();
    this.open.clear();
  }
}

class CsvSink implements Sink {
  private out?: Out;
  readonly files: string[] = [];
  private readonly cols: { name: string; type: string }[];
  constructor(private readonly path: string, table: TableName) {
    this.cols = BUILTIN_TABLES.get(table)!.columns.map((c) => ({ name: c.name, type: c.type }));
  }
  async write(rows: readonly Row[]): Promise<void> {
    if (!this.out) {
      const header = this.cols.map((c) => csvCell(c.type === 'datetime' ? `${c.name} [UTC]` : c.name)).join(',');
      this.out = new Out(this.path, header + '\r\n', '', '\r\n');
      this.files.push(this.path);
    }
    await this.out.items(rows.map((r) => this.cols.map((c) => csvCell(laText(r[c.name], c.type))).join(',')));
  }
  async close(): Promise<void> { await this.out?.close(); }
}

/** Log Analytics portal text of a value: `4/28/2021, 2:08:45.221 PM` datetimes, JSON for objects. */
function laText(v: unknown, type: string): string {
  if (v === null || v === undefined) return '';
  if (type === 'datetime' && typeof v === 'string') {
    const d = new Date(v);
    const h = d.getUTCHours(), h12 = h % 12 === 0 ? 12 : h % 12;
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  }
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
function pad2(n: number): string { return n < 10 ? `0${n}` : String(n); }
function csvCell(s: string): string { return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; }

function parseMaybe(s: unknown): unknown {
  if (typeof s !== 'string' || s === '') return null;
  try { return JSON.parse(s); } catch { return s; }
}
function obj(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') { const p = parseMaybe(v); return p && typeof p === 'object' ? (p as Record<string, unknown>) : {}; }
  return (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
}

/** SigninLogs / AADNonInteractiveUserSignInLogs row → Graph `signIn`. */
export function graphSignIn(r: Row): unknown {
  const interactive = r.IsInteractive === true;
  return {
    id: r.Id, createdDateTime: r.CreatedDateTime, userDisplayName: r.UserDisplayName, userPrincipalName: r.UserPrincipalName, userId: r.UserId,
    userType: String(r.UserType).toLowerCase(), appId: r.AppId, appDisplayName: r.AppDisplayName, ipAddress: r.IPAddress,
    clientAppUsed: r.ClientAppUsed, userAgent: r.UserAgent, correlationId: r.CorrelationId, conditionalAccessStatus: r.ConditionalAccessStatus,
    isInteractive: interactive, signInEventTypes: [interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    authenticationRequirement: r.AuthenticationRequirement, authenticationProtocol: r.AuthenticationProtocol, incomingTokenType: r.IncomingTokenType,
    riskDetail: r.RiskDetail, riskLevelAggregated: r.RiskLevelAggregated, riskLevelDuringSignIn: r.RiskLevelDuringSignIn, riskState: r.RiskState,
    riskEventTypes_v2: parseMaybe(r.RiskEventTypes_V2) ?? [], resourceDisplayName: r.ResourceDisplayName, resourceId: r.ResourceIdentity,
    autonomousSystemNumber: Number(r.AutonomousSystemNumber) || null, networkLocationDetails: parseMaybe(r.NetworkLocationDetails) ?? [],
    sessionId: r.SessionId, uniqueTokenIdentifier: r.UniqueTokenIdentifier,
    status: obj(r.Status), deviceDetail: obj(r.DeviceDetail), location: obj(r.LocationDetails),
  };
}

/** AADServicePrincipalSignInLogs / AADManagedIdentitySignInLogs row → Graph beta `signIn` (signInEventTypes servicePrincipal / managedIdentity). */
export function graphPrincipalSignIn(r: Row): unknown {
  const mi = r.Type === 'AADManagedIdentitySignInLogs';
  const msi = obj(r.ManagedServiceIdentity);
  return {
    id: r.Id, createdDateTime: r.CreatedDateTime, appId: r.AppId, appDisplayName: r.ServicePrincipalName, appOwnerTenantId: r.AppOwnerTenantId,
    ipAddress: r.IPAddress, correlationId: r.CorrelationId, resourceDisplayName: r.ResourceDisplayName, resourceId: r.ResourceIdentity,
    resourceServicePrincipalId: r.ResourceServicePrincipalId, resourceOwnerTenantId: r.ResourceOwnerTenantId,
    servicePrincipalId: r.ServicePrincipalId, servicePrincipalName: r.ServicePrincipalName,
    servicePrincipalCredentialKeyId: r.ServicePrincipalCredentialKeyId, servicePrincipalCredentialThumbprint: r.ServicePrincipalCredentialThumbprint,
    clientCredentialType: r.ClientCredentialType, signInEventTypes: [mi ? 'managedIdentity' : 'servicePrincipal'],
    userDisplayName: '', userPrincipalName: '', userId: '', isInteractive: false, conditionalAccessStatus: r.ConditionalAccessStatus, appliedConditionalAccessPolicies: [],
    uniqueTokenIdentifier: r.UniqueTokenIdentifier, sessionId: r.SessionId, userAgent: r.UserAgent,
    ...(mi ? {} : { autonomousSystemNumber: Number(r.AutonomousSystemNumber) || null }),
    managedServiceIdentity: mi ? { federatedTokenId: null, federatedTokenIssuer: null, ...msi } : { msiType: 'none', associatedResourceId: null, federatedTokenId: null, federatedTokenIssuer: null },
    status: { errorCode: Number(r.ResultType), ...(r.ResultDescription ? { failureReason: r.ResultDescription } : {}) }, location: obj(r.LocationDetails),
  };
}

/** AuditLogs row → Graph `directoryAudit`. */
export function graphDirectoryAudit(r: Row): unknown {
  return {
    id: r.Id, category: r.Category, correlationId: r.CorrelationId, result: r.Result, resultReason: r.ResultReason,
    activityDisplayName: r.ActivityDisplayName, activityDateTime: r.ActivityDateTime, loggedByService: r.LoggedByService,
    operationType: r.AADOperationType, initiatedBy: r.InitiatedBy, targetResources: r.TargetResources, additionalDetails: r.AdditionalDetails,
  };
}

/** AWSCloudTrail row → CloudTrail event record. */
export function cloudTrailRecord(r: Row): unknown {
  const session = r.SessionIssuerArn ? {
    sessionIssuer: { type: r.SessionIssuerType, principalId: r.SessionIssuerPrincipalId, arn: r.SessionIssuerArn, accountId: r.SessionIssuerAccountId, userName: r.SessionIssuerUserName },
    attributes: { creationDate: String(r.SessionCreationDate ?? '').replace(/\.\d+Z$/, 'Z'), mfaAuthenticated: String(r.SessionMfaAuthenticated === true) },
    ...(r.EC2RoleDelivery ? { ec2RoleDelivery: r.EC2RoleDelivery } : {}),
  } : undefined;
  const identity: Record<string, unknown> = { type: r.UserIdentityType };
  if (r.UserIdentityPrincipalid) identity.principalId = r.UserIdentityPrincipalid;
  if (r.UserIdentityArn) identity.arn = r.UserIdentityArn;
  if (r.UserIdentityAccountId) identity.accountId = r.UserIdentityAccountId;
  if (r.UserIdentityAccessKeyId) identity.accessKeyId = r.UserIdentityAccessKeyId;
  if (r.UserIdentityUserName) identity.userName = r.UserIdentityUserName;
  if (r.UserIdentityInvokedBy) identity.invokedBy = r.UserIdentityInvokedBy;
  if (session) identity.sessionContext = session;
  const rec: Record<string, unknown> = {
    eventVersion: r.EventVersion, userIdentity: identity, eventTime: String(r.TimeGenerated).replace(/\.\d+Z$/, 'Z'), eventSource: r.EventSource,
    eventName: r.EventName, awsRegion: r.AWSRegion, sourceIPAddress: r.SourceIpAddress, userAgent: r.UserAgent,
  };
  if (r.ErrorCode) { rec.errorCode = r.ErrorCode; rec.errorMessage = r.ErrorMessage; }
  rec.requestParameters = parseMaybe(r.RequestParameters);
  rec.responseElements = parseMaybe(r.ResponseElements);
  if (r.AdditionalEventData) rec.additionalEventData = parseMaybe(r.AdditionalEventData);
  rec.requestID = r.AwsRequestId_; rec.eventID = r.AwsEventId; rec.readOnly = r.ReadOnly; rec.eventType = r.EventTypeName;
  rec.managementEvent = r.ManagementEvent; rec.recipientAccountId = r.RecipientAccountId; rec.eventCategory = r.Category;
  if (r.TlsVersion) rec.tlsDetails = { tlsVersion: r.TlsVersion, cipherSuite: r.CipherSuite, clientProvidedHostHeader: r.ClientProvidedHostHeader };
  return rec;
}

/** GCPAuditLogs row → Cloud Logging LogEntry. */
export function gcpLogEntry(r: Row): unknown {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', status: r.Status ?? {}, authenticationInfo: r.AuthenticationInfo,
      requestMetadata: r.RequestMetadata, serviceName: r.ServiceName, methodName: r.MethodName, authorizationInfo: r.AuthorizationInfo,
      resourceName: r.GCPResourceName, ...(r.Request ? { request: r.Request } : {}),
    },
    insertId: r.InsertId, resource: { type: r.GCPResourceType, labels: { project_id: r.ProjectId } },
    timestamp: r.Timestamp, severity: r.Severity, logName: r.LogName, receiveTimestamp: r.TimeGenerated,
  };
}

/** DeviceProcessEvents row → Defender XDR streaming API record. */
export function defenderRecord(r: Row): unknown {
  const { TenantId, Type, TimeGenerated, ...props } = r;
  void Type; void TimeGenerated;
  return { time: r.Timestamp, tenantId: TenantId, operationName: 'Publish', category: 'AdvancedHunting-DeviceProcessEvents', properties: props };
}

/** The sinks for one run: which format each table goes to. */
export class Outputs {
  private readonly sinks = new Map<TableName, Sink>();
  constructor(readonly dir: string, raw: ReadonlySet<RawKind>) {
    const shared = new Map<string, Sink>();
    const sharedSink = (key: string, make: () => Sink): Sink => { let s = shared.get(key); if (!s) shared.set(key, (s = make())); return s; };
    const csv = raw.has('csv');
    for (const t of TABLES) {
      let sink: Sink;
      if ((t === 'SigninLogs' || t === 'AADNonInteractiveUserSignInLogs') && raw.has('graph')) sink = sharedSink('signIns', () => new EnvelopeSink(join(dir, 'graph', 'signIns.json'), 'value', graphSignIn));
      else if ((t === 'AADServicePrincipalSignInLogs' || t === 'AADManagedIdentitySignInLogs') && raw.has('graph')) sink = sharedSink('principalSignIns', () => new EnvelopeSink(join(dir, 'graph', 'servicePrincipalSignIns.json'), 'value', graphPrincipalSignIn));
      else if (t === 'AuditLogs' && raw.has('graph')) sink = new EnvelopeSink(join(dir, 'graph', 'directoryAudits.json'), 'value', graphDirectoryAudit);
      else if (t === 'AWSCloudTrail' && raw.has('cloudtrail')) sink = new CloudTrailSink(join(dir, 'cloudtrail'));
      else if (t === 'GCPAuditLogs' && raw.has('gcp')) sink = new JsonlSink(join(dir, 'gcp', 'cloudaudit.googleapis.com', 'activity.json'), gcpLogEntry);
      else if (t === 'DeviceProcessEvents' && raw.has('defender')) sink = new EnvelopeSink(join(dir, 'defender', 'DeviceProcessEvents-stream.json'), 'records', defenderRecord);
      else if (csv) sink = new CsvSink(join(dir, 'la-export', `${t}.csv`), t);
      else sink = new JsonlSink(join(dir, `${t}.jsonl`));
      this.sinks.set(t, sink);
    }
  }
  async write(table: TableName, rows: readonly Row[], day: number): Promise<void> { if (rows.length) await this.sinks.get(table)!.write(rows, day); }
  async close(): Promise<string[]> {
    const files: string[] = [];
    for (const s of new Set(this.sinks.values())) { await s.close(); files.push(...s.files); }
    return [...new Set(files)].sort();
  }
  /** After a failure: removes the temporary files of every output not yet finished. */
  abort(): void { for (const o of [...unfinished]) o.abort(); }
}
