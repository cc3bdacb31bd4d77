/**
 * Identity-lifecycle look-alikes: new hires' first week (`new-hires`), re-imaged laptops and new
 * phones (`reimaged-devices`), helpdesk password resets (`helpdesk-password-resets`) and an MFA
 * registration campaign (`mfa-registration-drive`). Each produces the directory changes, the
 * sign-ins around them and, where a device is involved, its process events.
 */
import type { Rng } from './rng.js';
import type { Device, User } from './org.js';
import { ipIn } from './org.js';
import type { SimEvent, TableName } from './rows.js';
import { accountOf, iso } from './rows.js';
import { APPS, RESOURCES, type App } from './apps.js';
import { type SimContext, attackTouches, HOUR, MINUTE, DAY, localTime, isWeekend, ipOf, browserUaFor, azCliUa, awsCliUa, gcloudUa, psUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { azProcess, awsProcess, gcloudProcess, psProcess } from './tools.js';
import { claim, claimed, ssoApp, ssoIdentity, ssoRoleName } from './benign.js';
import { FIRST_NAMES, LAST_NAMES } from './pools.js';

const DRS = { name: 'Device Registration Service', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' };
const INTUNE = { name: 'Microsoft Intune', appId: '0000000a-0000-0000-c000-000000000000' };

/** Working days (indices) of the run, oldest first. */
function workingDays(ctx: SimContext): number[] {
  return Array.from({ length: ctx.days }, (_, d) => d).filter((d) => !isWeekend(ctx, d));
}

/** A name like `like` with its digits (and a DESKTOP- suffix) redrawn: the org's naming convention, a new host. */
function similarName(like: string, rng: Rng): string {
  const m = /^(DESKTOP-|LAPTOP-)(.*)$/i.exec(like);
  if (m) return m[1]! + rng.alnum(m[2]!.length);
  return /[0-9]/.test(like) ? like.replace(/[0-9]/g, () => String(rng.int(0, 9))) : `${like}-${rng.digits(3)}`;
}

/** A new workstation for `owner`, named after the organisation's convention. */
function newWorkstation(ctx: SimContext, rng: Rng, owner: User, like?: Device, keepName = false): Device {
  const model = like ?? owner.device ?? ctx.org.workstations[0]!;
  const used = new Set(ctx.org.devices.map((d) => d.name));
  let name = model.name;
  if (!keepName) do name = similarName(model.name, rng); while (used.has(name));
  const os = model.os;
  return {
    id: rng.hex(40), aadDeviceId: rng.guid(), name, kind: 'workstation', os, owner, office: owner.office,
    fqdn: os === 'Linux' ? name.toLowerCase() : `${name.toLowerCase()}.${ctx.org.adDomain}`,
    osVersion: os === 'Windows' ? 'Windows 11' : model.osVersion, privateIp: `${owner.office.subnet}.${rng.int(2, 250)}`,
  };
}

/** Replaces a sign-in row's device details (phones are not in the organisation model). */
function setDeviceDetail(e: SimEvent, dev: { deviceId: string; displayName: string; operatingSystem: string; trustType: string; isManaged: boolean }): void {
  const r = e.row;
  const cur = typeof r.DeviceDetail === 'string' ? JSON.parse(r.DeviceDetail) as Record<string, unknown> : { ...(r.DeviceDetail as Record<string, unknown>) };
  const next = { ...cur, ...dev, isCompliant: dev.isManaged };
  r.DeviceDetail = typeof r.DeviceDetail === 'string' ? JSON.stringify(next) : next;
}

/** Adds the explanation Entra gives for an MFA outcome (`Status.additionalDetails`). */
function setStatusDetail(e: SimEvent, detail: string): void {
  const r = e.row;
  if (typeof r.Status === 'string') r.Status = JSON.stringify({ ...JSON.parse(r.Status) as object, additionalDetails: detail });
  else r.Status = { ...(r.Status as object), additionalDetails: detail };
}

interface Phone { readonly id: string; readonly name: string; readonly os: 'Ios' | 'Android'; readonly ua: string }
function newPhone(ctx: SimContext, rng: Rng, u: User): Phone {
  const ios = rng.chance(0.55);
  const ua = ios ? `Mozilla/5.0 (iPhone; CPU iPhone OS 18_${rng.int(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148` : `Mozilla/5.0 (Linux; Android 15; ${rng.pick(['SM-S921B', 'SM-S926B', 'Pixel 9', 'Pixel 8a'])}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${ctx.v.chrome} Mobile Safari/537.36`;
  return { id: rng.guid(), name: ios ? `${u.first}'s iPhone` : rng.pick(['Galaxy S24', 'Pixel 9', 'Pixel 8a']), os: ios ? 'Ios' : 'Android', ua };
}

/** The directory rows of a phone getting Microsoft Authenticator: device registration, the method. */
function phoneRegistration(ctx: SimContext, s: Story, u: User, phone: Phone, t: number, ip: string, rng: Rng, step?: string): void {
  const { rows } = ctx;
  s.add(rows.audit({ t, op: 'Register device', category: 'Device', opType: 'Add', initiator: { app: DRS }, targets: [{ id: phone.id, displayName: phone.name, type: 'Device', modifiedProperties: [{ displayName: 'CloudAccountEnabled', oldValue: null, newValue: '[true]' }, { displayName: 'CloudDeviceOSType', oldValue: null, newValue: `["${phone.os === 'Ios' ? 'IPhone' : 'Android'}"]` }, { displayName: 'CloudDeviceTrustType', oldValue: null, newValue: '["Workplace"]' }] }], service: 'Device Registration Service' }), step);
  s.add(rows.audit({ t: t + 1_500, op: 'Add registered owner to device', category: 'Device', opType: 'Assign', initiator: { app: DRS }, targets: [{ id: phone.id, displayName: phone.name, type: 'Device', modifiedProperties: [] }, { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] }] }));
  s.add(rows.audit({ t: t + 2_000, op: 'Add registered users to device', category: 'Device', opType: 'Assign', initiator: { app: DRS }, targets: [{ id: phone.id, displayName: phone.name, type: 'Device', modifiedProperties: [] }, { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] }] }));
  s.add(rows.audit({ t: t + rng.int(20_000, 90_000), op: 'User registered security info', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [{ id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] }], service: 'Authentication Methods', details: [{ key: 'Method', value: 'Microsoft Authenticator App' }, { key: 'DeviceName', value: phone.name }] }));
}

