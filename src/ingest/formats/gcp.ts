import { type Rec, obj, passRest } from './util.js';

/** GCP Cloud Logging LogEntry with an audit protoPayload → GCPAuditLogs (columns as Sentinel's GCP connector fills them). */
export function isGcpLogEntry(r: Rec): boolean {
  return obj(r.protoPayload) !== undefined && (typeof r.logName === 'string' || typeof r.insertId === 'string');
}

const CONSUMED = new Set(['protoPayload', 'timestamp', 'receiveTimestamp', 'insertId', 'logName', 'severity', 'resource']);

export function mapGcpLogEntry(r: Rec): Rec {
  const p = obj(r.protoPayload) ?? {};
  const auth = obj(p.authenticationInfo);
  const status = obj(p.status);
  const res = obj(r.resource) ?? {};
  const labels = obj(res.labels) ?? {};
  const out: Rec = {
    TimeGenerated: r.receiveTimestamp ?? r.timestamp,
    Timestamp: r.timestamp ?? r.receiveTimestamp,
    InsertId: r.insertId,
    LogName: r.logName,
    Severity: r.severity,
    ProjectId: labels.project_id ?? labels.projectId,
    GCPResourceType: res.type,
    GCPResourceName: p.resourceName,
    ServiceName: p.serviceName,
    MethodName: p.methodName,
    AuthenticationInfo: p.authenticationInfo,
    PrincipalEmail: auth?.principalEmail,
    AuthorizationInfo: p.authorizationInfo,
    RequestMetadata: p.requestMetadata,
    Request: p.request,
    Response: p.response,
    Metadata: p.metadata,
    Status: p.status ?? {},
    StatusMessage: status?.message,
    NumResponseItems: p.numResponseItems,
    ResourceLocation: p.resourceLocation,
    ResourceOriginalState: p.resourceOriginalState,
    ServiceData: p.serviceData,
    Type: 'GCPAuditLogs',
  };
  return passRest(r, CONSUMED, out);
}
