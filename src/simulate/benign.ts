/**
 * Benign look-alikes: one scenario per false-positive class of the seed rule, plus travel, VPN
 * users and remediated risk detections. They run on every day, the attack day included, so rules
 * that learn baselines see them as history and rules that do not are caught out.
 */
import type { Rng } from './rng.js';
import { hashString } from './rng.js';
import type { Device, User } from './org.js';
import { ipIn } from './org.js';
import { accountOf, SYSTEM, rootAccount, fakeGuid } from './rows.js';
import { APPS, RESOURCES } from './apps.js';
import { type SimContext, HOUR, MINUTE, DAY, localTime, isWeekend, ipOf, azCliUa, awsCliUa, gcloudUa, psUa, browserUaFor, winUa, mobileUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { azProcess, awsProcess, gcloudProcess, psProcess } from './tools.js';
import { instanceIdentity } from './background.js';
import { egressChange } from './benign-egress.js';
import { cloudProxy, vpnTravellers } from './benign-network.js';
import { devopsTokenPrint, announcedPentest } from './benign-automation.js';
import { appSecretRotation } from './benign-apps.js';
import { newHires, reimagedDevices, helpdeskPasswordResets, mfaRegistrationDrive } from './benign-identity.js';

/** People a scenario may use exclusively (travellers, VPN users...) are claimed so scenarios do not overlap. */
export function claimed(ctx: SimContext): Set<string> {
  const c = ctx as unknown as { _claimed?: Set<string> };
  return (c._claimed ??= new Set<string>());
}
export function claim(ctx: SimContext, pool: readonly User[], n: number, rng: Rng): User[] {
  const set = claimed(ctx);
  const free = pool.filter((u) => !set.has(u.id));
  const out = rng.sample(free, n);
  for (const u of out) set.add(u.id);
  return out;
}

export function ssoRoleName(ctx: SimContext, permSet: string): string {
  return `AWSReservedSSO_${permSet}_${(hashString(ctx.org.tenantId + permSet) >>> 0).toString(16).padStart(8, '0')}${(hashString(permSet + ctx.org.seed) >>> 0).toString(16).slice(0, 8)}`;
}
export function ssoIdentity(ctx: SimContext, u: User, permSet: string, created: number, accountId: string) {
  const role = ssoRoleName(ctx, permSet);
  const roleId = `AROA${(hashString(role) >>> 0).toString(36).toUpperCase().padEnd(17, 'X').slice(0, 17)}`;
  return {
    type: 'AssumedRole', arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${u.upn}`, principalId: `${roleId}:${u.upn}`, accountId,
    accessKeyId: `ASIA${(hashString(u.id + created) >>> 0).toString(36).toUpperCase().padEnd(16, 'Q').slice(0, 16)}`,
    session: { issuerType: 'Role', issuerArn: `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/${role}`, issuerName: role, issuerPrincipalId: roleId, created, mfa: false },
  };
}

/** The enterprise application users sign in to for AWS / Google Cloud SSO (ids differ per tenant). */
export function ssoApp(ctx: SimContext, cloud: 'aws' | 'gcp'): { id: string; name: string } {
  const names = cloud === 'aws' ? ['AWS IAM Identity Center', 'AWS IAM Identity Center (successor to AWS Single Sign-On)', 'AWS Single-Account Access', 'Amazon Web Services (AWS)'] : ['Google Cloud', 'Google Cloud / G Suite Connector by Microsoft', 'GCP Console SSO'];
  return { id: fakeGuid(`${ctx.org.tenantId}:${cloud}-sso`), name: names[hashString(ctx.org.tenantId + cloud) % names.length]! };
}

function workMoments(ctx: SimContext, u: User, day: number, n: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(localTime(ctx, day, u.workStart + 0.3 + rng.next() * (u.workEnd - u.workStart - 0.6)));
  return out.sort((a, b) => a - b);
}

const devopsCli: Scenario = {
  name: 'devops-cli', kind: 'benign', class: 'devops-token-print', variants: ['default'],
  summary: 'DevOps engineers using az / aws / gcloud / Az PowerShell daily from their own workstations',
  generate(ctx) {
    const s = new Story();
    s.description = 'DevOps engineers sign in to Azure, AWS (IAM Identity Center) and GCP from their workstations with the CLIs every working day, including token commands used for docker/kubectl.';
    const rng = ctx.rng.fork('devops-cli');
    const { org, rows } = ctx;
    for (const u of org.devops) {
      const d = u.device!;
      const acct = accountOf(org, u);
      s.accounts.add(u.upn); s.devices.add(d.fqdn);
      const tools = rng.sample(['az', 'aws', 'gcloud', 'azps'] as const, rng.int(2, 4));
      if (!u.gcp) tools.splice(tools.indexOf('gcloud') >>> 0, tools.includes('gcloud') ? 1 : 0);
      for (let day = 0; day < ctx.days; day++) {
        if (isWeekend(ctx, day) && !rng.chance(0.1)) continue;
        for (const t of workMoments(ctx, u, day, rng.int(1, 3), rng)) {
          const ip = ipOf(ctx, u, t, rng);
          s.ips.add(ip);
          const tool = rng.pick(tools);
          const shell = rng.pick(['powershell.exe', 'pwsh.exe', 'WindowsTerminal.exe', 'Code.exe', 'cmd.exe']);
          if (tool === 'az') {
            const first = day % 3 === 0 || rng.chance(0.3);
            let tt = t;
            if (first) {
              for (const e of azProcess(ctx, d, acct, tt, rng.pick(['login', 'login', 'login --tenant ' + org.tenantId, 'login --use-device-code']), shell)) s.add(e);
              s.add(rows.signin({ t: tt + 25_000, user: u, app: APPS.azureCli, resource: RESOURCES.arm, ip, interactive: true, ua: browserUaFor(ctx, d, rng), device: d, mfa: true, browser: 'Edge', clientApp: 'Mobile Apps and Desktop clients' }));
              tt += 60_000;
            }
            for (const cmd of rng.sample(['account show', 'account set --subscription prod', 'aks get-credentials -g rg-aks -n aks-prod', 'group list -o table', 'acr login -n registry', 'account get-access-token --query accessToken -o tsv', 'vm list -d -o table', 'keyvault secret show --vault-name kv-app --name db-conn'], rng.int(1, 3))) {
              tt += rng.int(20_000, 600_000);
              for (const e of azProcess(ctx, d, acct, tt, cmd, shell)) s.add(e);
              s.add(rows.signin({ t: tt + 3000, user: u, app: APPS.azureCli, resource: cmd.startsWith('keyvault') ? { id: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', name: 'Azure Key Vault' } : RESOURCES.arm, ip, interactive: false, ua: azCliUa(ctx, d), device: d }));
            }
          } else if (tool === 'azps') {
            s.add(psProcess(ctx, d, acct, t, rng.pick(['Connect-AzAccount', 'Connect-AzAccount -Tenant ' + org.tenantId, 'Connect-AzAccount; Get-AzResourceGroup', 'Import-Module Az.Accounts; Connect-AzAccount -Subscription prod']), { core: shell === 'pwsh.exe', parent: 'WindowsTerminal.exe' }));
            s.add(rows.signin({ t: t + 20_000, user: u, app: APPS.azurePowerShell, resource: RESOURCES.arm, ip, interactive: true, ua: psUa(ctx, shell === 'pwsh.exe'), device: d, mfa: true, clientApp: 'Mobile Apps and Desktop clients' }));
          } else if (tool === 'aws') {
            const permSet = u.awsPermissionSet ?? 'ReadOnlyAccess';
            const acctId = rng.pick(org.aws.accounts).id;
            let tt = t;
            if (day % 2 === 0 || rng.chance(0.3)) {
              for (const e of awsProcess(ctx, d, acct, tt, `sso login --profile ${rng.pick(['prod', 'dev', 'default', 'shared'])}`, shell)) s.add(e);
              s.add(rows.signin({ t: tt + 15_000, user: u, app: ssoApp(ctx, 'aws'), resource: ssoApp(ctx, 'aws'), ip, interactive: true, ua: browserUaFor(ctx, d, rng), device: d, mfa: true, protocol: 'saml20' }));
              tt += 30_000;
            }
            const created = tt - rng.int(0, 2 * HOUR);
            for (const [cmd, src, name, ro] of rng.sample([
              ['sts get-caller-identity', 'sts.amazonaws.com', 'GetCallerIdentity', true], ['s3 ls', 's3.amazonaws.com', 'ListBuckets', true],
              ['ec2 describe-instances --region ' + org.aws.homeRegion, 'ec2.amazonaws.com', 'DescribeInstances', true], ['eks update-kubeconfig --name prod', 'eks.amazonaws.com', 'DescribeCluster', true],
              ['logs tail /app/api --since 1h', 'logs.amazonaws.com', 'FilterLogEvents', true], ['cloudformation describe-stacks', 'cloudformation.amazonaws.com', 'DescribeStacks', true],
            ] as const, rng.int(1, 3))) {
              tt += rng.int(10_000, 300_000);
              for (const e of awsProcess(ctx, d, acct, tt, cmd, shell)) s.add(e);
              s.add(rows.cloudtrail({ t: tt + 1500, source: src, name, region: org.aws.homeRegion, ip, ua: awsCliUa(ctx, d.os, cmd.split(' ').slice(0, 2).join('.')), readOnly: ro, recipient: acctId, identity: ssoIdentity(ctx, u, permSet, created, acctId) }));
            }
            s.cloud.add(`${ssoRoleName(ctx, permSet)}/${u.upn}`);
          } else {
            const project = rng.pick(org.gcp.projects);
            let tt = t;
            if (day % 4 === 0) { for (const e of gcloudProcess(ctx, d, acct, tt, 'auth login', shell)) s.add(e); tt += 40_000; }
            for (const [cmd, svc, method, perm] of rng.sample([
              ['compute instances list', 'compute.googleapis.com', 'v1.compute.instances.list', 'compute.instances.list'],
              ['auth print-access-token', 'iamcredentials.googleapis.com', '', ''],
              ['container clusters get-credentials prod --region ' + org.gcp.region, 'container.googleapis.com', 'google.container.v1.ClusterManager.GetCluster', 'container.clusters.get'],
              ['storage ls', 'storage.googleapis.com', 'storage.buckets.list', 'storage.buckets.list'],
              ['config set project ' + project, '', '', ''],
            ] as const, rng.int(1, 3))) {
              tt += rng.int(10_000, 300_000);
              for (const e of gcloudProcess(ctx, d, acct, tt, cmd, shell)) s.add(e);
              if (method) s.add(rows.gcp({ t: tt + 2000, service: svc, method, principal: u.upn, project, resource: `projects/${project}`, resourceType: 'project', ip, ua: gcloudUa(ctx, cmd.split(' ').slice(0, 3).join('.'), d.os), permission: perm }));
            }
            s.cloud.add(u.upn);
          }
        }
      }
    }
    return s;
  },
};

const cicdAgents: Scenario = {
  name: 'cicd-agents', kind: 'benign', class: 'devops-token-print', variants: ['default'],
  summary: 'CI/CD agents authenticating every pipeline run (service principal, OIDC role, service account)',
  generate(ctx) {
    const s = new Story();
    s.description = 'Build agents log in on every run: az login --service-principal, aws sts get-caller-identity under an OIDC-assumed role, gcloud auth activate-service-account; then deploy.';
    const rng = ctx.rng.fork('cicd');
    const { org, rows } = ctx;
    const ci = org.ci;
    const acctId = org.aws.accounts[0]!.id;
    const roleId = `AROA${rng.alnum(17)}`;
    s.ips.add(ci.egress); s.cloud.add(ci.spAppId); s.cloud.add(ci.gcpSa); s.cloud.add(`arn:aws:iam::${acctId}:role/${ci.awsRole}`);
    for (const d of org.buildAgents) {
      s.devices.add(d.fqdn);
      const acct = d.os === 'Windows' ? { name: ci.svcAccount, domain: org.netbios, sid: `S-1-5-21-${rng.int(1e9, 4e9)}-1${rng.digits(3)}`, upn: '', objectId: '' } : { name: rng.pick(['azdevops', 'runner', 'gitlab-runner', 'jenkins']), domain: '', sid: '', upn: '', objectId: '' };
      s.accounts.add(acct.name);
      const agentParent = d.os === 'Windows' ? rng.pick(['Agent.Worker.exe', 'Runner.Worker.exe', 'java.exe']) : rng.pick(['Runner.Worker', 'bash', 'java']);
      for (let day = 0; day < ctx.days; day++) {
        const runs = isWeekend(ctx, day) ? rng.int(0, 2) : rng.int(4, 9);
        const moments = Array.from({ length: runs }, () => localTime(ctx, day, rng.chance(0.15) ? 2 + rng.next() * 2 : 8 + rng.next() * 10)).sort((a, b) => a - b);
        for (const t of moments) {
          const runId = rng.int(10000, 99999);
          let tt = t;
          const flavour = rng.pick(['secret', 'federated', 'secret']);
          for (const e of azProcess(ctx, d, acct, tt, flavour === 'secret' ? `login --service-principal -u ${ci.spAppId} -p *** --tenant ${org.tenantId}` : `login --service-principal -u ${ci.spAppId} --federated-token *** --tenant ${org.tenantId}`, agentParent)) s.add(e);
          tt += rng.int(5_000, 20_000);
          for (const e of azProcess(ctx, d, acct, tt, rng.pick(['account set --subscription prod', 'deployment group create -g rg-app -f main.bicep', 'acr build -r registry -t app:' + runId + ' .', 'webapp deploy -g rg-app -n app --src-path app.zip']), agentParent)) s.add(e);
          tt += rng.int(5_000, 20_000);
          const created = tt;
          for (const e of awsProcess(ctx, d, acct, tt, 'sts get-caller-identity', agentParent)) s.add(e);
          const ident = {
            type: 'AssumedRole', arn: `arn:aws:sts::${acctId}:assumed-role/${ci.awsRole}/pipeline-${runId}`, principalId: `${roleId}:pipeline-${runId}`, accountId: acctId, accessKeyId: `ASIA${rng.alnum(16)}`,
            session: { issuerType: 'Role', issuerArn: `arn:aws:iam::${acctId}:role/${ci.awsRole}`, issuerName: ci.awsRole, issuerPrincipalId: roleId, created, mfa: false },
          };
          s.add(rows.cloudtrail({ t: tt - 2000, source: 'sts.amazonaws.com', name: 'AssumeRoleWithWebIdentity', region: org.aws.homeRegion, ip: ci.egress, ua: awsCliUa(ctx, d.os, 'sts.assume-role-with-web-identity'), readOnly: true, recipient: acctId, identity: { type: 'WebIdentityUser', arn: '', principalId: `${org.company}.ci:pipeline`, accountId: '', userName: `repo:${org.company}/app:ref:refs/heads/main` }, request: { roleArn: `arn:aws:iam::${acctId}:role/${ci.awsRole}`, roleSessionName: `pipeline-${runId}` } }));
          s.add(rows.cloudtrail({ t: tt + 1200, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', region: org.aws.homeRegion, ip: ci.egress, ua: awsCliUa(ctx, d.os, 'sts.get-caller-identity'), readOnly: true, recipient: acctId, identity: ident }));
          tt += rng.int(5_000, 30_000);
          for (const e of awsProcess(ctx, d, acct, tt, `s3 sync ./dist s3://${org.company}-artifacts/${runId}/`, agentParent)) s.add(e);
          s.add(rows.cloudtrail({ t: tt + 900, source: 's3.amazonaws.com', name: 'ListObjects', region: org.aws.homeRegion, ip: ci.egress, ua: awsCliUa(ctx, d.os, 's3.sync'), readOnly: true, recipient: acctId, identity: ident }));
          if (rng.chance(0.5)) {
            tt += rng.int(5_000, 30_000);
            const project = org.gcp.projects[0]!;
            for (const e of gcloudProcess(ctx, d, acct, tt, `auth activate-service-account ${ci.gcpSa} --key-file=$GOOGLE_APPLICATION_CREDENTIALS`, agentParent)) s.add(e);
            s.add(rows.gcp({ t: tt + 5000, service: 'run.googleapis.com', method: 'google.cloud.run.v1.Services.ReplaceService', principal: ci.gcpSa, project, resource: `namespaces/${project}/services/app`, resourceType: 'cloud_run_revision', ip: ci.egress, ua: gcloudUa(ctx, 'run.deploy', d.os), permission: 'run.services.update' }));
          }
        }
      }
    }
    return s;
  },
};