/** A sign-in from a phone (Authenticator, Outlook) with its device details. */
function phoneSignin(ctx: SimContext, s: Story, u: User, phone: Phone, t: number, ip: string, app: App, res: App, interactive: boolean, step?: string): SimEvent {
  const e = s.add(ctx.rows.signin({ t, user: u, app, resource: res, ip, interactive, ua: phone.ua, os: phone.os, mfa: interactive }), step);
  setDeviceDetail(e, { deviceId: phone.id, displayName: phone.name, operatingSystem: phone.os, trustType: 'Azure AD registered', isManaged: false });
  return e;
}

function securityInfoDone(ctx: SimContext, s: Story, u: User, t: number, ip: string, step?: string): void {
  s.add(ctx.rows.audit({ t, op: 'User registered all required security info', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [{ id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] }], service: 'Authentication Methods' }), step);
}

/** Ordinary work of someone the background does not know (new hires): sign-ins and desktop processes. */
function ordinaryDay(ctx: SimContext, s: Story, u: User, d: Device, day: number, rng: Rng, ip: string): void {
  const { org, rows } = ctx;
  for (let k = 0, n = rng.int(4, 9); k < n; k++) {
    const t = localTime(ctx, day, u.workStart + rng.next() * (u.workEnd - u.workStart));
    const [app, res] = rng.pick([[APPS.officeHome, RESOURCES.officePortal], [APPS.teams, RESOURCES.teamsSvc], [APPS.office, RESOURCES.exchange], [APPS.oneDrive, RESOURCES.sharepoint]] as const);
    s.add(rows.signin({ t, user: u, app, resource: res, ip, interactive: k === 0, ua: browserUaFor(ctx, d, rng), device: d, mfa: k === 0 }));
  }
  for (let k = 0, n = rng.int(3, 8); k < n; k++) {
    const t = localTime(ctx, day, u.workStart + rng.next() * (u.workEnd - u.workStart));
    const [file, folder, cmd] = rng.pick([
      ['msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --profile-directory=Default'],
      ['ms-teams.exe', 'C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe', '"ms-teams.exe" --process-start-reason=startup'],
      ['OUTLOOK.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" '],
      ['OneDrive.exe', 'C:\\Program Files\\Microsoft OneDrive', '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'],
    ] as const);
    s.add(rows.process({ t, device: d, account: accountOf(org, u), file, folder, cmd, parent: { file: 'explorer.exe' } }));
  }
}

