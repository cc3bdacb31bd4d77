/**
 * Network look-alikes: a secure web gateway that egresses from many countries and hosting
 * addresses for many users at once (`cloud-proxy`), and travellers whose one session flips between
 * the hotel network and the corporate VPN within minutes (`vpn-travellers`).
 */
import type { Network, User } from './org.js';
import { ipIn } from './org.js';
import { APPS, RESOURCES, type App } from './apps.js';
import { HOUR, MINUTE, DAY, localTime, isWeekend, browserUaFor, azCliUa, awsCliUa, mobileUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { claim, ssoIdentity, ssoRoleName } from './benign.js';
import { SWG_PROVIDERS, providerSites, foreignCities, hostIp, freshNetwork } from './benign-nets.js';

const OFFICE_APPS: readonly (readonly [App, App])[] = [
  [APPS.officeHome, RESOURCES.officePortal], [APPS.teams, RESOURCES.teamsSvc], [APPS.office, RESOURCES.exchange],
  [APPS.oneDrive, RESOURCES.sharepoint], [APPS.myApps, RESOURCES.officePortal],
];

export const cloudProxy: Scenario = {
  name: 'cloud-proxy', class: 'cloud-proxy', kind: 'benign', variants: [...SWG_PROVIDERS.map((p) => p.id), 'zscaler-rollout'],
  summary: 'A secure web gateway egressing from many countries and hosting addresses, shared by many users',
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('cloud-proxy');
    const provider = SWG_PROVIDERS.find((p) => variant.startsWith(p.id)) ?? SWG_PROVIDERS[0];
    // `-rollout`: the gateway is switched on for its users halfway through the run (so its sites are
    // new to every baseline), and is not yet a trusted named location.
    const rolloutDay = variant.endsWith('-rollout') ? Math.max(1, Math.round(ctx.days / 2)) : 0;
    // Gateway sites: one in the home country (where most traffic leaves), several abroad.
    const home = org.offices[0]!.city;
    const abroad = foreignCities(org.homeCountry, rng, rng.int(4, 6));
    let sites: Network[] = [];
    for (const base of rng.sample(provider.ranges, provider.ranges.length)) { sites = providerSites(ctx, rng, base, 'hosting', provider.name, provider.asn, [home, ...abroad]); if (sites.length) break; }
    if (!sites.length) sites = [home, ...abroad].map((c) => freshNetwork(ctx, rng, 'hosting', c, provider.name, provider.asn));
    // Each site egresses through a handful of addresses shared by every user routed there.
    const siteIps = sites.map((n) => rng.sample(Array.from({ length: 250 }, (_, i) => i + 2), rng.int(3, 6)).map((h) => hostIp(n, h)));
    const trusted = variant === 'zscaler' && !rolloutDay;
    const network = trusted ? [{ networkType: 'trustedNamedLocation', networkNames: [`${provider.name.split(',')[0]} egress`] }] : [];
    const n = Math.max(8, Math.min(80, Math.round(org.people.length * 0.1)));
    const users = claim(ctx, org.people.filter((u) => !u.groups.includes('it')), n, rng);
    const used = new Set<string>();
    const via = (): string => {
      const k = rng.chance(0.8) ? 0 : rng.int(1, sites.length - 1);
      const ip = rng.pick(siteIps[k]!);
      used.add(ip);
      return ip;
    };
    let firstAbroad = true;
    for (const u of users) {
      s.accounts.add(u.upn);
      for (let day = rolloutDay; day < ctx.days; day++) {
        if (isWeekend(ctx, day) && !rng.chance(0.1)) continue;
        const session = rng.guid();
        for (let k = 0, m = rng.int(2, 5); k < m; k++) {
          const t = localTime(ctx, day, u.workStart + rng.next() * (u.workEnd - u.workStart));
          const ip = via();
          const [app, res] = rng.pick(OFFICE_APPS);
          const interactive = k === 0 || rng.chance(0.2);
          const e = s.add(rows.signin({ t, user: u, app, resource: res, ip, interactive, ua: browserUaFor(ctx, u.device, rng), device: u.device, mfa: interactive && rng.chance(0.4), network, sessionId: session }));
          if (firstAbroad && ip.startsWith(sites[1]?.prefix ?? '-')) { firstAbroad = false; s.timeline.push({ time: new Date(e.t).toISOString(), table: e.table, step: `gateway routes ${u.upn} through ${sites[1]!.city.city} (${sites[1]!.city.country})` }); }
        }
        // DevOps engineers behind the gateway: their CLIs leave through it too.
        if (u.groups.includes('devops') && u.device && rng.chance(0.6)) {
          const t = localTime(ctx, day, u.workStart + 1 + rng.next() * 5);
          const ip = via();
          s.add(rows.signin({ t, user: u, app: APPS.azureCli, resource: RESOURCES.arm, ip, interactive: false, ua: azCliUa(ctx, u.device), device: u.device, network }));
          if (u.awsPermissionSet) {
            const acctId = org.aws.accounts[0]!.id;
            s.add(rows.cloudtrail({ t: t + rng.int(30_000, 600_000), source: 'sts.amazonaws.com', name: 'GetCallerIdentity', region: org.aws.homeRegion, ip, ua: awsCliUa(ctx, u.device.os, 'sts.get-caller-identity'), readOnly: true, recipient: acctId, identity: ssoIdentity(ctx, u, u.awsPermissionSet, t - rng.int(0, 2 * HOUR), acctId) }));
            s.cloud.add(`${ssoRoleName(ctx, u.awsPermissionSet)}/${u.upn}`);
          }
        }
      }
    }
    for (const ip of used) s.ips.add(ip);
    s.description = `${n} users browse through ${provider.name}'s secure web gateway (AS${provider.asn}); their sign-ins leave from its sites in ${[home, ...abroad].map((c) => c.country).join(', ')}, a handful of addresses per site shared by all of them, sometimes switching country between two sign-ins of one session${trusted ? ' (the gateway ranges are a trusted named location)' : ''}${rolloutDay ? `; the gateway is rolled out to them on ${new Date(ctx.start + rolloutDay * DAY).toISOString().slice(0, 10)}, so its sites are new to every baseline` : ''}.`;
    if (rolloutDay) s.window = { start: ctx.start + rolloutDay * DAY, end: ctx.start + ctx.days * DAY };
    return s;
  },
};

