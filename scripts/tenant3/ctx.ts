import { Rng } from './rng.js';
import type { Org, User, Device, Server } from './org.js';
import type { Place } from './net.js';
import { Sink, DAY, HOUR, MIN } from './sink.js';
import { signIn, proc, cloudTrail, gcpEntry, appSignIn, audit, type SignIn, type Proc, type Ct, type Gcp, type AppSignIn, type Audit, type Who } from './records.js';
import { APP, RES, type AppRef } from './apps.js';

/**
 * What the background, benign and attack parts share: the organisation, the sink, a random stream
 * per part, and the recurring pieces of behaviour (a user's sign-in, a token refresh, a cloud CLI run
 * on a host, an AWS SAML session, a GCP call) so every part produces them the same way.
 */
export class Ctx {
  constructor(readonly org: Org, readonly sink: Sink, readonly r: Rng) {}
  fork(label: string): Ctx { return new Ctx(this.org, this.sink, new Rng(this.org.seed, label)); }

  day(d: number): number { return this.org.start + d * DAY; }
  /** UTC time of local hour h on day d in home country k. */
  local(d: number, h: number, home: number): number { return this.day(d) + (h - this.org.homes[home]!.tz) * HOUR; }
  weekday(d: number): number { return new Date(this.day(d) + 12 * HOUR).getUTCDay(); }
  isWorkday(d: number): boolean { const w = this.weekday(d); return w !== 0 && w !== 6; }
  /** The named location update after the egress change lands a few hours into the change day. */
  trustUpdate(): number { return this.local(this.org.egressChangeDay, 10.5, 0); }
  egress(home: number, t: number, vpn = false): Place {
    const o = this.org.offices[home]!;
    const after = t >= this.local(this.org.egressChangeDay, 0, home);
    return (after ? o.after : o.before)[vpn ? 1 : 0]!;
  }
  /** Name of the trusted named location an address belongs to at time t ('' when untrusted). */
  trusted(ip: string, t: number): string {
    for (const [i, o] of this.org.offices.entries()) {
      if (o.before.some((p) => p.ip === ip) && t < this.trustUpdate() + 2 * DAY) return `${this.org.short} ${o.city.city} ${i === 0 ? 'HQ' : 'Office'}`;
      if (o.after.some((p) => p.ip === ip) && t >= this.trustUpdate()) return `${this.org.short} ${o.city.city} ${i === 0 ? 'HQ' : 'Office'}`;
    }
    return '';
  }
  who(u: User): Who { return { upn: u.upn, display: u.display, objectId: u.objectId }; }

  // ---- emitters ----
  signIn(s: Omit<SignIn, 'trusted'> & { trusted?: string }, step?: string): void {
    const rec = signIn(this.org, this.r, { ...s, trusted: s.trusted ?? this.trusted(s.at.ip, s.t) });
    this.sink.add(s.interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs', s.t, rec, step);
  }
  appSignIn(s: AppSignIn, step?: string): void { this.sink.add(s.table, s.t, appSignIn(this.org, this.r, s), step); }
  audit(a: Audit, step?: string): void { this.sink.add('AuditLogs', a.t, audit(this.org, this.r, a), step); }
  proc(p: Proc, step?: string): void { this.sink.add('DeviceProcessEvents', p.t, proc(this.org, this.r, p), step); }
  ct(c: Ct, step?: string): void { this.sink.add('AWSCloudTrail', c.t, cloudTrail(this.r, c), step); }
  gcp(g: Gcp, step?: string): void { this.sink.add('GCPAuditLogs', g.t, gcpEntry(this.r, g), step); }

  // ---- behaviour pieces ----
  /** Interactive sign-in then a few token refreshes in the same session. Returns the session id. */
  session(u: User, t: number, at: Place, o: { app?: AppRef; res?: AppRef; device?: SignIn['device']; ua?: string; mfa?: SignIn['mfa']; session?: string; refreshes?: number; spanMin?: number; result?: string; risk?: SignIn['risk']; protocol?: string; step?: string; refreshStep?: string; refreshAt?: Place } = {}): string {
    const session = o.session ?? this.r.uuid();
    const dev = o.device === undefined ? u.device : o.device;
    const ua = o.ua ?? browserUa(dev?.os ?? 'Windows', this.r);
    const trusted = this.trusted(at.ip, t);
    const mfa = o.mfa ?? (trusted ? 'none' : 'claim');
    this.signIn({ t, who: this.who(u), app: o.app ?? APP.officeHome, res: o.res ?? RES.graph, at, ua, interactive: true, device: dev, mfa, session, corr: this.r.uuid(), uti: this.r.token(), result: o.result, risk: o.risk, protocol: o.protocol }, o.step);
    if ((o.result ?? '0') !== '0') return session;
    const n = o.refreshes ?? this.r.int(1, 3);
    for (let i = 0; i < n; i++) {
      const tt = t + (i + 1) * ((o.spanMin ?? 40) * MIN / Math.max(1, n)) + this.r.int(0, 300000);
      const [app, res] = this.r.pick([[APP.office, RES.exchange], [APP.teams, RES.teams], [APP.office, RES.sharepoint], [o.app ?? APP.officeHome, RES.graph]] as [AppRef, AppRef][]);
      this.signIn({ t: tt, who: this.who(u), app, res, at: o.refreshAt ?? at, ua, interactive: false, device: dev, mfa: 'claim', session, corr: this.r.uuid(), uti: this.r.token() }, i === 0 ? o.refreshStep : undefined);
    }
    return session;
  }

  /** A cloud CLI run on a host: the process row(s) and the sign-in(s) they cause. */
  cli(u: User, host: { name: string; mdeId: string; os: string }, t: number, at: Place, tool: CliTool, o: { interactive?: boolean; session?: string; device?: SignIn['device']; cmd?: string; parent?: Proc['parent']; folder?: string; step?: string; signinStep?: string; mfa?: SignIn['mfa']; protocol?: string } = {}): string {
    const spec = cliSpec(tool, host.os, this.r);
    const cmd = o.cmd ?? spec.cmd;
    this.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: spec.file, folder: o.folder ?? spec.folder, cmd, parent: o.parent ?? spec.parent }, o.step);
    const session = o.session ?? this.r.uuid();
    if (spec.app) {
      const interactive = o.interactive ?? /login|Connect-/i.test(cmd);
      const dev = o.device === undefined ? (host.os === 'Linux' ? null : null) : o.device;
      this.signIn({ t: t + this.r.int(4000, 40000), who: this.who(u), app: spec.app, res: spec.res, at, ua: spec.ua, interactive, device: dev, os: host.os === 'Windows' ? 'Windows 10' : host.os, mfa: interactive ? (this.trusted(at.ip, t) ? 'none' : 'push') : 'claim', session, corr: this.r.uuid(), uti: this.r.token(), protocol: o.protocol }, o.signinStep);
    }
    return session;
  }
}

