/**
 * Identity-side attacks of issue 11's taxonomy (classes.md): MFA fatigue ending in a device
 * registration, replay of a stolen session, low-and-slow mailbox access over several days, and a
 * credential added to an existing application. Each uses the victim's real identifiers and
 * attacker networks from real providers' address space, abroad or in the victim's own country.
 * Every scenario's last event is on the attack day; low-and-slow starts days before.
 */
import { Rng } from './rng.js';
import type { User } from './org.js';
import { ipIn } from './org.js';
import { fakeGuid, newUti, type Row, type SigninSpec } from './rows.js';
import { APPS, RESOURCES, type App } from './apps.js';
import { type SimContext, MINUTE, ipOf, winUa, azCliUa, psUa, mobileUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { claim, claimed } from './benign.js';
import { attackerIp, attackerBrowser, freshHostName, timeOnDay, passwordStep, pushStep, type Where, type Flavour } from './attacker.js';
import { principalsOf } from './principals.js';

/** A stream of its own per scenario, so adding scenarios leaves the others' draws as they were. */
function streamOf(ctx: SimContext, name: string): Rng { return new Rng(`${ctx.org.seed}:${name}`); }

/** People with a cloud control plane to reach (devops, IT) first, anyone else after. */
function victimPool(ctx: SimContext): readonly User[] {
  const p = [...ctx.org.devops, ...ctx.org.itStaff];
  return p.length ? p : ctx.org.people;
}

// ---------------------------------------------------------------------------------------------

const MFA_VARIANTS = {
  'same-country-denied-register': { where: 'home', prompts: 'denied', join: false },
  'abroad-unanswered-register': { where: 'abroad', prompts: 'unanswered', join: false },
  'same-country-unanswered-join': { where: 'home', prompts: 'unanswered', join: true },
  'abroad-denied-join': { where: 'abroad', prompts: 'denied', join: true },
} as const satisfies Record<string, { where: Where; prompts: 'denied' | 'unanswered'; join: boolean }>;

const mfaFatigueDevice: Scenario = {
  name: 'mfa-fatigue-device', kind: 'attack', class: 'mfa-fatigue-device', variants: Object.keys(MFA_VARIANTS),
  summary: 'Push-notification bombing until the user approves, then a device registered / joined to Entra ID and control-plane sign-ins from it',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = streamOf(ctx, 'mfa-fatigue-device');
    const v = MFA_VARIANTS[variant as keyof typeof MFA_VARIANTS] ?? MFA_VARIANTS['same-country-denied-register'];
    s.technique = ['T1621', 'T1098.005', 'T1078.004', 'T1021.007'];
    const victim = claim(ctx, victimPool(ctx), 1, rng)[0] ?? org.people[0]!;
    const flavour: Flavour = rng.chance(0.5) ? 'vps' : 'proxy';
    const { ip, net } = attackerIp(ctx, rng, v.where, flavour);
    const br = attackerBrowser(ctx, rng);
    const host = freshHostName(rng);
    const deviceId = rng.guid();
    const trust = v.join ? 'Azure AD joined' : 'Azure AD registered';
    s.description = `${victim.upn}'s password is used from ${ip} (${net.name}, ${net.city.city}, ${net.city.country}); push notifications are ${v.prompts} until the user approves one; the attacker then ${v.join ? 'joins' : 'registers'} ${host} to Entra ID and signs in to the Azure portal, Azure Resource Manager and Microsoft Graph from it.`;
    s.accounts.add(victim.upn); s.cloud.add(victim.upn); s.ips.add(ip); s.devices.add(host);
    // Late evening or early morning in the victim's time zone, when a tired user approves.
    let t = timeOnDay(ctx, ctx.attackDay, rng.pick([6.3, 6.8, 22.4, 23.1, 21.7])) + rng.int(0, 1_799_999);
    const session = rng.guid();
    const app = v.join ? APPS.authBroker : rng.pick([APPS.authBroker, APPS.officeHome]);
    const resource = app === APPS.authBroker ? RESOURCES.deviceRegistration : RESOURCES.officePortal;
    const base = (over: Partial<SigninSpec>): SigninSpec => ({
      t, user: victim, app, resource, ip, interactive: true, ua: br.ua, os: br.os, browser: br.browser, sessionId: session,
      clientApp: app === APPS.authBroker ? 'Mobile Apps and Desktop clients' : 'Browser', protocol: 'none', ...over,
    });
    // Password accepted, MFA demanded.
    s.add(rows.signin(base({ result: '50074', requirement: 'multiFactorAuthentication', caStatus: 'notApplied', authDetails: [passwordStep(t)] })), `password accepted from ${ip}, MFA required (50074)`);
    const n = rng.int(5, 12);
    for (let k = 0; k < n; k++) {
      t += (v.prompts === 'unanswered' ? rng.int(65, 130) : rng.int(20, 95)) * 1000;
      s.add(rows.signin(base({
        t, result: '500121', requirement: 'multiFactorAuthentication', caStatus: 'notApplied', mfaMethod: 'Mobile app notification',
        statusDetail: v.prompts === 'denied' ? 'MFA denied; user declined the authentication' : 'MFA denied; user did not respond to mobile app notification',
        authDetails: [passwordStep(t - 4000), pushStep(t, v.prompts)],
      })), k === 0 ? `push notifications ${v.prompts} (${n} × 500121)` : undefined);
    }
    t += rng.int(40, 240) * 1000;
    s.add(rows.signin(base({ t, result: '50140', requirement: 'multiFactorAuthentication', mfaMethod: 'Mobile app notification', authDetails: [passwordStep(t - 5000), pushStep(t - 1000, 'approved')] })));
    s.add(rows.signin(base({ t: t + 9000, mfa: true, requirement: 'multiFactorAuthentication', caStatus: 'success', statusDetail: 'MFA completed in Azure AD', authDetails: [passwordStep(t - 5000), pushStep(t - 1000, 'approved')] })), 'a push is approved: sign-in succeeds');
    // Device registration / join (Device Registration Service, then the directory objects).
    t += rng.int(45, 300) * 1000;
    const osType = 'Windows';
    const devTarget = (props: Row[]): Row => ({ id: deviceId, displayName: host, type: 'Device', modifiedProperties: props });
    const devProps: Row[] = [
      { displayName: 'CloudAccountEnabled', oldValue: '[]', newValue: '[true]' }, { displayName: 'CloudDeviceOSType', oldValue: '[]', newValue: `["${osType}"]` },
      { displayName: 'CloudDeviceOSVersion', oldValue: '[]', newValue: `["${ctx.v.winBuild}"]` }, { displayName: 'CloudDeviceTrustType', oldValue: '[]', newValue: `["${v.join ? 'AzureAd' : 'Workplace'}"]` },
      { displayName: 'CloudDisplayName', oldValue: '[]', newValue: `["${host}"]` },
    ];
    const drs = { app: { name: 'Device Registration Service', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9' } };
    const details = [{ key: 'Device Id', value: deviceId }, { key: 'Device OS', value: osType }, { key: 'Device Trust Type', value: v.join ? 'AzureAd' : 'Workplace' }];
    s.add(rows.audit({ t, op: 'Add device', category: 'Device', opType: 'Add', initiator: drs, targets: [devTarget(devProps)] }));
    s.add(rows.audit({ t: t + 600, op: 'Add registered owner to device', category: 'Device', opType: 'Assign', initiator: drs, targets: [devTarget([]), { id: victim.id, displayName: null, type: 'User', userPrincipalName: victim.upn, modifiedProperties: [] }] }));
    s.add(rows.audit({ t: t + 900, op: 'Add registered users to device', category: 'Device', opType: 'Assign', initiator: drs, targets: [devTarget([]), { id: victim.id, displayName: null, type: 'User', userPrincipalName: victim.upn, modifiedProperties: [] }] }));
    s.add(rows.audit({ t: t + 1500, op: 'Register device', category: 'Device', opType: 'Add', initiator: { user: victim, ip }, service: 'Device Registration Service', targets: [devTarget([])], details }), `${host} ${v.join ? 'joined to Entra ID (AzureAd)' : 'registered (Workplace)'} as ${victim.upn}'s device`);
    // Control plane from the new device: portal, then CLI / Graph on the device's primary refresh token.
    const dev = { id: deviceId, name: host, os: 'Windows10', trustType: trust };
    t += rng.int(3, 12) * MINUTE;
    s.add(rows.signin({ t, user: victim, app: APPS.azurePortal, resource: RESOURCES.arm, ip, interactive: true, ua: winUa(ctx, 'edge'), browser: 'Edge', foreignDevice: dev, mfa: true, incomingToken: 'primaryRefreshToken', statusDetail: 'MFA requirement satisfied by claim in the token' }), `Azure portal sign-in from ${host}`);
    const tools: [App, App, string][] = [[APPS.azureCli, RESOURCES.arm, azCliUa(ctx, undefined)], [APPS.graphCli, RESOURCES.graph, psUa(ctx, true)], [APPS.azurePowerShell, RESOURCES.arm, psUa(ctx, false)]];
    let first = true;
    for (const [tool, res, ua] of rng.sample(tools, rng.int(2, 3))) {
      t += rng.int(2, 9) * MINUTE;
      for (let k = 0; k < rng.int(1, 3); k++) {
        s.add(rows.signin({ t: t + k * rng.int(20, 200) * 1000, user: victim, app: tool, resource: res, ip, interactive: false, ua, foreignDevice: dev, incomingToken: 'primaryRefreshToken', clientApp: 'Mobile Apps and Desktop clients' }), first ? `${tool.name} → ${res.name} from ${host} (non-interactive)` : undefined);
        first = false;
      }
    }
    return s;
  },
};

// ---------------------------------------------------------------------------------------------

/** interactive: the attacker replays interactively too; userInteractive: today's own sign-ins include an interactive one. */
const REPLAY_VARIANTS = {
  'interactive-and-noninteractive': { where: 'abroad', flavour: 'vps', interactive: true, userInteractive: true, reuseToken: false },
  'noninteractive-only': { where: 'abroad', flavour: 'vps', interactive: false, userInteractive: true, reuseToken: false },
  'noninteractive-both-sides': { where: 'abroad', flavour: 'proxy', interactive: false, userInteractive: false, reuseToken: false },
  'same-country-proxy': { where: 'home', flavour: 'proxy', interactive: false, userInteractive: true, reuseToken: false },
  'same-country-vps-interactive': { where: 'home', flavour: 'vps', interactive: true, userInteractive: true, reuseToken: false },
  'token-reuse': { where: 'abroad', flavour: 'vps', interactive: false, userInteractive: true, reuseToken: true },
} as const satisfies Record<string, { where: Where; flavour: Flavour; interactive: boolean; userInteractive: boolean; reuseToken: boolean }>;

const sessionReplay: Scenario = {
  name: 'session-replay', kind: 'attack', class: 'session-replay', variants: Object.keys(REPLAY_VARIANTS),
  summary: 'A session stolen after MFA (AiTM cookie, refresh token) replayed from another network minutes later: same SessionId, other device and user agent',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = streamOf(ctx, 'session-replay');
    const v = REPLAY_VARIANTS[variant as keyof typeof REPLAY_VARIANTS] ?? REPLAY_VARIANTS['interactive-and-noninteractive'];
    s.technique = ['T1550.004', 'T1539', 'T1078.004', 'T1021.007'];
    const victim = claim(ctx, org.people, 1, rng)[0] ?? org.people[0]!;
    const { ip, net } = attackerIp(ctx, rng, v.where, v.flavour);
    const br = attackerBrowser(ctx, rng);
    let t = timeOnDay(ctx, ctx.attackDay, victim.workStart + 0.5 + rng.next() * 5) + rng.int(0, 999);
    const userIp = ipOf(ctx, victim, t, rng);
    const session = rng.guid();
    const d = victim.device;
    const gap = rng.int(3, 25);
    s.description = `${victim.upn} signs in from ${userIp} on ${d?.name ?? 'their device'}; ${v.reuseToken ? 'the same token (UniqueTokenIdentifier, CorrelationId)' : 'the same session (SessionId)'} is used ${gap} minutes later from ${ip} (${net.name}, ${net.city.city}, ${net.city.country}) with another user agent and no device${v.interactive ? ', interactively then non-interactively' : ', in non-interactive sign-ins only'}; mail and Graph are read.`;
    s.accounts.add(victim.upn); s.cloud.add(victim.upn); s.ips.add(ip);
    // The user's own sign-in: interactive with MFA, then the apps refreshing their tokens.
    const deskUa = winUa(ctx, 'edge');
    if (v.userInteractive) s.add(rows.signin({ t, user: victim, app: APPS.officeHome, resource: RESOURCES.officePortal, ip: userIp, interactive: true, ua: deskUa, device: d, mfa: true, sessionId: session, browser: 'Edge' }), `${victim.upn} signs in from ${userIp} (session starts)`);
    // A session opened on an earlier day shows today only as the apps refreshing their tokens.
    else s.add(rows.signin({ t, user: victim, app: APPS.teams, resource: RESOURCES.teamsSvc, ip: userIp, interactive: false, ua: deskUa, device: d, sessionId: session }), `${victim.upn}'s apps refresh the session from ${userIp} (non-interactive only)`);
    const uti = newUti(rng);
    const corr = rng.guid();
    const own = rows.signin({ t: t + rng.int(30, 240) * 1000, user: victim, app: APPS.office, resource: RESOURCES.exchange, ip: userIp, interactive: false, ua: deskUa, device: d, sessionId: session, uti: v.reuseToken ? uti : undefined, correlationId: v.reuseToken ? corr : undefined });
    s.add(own);
    t = own.t + gap * MINUTE;
    if (v.interactive) {
      s.add(rows.signin({ t, user: victim, app: APPS.officeHome, resource: RESOURCES.officePortal, ip, interactive: true, ua: br.ua, os: br.os, browser: br.browser, sessionId: session, mfa: true, statusDetail: 'MFA requirement satisfied by claim in the token', incomingToken: 'none' }), `session cookie replayed interactively from ${ip}`);
      t += rng.int(30, 180) * 1000;
    }
    const reads: [App, App][] = [[APPS.office, RESOURCES.exchange], [APPS.officeHome, RESOURCES.graph], [APPS.teams, RESOURCES.teamsSvc], [APPS.office, RESOURCES.sharepoint], [APPS.officeHome, RESOURCES.exchange]];
    const k = rng.int(4, 9);
    for (let i = 0; i < k; i++) {
      const [app, res] = reads[i % reads.length]!;
      s.add(rows.signin({
        t, user: victim, app, resource: res, ip, interactive: false, ua: br.ua, os: br.os, browser: br.browser, sessionId: session, incomingToken: 'refreshToken',
        uti: v.reuseToken && i === 0 ? uti : undefined, correlationId: v.reuseToken && i === 0 ? corr : undefined,
      }), i === 0 ? (v.reuseToken ? `the user's token (same UniqueTokenIdentifier) used from ${ip}` : `refresh token of the session used from ${ip} (non-interactive)`) : i === k - 1 ? `${res.name} read through the stolen session (${k} non-interactive sign-ins from ${ip})` : undefined);
      t += rng.int(1, 9) * MINUTE;
    }
    return s;
  },
};

// ---------------------------------------------------------------------------------------------

/** staffIsp: the attacker's address is in the home ISP many employees use (new to the user, not to the organisation). */
const SLOW_VARIANTS = {
  'abroad-vps-mail': { where: 'abroad', flavour: 'vps', days: [4, 6], staffIsp: false },
  'same-country-proxy-mail': { where: 'home', flavour: 'proxy', days: [3, 5], staffIsp: false },
  'same-country-vps-graph': { where: 'home', flavour: 'vps', days: [5, 7], staffIsp: false },
  'same-country-staff-isp': { where: 'home', flavour: 'proxy', days: [3, 6], staffIsp: true },
} as const satisfies Record<string, { where: Where; flavour: Flavour; days: readonly [number, number]; staffIsp: boolean }>;

const lowAndSlow: Scenario = {
  name: 'low-and-slow', kind: 'attack', class: 'low-and-slow', variants: Object.keys(SLOW_VARIANTS),
  summary: 'One successful sign-in a day for several days from a network new to the user, reading mail or Graph',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = streamOf(ctx, 'low-and-slow');
    const v = SLOW_VARIANTS[variant as keyof typeof SLOW_VARIANTS] ?? SLOW_VARIANTS['abroad-vps-mail'];
    s.technique = ['T1078.004', 'T1114.002', 'T1021.007'];
    const victim = claim(ctx, org.people.filter((u) => !u.groups.includes('devops')), 1, rng)[0] ?? org.people[0]!;
    let { ip, net } = attackerIp(ctx, rng, v.where, v.flavour);
    if (v.staffIsp) {
      // A residential-proxy exit inside the ISP most employees have at home (not the victim's own ISP, nobody's address).
      const homes = new Set(org.users.map((u) => u.homeIp));
      const isps = org.networks.filter((n) => n.kind === 'home' && n.wide && n.city.country === org.homeCountry && !victim.homeIp.startsWith(`${n.prefix}.`));
      const pool = isps.length ? isps : org.networks.filter((n) => n.kind === 'home' && n.wide && n.city.country === org.homeCountry);
      if (pool.length) {
        net = rng.pick(pool);
        do ip = ipIn(net, rng); while (homes.has(ip));
      }
    }
    const phone = rng.chance(0.4);
    const br = phone ? { ua: mobileUa(ctx, rng), browser: '', os: '' } : attackerBrowser(ctx, rng);
    const phoneOs = br.ua.includes('iPhone') ? 'Ios' : 'Android';
    // Never more days than the simulation holds; the last one is the attack day.
    const days = Math.min(rng.int(v.days[0], v.days[1]), ctx.days);
    const graph = variant === 'same-country-vps-graph';
    s.description = `${victim.upn}'s credentials are used once a day for ${days} days from ${ip} (${net.name}, ${net.city.city}, ${net.city.country}), a network the user never used, to read ${graph ? 'mail and files through Microsoft Graph' : 'mail in Exchange Online'}; one short visit a day, in working hours.`;
    s.accounts.add(victim.upn); s.cloud.add(victim.upn); s.ips.add(ip);
    for (let i = days - 1; i >= 0; i--) {
      const day = ctx.attackDay - i;
      const t = timeOnDay(ctx, day, rng.pick([9.2, 10.5, 11.1, 13.4, 14.8, 16.2])) + rng.int(0, 2_999_999);
      const app = graph ? APPS.graphCli : phone ? APPS.outlookMobile : rng.pick([APPS.office, APPS.officeHome]);
      const res = graph ? RESOURCES.graph : RESOURCES.exchange;
      const session = rng.guid();
      const os = graph ? 'Windows10' : phone ? phoneOs : br.os;
      s.add(rows.signin({ t, user: victim, app, resource: res, ip, interactive: true, ua: graph ? psUa(ctx, true) : br.ua, os, browser: graph || phone ? '' : br.browser, sessionId: session, mfa: rng.chance(0.3), clientApp: graph || phone ? 'Mobile Apps and Desktop clients' : 'Browser' }), `day ${days - i} of ${days}: sign-in from ${ip} to ${res.name}`);
      const reads = rng.int(1, 3);
      for (let k = 0; k < reads; k++) {
        const e = rows.signin({ t: t + (k + 1) * rng.int(1, 6) * MINUTE, user: victim, app, resource: graph ? rng.pick([RESOURCES.graph, RESOURCES.sharepoint]) : RESOURCES.exchange, ip, interactive: false, ua: graph ? psUa(ctx, true) : br.ua, os, sessionId: session });
        s.add(e, i === 0 && k === reads - 1 ? `${e.row.ResourceDisplayName} read in the same session (non-interactive)` : undefined);
      }
    }
    return s;
  },
};