/** A sign-in of a traveller's session: same device, user agent and SessionId whichever network carries it. */
interface Leg { readonly t: number; readonly ip: string; readonly app: App; readonly res: App; readonly interactive: boolean; readonly vpn: boolean }

export const vpnTravellers: Scenario = {
  name: 'vpn-travellers', class: 'vpn-travellers', kind: 'benign', variants: ['always-on-reconnects', 'split-tunnel'],
  summary: "Travellers' sessions flip between the hotel network and the corporate VPN egress within minutes",
  generate(ctx, variant) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('vpn-travellers');
    const travellers = claim(ctx, org.people.filter((u) => !u.groups.includes('it')), 3, rng);
    const vpnTag = [{ networkType: 'trustedNamedLocation', networkNames: [org.vpn.name] }];
    travellers.forEach((u: User, i) => {
      s.accounts.add(u.upn);
      if (u.device) s.devices.add(u.device.fqdn);
      const hotel = rng.pick(org.hotelNets);
      // The first traveller is abroad over the last day (the day rules are replayed on); the others earlier.
      const leave = i === 0 ? Math.max(0, ctx.days - 3) : rng.int(1, Math.max(1, ctx.days - 5));
      const stay = i === 0 ? 3 : rng.int(2, 4);
      const depart = localTime(ctx, leave, 6 + rng.next() * 2);
      s.add(rows.signin({ t: depart - 40 * MINUTE, user: u, app: APPS.outlookMobile, resource: RESOURCES.exchange, ip: ipIn(u.carrier, rng), interactive: false, ua: mobileUa(ctx, rng), os: 'Ios' }));
      const flight = 2 + (Math.hypot(hotel.city.lat - u.office.city.lat, hotel.city.lon - u.office.city.lon) * 111) / 800;
      const arrive = depart + flight * HOUR + rng.int(60, 150) * MINUTE;
      const ua = browserUaFor(ctx, u.device, rng);
      const hotelIp = ipIn(hotel, rng);
      s.ips.add(hotelIp);
      for (let d = 0; d < stay; d++) {
        const start = d === 0 ? arrive : arrive + d * DAY - rng.int(0, 3) * HOUR;
        const session = rng.guid();
        const vpnIp = ipIn(org.vpn, rng);
        s.ips.add(vpnIp);
        const legs: Leg[] = [];
        let t = start, onVpn = false;
        for (let k = 0, n = rng.int(8, 16); k < n; k++) {
          if (variant === 'always-on-reconnects') {
            // The always-on client drops on the hotel Wi-Fi and reconnects: the same session hops networks.
            if (k > 0 && rng.chance(0.5)) onVpn = !onVpn;
            const [app, res] = rng.pick(OFFICE_APPS);
            legs.push({ t, ip: onVpn ? vpnIp : hotelIp, app, res, interactive: k === 0, vpn: onVpn });
            t += rng.int(3, 20) * MINUTE;
          } else {
            // Split tunnel: Microsoft 365 goes out directly, the Azure portal and Graph through the VPN.
            const corp = k > 0 && rng.chance(0.45);
            const [app, res] = corp ? rng.pick([[APPS.azurePortal, RESOURCES.arm], [APPS.myApps, RESOURCES.graph]] as const) : rng.pick(OFFICE_APPS);
            legs.push({ t, ip: corp ? vpnIp : hotelIp, app, res, interactive: k === 0 || (corp && rng.chance(0.2)), vpn: corp });
            t += rng.int(1, 12) * MINUTE;
          }
        }
        legs.forEach((l, k) => {
          if (l.t >= ctx.start + ctx.days * DAY) return;
          const e = s.add(rows.signin({ t: l.t, user: u, app: l.app, resource: l.res, ip: l.ip, interactive: l.interactive, ua, device: u.device, mfa: l.interactive && !l.vpn, sessionId: session, network: l.vpn ? vpnTag : [] }));
          if (k > 0 && l.vpn !== legs[k - 1]!.vpn && d === 0 && !s.timeline.some((x) => x.step.startsWith(u.upn))) s.timeline.push({ time: new Date(e.t).toISOString(), table: e.table, step: `${u.upn}: session ${session.slice(0, 8)} moves ${l.vpn ? 'hotel -> VPN' : 'VPN -> hotel'} (${hotel.city.city} / ${org.vpn.city.city})` });
        });
      }
    });
    s.description = `Three travellers at hotels abroad; ${variant === 'split-tunnel' ? 'a split tunnel sends Microsoft 365 out of the hotel network and the Azure portal and Graph through the corporate VPN' : 'the always-on VPN client drops on the hotel Wi-Fi and reconnects'}, so one session (same SessionId, device and user agent) alternates between the hotel address and the VPN egress in ${org.vpn.city.city} within minutes.`;
    return s;
  },
};
