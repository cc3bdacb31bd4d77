/**
 * Sentinel entity types and their identifiers (facts from the Sentinel template validator), and the
 * conversion of a mapped result row into an alert entity (DESIGN.md "Alert record").
 */
export interface EntityTypeInfo {
  /** Identifiers Sentinel accepts in fieldMappings. */
  readonly identifiers: readonly string[];
  /** At least one of these identifier sets must be fully mapped. */
  readonly required: readonly (readonly string[])[];
  /** `type` in the alert record. */
  readonly recordType: string;
}

const E = (identifiers: string[], required: string[][], recordType: string): EntityTypeInfo => ({ identifiers, required, recordType });

export const ENTITY_TYPES: Readonly<Record<string, EntityTypeInfo>> = {
  Account: E(['Name', 'FullName', 'NTDomain', 'DnsDomain', 'UPNSuffix', 'Sid', 'AadTenantId', 'AadUserId', 'PUID', 'IsDomainJoined', 'DisplayName', 'ObjectGuid', 'CloudAppAccountId'],
    [['FullName'], ['Sid'], ['Name'], ['AadUserId'], ['PUID'], ['ObjectGuid']], 'account'),
  AzureResource: E(['ResourceId'], [['ResourceId']], 'azure-resource'),
  CloudApplication: E(['AppId', 'Name', 'InstanceName'], [['AppId'], ['Name']], 'cloud-application'),
  DNS: E(['DomainName'], [['DomainName']], 'dns'),
  File: E(['Directory', 'Name'], [['Name']], 'file'),
  FileHash: E(['Algorithm', 'Value'], [['Algorithm', 'Value']], 'filehash'),
  Host: E(['DnsDomain', 'NTDomain', 'HostName', 'FullName', 'NetBiosName', 'AzureID', 'OMSAgentID', 'OSFamily', 'OSVersion', 'IsDomainJoined'],
    [['FullName'], ['HostName'], ['NetBiosName'], ['AzureID'], ['OMSAgentID']], 'host'),
  IoTDevice: E(['DeviceId', 'DeviceName', 'Manufacturer', 'Model', 'FirmwareVersion', 'OperatingSystem', 'MacAddress', 'Protocols', 'SerialNumber', 'Source', 'IoTSecurityAgentId', 'DeviceType'],
    [['DeviceId']], 'iotdevice'),
  IP: E(['Address'], [['Address']], 'ip'),
  Mailbox: E(['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'], [['MailboxPrimaryAddress']], 'mailbox'),
  MailCluster: E(['NetworkMessageIds', 'CountByDeliveryStatus', 'CountByThreatType', 'CountByProtectionStatus', 'Threats', 'Query', 'QueryTime', 'MailCount', 'IsVolumeAnomaly', 'Source', 'ClusterSourceIdentifier', 'ClusterSourceType', 'ClusterQueryStartTime', 'ClusterQueryEndTime', 'ClusterGroup'],
    [['Query'], ['Source']], 'mail-cluster'),
  MailMessage: E(['Recipient', 'Urls', 'Threats', 'Sender', 'P1Sender', 'P1SenderDisplayName', 'P1SenderDomain', 'SenderIP', 'P2Sender', 'P2SenderDisplayName', 'P2SenderDomain', 'ReceivedDate', 'NetworkMessageId', 'InternetMessageId', 'Subject', 'BodyFingerprintBin1', 'BodyFingerprintBin2', 'BodyFingerprintBin3', 'BodyFingerprintBin4', 'BodyFingerprintBin5', 'AntispamDirection', 'DeliveryAction', 'DeliveryLocation', 'Language', 'ThreatDetectionMethods'],
    [['NetworkMessageId'], ['Recipient']], 'mail-message'),
  Malware: E(['Name', 'Category'], [['Name']], 'malware'),
  Process: E(['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'], [['CommandLine'], ['ProcessId']], 'process'),
  RegistryKey: E(['Hive', 'Key'], [['Key'], ['Hive']], 'registry-key'),
  RegistryValue: E(['Name', 'Value', 'ValueType'], [['Name']], 'registry-value'),
  SecurityGroup: E(['DistinguishedName', 'SID', 'ObjectGuid'], [['DistinguishedName'], ['SID'], ['ObjectGuid']], 'security-group'),
  SubmissionMail: E(['NetworkMessageId', 'Timestamp', 'Recipient', 'Sender', 'SenderIp', 'Subject', 'ReportType', 'SubmissionId', 'SubmissionDate', 'Submitter'],
    [['SubmissionId'], ['NetworkMessageId'], ['Recipient'], ['Submitter']], 'submission-mail'),
  URL: E(['Url'], [['Url']], 'url'),
};