export type CliTool = 'az-login' | 'az-cmd' | 'connect-az' | 'connect-mg' | 'aws-sso' | 'aws-cmd' | 'gcloud-login' | 'gcloud-cmd' | 'az-token' | 'gcloud-token' | 'terraform' | 'kubectl';
export interface CliSpec { file: string; folder: string; cmd: string; parent: Proc['parent']; app?: AppRef; res: AppRef; ua: string }
const PS_WIN = { file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', cmd: '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ' };
export function cliSpec(tool: CliTool, os: string, r: Rng): CliSpec {
  const win = os === 'Windows', mac = os === 'macOS';
  const sh = win ? { file: 'WindowsTerminal.exe', folder: 'C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.21.2911.0_x64__8wekyb3d8bbwe', cmd: 'wt.exe' } : mac ? { file: 'zsh', folder: '/bin', cmd: '-zsh' } : { file: 'bash', folder: '/usr/bin', cmd: '-bash' };
  const pyUa = `MSAL.Python/1.31.0 Python/3.11.9 (${win ? 'Windows-10-10.0.22631-SP0' : mac ? 'macOS-14.6.1-arm64-arm-64bit' : 'Linux-6.8.0-49-generic-x86_64-with-glibc2.39'}) azure-cli/2.67.0`;
  const azFile = win ? 'az.cmd' : 'az', azFolder = win ? 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin' : mac ? '/opt/homebrew/bin' : '/usr/bin';
  const psUa = `Mozilla/5.0 (${win ? 'Windows NT 10.0; Microsoft Windows 10.0.22631' : 'Linux; Ubuntu 22.04'}; en-US) PowerShell/7.4.6`;
  const pwsh = win ? { file: 'pwsh.exe', folder: 'C:\\Program Files\\PowerShell\\7' } : { file: 'pwsh', folder: mac ? '/usr/local/microsoft/powershell/7' : '/opt/microsoft/powershell/7' };
  switch (tool) {
    case 'az-login': return { file: azFile, folder: azFolder, cmd: `az login${r.chance(0.3) ? ' --use-device-code' : ''}`, parent: sh, app: APP.azCli, res: RES.arm, ua: pyUa };
    case 'az-cmd': return { file: azFile, folder: azFolder, cmd: `az ${r.pick(['account show', 'group list -o table', 'vm list -d -o table', 'aks get-credentials -g rg-aks-prod -n aks-prod', 'storage account list', 'webapp list -o table', 'keyvault secret list --vault-name kv-app-prod'])}`, parent: sh, app: APP.azCli, res: RES.arm, ua: pyUa };
    case 'az-token': return { file: azFile, folder: azFolder, cmd: `az account get-access-token --resource ${r.pick(['https://management.azure.com/', 'https://vault.azure.net', 'https://graph.microsoft.com'])} --query accessToken -o tsv`, parent: sh, res: RES.arm, ua: pyUa };
    case 'connect-az': return { ...pwsh, cmd: `${pwsh.file} -NoLogo -Command "Connect-AzAccount; Get-AzSubscription | Format-Table"`, parent: sh, app: APP.azPs, res: RES.arm, ua: psUa };
    case 'connect-mg': return { ...pwsh, cmd: `${pwsh.file} -Command "Connect-MgGraph -Scopes 'User.Read.All','Group.ReadWrite.All'; Get-MgUser -Top 50"`, parent: sh, app: APP.graphCli, res: RES.graph, ua: psUa };
    case 'aws-sso': return { file: win ? 'aws.exe' : 'aws', folder: win ? 'C:\\Program Files\\Amazon\\AWSCLIV2' : mac ? '/usr/local/bin' : '/usr/local/bin', cmd: `aws ${r.pick(['sso login --profile prod-admin', 'configure sso', 'sts get-caller-identity --profile prod'])}`, parent: sh, res: RES.arm, ua: '' };
    case 'aws-cmd': return { file: win ? 'aws.exe' : 'aws', folder: win ? 'C:\\Program Files\\Amazon\\AWSCLIV2' : '/usr/local/bin', cmd: `aws ${r.pick(['s3 ls', 'ec2 describe-instances --region eu-west-1', 'sts get-caller-identity', 'logs tail /aws/lambda/ingest --since 1h', 'eks update-kubeconfig --name prod'])}`, parent: sh, res: RES.arm, ua: '' };
    case 'gcloud-login': return { file: win ? 'gcloud.cmd' : 'gcloud', folder: win ? 'C:\\Users\\Public\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\bin' : mac ? '/opt/homebrew/bin' : '/usr/bin', cmd: `gcloud auth login${r.chance(0.4) ? ' --update-adc' : ''}`, parent: sh, res: RES.arm, ua: '' };
    case 'gcloud-cmd': return { file: win ? 'gcloud.cmd' : 'gcloud', folder: win ? 'C:\\Users\\Public\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\bin' : '/usr/bin', cmd: `gcloud ${r.pick(['compute instances list', 'storage ls', 'bigquery datasets list', 'container clusters get-credentials prod --region europe-west1', 'config list'])}`, parent: sh, res: RES.arm, ua: '' };
    case 'gcloud-token': return { file: 'gcloud', folder: '/usr/bin', cmd: 'gcloud auth print-access-token', parent: { file: 'bash', folder: '/usr/bin', cmd: '/bin/bash --noprofile --norc -e -o pipefail /home/agent/_work/_temp/step.sh' }, res: RES.arm, ua: '' };
    case 'terraform': return { file: win ? 'terraform.exe' : 'terraform', folder: win ? 'C:\\tools' : '/usr/local/bin', cmd: `terraform ${r.pick(['plan -out=tfplan', 'apply tfplan', 'init -upgrade', 'validate'])}`, parent: sh, res: RES.arm, ua: '' };
    case 'kubectl': return { file: win ? 'kubectl.exe' : 'kubectl', folder: win ? 'C:\\tools' : '/usr/local/bin', cmd: `kubectl ${r.pick(['get pods -A', 'rollout status deploy/api -n prod', 'logs deploy/api -n prod --tail=200', 'get nodes'])}`, parent: sh, res: RES.arm, ua: '' };
  }
}
export { PS_WIN };

export function browserUa(os: string, r: Rng): string {
  if (os === 'macOS') return r.pick(['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36']);
  if (os === 'Linux') return r.pick(['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36']);
  if (os === 'iOS') return 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  if (os === 'Android') return 'Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
  return r.pick(['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36']);
}

/** AWS identities. */
export function samlIdentity(_org: Org, account: string, role: string, u: User | { upn: string }, key: string, created: number, mfa = false): Record<string, unknown> {
  return {
    type: 'AssumedRole', principalId: `AROA${key.slice(4, 20)}:${u.upn}`, arn: `arn:aws:sts::${account}:assumed-role/${role}/${u.upn}`, accountId: account, accessKeyId: `ASIA${key.slice(4)}`,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${key.slice(4, 20)}`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role }, attributes: { creationDate: new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: String(mfa) } },
  };
}
export function awsCliUa(os: string): string { return `aws-cli/2.22.${os === 'Windows' ? 4 : 8} md/awscrt#0.22.0 ua/2.0 os/${os === 'Windows' ? 'windows#10' : os === 'macOS' ? 'macos#24.1.0' : 'linux#6.8.0-49-generic'} md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe`; }
export const CONSOLE_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
export function gcloudUa(os: string): string { return `google-cloud-sdk gcloud/502.0.0 command/gcloud.${'compute.instances.list'} invocation-id/${'0'.repeat(8)} environment/None environment-version/None client-os/${os === 'Windows' ? 'WINDOWS' : os === 'macOS' ? 'MACOSX' : 'LINUX'} client-os-ver/10.0 client-pltf-arch/x86_64 interactive/True from-script/False python/3.12.7 term/xterm-256color (${os === 'macOS' ? 'Macintosh; Intel Mac OS X 24.1.0' : os === 'Windows' ? 'Windows NT 10.0.22631' : 'Linux 6.8.0-49-generic'}),gzip(gfe)`; }
export type { Device, Server };
