/**
 * geo_polygon_lookup(LookupTable, LookupPolygonKey, SourceLongitude, SourceLatitude [, radius]
 * [, return_unmatched] [, return_lookup_key]) and geo_line_lookup(LookupTable, LookupLineKey,
 * SourceLongitude, SourceLatitude, radius [, return_unmatched] [, return_lookup_key]): joins each
 * input point to the lookup rows whose polygon contains it (or lies within `radius` meters of it)
 * or whose line lies within `radius` meters, by the engine's own geo_point_in_polygon /
 * geo_distance_point_to_polygon / geo_distance_point_to_line (spherical Earth). Output: the input's
 * columns, then the lookup table's (its key column only with return_lookup_key = true);
 * unmatched points are dropped unless return_unmatched = true.
 *
 * Cost: every point is tested against every lookup shape (no spatial index); a lookup table of
 * many shapes against many rows is slow rather than wrong.
 */
import type { Value, ScalarType } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { compact, gatherOpt, rowIds } from '../../batch.js';
import { compile, evalColumn } from '../../expr.js';
import { EXEC_CODES, fail } from '../../context.js';
import { scalarImpl } from '../../../functions/registry.js';

export function geoLookup(kind: 'polygon' | 'line') {
  const plugin = `geo_${kind}_lookup`;
  return (call: A.Call, input: Batch, o: OpEnv): Batch => {
    const L = compact(input);
    const pos = call.args.filter((a) => a.kind !== 'NamedArg');
    const named = (n: string): A.Expr | undefined => {
      const a = call.args.find((x) => x.kind === 'NamedArg' && x.name.name.toLowerCase() === n);
      return a && a.kind === 'NamedArg' ? a.value : undefined;
    };
    const constant = (e: A.Expr | undefined, what: string): Value => {
      if (!e) return null;
      const c = compile(e, o.scope([]));
      return c.constant ? (c.value ?? null) : fail(EXEC_CODES.badArgument, `${plugin}: ${what} must be a constant`, e);
    };
    if (pos.length < 4) return fail(EXEC_CODES.badArgument, `${plugin}(LookupTable, Lookup${kind === 'polygon' ? 'Polygon' : 'Line'}Key, SourceLongitude, SourceLatitude${kind === 'polygon' ? ' [, radius]' : ', radius'} [, return_unmatched] [, return_lookup_key])`, call);
    const radiusV = constant(named('radius') ?? pos[4], 'radius');
    const radius = typeof radiusV === 'number' ? radiusV : undefined;
    if (kind === 'line' && radius === undefined) return fail(EXEC_CODES.badArgument, 'geo_line_lookup needs a radius in meters', call);
    if (radius !== undefined && !(radius >= 0)) return fail(EXEC_CODES.badArgument, `${plugin}: radius must be 0 or more meters`, named('radius') ?? pos[4]!);
    const unmatched = constant(named('return_unmatched') ?? pos[5], 'return_unmatched') === true;
    const withKey = constant(named('return_lookup_key') ?? pos[6], 'return_lookup_key') === true;
    const R = compact(o.tabular(pos[0]!, o.env));
    const keyE = pos[1]!;
    if (keyE.kind !== 'Name') return fail(EXEC_CODES.badArgument, `${plugin}: the lookup key must be a column of the lookup table`, keyE);
    const shapes = R.fields.find((f) => f.name === keyE.name)?.column ?? fail(EXEC_CODES.unknownColumn, `${plugin}: the lookup table has no column '${keyE.name}'`, keyE);
    const s = o.scope(L.fields), rows = rowIds(L);
    const lon = evalColumn(compile(pos[2]!, s), rows), lat = evalColumn(compile(pos[3]!, s), rows);
    const inside = scalarImpl('geo_point_in_polygon')!, toPolygon = scalarImpl('geo_distance_point_to_polygon')!, toLine = scalarImpl('geo_distance_point_to_line')!;
    const types: ScalarType[] = ['real', 'real', 'dynamic'];
    const matches = (x: Value, y: Value, shape: Value): boolean => {
      const args = [x, y, shape];
      if (kind === 'line') { const d = toLine(args, types, o.ctx.eval); return typeof d === 'number' && d <= radius!; }
      if (radius === undefined) return inside(args, types, o.ctx.eval) === true;
      const d = toPolygon(args, types, o.ctx.eval);
      return typeof d === 'number' && d <= radius;
    };
    const lo: number[] = [], ro: number[] = [];
    for (let l = 0; l < L.physLen; l++) {
      const x = lon.get(l), y = lat.get(l);
      let hit = false;
      if (typeof x === 'number' && typeof y === 'number') {
        for (let r = 0; r < R.physLen; r++) if (matches(x, y, shapes.get(r))) { lo.push(l); ro.push(r); hit = true; }
      }
      if (!hit && unmatched) { lo.push(l); ro.push(-1); }
    }
    const li = Int32Array.from(lo), ri = Int32Array.from(ro);
    const fields: Field[] = L.fields.map((f) => ({ name: f.name, column: gatherOpt(f.column, li) }));
    const taken = new Set(fields.map((f) => f.name));
    for (const f of R.fields) if ((withKey || f.name !== keyE.name) && !taken.has(f.name)) fields.push({ name: f.name, column: gatherOpt(f.column, ri) });
    return { fields, physLen: li.length };
  };
}
