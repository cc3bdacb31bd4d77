/**
 * H3 cells (Uber's hexagonal grid) through h3-js, the reference library's JavaScript build:
 * geo_point_to_h3cell, geo_h3cell_children / neighbors / rings / to_central_point / to_polygon,
 * geo_polygon_to_h3cells. geo_h3cell_level and geo_h3cell_parent read the index bits (geo.ts).
 * Each follows its docs page (geo-*-h3cell*-function.md); the docs' printed cells, ring orders and
 * coordinates are what h3-js gives.
 */
import { createRequire } from 'node:module';
import type * as H3 from 'h3-js';

/** h3-js (a WebAssembly-sized module) is loaded on the first H3 call, not when the CLI starts. */
let h3lib: typeof H3 | undefined;
const h3 = new Proxy({} as typeof H3, { get: (_t, k) => (h3lib ??= createRequire(import.meta.url)('h3-js') as typeof H3)[k as keyof typeof H3] });
import type { DynamicValue } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, int, num } from './util.js';

function cellOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= 16 && h3.isValidCell(v) ? v : undefined;
}

/** The outer ring and holes of a GeoJSON Polygon, or the polygons of a MultiPolygon ([lng, lat] pairs). */
function polygonsOf(v: unknown): number[][][][] | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const g = v as { type?: unknown; coordinates?: unknown };
  const ringOk = (r: unknown): r is number[][] => Array.isArray(r) && r.length >= 4
    && r.every((p) => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number'
      && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90);
  const polyOk = (p: unknown): p is number[][][] => Array.isArray(p) && p.length > 0 && p.every(ringOk);
  if (g.type === 'Polygon' && polyOk(g.coordinates)) return [g.coordinates];
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(polyOk)) return g.coordinates as number[][][][];
  return undefined;
}

/** Kusto's cap on the cells of one polygon (geo-polygon-to-h3cells-function.md). */
const MAX_POLYGON_CELLS = 61_680;

export function registerH3(m: Map<string, ScalarImpl>): void {
  // Invalid coordinates or resolution: an empty string (the docs' "empty result").
  def(m, 'geo_point_to_h3cell', (a, t) => {
    const lng = num(a, t, 0), lat = num(a, t, 1);
    const res = a.length > 2 ? int(a, t, 2) : 6;
    if (lng === null || lat === null || res === null || !Number.isInteger(res) || res < 0 || res > 15) return '';
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return '';
    try { return h3.latLngToCell(lat, lng, res); } catch { return ''; }
  });
  // Children at `resolution` (default: the next level); null when the cell is invalid, the resolution
  // is coarser than the cell's, or more than 5 levels finer (the documented limit).
  def(m, 'geo_h3cell_children', (a, t) => {
    const c = cellOf(a[0]);
    if (!c) return null;
    const level = h3.getResolution(c);
    const res = a.length > 1 ? int(a, t, 1) : level + 1;
    if (res === null || res < level || res > 15 || res - level > 5) return null;
    return h3.cellToChildren(c, res);
  });
  def(m, 'geo_h3cell_neighbors', (a) => {
    const c = cellOf(a[0]);
    if (!c) return null;
    return h3.gridDisk(c, 1).filter((x) => x !== c);
  });
  // Rings 0..distance (distance in [0, 142]), each in h3-js's order (the docs' printed order).
  def(m, 'geo_h3cell_rings', (a, t) => {
    const c = cellOf(a[0]);
    const d = int(a, t, 1);
    if (!c || d === null || d < 0 || d > 142) return null;
    return h3.gridDiskDistances(c, d);
  });
  def(m, 'geo_h3cell_to_central_point', (a) => {
    const c = cellOf(a[0]);
    if (!c) return null;
    const [lat, lng] = h3.cellToLatLng(c);
    return { type: 'Point', coordinates: [lng, lat] };
  });
  def(m, 'geo_h3cell_to_polygon', (a) => {
    const c = cellOf(a[0]);
    if (!c) return null;
    return { type: 'Polygon', coordinates: [h3.cellToBoundary(c, true) as DynamicValue[]] };
  });
  // Cells whose centers lie inside the polygon (the documented rule). A buffer radius > 0 is not
  // supported: such a call gives null (said in functions/README.md).
  def(m, 'geo_polygon_to_h3cells', (a, t) => {
    const polys = polygonsOf(a[0]);
    const res = a.length > 1 && a[1] !== null ? int(a, t, 1) : 6;
    const radius = a.length > 2 && a[2] !== null ? num(a, t, 2) : 0;
    if (!polys || res === null || res < 0 || res > 15 || radius === null || radius !== 0) return null;
    const out: string[] = [];
    const seen = new Set<string>();
    try {
      for (const p of polys) {
        for (const c of h3.polygonToCells(p, res, true)) if (!seen.has(c)) { seen.add(c); out.push(c); }
        if (out.length > MAX_POLYGON_CELLS) return null;
      }
    } catch { return null; }
    return out;
  });
}
