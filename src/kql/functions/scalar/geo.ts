/** Geospatial basics: distance between points, geohash encode/decode, point in circle. */
import type { DynamicValue } from '../../data/types.js';
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
  const b = geohashBounds(h);
  return b && { lon: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2 };
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

// ---- GeoJSON lines and polygons on the S2 sphere (edges are great-circle arcs)

export type Pt = [number, number]; // [longitude, latitude]

function isPoint(p: unknown): p is Pt {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && validLon(p[0]) && validLat(p[1]);
}

/** A LineString (≥ 2 points) or null. */
function lineOf(c: unknown): Pt[] | null {
  if (!Array.isArray(c) || c.length < 2 || !c.every(isPoint)) return null;
  return c as Pt[];
}

const samePt = (a: Pt, b: Pt) => a[0] === b[0] && a[1] === b[1];

/** A closed ring with at least 3 distinct vertices, or null. */
function ringOf(c: unknown): Pt[] | null {
  const r = lineOf(c);
  if (!r || r.length < 4 || !samePt(r[0]!, r[r.length - 1]!)) return null;
  const distinct = new Set(r.slice(0, -1).map((p) => `${p[0]},${p[1]}`));
  return distinct.size >= 3 ? r : null;
}

/** Polygon → rings (first = shell); MultiPolygon → list of those. null when invalid. */
export function polygonsOf(g: unknown): Pt[][][] | null {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return null;
  const o = g as { type?: unknown; coordinates?: unknown };
  const poly = (c: unknown): Pt[][] | null => {
    if (!Array.isArray(c) || c.length === 0) return null;
    const rings = c.map(ringOf);
    return rings.every((r) => r) ? (rings as Pt[][]) : null;
  };
  if (o.type === 'Polygon') { const p = poly(o.coordinates); return p ? [p] : null; }
  if (o.type === 'MultiPolygon' && Array.isArray(o.coordinates) && o.coordinates.length > 0) {
    const ps = o.coordinates.map(poly);
    return ps.every((p) => p) ? (ps as Pt[][][]) : null;
  }
  return null;
}

function linesOf(g: unknown): Pt[][] | null {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return null;
  const o = g as { type?: unknown; coordinates?: unknown };
  if (o.type === 'LineString') { const l = lineOf(o.coordinates); return l ? [l] : null; }
  if (o.type === 'MultiLineString' && Array.isArray(o.coordinates) && o.coordinates.length > 0) {
    const ls = o.coordinates.map(lineOf);
    return ls.every((l) => l) ? (ls as Pt[][]) : null;
  }
  return null;
}

const pathLength = (l: Pt[]) => { let s = 0; for (let i = 1; i < l.length; i++) s += geoDistance(l[i - 1]![0], l[i - 1]![1], l[i]![0], l[i]![1]); return s; };

const RAD = Math.PI / 180;
const unit = (p: Pt): [number, number, number] => [Math.cos(p[1] * RAD) * Math.cos(p[0] * RAD), Math.cos(p[1] * RAD) * Math.sin(p[0] * RAD), Math.sin(p[1] * RAD)];

/** Initial bearing from a to b, radians clockwise from north in [0, 2π). */
export function azimuth(a: Pt, b: Pt): number {
  const f1 = a[1] * RAD, f2 = b[1] * RAD, dl = (b[0] - a[0]) * RAD;
  const y = Math.sin(dl) * Math.cos(f2);
  const x = Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl);
  const t = Math.atan2(y, x);
  return t < 0 ? t + 2 * Math.PI : t;
}

/** Signed spherical area (steradians) of a closed ring, by the sum of signed triangle excesses from its first vertex. */
function ringSteradians(r: Pt[]): number {
  const v = r.map(unit);
  let s = 0;
  const o = v[0]!;
  for (let i = 1; i + 1 < v.length - 1; i++) {
    const a = v[i]!, b = v[i + 1]!;
    // Van Oosterom–Strackee: tan(E/2) = o·(a×b) / (1 + o·a + a·b + b·o)
    const cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2], cz = a[0] * b[1] - a[1] * b[0];
    const num = o[0] * cx + o[1] * cy + o[2] * cz;
    const den = 1 + (o[0] * a[0] + o[1] * a[1] + o[2] * a[2]) + (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) + (b[0] * o[0] + b[1] * o[1] + b[2] * o[2]);
    s += 2 * Math.atan2(num, den);
  }
  return s;
}

/**
 * Point in a spherical ring: gnomonic projection centred on the point maps great-circle edges to
 * straight lines, so a planar crossing test at the origin is exact (for rings within the point's hemisphere).
 */