/** First-time cloud CLI set-up of a DevOps engineer on a (new) device, with the sign-ins and calls. */
function firstCli(ctx: SimContext, s: Story, u: User, d: Device, t0: number, ip: string, rng: Rng, label: string): void {
  const { org, rows } = ctx;
  const acct = accountOf(org, u);
  const shell = rng.pick(['WindowsTerminal.exe', 'Code.exe', 'pwsh.exe']);
  let t = t0;
  s.add(rows.process({ t: t - 10 * MINUTE, device: d, account: acct, file: 'winget.exe', folder: `C:\\Users\\${u.sam}\\AppData\\Local\\Microsoft\\WindowsApps`, cmd: `winget install -e --id ${rng.pick(['Microsoft.AzureCLI', 'Amazon.AWSCLI', 'Google.CloudSDK'])}`, parent: { file: shell } }));
  for (const [k, e] of azProcess(ctx, d, acct, t, 'login', shell).entries()) s.add(e, k === 0 ? `${label}: first az login on ${d.name}` : undefined);
  s.add(rows.signin({ t: t + 30_000, user: u, app: APPS.azureCli, resource: RESOURCES.arm, ip, interactive: true, ua: browserUaFor(ctx, d, rng), device: d, mfa: true, clientApp: 'Mobile Apps and Desktop clients' }));
  t += rng.int(2, 10) * MINUTE;
  for (const e of azProcess(ctx, d, acct, t, 'account set --subscription dev', shell)) s.add(e);
  s.add(rows.signin({ t: t + 2_000, user: u, app: APPS.azureCli, resource: RESOURCES.arm, ip, interactive: false, ua: azCliUa(ctx, d), device: d }));
  if (u.awsPermissionSet) {
    t += rng.int(5, 30) * MINUTE;
    for (const e of awsProcess(ctx, d, acct, t, 'configure sso', shell)) s.add(e);
    s.add(rows.signin({ t: t + 40_000, user: u, app: ssoApp(ctx, 'aws'), resource: ssoApp(ctx, 'aws'), ip, interactive: true, ua: browserUaFor(ctx, d, rng), device: d, mfa: true, protocol: 'saml20' }));
    const acctId = org.aws.accounts[0]!.id;
    t += rng.int(60_000, 300_000);
    for (const e of awsProcess(ctx, d, acct, t, 'sts get-caller-identity', shell)) s.add(e);
    s.add(rows.cloudtrail({ t: t + 1_500, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', region: org.aws.homeRegion, ip, ua: awsCliUa(ctx, d.os, 'sts.get-caller-identity'), readOnly: true, recipient: acctId, identity: ssoIdentity(ctx, u, u.awsPermissionSet, t - 60_000, acctId) }));
    s.cloud.add(`${ssoRoleName(ctx, u.awsPermissionSet)}/${u.upn}`);
  }
  if (u.gcp) {
    t += rng.int(5, 30) * MINUTE;
    for (const e of gcloudProcess(ctx, d, acct, t, 'auth login', shell)) s.add(e);
    const project = org.gcp.projects[0]!;
    t += rng.int(60_000, 300_000);
    for (const e of gcloudProcess(ctx, d, acct, t, 'projects list', shell)) s.add(e);
    s.add(rows.gcp({ t: t + 2_000, service: 'cloudresourcemanager.googleapis.com', method: 'ListProjects', principal: u.upn, project, resource: `projects/${project}`, resourceType: 'project', ip, ua: gcloudUa(ctx, 'projects.list', d.os), permission: 'resourcemanager.projects.list' }));
    s.cloud.add(u.upn);
  }
}

export const newHires: Scenario = {
  name: 'new-hires', class: 'new-hires', kind: 'benign', variants: ['synced-from-hr', 'cloud-tap-onboarding'],
  summary: "New hires' first week: account created, new device, first MFA registration, first sign-ins, first cloud CLI use",
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('new-hires');
    // They start on the last Monday that leaves them at least two days in the run.
    let start = ctx.days - 2;
    while (start > 0 && new Date(ctx.start + start * DAY + 12 * HOUR).getUTCDay() !== 1) start--;
    start = Math.max(0, start);
    const n = Math.max(3, Math.min(8, Math.round(org.people.length * 0.03)));
    const usedUpn = new Set(org.users.map((u) => u.upn.toLowerCase()));
    const syncUser = { id: org.syncAccount.id, upn: org.syncAccount.upn, displayName: org.syncAccount.displayName };
    const admin = rng.pick(org.cloudAdmins.length ? org.cloudAdmins : org.itStaff);
    const hires: User[] = [];
    for (let i = 0; i < n; i++) {
      const first = rng.pick(FIRST_NAMES), last = rng.pick(LAST_NAMES);
      const mate = rng.pick(org.people.filter((p) => p.source === 'synced' && p.device?.os === 'Windows'));
      let local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, ''), k = 2;
      while (usedUpn.has(`${local}@${org.domain}`)) local = `${first}.${last}${k++}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
      usedUpn.add(`${local}@${org.domain}`);
      const devops = i < Math.max(1, Math.round(n / 3));
      const u: User = {
        ...mate, id: rng.guid(), upn: `${local}@${org.domain}`, sam: mate.sam.includes('.') ? local.slice(0, 20) : `${first[0]}${last}`.toLowerCase().slice(0, 20),
        sid: mate.sid.replace(/-\d+$/, `-${rng.int(20000, 29999)}`), first, last, displayName: `${first} ${last}`,
        groups: devops ? ['staff', 'devops'] : ['staff'], homeIp: `${mate.homeIp.split('.').slice(0, 2).join('.')}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
        awsPermissionSet: devops ? 'DeveloperAccess' : undefined, gcp: devops && rng.chance(0.6), adminAccount: undefined, paw: undefined,
      };
      u.device = newWorkstation(ctx, rng, u, mate.device);
      hires.push(u);
    }
    for (const u of hires) {
      const d = u.device!;
      s.accounts.add(u.upn); s.accounts.add(u.sam); s.devices.add(d.fqdn);
      // Account provisioning the working day before.
      let prep = start - 1;
      while (prep > 0 && isWeekend(ctx, prep)) prep--;
      const tp = localTime(ctx, Math.max(0, prep), 14 + rng.next() * 3);
      const target = { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] as unknown[] };
      if (variant === 'synced-from-hr') {
        s.add(rows.audit({ t: tp, op: 'Add user', category: 'UserManagement', opType: 'Add', initiator: { user: syncUser, ip: org.syncServer.office.egress[0]! }, targets: [{ ...target, modifiedProperties: [{ displayName: 'AccountEnabled', oldValue: '[]', newValue: '[true]' }, { displayName: 'LastDirSyncTime', oldValue: '[]', newValue: `["${iso(tp)}"]` }] }] }), `${u.upn} created by directory sync (HR feed)`);
      } else {
        s.add(rows.audit({ t: tp, op: 'Add user', category: 'UserManagement', opType: 'Add', initiator: { user: admin, ip: admin.office.egress[0]! }, targets: [target], ua: psUa(ctx, true) }), `${u.upn} created by ${admin.upn}`);
      }
      s.add(rows.audit({ t: tp + rng.int(60_000, 30 * MINUTE), op: 'Change user license', category: 'UserManagement', opType: 'Update', initiator: { app: { name: 'Microsoft Online Services' } }, targets: [target] }));
      s.add(rows.audit({ t: tp + rng.int(60_000, 30 * MINUTE), op: 'Add member to group', category: 'GroupManagement', opType: 'Assign', initiator: { user: admin, ip: admin.office.egress[0]! }, targets: [target, { id: rng.guid(), displayName: u.groups.includes('devops') ? 'SG-Engineering' : 'SG-AllStaff', type: 'Group', modifiedProperties: [] }] }));
      // Day one: the laptop joins, the first sign-in demands MFA registration.
      const t1 = localTime(ctx, start, 8.5 + rng.next() * 1.5);
      const ip = ipOf(ctx, u, t1, rng.fork('ip'));
      s.ips.add(u.homeIp);
      if (variant === 'cloud-tap-onboarding') {
        s.add(rows.audit({ t: t1 - rng.int(10, 40) * MINUTE, op: 'Admin registered security info', category: 'UserManagement', opType: 'Add', initiator: { user: admin, ip: admin.office.egress[0]! }, targets: [target], service: 'Authentication Methods', details: [{ key: 'Method', value: 'Temporary Access Pass' }] }), `temporary access pass issued for ${u.upn}`);
      }
      s.add(rows.audit({ t: t1, op: 'Add device', category: 'Device', opType: 'Add', initiator: { app: DRS }, targets: [{ id: d.aadDeviceId, displayName: d.name, type: 'Device', modifiedProperties: [{ displayName: 'CloudDeviceTrustType', oldValue: null, newValue: variant === 'synced-from-hr' ? '["ServerAd"]' : '["AzureAd"]' }] }] }), `${d.name} joined for ${u.upn}`);
      s.add(rows.audit({ t: t1 + 2_000, op: 'Add registered owner to device', category: 'Device', opType: 'Assign', initiator: { app: DRS }, targets: [{ id: d.aadDeviceId, displayName: d.name, type: 'Device', modifiedProperties: [] }, target] }));
      s.add(rows.process({ t: t1 + 30_000, device: d, account: accountOf(org, u), file: 'explorer.exe', folder: 'C:\\Windows', cmd: 'C:\\Windows\\Explorer.EXE', parent: { file: 'userinit.exe' } }));
      s.add(rows.signin({ t: t1 + 60_000, user: u, app: APPS.windowsSignIn, resource: { id: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', name: 'Device Registration Service' }, ip, interactive: true, ua: 'Windows-AzureAD-Authentication-Provider/1.0', device: d, mfa: variant === 'cloud-tap-onboarding' }));
      const t2 = t1 + rng.int(5, 20) * MINUTE;
      if (variant === 'synced-from-hr') s.add(rows.signin({ t: t2, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, result: '50079', ua: browserUaFor(ctx, d, rng), device: d }), `${u.upn}: first sign-in, MFA registration required`);
      s.add(rows.signin({ t: t2 + 30_000, user: u, app: APPS.mySignins, resource: RESOURCES.graph, ip, interactive: true, ua: browserUaFor(ctx, d, rng), device: d, mfa: variant === 'cloud-tap-onboarding' }));
      s.add(rows.audit({ t: t2 + 60_000, op: 'User started security info registration', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [target], service: 'Authentication Methods' }));
      const phone = newPhone(ctx, rng, u);
      phoneRegistration(ctx, s, u, phone, t2 + 3 * MINUTE, ip, rng, `${u.upn}: first MFA method (Authenticator on ${phone.name})`);
      securityInfoDone(ctx, s, u, t2 + 5 * MINUTE, ip);
      phoneSignin(ctx, s, u, phone, t2 + 20 * MINUTE, ipIn(u.carrier, rng), APPS.outlookMobile, RESOURCES.exchange, true);
      for (let day = start; day < ctx.days; day++) {
        if (isWeekend(ctx, day)) continue;
        const dip = day === start ? ip : ipOf(ctx, u, localTime(ctx, day, u.workStart + 2), rng);
        if (dip === u.homeIp) s.ips.add(dip);
        ordinaryDay(ctx, s, u, d, day, rng, dip);
        if (u.groups.includes('devops') && day === Math.min(start + 1, ctx.days - 1)) firstCli(ctx, s, u, d, localTime(ctx, day, u.workStart + 2 + rng.next() * 3), dip, rng, u.upn);
      }
    }
    s.description = `${n} people start on ${iso(ctx.start + start * DAY).slice(0, 10)}: accounts ${variant === 'synced-from-hr' ? 'synced from the HR-fed directory' : 'created by an admin with a Temporary Access Pass'} the day before, a new laptop joined on day one, the first sign-in asks for MFA registration, Authenticator on a new phone, then ordinary work; the DevOps hires install and use az / aws / gcloud for the first time on their new laptop.`;
    s.window = { start: localTime(ctx, Math.max(0, start - 3), 0), end: ctx.start + ctx.days * DAY };
    return s;
  },
};

/** Moves every row of one device to its replacement from a moment on (rewrite of all sources). */
function deviceSwap(from: Device, to: Device, at: number, moved: Map<TableName, number>): (e: SimEvent) => boolean {
  return (e) => {
    if (e.t < at) return false;
    const r = e.row;
    if (e.table === 'DeviceProcessEvents') {
      if (r.DeviceId !== from.id) return false;
      r.DeviceId = to.id; r.DeviceName = to.fqdn;
    } else if (e.table === 'SigninLogs' || e.table === 'AADNonInteractiveUserSignInLogs') {
      const dd = r.DeviceDetail;
      const obj = typeof dd === 'string' ? (dd.includes(from.aadDeviceId) ? JSON.parse(dd) as Record<string, unknown> : undefined) : (dd as Record<string, unknown> | undefined);
      if (!obj || obj.deviceId !== from.aadDeviceId) return false;
      const next = { ...obj, deviceId: to.aadDeviceId, displayName: to.name };
      r.DeviceDetail = typeof dd === 'string' ? JSON.stringify(next) : next;
    } else return false;
    moved.set(e.table, (moved.get(e.table) ?? 0) + 1);
    return true;
  };
}

export const reimagedDevices: Scenario = {
  name: 'reimaged-devices', class: 'reimaged-devices', kind: 'benign', variants: ['hardware-refresh', 'reimage-same-name'],
  summary: 'Re-imaged or replaced laptops (same user, new device id and name) and new phones',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('reimaged-devices');
    const free = (xs: readonly User[]): User[] => xs.filter((u) => !claimed(ctx).has(u.id) && u.device && u.device.os === 'Windows' && !attackTouches(ctx, u.device.id) && !attackTouches(ctx, u.device.aadDeviceId));
    const devs = claim(ctx, free(org.devops), 2, rng);
    const staff = claim(ctx, free(org.people.filter((u) => !u.groups.includes('devops') && !u.groups.includes('it'))), 2, rng);
    const wd = workingDays(ctx);
    const swaps: ((e: SimEvent) => boolean)[] = [];
    const moved = new Map<TableName, number>();
    [...devs, ...staff].forEach((u, i) => {
      const old = u.device!;
      const nd = newWorkstation(ctx, rng, u, old, variant === 'reimage-same-name');
      // One DevOps engineer gets the new laptop the day before the last, the others earlier.
      const day = i === 0 ? wd[Math.max(0, wd.length - 2)]! : rng.pick(wd.slice(1, Math.max(2, wd.length - 2)));
      const t = localTime(ctx, day, u.workStart + 0.5 + rng.next());
      s.accounts.add(u.upn); s.devices.add(old.fqdn); s.devices.add(nd.fqdn);
      s.add(rows.audit({ t: t - rng.int(20, 90) * MINUTE, op: 'Delete device', category: 'Device', opType: 'Delete', initiator: { app: INTUNE }, targets: [{ id: old.aadDeviceId, displayName: old.name, type: 'Device', modifiedProperties: [] }] }), `${old.name} (${u.upn}) retired`);
      s.add(rows.audit({ t, op: 'Add device', category: 'Device', opType: 'Add', initiator: { app: DRS }, targets: [{ id: nd.aadDeviceId, displayName: nd.name, type: 'Device', modifiedProperties: [{ displayName: 'CloudDeviceTrustType', oldValue: null, newValue: '["ServerAd"]' }] }] }), `${nd.name} (new device id ${nd.id.slice(0, 8)}...) joined for ${u.upn}`);
      s.add(rows.audit({ t: t + 2_000, op: 'Add registered owner to device', category: 'Device', opType: 'Assign', initiator: { app: DRS }, targets: [{ id: nd.aadDeviceId, displayName: nd.name, type: 'Device', modifiedProperties: [] }, { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] }] }));
      s.add(rows.process({ t: t + 60_000, device: nd, account: { name: 'system', domain: 'nt authority', sid: 'S-1-5-18', upn: '', objectId: '' }, file: 'Microsoft.Management.Services.IntuneWindowsAgent.exe', folder: 'C:\\Program Files (x86)\\Microsoft Intune Management Extension', cmd: '"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Microsoft.Management.Services.IntuneWindowsAgent.exe"', parent: { file: 'services.exe' }, integrity: 'System' }));
      const ip = ipOf(ctx, u, t, rng);
      s.add(rows.signin({ t: t + 5 * MINUTE, user: u, app: APPS.windowsSignIn, resource: { id: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', name: 'Device Registration Service' }, ip, interactive: true, ua: 'Windows-AzureAD-Authentication-Provider/1.0', device: nd, mfa: true }), `${u.upn}: first sign-in on ${nd.name}`);
      if (u.groups.includes('devops')) firstCli(ctx, s, u, nd, t + rng.int(40, 120) * MINUTE, ip, rng, `${u.upn} (re-imaged laptop)`);
      swaps.push(deviceSwap(old, nd, t, moved));
    });
    // New phones: Authenticator moves to the new handset, the old method is removed.
    const phoneUsers = claim(ctx, org.people.filter((u) => !u.groups.includes('it')), Math.max(3, Math.min(12, Math.round(org.people.length * 0.03))), rng);
    phoneUsers.forEach((u, i) => {
      const day = i === 0 ? wd[wd.length - 1]! : rng.pick(wd);
      const t = localTime(ctx, day, u.workStart + rng.next() * 6);
      const ip = ipOf(ctx, u, t, rng);
      const phone = newPhone(ctx, rng, u);
      s.accounts.add(u.upn);
      s.add(rows.signin({ t, user: u, app: APPS.mySignins, resource: RESOURCES.graph, ip, interactive: true, ua: browserUaFor(ctx, u.device, rng), device: u.device, mfa: true }));
      phoneRegistration(ctx, s, u, phone, t + rng.int(2, 6) * MINUTE, ip, rng, i === 0 ? `${u.upn}: new phone (${phone.name}) registered` : undefined);
      s.add(rows.audit({ t: t + rng.int(8, 15) * MINUTE, op: 'User deleted security info', category: 'UserManagement', opType: 'Delete', initiator: { user: u, ip }, targets: [{ id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] }], service: 'Authentication Methods', details: [{ key: 'Method', value: 'Microsoft Authenticator App' }] }));
      for (let k = 0, n = rng.int(3, 8); k < n; k++) {
        const tt = t + rng.int(20, 600) * MINUTE;
        phoneSignin(ctx, s, u, phone, tt, rng.chance(0.6) ? ipIn(u.carrier, rng) : u.homeIp, rng.pick([APPS.outlookMobile, APPS.teams, APPS.authBroker]), rng.pick([RESOURCES.exchange, RESOURCES.teamsSvc, RESOURCES.graph]), k === 0);
      }
    });
    s.rewrite = (e) => { for (const f of swaps) if (f(e)) return true; return false; };
    s.description = `${devs.length + staff.length} laptops are ${variant === 'hardware-refresh' ? 'replaced (new name, new device ids)' : 're-imaged (same name, new Defender and Entra device ids)'}; from then on the owners' process events and sign-ins come from the new device, and the DevOps engineers set up az / aws / gcloud again on it. ${phoneUsers.length} people move Microsoft Authenticator to a new phone (device registration, new method, old method deleted).`;
    return s;
  },
};

export const helpdeskPasswordResets: Scenario = {
  name: 'helpdesk-password-resets', class: 'helpdesk-password-resets', kind: 'benign', variants: ['bulk-campaign', 'daily-tickets'],
  summary: 'Helpdesk resets passwords (AuditLogs "Reset user password"), users then sign in and change them',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('helpdesk');
    const desk = rng.sample(org.cloudAdmins.length ? org.cloudAdmins : org.itStaff, 2);
    for (const a of desk) { s.accounts.add(a.upn); if (a.paw) s.devices.add(a.paw.fqdn); }
    const wd = workingDays(ctx);
    const pool = org.people.filter((u) => !claimed(ctx).has(u.id) && !u.groups.includes('it'));
    const resets: { u: User; t: number }[] = [];
    if (variant === 'bulk-campaign') {
      // After a phishing report, every user who entered a password on the lure is reset in one morning.
      const day = wd[wd.length - 1]!;
      const t0 = localTime(ctx, day, 8 + rng.next());
      const n = Math.max(10, Math.min(60, Math.round(org.people.length * 0.15)));
      for (const [i, u] of rng.sample(pool, n).entries()) resets.push({ u, t: t0 + i * rng.int(60_000, 240_000) });
      // And one admin account whose owner was locked out.
      const adm = org.cloudAdmins.find((a) => !desk.includes(a));
      if (adm) resets.push({ u: adm, t: t0 + rng.int(30, 120) * MINUTE });
    } else {
      for (const day of wd) for (let k = 0, n = rng.int(1, 4); k < n; k++) resets.push({ u: rng.pick(pool), t: localTime(ctx, day, 8 + rng.next() * 8) });
    }
    resets.sort((x, y) => x.t - y.t);
    const script = new Map<User, number>();
    resets.forEach(({ u, t }, i) => {
      const a = desk[i % desk.length]!;
      const aip = a.office.egress[0]!;
      s.accounts.add(u.upn);
      const target = { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] as unknown[] };
      if (a.paw && variant === 'bulk-campaign' && !script.has(a)) {
        script.set(a, t);
        s.add(psProcess(ctx, a.paw, accountOf(org, a), t - 2 * MINUTE, 'Connect-MgGraph -Scopes UserAuthenticationMethod.ReadWrite.All; Import-Csv .\\phish-clickers.csv | ForEach-Object { Reset-MgUserAuthenticationMethodPassword -UserId $_.UPN -AuthenticationMethodId 28c10230-6103-485e-b985-444c60001490 -NewPassword (New-TempPassword) }', { core: true, parent: 'WindowsTerminal.exe', integrity: 'High' }), `${a.upn} starts the bulk reset from ${a.paw.name}`);
        s.add(rows.signin({ t: t - 90_000, user: a, app: APPS.graphCli, resource: RESOURCES.graph, ip: aip, interactive: true, ua: psUa(ctx, true), device: a.paw, mfa: true, clientApp: 'Mobile Apps and Desktop clients' }));
      }
      s.add(rows.audit({ t, op: 'Reset user password', category: 'UserManagement', opType: 'Update', initiator: { user: a, ip: aip }, targets: [target], ua: variant === 'bulk-campaign' ? psUa(ctx, true) : undefined }), i === 0 ? `helpdesk resets ${u.upn}` : undefined);
      s.add(rows.audit({ t: t + 800, op: 'Reset password (by admin)', category: 'UserManagement', opType: 'Update', initiator: { user: a, ip: aip }, targets: [target], service: 'Self-service Password Management' }));
      if (u.source === 'synced') s.add(rows.audit({ t: t + 2_000, op: 'Update user', category: 'UserManagement', opType: 'Update', initiator: { user: a, ip: aip }, targets: [{ ...target, modifiedProperties: [{ displayName: 'ForceChangePasswordNextSignIn', oldValue: '[false]', newValue: '[true]' }] }] }));
      // The user signs in with the temporary password, must change it, then works normally.
      const t1 = t + rng.int(10, 240) * MINUTE;
      const ip = u.privileged ? u.office.egress[0]! : ipOf(ctx, u, t1, rng);
      if (ip === u.homeIp) s.ips.add(ip);
      const dev = u.paw ?? u.device;
      if (rng.chance(0.3)) s.add(rows.signin({ t: t1 - rng.int(1, 5) * MINUTE, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, result: '50126', ua: browserUaFor(ctx, dev, rng), device: dev }));
      s.add(rows.signin({ t: t1, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, result: '50055', ua: browserUaFor(ctx, dev, rng), device: dev }));
      s.add(rows.audit({ t: t1 + rng.int(30_000, 120_000), op: 'Change user password', category: 'UserManagement', opType: 'Update', initiator: { user: u, ip }, targets: [target] }));
      s.add(rows.signin({ t: t1 + rng.int(2, 4) * MINUTE, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, ua: browserUaFor(ctx, dev, rng), device: dev, mfa: true }));
    });
    s.description = variant === 'bulk-campaign'
      ? `After a phishing report, two helpdesk admins reset ${resets.length} passwords in one morning with Microsoft Graph PowerShell (one of them an admin account); each user signs in with the temporary password, is made to change it, and carries on.`
      : `Helpdesk tickets: a few password resets every working day by two helpdesk admins; each user then signs in, changes the temporary password and carries on.`;
    return s;
  },
};

export const mfaRegistrationDrive: Scenario = {
  name: 'mfa-registration-drive', class: 'mfa-registration-drive', kind: 'benign', variants: ['authenticator-rollout', 'fido2-rollout'],
  summary: 'Many users register MFA methods in one week; some deny their first (test) prompts',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('mfa-drive');
    // The campaign week: the last five working days of the run.
    const week = workingDays(ctx).slice(-5);
    const pool = org.people.filter((u) => !claimed(ctx).has(u.id));
    const users = rng.sample(pool, Math.max(10, Math.min(150, Math.round(pool.length * 0.25))));
    let denials = 0;
    for (const [i, u] of users.entries()) {
      s.accounts.add(u.upn);
      const day = i === 0 ? week[week.length - 1]! : rng.pick(week);
      const t = localTime(ctx, day, u.workStart + rng.next() * (u.workEnd - u.workStart - 1));
      const ip = ipOf(ctx, u, t, rng);
      if (ip === u.homeIp) s.ips.add(ip);
      const target = { id: u.id, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [] as unknown[] };
      const ua = browserUaFor(ctx, u.device, rng);
      s.add(rows.signin({ t, user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, result: '50079', ua, device: u.device }), i === 0 ? `${u.upn}: sign-in interrupted for MFA registration` : undefined);
      s.add(rows.signin({ t: t + 40_000, user: u, app: APPS.mySignins, resource: RESOURCES.graph, ip, interactive: true, ua, device: u.device }));
      s.add(rows.audit({ t: t + 60_000, op: 'User started security info registration', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [target], service: 'Authentication Methods' }));
      let tt = t + rng.int(2, 5) * MINUTE;
      // The first user (on the last day) registers the phone as a device and denies test prompts:
      // the closest look-alike of MFA fatigue followed by a device registration.
      const fido = variant === 'fido2-rollout' && i > 0 && rng.chance(0.6);
      if (fido) {
        s.add(rows.audit({ t: tt, op: 'User registered security info', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [target], service: 'Authentication Methods', details: [{ key: 'Method', value: 'FIDO2 security key' }, { key: 'AAGUID', value: rng.pick(['cb69481e-8ff7-4039-93ec-0a2729a154a8', 'ee882879-721c-4913-9775-3dfcce97072a', '2fc0579f-8113-47ea-b116-bb5a8db9202a']) }] }));
      } else {
        const phone = newPhone(ctx, rng, u);
        // Authenticator registers the phone as a device when phone sign-in is enabled.
        if (i === 0 || rng.chance(0.35)) phoneRegistration(ctx, s, u, phone, tt, ip, rng, i === 0 ? `${u.upn}: Authenticator registers ${phone.name}` : undefined);
        else s.add(rows.audit({ t: tt, op: 'User registered security info', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [target], service: 'Authentication Methods', details: [{ key: 'Method', value: 'Microsoft Authenticator App' }] }));
        // The test prompt: some people deny the first one or two (or let them time out) before approving.
        if (i === 0 || rng.chance(0.25)) {
          for (let k = 0, n = rng.int(1, 3); k < n; k++) {
            tt += rng.int(20_000, 120_000);
            const e = s.add(rows.signin({ t: tt, user: u, app: APPS.mySignins, resource: RESOURCES.graph, ip, interactive: true, result: '500121', ua, device: u.device }), denials++ === 0 ? `${u.upn}: first MFA prompt denied` : undefined);
            setStatusDetail(e, rng.chance(0.6) ? 'MFA denied; user declined the authentication' : 'MFA denied; user did not respond to mobile app notification');
          }
        }
        if (rng.chance(0.3)) s.add(rows.audit({ t: tt + rng.int(30_000, 90_000), op: 'User registered security info', category: 'UserManagement', opType: 'Add', initiator: { user: u, ip }, targets: [target], service: 'Authentication Methods', details: [{ key: 'Method', value: 'Phone' }] }));
      }
      tt += rng.int(1, 3) * MINUTE;
      securityInfoDone(ctx, s, u, tt, ip);
      s.add(rows.signin({ t: tt + rng.int(30_000, 120_000), user: u, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, ua, device: u.device, mfa: true }));
    }
    s.description = `MFA campaign in the week of ${iso(ctx.start + week[0]! * DAY).slice(0, 10)}: ${users.length} users are interrupted at sign-in (50079), register ${variant === 'fido2-rollout' ? 'FIDO2 security keys or Microsoft Authenticator' : 'Microsoft Authenticator (some also a phone number)'}; some phones are registered as devices, and some users deny or ignore the first test prompts (500121) before approving.`;
    s.window = { start: ctx.start + week[0]! * DAY, end: ctx.start + ctx.days * DAY };
    return s;
  },
};
