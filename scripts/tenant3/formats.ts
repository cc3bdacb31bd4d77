import type { Rec } from './sink.js';

/**
 * Conversions from the Log Analytics rows the builders make to the raw shapes users export:
 * Microsoft Graph `signIn` and `directoryAudit`, Defender XDR streaming records, and from raw
 * CloudTrail records to the Sentinel AWSCloudTrail columns (for the part exported from Sentinel).
 */
const parse = (v: unknown): unknown => { if (typeof v !== 'string') return v; try { return JSON.parse(v); } catch { return v; } };

export function toGraphSignIn(r: Rec): Rec {
  const interactive = r.IsInteractive === true;
  const loc = parse(r.LocationDetails) as Rec;
  return {
    id: r.Id, createdDateTime: r.CreatedDateTime, userDisplayName: r.UserDisplayName, userPrincipalName: r.UserPrincipalName, userId: r.UserId, userType: 'member',
    appId: r.AppId, appDisplayName: r.AppDisplayName, ipAddress: r.IPAddress, autonomousSystemNumber: Number(r.AutonomousSystemNumber), clientAppUsed: r.ClientAppUsed, userAgent: r.UserAgent,
    correlationId: r.CorrelationId, originalRequestId: r.OriginalRequestId, uniqueTokenIdentifier: r.UniqueTokenIdentifier, sessionId: r.SessionId,
    conditionalAccessStatus: r.ConditionalAccessStatus, isInteractive: interactive, signInEventTypes: [interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    tokenIssuerName: '', tokenIssuerType: 'AzureAD', incomingTokenType: r.IncomingTokenType, authenticationProtocol: r.AuthenticationProtocol,
    processingTimeInMilliseconds: Number(r.ProcessingTimeInMilliseconds ?? r.ProcessingTimeInMs ?? 0), riskDetail: r.RiskDetail, riskLevelAggregated: r.RiskLevelAggregated,
    riskLevelDuringSignIn: r.RiskLevelDuringSignIn, riskState: r.RiskState, riskEventTypes_v2: parse(r.RiskEventTypes_V2), resourceDisplayName: r.ResourceDisplayName,
    resourceId: r.ResourceIdentity, resourceTenantId: r.ResourceTenantId, homeTenantId: r.HomeTenantId, appOwnerTenantId: r.AppOwnerTenantId,
    authenticationRequirement: r.AuthenticationRequirement, signInIdentifier: r.UserPrincipalName, signInIdentifierType: 'userPrincipalName',
    status: parse(r.Status), deviceDetail: parse(r.DeviceDetail), location: loc, networkLocationDetails: parse(r.NetworkLocationDetails),
    authenticationDetails: parse(r.AuthenticationDetails), authenticationMethodsUsed: parse(r.AuthenticationMethodsUsed), mfaDetail: parse(r.MfaDetail) ?? {}, appliedConditionalAccessPolicies: [],
    crossTenantAccessType: 'none', isTenantRestricted: false, isThroughGlobalSecureAccess: false,
  };
}

export function toGraphDirectoryAudit(r: Rec): Rec {
  return {
    id: r.Id, category: r.Category, correlationId: r.CorrelationId, result: r.Result, resultReason: r.ResultReason, activityDisplayName: r.OperationName,
    activityDateTime: r.ActivityDateTime, loggedByService: r.LoggedByService, operationType: r.AADOperationType, initiatedBy: r.InitiatedBy,
    targetResources: r.TargetResources, additionalDetails: r.AdditionalDetails,
  };
}

/** Defender XDR streaming record (Event Hub / storage): Timestamp only, no TimeGenerated. */
export function toDefenderStreaming(r: Rec, tenantId: string): Rec {
  const props: Rec = { ...r };
  delete props.TimeGenerated; delete props.TenantId; delete props.Type; delete props.SourceSystem;
  return { time: r.Timestamp, tenantId, operationName: 'Publish', category: 'AdvancedHunting-DeviceProcessEvents', _TimeReceivedBySvc: r.Timestamp, properties: props };
}
/** Sentinel flavour (TimeGenerated only). */
export function toSentinelProcess(r: Rec): Rec { const x: Rec = { ...r }; delete x.Timestamp; return x; }

const text = (v: unknown): unknown => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));
/** A CloudTrail record as Sentinel's AWS S3 connector stores it (AWSCloudTrail columns). */
export function cloudTrailToLa(c: Rec, tenantId: string): Rec {
  const ui = (c.userIdentity ?? {}) as Rec;
  const sc = (ui.sessionContext ?? {}) as Rec;
  const at = (sc.attributes ?? {}) as Rec;
  const is = (sc.sessionIssuer ?? {}) as Rec;
  const tls = (c.tlsDetails ?? {}) as Rec;
  const out: Rec = {
    TimeGenerated: c.eventTime, TenantId: tenantId, EventVersion: c.eventVersion, EventSource: c.eventSource, EventName: c.eventName, EventTypeName: c.eventType, AWSRegion: c.awsRegion,
    SourceIpAddress: c.sourceIPAddress, UserAgent: c.userAgent, ErrorCode: c.errorCode, ErrorMessage: c.errorMessage, RequestParameters: text(c.requestParameters), ResponseElements: text(c.responseElements),
    AdditionalEventData: text(c.additionalEventData), AwsRequestId: c.requestID, AwsEventId: c.eventID, ReadOnly: c.readOnly, RecipientAccountId: c.recipientAccountId, ManagementEvent: c.managementEvent, Category: c.eventCategory,
    TlsVersion: tls.tlsVersion, CipherSuite: tls.cipherSuite, ClientProvidedHostHeader: tls.clientProvidedHostHeader,
    UserIdentityType: ui.type, UserIdentityPrincipalid: ui.principalId, UserIdentityArn: ui.arn, UserIdentityAccountId: ui.accountId, UserIdentityAccessKeyId: ui.accessKeyId, UserIdentityUserName: ui.userName,
    SessionMfaAuthenticated: at.mfaAuthenticated === undefined ? undefined : at.mfaAuthenticated === 'true', SessionCreationDate: at.creationDate,
    SessionIssuerType: is.type, SessionIssuerPrincipalId: is.principalId, SessionIssuerArn: is.arn, SessionIssuerAccountId: is.accountId, SessionIssuerUserName: is.userName, EC2RoleDelivery: sc.ec2RoleDelivery,
    SourceSystem: 'AWS', Type: 'AWSCloudTrail',
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