function inRing(p: Pt, r: Pt[]): boolean {
  const c = unit(p);
  // tangent-plane basis at c
  const east = [-Math.sin(p[0] * RAD), Math.cos(p[0] * RAD), 0];
  const north = [-Math.sin(p[1] * RAD) * Math.cos(p[0] * RAD), -Math.sin(p[1] * RAD) * Math.sin(p[0] * RAD), Math.cos(p[1] * RAD)];
  const proj = r.map((q) => {
    const v = unit(q);
    const d = v[0] * c[0] + v[1] * c[1] + v[2] * c[2];
    if (d <= 1e-12) return null; // beyond the hemisphere: not representable
    return [(v[0] * east[0]! + v[1] * east[1]! + v[2] * east[2]!) / d, (v[0] * north[0]! + v[1] * north[1]! + v[2] * north[2]!) / d] as const;
  });
  if (proj.some((x) => x === null)) return false;
  let inside = false;
  for (let i = 0, j = proj.length - 1; i < proj.length; j = i++) {
    const [xi, yi] = proj[i]!, [xj, yj] = proj[j]!;
    if ((yi > 0) !== (yj > 0) && 0 < ((xj - xi) * (0 - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function registerGeoShapes(m: Map<string, ScalarImpl>): void {
  def(m, 'geo_line_length', (a) => { const ls = linesOf(a[0]); return ls ? ls.reduce((s, l) => s + pathLength(l), 0) : null; });
  def(m, 'geo_polygon_perimeter', (a) => {
    const ps = polygonsOf(a[0]);
    return ps ? ps.reduce((s, rings) => s + rings.reduce((t, r) => t + pathLength(r), 0), 0) : null;
  });
  def(m, 'geo_polygon_area', (a) => {
    const ps = polygonsOf(a[0]);
    if (!ps) return null;
    let total = 0;
    for (const rings of ps) {
      let area = Math.abs(ringSteradians(rings[0]!));
      if (area > 2 * Math.PI) area = 4 * Math.PI - area;
      for (const hole of rings.slice(1)) area -= Math.min(Math.abs(ringSteradians(hole)), 4 * Math.PI - Math.abs(ringSteradians(hole)));
      total += area;
    }
    return total * EARTH_RADIUS * EARTH_RADIUS;
  });
  def(m, 'geo_point_in_polygon', (a, t) => {
    const x = num(a, t, 0), y = num(a, t, 1);
    const ps = polygonsOf(a[2]);
    if (x === null || y === null || !validLon(x) || !validLat(y) || !ps) return null;
    const p: Pt = [x, y];
    return ps.some((rings) => inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)));
  });
  def(m, 'geo_azimuth', (a, t) => {
    const v = [0, 1, 2, 3].map((i) => num(a, t, i));
    if (v.some((z) => z === null)) return null;
    const [x1, y1, x2, y2] = v as number[];
    if (!validLon(x1!) || !validLat(y1!) || !validLon(x2!) || !validLat(y2!) || (x1 === x2 && y1 === y2)) return null;
    return azimuth([x1!, y1!], [x2!, y2!]);
  });
  def(m, 'geo_angle', (a, t) => {
    const v = [0, 1, 2, 3, 4, 5].map((i) => num(a, t, i));
    if (v.some((z) => z === null)) return null;
    const [x1, y1, x2, y2, x3, y3] = v as number[];
    const pts: Pt[] = [[x1!, y1!], [x2!, y2!], [x3!, y3!]];
    if (!pts.every((p) => validLon(p[0]) && validLat(p[1])) || samePt(pts[0]!, pts[1]!) || samePt(pts[1]!, pts[2]!)) return null;
    let d = azimuth(pts[1]!, pts[2]!) - azimuth(pts[1]!, pts[0]!);
    if (d < 0) d += 2 * Math.PI;
    return d;
  });
  def(m, 'geo_geohash_neighbors', (a) => {
    const h = a[0];
    if (typeof h !== 'string' || h.length === 0 || h.length > 18) return null;
    const b = geohashBounds(h);
    if (!b) return null;
    const [w, s, e, n] = b;
    const dx = e - w, dy = n - s, cx = (w + e) / 2, cy = (s + n) / 2;
    const out = new Set<string>();
    // Kusto's order (docs example for 'sunny'): SW, NW, SE, N, W, NE, E, S
    for (const [i, j] of [[-1, -1], [-1, 1], [1, -1], [0, 1], [-1, 0], [1, 1], [1, 0], [0, -1]] as const) {
      const y = cy + j * dy;
      if (y > 90 || y < -90) continue;
      let x = cx + i * dx;
      if (x > 180) x -= 360; else if (x < -180) x += 360;
      const g = geohashEncode(x, y, h.length);
      if (g !== h) out.add(g);
    }
    return [...out];
  });
  def(m, 'geo_geohash_to_polygon', (a) => {
    const h = a[0];
    if (typeof h !== 'string' || h.length === 0 || h.length > 18) return null;
    const b = geohashBounds(h);
    if (!b) return null;
    const [w, s, e, n] = b;
    return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
  });
}

/** [west, south, east, north] of a geohash cell, or undefined. */
export function geohashBounds(h: string): [number, number, number, number] | undefined {
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
  return [lo[0]!, la[0]!, lo[1]!, la[1]!];
}

// ---- WKT → GeoJSON, H3 index bit fields, interpolation along a line

/** Parses WKT (POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION) to GeoJSON; null when malformed. */
export function wktToGeoJson(text: string): DynamicValue | null {
  let pos = 0;
  const s = text;
  const ws = () => { while (pos < s.length && /\s/.test(s[pos]!)) pos++; };
  const word = (): string => { ws(); const m = /^[A-Za-z]+/.exec(s.slice(pos)); if (!m) return ''; pos += m[0].length; return m[0].toUpperCase(); };
  const expect = (c: string): boolean => { ws(); if (s[pos] === c) { pos++; return true; } return false; };
  const numberTok = (): number | null => { ws(); const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(pos)); if (!m) return null; pos += m[0].length; return Number(m[0]); };
  const point = (): number[] | null => { const x = numberTok(), y = numberTok(); if (x === null || y === null) return null; const z = numberTok(); void z; return [x, y]; };
  const list = <T>(item: () => T | null): T[] | null => {
    if (!expect('(')) return null;
    const out: T[] = [];
    do { const v = item(); if (v === null) return null; out.push(v); } while (expect(','));
    return expect(')') ? out : null;
  };
  const pointInParens = (): number[] | null => { ws(); if (s[pos] === '(') { pos++; const p = point(); return p && expect(')') ? p : null; } return point(); };
  const geometry = (): DynamicValue | null => {
    const kind = word();
    switch (kind) {
      case 'POINT': { if (!expect('(')) return null; const p = point(); return p && expect(')') ? { type: 'Point', coordinates: p } : null; }
      case 'LINESTRING': { const c = list(point); return c ? { type: 'LineString', coordinates: c } : null; }
      case 'POLYGON': { const c = list(() => list(point)); return c ? { type: 'Polygon', coordinates: c } : null; }
      case 'MULTIPOINT': { const c = list(pointInParens); return c ? { type: 'MultiPoint', coordinates: c } : null; }
      case 'MULTILINESTRING': { const c = list(() => list(point)); return c ? { type: 'MultiLineString', coordinates: c } : null; }
      case 'MULTIPOLYGON': { const c = list(() => list(() => list(point))); return c ? { type: 'MultiPolygon', coordinates: c } : null; }
      case 'GEOMETRYCOLLECTION': { const g = list(geometry); return g ? { type: 'GeometryCollection', geometries: g } : null; }
      default: return null;
    }
  };
  const g = geometry();
  ws();
  return g !== null && pos === s.length ? g : null;
}

const H3_RES_SHIFT = 52n, H3_MODE_SHIFT = 59n;

function h3Parse(v: unknown): bigint | undefined {
  if (typeof v !== 'string' || !/^[0-9a-fA-F]{1,16}$/.test(v)) return undefined;
  const h = BigInt('0x' + v);
  if (((h >> H3_MODE_SHIFT) & 0xfn) !== 1n) return undefined;
  const res = Number((h >> H3_RES_SHIFT) & 0xfn);
  if (Number((h >> 45n) & 0x7fn) >= 122) return undefined;
  for (let r = res + 1; r <= 15; r++) if (((h >> BigInt((15 - r) * 3)) & 7n) !== 7n) return undefined;
  return h;
}

export function registerGeoExtra(m: Map<string, ScalarImpl>): void {
  def(m, 'geo_from_wkt', (a) => (typeof a[0] === 'string' ? wktToGeoJson(a[0]) : null));
  def(m, 'geo_h3cell_level', (a) => { const h = h3Parse(a[0]); return h === undefined ? null : Number((h >> H3_RES_SHIFT) & 0xfn); });
  def(m, 'geo_h3cell_parent', (a, t) => {
    const h = h3Parse(a[0]);
    if (h === undefined) return '';
    const res = Number((h >> H3_RES_SHIFT) & 0xfn);
    const want = a.length > 1 ? int(a, t, 1) : res - 1;
    if (want === null || want < 0 || want > res) return '';
    let p = (h & ~(0xfn << H3_RES_SHIFT)) | (BigInt(want) << H3_RES_SHIFT);
    for (let r = want + 1; r <= 15; r++) p |= 7n << BigInt((15 - r) * 3);
    return p.toString(16);
  });
  def(m, 'geo_line_interpolate_point', (a, t) => {
    const ls = linesOf(a[0]);
    const f = num(a, t, 1);
    if (!ls || ls.length !== 1 || f === null || f < 0 || f > 1) return null;
    const l = ls[0]!;
    const seg = l.slice(1).map((p, i) => geoDistance(l[i]![0], l[i]![1], p[0], p[1]));
    const total = seg.reduce((x, y) => x + y, 0);
    let target = f * total;
    for (let i = 0; i < seg.length; i++) {
      if (target <= seg[i]! || i === seg.length - 1) {
        const frac = seg[i]! === 0 ? 0 : Math.min(1, target / seg[i]!);
        const p = slerp(l[i]!, l[i + 1]!, frac);
        return { type: 'Point', coordinates: p };
      }
      target -= seg[i]!;
    }
    return null;
  });
}

/** The point at fraction f along the great-circle arc from a to b. */
function slerp(a: Pt, b: Pt, f: number): Pt {
  const u = unit(a), v = unit(b);
  const dot = Math.min(1, Math.max(-1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2]));
  const w = Math.acos(dot);
  if (w < 1e-15) return [a[0], a[1]];
  const s1 = Math.sin((1 - f) * w) / Math.sin(w), s2 = Math.sin(f * w) / Math.sin(w);
  const x = s1 * u[0] + s2 * v[0], y = s1 * u[1] + s2 * v[1], z = s1 * u[2] + s2 * v[2];
  return [Math.atan2(y, x) / RAD, Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD];
}

// ---- distances to lines/polygons, closest points, centroids (S2 definitions on the sphere)

type V3 = [number, number, number];
const dot3 = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross3 = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm3 = (a: V3) => Math.sqrt(dot3(a, a));
const angle3 = (a: V3, b: V3) => Math.atan2(norm3(cross3(a, b)), dot3(a, b));
const toLngLat = (p: V3): Pt => [Math.atan2(p[1], p[0]) / RAD, Math.atan2(p[2], Math.sqrt(p[0] * p[0] + p[1] * p[1])) / RAD];

/** Closest point to p on the great-circle arc a–b (unit vectors). */
function closestOnArc(p: V3, a: V3, b: V3): V3 {
  const n = cross3(a, b);
  const nn = norm3(n);
  if (nn > 1e-15) {
    // project p onto the arc's plane; inside the arc when on the inner side of both end planes
    const k = dot3(p, n) / (nn * nn);
    const q: V3 = [p[0] - k * n[0], p[1] - k * n[1], p[2] - k * n[2]];
    const qn = norm3(q);
    if (qn > 1e-15) {
      const qu: V3 = [q[0] / qn, q[1] / qn, q[2] / qn];
      if (dot3(cross3(a, qu), n) >= 0 && dot3(cross3(qu, b), n) >= 0) return qu;
    }
  }
  return angle3(p, a) <= angle3(p, b) ? a : b;
}

function closestOnLines(p: V3, lines: Pt[][]): V3 {
  let best: V3 = unit(lines[0]![0]!), bestAngle = Infinity;
  for (const l of lines) {
    for (let i = 1; i < l.length; i++) {
      const q = closestOnArc(p, unit(l[i - 1]!), unit(l[i]!));
      const ang = angle3(p, q);
      if (ang < bestAngle) { bestAngle = ang; best = q; }
    }
  }
  return best;
}

/** S2's true centroid of a spherical triangle (not normalised; scaled by the triangle's area). */
function triangleCentroid(a: V3, b: V3, c: V3): V3 {
  const angA = angle3(b, c), angB = angle3(c, a), angC = angle3(a, b);
  const ra = angA === 0 ? 1 : angA / Math.sin(angA), rb = angB === 0 ? 1 : angB / Math.sin(angB), rc = angC === 0 ? 1 : angC / Math.sin(angC);
  const x: V3 = [a[0], b[0], c[0]], y: V3 = [a[1], b[1], c[1]], z: V3 = [a[2], b[2], c[2]], r: V3 = [ra, rb, rc];
  const det = (u: V3, v: V3, w: V3) => dot3(u, cross3(v, w));
  return [0.5 * det(y, z, r), 0.5 * det(z, x, r), 0.5 * det(x, y, r)];
}

function ringCentroid(r: Pt[]): V3 {
  const v = r.slice(0, -1).map(unit);
  const sum: V3 = [0, 0, 0];
  for (let i = 1; i + 1 < v.length; i++) {
    const c = triangleCentroid(v[0]!, v[i]!, v[i + 1]!);
    sum[0] += c[0]; sum[1] += c[1]; sum[2] += c[2];
  }
  // shells are the smaller region: flip a clockwise ring
  return ringSteradians(r) < 0 ? [-sum[0], -sum[1], -sum[2]] : sum;
}

export function registerGeoDistances(m: Map<string, ScalarImpl>): void {
  const pointArgs = (a: Parameters<ScalarImpl>[0], t: Parameters<ScalarImpl>[1]): Pt | null => {
    const x = num(a, t, 0), y = num(a, t, 1);
    return x === null || y === null || !validLon(x) || !validLat(y) ? null : [x, y];
  };
  def(m, 'geo_distance_point_to_line', (a, t) => {
    const p = pointArgs(a, t), ls = linesOf(a[2]);
    if (!p || !ls) return null;
    const u = unit(p);
    return angle3(u, closestOnLines(u, ls)) * EARTH_RADIUS;
  });
  def(m, 'geo_closest_point_on_line', (a, t) => {
    const p = pointArgs(a, t), ls = linesOf(a[2]);
    if (!p || !ls) return null;
    return { type: 'Point', coordinates: toLngLat(closestOnLines(unit(p), ls)) };
  });
  def(m, 'geo_distance_point_to_polygon', (a, t) => {
    const p = pointArgs(a, t), ps = polygonsOf(a[2]);
    if (!p || !ps) return null;
    if (ps.some((rings) => inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)))) return 0;
    const u = unit(p);
    return angle3(u, closestOnLines(u, ps.flat())) * EARTH_RADIUS;
  });
  def(m, 'geo_closest_point_on_polygon', (a, t) => {
    const p = pointArgs(a, t), ps = polygonsOf(a[2]);
    if (!p || !ps) return null;
    if (ps.some((rings) => inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)))) return { type: 'Point', coordinates: p };
    return { type: 'Point', coordinates: toLngLat(closestOnLines(unit(p), ps.flat())) };
  });
  def(m, 'geo_line_centroid', (a) => {
    const ls = linesOf(a[0]);
    if (!ls) return null;
    const sum: V3 = [0, 0, 0];
    for (const l of ls) {
      for (let i = 1; i < l.length; i++) {
        const p = unit(l[i - 1]!), q = unit(l[i]!);
        const vs: V3 = [p[0] + q[0], p[1] + q[1], p[2] + q[2]], vd: V3 = [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
        const cos2 = dot3(vs, vs), sin2 = dot3(vd, vd);
        if (cos2 !== 0) { const w = Math.sqrt(sin2 / cos2); sum[0] += w * vs[0]; sum[1] += w * vs[1]; sum[2] += w * vs[2]; }
      }
    }
    return norm3(sum) === 0 ? null : { type: 'Point', coordinates: toLngLat(sum) };
  });
  def(m, 'geo_polygon_centroid', (a) => {
    const ps = polygonsOf(a[0]);
    if (!ps) return null;
    const sum: V3 = [0, 0, 0];
    for (const rings of ps) {
      rings.forEach((r, k) => {
        const c = ringCentroid(r);
        const s = k === 0 ? 1 : -1; // holes subtract
        sum[0] += s * c[0]; sum[1] += s * c[1]; sum[2] += s * c[2];
      });
    }
    return norm3(sum) === 0 ? null : { type: 'Point', coordinates: toLngLat(sum) };
  });
}

