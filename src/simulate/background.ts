/**
 * Background telemetry: what an ordinary tenant produces every hour. Volumes follow the org's
 * working day (local time, weekends quiet); machines (servers, cloud services) are flat. Counts per
 * table per hour are fixed up front (largest-remainder split of the total) so `--scale N` is exact.
 */
import type { Rng } from './rng.js';
import type { Device, User } from './org.js';
import { ipIn } from './org.js';
import type { SimEvent, TableName } from './rows.js';
import { accountOf, SYSTEM, rootAccount, fakeGuid } from './rows.js';
import { APPS, RESOURCES, type App } from './apps.js';
import { type SimContext, HOUR, DAY, ipOf, browserUaFor, mobileUa, isWeekend, boto3Ua, awsCliUa } from './context.js';
import { principalsOf, type Principals } from './principals.js';
import { passwordStep, pushStep } from './attacker.js';
import { samlFederationOf, samlSession, assumeRoleWithSamlSpec, awsSamlApp, SESSION_SECONDS, type SamlFederation } from './aws-federation.js';

/** Share of background rows per table. */
const SHARES: Readonly<Record<TableName, number>> = {
  DeviceProcessEvents: 0.5, AADNonInteractiveUserSignInLogs: 0.27, SigninLogs: 0.08, AuditLogs: 0.03, AWSCloudTrail: 0.08, GCPAuditLogs: 0.04,
  AADServicePrincipalSignInLogs: 0.025, AADManagedIdentitySignInLogs: 0.025,
};
const HUMAN: Readonly<Record<TableName, number>> = {
  DeviceProcessEvents: 0.7, AADNonInteractiveUserSignInLogs: 0.85, SigninLogs: 1, AuditLogs: 0.8, AWSCloudTrail: 0.1, GCPAuditLogs: 0.1,
  AADServicePrincipalSignInLogs: 0.2, AADManagedIdentitySignInLogs: 0.05,
};

/** Relative human activity at a local hour of a weekday / weekend day. */
function humanWeight(localHour: number, weekend: boolean): number {
  const h = ((localHour % 24) + 24) % 24;
  const day = h >= 8 && h < 17 ? 1 : h >= 7 && h < 19 ? 0.45 : h >= 6 && h < 22 ? 0.15 : 0.04;
  return weekend ? day * 0.12 + 0.01 : day;
}

