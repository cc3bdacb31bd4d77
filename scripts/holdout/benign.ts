// Benign look-alikes of classes.md, each a labelled scenario on its own day(s): what a baseline
// has legitimately not seen, or what resembles an attack step (device registration, password
// resets, secrets added to apps, sessions from two networks, pentest tooling).
import { OFFICES, TRAVEL, SWG_POPS, HOSTING } from './net.js';
import type { Device, Os, User, World } from './world.js';
import type { Workloads } from './background.js';
import type { Plan } from './plan.js';

export interface BenignSetup { reserved: Set<User>; watchlists: Record<string, string> }

/** Creates the benign actors (new hires join `w.users`) and registers their steps in `plan`. */
export function planBenign(w: World, wl: Workloads, plan: Plan): BenignSetup {
  const { pick, int, guid, hex, signIn, proc, ct, gcp, audit, userTarget, roleProp, deviceTarget, keyProp, users, rec, azCmd, awsCmd, gcloudCmd, pwshCmd, CLI_UA, awsAcct, gcpProject, DAY } = w;
  const reserved = new Set<User>();
  const take = (pred: (u: User) => boolean, what: string): User => {
    const u = users.find((x) => pred(x) && !reserved.has(x));
    if (!u) throw new Error(`holdout: no free ${what} left for a benign scenario (the fixed population in world.ts is too small)`);
    reserved.add(u); return u;
  };
  const last = w.days - 1;
  const jitter = w.seed % 3; // the benign calendar shifts by a day or two between seeds
  const late = (k: number): number => Math.min(last, 15 + k + jitter); // a day after the 14-day baseline
  const weekday = (i: number): number => { let d = i; while (w.isWeekend(d) && d < last) d++; while (w.isWeekend(d) && d > 0) d--; return d; };
  const benign = (scenario: string, cls: string, variant: string, description: string) => rec.open({ scenario, kind: 'benign', class: cls, variant, description, technique: [] });
  const watchlists: Record<string, string> = {};

  // ---------- hard cases of the first generation, now with classes.md classes
  const devs = users.filter((u) => u.pop === 'devops');
  const admins = users.filter((u) => u.pop === 'cloud-admin' && u.admin);
  {
    // a DevOps engineer at a conference abroad: managed laptop, MFA, az login from the hotel
    const trav = take((u) => u === devs[devs.length - 1], 'devops user'); const day = weekday(late(1));
    const conf = TRAVEL[4]!;
    plan.at(day, () => {
      const hip = w.ipIn(conf.net); const t = w.workTime(day, conf.site, 9, 11);
      benign('conference-trip-az-login', 'vpn-travellers', 'conference-trip', 'DevOps engineer at a conference in a new country: Outlook then az login with MFA from the hotel, managed laptop');
      signIn({ t, u: trav, app: 'outlook', res: 'exo', ip: hip, site: conf.site, dev: trav.device, interactive: true, mfa: true });
      proc({ t: t + 600000, dev: trav.device, acct: w.acctOf(trav), ...azCmd(trav.device, 'login') });
      signIn({ t: t + 620000, u: trav, app: 'azcli', res: 'arm', ip: hip, site: conf.site, dev: trav.device, interactive: true, mfa: true, ua: CLI_UA.az(trav.device.os) });
      signIn({ t: t + 2400000, u: trav, app: 'azcli', res: 'arm', ip: hip, site: conf.site, dev: trav.device, interactive: false, ua: CLI_UA.az(trav.device.os) });
      rec.close();
    });
  }
  {
    // a cloud admin on a freshly re-imaged PAW (new device), routine role assignment
    const owner = take((u) => u === admins[admins.length - 1], 'cloud-admin user'); const a = owner.admin!; const day = weekday(late(3));
    plan.at(day, () => {
      const np = w.mkDevice(null, 'Windows', `paw-${owner.home.cc.toLowerCase()}-`); const t = w.workTime(day, owner.home, 13, 15); const pip = w.officeIp(owner.office, t);
      benign('reimaged-paw-role-grant', 'reimaged-devices', 'new-paw', 'Cloud admin on a re-imaged PAW (new device name and id) connects with Graph PowerShell and grants Helpdesk Administrator');
      audit(t - 3600000, 'Add device', 'Device', { app: 'Device Registration Service', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' }, [deviceTarget(np)], { service: 'Device Registration Service' });
      proc({ t, dev: np, acct: w.acctOf(a), ...pwshCmd(np, 'Connect-MgGraph -Scopes RoleManagement.ReadWrite.Directory') });
      signIn({ t: t + 20000, u: a, app: 'graphps', res: 'graph', ip: pip, site: owner.home, dev: np, interactive: true, mfa: true });
      audit(t + 600000, 'Add member to role', 'RoleManagement', { upn: a.upn, id: a.id, ip: pip }, [userTarget(pick(users), roleProp('Helpdesk Administrator'))], { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) PowerShell/7.4.1' });
      rec.close();
      a.device = np;
    });
  }
  {
    // a DevOps engineer whose home ISP changed (new address, same country): AWS console via SSO, gcloud
    const mover = take((u) => u === devs[0], 'devops user'); const day = weekday(late(4));
    plan.at(day, () => {
      const nip = w.ipIn(pick(w.users.filter((x) => x.home.cc === mover.home.cc && x !== mover)).homeIsp); const t = w.workTime(day, mover.home, 8, 9);
      benign('home-isp-change', 'other', 'new-home-isp', 'DevOps engineer whose home ISP address changed (same country): IAM Identity Center, AWS console, gcloud');
      const role = 'AWSReservedSSO_PowerUserAccess_5e2a1b3c4d'; const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${mover.upn}`;
      signIn({ t, u: mover, app: 'awssso', res: 'graph', ip: nip, site: mover.home, dev: mover.device, interactive: true, mfa: true, ua: CLI_UA.browser });
      ct({ t: t + 50000, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: mover.upn, user: mover.upn, ua: 'aws-internal/3', ip: nip, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}` } });
      ct({ t: t + 60000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${mover.upn}`, ua: CLI_UA.browser, ip: nip, issuer: role, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
      gcp(t + 120000, mover.upn, 'v1.compute.instances.list', 'compute.googleapis.com', nip, CLI_UA.gcloud(), `projects/${gcpProject}`);
      rec.close();
      mover.homeIp = nip;
    });
  }
  {
    // a cloud admin travelling with the PAW (hotel in a new country), MFA, routine password reset
    const owner = take((u) => u.pop === 'cloud-admin' && !!u.admin, 'cloud-admin user'); const a = owner.admin!; const day = weekday(late(6)); const hotel = TRAVEL[5]!;
    plan.at(day, () => {
      const hip = w.ipIn(hotel.net); const t = w.workTime(day, hotel.site, 15, 17);
      benign('admin-trip-password-reset', 'vpn-travellers', 'admin-hotel', 'Cloud admin in a hotel in a new country with the known PAW: Outlook, Graph PowerShell with MFA, a routine password reset');
      signIn({ t: t - 1800000, u: owner, app: 'outlook', res: 'exo', ip: hip, site: hotel.site, dev: owner.device, interactive: true, mfa: true });
      proc({ t, dev: a.device, acct: w.acctOf(a), ...pwshCmd(a.device, 'Connect-MgGraph -Scopes User.ReadWrite.All') });
      signIn({ t: t + 20000, u: a, app: 'graphps', res: 'graph', ip: hip, site: hotel.site, dev: a.device, interactive: true, mfa: true });
      audit(t + 900000, 'Reset user password', 'UserManagement', { upn: a.upn, id: a.id, ip: hip }, [userTarget(pick(users))], { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) PowerShell/7.4.1' });
      rec.close();
    });
  }
  {
    // a DevOps engineer whose secure-web-gateway egress moved to a neighbouring country's PoP
    const sase = take((u) => u.pop === 'devops', 'devops user'); const day = weekday(late(2));
    const pop = SWG_POPS[sase.home.cc === 'DE' ? 3 : sase.home.cc === 'US' ? 6 : sase.home.cc === 'MX' ? 1 : 5]!;
    plan.at(day, () => {
      const sip = pick(wl.swgIps[SWG_POPS.indexOf(pop)]!); const t = w.workTime(day, sase.home, 10, 11);
      benign('swg-pop-neighbour-az-login', 'cloud-proxy', 'sase-pop-neighbour', 'DevOps engineer egressing through the secure web gateway PoP of a neighbouring country: Teams, az login, Azure CLI sign-ins');
      signIn({ t, u: sase, app: 'teams', res: 'spo', ip: sip, site: pop.site, dev: sase.device, interactive: true, mfa: true });
      proc({ t: t + 300000, dev: sase.device, acct: w.acctOf(sase), ...azCmd(sase.device, 'login') });
      signIn({ t: t + 320000, u: sase, app: 'azcli', res: 'arm', ip: sip, site: pop.site, dev: sase.device, interactive: true, mfa: true, ua: CLI_UA.az(sase.device.os) });
      signIn({ t: t + 3600000, u: sase, app: 'azcli', res: 'graph', ip: sip, site: pop.site, dev: sase.device, interactive: false, ua: CLI_UA.az(sase.device.os) });
      rec.close();
    });
  }

  // ---------- new hires: first week with new devices, MFA registration, first cloud CLI
  const hireDays = [3, 10, 16, 18, 23].map((d) => d + jitter).filter((d) => d < last);
  hireDays.forEach((d0, k) => {
    const day = weekday(d0);
    const office = OFFICES[(k + 2) % OFFICES.length]!;
    const devops = k % 2 === 0;
    const hire = w.mkUser(devops ? 'devops' : 'regular', office, devops ? (['macOS', 'Linux', 'Windows'] as Os[])[k % 3]! : 'Windows', day);
    users.push(hire); w.registerObjectId(hire); reserved.add(hire);
    const phone = w.mkDevice(hire, k % 2 ? 'Android' : 'iOS', '');
    plan.at(day, () => {
      const t = w.workTime(day, office.site, 9, 10); const ip = w.officeIp(office, t);
      benign(`new-hire-${hire.sam}`, 'new-hires', devops ? 'devops-first-week' : 'first-day', `New ${devops ? 'DevOps engineer' : 'employee'} on the first day: MFA registration, laptop and phone registration${devops ? ', first az / aws / gcloud logins' : ''}`);
      signIn({ t, u: hire, app: 'mysignins', res: 'graph', ip, site: office.site, dev: hire.device, interactive: true, result: '50079' });
      audit(t + 60000, 'User started security info registration', 'UserManagement', { upn: hire.upn, id: hire.id, ip }, [userTarget(hire)], { service: 'Authentication Methods' });
      signIn({ t: t + 90000, u: hire, app: 'authenticator', res: 'graph', ip, site: office.site, dev: phone, interactive: true, mfa: false });
      audit(t + 120000, 'User registered security info', 'UserManagement', { upn: hire.upn, id: hire.id, ip }, [userTarget(hire)], { service: 'Authentication Methods' });
      audit(t + 125000, 'User registered all required security info', 'UserManagement', { upn: hire.upn, id: hire.id, ip }, [userTarget(hire)], { service: 'Authentication Methods' });
      audit(t + 300000, 'Register device', 'Device', { upn: hire.upn, id: hire.id, ip }, [deviceTarget(phone)], { service: 'Device Registration Service' });
      audit(t + 301000, 'Add registered owner to device', 'Device', { upn: hire.upn, id: hire.id, ip }, [deviceTarget(phone), userTarget(hire)], { service: 'Core Directory' });
      audit(t + 900000, 'Add device', 'Device', { app: 'Device Registration Service', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' }, [deviceTarget(hire.device)], { service: 'Device Registration Service' });
      signIn({ t: t + 960000, u: hire, app: 'office', res: 'spo', ip, site: office.site, dev: hire.device, interactive: true, mfa: true });
      if (devops) {
        proc({ t: t + 3600000, dev: hire.device, acct: w.acctOf(hire), ...azCmd(hire.device, 'login') });
        signIn({ t: t + 3620000, u: hire, app: 'azcli', res: 'arm', ip, site: office.site, dev: hire.device, interactive: true, mfa: true, ua: CLI_UA.az(hire.device.os) });
        proc({ t: t + 3700000, dev: hire.device, acct: w.acctOf(hire), ...awsCmd(hire.device, 'configure sso') });
        proc({ t: t + 3800000, dev: hire.device, acct: w.acctOf(hire), ...gcloudCmd(hire.device, 'auth login') });
        gcp(t + 3900000, hire.upn, 'v1.compute.instances.list', 'compute.googleapis.com', ip, CLI_UA.gcloud(), `projects/${gcpProject}`);
      }
      rec.close();
    });
  });

  // ---------- re-imaged laptops and new phones
  [late(2), late(7), late(11)].forEach((d0, k) => {
    const u = take((x) => x.pop === (k === 1 ? 'devops' : 'regular'), 'devops or regular user'); const day = weekday(d0);
    plan.at(day, () => {
      const t = w.workTime(day, u.home, 8, 10); const ip = w.officeIp(u.office, t);
      const laptop = k !== 2;
      const nd: Device = laptop ? { ...w.mkDevice(u, u.device.os, `${u.home.cc.toLowerCase()}-lt`) } : w.mkDevice(u, 'iOS', '');
      benign(`reimaged-${laptop ? 'laptop' : 'phone'}-${u.sam}`, 'reimaged-devices', laptop ? 'reimaged-laptop' : 'new-phone', laptop ? 'Laptop re-imaged by IT (new device object), user signs in again and re-runs their tools' : 'New phone: Authenticator re-registered, phone registered as a device');
      if (laptop) {
        audit(t - 1800000, 'Delete device', 'Device', { app: 'Microsoft Intune', appId: '0000000a-0000-0000-c000-000000000000' }, [deviceTarget(u.device)], { service: 'Core Directory' });
        audit(t - 600000, 'Add device', 'Device', { app: 'Device Registration Service', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' }, [deviceTarget(nd)], { service: 'Device Registration Service' });
        signIn({ t, u, app: 'broker', res: 'drs', ip, site: u.home, dev: nd, interactive: true, mfa: true });
        signIn({ t: t + 120000, u, app: 'outlook', res: 'exo', ip, site: u.home, dev: nd, interactive: true, mfa: true });
        if (u.pop === 'devops') { proc({ t: t + 1800000, dev: nd, acct: w.acctOf(u), ...azCmd(nd, 'login') }); signIn({ t: t + 1820000, u, app: 'azcli', res: 'arm', ip, site: u.home, dev: nd, interactive: true, mfa: true, ua: CLI_UA.az(nd.os) }); }
      } else {
        signIn({ t, u, app: 'mysignins', res: 'graph', ip, site: u.home, dev: u.device, interactive: true, mfa: true });
        audit(t + 60000, 'User deleted security info', 'UserManagement', { upn: u.upn, id: u.id, ip }, [userTarget(u)], { service: 'Authentication Methods' });
        audit(t + 120000, 'User registered security info', 'UserManagement', { upn: u.upn, id: u.id, ip }, [userTarget(u)], { service: 'Authentication Methods' });
        signIn({ t: t + 180000, u, app: 'authenticator', res: 'drs', ip, site: u.home, dev: nd, interactive: true, mfa: true });
        audit(t + 200000, 'Register device', 'Device', { upn: u.upn, id: u.id, ip }, [deviceTarget(nd)], { service: 'Device Registration Service' });
        audit(t + 201000, 'Add registered owner to device', 'Device', { upn: u.upn, id: u.id, ip }, [deviceTarget(nd), userTarget(u)]);
        audit(t + 202000, 'Add registered users to device', 'Device', { upn: u.upn, id: u.id, ip }, [deviceTarget(nd), userTarget(u)]);
      }
      rec.close();
      if (laptop) u.device = nd;
    });
  });

  // ---------- VPN flip between hotel and office within one session (same SessionId, two networks)
  {
    const u = take((x) => x.pop === 'traveller', 'traveller user'); const day = weekday(late(5)); const hotel = TRAVEL[0]!;
    plan.at(day, () => {
      const t = w.workTime(day, hotel.site, 9, 11); const hip = w.ipIn(hotel.net); const vip = pick(w.vpnIps);
      benign(`vpn-flip-hotel-${u.sam}`, 'vpn-travellers', 'hotel-vpn-flip', 'Traveller in a hotel: the same sign-in session seen from the hotel network and the corporate VPN within minutes as the VPN connects and drops');
      const session = guid();
      signIn({ t, u, app: 'outlook', res: 'exo', ip: hip, site: hotel.site, dev: u.device, interactive: true, mfa: true, session });
      signIn({ t: t + 4 * 60000, u, app: 'teams', res: 'spo', ip: vip, site: w.users[0]!.home.cc === 'US' ? w.users[0]!.home : hotel.site, dev: u.device, interactive: false, session });
      signIn({ t: t + 11 * 60000, u, app: 'onedrive', res: 'graph', ip: hip, site: hotel.site, dev: u.device, interactive: false, session });
      signIn({ t: t + 16 * 60000, u, app: 'outlook', res: 'exo', ip: vip, site: hotel.site, dev: u.device, interactive: false, session });
      rec.close();
    });
  }

  // ---------- app secret rotation (by an admin, and by an automation principal), sign-ins continue
  [8, late(6), late(12)].forEach((d0, k) => {
    const day = weekday(Math.min(d0, last)); const app = wl.apps[k === 1 ? 3 : 0]!; const admin = admins[0]!.admin!;
    plan.at(day, () => {
      const t = w.workTime(day, admins[0]!.home, 10, 12); const ip = w.officeIp(admins[0]!.office, t);
      const byAutomation = k === 1;
      benign(`secret-rotation-${app.name}-d${day}`, 'app-secret-rotation', byAutomation ? 'automation-rotator' : 'admin-portal', `Routine rotation of ${app.name}'s client secret ${byAutomation ? 'by the secret-rotation automation (Logic App identity)' : 'by a cloud admin in the portal'}; the app keeps signing in from its usual hosts with the new key`);
      const newKey = guid(); const old = [`[KeyIdentifier=${app.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=secret-${w.iso(t - 80 * DAY).slice(0, 7)}]`];
      if (byAutomation) {
        audit(t, 'Update application – Certificates and secrets management ', 'ApplicationManagement', { app: 'la-secret-rotator', appId: guid() }, [{ id: app.objectId, displayName: app.name, type: 'Application', modifiedProperties: keyProp(newKey, 'Password', `rotated-${w.iso(t).slice(0, 10)}`, old) }]);
      } else {
        signIn({ t: t - 120000, u: admin, app: 'portal', res: 'arm', ip, site: admins[0]!.home, dev: admin.device, interactive: true, mfa: true });
        audit(t, 'Update application – Certificates and secrets management ', 'ApplicationManagement', { upn: admin.upn, id: admin.id, ip }, [{ id: app.objectId, displayName: app.name, type: 'Application', modifiedProperties: keyProp(newKey, 'Password', `rotated-${w.iso(t).slice(0, 10)}`, old) }], { ua: CLI_UA.chrome });
      }
      app.keyId = newKey;
      for (let m = 0; m < 4; m++) w.spSignIn({ t: t + (m + 1) * 1800000, app, ip: pick(app.ips), site: app.site, res: app.res });
      audit(t + 3 * 3600000, 'Update application – Certificates and secrets management ', 'ApplicationManagement', byAutomation ? { app: 'la-secret-rotator', appId: guid() } : { upn: admin.upn, id: admin.id, ip }, [{ id: app.objectId, displayName: app.name, type: 'Application', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: JSON.stringify(old), newValue: '[]' }] }]);
      rec.close();
    });
  });

  // ---------- announced penetration test from a watch-listed workstation
  {
    const day = weekday(late(3)); const day2 = Math.min(last, day + 1);
    const ptDev = w.mkDevice(null, 'Windows', 'NW-PT-WS'); const ptLinux = w.mkDevice(null, 'Linux', 'nw-pt-kali');
    const pt = w.mkUser('regular', OFFICES[1]!, 'Windows', 0);
    pt.upn = `ext.pentest01@${w.domain}`; pt.sam = 'ext.pentest01'; pt.display = 'External Pentest 01'; pt.device = ptDev; w.registerObjectId(pt);
    const firm = HOSTING[10]!; const ptIps: string[] = [];
    watchlists.AuthorizedPentest = ['Hostname,IPAddress,Account,Start,End,Ticket'].concat([ptDev.fqdn, ptLinux.fqdn].map((h) => `${h},,${pt.upn},${w.iso(w.dayStart(day))},${w.iso(w.dayStart(day2 + 1))},CHG-${int(10000, 99999)}`)).join('\n') + '\n';
    const run = (d: number): void => {
      const t = w.workTime(d, OFFICES[1]!.site, 9, 11); const ip = w.ipIn(firm.net); ptIps.push(ip);
      rec.open({ scenario: `announced-pentest-d${d}`, kind: 'benign', class: 'announced-pentest', variant: 'cloud-pivot-test', description: 'Announced external penetration test from watch-listed workstations: cloud CLI logins, Graph enumeration, AADInternals recon, AWS/GCP identity checks, a test role grant', technique: ['T1021.007'] });
      proc({ t, dev: ptDev, acct: w.acctOf(pt), ...pwshCmd(ptDev, `Import-Module AADInternals; Invoke-AADIntReconAsOutsider -DomainName ${w.domain}`) });
      proc({ t: t + 600000, dev: ptDev, acct: w.acctOf(pt), ...pwshCmd(ptDev, 'Connect-MgGraph -Scopes Directory.Read.All; Get-MgUser -All | Export-Csv users.csv') });
      signIn({ t: t + 620000, u: pt, app: 'graphps', res: 'graph', ip, site: firm.site, dev: ptDev, interactive: true, mfa: true });
      proc({ t: t + 1800000, dev: ptLinux, acct: { sam: 'kali', upn: '', sid: '' }, ...azCmd(ptLinux, `login -u ${pt.upn} --allow-no-subscriptions`) });
      signIn({ t: t + 1820000, u: pt, app: 'azcli', res: 'arm', ip, site: firm.site, dev: null, interactive: true, mfa: true, ua: CLI_UA.az('Linux') });
      for (let k = 0; k < 6; k++) signIn({ t: t + 1900000 + k * 300000, u: pt, app: 'azcli', res: pick(['arm', 'graph']), ip, site: firm.site, dev: null, interactive: false, ua: CLI_UA.az('Linux') });
      proc({ t: t + 2400000, dev: ptLinux, acct: { sam: 'kali', upn: '', sid: '' }, file: 'python3', folder: '/usr/bin/python3', cmd: '/usr/bin/python3 /usr/local/bin/roadrecon gather', parent: 'zsh', parentCmd: '-zsh' });
      if (d === day2) audit(t + 3600000, 'Add member to role', 'RoleManagement', { upn: pt.upn, id: pt.id, ip }, [userTarget(pt, roleProp('Application Administrator'))], { ua: CLI_UA.az('Linux') });
      gcp(t + 4000000, pt.upn, 'google.iam.admin.v1.ListServiceAccounts', 'iam.googleapis.com', ip, CLI_UA.gcloud(), `projects/${gcpProject}`);
      rec.close();
    };
    plan.at(day, () => run(day)); if (day2 !== day) plan.at(day2, () => run(day2));
  }

  // ---------- helpdesk bulk password resets (then users change their password at sign-in)
  [late(4), late(10)].forEach((d0, k) => {
    const day = weekday(d0); const hd = users.find((u) => u.pop === 'helpdesk')!;
    plan.at(day, () => {
      const t = w.workTime(day, hd.home, 9, 10); const ip = w.officeIp(hd.office, t);
      benign(`helpdesk-bulk-reset-d${day}`, 'helpdesk-password-resets', k === 0 ? 'phishing-cleanup' : 'leaver-mover-batch', 'Helpdesk resets many passwords in one sitting (after a phishing wave / for a batch of movers); the users then change them at next sign-in');
      signIn({ t: t - 60000, u: hd, app: 'portal', res: 'graph', ip, site: hd.home, dev: hd.device, interactive: true, mfa: true });
      const targets = users.filter((u) => u.pop === 'regular' && u.startDay <= day && !reserved.has(u)).slice(k * 30, k * 30 + int(15, 25));
      targets.forEach((u, j) => {
        audit(t + j * 70000, 'Reset user password', 'UserManagement', { upn: hd.upn, id: hd.id, ip }, [userTarget(u)], { ua: CLI_UA.chrome });
        const tu = t + j * 70000 + int(20, 240) * 60000; const uip = w.officeIp(u.office, tu);
        signIn({ t: tu, u, app: 'office', res: 'spo', ip: uip, site: u.home, dev: u.device, interactive: true, mfa: true });
        audit(tu + 30000, 'Change user password', 'UserManagement', { upn: u.upn, id: u.id, ip: uip }, [userTarget(u)], { service: 'Self-service Password Management' });
      });
      rec.close();
    });
  });

  // ---------- MFA registration drive: many users register new methods in one week
  {
    const d0 = late(1); const label = { l: null as null | ReturnType<typeof benign> };
    for (let d = d0; d < Math.min(last + 1, d0 + 7); d++) {
      if (w.isWeekend(d)) continue;
      plan.at(d, () => {
        if (!label.l) { label.l = benign('mfa-registration-drive', 'mfa-registration-drive', 'authenticator-number-matching', 'IT campaign: staff register the Authenticator app (number matching) or a FIDO2 key within a week; some register a new phone'); }
        else rec.resume(label.l);
        const eligible = users.filter((u) => (u.pop === 'regular' || u.pop === 'field') && !reserved.has(u) && u.startDay <= d);
        const daily = eligible.filter((_, j) => j % 7 === d % 7).slice(0, 12);
        const cohort = daily.length ? daily : eligible.slice(0, 3);
        for (const u of cohort) {
          const t = w.workTime(d, u.home); const ip = u.pop === 'field' ? pick(wl.swgIps[0]!) : w.officeIp(u.office, t);
          signIn({ t, u, app: 'mysignins', res: 'graph', ip, site: u.home, dev: u.device, interactive: true, mfa: true });
          audit(t + 60000, 'User started security info registration', 'UserManagement', { upn: u.upn, id: u.id, ip }, [userTarget(u)], { service: 'Authentication Methods' });
          audit(t + 100000, 'User registered security info', 'UserManagement', { upn: u.upn, id: u.id, ip }, [userTarget(u)], { service: 'Authentication Methods' });
          if (w.chance(0.25)) {
            const ph = w.mkDevice(u, w.chance(0.5) ? 'iOS' : 'Android', '');
            audit(t + 200000, 'Register device', 'Device', { upn: u.upn, id: u.id, ip }, [deviceTarget(ph)], { service: 'Device Registration Service' });
            audit(t + 201000, 'Add registered owner to device', 'Device', { upn: u.upn, id: u.id, ip }, [deviceTarget(ph), userTarget(u)]);
          }
        }
        rec.close();
      });
    }
  }

  // ---------- risk remediated by a secure password change
  {
    const u = take((x) => x.pop === 'risk-remediated', 'risk-remediated user'); const day = weekday(late(8));
    plan.at(day, () => {
      const t = w.workTime(day, u.home, 8, 12); const ip = u.homeIp;
      benign(`risk-password-change-${u.sam}`, 'risk-remediated', 'secure-password-change', 'High-risk sign-in (leaked credentials) from the user\'s own home ISP; the user is forced to change the password and the risk is remediated');
      signIn({ t, u, app: 'office', res: 'spo', ip, site: u.home, dev: u.device, interactive: true, mfa: true, risk: 'high', riskState: 'atRisk', riskEvents: ['leakedCredentials'] });
      audit(t + 120000, 'Change user password', 'UserManagement', { upn: u.upn, id: u.id, ip }, [userTarget(u)], { service: 'Self-service Password Management' });
      signIn({ t: t + 180000, u, app: 'office', res: 'spo', ip, site: u.home, dev: u.device, interactive: true, mfa: true, risk: 'high', riskState: 'remediated', riskDetail: 'userPerformedSecuredPasswordChange', riskEvents: ['leakedCredentials'] });
      rec.close();
    });
  }
  void hex;
  return { reserved, watchlists };
}