// ---- intersection predicates (geodesic edges)

/** P on the great-circle arc a–b (P on the arc's circle assumed). */
function onArc(p: V3, a: V3, b: V3, n: V3): boolean {
  return dot3(cross3(a, p), n) >= -1e-15 && dot3(cross3(p, b), n) >= -1e-15;
}

function arcsIntersect(a: V3, b: V3, c: V3, d: V3): boolean {
  const n1 = cross3(a, b), n2 = cross3(c, d);
  const x = cross3(n1, n2);
  const xn = norm3(x);
  if (xn < 1e-15) {
    // same great circle (or degenerate): overlap when an endpoint lies on the other arc
    if (Math.abs(dot3(c, n1)) > 1e-12 * (norm3(n1) || 1)) return false;
    return onArc(c, a, b, n1) || onArc(d, a, b, n1) || onArc(a, c, d, n2) || onArc(b, c, d, n2);
  }
  for (const s of [1, -1]) {
    const p: V3 = [s * x[0] / xn, s * x[1] / xn, s * x[2] / xn];
    if (onArc(p, a, b, n1) && onArc(p, c, d, n2)) return true;
  }
  return false;
}

function edgesOf(lines: Pt[][]): [V3, V3][] {
  const out: [V3, V3][] = [];
  for (const l of lines) for (let i = 1; i < l.length; i++) out.push([unit(l[i - 1]!), unit(l[i]!)]);
  return out;
}

