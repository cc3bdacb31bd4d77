import { type Rec, obj, passRest, jsonText } from './util.js';

/**
 * AWS CloudTrail event records (the `Records` of a log file) → AWSCloudTrail, with the nested
 * userIdentity / sessionContext / tlsDetails flattened to Sentinel's columns. requestParameters,
 * responseElements, additionalEventData, resources and serviceEventDetails keep their whole JSON
 * (as JSON text: those columns are strings in the Sentinel schema; parse_json reads them).
 */
export function isCloudTrail(r: Rec): boolean {
  return typeof r.eventTime === 'string' && typeof r.eventSource === 'string' && 'eventName' in r;
}

const CONSUMED = new Set([
  'eventTime', 'eventVersion', 'eventSource', 'eventName', 'eventType', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID',
  'resources', 'apiVersion', 'readOnly', 'recipientAccountId', 'serviceEventDetails', 'sharedEventID', 'vpcEndpointId',
  'managementEvent', 'eventCategory', 'tlsDetails', 'userIdentity',
]);

export function mapCloudTrail(r: Rec): Rec {
  const ui = obj(r.userIdentity) ?? {};
  const sc = obj(ui.sessionContext) ?? {};
  const attrs = obj(sc.attributes) ?? {};
  const issuer = obj(sc.sessionIssuer) ?? {};
  const tls = obj(r.tlsDetails) ?? {};
  const onBehalf = obj(ui.onBehalfOf) ?? {};
  const out: Rec = {
    TimeGenerated: r.eventTime,
    EventVersion: r.eventVersion,
    EventSource: r.eventSource,
    EventName: r.eventName,
    EventTypeName: r.eventType,
    AWSRegion: r.awsRegion,
    SourceIpAddress: r.sourceIPAddress,
    UserAgent: r.userAgent,
    ErrorCode: r.errorCode,
    ErrorMessage: r.errorMessage,
    RequestParameters: jsonText(r.requestParameters),
    ResponseElements: jsonText(r.responseElements),
    AdditionalEventData: jsonText(r.additionalEventData),
    AwsRequestId: r.requestID,
    AwsEventId: r.eventID,
    Resources: jsonText(r.resources),
    APIVersion: r.apiVersion,
    ReadOnly: r.readOnly,
    RecipientAccountId: r.recipientAccountId,
    ServiceEventDetails: jsonText(r.serviceEventDetails),
    SharedEventId: r.sharedEventID,
    VpcEndpointId: r.vpcEndpointId,
    ManagementEvent: r.managementEvent,
    Category: r.eventCategory,
    TlsVersion: tls.tlsVersion,
    CipherSuite: tls.cipherSuite,
    ClientProvidedHostHeader: tls.clientProvidedHostHeader,
    UserIdentityType: ui.type,
    UserIdentityPrincipalid: ui.principalId,
    UserIdentityArn: ui.arn,
    UserIdentityAccountId: ui.accountId,
    UserIdentityInvokedBy: ui.invokedBy,
    UserIdentityAccessKeyId: ui.accessKeyId,
    UserIdentityUserName: ui.userName,
    UserIdentityUserId: onBehalf.userId,
    UserIdentityStoreArn: onBehalf.identityStoreArn,
    SessionMfaAuthenticated: attrs.mfaAuthenticated,
    SessionCreationDate: attrs.creationDate,
    SessionIssuerType: issuer.type,
    SessionIssuerPrincipalId: issuer.principalId,
    SessionIssuerArn: issuer.arn,
    SessionIssuerAccountId: issuer.accountId,
    SessionIssuerUserName: issuer.userName,
    EC2RoleDelivery: sc.ec2RoleDelivery,
    SourceSystem: '',
    Type: 'AWSCloudTrail',
  };
  return passRest(r, CONSUMED, out);
}
