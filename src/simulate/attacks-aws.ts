/**
 * aws-federation-persistence (classes.md): a federated AWS role session obtained or used from
 * outside the organisation's and the user's networks (AssumeRoleWithSAML from a new network, one
 * role session used from several IPs, role chaining), then IAM persistence (CreateUser,
 * CreateAccessKey, CreateLoginProfile, AttachUserPolicy / PutUserPolicy) or a console sign-in.
 */
import { Rng } from './rng.js';
import type { User } from './org.js';
import type { TrailSpec } from './rows.js';
import { type SimContext, MINUTE, ipOf, awsCliUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { claim } from './benign.js';
import { attackerIp, attackerBrowser, timeOnDay, type Where, type Flavour } from './attacker.js';
import { samlFederationOf, samlSession, assumeRoleWithSamlSpec, awsSamlApp, type SamlRole } from './aws-federation.js';

const VARIANTS = {
  'saml-new-network-create-user': { where: 'abroad', flavour: 'vps', how: 'saml', then: 'create-user' },
  'session-multi-ip': { where: 'abroad', flavour: 'vps', how: 'stolen-session', then: 'login-profile' },
  'same-country-console-login': { where: 'home', flavour: 'proxy', how: 'saml-console', then: 'access-key' },
  'same-country-role-chain': { where: 'home', flavour: 'vps', how: 'chain', then: 'create-user' },
} as const satisfies Record<string, { where: Where; flavour: Flavour; how: string; then: string }>;

const goUa = (rng: Rng): string => `aws-sdk-go/1.${rng.int(44, 55)}.${rng.int(1, 300)} (go1.${rng.int(20, 22)}.${rng.int(1, 9)}; linux; amd64)`;

export const awsFederationPersistence: Scenario = {
  name: 'aws-federation-persistence', kind: 'attack', class: 'aws-federation-persistence', variants: Object.keys(VARIANTS),
  summary: 'An AWS role session from Entra SAML federation taken or used from a new network, then IAM persistence or a console sign-in',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = new Rng(`${org.seed}:aws-federation-persistence`);
    const v = VARIANTS[variant as keyof typeof VARIANTS] ?? VARIANTS['saml-new-network-create-user'];
    s.technique = ['T1078.004', 'T1550.001', 'T1098.001', 'T1136.003', 'T1021.007'];
    const fed = samlFederationOf(org);
    const pool = fed.users.filter((x) => !x.user.privileged || x.role.admin);
    const victimUser: User = claim(ctx, pool.map((x) => x.user), 1, rng)[0] ?? fed.users[0]!.user;
    const role: SamlRole = fed.users.find((x) => x.user.id === victimUser.id)?.role ?? fed.roles[0]!;
    const admin = fed.roles.find((r) => r.admin)!;
    const { ip, net } = attackerIp(ctx, rng, v.where, v.flavour);
    const app = awsSamlApp(org);
    s.accounts.add(victimUser.upn); s.cloud.add(victimUser.upn); s.ips.add(ip);
    let t = timeOnDay(ctx, ctx.attackDay, rng.pick([8.4, 11.2, 15.5, 19.8, 21.3])) + rng.int(0, 1_799_999);
    const acct = fed.accountId;
    const trail = (p: Omit<TrailSpec, 'recipient' | 'region'> & { region?: string }): TrailSpec => ({ region: org.aws.homeRegion, recipient: acct, ...p });
    let ident: TrailSpec['identity'];
    let ua = goUa(rng);
    const br = attackerBrowser(ctx, rng);
    const where = `${ip} (${net.name}, ${net.city.city}, ${net.city.country})`;
    if (v.how === 'stolen-session') {
      // The user's own session from their usual network, then the same access key from elsewhere.
      const userIp = ipOf(ctx, victimUser, t - 40 * MINUTE, rng);
      s.add(rows.cloudtrail(assumeRoleWithSamlSpec(org, fed, victimUser, role, t - 40 * MINUTE, userIp, awsCliUa(ctx, victimUser.device?.os ?? 'Windows', 'sts.assume-role-with-saml'), rng.guid())), `${victimUser.upn} opens a ${role.name} session from ${userIp}`);
      ident = samlSession(fed, victimUser, role, t - 40 * MINUTE);
      s.add(rows.cloudtrail(trail({ t: t - 33 * MINUTE, source: 's3.amazonaws.com', name: 'ListBuckets', ip: userIp, ua: awsCliUa(ctx, victimUser.device?.os ?? 'Windows', 's3.ls'), readOnly: true, identity: ident })));
      const second = attackerIp(ctx, rng, v.where === 'abroad' ? 'home' : 'abroad', 'proxy');
      s.ips.add(second.ip);
      s.description = `${victimUser.upn}'s ${role.name} role session (one access key) is used from ${userIp}, then within the hour from ${where} and ${second.ip} (${second.net.name}, ${second.net.city.country}); the attacker gives an IAM user a console password and an inline admin policy.`;
      s.add(rows.cloudtrail(trail({ t, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', ip, ua, readOnly: true, identity: ident })), `the same role session used from ${ip}`);
      s.add(rows.cloudtrail(trail({ t: t + rng.int(1, 4) * MINUTE, source: 'iam.amazonaws.com', name: 'ListUsers', region: 'us-east-1', ip: second.ip, ua, readOnly: true, identity: ident })), `and from ${second.ip}`);
      t += 6 * MINUTE;
    } else {
      s.add(rows.signin({ t, user: victimUser, app, resource: app, ip, interactive: true, ua: br.ua, os: br.os, browser: br.browser, protocol: 'saml20', mfa: true, statusDetail: 'MFA requirement satisfied by claim in the token' }), `SAML sign-in to ${app.name} from ${where}`);
      t += rng.int(8, 40) * 1000;
      ua = v.how === 'saml-console' ? br.ua : goUa(rng);
      s.add(rows.cloudtrail(assumeRoleWithSamlSpec(org, fed, victimUser, role, t, ip, ua, rng.guid())), `AssumeRoleWithSAML into ${role.name} from ${ip}`);
      ident = samlSession(fed, victimUser, role, t);
      s.description = `${victimUser.upn} signs in through SAML to ${app.name} from ${where}, a network neither the organisation nor the user uses, and assumes ${role.name}` + (v.how === 'chain' ? `, then chains into ${admin.name}` : '') + (v.how === 'saml-console' ? '; an AWS console sign-in follows' : '') + '; IAM persistence follows.';
      t += rng.int(20, 90) * 1000;
      if (v.how === 'saml-console') {
        s.add(rows.cloudtrail(trail({ t, source: 'signin.amazonaws.com', name: 'ConsoleLogin', type: 'AwsConsoleSignIn', region: 'us-east-1', ip, ua: br.ua, readOnly: false, identity: ident, response: { ConsoleLogin: 'Success' }, additional: { LoginTo: `https://${org.aws.homeRegion}.console.aws.amazon.com/console/home`, MobileVersion: 'No', MFAUsed: 'No', SamlProviderArn: fed.providerArn } })), `AWS console sign-in as ${role.name} from ${ip}`);
        ua = 'AWS Internal';
      }
      s.add(rows.cloudtrail(trail({ t: t + 5000, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', ip, ua, readOnly: true, identity: ident })));
      if (v.how === 'chain') {
        t += rng.int(1, 4) * MINUTE;
        const chained = { ...samlSession(fed, victimUser, admin, t), arn: `arn:aws:sts::${acct}:assumed-role/${admin.name}/${victimUser.upn.split('@')[0]}`, principalId: `${admin.roleId}:${victimUser.upn.split('@')[0]}` };
        s.add(rows.cloudtrail(trail({ t, source: 'sts.amazonaws.com', name: 'AssumeRole', ip, ua, readOnly: true, identity: ident, request: { roleArn: admin.arn, roleSessionName: victimUser.upn.split('@')[0] }, response: { credentials: { accessKeyId: chained.accessKeyId, expiration: new Date(t + 3_600_000).toUTCString() }, assumedRoleUser: { assumedRoleId: chained.principalId, arn: chained.arn } } })), `role chaining into ${admin.name}`);
        ident = chained;
        s.cloud.add(chained.arn);
      }
      t += rng.int(1, 5) * MINUTE;
    }
    s.cloud.add(ident.arn);
    for (const [src, name] of rng.sample([['iam.amazonaws.com', 'ListUsers'], ['iam.amazonaws.com', 'ListRoles'], ['iam.amazonaws.com', 'ListAttachedUserPolicies'], ['s3.amazonaws.com', 'ListBuckets'], ['ec2.amazonaws.com', 'DescribeInstances'], ['organizations.amazonaws.com', 'DescribeOrganization']] as const, rng.int(2, 4))) {
      s.add(rows.cloudtrail(trail({ t, source: src, name, region: src === 'iam.amazonaws.com' ? 'us-east-1' : org.aws.homeRegion, ip, ua, readOnly: true, identity: ident })));
      t += rng.int(15, 120) * 1000;
    }
    const iam = (name: string, request: unknown, step?: string): void => {
      s.add(rows.cloudtrail(trail({ t, source: 'iam.amazonaws.com', name, region: 'us-east-1', ip, ua, readOnly: false, identity: ident, request })), step);
      t += rng.int(20, 150) * 1000;
    };
    // An IAM user admins already manage (it appears in their own IAM changes), not a new name.
    const existing = `svc-${rng.pick(['backup', 'reporting', 'etl', 'monitoring', 'deploy'])}`;
    if (v.then === 'create-user') {
      const user = rng.pick(['aws-support-ops', 'backup-admin', 'ci-deployer-2', 'svc-monitoring', 'cloudops']);
      iam('CreateUser', { userName: user }, `IAM user ${user} created`);
      iam('CreateAccessKey', { userName: user }, `access key for ${user}`);
      iam(rng.chance(0.5) ? 'AttachUserPolicy' : 'PutUserPolicy', rng.chance(0.5) ? { userName: user, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } : { userName: user, policyName: 'ops', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, `admin policy on ${user}`);
      s.accounts.add(user);
    } else if (v.then === 'login-profile') {
      iam('CreateLoginProfile', { userName: existing, passwordResetRequired: false }, `console password set for ${existing}`);
      iam('PutUserPolicy', { userName: existing, policyName: 'AdminInline', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, `inline admin policy on ${existing}`);
      s.accounts.add(existing);
    } else {
      iam('CreateAccessKey', { userName: existing }, `second access key for ${existing}`);
      iam('AttachUserPolicy', { userName: existing, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, `AdministratorAccess attached to ${existing}`);
      s.accounts.add(existing);
    }
    return s;
  },
};