// ---------------------------------------------------------------------------------------------

const SP_VARIANTS = {
  'secret-added-new-ip': { cred: 'secret', where: 'abroad', flavour: 'vps', directory: true },
  'certificate-added-new-ip': { cred: 'certificate', where: 'abroad', flavour: 'vps', directory: true },
  'secret-same-country-directory': { cred: 'secret', where: 'home', flavour: 'vps', directory: true },
  'sp-credential-mail': { cred: 'secret', where: 'abroad', flavour: 'proxy', directory: false },
} as const satisfies Record<string, { cred: 'secret' | 'certificate'; where: Where; flavour: Flavour; directory: boolean }>;

const spCredentialAbuse: Scenario = {
  name: 'sp-credential-abuse', kind: 'attack', class: 'sp-credential-abuse', variants: Object.keys(SP_VARIANTS),
  summary: 'A compromised user adds a secret or certificate to an existing application; the service principal then signs in from a new IP and acts in the directory',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = streamOf(ctx, 'sp-credential-abuse');
    const v = SP_VARIANTS[variant as keyof typeof SP_VARIANTS] ?? SP_VARIANTS['secret-added-new-ip'];
    s.technique = ['T1098.001', 'T1550.001', 'T1078.004', 'T1021.007'];
    const { sps } = principalsOf(org);
    // An existing line-of-business app (not the CI pipeline's, which changes every day anyway).
    // Another scenario's victim is not reused: its alerts would be attributed to both.
    const taken = claimed(ctx);
    const lob = sps.length > 1 ? sps.slice(1) : sps;
    const free = lob.filter((x) => !taken.has(x.owner.id));
    const sp = rng.pick(free.length ? free : lob);
    const actor = sp.owner;
    taken.add(actor.id);
    const { ip, net } = attackerIp(ctx, rng, v.where, v.flavour);
    const br = attackerBrowser(ctx, rng);
    s.description = `${actor.upn} (owner of ${sp.name}) is used from ${ip} (${net.name}, ${net.city.city}, ${net.city.country}) to add a ${v.cred} to the application; ${sp.name} then signs in with it from ${ip}${v.directory ? ' and changes the directory' : ' and reads mail through Graph'}.`;
    s.accounts.add(actor.upn); s.cloud.add(actor.upn); s.cloud.add(sp.appId); s.cloud.add(sp.spId); s.cloud.add(sp.name); s.ips.add(ip);
    let t = timeOnDay(ctx, ctx.attackDay, rng.pick([7.5, 12.5, 18.5, 20.2])) + rng.int(0, 1_799_999);
    s.add(rows.signin({ t, user: actor, app: APPS.azurePortal, resource: RESOURCES.arm, ip, interactive: true, ua: br.ua, os: br.os, browser: br.browser, mfa: true, statusDetail: 'MFA requirement satisfied by claim in the token' }), `${actor.upn} signs in to the Azure portal from ${ip}`);
    t += rng.int(2, 8) * MINUTE;
    const keyId = rng.guid();
    const thumb = rng.hex(40).toUpperCase();
    const keyType = v.cred === 'secret' ? 'Password' : 'AsymmetricX509Cert';
    const newName = rng.pick(['', 'backup', 'temp', 'automation', 'key2']);
    const oldType = sp.credential.type === 'clientSecret' ? 'Password' : 'AsymmetricX509Cert';
    const keyDesc = (ids: string[]): string => JSON.stringify(ids.map((id) => `[KeyIdentifier=${id},KeyType=${id === keyId ? keyType : oldType},KeyUsage=Verify,DisplayName=${id === keyId ? newName : 'prod'}]`));
    const appTarget = { id: sp.appObjectId, displayName: sp.name, type: 'Application', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: keyDesc([sp.credential.keyId]), newValue: keyDesc([sp.credential.keyId, keyId]) }, { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' }] };
    const ua = br.ua;
    s.add(rows.audit({ t, op: 'Update application – Certificates and secrets management ', category: 'ApplicationManagement', opType: 'Update', initiator: { user: actor, ip }, ua, targets: [appTarget] }), `${v.cred} added to application ${sp.name}`);
    s.add(rows.audit({ t: t + 1200, op: 'Update application', category: 'ApplicationManagement', opType: 'Update', initiator: { user: actor, ip }, ua, targets: [{ ...appTarget, modifiedProperties: [{ displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' }] }] }));
    if (rng.chance(0.5)) s.add(rows.audit({ t: t + 2500, op: 'Add service principal credentials', category: 'ApplicationManagement', opType: 'Add', initiator: { user: actor, ip }, ua, targets: [{ id: sp.spId, displayName: sp.name, type: 'ServicePrincipal', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: keyDesc([keyId]) }] }] }));
    // The principal signs in with the new credential, from the attacker's network.
    t += rng.int(4, 30) * MINUTE;
    const cred = v.cred === 'secret' ? { type: 'clientSecret' as const, keyId } : { type: 'clientAssertion' as const, keyId, thumbprint: thumb };
    const res = RESOURCES.graph;
    const n = rng.int(3, 7);
    for (let i = 0; i < n; i++) {
      s.add(rows.principalSignin({ t, kind: 'sp', principal: sp, resource: i === 1 && !v.directory ? RESOURCES.exchange : res, ip, credential: cred, library: rng.pick(['Family: MSAL Library: MSAL.Python 1.28.0 Platform: Python', 'Family: MSAL Library: MSAL.NET 4.61.3 Platform: .NET', '']) }), i === 0 ? `${sp.name} signs in with the new ${v.cred} from ${ip}` : undefined);
      t += rng.int(2, 15) * MINUTE;
    }
    const spInit = { app: { appId: sp.appId, name: sp.name, spId: sp.spId } };
    if (v.directory) {
      const pick = rng.int(0, 2);
      const victim = rng.pick(org.people.filter((u) => u.id !== actor.id));
      if (pick === 0) {
        s.add(rows.audit({ t, op: 'Add app role assignment to service principal', category: 'ApplicationManagement', opType: 'Assign', initiator: spInit, targets: [{ id: sp.spId, displayName: sp.name, type: 'ServicePrincipal', modifiedProperties: [{ displayName: 'AppRole.Value', oldValue: null, newValue: `"${rng.pick(['Mail.Read', 'Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Application.ReadWrite.All'])}"` }] }] }), `${sp.name} grants itself an application permission`);
      } else if (pick === 1) {
        s.add(rows.audit({ t, op: 'Add member to role', category: 'RoleManagement', opType: 'Assign', initiator: spInit, targets: [{ id: victim.id, displayName: null, type: 'User', userPrincipalName: victim.upn, modifiedProperties: [{ displayName: 'Role.DisplayName', oldValue: null, newValue: '"Privileged Role Administrator"' }] }] }), `${sp.name} adds ${victim.upn} to a directory role`);
        s.accounts.add(victim.upn);
      } else {
        const newUser = `${rng.pick(['svc', 'admin', 'sync', 'backup'])}-${rng.alnum(5, 'abcdefghijklmnopqrstuvwxyz0123456789')}@${org.onmicrosoft}`;
        s.add(rows.audit({ t, op: 'Add user', category: 'UserManagement', opType: 'Add', initiator: spInit, targets: [{ id: fakeGuid(newUser), displayName: null, type: 'User', userPrincipalName: newUser, modifiedProperties: [{ displayName: 'AccountEnabled', oldValue: '[]', newValue: '[true]' }] }] }), `${sp.name} creates user ${newUser}`);
        s.accounts.add(newUser);
      }
    }
    return s;
  },
};

export const IDENTITY_ATTACKS: readonly Scenario[] = [mfaFatigueDevice, sessionReplay, lowAndSlow, spCredentialAbuse];