const pawAdmins: Scenario = {
  name: 'paw-admins', kind: 'benign', class: 'paw-admins', variants: ['default'],
  summary: 'Cloud admins working from PAWs: Graph / Az / Exchange PowerShell, role activations, password resets, secret rotation',
  generate(ctx) {
    const s = new Story();
    s.description = 'Administrators use their admin accounts from privileged access workstations: Connect-MgGraph, Connect-AzAccount, Connect-ExchangeOnline, PIM role activations, helpdesk password resets, app secret rotation, AWS console via SSO.';
    const rng = ctx.rng.fork('paw');
    const { org, rows } = ctx;
    const admins = [...org.cloudAdmins, ...org.syncedAdmins.filter((a) => a.paw)];
    for (const a of admins) {
      const d = a.paw!;
      const acct = accountOf(org, a);
      s.accounts.add(a.upn); s.devices.add(d.fqdn);
      for (let day = 0; day < ctx.days; day++) {
        if (isWeekend(ctx, day)) continue;
        for (const t of workMoments(ctx, a, day, rng.int(1, 3), rng)) {
          const ip = a.office.egress[0]!;
          s.ips.add(ip);
          const what = rng.weighted(['graph', 'az', 'exo', 'aws'] as const, [5, 3, 2, 1]);
          if (what === 'graph') {
            const spelled = rng.pick(['Connect-MgGraph -Scopes User.ReadWrite.All,Directory.Read.All', 'Connect-MgGraph -Scopes "RoleManagement.ReadWrite.Directory" -NoWelcome', 'Import-Module Microsoft.Graph.Users; Connect-MgGraph', 'Connect-MgGraph -TenantId ' + org.tenantId]);
            s.add(psProcess(ctx, d, acct, t, spelled, { core: rng.chance(0.5), parent: 'WindowsTerminal.exe', integrity: 'High' }));
            s.add(rows.signin({ t: t + 18_000, user: a, app: APPS.graphCli, resource: RESOURCES.graph, ip, interactive: true, ua: psUa(ctx, true), device: d, mfa: true, clientApp: 'Mobile Apps and Desktop clients', network: [{ networkType: 'namedNetwork', networkNames: [`${a.office.city.city} office`] }] }));
            for (let k = 0; k < rng.int(1, 4); k++) s.add(rows.signin({ t: t + 60_000 + k * rng.int(60_000, 600_000), user: a, app: APPS.graphCli, resource: RESOURCES.graph, ip, interactive: false, ua: psUa(ctx, true), device: d }));
            // Directory changes admins make.
            const change = rng.weighted(['reset', 'pim', 'group', 'secret', 'none'] as const, [3, 2, 3, 1, 3]);
            const victim = rng.pick(org.people);
            const at = t + rng.int(2 * MINUTE, 40 * MINUTE);
            const userTarget = { id: victim.id, displayName: null, type: 'User', userPrincipalName: victim.upn, modifiedProperties: [] };
            if (change === 'reset') s.add(rows.audit({ t: at, op: 'Reset user password', category: 'UserManagement', opType: 'Update', initiator: { user: a, ip }, targets: [userTarget], ua: psUa(ctx, true) }));
            if (change === 'pim') {
              const role = rng.pick(['User Administrator', 'Exchange Administrator', 'Security Reader', 'Helpdesk Administrator', 'Global Reader']);
              s.add(rows.audit({ t: at, op: 'Add member to role completed (PIM activation)', category: 'RoleManagement', opType: 'Assign', service: 'PIM', initiator: { app: { name: 'MS-PIM', appId: '01fc33a7-78ba-4d2f-a4b7-768e336e890e' } }, targets: [{ id: fakeGuid(role), displayName: role, type: 'Role', modifiedProperties: [] }, { id: a.id, displayName: a.displayName, type: 'User', userPrincipalName: a.upn, modifiedProperties: [] }] }));
              s.add(rows.audit({ t: at + 2000, op: 'Add member to role', category: 'RoleManagement', opType: 'Assign', initiator: { app: { name: 'MS-PIM', appId: '01fc33a7-78ba-4d2f-a4b7-768e336e890e' } }, targets: [{ id: a.id, displayName: null, type: 'User', userPrincipalName: a.upn, modifiedProperties: [{ displayName: 'Role.DisplayName', oldValue: null, newValue: `"${role}"` }, { displayName: 'Role.TemplateId', oldValue: null, newValue: `"${fakeGuid(role)}"` }] }] }));
            }
            if (change === 'group') s.add(rows.audit({ t: at, op: 'Add member to group', category: 'GroupManagement', opType: 'Assign', initiator: { user: a, ip }, targets: [userTarget, { id: rng.guid(), displayName: rng.pick(['VPN-Users', 'SG-Finance', 'M365-E5', 'Intune-Pilot']), type: 'Group', modifiedProperties: [] }], ua: psUa(ctx, true) }));
            if (change === 'secret' && day % 5 === 0) {
              const app = rng.pick(['Payroll Connector', 'HR Sync', 'ServiceNow Integration', 'Backup Agent', 'Monitoring Reader']);
              s.add(rows.audit({ t: at, op: 'Update application – Certificates and secrets management ', category: 'ApplicationManagement', opType: 'Update', initiator: { user: a, ip }, targets: [{ id: fakeGuid(app), displayName: app, type: 'Application', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `["[KeyIdentifier=${rng.guid()},KeyType=Password,KeyUsage=Verify,DisplayName=rotated-${day}]"]` }] }], ua: psUa(ctx, true) }));
            }
          } else if (what === 'az') {
            s.add(psProcess(ctx, d, acct, t, rng.pick(['Connect-AzAccount', 'Connect-AzAccount -TenantId ' + org.tenantId + '; Get-AzRoleAssignment', 'Connect-AzAccount -UseDeviceAuthentication']), { core: rng.chance(0.5), parent: 'WindowsTerminal.exe', integrity: 'High' }));
            s.add(rows.signin({ t: t + 25_000, user: a, app: APPS.azurePowerShell, resource: RESOURCES.arm, ip, interactive: true, ua: psUa(ctx, false), device: d, mfa: true, clientApp: 'Mobile Apps and Desktop clients' }));
          } else if (what === 'exo') {
            s.add(psProcess(ctx, d, acct, t, `Connect-ExchangeOnline -UserPrincipalName ${a.upn} -ShowBanner:$false`, { parent: 'explorer.exe', integrity: 'High' }));
            s.add(rows.signin({ t: t + 20_000, user: a, app: APPS.exoPowerShell, resource: RESOURCES.exchange, ip, interactive: true, ua: psUa(ctx, false), device: d, mfa: true, clientApp: 'Mobile Apps and Desktop clients' }));
          } else {
            const permSet = a.awsPermissionSet ?? 'AdministratorAccess';
            const acctId = rng.pick(org.aws.accounts).id;
            s.add(rows.signin({ t, user: a, app: ssoApp(ctx, 'aws'), resource: ssoApp(ctx, 'aws'), ip, interactive: true, ua: winUa(ctx, 'edge'), device: d, mfa: true, browser: 'Edge', protocol: 'saml20' }));
            const ident = ssoIdentity(ctx, a, permSet, t + 20_000, acctId);
            s.add(rows.cloudtrail({ t: t + 25_000, source: 'signin.amazonaws.com', name: 'ConsoleLogin', type: 'AwsConsoleSignIn', region: org.aws.homeRegion, ip, ua: winUa(ctx, 'edge'), readOnly: false, recipient: acctId, identity: ident, response: { ConsoleLogin: 'Success' }, additional: { LoginTo: `https://console.aws.amazon.com/console/home?region=${org.aws.homeRegion}`, MobileVersion: 'No', MFAUsed: 'No' } }));
            for (const name of rng.sample(['DescribeInstances', 'ListUsers', 'GetAccountSummary', 'DescribeSecurityGroups', 'ListRoles'], 2)) {
              s.add(rows.cloudtrail({ t: t + rng.int(60_000, 900_000), source: name.startsWith('Describe') ? 'ec2.amazonaws.com' : 'iam.amazonaws.com', name, region: org.aws.homeRegion, ip, ua: 'AWS Internal', readOnly: true, recipient: acctId, identity: ident }));
            }
            s.cloud.add(`${ssoRoleName(ctx, permSet)}/${a.upn}`);
          }
        }
      }
    }
    return s;
  },
};

