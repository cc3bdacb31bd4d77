/**
 * Direct SAML federation from Entra ID into one AWS account (the "AWS Single-Account Access"
 * enterprise app): an IAM SAML provider, a few roles, and the people who use them. Users get a role
 * session with AssumeRoleWithSAML (CloudTrail `SAMLUser`), then act as `AssumedRole`
 * `assumed-role/<role>/<upn>`. The background uses it every working day; attacks abuse it.
 */
import { Rng, hashString } from './rng.js';
import type { Org, User } from './org.js';
import { fakeGuid, type TrailSpec } from './rows.js';

export interface SamlRole { readonly name: string; readonly arn: string; readonly roleId: string; readonly admin: boolean }

export interface SamlFederation {
  readonly accountId: string;
  readonly providerName: string;
  readonly providerArn: string;
  readonly roles: readonly SamlRole[];
  /** People who federate (devops and cloud admins) with the role each normally takes. */
  readonly users: readonly { readonly user: User; readonly role: SamlRole }[];
}

/** Role sessions last 12 hours (the roles' MaxSessionDuration). */
export const SESSION_SECONDS = 43_200;

const cache = new WeakMap<Org, SamlFederation>();

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** A stable id of `n` characters derived from a name (the same name always gives the same id). */
function idOf(name: string, n: number, chars = UPPER_DIGITS): string { return new Rng(name).alnum(n, chars); }

export function samlFederationOf(org: Org): SamlFederation {
  const hit = cache.get(org);
  if (hit) return hit;
  const acct = org.aws.accounts[org.aws.accounts.length > 1 ? 1 : 0]!;
  const h = hashString(`${org.tenantId}:saml`) >>> 0;
  const providerName = ['AzureAD', 'EntraID', 'AAD-SSO', `${org.company}-entra`][h % 4]!;
  const prefix = ['AAD', 'Entra', 'Fed', org.company.slice(0, 8)][(h >>> 3) % 4]!;
  const roles: SamlRole[] = [['Admins', true], ['Developers', false], ['ReadOnly', false], ['Operations', true]].map(([suffix, admin]) => {
    const name = `${prefix}-${suffix as string}`;
    return { name, arn: `arn:aws:iam::${acct.id}:role/${name}`, roleId: `AROA${idOf(`${org.seed}:${name}`, 17)}`, admin: admin as boolean };
  });
  const users = [
    ...org.devops.map((u, i) => ({ user: u, role: roles[i % 3 === 2 ? 2 : 1]! })),
    ...org.cloudAdmins.map((u, i) => ({ user: u, role: roles[i % 2 === 0 ? 0 : 3]! })),
  ];
  const fed = { accountId: acct.id, providerName, providerArn: `arn:aws:iam::${acct.id}:saml-provider/${providerName}`, roles, users };
  cache.set(org, fed);
  return fed;
}

/** The Entra enterprise application that posts the SAML assertion to AWS (its id differs per tenant). */
export function awsSamlApp(org: Org): { id: string; name: string } {
  const names = ['AWS Single-Account Access', 'Amazon Web Services (AWS)', 'AWS Console', `AWS ${org.company}`];
  return { id: fakeGuid(`${org.tenantId}:aws-saml`), name: names[(hashString(`${org.tenantId}:aws-saml`) >>> 0) % names.length]! };
}

/** The role session a person gets from AssumeRoleWithSAML (its access key id is derived from the session's start). */
export function samlSession(fed: SamlFederation, u: User, role: SamlRole, created: number): TrailSpec['identity'] {
  return {
    type: 'AssumedRole', arn: `arn:aws:sts::${fed.accountId}:assumed-role/${role.name}/${u.upn}`, principalId: `${role.roleId}:${u.upn}`, accountId: fed.accountId,
    accessKeyId: `ASIA${idOf(`${u.id}:${role.name}:${created}`, 16)}`,
    session: { issuerType: 'Role', issuerArn: role.arn, issuerName: role.name, issuerPrincipalId: role.roleId, created, mfa: false },
  };
}

/** The AssumeRoleWithSAML call that opens a session (caller: the SAML user, from where the browser or CLI runs). */
export function assumeRoleWithSamlSpec(org: Org, fed: SamlFederation, u: User, role: SamlRole, t: number, ip: string, ua: string, assertionId: string): TrailSpec {
  const sess = samlSession(fed, u, role, t);
  const qualifier = idOf(`${org.tenantId}:${fed.providerName}`, 27, B64);
  return {
    t, source: 'sts.amazonaws.com', name: 'AssumeRoleWithSAML', region: 'us-east-1', ip, ua, readOnly: true, recipient: fed.accountId,
    identity: { type: 'SAMLUser', arn: '', principalId: `${qualifier}=:${u.upn}`, accountId: '', userName: u.upn },
    request: { sAMLAssertionID: `_${assertionId}`, roleSessionName: u.upn, roleArn: role.arn, principalArn: fed.providerArn, durationSeconds: SESSION_SECONDS },
    response: {
      credentials: { accessKeyId: sess.accessKeyId, expiration: new Date(t + SESSION_SECONDS * 1000).toUTCString() },
      assumedRoleUser: { assumedRoleId: sess.principalId, arn: sess.arn }, subject: u.upn, subjectType: 'persistent',
      issuer: `https://sts.windows.net/${org.tenantId}/`, audience: 'https://signin.aws.amazon.com/saml', nameQualifier: `${qualifier}=`,
    },
  };
}