/** Splits `total` into integer parts proportional to weights (largest remainder; deterministic). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1;
  return out;
}

type Proc = readonly [file: string, folder: string, cmd: (u: User, r: Rng) => string, parent: string, weight: number];
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';
const DOCS = ['Budget', 'Q3 review', 'Roadmap', 'Minutes', 'Proposal', 'Invoice', 'Forecast', 'Onboarding', 'Report', 'Contract'];
const WS_PROCS: readonly Proc[] = [
  ['chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application', (_u, r) => `"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US --renderer-client-id=${r.int(5, 400)}`, 'chrome.exe', 14],
  ['msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', (_u, r) => `"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --field-trial-handle=${r.int(1000, 9000)}`, 'msedge.exe', 12],
  ['OUTLOOK.EXE', OFFICE, () => `"${OFFICE}\\OUTLOOK.EXE" `, 'explorer.exe', 3],
  ['ms-teams.exe', 'C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe', () => '"ms-teams.exe" --process-start-reason=startup', 'explorer.exe', 3],
  ['WINWORD.EXE', OFFICE, (u, r) => `"${OFFICE}\\WINWORD.EXE" /n "C:\\Users\\${u.sam}\\OneDrive\\Documents\\${r.pick(DOCS)} ${r.int(1, 40)}.docx" /o ""`, 'explorer.exe', 3],
  ['EXCEL.EXE', OFFICE, (u, r) => `"${OFFICE}\\EXCEL.EXE" "C:\\Users\\${u.sam}\\OneDrive\\Documents\\${r.pick(DOCS)}.xlsx"`, 'explorer.exe', 3],
  ['OneDrive.exe', 'C:\\Program Files\\Microsoft OneDrive', () => '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background', 'explorer.exe', 2],
  ['notepad.exe', 'C:\\Windows\\System32', (u) => `"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\${u.sam}\\Desktop\\notes.txt`, 'explorer.exe', 1],
  ['SearchProtocolHost.exe', 'C:\\Windows\\System32', () => '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe5_ Global\\UsGthrCtrlFltPipeMssGthrPipe5 1 -2147483646 "Software\\Microsoft\\Windows Search"', 'SearchIndexer.exe', 4],
  ['backgroundTaskHost.exe', 'C:\\Windows\\System32', () => '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider', 'svchost.exe', 4],
  ['RuntimeBroker.exe', 'C:\\Windows\\System32', () => 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding', 'svchost.exe', 4],
  ['taskhostw.exe', 'C:\\Windows\\System32', () => 'taskhostw.exe Install $(Arg0)', 'svchost.exe', 2],
  ['conhost.exe', 'C:\\Windows\\System32', () => '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', 'cmd.exe', 2],
  ['cmd.exe', 'C:\\Windows\\System32', (_u, r) => `"C:\\Windows\\system32\\cmd.exe" /c ${r.pick(['ipconfig /all', 'ping -n 2 intranet', 'net use', 'whoami', 'gpupdate /force', 'echo %USERNAME%'])}`, 'explorer.exe', 1],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', (_u, r) => `powershell.exe -NoProfile -Command "${r.pick(['Get-Process | Sort-Object CPU -Descending | Select-Object -First 5', 'Get-ChildItem $env:TEMP | Measure-Object', 'Test-NetConnection intranet -Port 443', 'Get-Printer'])}"`, 'explorer.exe', 1],
  ['Teams.exe', 'C:\\Users\\Public', () => 'Teams.exe --system-initiated', 'explorer.exe', 0],
];
const DEV_PROCS: readonly Proc[] = [
  ['Code.exe', 'C:\\Program Files\\Microsoft VS Code', () => '"C:\\Program Files\\Microsoft VS Code\\Code.exe" --type=utility --utility-sub-type=node.mojom.NodeService', 'Code.exe', 5],
  ['git.exe', 'C:\\Program Files\\Git\\cmd', (_u, r) => `git ${r.pick(['pull --rebase', 'status', 'fetch --all --prune', 'push origin HEAD', `checkout -b feature/${r.hex(6)}`, 'commit -m "wip"', 'log --oneline -n 20'])}`, 'Code.exe', 5],
  ['python.exe', 'C:\\Users\\Public\\AppData\\Local\\Programs\\Python\\Python312', (_u, r) => `python.exe -m ${r.pick(['pytest -q', 'pip install -r requirements.txt', 'black .', 'venv .venv'])}`, 'powershell.exe', 2],
  ['node.exe', 'C:\\Program Files\\nodejs', (_u, r) => `"C:\\Program Files\\nodejs\\node.exe" ${r.pick(['node_modules\\.bin\\tsc -p .', 'node_modules\\jest\\bin\\jest.js', 'server.js'])}`, 'cmd.exe', 2],
  ['docker.exe', 'C:\\Program Files\\Docker\\Docker\\resources\\bin', (_u, r) => `docker ${r.pick(['ps', 'build -t app:dev .', 'compose up -d', 'images'])}`, 'powershell.exe', 1],
  ['ssh.exe', 'C:\\Windows\\System32\\OpenSSH', (_u, r) => `ssh -i ~/.ssh/id_ed25519 deploy@10.${r.int(0, 40)}.${r.int(0, 255)}.${r.int(1, 254)}`, 'powershell.exe', 1],
];
const IT_PROCS: readonly Proc[] = [
  ['mmc.exe', 'C:\\Windows\\System32', () => '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\dsa.msc"', 'explorer.exe', 2],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', (_u, r) => `powershell.exe -Command "${r.pick(['Get-ADUser -Filter * -SearchBase', 'Get-ADComputer -Filter {OperatingSystem -like \'*Server*\'}', 'Get-ADGroupMember \'Domain Admins\'', 'Get-Service -ComputerName SRV', 'Restart-Service Spooler'])}"`, 'explorer.exe', 2],
  ['mstsc.exe', 'C:\\Windows\\System32', (_u, r) => `"C:\\Windows\\system32\\mstsc.exe" /v:10.${r.int(0, 40)}.${r.int(0, 255)}.${r.int(1, 254)}`, 'explorer.exe', 1],
];
const SRV_PROCS: readonly Proc[] = [
  ['svchost.exe', 'C:\\Windows\\System32', (_u, r) => `C:\\Windows\\system32\\svchost.exe -k ${r.pick(['netsvcs -p -s Schedule', 'LocalServiceNetworkRestricted -p', 'wsappx -p -s AppXSvc', 'DcomLaunch -p'])}`, 'services.exe', 6],
  ['WmiPrvSE.exe', 'C:\\Windows\\System32\\wbem', () => 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', 'svchost.exe', 5],
  ['w3wp.exe', 'C:\\Windows\\System32\\inetsrv', (_u, r) => `c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "${r.pick(['DefaultAppPool', 'Intranet', 'API'])}" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm${r.guid()}`, 'svchost.exe', 2],
  ['sqlservr.exe', 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn', () => '"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER', 'services.exe', 1],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', (_u, r) => `powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\Scripts\\${r.pick(['Backup-Logs.ps1', 'Cleanup-Temp.ps1', 'Inventory.ps1', 'Rotate-IISLogs.ps1'])}`, 'svchost.exe', 2],
  ['MonitoringHost.exe', 'C:\\Program Files\\Microsoft Monitoring Agent\\Agent', () => '"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\MonitoringHost.exe" -Embedding', 'HealthService.exe', 2],
  ['conhost.exe', 'C:\\Windows\\System32', () => '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', 'powershell.exe', 3],
];
const LINUX_PROCS: readonly Proc[] = [
  ['bash', '/usr/bin', (_u, r) => `/bin/bash -c ${r.pick(['"/usr/local/bin/healthcheck.sh"', '"logrotate /etc/logrotate.conf"', '"df -h"', '"systemctl is-active app"'])}`, 'cron', 4],
  ['python3', '/usr/bin', (_u, r) => `/usr/bin/python3 /opt/app/${r.pick(['worker.py', 'ingest.py', 'report.py'])}`, 'systemd', 3],
  ['curl', '/usr/bin', (_u, r) => r.pick(['curl -s http://localhost:8080/healthz', 'curl -s http://169.254.169.254/latest/meta-data/instance-id', 'curl -s http://169.254.169.254/latest/meta-data/placement/region', 'curl -sf http://127.0.0.1:9100/metrics']), 'bash', 3],
  ['sshd', '/usr/sbin', () => 'sshd: ec2-user [priv]', 'sshd', 1],
  ['cron', '/usr/sbin', () => '/usr/sbin/CRON -f -P', 'cron', 2],
  ['java', '/usr/lib/jvm/java-17-amazon-corretto/bin', () => 'java -Xmx2g -jar /opt/app/service.jar --spring.profiles.active=prod', 'systemd', 1],
];

const FAILS = ['50126', '50074', '50140', '50055', '53003', '500121', '50076', '16000'];
const FAIL_W = [30, 25, 20, 3, 6, 6, 8, 3];

function cumulative(ws: readonly number[]): Float64Array {
  const c = new Float64Array(ws.length);
  let s = 0;
  ws.forEach((w, i) => { s += w; c[i] = s; });
  return c;
}
function pickCum<T>(xs: readonly T[], cum: Float64Array, r: Rng): T {
  const x = r.next() * cum[cum.length - 1]!;
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const m = (lo + hi) >> 1; if (cum[m]! > x) hi = m; else lo = m + 1; }
  return xs[lo]!;
}

export class Background {
  /** counts[table][hour] */
  readonly counts: Record<TableName, number[]>;
  private readonly peopleCum: Float64Array;
  private readonly people: readonly User[];
  private readonly rng: Rng;
  private readonly principals: Principals;
  private readonly fed: SamlFederation;
  private readonly awsApp: App;
  /** Start of each person's current AWS role session (SAML federation). */
  private readonly samlSessions = new Map<string, number>();
  private readonly spCum: Float64Array;
  private readonly miCum: Float64Array;

  constructor(private readonly ctx: SimContext, total: number) {
    this.rng = ctx.rng.fork('background');
    const hours = ctx.days * 24;
    const tableTotals = allocate(total, Object.values(SHARES));
    this.counts = {} as Record<TableName, number[]>;
    (Object.keys(SHARES) as TableName[]).forEach((t, i) => {
      const w: number[] = [];
      for (let h = 0; h < hours; h++) {
        const day = Math.floor(h / 24);
        const human = humanWeight((h % 24) + ctx.tz, isWeekend(ctx, day));
        w.push(HUMAN[t] * human + (1 - HUMAN[t]) * 0.35);
      }
      this.counts[t] = allocate(tableTotals[i]!, w);
    });
    this.people = [...ctx.org.people, ...ctx.org.guests];
    this.peopleCum = cumulative(this.people.map((u) => u.activity));
    this.principals = principalsOf(ctx.org);
    this.fed = samlFederationOf(ctx.org);
    this.awsApp = awsSamlApp(ctx.org);
    this.spCum = cumulative(this.principals.sps.map((p) => p.perDay));
    this.miCum = cumulative(this.principals.mis.map((p) => p.perDay));
  }

  /**
   * The plan of hour `h` (0-based from the start): each background event's table and time, in time
   * order. Rows are built later, slice by slice (`build`), so memory does not grow with the rate.
   */
  planHour(h: number): { tables: Uint8Array; times: Float64Array } {
    const t0 = this.ctx.start + h * HOUR;
    const names = Object.keys(this.counts) as TableName[];
    let n = 0;
    for (const t of names) n += this.counts[t][h]!;
    const tables = new Uint8Array(n), times = new Float64Array(n);
    let k = 0;
    names.forEach((t, ti) => { for (let i = 0; i < this.counts[t][h]!; i++) { tables[k] = ti; times[k] = t0 + this.rng.int(0, HOUR - 1); k++; } });
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
    return { tables: Uint8Array.from(order, (i) => tables[i]!), times: Float64Array.from(order, (i) => times[i]!) };
  }

  /** Builds one planned event (table index as in planHour). */
  build(tableIndex: number, t: number): SimEvent {
    return this.event((Object.keys(this.counts) as TableName[])[tableIndex]!, t);
  }

  private person(t: number): User {
    const r = this.rng;
    for (let k = 0; ; k++) {
      const u = pickCum(this.people, this.peopleCum, r);
      if (k >= 3) return u;
      const local = (((t - this.ctx.start) % DAY) / HOUR + this.ctx.tz + 24) % 24;
      if (local >= u.workStart - 1 && local < u.workEnd + 1) return u;
    }
  }

  private event(table: TableName, t: number): SimEvent {
    switch (table) {
      case 'DeviceProcessEvents': return this.process(t);
      case 'SigninLogs': return this.signin(t, true);
      case 'AADNonInteractiveUserSignInLogs': return this.signin(t, false);
      case 'AuditLogs': return this.audit(t);
      case 'AWSCloudTrail': return this.trail(t);
      case 'GCPAuditLogs': return this.gcp(t);
      case 'AADServicePrincipalSignInLogs': return this.spSignin(t);
      case 'AADManagedIdentitySignInLogs': return this.miSignin(t);
    }
  }

  /** A service principal's token request, from where it runs, at its own rate. */
  private spSignin(t: number): SimEvent {
    const r = this.rng;
    const sp = pickCum(this.principals.sps, this.spCum, r);
    const fail = r.chance(0.006);
    return this.ctx.rows.principalSignin({
      t, kind: 'sp', principal: sp, resource: r.pick(sp.resources), ip: r.pick(sp.ips), result: fail ? r.pick(['7000222', '7000215']) : '0',
      credential: { type: sp.credential.type, keyId: sp.credential.keyId, thumbprint: sp.credential.thumbprint }, library: sp.library,
    });
  }

  /** A managed identity's token request from its Azure resource. */
  private miSignin(t: number): SimEvent {
    const r = this.rng;
    const mi = pickCum(this.principals.mis, this.miCum, r);
    return this.ctx.rows.principalSignin({ t, kind: 'mi', principal: mi, resource: r.pick(mi.resources), ip: r.pick(mi.ips), msi: { type: mi.msiType, resourceId: mi.resourceId }, sourceAppClientId: mi.appId });
  }

  private process(t: number): SimEvent {
    const { org, rows } = this.ctx;
    const r = this.rng;
    const local = (((t - this.ctx.start) % DAY) / HOUR + this.ctx.tz + 24) % 24;
    const humanShare = 0.7 * humanWeight(local, false) / (0.7 * humanWeight(local, false) + 0.3 * 0.35);
    if (r.chance(humanShare)) {
      const u = this.person(t);
      const d = u.device;
      if (d && u.source !== 'guest') {
        const pool = u.groups.includes('devops') && r.chance(0.4) ? DEV_PROCS : u.groups.includes('it') && r.chance(0.2) ? IT_PROCS : WS_PROCS;
        const [file, folder, cmd, parent] = r.weighted(pool, pool.map((p) => p[4]));
        if (d.os === 'macOS') {
          return rows.process({ t, device: d, account: accountOf(org, u), file: file.replace(/\.exe$/i, '').toLowerCase(), folder: '/Applications', cmd: cmd(u, r).replace(/"C:\\[^"]*\\/g, '"/Applications/'), parent: { file: 'launchd' } });
        }
        return rows.process({ t, device: d, account: accountOf(org, u), file, folder, cmd: cmd(u, r), parent: { file: parent } });
      }
    }
    const hosts: Device[] = [...org.servers, ...org.aws.instances.map((i) => i.device), ...org.buildAgents];
    const d = r.pick(hosts);
    const pool = d.os === 'Linux' ? LINUX_PROCS : SRV_PROCS;
    const [file, folder, cmd, parent] = r.weighted(pool, pool.map((p) => p[4]));
    const acct = d.os === 'Linux' ? rootAccount() : SYSTEM;
    return rows.process({ t, device: d, account: acct, file, folder, cmd: cmd(org.people[0]!, r), parent: { file: parent }, integrity: d.os === 'Linux' ? undefined : 'System' });
  }

  private signin(t: number, interactive: boolean): SimEvent {
    const { rows } = this.ctx;
    const r = this.rng;
    const u = this.person(t);
    const mobile = r.chance(0.12);
    const ip = mobile ? ipIn(u.carrier, r) : u.source === 'guest' ? u.homeIp : ipOf(this.ctx, u, t, r);
    let app: App, res: App;
    let protocol: string | undefined;
    if (interactive) {
      const choice = r.weighted(['officeHome', 'office', 'teams', 'myApps', 'portal', 'wcss', 'aws'] as const, [30, 25, 20, 8, u.groups.includes('it') || u.groups.includes('devops') ? 8 : 1, 8, u.groups.includes('devops') ? 6 : 0]);
      app = choice === 'officeHome' ? APPS.officeHome : choice === 'office' ? APPS.office : choice === 'teams' ? APPS.teams : choice === 'myApps' ? APPS.myApps : choice === 'portal' ? APPS.azurePortal : choice === 'aws' ? this.awsApp : APPS.wcss;
      res = choice === 'portal' ? RESOURCES.arm : choice === 'teams' ? RESOURCES.teamsSvc : choice === 'office' ? RESOURCES.exchange : choice === 'aws' ? this.awsApp : RESOURCES.officePortal;
      if (choice === 'aws') protocol = 'saml20';
    } else {
      app = mobile ? APPS.outlookMobile : r.pick([APPS.teams, APPS.office, APPS.oneDrive, APPS.authBroker, APPS.office]);
      res = r.pick([RESOURCES.exchange, RESOURCES.sharepoint, RESOURCES.graph, RESOURCES.teamsSvc]);
    }
    const fail = interactive ? r.chance(0.09) : r.chance(0.015);
    const result = !fail ? '0' : interactive ? r.weighted(FAILS, FAIL_W) : r.pick(['50173', '70044', '700082', '50089']);
    const ua = mobile ? mobileUa(this.ctx, r) : interactive ? browserUaFor(this.ctx, u.device, r) : `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ${app === APPS.teams ? 'Teams/24295.605.3225.8804' : 'Microsoft Office/16.0'}`;
    // What Entra records of the steps: the password, then the push when MFA is asked (a few users decline or miss one).
    let authDetails: Record<string, unknown>[] | undefined, statusDetail: string | undefined, mfaMethod: string | undefined;
    const mfa = interactive && r.chance(0.35);
    if (interactive && result !== '50126') {
      authDetails = [passwordStep(t - r.int(3000, 20_000))];
      if (result === '500121') {
        const how = r.chance(0.5) ? 'denied' as const : 'unanswered' as const;
        authDetails.push(pushStep(t, how));
        statusDetail = how === 'denied' ? 'MFA denied; user declined the authentication' : 'MFA denied; user did not respond to mobile app notification';
        mfaMethod = 'Mobile app notification';
      } else if (mfa && result === '0') authDetails.push(pushStep(t - 1000, 'approved'));
    }
    return rows.signin({
      t, user: u, app, resource: res, ip, interactive, result, ua, authDetails, statusDetail, mfaMethod,
      requirement: result === '500121' || result === '50074' || result === '50076' ? 'multiFactorAuthentication' : undefined, device: mobile || u.source === 'guest' ? undefined : u.device,
      os: mobile ? (ua.includes('iPhone') ? 'Ios' : 'Android') : undefined,
      browser: interactive && !mobile ? (ua.includes('Edg/') ? 'Edge' : ua.includes('Firefox') ? 'Firefox' : 'Chrome') : undefined,
      mfa, clientApp: interactive ? 'Browser' : 'Mobile Apps and Desktop clients', protocol,
      network: ip === u.office.egress[0] || u.office.egress.includes(ip) ? [{ networkType: 'namedNetwork', networkNames: [`${u.office.city.city} office`] }] : [],
      // A browser or app session lasts the day: the same SessionId appears from office, home and the phone's carrier.
      sessionId: fakeGuid(`${u.id}:${mobile ? 'phone' : 'desk'}:${Math.floor((t - this.ctx.start) / DAY)}`),
    });
  }

  private audit(t: number): SimEvent {
    const { rows, org } = this.ctx;
    const r = this.rng;
    const u = this.person(t);
    const kind = r.weighted(['secinfo', 'devupd', 'selfpw', 'group', 'license', 'consent', 'sts', 'devreg'] as const, [20, 30, 5, 15, 10, 3, 5, 2]);
    const target = { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] as unknown[] };
    const ip = ipOf(this.ctx, u, t, r);
    switch (kind) {
      case 'secinfo':
        return rows.audit({ t, op: 'User registered security info', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [target], service: 'Authentication Methods', details: [{ key: 'Method', value: r.pick(['Microsoft Authenticator App', 'Phone', 'FIDO2 security key']) }] });
      case 'devupd': {
        const d = u.device;
        return rows.audit({ t, op: 'Update device', category: 'Device', opType: 'Update', initiator: { app: { name: 'Device Registration Service', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' } }, targets: [{ id: d?.aadDeviceId ?? r.guid(), displayName: d?.name ?? 'Unknown', type: 'Device', modifiedProperties: [{ displayName: 'ApproximateLastLogonTimestamp', oldValue: null, newValue: null }] }] });
      }
      case 'selfpw':
        return rows.audit({ t, op: 'Change password (self-service)', category: 'UserManagement', opType: 'Update', initiator: { user: u, ip }, targets: [target], service: 'Self-service Password Management' });
      case 'group': {
        const admin = r.pick(org.cloudAdmins.length ? org.cloudAdmins : org.itStaff);
        return rows.audit({ t, op: 'Add member to group', category: 'GroupManagement', opType: 'Assign', initiator: { user: admin, ip: admin.office.egress[0]! }, targets: [target, { id: r.guid(), displayName: `${r.pick(['Sales', 'Finance', 'HR', 'Engineering', 'Marketing', 'Support'])}-${r.pick(['Team', 'All', 'Leads', 'Readers'])}`, type: 'Group', modifiedProperties: [] }] });
      }
      case 'license':
        return rows.audit({ t, op: 'Change user license', category: 'UserManagement', opType: 'Update', initiator: { app: { name: 'Microsoft Online Services' } }, targets: [target] });
      case 'consent':
        return rows.audit({ t, op: 'Consent to application', category: 'ApplicationManagement', opType: 'Assign', initiator: { user: u, ip }, targets: [{ id: r.guid(), displayName: r.pick(['Zoom', 'Adobe Acrobat', 'Miro', 'Slack', 'Calendly', 'Grammarly']), type: 'ServicePrincipal', modifiedProperties: [{ displayName: 'ConsentAction.Permissions', oldValue: null, newValue: 'Scope: User.Read openid profile email offline_access' }] }] });
      case 'sts':
        return rows.audit({ t, op: 'Update StsRefreshTokenValidFrom Timestamp', category: 'UserManagement', opType: 'Update', initiator: { app: { name: 'Microsoft Substrate Management' } }, targets: [target] });
      case 'devreg': {
        // Someone enrols a new phone (Company Portal / Authenticator): the device is registered to them.
        const os = r.pick(['iOS', 'Android']);
        const name = os === 'iOS' ? `iPhone` : r.pick(['Galaxy S24', 'Pixel 8', 'SM-S911B', 'moto g84']);
        const devId = r.guid();
        return rows.audit({ t, op: r.pick(['Register device', 'Add registered owner to device', 'Add device']), category: 'Device', opType: 'Add', initiator: { user: u, ip }, service: 'Device Registration Service',
          targets: [{ id: devId, displayName: name, type: 'Device', modifiedProperties: [{ displayName: 'CloudDeviceOSType', oldValue: '[]', newValue: `["${os}"]` }, { displayName: 'CloudDeviceTrustType', oldValue: '[]', newValue: '["Workplace"]' }] }],
          details: [{ key: 'Device Id', value: devId }, { key: 'Device OS', value: os }, { key: 'Device Trust Type', value: 'Workplace' }] });
      }
    }
  }

  private trail(t: number): SimEvent {
    const { rows, org } = this.ctx;
    const r = this.rng;
    const kind = r.weighted(['instance', 'service', 'config', 'saml'] as const, [60, 25, 15, 16]);
    if (kind === 'saml') {
      // People federate during their working day; outside it the slot goes to the machines.
      const day = Math.floor((t - this.ctx.start) / DAY);
      const local = (((t - this.ctx.start) % DAY) / HOUR + this.ctx.tz + 24) % 24;
      if (!isWeekend(this.ctx, day) && local >= 7.5 && local < 19) return this.samlUse(t);
    }
    if (kind === 'saml' || kind === 'instance') {
      const inst = r.pick(org.aws.instances);
      const [src, name, ro] = r.pick([
        ['kms.amazonaws.com', 'Decrypt', true], ['secretsmanager.amazonaws.com', 'GetSecretValue', true], ['ssm.amazonaws.com', 'GetParameter', true],
        ['logs.amazonaws.com', 'CreateLogStream', false], ['ec2.amazonaws.com', 'DescribeTags', true], ['sqs.amazonaws.com', 'GetQueueAttributes', true],
        ['dynamodb.amazonaws.com', 'DescribeTable', true], ['ecr.amazonaws.com', 'GetAuthorizationToken', true],
      ] as const);
      return rows.cloudtrail({
        t, source: src, name, region: inst.region, ip: inst.publicIp, ua: r.chance(0.7) ? boto3Ua(this.ctx) : `aws-sdk-java/2.25.${r.int(1, 60)} Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy`,
        readOnly: ro, recipient: inst.accountId, identity: instanceIdentity(inst, t - r.int(60_000, 5 * HOUR)),
        request: name === 'GetParameter' ? { name: `/app/${r.pick(['db', 'api', 'cache'])}/endpoint`, withDecryption: false } : name === 'Decrypt' ? { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' } : undefined,
      });
    }
    if (kind === 'service') {
      const inst = r.pick(org.aws.instances);
      return rows.cloudtrail({
        t, source: 'sts.amazonaws.com', name: 'AssumeRole', type: 'AwsApiCall', region: inst.region, ip: 'ec2.amazonaws.com', ua: 'ec2.amazonaws.com', readOnly: true, recipient: inst.accountId,
        identity: { type: 'AWSService', arn: '', principalId: '', accountId: '', invokedBy: 'ec2.amazonaws.com' },
        request: { roleArn: `arn:aws:iam::${inst.accountId}:role/${inst.role}`, roleSessionName: inst.instanceId },
        response: { credentials: { accessKeyId: `ASIA${r.alnum(16)}`, expiration: new Date(t + 6 * HOUR).toUTCString() }, assumedRoleUser: { arn: `arn:aws:sts::${inst.accountId}:assumed-role/${inst.role}/${inst.instanceId}`, assumedRoleId: `${inst.roleId}:${inst.instanceId}` } },
      });
    }
    const acct = r.pick(org.aws.accounts);
    const [src, name] = r.pick([['config.amazonaws.com', 'DescribeConfigurationRecorders'], ['ec2.amazonaws.com', 'DescribeSecurityGroups'], ['s3.amazonaws.com', 'GetBucketAcl'], ['iam.amazonaws.com', 'GetRole']] as const);
    return rows.cloudtrail({
      t, source: src, name, region: org.aws.homeRegion, ip: 'config.amazonaws.com', ua: 'config.amazonaws.com', readOnly: true, recipient: acct.id,
      identity: { type: 'AssumedRole', arn: `arn:aws:sts::${acct.id}:assumed-role/AWSServiceRoleForConfig/${r.digits(19)}`, principalId: `AROA${acct.id.slice(0, 6)}CONFIGROLE:${r.digits(19)}`, accountId: acct.id, invokedBy: 'config.amazonaws.com',
        session: { issuerType: 'Role', issuerArn: `arn:aws:iam::${acct.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, issuerName: 'AWSServiceRoleForConfig', issuerPrincipalId: `AROA${acct.id.slice(0, 6)}CONFIGROLE`, created: t - HOUR, mfa: false } },
    });
  }

  /**
   * Direct SAML federation into AWS: a person opens a role session (AssumeRoleWithSAML from where
   * they are), then uses it for up to 12 hours from wherever they are then (office, home, phone
   * tether). Admin roles now and then change IAM (access keys, policies, users).
   */
  private samlUse(t: number): SimEvent {
    const { rows, org } = this.ctx;
    const r = this.rng;
    const fed = this.fed;
    const { user, role } = r.pick(fed.users);
    const ip = ipOf(this.ctx, user, t, r);
    const live = this.samlSessions.get(user.id);
    if (!live || t - live > SESSION_SECONDS * 1000 - 5 * 60_000 || r.chance(0.08)) {
      this.samlSessions.set(user.id, t);
      return rows.cloudtrail(assumeRoleWithSamlSpec(org, fed, user, role, t, ip, browserUaFor(this.ctx, user.device, r), `${r.guid()}`));
    }
    const ident = samlSession(fed, user, role, live);
    const viaConsole = r.chance(0.5);
    const ua = viaConsole ? 'AWS Internal' : awsCliUa(this.ctx, user.device?.os ?? 'Windows', 'ec2.describe-instances');
    if (role.admin && r.chance(0.06)) {
      const svcUser = `svc-${r.pick(['backup', 'reporting', 'etl', 'monitoring', 'deploy'])}`;
      const [name, request] = r.pick([
        ['CreateAccessKey', { userName: svcUser }], ['AttachUserPolicy', { userName: svcUser, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        ['PutUserPolicy', { userName: svcUser, policyName: 's3-read', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}' }],
        ['CreateUser', { userName: `${svcUser}-${r.int(2, 9)}` }], ['DeleteAccessKey', { userName: svcUser, accessKeyId: `AKIA${r.alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}` }],
      ] as const);
      return rows.cloudtrail({ t, source: 'iam.amazonaws.com', name, region: 'us-east-1', ip, ua, readOnly: false, recipient: fed.accountId, identity: ident, request });
    }
    const [src, name] = r.pick([
      ['ec2.amazonaws.com', 'DescribeInstances'], ['s3.amazonaws.com', 'ListBuckets'], ['cloudformation.amazonaws.com', 'DescribeStacks'],
      ['logs.amazonaws.com', 'FilterLogEvents'], ['lambda.amazonaws.com', 'ListFunctions20150331'], ['iam.amazonaws.com', 'GetRole'],
      ['cloudwatch.amazonaws.com', 'GetMetricData'], ['rds.amazonaws.com', 'DescribeDBInstances'],
    ] as const);
    return rows.cloudtrail({ t, source: src, name, region: org.aws.homeRegion, ip, ua, readOnly: true, recipient: fed.accountId, identity: ident });
  }

  private gcp(t: number): SimEvent {
    const { rows, org } = this.ctx;
    const r = this.rng;
    const sa = r.pick(org.gcp.serviceAccounts);
    const project = sa.split('@')[1]!.split('.')[0]!;
    const [service, method, perm, rtype] = r.pick([
      ['storage.googleapis.com', 'storage.objects.get', 'storage.objects.get', 'gcs_bucket'],
      ['compute.googleapis.com', 'v1.compute.instances.list', 'compute.instances.list', 'gce_instance'],
      ['bigquery.googleapis.com', 'google.cloud.bigquery.v2.JobService.InsertJob', 'bigquery.jobs.create', 'bigquery_project'],
      ['pubsub.googleapis.com', 'google.pubsub.v1.Publisher.Publish', 'pubsub.topics.publish', 'pubsub_topic'],
      ['cloudkms.googleapis.com', 'Decrypt', 'cloudkms.cryptoKeyVersions.useToDecrypt', 'cloudkms_cryptokey'],
    ] as const);
    return rows.gcp({
      t, service, method, principal: sa, project, resource: `projects/${project}/${rtype === 'gcs_bucket' ? `buckets/${project}-data/objects/part-${r.int(0, 999)}` : `zones/${org.gcp.region}-a`}`,
      resourceType: rtype, ip: ipIn(org.gcp.net, r), ua: r.pick(['google-api-go-client/0.5', `gcloud-python/${r.int(2, 3)}.${r.int(0, 20)}.0 gl-python/${this.ctx.v.python}`, 'grpc-java-netty/1.62.2']), permission: perm,
    });
  }
}

export function instanceIdentity(inst: { accountId: string; role: string; roleId: string; instanceId: string }, created: number, accessKeyId?: string) {
  return {
    type: 'AssumedRole', arn: `arn:aws:sts::${inst.accountId}:assumed-role/${inst.role}/${inst.instanceId}`, principalId: `${inst.roleId}:${inst.instanceId}`,
    accountId: inst.accountId, accessKeyId: accessKeyId ?? `ASIA${inst.roleId.slice(4, 20)}`,
    session: { issuerType: 'Role', issuerArn: `arn:aws:iam::${inst.accountId}:role/${inst.role}`, issuerName: inst.role, issuerPrincipalId: inst.roleId, created, mfa: false, ec2RoleDelivery: '2.0' },
  };
}