const multicloudMonitoring: Scenario = {
  name: 'multicloud-monitoring', kind: 'benign', class: 'multicloud-monitoring', variants: ['default'],
  summary: 'A multi-cloud monitoring tool polling Azure, AWS and GCP around the clock',
  generate(ctx) {
    const s = new Story();
    const { org, rows } = ctx;
    const m = org.monitor;
    const rng = ctx.rng.fork('monitor');
    s.description = `${m.product} runs on ${m.device.name} and polls all three clouds every half hour with its service identities.`;
    const d = m.device;
    const acct = d.os === 'Windows' ? accountOf(org, m.account) : { name: m.account.sam, domain: '', sid: '', upn: '', objectId: '' };
    const ip = d.office.egress[0]!;
    const acctId = org.aws.accounts[0]!.id;
    const awsIdent = { type: 'IAMUser', arn: `arn:aws:iam::${acctId}:user/${m.awsUser}`, principalId: `AIDA${rng.alnum(17)}`, accountId: acctId, userName: m.awsUser, accessKeyId: `AKIA${rng.alnum(16)}` };
    s.accounts.add(m.account.upn); s.accounts.add(acct.name); s.devices.add(d.fqdn); s.ips.add(ip); s.cloud.add(awsIdent.arn); s.cloud.add(m.gcpSa);
    const project = org.gcp.projects[0]!;
    for (let t = ctx.start + rng.int(0, 30 * MINUTE); t < ctx.start + ctx.days * DAY; t += 30 * MINUTE + rng.int(-60_000, 60_000)) {
      const cloud = rng.pick(['azure', 'aws', 'gcp'] as const);
      if (cloud === 'azure') {
        for (const e of azProcess(ctx, d, acct, t, rng.pick(['monitor metrics list --resource ' + `/subscriptions/${fakeGuid(org.company)}/resourceGroups/rg-app/providers/Microsoft.Web/sites/app --metric Http5xx`, 'resource list --query "[].id" -o tsv', 'monitor activity-log list --offset 30m']), m.exe)) s.add(e);
        s.add(rows.signin({ t: t + 2500, user: m.account, app: APPS.azureCli, resource: RESOURCES.arm, ip, interactive: false, ua: azCliUa(ctx, d), device: d }));
      } else if (cloud === 'aws') {
        const [cmd, src, name] = rng.pick([['cloudwatch get-metric-data --cli-input-json file://q.json', 'monitoring.amazonaws.com', 'GetMetricData'], ['ec2 describe-instances', 'ec2.amazonaws.com', 'DescribeInstances'], ['s3api list-buckets', 's3.amazonaws.com', 'ListBuckets'], ['rds describe-db-instances', 'rds.amazonaws.com', 'DescribeDBInstances']] as const);
        for (const e of awsProcess(ctx, d, acct, t, cmd, m.exe)) s.add(e);
        s.add(rows.cloudtrail({ t: t + 1500, source: src, name, region: rng.pick([org.aws.homeRegion, 'us-east-1']), ip, ua: awsCliUa(ctx, d.os, cmd.split(' ').slice(0, 2).join('.')), readOnly: true, recipient: acctId, identity: awsIdent }));
      } else {
        const [cmd, svc, method, perm] = rng.pick([['monitoring time-series list', 'monitoring.googleapis.com', 'google.monitoring.v3.MetricService.ListTimeSeries', 'monitoring.timeSeries.list'], ['compute instances list', 'compute.googleapis.com', 'v1.compute.instances.list', 'compute.instances.list'], ['asset search-all-resources', 'cloudasset.googleapis.com', 'google.cloud.asset.v1.AssetService.SearchAllResources', 'cloudasset.assets.searchAllResources']] as const);
        for (const e of gcloudProcess(ctx, d, acct, t, cmd, m.exe)) s.add(e);
        s.add(rows.gcp({ t: t + 2000, service: svc, method, principal: m.gcpSa, project, resource: `projects/${project}`, resourceType: 'project', ip, ua: gcloudUa(ctx, cmd.replace(/ /g, '.'), d.os), permission: perm }));
      }
    }
    return s;
  },
};

