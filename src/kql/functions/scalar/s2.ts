/**
 * S2 cells (the cell system behind Kusto's geo_*s2cell* functions): point → cell token, cell →
 * center / polygon / neighbors. Cube faces, the quadratic ST projection and the Hilbert-curve
 * ordering follow the published S2 geometry definitions; computed with BigInt cell ids.
 */
import type { DynamicValue } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, int, num } from './util.js';
import { polygonsIntersect, polygonsOf, type Pt } from './geo.js';

const MAX_LEVEL = 30;
const LOOKUP_BITS = 4;
const SWAP = 1, INVERT = 2;
const POS_TO_IJ = [[0, 1, 3, 2], [0, 2, 3, 1], [3, 2, 0, 1], [3, 1, 0, 2]];
const POS_TO_ORIENTATION = [SWAP, 0, 0, INVERT | SWAP];
const LOOKUP_POS = new Int32Array(1 << (2 * LOOKUP_BITS + 2));
const LOOKUP_IJ = new Int32Array(1 << (2 * LOOKUP_BITS + 2));

function initLookup(level: number, i: number, j: number, origOrientation: number, pos: number, orientation: number): void {
  if (level === LOOKUP_BITS) {
    const ij = (i << LOOKUP_BITS) + j;
    LOOKUP_POS[(ij << 2) + origOrientation] = (pos << 2) + orientation;
    LOOKUP_IJ[(pos << 2) + origOrientation] = (ij << 2) + orientation;
    return;
  }
  const r = POS_TO_IJ[orientation]!;
  for (let k = 0; k < 4; k++) {
    initLookup(level + 1, (i << 1) + (r[k]! >> 1), (j << 1) + (r[k]! & 1), origOrientation, (pos << 2) + k, orientation ^ POS_TO_ORIENTATION[k]!);
  }
}
initLookup(0, 0, 0, 0, 0, 0);
initLookup(0, 0, 0, SWAP, 0, SWAP);
initLookup(0, 0, 0, INVERT, 0, INVERT);
initLookup(0, 0, 0, SWAP | INVERT, 0, SWAP | INVERT);

const RAD = Math.PI / 180;
const MASK64 = (1n << 64n) - 1n;

function xyzOf(lng: number, lat: number): [number, number, number] {
  return [Math.cos(lat * RAD) * Math.cos(lng * RAD), Math.cos(lat * RAD) * Math.sin(lng * RAD), Math.sin(lat * RAD)];
}

function faceUV(p: [number, number, number]): [number, number, number] {
  const [x, y, z] = p;
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  let face = ax > ay ? (ax > az ? 0 : 2) : (ay > az ? 1 : 2);
  if (p[face]! < 0) face += 3;
  switch (face) {
    case 0: return [0, y / x, z / x];
    case 1: return [1, -x / y, z / y];
    case 2: return [2, -x / z, -y / z];
    case 3: return [3, z / x, y / x];
    case 4: return [4, z / y, -x / y];
    default: return [5, -y / z, -x / z];
  }
}

function faceUVtoXYZ(face: number, u: number, v: number): [number, number, number] {
  switch (face) {
    case 0: return [1, u, v];
    case 1: return [-u, 1, v];
    case 2: return [-u, -v, 1];
    case 3: return [-1, -v, -u];
    case 4: return [v, -1, -u];
    default: return [v, u, -1];
  }
}

const uvToST = (u: number) => (u >= 0 ? 0.5 * Math.sqrt(1 + 3 * u) : 1 - 0.5 * Math.sqrt(1 - 3 * u));
const stToUV = (s: number) => (s >= 0.5 ? (1 / 3) * (4 * s * s - 1) : (1 / 3) * (1 - 4 * (1 - s) * (1 - s)));
const stToIJ = (s: number) => Math.max(0, Math.min((1 << MAX_LEVEL) - 1, Math.floor((1 << MAX_LEVEL) * s)));