const anyCrossing = (e1: [V3, V3][], e2: [V3, V3][]) => e1.some(([a, b]) => e2.some(([c, d]) => arcsIntersect(a, b, c, d)));
const inPolygons = (p: Pt, ps: Pt[][][]) => ps.some((rings) => inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)));

// ---- intersection of lines (geodesic edges)

/** Two unit vectors closer than this angle (≈ 6 µm on the Earth) are the same point. */
const SAME_POINT_RAD = 1e-12;
const near = (p: V3, q: V3) => angle3(p, q) < SAME_POINT_RAD;

interface Piece { readonly a: V3; readonly b: V3; readonly pa: Pt; readonly pb: Pt }

/**
 * The intersection of two geodesic edges a–b and c–d: nothing, one point, or (on the same great
 * circle) the overlapping arc. An endpoint that is an input vertex keeps its input coordinates.
 */
function edgeIntersection(a: V3, b: V3, pa: Pt, pb: Pt, c: V3, d: V3, pc: Pt, pd: Pt): { point?: [V3, Pt]; piece?: Piece } | undefined {
  const n1 = cross3(a, b), n2 = cross3(c, d);
  const x = cross3(n1, n2);
  const xn = norm3(x);
  if (xn < 1e-15) {
    if (Math.abs(dot3(c, n1)) > 1e-12 * (norm3(n1) || 1) || Math.abs(dot3(d, n1)) > 1e-12 * (norm3(n1) || 1)) return undefined;
    // Same great circle: the overlap's ends are the endpoints lying on the other arc.
    const ends: [V3, Pt][] = [];
    const add = (v: V3, p: Pt) => { if (!ends.some(([w]) => near(v, w))) ends.push([v, p]); };
    if (onArc(c, a, b, n1)) add(c, pc);
    if (onArc(d, a, b, n1)) add(d, pd);
    if (onArc(a, c, d, n2)) add(a, pa);
    if (onArc(b, c, d, n2)) add(b, pb);
    if (ends.length === 0) return undefined;
    if (ends.length === 1) return { point: ends[0]! };
    // Order the two ends as they run along a → b.
    const [e1, e2] = angle3(a, ends[0]![0]) <= angle3(a, ends[1]![0]) ? [ends[0]!, ends[1]!] : [ends[1]!, ends[0]!];
    return { piece: { a: e1[0], b: e2[0], pa: e1[1], pb: e2[1] } };
  }
  for (const sgn of [1, -1]) {
    const p: V3 = [sgn * x[0] / xn, sgn * x[1] / xn, sgn * x[2] / xn];
    if (onArc(p, a, b, n1) && onArc(p, c, d, n2)) {
      // A crossing at an input vertex keeps the vertex's coordinates.
      const v = ([[a, pa], [b, pb], [c, pc], [d, pd]] as [V3, Pt][]).find(([w]) => near(p, w));
      return { point: v ?? [p, toLngLat(p)] };
    }
  }
  return undefined;
}