const hybridAgents: Scenario = {
  name: 'hybrid-agents', kind: 'benign', class: 'hybrid-agents', variants: ['default'],
  summary: 'Azure Arc agents (azcmagent, himds) and Entra Connect sync (miiserver, Sync_ account) doing their job',
  generate(ctx) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('hybrid');
    s.description = 'Entra Connect on the sync server runs delta syncs every 30 minutes; its Sync_ account signs in from the server and updates users. Arc-enabled servers run azcmagent and himds.';
    const sync = org.syncServer;
    const ip = sync.office.egress[0]!;
    const syncUser = { id: org.syncAccount.id, upn: org.syncAccount.upn, displayName: org.syncAccount.displayName };
    const svcAcct = { name: 'ADSync', domain: 'NT SERVICE', sid: `S-1-5-80-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`, upn: '', objectId: '' };
    s.devices.add(sync.fqdn); s.accounts.add(org.syncAccount.upn); s.accounts.add(org.msolAccount); s.ips.add(ip); s.cloud.add(org.syncAccount.upn);
    const BIN = 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin';
    for (let day = 0; day < ctx.days; day++) {
      const dayStart = ctx.start + day * DAY;
      if (day === 0 || rng.chance(0.1)) s.add(rows.process({ t: dayStart + rng.int(0, HOUR), device: sync, account: svcAcct, file: 'miiserver.exe', folder: BIN, cmd: `"${BIN}\\miiserver.exe"`, parent: { file: 'services.exe' }, integrity: 'System' }));
      for (let t = dayStart + rng.int(0, 30 * MINUTE); t < dayStart + DAY; t += 30 * MINUTE) {
        if (rng.chance(0.5)) s.add(rows.process({ t, device: sync, account: svcAcct, file: 'directorysyncclientcmd.exe', folder: BIN, cmd: `"${BIN}\\DirectorySyncClientCmd.exe" delta`, parent: { file: 'miiserver.exe' }, integrity: 'System' }));
        s.add(rows.signin({ t: t + rng.int(5000, 60000), user: syncUser, app: APPS.aadConnect, resource: RESOURCES.aadGraph, ip, interactive: false, ua: '', device: sync, clientApp: 'Mobile Apps and Desktop clients' }));
        if (rng.chance(0.25)) {
          const u = rng.pick(org.people);
          s.add(rows.audit({ t: t + rng.int(60_000, 120_000), op: rng.pick(['Update user', 'Update user', 'Update group', 'Change user password']), category: 'UserManagement', opType: 'Update', initiator: { user: syncUser, ip }, targets: [{ id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [{ displayName: 'LastDirSyncTime', oldValue: null, newValue: null }] }], ua: '' }));
        }
      }
      if (rng.chance(0.4)) s.add(rows.signin({ t: dayStart + rng.int(0, DAY - 1), user: syncUser, app: APPS.aadConnect, resource: RESOURCES.aadGraph, ip, interactive: true, ua: '', device: sync, clientApp: 'Mobile Apps and Desktop clients' }));
      if (day % 6 === 2 && org.itStaff.length) {
        const admin = rng.pick(org.itStaff);
        const t = localTime(ctx, day, 10 + rng.next() * 5);
        s.add(psProcess(ctx, sync, accountOf(org, admin.adminAccount ?? admin), t, rng.pick(['Start-ADSyncSyncCycle -PolicyType Delta', 'Get-ADSyncScheduler', 'Import-Module ADSync; Get-ADSyncConnectorRunStatus']), { integrity: 'High', remote: { ip: admin.paw?.privateIp ?? admin.device!.privateIp, device: admin.paw?.name ?? admin.device!.name } }));
        s.add(rows.process({ t: t + 9000, device: sync, account: accountOf(org, admin.adminAccount ?? admin), file: 'AzureADConnect.exe', folder: 'C:\\Program Files\\Microsoft Azure Active Directory Connect', cmd: '"C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe"', parent: { file: 'explorer.exe' }, integrity: 'High', remoteSession: { ip: admin.paw?.privateIp ?? admin.device!.privateIp, device: admin.paw?.name ?? admin.device!.name } }));
      }
      // Azure Arc on servers.
      for (const srv of org.servers) {
        s.devices.add(srv.fqdn);
        const tt = dayStart + rng.int(0, DAY - 1);
        s.add(rows.process({ t: tt, device: srv, account: SYSTEM, file: 'azcmagent.exe', folder: 'C:\\Program Files\\AzureConnectedMachineAgent', cmd: rng.pick(['"C:\\Program Files\\AzureConnectedMachineAgent\\azcmagent.exe" show --json', 'azcmagent.exe check --location ' + ctx.org.gcp.region, '"C:\\Program Files\\AzureConnectedMachineAgent\\azcmagent.exe" logs']), parent: { file: 'himds.exe' }, integrity: 'System', company: 'Microsoft Corporation' }));
        if (rng.chance(0.5)) s.add(rows.process({ t: tt + rng.int(1000, HOUR), device: srv, account: SYSTEM, file: 'gc_worker.exe', folder: 'C:\\Program Files\\AzureConnectedMachineAgent\\GCArcService\\GC', cmd: '"C:\\Program Files\\AzureConnectedMachineAgent\\GCArcService\\GC\\gc_worker.exe" -a Arc -c AzureWindowsBaseline', parent: { file: 'gc_arc_service.exe' }, integrity: 'System' }));
        if (day === 0) s.add(rows.process({ t: tt + 500, device: srv, account: SYSTEM, file: 'himds.exe', folder: 'C:\\Program Files\\AzureConnectedMachineAgent', cmd: '"C:\\Program Files\\AzureConnectedMachineAgent\\himds.exe"', parent: { file: 'services.exe' }, integrity: 'System' }));
      }
    }
    // One server is onboarded to Arc during the window (azcmagent connect with a service principal).
    const srv = org.servers[org.servers.length - 1]!;
    const admin = org.itStaff[0]!;
    const tOn = localTime(ctx, Math.max(1, ctx.days - 4), 11);
    s.add(psProcess(ctx, srv, accountOf(org, admin.adminAccount ?? admin), tOn, `& "$env:ProgramFiles\\AzureConnectedMachineAgent\\azcmagent.exe" connect --service-principal-id ${fakeGuid('arc' + org.tenantId)} --service-principal-secret *** --resource-group rg-arc --tenant-id ${org.tenantId} --location ${org.gcp.region.replace(/[0-9-]/g, '') || 'westeurope'} --subscription-id ${fakeGuid('sub' + org.tenantId)}`, { integrity: 'High' }));
    return s;
  },
};