function fromFaceIJ(face: number, i: number, j: number): bigint {
  let n = BigInt(face) << 60n;
  let bits = face & SWAP;
  const mask = (1 << LOOKUP_BITS) - 1;
  for (let k = 7; k >= 0; k--) {
    bits += ((i >> (k * LOOKUP_BITS)) & mask) << (LOOKUP_BITS + 2);
    bits += ((j >> (k * LOOKUP_BITS)) & mask) << 2;
    bits = LOOKUP_POS[bits]!;
    n |= BigInt(bits >> 2) << BigInt(k * 2 * LOOKUP_BITS);
    bits &= SWAP | INVERT;
  }
  return (n * 2n + 1n) & MASK64;
}

function toFaceIJ(id: bigint): [number, number, number] {
  const face = Number(id >> 61n);
  let bits = face & SWAP;
  let i = 0, j = 0;
  for (let k = 7; k >= 0; k--) {
    const nbits = k === 7 ? MAX_LEVEL - 7 * LOOKUP_BITS : LOOKUP_BITS;
    bits += Number((id >> BigInt(k * 2 * LOOKUP_BITS + 1)) & BigInt((1 << (2 * nbits)) - 1)) << 2;
    bits = LOOKUP_IJ[bits]!;
    i += (bits >> (LOOKUP_BITS + 2)) << (k * LOOKUP_BITS);
    j += ((bits >> 2) & ((1 << LOOKUP_BITS) - 1)) << (k * LOOKUP_BITS);
    bits &= SWAP | INVERT;
  }
  return [face, i, j];
}

const lsbForLevel = (level: number) => 1n << BigInt(2 * (MAX_LEVEL - level));

function parentAt(id: bigint, level: number): bigint {
  const lsb = lsbForLevel(level);
  return ((id & (-lsb & MASK64)) | lsb) & MASK64;
}

function levelOf(id: bigint): number {
  let tz = 0;
  while (tz < 64 && ((id >> BigInt(tz)) & 1n) === 0n) tz++;
  return MAX_LEVEL - (tz >> 1);
}

export function toToken(id: bigint): string {
  if (id === 0n) return 'X';
  return id.toString(16).padStart(16, '0').replace(/0+$/, '');
}

export function fromToken(t: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,16}$/.test(t)) return undefined;
  const id = BigInt('0x' + t.padEnd(16, '0'));
  if (id === 0n || Number(id >> 61n) > 5) return undefined;
  let tz = 0;
  while (((id >> BigInt(tz)) & 1n) === 0n) tz++;
  return tz % 2 === 0 ? id : undefined; // the lowest set bit must be at an even position
}

export function pointToCell(lng: number, lat: number, level: number): bigint {
  const [face, u, v] = faceUV(xyzOf(lng, lat));
  return parentAt(fromFaceIJ(face, stToIJ(uvToST(u)), stToIJ(uvToST(v))), level);
}

function lngLat(p: [number, number, number]): [number, number] {
  const [x, y, z] = p;
  return [Math.atan2(y, x) / RAD, Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD];
}

/** The cell's (s,t) bounds on its face. */
function cellBounds(id: bigint): { face: number; s0: number; s1: number; t0: number; t1: number; i0: number; j0: number; size: number } {
  const level = levelOf(id);
  const [face, i, j] = toFaceIJ(id);
  const size = 1 << (MAX_LEVEL - level);
  const i0 = i & ~(size - 1), j0 = j & ~(size - 1);
  const scale = 1 / (1 << MAX_LEVEL);
  return { face, s0: i0 * scale, s1: (i0 + size) * scale, t0: j0 * scale, t1: (j0 + size) * scale, i0, j0, size };
}

export function cellCenter(id: bigint): [number, number] {
  const b = cellBounds(id);
  return lngLat(faceUVtoXYZ(b.face, stToUV((b.s0 + b.s1) / 2), stToUV((b.t0 + b.t1) / 2)));
}