/** GeoJSON of points and polylines: Point/MultiPoint, LineString/MultiLineString, or a collection. */
function geometryOf(points: Pt[], lines: Pt[][]): DynamicValue {
  const geoms: DynamicValue[] = [];
  if (points.length === 1) geoms.push({ type: 'Point', coordinates: points[0]! });
  else if (points.length > 1) geoms.push({ type: 'MultiPoint', coordinates: points });
  if (lines.length === 1) geoms.push({ type: 'LineString', coordinates: lines[0]! });
  else if (lines.length > 1) geoms.push({ type: 'MultiLineString', coordinates: lines });
  return geoms.length === 1 ? geoms[0]! : { type: 'GeometryCollection', geometries: geoms };
}

/**
 * geo_intersection_2lines: every pair of edges is intersected on the sphere; overlapping pieces
 * that continue one another are chained into polylines, and points lying on a piece (or found
 * twice) are dropped.
 */
function intersect2Lines(l1: Pt[][], l2: Pt[][]): DynamicValue {
  const e1: [V3, V3, Pt, Pt][] = [], e2: [V3, V3, Pt, Pt][] = [];
  for (const l of l1) for (let i = 1; i < l.length; i++) e1.push([unit(l[i - 1]!), unit(l[i]!), l[i - 1]!, l[i]!]);
  for (const l of l2) for (let i = 1; i < l.length; i++) e2.push([unit(l[i - 1]!), unit(l[i]!), l[i - 1]!, l[i]!]);
  const pts: [V3, Pt][] = [];
  const pieces: Piece[] = [];
  for (const [a, b, pa, pb] of e1) for (const [c, d, pc, pd] of e2) {
    const r = edgeIntersection(a, b, pa, pb, c, d, pc, pd);
    if (r?.point) pts.push(r.point);
    if (r?.piece) pieces.push(r.piece);
  }
  // Chain pieces: a piece starting where the current chain ends extends it.
  const chains: { vs: V3[]; ps: Pt[] }[] = [];
  for (const pc of pieces) {
    const ch = chains.find((c) => near(c.vs[c.vs.length - 1]!, pc.a));
    if (ch) { ch.vs.push(pc.b); ch.ps.push(pc.pb); } else chains.push({ vs: [pc.a, pc.b], ps: [pc.pa, pc.pb] });
  }
  const onPiece = (p: V3) => pieces.some((pc) => near(p, pc.a) || near(p, pc.b) || onArc(p, pc.a, pc.b, cross3(pc.a, pc.b)) && Math.abs(dot3(p, cross3(pc.a, pc.b))) < 1e-12);
  const kept: [V3, Pt][] = [];
  for (const pt of pts) if (!onPiece(pt[0]) && !kept.some(([w]) => near(w, pt[0]))) kept.push(pt);
  return geometryOf(kept.map(([, p]) => p), chains.map((c) => c.ps));
}

