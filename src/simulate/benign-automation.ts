/**
 * Automation and sanctioned-offence look-alikes: pipelines on cloud-hosted runners printing
 * access tokens and using them (`devops-token-print`), and an announced penetration test from an
 * admin workstation the organisation lists in a watchlist (`announced-pentest`).
 */
import type { Device, User } from './org.js';
import { ipIn } from './org.js';
import type { ProcAccount } from './rows.js';
import { fakeGuid } from './rows.js';
import { APPS, RESOURCES, type App } from './apps.js';
import { type SimContext, MINUTE, DAY, localTime, isWeekend, azCliUa, awsCliUa, gcloudUa, psUa, winUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { azProcess, awsProcess, gcloudProcess, psProcess } from './tools.js';
import { ssoApp, ssoIdentity, ssoRoleName } from './benign.js';
import { RUNNER_CLOUDS, providerSites, freshNetwork, hostIp } from './benign-nets.js';
import { COMPANY_WORDS_A, COMPANY_WORDS_B, FIRST_NAMES, LAST_NAMES } from './pools.js';

/** A device the organisation model does not hold (ephemeral runners, a tester's host). */
function extraDevice(ctx: SimContext, name: string, kind: Device['kind'], os: Device['os'], osVersion: string, privateIp: string, domain: boolean): Device {
  const r = ctx.rng.fork(`device:${name}`);
  return {
    id: r.hex(40), aadDeviceId: r.guid(), name, kind, os, osVersion, privateIp, office: ctx.org.offices[0]!,
    fqdn: domain && os === 'Windows' ? `${name.toLowerCase()}.${ctx.org.adDomain}` : name.toLowerCase(),
  };
}

const PLATFORMS = {
  // Host names: the pool's prefix (the tenant's choice) and the platform's instance numbering.
  'azure-vmss-agents': { cloud: 'azure', parent: 'Agent.Worker', winParent: 'Agent.Worker.exe', account: 'AzDevOps', host: (pre: string, i: number) => `${pre}${i.toString(36).padStart(6, '0')}`, script: 'bash' },
  'github-larger-runners': { cloud: 'azure', parent: 'Runner.Worker', winParent: 'Runner.Worker.exe', account: 'runner', host: (pre: string, i: number) => `${pre}-${String(i).padStart(2, '0')}`, script: 'bash' },
  'gitlab-runners-gcp': { cloud: 'gcp', parent: 'gitlab-runner', winParent: 'gitlab-runner.exe', account: 'gitlab-runner', host: (pre: string, i: number) => `${pre}-${i}-ci`, script: 'sh' },
} as const;

export const devopsTokenPrint: Scenario = {
  name: 'devops-token-print', class: 'devops-token-print', kind: 'benign', variants: Object.keys(PLATFORMS),
  summary: 'Pipelines on cloud-hosted runners print access tokens (az account get-access-token, Get-AzAccessToken, gcloud auth print-access-token) and use them from the runners\' usual addresses',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('devops-token-print');
    const p = PLATFORMS[variant as keyof typeof PLATFORMS] ?? PLATFORMS['azure-vmss-agents'];
    // The runners leave through a NAT gateway: two or three fixed addresses in the cloud region the
    // organisation uses (Azure: the same region as its other workloads).
    const cloud = p.cloud === 'azure' ? { name: org.infra.azureHome.name, asn: org.infra.azureHome.asn } : RUNNER_CLOUDS.gcp;
    let natIps: string[];
    if (p.cloud === 'azure') natIps = Array.from({ length: rng.int(2, 3) }, () => ipIn(org.infra.azureHome, rng));
    else {
      const region = org.offices[0]!.city;
      const nat = providerSites(ctx, rng, rng.pick(RUNNER_CLOUDS.gcp.ranges), 'hosting', cloud.name, cloud.asn, [region])[0] ?? freshNetwork(ctx, rng, 'hosting', region, cloud.name, cloud.asn);
      natIps = rng.sample(Array.from({ length: 200 }, (_, i) => i + 4), rng.int(2, 3)).map((h) => hostIp(nat, h));
    }
    const pre = `${rng.pick(['build', 'ci', 'agents', 'pool', 'runner', 'deploy'])}${rng.pick(['', '-lnx', '-prod', 'vmss', '01'])}`;
    const first = rng.int(0, 40);
    const runners = Array.from({ length: rng.int(3, 5) }, (_, i) => {
      const win = p.cloud === 'azure' && i === 0;
      return extraDevice(ctx, win ? p.host(`${pre}w`, first + i).toUpperCase().slice(0, 15) : p.host(pre, first + i), 'build-agent', win ? 'Windows' : 'Linux', win ? 'Windows Server 2022' : 'Ubuntu 22.04', `10.${rng.int(100, 120)}.${rng.int(0, 255)}.${rng.int(4, 250)}`, false);
    });
    const slug = rng.pick(['deploy', 'release', 'platform', 'infra', 'build']);
    const spAppId = fakeGuid(`${org.tenantId}:${slug}-hosted-sp`);
    const sp = { name: `${org.company}-${slug}-pipeline`, appId: spAppId, spId: fakeGuid(`${org.tenantId}:${slug}-hosted-sp:sp`) };
    const mi = { name: `id-${slug}-runners`, appId: fakeGuid(`${org.tenantId}:${slug}-runners-mi`), spId: fakeGuid(`${org.tenantId}:${slug}-runners-mi:sp`) };
    const miResource = `/subscriptions/${fakeGuid('sub' + org.tenantId)}/resourceGroups/rg-${slug}-runners/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${mi.name}`;
    const gcpSa = `${slug}-pipeline@${org.gcp.projects[0]!}.iam.gserviceaccount.com`;
    const acctId = org.aws.accounts[0]!.id;
    const awsRole = `${slug}-${p.cloud === 'gcp' ? 'gitlab' : 'github'}-oidc`;
    const roleId = `AROA${rng.alnum(17)}`;
    s.cloud.add(spAppId); s.cloud.add(gcpSa); if (p.cloud === 'azure') s.cloud.add(mi.appId); s.cloud.add(`arn:aws:iam::${acctId}:role/${awsRole}`);
    for (const ip of natIps) s.ips.add(ip);
    const registry = `${org.company.slice(0, 12)}acr`;
    let firstToken = true;
    for (let day = 0; day < ctx.days; day++) {
      const runs = isWeekend(ctx, day) ? rng.int(0, 2) : rng.int(4, 8);
      const times = Array.from({ length: runs }, () => localTime(ctx, day, rng.chance(0.1) ? 1 + rng.next() * 4 : 8 + rng.next() * 10)).sort((a, b) => a - b);
      for (const t0 of times) {
        const d = rng.pick(runners);
        s.devices.add(d.fqdn);
        // The agent's local account (the same on every run of a runner image).
        const acct: ProcAccount = { name: p.account, domain: d.os === 'Windows' ? d.name : '', sid: '', upn: '', objectId: '' };
        s.accounts.add(acct.name);
        const ip = rng.pick(natIps);
        const parent = d.os === 'Windows' ? p.winParent : p.parent;
        const shell = d.os === 'Windows' ? 'pwsh.exe' : p.script;
        // Each pipeline step is a generated script the agent runs (its command line names the temp file).
        const stepCmd = d.os === 'Windows' ? `"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -Command ". 'D:\\a\\_temp\\${rng.guid()}.ps1'"` : `/usr/bin/${p.script} --noprofile --norc -e -o pipefail /home/${acct.name}/work/_temp/${rng.guid()}.sh`;
        let t = t0;
        const run = rng.int(1000, 99999);
        // 1. The pipeline's Azure login (workload identity federation or a managed identity).
        const viaMi = p.cloud === 'azure' && rng.chance(0.3);
        for (const e of azProcess(ctx, d, acct, t, viaMi ? `login --identity --username ${mi.appId}` : `login --service-principal -u ${spAppId} --tenant ${org.tenantId} --federated-token ***`, shell, stepCmd)) s.add(e);
        // Each token the pipeline obtains is a workload-identity sign-in from the runner's NAT address.
        const token = (tt: number, res: App): void => {
          s.add(viaMi
            ? rows.principalSignin({ t: tt, kind: 'mi', principal: mi, resource: res, ip, msi: { type: 'userAssigned', resourceId: miResource }, sourceAppClientId: mi.appId })
            : rows.principalSignin({ t: tt, kind: 'sp', principal: sp, resource: res, ip, credential: { type: 'federatedIdentityCredential' }, library: 'Family: MSAL Library: MSAL.Python 1.28.0 Platform: Python' }));
        };
        token(t + rng.int(1_000, 4_000), RESOURCES.arm);
        t += rng.int(3_000, 15_000);
        // 2. A token printed for a tool that cannot use the CLI's cache.
        const how = rng.weighted(['az-arm', 'az-graph', 'acr', 'ps', 'gcloud', 'ecr'] as const, [4, 1, 2, d.os === 'Windows' ? 4 : 1, p.cloud === 'gcp' ? 5 : 2, 2]);
        const step = (cmd: string): string => `${d.name}: ${cmd} (pipeline run ${run})`;
        // curl / docker run by the step script, where the runner image keeps them.
        const tool = (tt: number, cmd: string) => {
          const exe = cmd.split(' ')[0]!;
          const win = d.os === 'Windows';
          const folder = win ? (exe === 'docker' ? 'C:\\Program Files\\Docker\\Docker\\resources\\bin' : 'C:\\Windows\\System32') : '/usr/bin';
          return rows.process({ t: tt, device: d, account: acct, file: win ? `${exe}.exe` : exe, folder, cmd, parent: { file: shell, cmd: stepCmd } });
        };
        if (how === 'az-arm' || how === 'az-graph' || how === 'acr') {
          const args = how === 'az-arm' ? rng.pick(['account get-access-token --query accessToken -o tsv', 'account get-access-token --resource https://management.azure.com/ --query accessToken --output tsv'])
            : how === 'az-graph' ? 'account get-access-token --resource-type ms-graph --query accessToken -o tsv' : `acr login --name ${registry} --expose-token --output tsv --query accessToken`;
          const evs = azProcess(ctx, d, acct, t, args, shell, stepCmd);
          evs.forEach((e, k) => s.add(e, k === 0 && firstToken ? step(`az ${args}`) : undefined));
          if (how === 'az-graph') token(t + rng.int(500, 2_000), RESOURCES.graph);
          firstToken = false;
          t += rng.int(1_000, 8_000);
          const use = how === 'acr' ? `docker login ${registry}.azurecr.io --username 00000000-0000-0000-0000-000000000000 --password-stdin`
            : how === 'az-graph' ? 'curl -sS -H "Authorization: Bearer ***" https://graph.microsoft.com/v1.0/applications?$top=5'
              : `curl -sS -X PUT -H "Authorization: Bearer ***" -H "Content-Type: application/json" https://management.azure.com/subscriptions/${fakeGuid('sub' + org.tenantId)}/resourceGroups/rg-app/providers/Microsoft.Resources/deployments/ci-${run}?api-version=2021-04-01 -d @deploy.json`;
          s.add(tool(t, use));
        } else if (how === 'ps') {
          const script = rng.pick(['$token = (Get-AzAccessToken -ResourceUrl "https://management.azure.com").Token', '$t = Get-AzAccessToken -ResourceTypeName MSGraph -AsSecureString', '$token = (Get-AzAccessToken).Token; Invoke-RestMethod -Uri $uri -Headers @{Authorization = "Bearer $token"}']);
          s.add(psProcess(ctx, d, acct, t, script, { core: true, parent }), firstToken ? step('Get-AzAccessToken') : undefined);
          if (script.includes('MSGraph')) token(t + rng.int(500, 2_000), RESOURCES.graph);
          firstToken = false;
        } else if (how === 'gcloud') {
          for (const [k, e] of gcloudProcess(ctx, d, acct, t, rng.pick(['auth print-access-token', 'auth print-access-token --impersonate-service-account=' + gcpSa, 'auth print-identity-token']), shell).entries()) s.add(e, k === 0 && firstToken ? step('gcloud auth print-access-token') : undefined);
          firstToken = false;
          t += rng.int(1_000, 6_000);
          const reg = `${org.gcp.region}-docker.pkg.dev`;
          s.add(tool(t, `docker login -u oauth2accesstoken --password-stdin https://${reg}`));
          const project = org.gcp.projects[0]!;
          for (let k = 0; k < rng.int(1, 3); k++) {
            s.add(rows.gcp({ t: t + 2_000 + k * rng.int(5_000, 60_000), service: 'artifactregistry.googleapis.com', method: rng.pick(['Docker-PutManifest', 'Docker-GetManifest', 'Docker-StartUpload']), principal: gcpSa, project, resource: `projects/${project}/locations/${org.gcp.region}/repositories/app`, resourceType: 'artifactregistry.googleapis.com/Repository', ip, ua: 'docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.5.0-1017-azure os/linux arch/amd64 UpstreamClient(Docker-Client/24.0.7 \\(linux\\))', permission: 'artifactregistry.repositories.uploadArtifacts', log: 'data_access' }));
          }
          s.add(rows.gcp({ t: t + rng.int(30_000, 120_000), service: 'run.googleapis.com', method: 'google.cloud.run.v1.Services.ReplaceService', principal: gcpSa, project, resource: `namespaces/${project}/services/app`, resourceType: 'cloud_run_revision', ip, ua: gcloudUa(ctx, 'run.deploy', 'Linux'), permission: 'run.services.update' }));
        } else {
          const created = t - rng.int(2_000, 10_000);
          const ident = { type: 'AssumedRole', arn: `arn:aws:sts::${acctId}:assumed-role/${awsRole}/${p.account}-${run}`, principalId: `${roleId}:${p.account}-${run}`, accountId: acctId, accessKeyId: `ASIA${rng.alnum(16)}`, session: { issuerType: 'Role', issuerArn: `arn:aws:iam::${acctId}:role/${awsRole}`, issuerName: awsRole, issuerPrincipalId: roleId, created, mfa: false } };
          s.add(rows.cloudtrail({ t: created, source: 'sts.amazonaws.com', name: 'AssumeRoleWithWebIdentity', region: org.aws.homeRegion, ip, ua: awsCliUa(ctx, 'Linux', 'sts.assume-role-with-web-identity'), readOnly: true, recipient: acctId, identity: { type: 'WebIdentityUser', arn: '', principalId: `token.actions.githubusercontent.com:${org.company}`, accountId: '', userName: `repo:${org.company}/app:ref:refs/heads/main` }, request: { roleArn: `arn:aws:iam::${acctId}:role/${awsRole}`, roleSessionName: `${p.account}-${run}` } }));
          for (const [k, e] of awsProcess(ctx, d, acct, t, `ecr get-login-password --region ${org.aws.homeRegion}`, shell).entries()) s.add(e, k === 0 && firstToken ? step('aws ecr get-login-password') : undefined);
          firstToken = false;
          s.add(rows.cloudtrail({ t: t + 1_200, source: 'ecr.amazonaws.com', name: 'GetAuthorizationToken', region: org.aws.homeRegion, ip, ua: awsCliUa(ctx, 'Linux', 'ecr.get-login-password'), readOnly: true, recipient: acctId, identity: ident }));
          s.add(tool(t + 2_500, `docker login --username AWS --password-stdin ${acctId}.dkr.ecr.${org.aws.homeRegion}.amazonaws.com`));
          s.add(rows.cloudtrail({ t: t + rng.int(20_000, 90_000), source: 'ecr.amazonaws.com', name: 'PutImage', region: org.aws.homeRegion, ip, ua: 'AWS Internal', readOnly: false, recipient: acctId, identity: ident }));
        }
      }
    }
    s.description = `Pipelines on ${variant} (${cloud.name}, AS${cloud.asn}) sign in with the pipeline identity, print access tokens for tools that cannot use the CLI cache (az account get-access-token, Get-AzAccessToken, gcloud auth print-access-token, aws ecr get-login-password) and use them at once from the runners' NAT addresses ${natIps.join(', ')}.`;
    return s;
  },
};

