/**
 * Networks the benign look-alikes need beyond the organisation model: a new ISP range for an
 * egress move, secure-web-gateway sites in many countries, cloud NAT ranges of hosted CI runners (Google Cloud; Azure's are in infra.ts).
 * Provider prefixes are the providers' real published address space (so a rule that recognises a
 * provider by ASN or range is keying on real behaviour); each network is registered with the row
 * factory's geolocation so sign-ins get a place and an ASN.
 */
import type { Rng } from './rng.js';
import type { Network, NetKind } from './org.js';
import type { City } from './pools.js';
import { CITIES } from './pools.js';
import type { SimContext } from './context.js';

const BAD_FIRST_OCTETS = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203, 224]);

/** /16 prefixes already taken in this tenant (the org's networks and what scenarios added). */
function taken(ctx: SimContext): Set<string> {
  const c = ctx as unknown as { _taken16?: Set<string> };
  if (!c._taken16) {
    c._taken16 = new Set<string>();
    for (const n of ctx.org.networks) c._taken16.add(n.prefix.split('.').slice(0, 2).join('.'));
  }
  return c._taken16;
}

/** A new /24 (or /16 when `wide`) in a /16 nobody in the tenant uses, registered for geolocation. */
export function freshNetwork(ctx: SimContext, rng: Rng, kind: NetKind, city: City, name: string, asn: number, wide = false): Network {
  const used = taken(ctx);
  for (;;) {
    const a = rng.int(2, 223), b = rng.int(0, 255);
    if (BAD_FIRST_OCTETS.has(a)) continue;
    const p16 = `${a}.${b}`;
    if (used.has(p16)) continue;
    used.add(p16);
    const net: Network = { kind, name, prefix: wide ? p16 : `${p16}.${rng.int(0, 255)}`, wide, city, asn };
    ctx.rows.geo.add(net);
    return net;
  }
}

/**
 * /24 sites of a provider inside one of its real ranges (`base` a /16 such as "165.225"), one per
 * city. Returns none when the tenant's own random networks already hold that /16 (then the caller
 * tries another range of the provider).
 */
export function providerSites(ctx: SimContext, rng: Rng, base: string, kind: NetKind, name: string, asn: number, cities: readonly City[]): Network[] {
  const used = taken(ctx);
  if (used.has(base)) return [];
  used.add(base);
  const thirds = rng.sample(Array.from({ length: 128 }, (_, i) => i), cities.length);
  return cities.map((city, i) => {
    const net: Network = { kind, name, prefix: `${base}.${thirds[i]!}`, wide: false, city, asn };
    ctx.rows.geo.add(net);
    return net;
  });
}

/** Secure web gateway providers: real AS numbers and /16s inside their published ranges. */
export const SWG_PROVIDERS = [
  { id: 'zscaler', name: 'Zscaler, Inc.', asn: 22616, ranges: ['165.225', '136.226', '147.161'] },
  { id: 'netskope', name: 'Netskope Inc', asn: 55256, ranges: ['163.116'] },
  { id: 'cloudflare-gateway', name: 'Cloudflare, Inc.', asn: 13335, ranges: ['104.28'] },
] as const;

/** Cloud NAT egress of hosted build runners outside Azure (Azure runners use the org's Azure region, infra.ts). */
export const RUNNER_CLOUDS = {
  gcp: { name: 'Google LLC', asn: 396982, ranges: ['34.116', '35.187', '34.91'] },
} as const;

/** Cities in countries other than `home` (one per country), for gateway sites and trips. */
export function foreignCities(home: string, rng: Rng, n: number): City[] {
  const byCountry = new Map<string, City[]>();
  for (const c of CITIES) if (c.country !== home) byCountry.set(c.country, [...(byCountry.get(c.country) ?? []), c]);
  return rng.sample([...byCountry.values()].map((cs) => rng.pick(cs)), n);
}

/** Host address `host` (1-254) of a /24 network. */
export function hostIp(net: Network, host: number): string {
  return net.wide ? `${net.prefix}.0.${host}` : `${net.prefix}.${host}`;
}