/**
 * geo_intersection_line_with_polygon: each line edge is cut where it crosses a ring edge (shell or
 * hole); a piece between two cuts belongs to the result when its midpoint is inside the polygon or
 * on its boundary (the polygon is closed). Consecutive pieces chain into polylines; a cut touching
 * the polygon without a piece on either side is a point.
 */
function intersectLineWithPolygon(ls: Pt[][], ps: Pt[][][]): DynamicValue {
  const ringEdges = edgesOf(ps.flat());
  const onBoundary = (p: V3) => ringEdges.some(([c, d]) => {
    const n = cross3(c, d);
    return Math.abs(dot3(p, n)) < 1e-12 * (norm3(n) || 1) && onArc(p, c, d, n);
  });
  const inside = (p: V3) => onBoundary(p) || inPolygons(toLngLat(p), ps);
  const chains: Pt[][] = [];
  const touches: [V3, Pt][] = [];
  let open: Pt[] | null = null; // the chain the previous piece ended
  for (const l of ls) {
    open = null;
    for (let i = 1; i < l.length; i++) {
      const pa = l[i - 1]!, pb = l[i]!, a = unit(pa), b = unit(pb);
      const cuts: [number, V3, Pt][] = [[0, a, pa], [angle3(a, b), b, pb]];
      for (const [c, d] of ringEdges) {
        const r = edgeIntersection(a, b, pa, pb, c, d, toLngLat(c), toLngLat(d));
        const found: V3[] = r?.point ? [r.point[0]] : r?.piece ? [r.piece.a, r.piece.b] : [];
        for (const v of found) if (!cuts.some(([, w]) => near(v, w))) cuts.push([angle3(a, v), v, toLngLat(v)]);
      }
      cuts.sort((x, y) => x[0] - y[0]);
      for (let k = 1; k < cuts.length; k++) {
        const [, u, pu] = cuts[k - 1]!, [, v, pv] = cuts[k]!;
        const mid: V3 = [u[0] + v[0], u[1] + v[1], u[2] + v[2]];
        const mn = norm3(mid);
        const keep = mn > 0 && inside([mid[0] / mn, mid[1] / mn, mid[2] / mn]);
        if (keep) {
          if (open) open.push(pv);
          else { open = [pu, pv]; chains.push(open); }
        } else {
          if (!open && onBoundary(u)) touches.push([u, pu]);
          open = null;
        }
      }
      if (!open && onBoundary(b)) touches.push([b, pb]);
    }
  }
  const covered = (p: V3) => chains.some((c) => c.some((q) => near(unit(q), p)));
  const pts: [V3, Pt][] = [];
  for (const t of touches) if (!covered(t[0]) && !pts.some(([w]) => near(w, t[0]))) pts.push(t);
  return geometryOf(pts.map(([, p]) => p), chains);
}

