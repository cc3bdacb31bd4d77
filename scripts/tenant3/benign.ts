import type { Ctx } from './ctx.js';
import { browserUa, awsCliUa } from './ctx.js';
import type { LabelDraft } from './labels.js';
import type { User } from './org.js';
import { makeDevice, org0Host } from './org.js';
import { APP, RES, type AppRef } from './apps.js';
import { MIN, HOUR } from './sink.js';
import { residential, otherCountry, farCountry } from './infra.js';
import { SWG, VPN_EXITS, ipIn, place, countryOf } from './net.js';
import { Rng } from './rng.js';

/**
 * The look-alikes that must not alert: every benign class of issue 11 plus four of our own
 * (personal-vpn, conference-wifi, ci-runner-migration, break-glass-test). `benign` runs before the background
 * month because some scenarios change people (new hires, re-imaged laptops, travellers, web
 * gateway users); it returns the part that emits afterwards.
 */
type Draft = Omit<LabelDraft, 'scenario' | 'kind'>;
export function benign(c: Ctx, drafts: LabelDraft[]): { late: () => void; egressLabel: string } {
  const org = c.org, r = c.r;
  const taken = new Set<User>();
  const pick = (n: number, pred: (u: User) => boolean = () => true): User[] => {
    const pool = org.users.filter((u) => !taken.has(u) && u.hireDay < 0 && pred(u));
    const out = r.sample(pool, n);
    out.forEach((u) => { taken.add(u); u.inBenign = true; });
    return out;
  };
  const plans: [string, () => Draft][] = [];
  let n = 0;
  const idOf = (key: string): string => `t3-benign-${key}`;
  const add = (key: string, fn: () => Draft): void => { n++; plans.push([idOf(key), fn]); };
  const after = (lo: number): number => r.int(Math.min(lo, org.days - 3), org.days - 3);
  // group sizes scale with the organisation (drawn for ~400 people)
  const scaled = (lo: number, hi: number): number => Math.max(2, Math.round(r.int(lo, hi) * Math.min(1, org.users.length / 400)));

  // ---- scenarios that must change people before the background is drawn
  // new hires: created on a day ≥ 15, first week with new devices, MFA registration, first cloud CLI
  const hireDay = after(15);
  const hires: User[] = [];
  const nh = r.int(4, 8);
  const seenHost = new Set<string>();
  for (let i = 0; i < nh; i++) {
    const tmpl = r.pick(org.users);
    const rr = new Rng(org.seed, `hire${i}`);
    const first = rr.pick(org.homes[tmpl.home]!.names.first), last = rr.pick(org.homes[tmpl.home]!.names.last);
    const local = `${first.toLowerCase()}.${last.toLowerCase()}${rr.int(1, 9)}`;
    const role: User['role'] = i < 2 ? 'devops' : 'staff';
    const os = role === 'devops' ? 'macOS' as const : 'Windows' as const;
    const u: User = { ...tmpl, idx: org.users.length, first, last, display: `${first} ${last}`, upn: `${local.replace(/^(.)[^.]*\./, org.upnStyle === 'flast' ? '$1' : '$&')}@${org.domain}`, sam: local.slice(0, 20), objectId: rr.uuid(), sid: tmpl.sid.replace(/-\d+$/, `-${rr.int(90001, 99999)}`), role, device: makeDevice(rr, org0Host(rr, org.hostStyle, org.short, org.homes[tmpl.home]!.code, os, first.toLowerCase(), last.toLowerCase(), seenHost), os), hireDay: hireDay + (i % 2), aws: role === 'devops', gcp: false, sessionId: rr.uuid(), home_: residential(rr, org.homes[tmpl.home]!.code) };
    u.scen = new Map(Array.from({ length: 7 }, (_, k) => [u.hireDay + k, idOf('new-hires')] as [number, string]));
    org.users.push(u); hires.push(u); taken.add(u);
  }
  // re-imaged laptops and new phones
  const reimaged = pick(scaled(3, 6), (u) => u.device.os === 'Windows');
  const reDay = after(16);
  for (const u of reimaged) u.reimage = { day: reDay + r.int(0, 1), device: makeDevice(new Rng(org.seed, `reimage${u.idx}`), r.chance(0.5) ? u.device.name : org0Host(r, org.hostStyle, org.short, org.homes[u.home]!.code, 'Windows', u.first.toLowerCase(), u.last.toLowerCase(), new Set()), 'Windows') };
  // travellers on VPN
  const travellers = pick(r.int(2, 4), (u) => u.role === 'sales' || u.role === 'exec' || u.role === 'staff');
  const travelDay = after(15);
  for (const u of travellers) u.away = [{ from: travelDay, to: Math.min(org.days - 1, travelDay + 2) }];
  // conference (own class): a group abroad on one venue network
  const conf = pick(scaled(6, 12), (u) => !u.away);
  const confDay = after(16);
  for (const u of conf) u.away = [...(u.away ?? []), { from: confDay, to: Math.min(org.days - 1, confDay + 1) }];
  // cloud proxy: one department behind a secure web gateway from some day
  const swgDay = r.int(3, 12);
  const swgUsers = pick(scaled(15, 35), (u) => u.role === 'sales' || u.role === 'staff');
  const pops = SWG.pops.map((p) => place(ipIn(r, p.cidr), SWG.net, p.country, p.city));
  const popsSub = r.sample(pops, r.int(5, 8));
  for (const u of swgUsers) { u.swgFrom = swgDay; u.swgPops = popsSub; u.scen = new Map(Array.from({ length: org.days - swgDay }, (_, k) => [swgDay + k, idOf('cloud-proxy')] as [number, string])); }

  // personal VPN (own class): a few people connect through a consumer VPN on some days at home
  const vpnId = idOf('personal-vpn');
  const vpnUsers = pick(scaled(3, 7), (u) => u.role !== 'itadmin');
  const vpnExits: string[] = [];
  for (const u of vpnUsers) {
    const net = r.pick(VPN_EXITS), k = countryOf(u.home_.country);
    const exits = [place(ipIn(r, r.pick(net.cidrs)), net, k.code, k.cities[0]!)];
    exits.forEach((e) => vpnExits.push(e.ip));
    const days = new Set<number>();
    const workdays = Array.from({ length: org.days }, (_, d) => d).filter((d) => c.isWorkday(d));
    for (const d of r.sample(workdays, r.int(2, 6))) days.add(d);
    u.vpn = { days, exits };
    u.scen = new Map([...days].map((d) => [d, vpnId]));
  }
  drafts.push({ scenario: vpnId, kind: 'benign', class: 'personal-vpn', variant: 'consumer-vpn-exits', description: `${vpnUsers.length} people work from home through a consumer VPN (M247, Datacamp, Proton exits) on a few days of the month.`, technique: [], accounts: vpnUsers.map((u) => u.upn), devices: vpnUsers.map((u) => u.device.name), ips: vpnExits, cloudIdentities: [] });
  const egressId = idOf('egress-change');
  drafts.push({ scenario: egressId, kind: 'benign', class: 'egress-change', variant: `${org.offices[0].before[0]!.asn}-to-${org.offices[0].after[0]!.asn}`, description: `On day ${org.egressChangeDay} every office moves from AS${org.offices[0].before[0]!.asn} to AS${org.offices[0].after[0]!.asn} egress; the trusted named locations are updated a few hours later.`, technique: [], accounts: [], devices: [], ips: org.offices.flatMap((o) => o.after.map((p) => p.ip)), cloudIdentities: [] });

  // ---- the rest emit after the background
  add('new-hires', () => {
    for (const u of hires) {
      const t = c.local(u.hireDay, 9, u.home);
      const at = c.egress(u.home, t);
      const admin = pick1(org.users, 'helpdesk', r) ?? org.users[0]!;
      c.audit({ t: t - 3 * HOUR, op: 'Add user', category: 'UserManagement', by: { upn: org.syncUpn, id: org.syncObjectId, ip: '', display: 'On-Premises Directory Synchronization Service Account' }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] }, 'account synced from AD');
      c.audit({ t: t + 20 * MIN, op: 'Add device', category: 'Device', by: { app: 'Device Registration Service', spId: 'drs', appId: RES.drs[1] }, targets: [{ type: 'Device', displayName: u.device.name, id: u.device.aadId }] });
      c.audit({ t: t + 21 * MIN, op: 'Add registered owner to device', category: 'Device', by: { app: 'Device Registration Service', spId: 'drs', appId: RES.drs[1] }, targets: [{ type: 'Device', displayName: u.device.name, id: u.device.aadId }, { type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
      c.audit({ t: t + 35 * MIN, op: 'User registered security info', category: 'UserManagement', service: 'Authentication Methods', by: { upn: u.upn, id: u.objectId, ip: at.ip, display: u.display }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }], details: { Method: 'Authenticator app' } }, 'MFA registration');
      c.audit({ t: t + 5 * MIN, op: 'Add member to group', category: 'GroupManagement', by: { upn: admin.upn, id: admin.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }, { type: 'Group', displayName: 'SG-All-Staff', id: 'all-staff' }] });
      c.session(u, t + 30 * MIN, at, { app: APP.mySignins, res: RES.graph, mfa: 'sms', step: 'first sign-in' });
      if (u.role === 'devops') {
        const t2 = t + r.int(1, 3) * 24 * HOUR + 3 * HOUR;
        c.cli(u, u.device, t2, at, 'az-login', { device: u.device, step: 'first az login' });
        c.cli(u, u.device, t2 + 20 * MIN, at, 'aws-sso');
      }
    }
    return { class: 'new-hires', variant: `${hires.length}-hires`, description: `${hires.length} new employees start on day ${hireDay}: accounts synced, devices registered, MFA registered, first cloud CLI for the engineers.`, technique: [], accounts: hires.map((u) => u.upn), devices: hires.map((u) => u.device.name), ips: [], cloudIdentities: [] };
  });
  add('reimaged-devices', () => {
    for (const u of reimaged) {
      const t = c.local(u.reimage!.day, 8.5, u.home);
      const at = c.egress(u.home, t);
      const helpdesk = pick1(org.users, 'helpdesk', r) ?? org.users[1]!;
      c.audit({ t: t - 30 * MIN, op: 'Delete device', category: 'Device', by: { upn: helpdesk.upn, id: helpdesk.objectId, ip: at.ip }, targets: [{ type: 'Device', displayName: u.device.name, id: u.device.aadId }] });
      c.audit({ t: t + 10 * MIN, op: 'Add device', category: 'Device', by: { app: 'Device Registration Service', spId: 'drs', appId: RES.drs[1] }, targets: [{ type: 'Device', displayName: u.reimage!.device.name, id: u.reimage!.device.aadId }] }, 'laptop re-imaged and re-joined');
      c.audit({ t: t + 11 * MIN, op: 'Add registered owner to device', category: 'Device', by: { app: 'Device Registration Service', spId: 'drs', appId: RES.drs[1] }, targets: [{ type: 'Device', displayName: u.reimage!.device.name, id: u.reimage!.device.aadId }, { type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
      if (r.chance(0.5)) c.audit({ t: t + 2 * HOUR, op: 'User registered security info', category: 'UserManagement', service: 'Authentication Methods', by: { upn: u.upn, id: u.objectId, ip: at.ip, display: u.display }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }], details: { Method: 'Authenticator app (new phone)' } }, 'new phone');
      c.session(u, t + 15 * MIN, at, { device: u.reimage!.device, app: APP.windowsSignIn, res: RES.aadGraph, mfa: 'push', step: 'first sign-in on the re-imaged laptop' });
    }
    return { class: 'reimaged-devices', variant: 'helpdesk-reimage', description: `${reimaged.length} Windows laptops re-imaged and re-joined (new device ids), some users with new phones.`, technique: [], accounts: reimaged.map((u) => u.upn), devices: reimaged.flatMap((u) => [u.reimage!.device.name, u.reimage!.device.aadId]), ips: [], cloudIdentities: [] };
  });
  add('vpn-travellers', () => {
    const ips: string[] = [];
    const dest = otherCountry(r, org.homes.map((h) => h.code));
    for (const u of travellers) {
      const hotel = residential(r, dest);
      ips.push(hotel.ip);
      for (let d = u.away![0]!.from; d <= u.away![0]!.to; d++) {
        const t0 = c.local(d, 8 + r.next(), u.home) + (countryOf(u.home_.country).tz - countryOf(dest).tz) * HOUR;
        const session = r.uuid();
        const vpn = c.egress(u.home, t0, true);
        c.signIn({ t: t0, who: c.who(u), app: APP.officeHome, res: RES.graph, at: hotel, ua: browserUa(u.device.os, r), interactive: true, device: u.device, mfa: 'claim', session, corr: r.uuid(), uti: r.token() }, d === u.away![0]!.from ? 'hotel network' : undefined);
        let t = t0;
        for (let i = 0; i < r.int(6, 10); i++) {
          t += r.int(4, 40) * MIN;
          const [app, res] = r.pick([[APP.office, RES.exchange], [APP.teams, RES.teams], [APP.office, RES.sharepoint]] as [AppRef, AppRef][]);
          c.signIn({ t, who: c.who(u), app, res, at: i % 2 === 0 ? vpn : hotel, ua: browserUa(u.device.os, r), interactive: false, device: u.device, mfa: 'claim', session, corr: r.uuid(), uti: r.token() }, i === 0 && d === u.away![0]!.from ? 'VPN connects: same session from the company egress' : undefined);
        }
      }
    }
    return { class: 'vpn-travellers', variant: `travel-to-${dest}`, description: `${travellers.length} employees travel to ${dest}; their laptop's VPN flips between the hotel network and the company VPN egress within one session.`, technique: [], accounts: travellers.map((u) => u.upn), devices: travellers.map((u) => u.device.name), ips, cloudIdentities: [] };
  });
  add('conference-wifi', () => {
    const cc = farCountry(r, conf[0]!.home_, 1500);
    const venue = residential(r, cc);
    for (const u of conf) for (let d = u.away!.at(-1)!.from; d <= u.away!.at(-1)!.to; d++) {
      const t = c.local(d, 9 + r.next() * 3, u.home) + (countryOf(u.home_.country).tz - countryOf(cc).tz) * HOUR;
      c.session(u, t, venue, { mfa: 'push', refreshes: r.int(2, 5), spanMin: 300, step: d === u.away!.at(-1)!.from ? 'sign-in from the conference venue' : undefined });
    }
    return { class: 'conference-wifi', variant: `venue-in-${cc}`, description: `${conf.length} colleagues attend a conference in ${cc} and all sign in from the venue's network for two days.`, technique: [], accounts: conf.map((u) => u.upn), devices: [], ips: [venue.ip], cloudIdentities: [] };
  });
  add('cloud-proxy', () => {
    // the rollout announcement: a named location for the gateway, by an admin
    const admin = pick1(org.users, 'itadmin', r) ?? org.users[0]!;
    c.audit({ t: c.local(swgDay, 7, 0), op: 'Add named location', category: 'Policy', service: 'Conditional Access', by: { upn: admin.upn, id: admin.objectId, ip: c.egress(0, c.local(swgDay, 7, 0)).ip }, targets: [{ type: 'Policy', displayName: 'Secure Web Gateway egress', id: r.uuid() }] }, 'gateway named location added');
    for (const u of swgUsers.slice(0, 3)) c.session(u, c.local(swgDay, 10, u.home), r.pick(popsSub), { step: 'first sign-in through the gateway', refreshes: 3, spanMin: 30 });
    return { class: 'cloud-proxy', variant: `${popsSub.length}-pops`, description: `From day ${swgDay}, ${swgUsers.length} users browse through a secure web gateway whose egress alternates between points of presence in ${[...new Set(popsSub.map((p) => p.country))].join(', ')}.`, technique: [], accounts: swgUsers.map((u) => u.upn), devices: [], ips: popsSub.map((p) => p.ip), cloudIdentities: [] };
  });
  add('devops-token-print', () => {
    const eng = org.users.filter((u) => u.role === 'devops' && u.hireDay < 0).slice(0, 3);
    eng.forEach((u) => { u.inBenign = true; });
    const d0 = after(15);
    for (let d = d0; d < Math.min(org.days, d0 + 5); d++) for (const agent of org.ciAgents.slice(0, 2)) {
      const t = c.local(d, 11 + r.next() * 6, 0);
      const host = { name: agent.name, mdeId: agent.mdeId, os: 'Linux' };
      const parent = { file: 'bash', folder: '/usr/bin', cmd: `/bin/bash --noprofile --norc -e -o pipefail /home/agent/_work/_temp/${r.uuid()}.sh` };
      c.proc({ t, host, sam: 'agent', upn: '', sid: 'S-1-5-21-0-0-0-1001', file: 'az', folder: '/usr/bin', cmd: 'az account get-access-token --resource https://management.azure.com/ --query accessToken -o tsv', parent, gparent: 'Agent.Worker' }, d === d0 ? 'pipeline prints an ARM token' : undefined);
      c.proc({ t: t + 30000, host, sam: 'agent', upn: '', sid: 'S-1-5-21-0-0-0-1001', file: 'gcloud', folder: '/usr/bin', cmd: 'gcloud auth print-access-token', parent, gparent: 'Agent.Worker' }, d === d0 ? 'pipeline prints a GCP token' : undefined);
    }
    for (const u of eng) c.cli(u, u.device, c.local(d0 + 1, 14, u.home), u.home_, 'az-token', { device: u.device });
    return { class: 'devops-token-print', variant: 'release-pipeline', description: 'A release pipeline on the CI agents prints Azure and GCP access tokens for API calls; engineers test the same on their laptops.', technique: [], accounts: eng.map((u) => u.upn), devices: org.ciAgents.slice(0, 2).map((a) => a.name).concat(eng.map((u) => u.device.name)), ips: [], cloudIdentities: [] };
  });
  add('app-secret-rotation', () => {
    const app = r.pick(org.apps.filter((a) => a.name !== 'Terraform Deployer'));
    const admin = pick1(org.users, 'itadmin', r) ?? org.users[0]!;
    const d = after(15);
    const t = c.local(d, 10, 0);
    const paw = org.paw[0]!;
    const at = c.egress(0, t);
    c.session(admin, t - 10 * MIN, at, { app: APP.portal, res: RES.arm, device: { name: paw.name, aadId: paw.aadId, os: 'Windows', browser: 'Edge 131.0.0', trust: 'Hybrid Azure AD joined', compliant: true }, step: 'admin in the portal from the PAW' });
    const newKey = r.uuid();
    const cert = app.credType === 'clientAssertion';
    c.audit({ t, op: 'Update application – Certificates and secrets management ', category: 'ApplicationManagement', by: { upn: admin.upn, id: admin.objectId, ip: at.ip }, targets: [{ type: 'Application', displayName: app.name, id: app.objectId, props: [{ displayName: 'KeyDescription', oldValue: `[[KeyIdentifier="${app.keyId}"]]`, newValue: `[[KeyIdentifier="${app.keyId}"],[KeyIdentifier="${newKey}",KeyType="${cert ? 'AsymmetricX509Cert' : 'Password'}",KeyUsage="Verify",DisplayName="rotation ${new Date(t).toISOString().slice(0, 7)}"]]` }] }], details: { AppId: app.appId } }, 'new credential added');
    c.audit({ t: t + 2 * DAYMS, op: 'Update application – Certificates and secrets management ', category: 'ApplicationManagement', by: { upn: admin.upn, id: admin.objectId, ip: c.egress(0, t + 2 * DAYMS).ip }, targets: [{ type: 'Application', displayName: app.name, id: app.objectId, props: [{ displayName: 'KeyDescription', oldValue: `[[KeyIdentifier="${app.keyId}"],[KeyIdentifier="${newKey}"]]`, newValue: `[[KeyIdentifier="${newKey}"]]` }] }], details: { AppId: app.appId } }, 'old credential removed');
    const thumb = cert ? r.hex(40).toUpperCase() : undefined;
    for (let tt = t + 40 * MIN; tt < Math.min(t + 3 * DAYMS, c.day(org.days) - MIN); tt += app.everyMin * MIN) c.appSignIn({ t: tt, table: 'AADServicePrincipalSignInLogs', name: app.name, appId: app.appId, spId: app.spId, res: app.resource, at: app.place, credType: app.credType, keyId: newKey, thumbprint: thumb }, tt === t + 40 * MIN ? 'app signs in with the new credential from its usual place' : undefined);
    return { class: 'app-secret-rotation', variant: cert ? 'certificate' : 'secret', description: `${admin.upn} rotates the ${cert ? 'certificate' : 'secret'} of "${app.name}" from the PAW; the app keeps signing in from its usual address with the new key.`, technique: [], accounts: [admin.upn], devices: [paw.name], ips: [], cloudIdentities: [app.name, app.appId, app.spId, newKey] };
  });
  add('announced-pentest', () => {
    const d = after(15);
    const paw = org.paw[1]!;
    const tester = pick(1, (u) => u.role === 'itadmin')[0] ?? pick(1)[0]!;
    const host = { name: paw.name, mdeId: paw.mdeId, os: 'Windows' };
    let t = c.local(d, 10, 0);
    const at = c.egress(0, t);
    const cmdExe = { file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: '"C:\\Windows\\system32\\cmd.exe"' };
    c.proc({ t, host, sam: tester.sam, upn: tester.upn, sid: tester.sid, oid: tester.objectId, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', cmd: 'powershell.exe -ep bypass -c "Import-Module AADInternals; Invoke-AADIntReconAsOutsider -DomainName ' + org.domain + '"', parent: cmdExe }, 'announced test: recon');
    c.cli(tester, host, t + 15 * MIN, at, 'connect-az', { device: null, step: 'announced test: Connect-AzAccount' });
    c.cli(tester, host, t + 25 * MIN, at, 'connect-mg', { device: null });
    c.cli(tester, host, t + 40 * MIN, at, 'az-login', { device: null, cmd: '"C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" login --use-device-code' });
    t += 2 * HOUR;
    c.proc({ t, host, sam: tester.sam, upn: tester.upn, sid: tester.sid, oid: tester.objectId, file: 'aws.exe', folder: 'C:\\Program Files\\Amazon\\AWSCLIV2', cmd: 'aws sts get-caller-identity --profile pentest', parent: cmdExe });
    c.ct({ t: t + 5000, name: 'GetCallerIdentity', source: 'sts.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: awsCliUa('Windows'), account: org.aws.accounts[1]!.id, identity: { type: 'IAMUser', principalId: 'AIDAPENTEST0000000001', arn: `arn:aws:iam::${org.aws.accounts[1]!.id}:user/pentest-2026`, accountId: org.aws.accounts[1]!.id, userName: 'pentest-2026', accessKeyId: 'AKIAPENTEST000000001' } });
    return { class: 'announced-pentest', variant: 'paw-watchlisted', description: `Announced penetration test by ${tester.upn} from ${paw.name}, listed in the AdminWorkstations and CloudAdminAllowlist watchlists (_watchlists/).`, technique: [], accounts: [tester.upn], devices: [paw.name, `${paw.name.toLowerCase()}.${org.adDomain}`], ips: [], cloudIdentities: [`arn:aws:iam::${org.aws.accounts[1]!.id}:user/pentest-2026`] };
  });
  add('helpdesk-password-resets', () => {
    const hd = pick(1, (u) => u.role === 'helpdesk')[0] ?? pick(1)[0]!;
    const d = after(15);
    const targets = r.sample(org.users.filter((u) => u.hireDay < 0 && u !== hd), r.int(15, 30));
    let t = c.local(d, 13.5, hd.home);
    const at = c.egress(hd.home, t);
    for (const u of targets) {
      c.audit({ t, op: 'Reset user password', category: 'UserManagement', by: { upn: hd.upn, id: hd.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] }, t === c.local(d, 13.5, hd.home) ? 'bulk resets begin' : undefined);
      c.audit({ t: t + 800, op: 'Reset password (by admin)', category: 'UserManagement', service: 'Self-service Password Management', by: { upn: hd.upn, id: hd.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
      const t2 = t + r.int(10, 120) * MIN;
      c.audit({ t: t2, op: 'Change password (self-service)', category: 'UserManagement', service: 'Self-service Password Management', by: { upn: u.upn, id: u.objectId, ip: u.home_.ip }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
      t += r.int(40, 240) * 1000;
    }
    return { class: 'helpdesk-password-resets', variant: `${targets.length}-resets`, description: `${hd.upn} resets ${targets.length} passwords in one afternoon after a phishing-simulation campaign; users then change them.`, technique: [], accounts: [hd.upn], devices: [], ips: [], cloudIdentities: [] };
  });
  add('mfa-registration-drive', () => {
    const d0 = after(15);
    const who = r.sample(org.users.filter((u) => u.hireDay < 0), Math.floor(org.users.length * 0.3));
    for (const u of who) {
      const d = Math.min(org.days - 1, d0 + r.int(0, 4));
      const t = c.local(d, 9 + r.next() * 8, u.home);
      const at = c.egress(u.home, t);
      c.signIn({ t, who: c.who(u), app: APP.mySignins, res: RES.graph, at, ua: browserUa(u.device.os, r), interactive: true, device: u.device, mfa: 'claim', session: r.uuid(), corr: r.uuid(), uti: r.token() });
      c.audit({ t: t + 60000, op: 'User registered security info', category: 'UserManagement', service: 'Authentication Methods', by: { upn: u.upn, id: u.objectId, ip: at.ip, display: u.display }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }], details: { Method: r.pick(['Authenticator app', 'FIDO2 security key', 'Passkey in Microsoft Authenticator']) } }, u === who[0] ? 'registration drive' : undefined);
      c.audit({ t: t + 65000, op: 'User registered all required security info', category: 'UserManagement', service: 'Authentication Methods', by: { upn: u.upn, id: u.objectId, ip: at.ip, display: u.display }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
    }
    return { class: 'mfa-registration-drive', variant: 'passkey-rollout', description: `${who.length} users register passkeys/Authenticator in one week (a rollout campaign).`, technique: [], accounts: who.map((u) => u.upn), devices: [], ips: [], cloudIdentities: [] };
  });
  add('risk-remediated', () => {
    const who = pick(r.int(3, 6));
    const d0 = after(15);
    const ips: string[] = [];
    for (const u of who) {
      const d = Math.min(org.days - 1, d0 + r.int(0, 3));
      const t = c.local(d, 19 + r.next() * 2, u.home);
      const p = r.chance(0.5) ? residential(r, u.home_.country) : u.home_;
      ips.push(p.ip);
      const pw = r.chance(0.4);
      c.session(u, t, p, { mfa: 'push', risk: { level: 'medium', state: 'remediated', detail: pw ? 'userPerformedSecuredPasswordChange' : 'userPassedMFADrivenByRiskBasedPolicy', events: ['unfamiliarFeatures'] }, step: 'risky sign-in remediated by the user' });
      if (pw) c.audit({ t: t + 3 * MIN, op: 'Change user password', category: 'UserManagement', service: 'Self-service Password Management', by: { upn: u.upn, id: u.objectId, ip: p.ip, display: u.display }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
    }
    return { class: 'risk-remediated', variant: 'mfa-or-password-change', description: `${who.length} users with medium-risk sign-ins (unfamiliar features) self-remediate with MFA or a secure password change.`, technique: [], accounts: who.map((u) => u.upn), devices: [], ips, cloudIdentities: [] };
  });
  add('ci-runner-migration', () => {
    // own class: the CI pool moves to another cloud region; the pipeline identities sign in from new addresses
    const d = after(16);
    const tf = org.apps.find((a) => a.name === 'Terraform Deployer')!;
    const site = { cidr: '20.54.0.0/16', country: 'IE', city: { city: 'Dublin', state: 'Leinster', lat: 53.3498, lon: -6.2603 } };
    const newIps: string[] = [];
    const admin = pick1(org.users, 'devops', r) ?? org.users[0]!;
    c.audit({ t: c.local(d, 9, 0), op: 'Update application', category: 'ApplicationManagement', by: { upn: admin.upn, id: admin.objectId, ip: c.egress(0, c.local(d, 9, 0)).ip }, targets: [{ type: 'Application', displayName: tf.name, id: tf.objectId, props: [{ displayName: 'FederatedIdentityCredentials', oldValue: '', newValue: '"repo:platform/infra:environment:prod-eu"' }] }] }, 'federated credential for the new runners');
    for (let day = d; day < Math.min(org.days, d + 3); day++) for (let i = 0; i < 6; i++) {
      const p = place(ipIn(r, site.cidr), { asn: 8075, org: 'Microsoft Corporation', cidrs: [], kind: 'hosting' }, site.country, site.city);
      newIps.push(p.ip);
      c.appSignIn({ t: c.local(day, 9 + i * 1.5, 0), table: 'AADServicePrincipalSignInLogs', name: tf.name, appId: tf.appId, spId: tf.spId, res: RES.arm, at: p, credType: 'federatedIdentityCredential' }, day === d && i === 0 ? 'first run on the new runner pool' : undefined);
    }
    return { class: 'ci-runner-migration', variant: 'ephemeral-runners-new-region', description: `The deployment pipelines move to ephemeral runners in another region: "${tf.name}" signs in from a new address on every run.`, technique: [], accounts: [admin.upn], devices: [], ips: [...new Set(newIps)], cloudIdentities: [tf.name, tf.appId, tf.spId] };
  });
  add('break-glass-test', () => {
    // own class: the quarterly emergency-access account test from the PAW, with a FIDO2 key
    const d = after(15);
    const bg = { upn: `bg-admin-0${r.int(1, 2)}@${org.onms}`, display: 'Emergency Access 1', objectId: r.uuid() };
    const paw = org.paw[0]!;
    const t = c.local(d, 16, 0);
    const at = c.egress(0, t);
    const s = r.uuid();
    c.signIn({ t, who: bg, app: APP.portal, res: RES.arm, at, ua: browserUa('Windows', r), interactive: true, device: { name: paw.name, aadId: paw.aadId, os: 'Windows', browser: 'Edge 131.0.0', trust: 'Hybrid Azure AD joined', compliant: true }, mfa: 'totp', session: s, corr: r.uuid(), uti: r.token() }, 'break-glass sign-in');
    c.signIn({ t: t + 4 * MIN, who: bg, app: APP.portal, res: RES.arm, at, ua: browserUa('Windows', r), interactive: false, device: { name: paw.name, aadId: paw.aadId, os: 'Windows', browser: 'Edge 131.0.0', trust: 'Hybrid Azure AD joined', compliant: true }, mfa: 'claim', session: s, corr: r.uuid(), uti: r.token() });
    c.audit({ t: t + 6 * MIN, op: 'Update user', category: 'UserManagement', by: { upn: bg.upn, id: bg.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: bg.display, id: bg.objectId, upn: bg.upn, props: [{ displayName: 'Description', oldValue: '', newValue: `"tested ${new Date(t).toISOString().slice(0, 10)}"` }] }] });
    return { class: 'break-glass-test', variant: 'quarterly-test', description: `The quarterly emergency-access test: ${bg.upn} signs in to the Azure Portal from ${paw.name} and records the test.`, technique: [], accounts: [bg.upn], devices: [paw.name], ips: [], cloudIdentities: [bg.upn] };
  });
  add('named-location-update', () => {
    // the IT change that accompanies the egress change: trusted locations updated
    const admin = pick1(org.users, 'itadmin', r) ?? org.users[0]!;
    const t = c.trustUpdate();
    for (const o of org.offices) c.audit({ t: t + r.int(0, 5) * MIN, op: 'Update named location', category: 'Policy', service: 'Conditional Access', by: { upn: admin.upn, id: admin.objectId, ip: c.egress(0, t).ip }, targets: [{ type: 'Policy', displayName: `${org.short} ${o.city.city} ${o === org.offices[0] ? 'HQ' : 'Office'}`, id: r.uuid(), props: [{ displayName: 'IpRanges', oldValue: JSON.stringify(o.before.map((p) => p.ip + '/32')), newValue: JSON.stringify(o.after.map((p) => p.ip + '/32')) }] }] }, 'named locations updated');
    return { class: 'egress-change', variant: 'named-locations-updated', description: 'The admin updates the trusted named locations to the new egress addresses a few hours into the change day.', technique: [], accounts: [admin.upn], devices: [], ips: org.offices.flatMap((o) => o.after.map((p) => p.ip)), cloudIdentities: [] };
  });

  const late = (): void => {
    for (const [id, fn] of plans) {
      c.sink.scenario = id;
      const d = fn();
      c.sink.scenario = undefined;
      drafts.push({ scenario: id, kind: 'benign', ...d });
    }
  };
  return { late, egressLabel: egressId };
}

const DAYMS = 86400000;
function pick1(users: User[], role: User['role'], r: Rng): User | undefined { const xs = users.filter((u) => u.role === role && u.hireDay < 0); if (!xs.length) return undefined; const u = r.pick(xs); u.inBenign = true; return u; }
