import type { Rng } from './rng.js';
import { HOSTING, COUNTRIES, AWS_EC2, ipIn, place, countryOf, type Place } from './net.js';

/** Attacker and traveller infrastructure: VPS addresses from real hosting ranges, residential and mobile addresses from ISPs. */
export function vps(r: Rng, o: { country?: string; notCountries?: string[] } = {}): Place {
  let sites = HOSTING.filter((s) => (o.country ? s.country === o.country : true) && !(o.notCountries ?? []).includes(s.country));
  if (sites.length === 0) sites = HOSTING.filter((s) => !(o.notCountries ?? []).includes(s.country));
  const s = r.pick(sites);
  return place(ipIn(r, r.pick(s.net.cidrs)), s.net, s.country, s.city);
}
export function residential(r: Rng, code: string): Place {
  const k = countryOf(code), isp = r.pick(k.isps);
  return place(ipIn(r, r.pick(isp.cidrs)), isp, k.code, r.pick(k.cities));
}
export function mobile(r: Rng, code: string): Place {
  const k = countryOf(code);
  return place(ipIn(r, r.pick(k.mobile.cidrs)), k.mobile, k.code, r.pick(k.cities));
}
/** An EC2 address in a region (an attacker's own instance looks like this too). */
export function ec2(r: Rng, region: string): Place {
  const s = AWS_EC2[region]!;
  return place(ipIn(r, r.pick(s.cidrs)), { asn: 16509, org: 'Amazon.com, Inc.', cidrs: s.cidrs, kind: 'hosting' }, s.country, s.city);
}
/** Great-circle distance in km. */
export function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
/** A country at least minKm from the given place's city. */
export function farCountry(r: Rng, from: Place, minKm: number): string {
  const far = COUNTRIES.filter((k) => km(k.cities[0]!, from.city) >= minKm);
  return r.pick(far.length ? far : COUNTRIES.filter((k) => k.code !== from.country)).code;
}
export function otherCountry(r: Rng, not: string[]): string { return r.pick(COUNTRIES.filter((k) => !not.includes(k.code))).code; }