/**
 * geo_union_lines_array: the union of lines as a set of geodesic edges. Each edge is split at the
 * vertices of the other lines lying on it, pieces found twice (either direction) are kept once,
 * and the pieces are chained into polylines: from each vertex where the chain cannot continue
 * uniquely (not exactly two pieces) first, in the input's order, then around what is left (closed
 * loops). One polyline is a LineString, several a MultiLineString; an empty array an empty
 * GeometryCollection. Crossings of edges do not split them (the union's point set is the same).
 */
function unionLines(lines: Pt[][]): DynamicValue {
  const key = (p: Pt) => `${p[0]},${p[1]}`;
  const verts = new Map<string, { p: Pt; v: V3 }>();
  for (const l of lines) for (const p of l) if (!verts.has(key(p))) verts.set(key(p), { p, v: unit(p) });
  const all = [...verts.values()];
  const pieces: [string, string][] = [];
  const seen = new Set<string>();
  const addPiece = (a: Pt, b: Pt) => {
    const ka = key(a), kb = key(b);
    if (ka === kb || seen.has(`${ka}|${kb}`) || seen.has(`${kb}|${ka}`)) return;
    seen.add(`${ka}|${kb}`);
    pieces.push([ka, kb]);
  };
  for (const l of lines) for (let i = 1; i < l.length; i++) {
    const pa = l[i - 1]!, pb = l[i]!, a = unit(pa), b = unit(pb), n = cross3(a, b), nn = norm3(n) || 1;
    const inner = all.filter(({ v }) => !near(v, a) && !near(v, b) && Math.abs(dot3(v, n)) < 1e-12 * nn && onArc(v, a, b, n))
      .sort((x, y) => angle3(a, x.v) - angle3(a, y.v));
    let prev = pa;
    for (const { p } of inner) { addPiece(prev, p); prev = p; }
    addPiece(prev, pb);
  }
  const at = new Map<string, number[]>();
  pieces.forEach(([a, b], i) => { for (const k of [a, b]) { const xs = at.get(k) ?? []; xs.push(i); at.set(k, xs); } });
  const used = new Array<boolean>(pieces.length).fill(false);
  const out: Pt[][] = [];
  const walk = (start: string, first: number) => {
    const chain = [verts.get(start)!.p];
    let here = start, i: number | undefined = first;
    while (i !== undefined) {
      used[i] = true;
      const [a, b] = pieces[i]!;
      here = a === here ? b : a;
      chain.push(verts.get(here)!.p);
      const next = at.get(here)!;
      i = next.length === 2 ? next.find((j) => !used[j]) : undefined;
    }
    out.push(chain);
  };
  pieces.forEach(([a, b], i) => {
    if (used[i]) return;
    if (at.get(a)!.length !== 2) walk(a, i);
    else if (at.get(b)!.length !== 2) walk(b, i);
  });
  pieces.forEach(([a], i) => { if (!used[i]) walk(a, i); });
  return out.length === 0 ? { type: 'GeometryCollection', geometries: [] } : geometryOf([], out);
}

/** Whether two (multi)polygons share a point: a vertex of one inside the other, or crossing edges. */
export function polygonsIntersect(p1: Pt[][][], p2: Pt[][][]): boolean {
  if (p1.some((rings) => rings[0]!.some((p) => inPolygons(p, p2)))) return true;
  if (p2.some((rings) => rings[0]!.some((p) => inPolygons(p, p1)))) return true;
  return anyCrossing(edgesOf(p1.flat()), edgesOf(p2.flat()));
}