export const announcedPentest: Scenario = {
  name: 'announced-pentest', class: 'announced-pentest', kind: 'benign', variants: ['internal-workstation', 'consultancy-laptop'],
  summary: 'An announced penetration test from an admin workstation listed in a watchlist: cloud CLIs, recon tools, sign-ins',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('announced-pentest');
    const first = rng.pick(FIRST_NAMES), last = rng.pick(LAST_NAMES);
    const firm = `${rng.pick(COMPANY_WORDS_A)[0]!.toUpperCase()}${rng.pick(COMPANY_WORDS_A).slice(1)} ${rng.pick(['Security', 'Labs', 'Offensive Security', 'Red Team'])}`;
    const f = first.toLowerCase().replace(/[^a-z]/g, ''), l = last.toLowerCase().replace(/[^a-z]/g, '');
    const local = rng.pick([`ext-pt.${f}.${l}`, `pentest-${f}${l[0]}`, `ext.${f}.${l}`, `${f}.${l}.ext`, `tmp-${f[0]}${l}`, `redteam-${l}`]);
    const tester: User = {
      id: rng.guid(), upn: `${local}@${org.onmicrosoft}`, sam: local.slice(0, 20), sid: '', first, last, displayName: `${first} ${last} (${firm})`,
      source: 'cloud', groups: ['cloud-admins'], privileged: true, office: org.offices[0]!, homeCity: org.offices[0]!.city, homeIp: org.offices[0]!.egress[0]!,
      carrier: org.carriers[0]!, activity: 0, workStart: 9, workEnd: 18, remoteDays: 0, gcp: true,
    };
    const internal = variant === 'internal-workstation';
    const pawBase = (org.paws[0]?.name ?? 'ADMWS').replace(/[0-9]+$/, '');
    const d = internal
      ? extraDevice(ctx, `${pawBase}${rng.int(900, 999)}`.slice(0, 15), 'paw', 'Windows', 'Windows 11', `${org.offices[0]!.subnet}.${rng.int(2, 250)}`, true)
      : extraDevice(ctx, `PT-${firm.split(' ')[0]!.slice(0, 6).toUpperCase()}-${rng.int(10, 99)}`, 'workstation', 'Windows', 'Windows 11', `192.168.${rng.int(0, 20)}.${rng.int(2, 250)}`, false);
    const firmNet = internal ? undefined : freshNetwork(ctx, rng, 'hosting', org.offices[0]!.city, `${firm} (${rng.pick(COMPANY_WORDS_B)})`, rng.int(20000, 64000));
    const ip = firmNet ? hostIp(firmNet, rng.int(10, 60)) : org.offices[0]!.egress[0]!;
    const acct: ProcAccount = { name: tester.sam, domain: 'AzureAD', sid: `S-1-12-1-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`, upn: tester.upn, objectId: tester.id };
    s.accounts.add(tester.upn); s.accounts.add(tester.sam); s.devices.add(d.fqdn); s.ips.add(ip); s.cloud.add(tester.upn);
    // The engagement: the last three working days of the run (the replayed day included).
    const days: number[] = [];
    for (let day = ctx.days - 1; day >= 0 && days.length < 3; day--) if (!isWeekend(ctx, day)) days.unshift(day);
    const startD = days[0] ?? ctx.days - 1, endD = days[days.length - 1] ?? ctx.days - 1;
    const from = new Date(ctx.start + startD * DAY).toISOString().slice(0, 10), to = new Date(ctx.start + endD * DAY).toISOString().slice(0, 10);
    s.watchlists.set('CloudhopCloudAdminDevices', { header: ['HostName', 'Role', 'Notes'], rows: [[d.fqdn, 'Penetration test', `announced engagement ${from}..${to} by ${firm} (${tester.upn})`]] });
    // the pack's list of announced tests (docs/T1021.007/tuning-guide.md): the tester's account, workstation and egress IP
    const note = `${firm}; scope: Entra ID, Azure, AWS, GCP control planes`;
    s.watchlists.set('CloudhopAuthorizedTesting', { header: ['SearchKey', 'Kind', 'Start', 'End', 'Notes'], rows: [
      [tester.upn, 'account', `${from}T00:00:00Z`, `${to}T23:59:59Z`, note], [d.fqdn, 'host', `${from}T00:00:00Z`, `${to}T23:59:59Z`, note],
      [ip, 'ip', `${from}T00:00:00Z`, `${to}T23:59:59Z`, note]] });
    const core = (): boolean => rng.chance(0.6);
    const permSet = 'SecurityAudit';
    const acctId = org.aws.accounts[0]!.id;
    const project = org.gcp.projects[0]!;
    days.forEach((day, di) => {
      let t = localTime(ctx, day, 9 + rng.next());
      const shell = rng.pick(['WindowsTerminal.exe', 'pwsh.exe', 'Code.exe']);
      const signin = (tt: number, app: App, res: App, interactive: boolean, ua: string): void => {
        s.add(rows.signin({ t: tt, user: tester, app, resource: res, ip, interactive, ua, device: internal ? d : undefined, mfa: interactive, clientApp: 'Mobile Apps and Desktop clients' }));
      };
      // Azure CLI.
      for (const e of azProcess(ctx, d, acct, t, di === 0 ? 'login --use-device-code' : 'login', shell)) s.add(e, di === 0 ? `${tester.upn} on ${d.name}: az login (engagement day 1)` : undefined);
      signin(t + 30_000, APPS.azureCli, RESOURCES.arm, true, winUa(ctx, 'edge'));
      for (const cmd of rng.sample(['ad user list --query "[].userPrincipalName" -o tsv', 'role assignment list --all -o table', 'ad sp list --all --query "[].appId"', 'account get-access-token --resource-type ms-graph', 'keyvault list -o table', 'vm list -d -o table', 'ad app credential list --id ' + fakeGuid('app' + org.tenantId)], 4)) {
        t += rng.int(60_000, 600_000);
        for (const e of azProcess(ctx, d, acct, t, cmd, shell)) s.add(e);
        signin(t + 2_000, APPS.azureCli, cmd.startsWith('ad') || cmd.includes('ms-graph') ? RESOURCES.graph : RESOURCES.arm, false, azCliUa(ctx, d));
      }
      // PowerShell: Az, Microsoft Graph, recon modules.
      t += rng.int(10, 40) * MINUTE;
      const c1 = core();
      s.add(psProcess(ctx, d, acct, t, rng.pick(['Connect-AzAccount', 'Connect-AzAccount -UseDeviceAuthentication']), { core: c1, parent: shell }));
      signin(t + 20_000, APPS.azurePowerShell, RESOURCES.arm, true, psUa(ctx, c1));
      t += rng.int(5, 30) * MINUTE;
      s.add(psProcess(ctx, d, acct, t, 'Connect-MgGraph -Scopes "Directory.Read.All","Application.Read.All","RoleManagement.Read.Directory"; Get-MgUser -All | Export-Csv users.csv', { core: true, parent: shell }), di === 0 ? 'Connect-MgGraph and directory export' : undefined);
      signin(t + 20_000, APPS.graphCli, RESOURCES.graph, true, psUa(ctx, true));
      for (let k = 0; k < rng.int(2, 5); k++) signin(t + 60_000 + k * rng.int(60_000, 400_000), APPS.graphCli, RESOURCES.graph, false, psUa(ctx, true));
      t += rng.int(5, 30) * MINUTE;
      s.add(psProcess(ctx, d, acct, t, rng.pick([`Import-Module AADInternals; Invoke-AADIntReconAsOutsider -DomainName ${org.domain} | Format-Table`, `Import-Module AADInternals; Get-AADIntLoginInformation -UserName ${tester.upn}`, 'Import-Module .\\MicroBurst.psm1; Get-AzDomainInfo -folder out -Verbose']), { core: false, parent: shell }));
      s.add(rows.process({ t: t + rng.int(5, 20) * MINUTE, device: d, account: acct, file: 'python.exe', folder: `C:\\Users\\${tester.sam}\\AppData\\Local\\Programs\\Python\\Python312`, cmd: rng.pick(['python.exe -m roadtools.roadrecon.main auth --device-code', 'python.exe -m roadtools.roadrecon.main gather', `python.exe -m ScoutSuite azure --cli --report-dir C:\\pt\\scout-${from}`]), parent: { file: shell } }));
      // AWS through the IAM Identity Center app, read-only audit role.
      t += rng.int(10, 40) * MINUTE;
      for (const e of awsProcess(ctx, d, acct, t, 'sso login --profile audit', shell)) s.add(e);
      signin(t + 15_000, ssoApp(ctx, 'aws'), ssoApp(ctx, 'aws'), true, winUa(ctx, 'edge'));
      const ident = ssoIdentity(ctx, tester, permSet, t + 30_000, acctId);
      s.cloud.add(`${ssoRoleName(ctx, permSet)}/${tester.upn}`);
      for (const [cmd, src, name] of rng.sample([['sts get-caller-identity', 'sts.amazonaws.com', 'GetCallerIdentity'], ['iam get-account-authorization-details', 'iam.amazonaws.com', 'GetAccountAuthorizationDetails'], ['iam list-users', 'iam.amazonaws.com', 'ListUsers'], ['iam list-roles', 'iam.amazonaws.com', 'ListRoles'], ['ec2 describe-instances', 'ec2.amazonaws.com', 'DescribeInstances'], ['s3api list-buckets', 's3.amazonaws.com', 'ListBuckets']] as const, 4)) {
        t += rng.int(20_000, 300_000);
        for (const e of awsProcess(ctx, d, acct, t, `${cmd} --profile audit`, shell)) s.add(e);
        s.add(rows.cloudtrail({ t: t + 1_500, source: src, name, region: org.aws.homeRegion, ip, ua: awsCliUa(ctx, 'Windows', cmd.split(' ').slice(0, 2).join('.')), readOnly: true, recipient: acctId, identity: ident }));
      }
      // GCP with the tester's federated identity.
      t += rng.int(10, 40) * MINUTE;
      for (const e of gcloudProcess(ctx, d, acct, t, 'auth login --no-launch-browser', shell)) s.add(e);
      for (const [cmd, svc, method, perm] of rng.sample([['projects get-iam-policy ' + project, 'cloudresourcemanager.googleapis.com', 'GetIamPolicy', 'resourcemanager.projects.getIamPolicy'], ['iam service-accounts list', 'iam.googleapis.com', 'google.iam.admin.v1.ListServiceAccounts', 'iam.serviceAccounts.list'], ['compute instances list', 'compute.googleapis.com', 'v1.compute.instances.list', 'compute.instances.list']] as const, 2)) {
        t += rng.int(20_000, 300_000);
        for (const e of gcloudProcess(ctx, d, acct, t, cmd, shell)) s.add(e);
        s.add(rows.gcp({ t: t + 2_000, service: svc, method, principal: tester.upn, project, resource: `projects/${project}`, resourceType: 'project', ip, ua: gcloudUa(ctx, cmd.split(' ').slice(0, 3).join('.'), 'Windows'), permission: perm }));
      }
    });
    s.description = `${firm} runs an announced penetration test as ${tester.upn} from ${d.name} (${internal ? 'an admin workstation in the office' : `the tester's laptop on ${firm}'s network, ${ip}`}), ${from}..${to}: az / Az PowerShell / Microsoft Graph PowerShell sign-ins, AADInternals / ROADrecon / ScoutSuite recon, AWS through IAM Identity Center (SecurityAudit), gcloud. The host and account are listed in the watchlists CloudhopCloudAdminDevices and CloudhopAuthorizedTesting.`;
    s.window = { start: ctx.start + startD * DAY, end: ctx.start + (endD + 1) * DAY };
    return s;
  },
};
