// Everyday life of the hold-out tenant, day by day: people signing in and working, DevOps and
// cloud admins on the control planes, CI agents, a multi-cloud monitor, Entra Connect, Arc
// servers, an EC2 application server, daemon app registrations. Population behaviours that look
// like attacks are recorded as benign labels (vpn-travellers, cloud-proxy, risk-remediated,
// devops-token-print).
import { TRAVEL, VPN, SWG_POPS, CLOUD, CLOUD_SITE, OFFICES } from './net.js';
import type { AppKey, AppReg, Device, User, World } from './world.js';
import type { Label } from './labels.js';

export interface Workloads {
  ciAgents: Device[]; ciIps: string[]; monHost: Device; monIp: string; ec2Host: Device; instanceId: string; ec2Ip: string;
  apps: AppReg[]; swgIps: string[][]; popLabels: Record<'vpn' | 'proxy' | 'risk' | 'tokens' | 'egress', Label>;
}

export function createWorkloads(w: World): Workloads {
  const { mkDevice, own, ipIn, int, hex } = w;
  const ciAgents = [mkDevice(null, 'Linux', 'buildkite-agent-'), mkDevice(null, 'Linux', 'gha-runner-'), mkDevice(null, 'Windows', 'ADO-AGENT')];
  const ciIps = [ipIn(CLOUD.azureWeu), ipIn(CLOUD.githubActions), ipIn(CLOUD.azureEus)];
  ciAgents.forEach((h, i) => own('cicd', h.name, h.fqdn, ciIps[i]!));
  const monHost = mkDevice(null, 'Linux', 'cloudwatchtower');
  const monIp = `${OFFICES[1]!.before.prefix}.${int(200, 250)}`; w.asnOf.set(monIp, OFFICES[1]!.before.asn);
  own('monitoring', monHost.name, monHost.fqdn, 'svc-cloudmon', monIp);
  const ec2Host = mkDevice(null, 'Linux', 'ip-10-40-3-');
  const instanceId = `i-0${hex(16)}`;
  const ec2Ip = ipIn(CLOUD.awsUse1);
  own('cicd', ec2Host.name, instanceId, ec2Ip);
  const apps = [
    w.mkApp('app-payroll-sync', 'clientSecret', [ipIn(CLOUD.azureWeu), ipIn(CLOUD.azureWeu)], CLOUD_SITE.weu, 'graph', 12),
    w.mkApp('app-mail-archiver', 'clientAssertion', [ipIn(CLOUD.azureEus)], CLOUD_SITE.eus, 'exo', 24),
    w.mkApp('app-terraform-ci', 'federatedIdentityCredential', [ciIps[1]!, ciIps[0]!], CLOUD_SITE.weu, 'arm', 8),
    w.mkApp('app-hr-connector', 'clientSecret', [ipIn(CLOUD.awsEuc1)], CLOUD_SITE.euc1, 'graph', 6),
    w.mkApp('app-grafana-monitor', 'clientSecret', [monIp], OFFICES[1]!.site, 'arm', 24),
  ];
  for (const a of apps) own('app', a.name, a.appId, a.spId);
  // a gateway PoP egresses from a handful of addresses shared by all its customers' users
  const swgIps = SWG_POPS.map((p) => Array.from({ length: 3 }, () => ipIn(p.net)));
  const open = (scenario: string, cls: string, variant: string, description: string): Label => { const l = w.rec.open({ scenario, kind: 'benign', class: cls, variant, description, technique: [] }); w.rec.close(); return l; };
  return {
    ciAgents, ciIps, monHost, monIp, ec2Host, instanceId, ec2Ip, apps, swgIps,
    popLabels: {
      vpn: open('vpn-split-tunnel-and-trips', 'vpn-travellers', 'population', 'Staff on the corporate VPN flipping between it and their ISP within one session, and frequent travellers abroad with their managed devices'),
      proxy: open('field-staff-secure-web-gateway', 'cloud-proxy', 'population', 'Field staff whose traffic egresses through a secure web gateway, from PoPs in several countries shared by many users'),
      risk: open('risky-signins-remediated', 'risk-remediated', 'mfa-remediation', 'Medium/low-risk sign-ins (unfamiliar features, anonymizer flags) remediated by MFA'),
      egress: open('office-egress-change', 'egress-change', 'new-isp-all-offices', `Every office moves to a new ISP (new egress addresses and ASN) on day ${w.egressChangeDay}; the first two days of sign-ins from the new egress`),
      tokens: open('pipelines-print-tokens', 'devops-token-print', 'ci-and-monitor', 'CI agents and a multi-cloud monitor printing access tokens every run (az account get-access-token, gcloud auth print-access-token)'),
    },
  };
}

