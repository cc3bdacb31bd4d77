/**
 * `egress-change`: on one day the whole company moves to new egress addresses (a new provider's
 * range, a new AutonomousSystemNumber). The move is a rewrite of every row written after the
 * cut-over (background, other scenarios and attacks alike): each office egress address maps to
 * the same host number in the new range, so everyone who works at an office appears from new
 * addresses at once, in sign-ins, directory changes, CloudTrail and GCP audit logs.
 */
import type { Network } from './org.js';
import type { SimEvent, TableName } from './rows.js';
import { iso } from './rows.js';
import { type SimContext, HOUR, MINUTE, localTime, isWeekend } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { freshNetwork, hostIp } from './benign-nets.js';
import { COMPANY_WORDS_A, ISP_WORDS } from './pools.js';

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** Rewrites the public address fields of one row through `map` (and the ASN with it); true when it changed the row. */
function moveRow(e: SimEvent, map: ReadonlyMap<string, { ip: string; net: Network }>, untag: boolean): boolean {
  const r = e.row;
  switch (e.table) {
    case 'SigninLogs':
    case 'AADNonInteractiveUserSignInLogs':
    case 'AADServicePrincipalSignInLogs':
    case 'AADManagedIdentitySignInLogs': {
      const to = map.get(String(r.IPAddress));
      if (!to) return false;
      r.IPAddress = to.ip;
      r.AutonomousSystemNumber = String(to.net.asn);
      // Until the admin updates the named locations, the new addresses are not trusted ones.
      if (untag && typeof r.NetworkLocationDetails === 'string' && /namedNetwork|trustedNamedLocation/.test(r.NetworkLocationDetails)) r.NetworkLocationDetails = '[]';
      return true;
    }
    case 'AuditLogs': {
      const init = r.InitiatedBy as { user?: { ipAddress?: string } } | undefined;
      const to = init?.user?.ipAddress ? map.get(init.user.ipAddress) : undefined;
      if (!to) return false;
      r.InitiatedBy = { ...init, user: { ...init!.user, ipAddress: to.ip } };
      return true;
    }
    case 'AWSCloudTrail': {
      const to = map.get(String(r.SourceIpAddress));
      if (!to) return false;
      r.SourceIpAddress = to.ip;
      return true;
    }
    case 'GCPAuditLogs': {
      const md = r.RequestMetadata as { callerIp?: string } | undefined;
      const to = md?.callerIp ? map.get(md.callerIp) : undefined;
      if (!to) return false;
      r.RequestMetadata = { ...md, callerIp: to.ip };
      return true;
    }
    default:
      return false;
  }
}

export const egressChange: Scenario = {
  name: 'egress-change', class: 'egress-change', kind: 'benign', variants: ['isp-migration', 'named-location-lag'],
  summary: 'The whole company moves to new egress addresses (new provider range and ASN) on one day',
  generate(ctx: SimContext, variant: string) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('egress-change');
    const day = ctx.egressChangeDay ?? Math.round((ctx.days * 2) / 3);
    // The cut-over happens in an early-morning maintenance window, before people come in.
    const cut = localTime(ctx, day, 5 + rng.next() * 1.5);
    const provider = `${cap(rng.pick(COMPANY_WORDS_A))} ${rng.pick(ISP_WORDS)} Business`;
    const asn = rng.int(2000, 64000);
    const map = new Map<string, { ip: string; net: Network }>();
    const moves: { name: string; from: string[]; to: string[] }[] = [];
    for (const o of org.offices) {
      const net = freshNetwork(ctx, rng, 'office', o.city, `${provider} (${o.city.city})`, asn);
      const to = o.egress.map((ip) => { const nip = hostIp(net, Number(ip.split('.')[3])); map.set(ip, { ip: nip, net }); return nip; });
      moves.push({ name: `${o.city.city} office`, from: o.egress.map((ip) => `${ip}/32`), to: to.map((ip) => `${ip}/32`) });
      for (const ip of to) s.ips.add(ip);
    }
    if (variant === 'isp-migration') {
      // The corporate VPN concentrator moves to the new provider too (its own range abroad).
      const net = freshNetwork(ctx, rng, 'vpn', org.vpn.city, `${provider} (${org.vpn.city.city})`, asn);
      for (let h = 1; h <= 254; h++) map.set(`${org.vpn.prefix}.${h}`, { ip: `${net.prefix}.${h}`, net });
      moves.push({ name: org.vpn.name, from: [`${org.vpn.prefix}.0/24`], to: [`${net.prefix}.0/24`] });
      s.ips.add(`${net.prefix}.1`);
    }
    // The named locations follow the same morning, or two working days later.
    // (Kept inside the run: a short run sees the update on its last day.)
    let upd = variant === 'named-location-lag' ? Math.min(day + 2, ctx.days - 1) : day;
    while (upd < ctx.days - 1 && isWeekend(ctx, upd)) upd++;
    const updateAt = variant === 'named-location-lag' ? localTime(ctx, upd, 10 + rng.next() * 4) : cut + rng.int(20, 50) * MINUTE;
    const admin = rng.pick(org.cloudAdmins.length ? org.cloudAdmins : org.itStaff);
    s.accounts.add(admin.upn);
    const adminIp = moves.length ? map.get(admin.office.egress[0]!)?.ip ?? admin.office.egress[0]! : admin.office.egress[0]!;
    moves.forEach((m, i) => {
      const e = rows.audit({
        t: updateAt + i * rng.int(40_000, 180_000), op: 'Update named location', category: 'Policy', opType: 'Update', service: 'Conditional Access',
        initiator: { user: admin, ip: adminIp },
        targets: [{ id: rng.guid(), displayName: m.name, type: 'Policy', modifiedProperties: [{ displayName: 'ipRanges', oldValue: JSON.stringify(m.from.map((c) => ({ cidrAddress: c }))), newValue: JSON.stringify(m.to.map((c) => ({ cidrAddress: c }))) }] }],
        ua: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${ctx.v.chrome} Safari/537.36 Edg/${ctx.v.edge}`,
      });
      s.add(e, i === 0 ? `named location '${m.name}' updated to the new range` : undefined);
    });
    const untagUntil = updateAt;
    const first = new Set<TableName>();
    s.rewrite = (e) => {
      if (e.t < cut) return false;
      const changed = moveRow(e, map, variant === 'named-location-lag' && e.t < untagUntil);
      if (changed && !first.has(e.table)) {
        first.add(e.table);
        s.timeline.push({ time: iso(e.t), table: e.table, step: `first ${e.table} row from the new egress (${provider}, AS${asn})` });
      }
      return changed;
    };
    s.description = `On ${iso(cut).slice(0, 10)} the company moves its internet egress to ${provider} (AS${asn}): every office address${variant === 'isp-migration' ? ' and the corporate VPN' : ''} changes at once, for everyone, in sign-ins, directory changes, CloudTrail and GCP. ${variant === 'named-location-lag' ? 'The named locations are updated two working days later, so the new addresses are untrusted until then.' : 'The named locations are updated the same morning.'}`;
    s.window = { start: cut, end: ctx.start + ctx.days * 24 * HOUR };
    return s;
  },
};