/** Finds an entity type by name, case-insensitively (Sentinel's names are PascalCase). */
export function entityTypeNamed(name: string): [string, EntityTypeInfo] | undefined {
  const k = Object.keys(ENTITY_TYPES).find((t) => t.toLowerCase() === name.toLowerCase());
  return k ? [k, ENTITY_TYPES[k]!] : undefined;
}

/** An entity in the alert record: `type` plus camelCase identifiers. */
export type AlertEntity = { type: string } & Record<string, string>;

function camel(id: string): string {
  // Keep acronyms readable: UPNSuffix → upnSuffix, NTDomain → ntDomain, AzureID → azureId, SID → sid.
  const special: Record<string, string> = { UPNSuffix: 'upnSuffix', NTDomain: 'ntDomain', AzureID: 'azureId', OMSAgentID: 'omsAgentId', SID: 'sid', PUID: 'puid', IoTSecurityAgentId: 'iotSecurityAgentId', OSFamily: 'osFamily', OSVersion: 'osVersion', SenderIP: 'senderIp' };
  return special[id] ?? id[0]!.toLowerCase() + id.slice(1);
}

export function identifierKey(id: string): string { return camel(id); }

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v); // bigint: an exact long beyond 2^53
  return JSON.stringify(v);
}

/**
 * Builds one alert entity from identifier → value. Empty identifiers are dropped; an entity with
 * no identifier left is undefined (Sentinel drops it). Account/Host FullName is split like Sentinel:
 * `user@domain` → name + upnSuffix, `DOMAIN\user` → ntDomain + name, host `a.b.c` → hostName + dnsDomain.
 */
export function makeEntity(entityType: string, values: ReadonlyMap<string, unknown>): AlertEntity | undefined {
  const info = ENTITY_TYPES[entityType];
  const out: Record<string, string> = {};
  for (const [id, raw] of values) {
    const v = text(raw).trim();
    if (v === '') continue;
    if (id === 'FullName' && entityType === 'Account') {
      const at = v.lastIndexOf('@'), bs = v.indexOf('\\');
      if (at > 0) { out.name ??= v.slice(0, at); out.upnSuffix ??= v.slice(at + 1); }
      else if (bs > 0) { out.ntDomain ??= v.slice(0, bs); out.name ??= v.slice(bs + 1); }
      else out.name ??= v;
      continue;
    }
    if (id === 'FullName' && entityType === 'Host') {
      const dot = v.indexOf('.');
      if (dot > 0) { out.hostName ??= v.slice(0, dot); out.dnsDomain ??= v.slice(dot + 1); } else out.hostName ??= v;
      continue;
    }
    if (id === 'Name' && entityType === 'Account' && v.includes('@') && !values.has('UPNSuffix')) {
      // Many rules map a UPN to Name; Sentinel keeps the name and derives the suffix.
      const at = v.lastIndexOf('@');
      out.name = v.slice(0, at); out.upnSuffix ??= v.slice(at + 1);
      continue;
    }
    out[camel(id)] = v;
  }
  if (Object.keys(out).length === 0) return undefined;
  return { type: info?.recordType ?? entityType.toLowerCase(), ...out };
}

/** Stable identity of an entity (for dedupe and incident grouping): type + sorted identifiers, lowercased. */
export function entityKey(e: AlertEntity): string {
  const keys = Object.keys(e).filter((k) => k !== 'type').sort();
  return e.type + '|' + keys.map((k) => `${k}=${String(e[k]).toLowerCase()}`).join('|');
}