/** One day of background activity. */
export function backgroundDay(w: World, wl: Workloads, i: number): void {
  const { r, pick, int, guid, hex, signIn, proc, ct, gcp, audit, userTarget, roleProp, keyProp, users, azCmd, awsCmd, gcloudCmd, pwshCmd, CLI_UA, awsAcct, gcpProject, tenantDomain, tenantId, rec } = w;
  const day = w.dayStart(i);
  const weekend = w.isWeekend(i);
  for (const u of users) {
    if (u.startDay > i) continue;
    if (weekend && r() < 0.85) continue;
    if (!weekend && r() < 0.07) continue; // leave / sick day
    // where is the user today
    let site = u.home; const atOffice = r() < 0.55; let ip = atOffice ? w.officeIp(u.office, day + 12 * 3600000) : u.homeIp;
    let label: Label | null = atOffice && (i === w.egressChangeDay || i === w.egressChangeDay + 1) ? wl.popLabels.egress : null;
    if (u.pop === 'traveller') {
      const seq = (u.id.charCodeAt(0) + i) % 9; // trips of a few days
      if (seq >= 5) { const tr = TRAVEL[(u.id.charCodeAt(1) + Math.floor(i / 9)) % 4]!; site = tr.site; ip = `${tr.net.prefix}.${(u.id.charCodeAt(2) + i) % 250 + 1}`; w.asnOf.set(ip, tr.net.asn); label = wl.popLabels.vpn; }
    }
    const onVpn = u.pop === 'vpn' && r() < 0.6;
    if (onVpn) { site = VPN.site; ip = pick(w.vpnIps); label = wl.popLabels.vpn; }
    if (u.pop === 'field') { const pi = (u.id.charCodeAt(3) + i + (r() < 0.3 ? 1 : 0)) % SWG_POPS.length; site = SWG_POPS[pi]!.site; ip = pick(wl.swgIps[pi]!); label = wl.popLabels.proxy; }
    if (label) rec.resume(label);
    const n = int(2, 6);
    let last = w.workTime(i, u.home);
    for (let k = 0; k < n; k++) {
      const t = last + int(5, 90) * 60000; last = t;
      const app = pick(['outlook', 'teams', 'office', 'onedrive', 'portal'] as AppKey[]);
      // split tunnelling: the same device session flips between the VPN and the home ISP
      const flip = onVpn && k % 2 === 1;
      const useSite = flip ? u.home : site; const useIp = flip ? u.homeIp : ip;
      const risky = u.pop === 'risk-remediated' && r() < 0.12;
      if (risky) rec.resume(wl.popLabels.risk);
      signIn({ t, u, app: app === 'portal' && u.pop !== 'devops' ? 'office' : app, res: app === 'outlook' ? 'exo' : app === 'portal' ? 'arm' : 'spo', ip: useIp, site: useSite, dev: u.device, interactive: k === 0 || r() < 0.3, mfa: k === 0,
        ...(risky ? { risk: pick(['medium', 'low']), riskState: 'remediated', riskEvents: [pick(['unfamiliarFeatures', 'anonymizedIPAddress'])], anon: r() < 0.3, mfa: true } : {}) });
      if (r() < 0.6) signIn({ t: t + int(1, 40) * 60000, u, app: pick(['outlook', 'teams', 'onedrive'] as AppKey[]), res: 'graph', ip: useIp, site: useSite, dev: u.device, interactive: false });
      if (risky) { rec.close(); if (label) rec.resume(label); }
    }
    if (r() < 0.02) signIn({ t: last + 60000, u, app: 'office', res: 'spo', ip, site, dev: u.device, interactive: true, result: '50126' });
    if (label) rec.close();
    // everyday processes with look-alike words
    if (u.device.os === 'Windows' && r() < 0.5) proc({ t: last, dev: u.device, acct: w.acctOf(u), file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: 'powershell.exe -ExecutionPolicy Bypass -File C:\\ProgramData\\Intune\\Scripts\\Get-AzureADJoinStatus.ps1', parent: 'AgentExecutor.exe', parentCmd: 'AgentExecutor.exe -powershell', grand: 'IntuneManagementExtension.exe' });
    if (u.device.os === 'macOS' && r() < 0.3) proc({ t: last, dev: u.device, acct: w.acctOf(u), file: 'git', folder: '/usr/bin/git', cmd: 'git clone https://dev.azure.com/nwintl/platform/_git/aws-gcp-landing-zone', parent: 'zsh', parentCmd: '-zsh' });
    if (u.pop === 'devops') devopsDay(w, u, i, ip, site);
    if (u.pop === 'cloud-admin' && u.admin && !weekend) adminDay(w, u, i);
    if (u.pop === 'helpdesk' && !weekend) {
      const t = w.workTime(i, u.home); const hip = w.officeIp(u.office, t);
      signIn({ t, u, app: 'portal', res: 'graph', ip: hip, site: u.home, dev: u.device, interactive: true, mfa: true });
      for (let k = 0; k < int(0, 3); k++) audit(t + 600000 + k * 900000, pick(['Reset user password', 'Update user', 'Reset password (by admin)']), 'UserManagement', { upn: u.upn, id: u.id, ip: hip }, [userTarget(pick(users))], { ua: CLI_UA.chrome });
    }
    // admins among devops use their adm- account with az on their laptop, now and then
    if (u.pop === 'devops' && u.admin && r() < 0.4) {
      const t = w.workTime(i, u.home);
      proc({ t, dev: u.device, acct: w.acctOf(u.admin), ...azCmd(u.device, 'login --tenant ' + tenantDomain) });
      signIn({ t: t + 15000, u: u.admin, app: 'azcli', res: 'arm', ip, site, dev: u.device, interactive: true, mfa: true, ua: CLI_UA.az(u.device.os) });
    }
  }
  void roleProp; void keyProp; void hex; void guid; void awsAcct; void gcpProject; void tenantId; void awsCmd; void gcloudCmd; void pwshCmd; void ct; void gcp;
  workloadsDay(w, wl, i);
}