const travel: Scenario = {
  name: 'travel', kind: 'benign', class: 'vpn-travellers', variants: ['default'],
  summary: 'Employees travelling abroad: sign-ins from a new country at plausible speed, one on the attack day',
  generate(ctx) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('travel');
    s.description = 'Two employees fly abroad; sign-ins from the airport (carrier), then the hotel and a roaming carrier abroad, hours after the last sign-in at home.';
    const travellers = claim(ctx, org.people.filter((u) => !u.groups.includes('devops') && !u.groups.includes('it')), 2, rng);
    travellers.forEach((u, i) => {
      s.accounts.add(u.upn);
      const hotel = rng.pick(org.hotelNets);
      const leave = i === 0 ? ctx.attackDay : rng.int(2, Math.max(2, ctx.days - 5));
      const stay = i === 0 ? 1 : rng.int(2, 4);
      const depart = localTime(ctx, leave, 6 + rng.next() * 2);
      s.add(rows.signin({ t: depart - 40 * MINUTE, user: u, app: APPS.outlookMobile, resource: RESOURCES.exchange, ip: ipIn(u.carrier, rng), interactive: true, ua: mobileUa(ctx, rng), mfa: false, os: 'Ios' }));
      const flightHours = 2 + (Math.hypot(hotel.city.lat - u.office.city.lat, hotel.city.lon - u.office.city.lon) * 111) / 800;
      const arrive = depart + flightHours * HOUR + rng.int(20, 90) * MINUTE;
      for (let day = 0; day <= stay; day++) {
        const base = arrive + day * DAY;
        if (base >= ctx.start + ctx.days * DAY) break;
        for (let k = 0; k < rng.int(3, 8); k++) {
          const t = base + rng.int(0, 10 * HOUR);
          if (t >= ctx.start + ctx.days * DAY) continue;
          const mobile = rng.chance(0.3);
          const ip = ipIn(hotel, rng); // hotel Wi-Fi or a local carrier: the same city either way
          s.ips.add(ip);
          const interactive = k === 0 || rng.chance(0.3);
          s.add(rows.signin({ t, user: u, app: rng.pick([APPS.officeHome, APPS.teams, APPS.office]), resource: rng.pick([RESOURCES.exchange, RESOURCES.teamsSvc, RESOURCES.sharepoint]), ip, interactive, ua: mobile ? mobileUa(ctx, rng) : browserUaFor(ctx, u.device, rng), device: mobile ? undefined : u.device, mfa: interactive }), k === 0 && day === 0 ? `first sign-in abroad (${hotel.city.city}, ${hotel.city.country})` : undefined);
        }
      }
      s.window = { start: ctx.start, end: ctx.start + ctx.days * DAY };
    });
    return s;
  },
};