export function registerGeoIntersects(m: Map<string, ScalarImpl>): void {
  def(m, 'geo_union_lines_array', (a) => {
    const xs = a[0];
    if (!Array.isArray(xs)) return null;
    const lines: Pt[][] = [];
    for (const g of xs) { const ls = linesOf(g); if (!ls) return null; lines.push(...ls); }
    return unionLines(lines);
  });
  def(m, 'geo_intersection_line_with_polygon', (a) => {
    const ls = linesOf(a[0]), ps = polygonsOf(a[1]);
    return ls && ps ? intersectLineWithPolygon(ls, ps) : null;
  });
  def(m, 'geo_intersection_2lines', (a) => {
    const l1 = linesOf(a[0]), l2 = linesOf(a[1]);
    return l1 && l2 ? intersect2Lines(l1, l2) : null;
  });
  def(m, 'geo_intersects_2lines', (a) => {
    const l1 = linesOf(a[0]), l2 = linesOf(a[1]);
    return l1 && l2 ? anyCrossing(edgesOf(l1), edgesOf(l2)) : null;
  });
  def(m, 'geo_intersects_line_with_polygon', (a) => {
    const ls = linesOf(a[0]), ps = polygonsOf(a[1]);
    if (!ls || !ps) return null;
    if (ls.some((l) => l.some((p) => inPolygons(p, ps)))) return true;
    return anyCrossing(edgesOf(ls), edgesOf(ps.flat()));
  });
  def(m, 'geo_intersects_2polygons', (a) => {
    const p1 = polygonsOf(a[0]), p2 = polygonsOf(a[1]);
    return p1 && p2 ? polygonsIntersect(p1, p2) : null;
  });
}

// ---- locating a point on a line; densifying planar edges into geodesic chains

/** Planar midpoint of an edge (longitudes taken the short way round, result in [-180, 180]). */
function planarMid(a: Pt, b: Pt): Pt {
  let bx = b[0];
  if (bx - a[0] > 180) bx -= 360; else if (a[0] - bx > 180) bx += 360;
  let x = (a[0] + bx) / 2;
  if (x > 180) x -= 360; else if (x < -180) x += 360;
  return [x, (a[1] + b[1]) / 2];
}

/** Most points a densified shape may have (the documented limit). */
const MAX_DENSIFIED = 10_485_760;

/**
 * Densifies one path: every edge is split at its planar midpoint, recursively, while that midpoint
 * lies farther than `tol` meters from the geodesic (great-circle) midpoint of the edge it splits;
 * so points are added where the planar and geodesic edges differ (non-uniformly, as documented).
 * Returns null past the documented point limit.
 */
function densifyPath(l: readonly Pt[], tol: number, count: { n: number }): Pt[] | null {
  const out: Pt[] = [l[0]!];
  const edge = (a: Pt, b: Pt, depth: number): boolean => {
    const m = planarMid(a, b);
    const g = slerp(a, b, 0.5);
    if (depth < 40 && geoDistance(m[0], m[1], g[0], g[1]) > tol) return edge(a, m, depth + 1) && edge(m, b, depth + 1);
    out.push(b);
    return ++count.n <= MAX_DENSIFIED;
  };
  for (let i = 1; i < l.length; i++) if (!edge(l[i - 1]!, l[i]!, 0)) return null;
  return out;
}

export function registerGeoLines(m: Map<string, ScalarImpl>): void {
  // geo_line_locate_point(line, lon, lat [, use_spheroid]): the fraction of the line's length from
  // its start to the point of the line closest to (lon, lat). One LineString only; spheroid: not supported (null).
  def(m, 'geo_line_locate_point', (a, t) => {
    const ls = linesOf(a[0]);
    const x = num(a, t, 1), y = num(a, t, 2);
    if (!ls || ls.length !== 1 || x === null || y === null || !validLon(x) || !validLat(y)) return null;
    if (a.length > 3 && a[3] === true) return null;
    const l = ls[0]!;
    const p = unit([x, y]);
    let best = Infinity, at = 0, along = 0;
    let before = 0;
    for (let i = 1; i < l.length; i++) {
      const u = unit(l[i - 1]!), v = unit(l[i]!);
      const q = closestOnArc(p, u, v);
      const ang = angle3(p, q);
      if (ang < best) { best = ang; at = before + angle3(u, q) * EARTH_RADIUS; }
      before += angle3(u, v) * EARTH_RADIUS;
    }
    along = before;
    return along === 0 ? 0 : Math.min(1, at / along);
  });
  const tolerance = (a: Parameters<ScalarImpl>[0], t: Parameters<ScalarImpl>[1]): number | null => {
    if (a.length < 2 || a[1] === null) return a.length < 2 ? 10 : null;
    const v = num(a, t, 1);
    return v !== null && v >= 0.1 && v <= 10000 ? v : null;
  };
  def(m, 'geo_line_densify', (a, t) => {
    const ls = linesOf(a[0]);
    const tol = tolerance(a, t);
    if (!ls || tol === null) return null;
    const count = { n: 0 };
    const out = ls.map((l) => densifyPath(l, tol, count));
    if (out.some((l) => !l)) return null;
    const type = (a[0] as { type: string }).type;
    return type === 'LineString' ? { type, coordinates: out[0]! as DynamicValue } : { type, coordinates: out as DynamicValue };
  });
  def(m, 'geo_polygon_densify', (a, t) => {
    const ps = polygonsOf(a[0]);
    const tol = tolerance(a, t);
    if (!ps || tol === null) return null;
    const count = { n: 0 };
    const out = ps.map((rings) => rings.map((r) => densifyPath(r, tol, count)));
    if (out.some((rings) => rings.some((r) => !r))) return null;
    const type = (a[0] as { type: string }).type;
    return type === 'Polygon' ? { type, coordinates: out[0]! as DynamicValue } : { type, coordinates: out as DynamicValue };
  });
}
