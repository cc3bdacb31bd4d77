/**
 * The expressions of graph-match / graph-shortest-paths (`where`, `project`) read pattern
 * variables: `v.prop` (a node's or a single edge's property), `node_degree_in(v)`,
 * `node_degree_out(v)`, `node_id(v)`, `map(e, expr)` / `any(e, expr)` / `all(e, expr)` over a
 * variable-length edge's edges or over `inner_nodes(e)`, and a bare `v` (its properties as a bag).
 * `rewrite` replaces each such use by a column of the match table and lists what each column
 * holds (`MatchColumn`); match.ts fills them per match, then runs the ordinary where/project.
 * Inside map/any/all, names are the element's properties and `node_degree_in()` (no argument)
 * etc. read the element node.
 */
import type * as A from '../../../syntax/ast.js';
import { EXEC_CODES, fail } from '../../context.js';

export type MatchColumn =
  | { readonly kind: 'prop'; readonly name: string; readonly entity: 'node' | 'edge'; readonly slot: number; readonly prop: A.Name }
  | { readonly kind: 'degree_in' | 'degree_out' | 'id'; readonly name: string; readonly slot: number }
  | { readonly kind: 'list'; readonly name: string; readonly fn: 'map' | 'any' | 'all'; readonly slot: number; readonly over: 'edges' | 'inner'; readonly elem: A.Expr; readonly at: A.Expr }
  | { readonly kind: 'bag'; readonly name: string; readonly entity: 'node' | 'edge'; readonly slot: number };

export interface PatternVars {
  readonly nodes: ReadonlyMap<string, number>;
  readonly edges: ReadonlyMap<string, { slot: number; variable: boolean }>;
}

/** Hidden columns of the node element table (for node functions without an argument). */
export const ELEM_DEGREE_IN = '\u0001degree_in', ELEM_DEGREE_OUT = '\u0001degree_out', ELEM_ID = '\u0001id';

const NODE_FNS: Readonly<Record<string, 'degree_in' | 'degree_out' | 'id'>> = { node_degree_in: 'degree_in', node_degree_out: 'degree_out', node_id: 'id' };

/** Maps `e`'s sub-expressions through `f` (a replacement, or undefined to descend). Names of calls, members and named arguments are kept. */
export function mapExpr(e: A.Expr, f: (x: A.Expr) => A.Expr | undefined): A.Expr {
  const r = f(e);
  if (r) return r;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    const keep = (e.kind === 'Call' && k === 'name') || (e.kind === 'Member' && k === 'member') || (e.kind === 'NamedArg' && k === 'name');
    if (keep) out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map((x) => (isExpr(x) ? mapExpr(x, f) : x));
    else out[k] = isExpr(v) ? mapExpr(v, f) : v;
  }
  return out as unknown as A.Expr;
}

function isExpr(v: unknown): v is A.Expr {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

const nameAt = (name: string, at: A.Expr): A.Name => ({ kind: 'Name', name, quoted: true, start: at.start, end: at.end });

/** Rewrites a match-level expression; new columns are appended to `cols`. */
export function rewrite(e: A.Expr, vars: PatternVars, cols: MatchColumn[]): A.Expr {
  const add = (c: MatchColumn): A.Name => {
    const same = cols.find((x) => JSON.stringify({ ...x, name: '' }) === JSON.stringify({ ...c, name: '' }));
    if (same) return nameAt(same.name, e);
    cols.push(c);
    return nameAt(c.name, e);
  };
  const next = (): string => `\u0001m${cols.length}`;
  return mapExpr(e, (x) => {
    if (x.kind === 'Member' && x.target.kind === 'Name') {
      const v = x.target.name;
      const n = vars.nodes.get(v);
      if (n !== undefined) return { ...add({ kind: 'prop', name: next(), entity: 'node', slot: n, prop: x.member }), start: x.start, end: x.end };
      const ed = vars.edges.get(v);
      if (ed) {
        if (ed.variable) return fail(EXEC_CODES.badArgument, `'${v}' is a variable-length edge (a list of edges): read its properties with map(${v}, …), any(…) or all(…)`, x);
        return { ...add({ kind: 'prop', name: next(), entity: 'edge', slot: ed.slot, prop: x.member }), start: x.start, end: x.end };
      }
      return undefined;
    }
    if (x.kind === 'Call' && !x.target) {
      const fn = x.name.name;
      const nodeFn = NODE_FNS[fn];
      if (nodeFn && x.args.length === 1 && x.args[0]!.kind === 'Name') {
        const slot = vars.nodes.get(x.args[0]!.name);
        if (slot === undefined) return fail(EXEC_CODES.badArgument, `${fn}: '${x.args[0]!.name}' is not a node of the pattern`, x.args[0]!);
        return { ...add({ kind: nodeFn, name: next(), slot }), start: x.start, end: x.end };
      }
      if ((fn === 'map' || fn === 'any' || fn === 'all') && x.args.length === 2) {
        const list = x.args[0]!;
        let target: A.Expr = list, over: 'edges' | 'inner' = 'edges';
        if (list.kind === 'Call' && list.name.name === 'inner_nodes' && list.args.length === 1) { target = list.args[0]!; over = 'inner'; }
        if (target.kind === 'Name') {
          const ed = vars.edges.get(target.name);
          if (ed) return { ...add({ kind: 'list', name: next(), fn, slot: ed.slot, over, elem: elementExpr(x.args[1]!), at: x }), start: x.start, end: x.end };
        }
      }
      if (fn === 'inner_nodes') return fail(EXEC_CODES.unsupported, 'inner_nodes() is supported as the first argument of map(), any() and all()', x);
      return undefined;
    }
    if (x.kind === 'Name') {
      const n = vars.nodes.get(x.name);
      if (n !== undefined) return add({ kind: 'bag', name: next(), entity: 'node', slot: n });
      const ed = vars.edges.get(x.name);
      if (ed && !ed.variable) return add({ kind: 'bag', name: next(), entity: 'edge', slot: ed.slot });
    }
    return undefined;
  });
}

/** An element expression (inside map/any/all): node functions without an argument read hidden columns. */
function elementExpr(e: A.Expr): A.Expr {
  return mapExpr(e, (x) => {
    if (x.kind === 'Call' && !x.target && x.args.length === 0) {
      const k = NODE_FNS[x.name.name];
      if (k) return nameAt(k === 'degree_in' ? ELEM_DEGREE_IN : k === 'degree_out' ? ELEM_DEGREE_OUT : ELEM_ID, x);
    }
    return undefined;
  });
}