const vpnUsers: Scenario = {
  name: 'vpn-users', kind: 'benign', class: 'vpn-travellers', variants: ['default'],
  summary: 'Users on the corporate VPN (egress abroad, a trusted named location) alternating with home',
  generate(ctx) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('vpn');
    s.description = `Remote workers switch between their home connection and the corporate VPN, whose egress is in ${org.vpn.city.city}: far apart within minutes, every day.`;
    const users = claim(ctx, org.people.filter((u) => !u.groups.includes('it')), Math.min(40, Math.max(2, Math.round(org.people.length * 0.04))), rng);
    for (const u of users) {
      s.accounts.add(u.upn); s.ips.add(u.homeIp);
      for (let day = 0; day < ctx.days; day++) {
        if (isWeekend(ctx, day)) continue;
        const t0 = localTime(ctx, day, u.workStart + rng.next());
        s.add(rows.signin({ t: t0, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip: u.homeIp, interactive: true, ua: browserUaFor(ctx, u.device, rng), device: u.device, mfa: true }));
        let t = t0 + rng.int(5, 25) * MINUTE;
        for (let k = 0; k < rng.int(3, 8); k++) {
          const vpnIp = ipIn(org.vpn, rng);
          s.ips.add(vpnIp);
          s.add(rows.signin({ t, user: u, app: rng.pick([APPS.teams, APPS.office, APPS.oneDrive]), resource: rng.pick([RESOURCES.teamsSvc, RESOURCES.exchange, RESOURCES.sharepoint]), ip: vpnIp, interactive: rng.chance(0.3), ua: browserUaFor(ctx, u.device, rng), device: u.device, mfa: false, network: [{ networkType: 'trustedNamedLocation', networkNames: [org.vpn.name] }] }));
          t += rng.int(15, 90) * MINUTE;
        }
      }
    }
    return s;
  },
};