function devopsDay(w: World, u: User, i: number, ip: string, site: User['home']): void {
  const { r, pick, int, hex, signIn, proc, ct, gcp, azCmd, awsCmd, gcloudCmd, pwshCmd, CLI_UA, awsAcct, gcpProject, tenantDomain, tenantId } = w;
  const t = w.workTime(i, u.home);
  const acct = w.acctOf(u);
  const cmds = [
    azCmd(u.device, pick(['login', 'account show', 'aks get-credentials -g rg-prod -n aks-prod-weu', 'group list -o table', 'login --tenant ' + tenantDomain])),
    awsCmd(u.device, pick(['sso login --sso-session nwintl', 'sts get-caller-identity --profile prod-admin', 's3 ls --profile data'])),
    gcloudCmd(u.device, pick(['auth application-default login', 'auth login --update-adc', 'config set project ' + gcpProject, 'container clusters get-credentials gke-prod --region europe-west3'])),
    u.device.os === 'macOS' ? { file: 'aws-vault', folder: '/opt/homebrew/bin/aws-vault', cmd: `aws-vault exec prod-admin -- terraform plan`, parent: 'zsh', parentCmd: '-zsh' } : azCmd(u.device, 'account get-access-token --resource https://management.azure.com/ --query expiresOn'),
    u.device.os === 'Windows' ? pwshCmd(u.device, `Connect-AzAccount -Tenant ${tenantId} -Subscription nw-prod`) : azCmd(u.device, 'login --use-device-code'),
  ];
  for (let k = 0; k < cmds.length; k++) if (r() < 0.7) proc({ t: t + k * 300000, dev: u.device, acct, ...cmds[k]! });
  signIn({ t: t + 20000, u, app: 'azcli', res: 'arm', ip, site, dev: u.device, interactive: r() < 0.3, ua: CLI_UA.az(u.device.os), mfa: true });
  for (let k = 0; k < 3; k++) signIn({ t: t + (k + 1) * 1800000, u, app: 'azcli', res: pick(['arm', 'graph']), ip, site, dev: u.device, interactive: false, ua: CLI_UA.az(u.device.os) });
  if (u.device.os === 'Windows') signIn({ t: t + 1220000, u, app: 'azps', res: 'arm', ip, site, dev: u.device, interactive: true, mfa: true });
  // AWS via IAM Identity Center (SAML), CLI calls from the laptop
  signIn({ t: t + 60000, u, app: 'awssso', res: 'graph', ip, site, dev: u.device, interactive: true, mfa: true, ua: CLI_UA.browser });
  const role = pick(['AWSReservedSSO_PowerUserAccess_5e2a1b3c4d', 'AWSReservedSSO_ReadOnlyAccess_9f8e7d6c5b']);
  const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${u.upn}`;
  const key = `ASIA${hex(16).toUpperCase()}`; const principal = `AROA${hex(8).toUpperCase()}:${u.upn}`;
  ct({ t: t + 70000, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: u.upn, user: u.upn, ua: 'aws-internal/3', ip, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}`, principalArn: `arn:aws:iam::${awsAcct}:saml-provider/AWSSSO_nwintl_DO_NOT_DELETE` }, resp: { credentials: { accessKeyId: key }, subject: u.upn } });
  if (r() < 0.5) ct({ t: t + 80000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal, ua: CLI_UA.browser, ip, issuer: role, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
  if (u.device.os === 'macOS' && r() < 0.5) ct({ t: t + 85000, name: 'GetSigninToken', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal, ua: 'aws-vault/7.2.0', ip, issuer: role, consoleType: true, resp: { GetSigninToken: 'Success' } });
  for (let k = 0; k < int(3, 12); k++) ct({ t: t + 100000 + k * 240000, name: pick(['DescribeInstances', 'ListBuckets', 'GetCallerIdentity', 'DescribeStacks', 'PutObject']), src: pick(['ec2.amazonaws.com', 's3.amazonaws.com', 'sts.amazonaws.com', 'cloudformation.amazonaws.com']), type: 'AssumedRole', arn: sess, principal, ua: CLI_UA.awscli(u.device.os), ip, issuer: role, key, ro: true, sessionDate: t + 70000 });
  for (let k = 0; k < int(2, 6); k++) gcp(t + 200000 + k * 300000, u.upn, pick(['v1.compute.instances.list', 'io.k8s.core.v1.pods.list', 'storage.objects.list', 'google.iam.admin.v1.ListServiceAccounts']), pick(['compute.googleapis.com', 'k8s.io', 'storage.googleapis.com', 'iam.googleapis.com']), ip, CLI_UA.gcloud(), `projects/${gcpProject}`);
}

function adminDay(w: World, u: User, i: number): void {
  const { r, pick, int, guid, signIn, proc, audit, userTarget, roleProp, keyProp, users, pwshCmd, tenantDomain } = w;
  const a = u.admin!; const paw = a.device; const t = w.workTime(i, u.home);
  const acct = w.acctOf(a);
  proc({ t, dev: paw, acct, ...pwshCmd(paw, `Connect-MgGraph -Scopes 'User.ReadWrite.All','RoleManagement.ReadWrite.Directory' -NoWelcome`) });
  if (r() < 0.6) proc({ t: t + 400000, dev: paw, acct, ...pwshCmd(paw, `Connect-AzAccount -Tenant ${tenantDomain}; Get-AzRoleAssignment -Scope /subscriptions/${guid()}`) });
  if (r() < 0.3) proc({ t: t + 800000, dev: paw, acct, ...pwshCmd(paw, `Connect-ExchangeOnline -UserPrincipalName ${a.upn} -ShowBanner:$false`) });
  const pip = w.officeIp(u.office, t);
  signIn({ t: t + 15000, u: a, app: 'graphps', res: 'graph', ip: pip, site: u.home, dev: paw, interactive: true, mfa: true });
  signIn({ t: t + 415000, u: a, app: 'azps', res: 'arm', ip: pip, site: u.home, dev: paw, interactive: true, mfa: true });
  for (let k = 0; k < 3; k++) signIn({ t: t + 600000 + k * 900000, u: a, app: pick(['graphps', 'azps']), res: pick(['graph', 'arm']), ip: pip, site: u.home, dev: paw, interactive: false });
  signIn({ t: t + 30000, u: a, app: 'portal', res: 'arm', ip: pip, site: u.home, dev: paw, interactive: true, mfa: true });
  for (let k = 0; k < int(1, 4); k++) {
    const op = pick(['Reset user password', 'Add member to role', 'Update user', 'Add member to group', 'Update user', 'Add owner to application']);
    const tgt = op === 'Add owner to application' ? [{ id: guid(), displayName: pick(['app-payroll-sync', 'app-grafana-monitor', 'app-terraform-ci']), type: 'Application', modifiedProperties: [] }]
      : [userTarget(pick(users), op === 'Add member to role' ? roleProp(pick(['User Administrator', 'Helpdesk Administrator', 'Application Administrator'])) : [])];
    audit(t + 700000 + k * 600000, op, op.includes('role') ? 'RoleManagement' : op.includes('pplication') ? 'ApplicationManagement' : 'UserManagement', { upn: a.upn, id: a.id, ip: pip }, tgt, { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) PowerShell/7.4.1' });
  }
  void keyProp;
}

function workloadsDay(w: World, wl: Workloads, i: number): void {
  const { int, pick, hex, guid, proc, ct, gcp, signIn, spSignIn, audit, userTarget, users, azCmd, awsCmd, gcloudCmd, CLI_UA, awsAcct, gcpProject, tenantId, rec, syncHost, sync, syncIp, arcHosts } = w;
  const day = w.dayStart(i); const weekend = w.isWeekend(i);
  // CI/CD agents: federated service-principal logins, cloud calls; some pipelines print tokens
  for (let h = 0; h < 24; h += weekend ? 6 : 2) {
    wl.ciAgents.forEach((agent, k) => {
      const t = day + h * 3600000 + int(0, 3000) * 1000;
      const svc = { sam: agent.os === 'Windows' ? 'svc-adoagent' : 'runner', upn: '', sid: `S-1-5-21-3623811015-3361044348-30300820-${5000 + k}` };
      const tf = wl.apps[2]!;
      proc({ t, dev: agent, acct: svc, ...azCmd(agent, `login --service-principal -u ${tf.appId} --tenant ${tenantId} --federated-token $(cat $AZURE_FEDERATED_TOKEN_FILE)`) });
      if (h % 4 === 0) {
        rec.resume(wl.popLabels.tokens);
        proc({ t: t + 10000, dev: agent, acct: svc, ...azCmd(agent, 'account get-access-token --resource https://vault.azure.net --query accessToken -o tsv') });
        if (agent.os === 'Linux') proc({ t: t + 15000, dev: agent, acct: svc, ...gcloudCmd(agent, 'auth print-access-token') });
        rec.close();
      }
      proc({ t: t + 30000, dev: agent, acct: svc, ...awsCmd(agent, `sts assume-role-with-web-identity --role-arn arn:aws:iam::${awsAcct}:role/ci-deployer --role-session-name gha-${hex(6)} --web-identity-token file:///tmp/oidc`) });
      proc({ t: t + 60000, dev: agent, acct: svc, ...gcloudCmd(agent, `auth activate-service-account ci-deployer@${gcpProject}.iam.gserviceaccount.com --key-file=/tmp/gcp-sa.json`) });
      ct({ t: t + 35000, name: 'AssumeRoleWithWebIdentity', src: 'sts.amazonaws.com', type: 'WebIdentityUser', arn: '', principal: `token.actions.githubusercontent.com:repo:nwintl/platform:ref:refs/heads/main`, ua: CLI_UA.awscli('Linux'), ip: wl.ciIps[k]!, req: { roleArn: `arn:aws:iam::${awsAcct}:role/ci-deployer` } });
      ct({ t: t + 40000, name: pick(['UpdateStack', 'PutObject', 'CreateTags', 'RegisterTaskDefinition']), src: pick(['cloudformation.amazonaws.com', 's3.amazonaws.com', 'ecs.amazonaws.com']), type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/ci-deployer/gha-${hex(6)}`, principal: `AROA${hex(8).toUpperCase()}:gha`, ua: CLI_UA.awscli('Linux'), ip: wl.ciIps[k]!, issuer: 'ci-deployer', key: `ASIA${hex(16).toUpperCase()}` });
      gcp(t + 65000, `ci-deployer@${gcpProject}.iam.gserviceaccount.com`, 'google.container.v1.ClusterManager.UpdateCluster', 'container.googleapis.com', wl.ciIps[k]!, CLI_UA.gcloud(), `projects/${gcpProject}/locations/europe-west3/clusters/gke-prod`);
    });
  }
  // multi-cloud monitoring tool: every hour, prints tokens, calls all three clouds
  rec.resume(wl.popLabels.tokens);
  for (let m = 0; m < 24 * 60; m += 60) {
    const t = day + m * 60000 + int(0, 60) * 1000;
    const svc = { sam: 'svc-cloudmon', upn: '', sid: 'S-1-5-21-3623811015-3361044348-30300820-7001' };
    const base = { parent: 'python3', parentCmd: '/opt/cloudwatchtower/venv/bin/python3 /opt/cloudwatchtower/collector.py --providers azure,aws,gcp' };
    proc({ t, dev: wl.monHost, acct: svc, file: 'python3', folder: '/opt/az/bin/python3', cmd: '/opt/az/bin/python3 -Im azure.cli account get-access-token --resource https://management.azure.com/ -o json', ...base });
    proc({ t: t + 5000, dev: wl.monHost, acct: svc, file: 'aws', folder: '/usr/local/bin/aws', cmd: 'aws sts get-caller-identity --output json', ...base });
    proc({ t: t + 9000, dev: wl.monHost, acct: svc, file: 'python3', folder: '/usr/bin/python3', cmd: '/usr/bin/python3 /usr/lib/google-cloud-sdk/lib/gcloud.py auth print-access-token --impersonate-service-account=monitor@' + gcpProject + '.iam.gserviceaccount.com', ...base });
    ct({ t: t + 6000, name: 'GetCallerIdentity', src: 'sts.amazonaws.com', type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/cloudwatchtower-readonly/monitor`, principal: `AROA${hex(8).toUpperCase()}:monitor`, ua: CLI_UA.awscli('Linux'), ip: wl.monIp, issuer: 'cloudwatchtower-readonly', key: `ASIA${hex(16).toUpperCase()}`, ro: true });
    gcp(t + 10000, `monitor@${gcpProject}.iam.gserviceaccount.com`, 'v1.compute.instances.aggregatedList', 'compute.googleapis.com', wl.monIp, CLI_UA.gcloud(), `projects/${gcpProject}`);
  }
  rec.close();
  // Entra Connect: delta sync every 30 min; the Sync_ account signs in from the sync server
  for (let m = 0; m < 24 * 60; m += 30) {
    const t = day + m * 60000 + int(0, 30) * 1000;
    proc({ t, dev: syncHost, acct: null, system: true, file: 'miiserver.exe', folder: 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe', cmd: '"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe"', parent: 'services.exe', parentCmd: 'C:\\WINDOWS\\system32\\services.exe' });
    if (m % 180 === 0) proc({ t: t + 2000, dev: syncHost, acct: null, system: true, file: 'DirectorySyncClientCmd.exe', folder: 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\DirectorySyncClientCmd.exe', cmd: '"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\DirectorySyncClientCmd.exe" delta', parent: 'svchost.exe', parentCmd: 'C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p -s Schedule' });
    signIn({ t: t + 5000, u: sync, app: 'aadsync', res: 'aadgraph', ip: syncIp, site: OFFICES[0]!.site, dev: null, interactive: false, ua: '' });
    if (w.r() < 0.5) audit(t + 8000, pick(['Update user', 'Update user', 'Add member to group', 'Change user password']), 'UserManagement', { app: 'Microsoft Azure AD Connect', appId: '6eb59a73-39b2-4c23-a70f-e2e3ce8965b1' }, [userTarget(pick(users), [{ displayName: 'LastDirSyncTime', oldValue: '', newValue: `"${w.iso(t)}"` }])]);
  }
  // Arc servers: daily agent status, managed identity token for the guest configuration
  for (const h of arcHosts) {
    const t = day + int(0, 23) * 3600000;
    proc({ t, dev: h, acct: null, system: true, file: h.os === 'Windows' ? 'azcmagent.exe' : 'azcmagent', folder: h.os === 'Windows' ? 'C:\\Program Files\\AzureConnectedMachineAgent\\azcmagent.exe' : '/opt/azcmagent/bin/azcmagent', cmd: h.os === 'Windows' ? '"C:\\Program Files\\AzureConnectedMachineAgent\\azcmagent.exe" show --json' : '/opt/azcmagent/bin/azcmagent check --location westeurope', parent: h.os === 'Windows' ? 'himds.exe' : 'himdsd', parentCmd: h.os === 'Windows' ? '"C:\\Program Files\\AzureConnectedMachineAgent\\himds.exe"' : '/opt/azcmagent/bin/himds' });
    if (h.os === 'Linux' && w.r() < 0.3) proc({ t: t + 60000, dev: h, acct: null, system: true, file: 'python3', folder: '/opt/az/bin/python3', cmd: '/opt/az/bin/python3 -Im azure.cli login --identity', parent: 'gc_linux_service', parentCmd: '/var/lib/GuestConfig/gc_linux_service' });
    spSignIn({ t: t + 30000, app: { name: h.name, appId: h.id, spId: h.id, keyId: '', thumb: '', credType: 'managedIdentity' }, ip: w.officeIp(OFFICES[1]!, t), site: OFFICES[1]!.site, res: 'arm', mi: true });
  }
  // EC2 application server: the instance role used from the instance itself
  for (let h = 0; h < 24; h += 2) {
    const t = day + h * 3600000 + int(0, 3000) * 1000;
    ct({ t, name: pick(['GetObject', 'PutObject', 'SendMessage', 'GetSecretValue']), src: pick(['s3.amazonaws.com', 'sqs.amazonaws.com', 'secretsmanager.amazonaws.com']), type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/app-server-role/${wl.instanceId}`, principal: `AROA${hex(8).toUpperCase()}:${wl.instanceId}`, ua: 'aws-sdk-java/2.25.10 Linux/6.1.79-99.167.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10', ip: wl.ec2Ip, issuer: 'app-server-role', key: `ASIA${hex(16).toUpperCase()}`, ro: true });
    if (h % 6 === 0) proc({ t: t + 1000, dev: wl.ec2Host, acct: { sam: 'ec2-user', upn: '', sid: '' }, file: 'curl', folder: '/usr/bin/curl', cmd: 'curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone', parent: 'amazon-cloudwatch-agent', parentCmd: '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent' });
  }
  // daemon app registrations: client-credential sign-ins from their own hosts
  for (const a of wl.apps) {
    const n = weekend ? Math.max(1, a.perDay / 4) : a.perDay;
    for (let k = 0; k < n; k++) spSignIn({ t: day + Math.floor((k + w.r()) * 86400000 / n), app: a, ip: pick(a.ips), site: a.site, res: a.res });
  }
  void guid;
}