export function cellPolygon(id: bigint): DynamicValue {
  const b = cellBounds(id);
  const v = (s: number, t: number) => lngLat(faceUVtoXYZ(b.face, stToUV(s), stToUV(t)));
  const ring = [v(b.s0, b.t0), v(b.s1, b.t0), v(b.s1, b.t1), v(b.s0, b.t1)];
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** The 8 cells around a cell at its level (edge and vertex neighbours, across cube faces). */
export function cellNeighbors(id: bigint): bigint[] {
  const level = levelOf(id);
  const b = cellBounds(id);
  const scale = 1 / (1 << MAX_LEVEL);
  const out: bigint[] = [];
  // (i, j) offsets in the order Kusto lists them for the documented cell 89c259
  for (const [di, dj] of [[1, 1], [-1, -1], [1, -1], [0, -1], [0, 1], [1, 0], [-1, 0], [-1, 1]] as const) {
    const s = (b.i0 + b.size / 2 + di * b.size) * scale, t = (b.j0 + b.size / 2 + dj * b.size) * scale;
    const [face, u, v] = faceUV(faceUVtoXYZ(b.face, stToUV(s), stToUV(t)));
    const n = parentAt(fromFaceIJ(face, stToIJ(uvToST(u)), stToIJ(uvToST(v))), level);
    if (n !== id && !out.includes(n)) out.push(n);
  }
  return out;
}

/** geo-polygon-to-s2cells-function.md: "Maximum count of tokens per polygon is 65536" (more → null). */
const MAX_COVERING = 65536;

/**
 * The cells of one level that intersect a (multi)polygon, as tokens sorted by cell id: a flood
 * from the cells holding the polygon's vertices through the cells' 8 neighbours, keeping each cell
 * whose polygon (geodesic edges, as S2's) shares a point with the input. undefined when the count
 * passes MAX_COVERING.
 */
function polygonCovering(ps: Pt[][][], level: number): string[] | undefined {
  const seen = new Set<bigint>();
  const queue: bigint[] = [];
  for (const rings of ps) for (const p of rings[0]!) {
    const c = pointToCell(p[0], p[1], level);
    if (!seen.has(c)) { seen.add(c); queue.push(c); }
  }
  const found: bigint[] = [];
  while (queue.length > 0) {
    const c = queue.pop()!;
    const poly = cellPolygon(c) as { coordinates: Pt[][] };
    if (!polygonsIntersect([poly.coordinates], ps)) continue;
    found.push(c);
    if (found.length > MAX_COVERING) return undefined;
    for (const n of cellNeighbors(c)) if (!seen.has(n)) { seen.add(n); queue.push(n); }
  }
  found.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return found.map(toToken);
}

export function registerS2(m: Map<string, ScalarImpl>): void {
  // A buffer radius (the optional third argument) > 0 is not supported: the call gives null, as
  // geo_polygon_to_h3cells's does (functions/README.md).
  def(m, 'geo_polygon_to_s2cells', (a, t) => {
    const ps = polygonsOf(a[0]);
    const level = a.length > 1 && a[1] !== null ? int(a, t, 1) : 11;
    const radius = a.length > 2 && a[2] !== null ? num(a, t, 2) : 0;
    if (!ps || level === null || level < 0 || level > 30 || radius !== 0) return null;
    return polygonCovering(ps, level) ?? null;
  });
  def(m, 'geo_point_to_s2cell', (a, t) => {
    const x = num(a, t, 0), y = num(a, t, 1);
    const level = a.length > 2 ? int(a, t, 2) : 11;
    if (x === null || y === null || level === null || x < -180 || x > 180 || y < -90 || y > 90 || level < 0 || level > 30) return '';
    return toToken(pointToCell(x, y, level));
  });
  def(m, 'geo_s2cell_to_central_point', (a) => {
    const id = typeof a[0] === 'string' ? fromToken(a[0]) : undefined;
    if (id === undefined) return null;
    return { type: 'Point', coordinates: cellCenter(id) };
  });
  def(m, 'geo_s2cell_to_polygon', (a) => {
    const id = typeof a[0] === 'string' ? fromToken(a[0]) : undefined;
    return id === undefined ? null : cellPolygon(id);
  });
  def(m, 'geo_s2cell_neighbors', (a) => {
    const id = typeof a[0] === 'string' ? fromToken(a[0]) : undefined;
    return id === undefined ? null : cellNeighbors(id).map(toToken);
  });
}