const riskRemediated: Scenario = {
  name: 'risk-remediated', class: 'risk-remediated', kind: 'benign', variants: ['mfa', 'password-change'],
  summary: 'Entra ID Protection risk detections (medium/high) that the users remediate with MFA or a secure password change',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('risk');
    s.description = variant === 'mfa'
      ? 'Risk-based Conditional Access flags unfamiliar sign-in properties; the user passes MFA and the risk is remediated.'
      : 'User-risk policy: a high-risk sign-in (leaked credentials, unfamiliar properties) makes the user pass MFA and change the password on the spot; the risk is remediated and later sign-ins are clean.';
    const users = claim(ctx, org.people.filter((u) => !u.groups.includes('it')), 3, rng);
    users.forEach((u, i) => {
      s.accounts.add(u.upn);
      const days = i === 0 ? [ctx.attackDay] : rng.sample(Array.from({ length: ctx.days - 1 }, (_, k) => k), 2);
      for (const day of days) {
        const t = localTime(ctx, day, u.workStart + 1 + rng.next() * 6);
        const ip = rng.chance(0.5) ? ipIn(u.carrier, rng) : ipIn(rng.pick(org.hostingNets), rng);
        s.ips.add(ip);
        if (variant === 'mfa') {
          s.add(rows.signin({ t, user: u, app: rng.pick([APPS.officeHome, APPS.office]), resource: RESOURCES.officePortal, ip, interactive: true, ua: browserUaFor(ctx, u.device, rng), mfa: true, risk: { level: rng.pick(['medium', 'medium', 'high']), state: 'remediated', detail: 'userPassedMFADrivenByRiskBasedPolicy', events: [rng.pick(['unfamiliarFeatures', 'unlikelyTravel', 'anonymizedIPAddress'])] } }), 'risky sign-in remediated by MFA');
          continue;
        }
        const ua = browserUaFor(ctx, u.device, rng);
        const target = { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] };
        s.add(rows.signin({ t, user: u, app: rng.pick([APPS.officeHome, APPS.office]), resource: RESOURCES.officePortal, ip, interactive: true, ua, mfa: true, risk: { level: 'high', state: 'remediated', detail: 'userPerformedSecuredPasswordChange', events: [rng.pick(['leakedCredentials', 'unfamiliarFeatures', 'anonymizedIPAddress', 'passwordSpray'])] } }), 'high-risk sign-in: MFA and a password change required');
        s.add(rows.audit({ t: t + rng.int(40_000, 180_000), op: 'Change password (self-service)', category: 'UserManagement', opType: 'Update', initiator: { user: u, ip }, targets: [target], service: 'Self-service Password Management' }), 'password changed: risk remediated');
        s.add(rows.audit({ t: t + rng.int(200_000, 300_000), op: 'Update StsRefreshTokenValidFrom Timestamp', category: 'UserManagement', opType: 'Update', initiator: { app: { name: 'Microsoft Substrate Management' } }, targets: [target] }));
        const later = ipOf(ctx, u, t + 2 * HOUR, rng);
        s.add(rows.signin({ t: t + rng.int(1, 4) * HOUR, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip: later, interactive: true, ua, device: u.device, mfa: true }));
      }
    });
    return s;
  },
};

/**
 * Every benign scenario. The first eight predate issue 11's taxonomy (their class is their name,
 * except `risk-remediated`); the others are one scenario per issue-11 class (docs/simulator.md).
 */
export const BENIGN: readonly Scenario[] = [
  devopsCli, cicdAgents, pawAdmins, multicloudMonitoring, hybridAgents, travel, vpnUsers, riskRemediated,
  egressChange, devopsTokenPrint, appSecretRotation, announcedPentest, newHires, reimagedDevices, vpnTravellers, cloudProxy,
  helpdeskPasswordResets, mfaRegistrationDrive,
];
