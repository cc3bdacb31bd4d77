/** Geospatial basics: distance between points, geohash encode/decode, point in circle. */
import type { ScalarImpl } from '../types.js';
import { def, int, num } from './util.js';

/**
 * Kusto's geo functions work on a sphere of the S2 library's Earth radius (6,371,010 m): with it the
 * documented geo_distance_2points example is reproduced to the millimetre.
 */
const EARTH_RADIUS = 6371010;
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

const validLon = (x: number) => x >= -180 && x <= 180;
const validLat = (y: number) => y >= -90 && y <= 90;

/** Great-circle distance in meters: the angle between the two unit vectors (atan2 form, stable for near and antipodal points). */
export function geoDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const v = (lon: number, lat: number) => [Math.cos(lat * r) * Math.cos(lon * r), Math.cos(lat * r) * Math.sin(lon * r), Math.sin(lat * r)] as const;
  const [ax, ay, az] = v(lon1, lat1), [bx, by, bz] = v(lon2, lat2);
  const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
  const angle = Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
  return EARTH_RADIUS * angle;
}

export function geohashEncode(lon: number, lat: number, precision: number): string {
  let lo = [-180, 180], la = [-90, 90];
  let out = '', bits = 0, ch = 0, even = true;
  while (out.length < precision) {
    const rng = even ? lo : la, v = even ? lon : lat;
    const mid = (rng[0]! + rng[1]!) / 2;
    ch <<= 1;
    if (v >= mid) { ch |= 1; rng[0] = mid; } else rng[1] = mid;
    if (even) lo = rng; else la = rng;
    even = !even;
    if (++bits === 5) { out += BASE32[ch]; bits = 0; ch = 0; }
  }
  return out;
}

export function geohashDecode(h: string): { lon: number; lat: number } | undefined {
  const lo = [-180, 180], la = [-90, 90];
  let even = true;
  for (const c of h.toLowerCase()) {
    const v = BASE32.indexOf(c);
    if (v < 0) return undefined;
    for (let b = 4; b >= 0; b--) {
      const rng = even ? lo : la;
      const mid = (rng[0]! + rng[1]!) / 2;
      if ((v >> b) & 1) rng[0] = mid; else rng[1] = mid;
      even = !even;
    }
  }
  return { lon: (lo[0]! + lo[1]!) / 2, lat: (la[0]! + la[1]!) / 2 };
}

export function registerGeo(m: Map<string, ScalarImpl>): void {
  def(m, 'geo_distance_2points', (a, t) => {
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((i) => num(a, t, i));
    if (x1 == null || y1 == null || x2 == null || y2 == null) return null;
    if (!validLon(x1) || !validLat(y1) || !validLon(x2) || !validLat(y2)) return null;
    return geoDistance(x1, y1, x2, y2);
  });
  def(m, 'geo_point_to_geohash', (a, t) => {
    const x = num(a, t, 0), y = num(a, t, 1);
    const p = a.length > 2 ? int(a, t, 2) : 5;
    if (x === null || y === null || p === null || !validLon(x) || !validLat(y) || p < 1 || p > 18) return '';
    return geohashEncode(x, y, p);
  });
  def(m, 'geo_geohash_to_central_point', (a) => {
    if (typeof a[0] !== 'string' || a[0].length === 0 || a[0].length > 18) return null;
    const d = geohashDecode(a[0]);
    return d ? { type: 'Point', coordinates: [d.lon, d.lat] } : null;
  });
  def(m, 'geo_point_in_circle', (a, t) => {
    const v = [0, 1, 2, 3, 4].map((i) => num(a, t, i));
    if (v.some((x) => x === null)) return null;
    const [x, y, cx, cy, r] = v as number[];
    if (!validLon(x!) || !validLat(y!) || !validLon(cx!) || !validLat(cy!) || r! < 0) return null;
    return geoDistance(x!, y!, cx!, cy!) <= r!;
  });
}
