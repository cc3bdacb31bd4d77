/**
 * What graph-match / graph-shortest-paths patterns mean, for the binder (binder/graph.ts) and the
 * executor (exec/ops/graph/match.ts) alike.
 *
 * `assignSlots`: the pattern's node and edge names → slots (a node name used twice is one node).
 * `rewrite`: the `where`/`project` expressions read pattern variables — `v.prop` (a node's or a
 * single edge's property), `node_degree_in(v)`, `node_degree_out(v)`, `node_id(v)`,
 * `map(e, expr)` / `any(e, expr)` / `all(e, expr)` over a variable-length edge's edges or over
 * `inner_nodes(e)`, `labels(v)` (always empty: make-graph graphs have no labels), and a bare `v`
 * (its properties as a bag; a variable-length edge's as an array of bags). Each use becomes a column of a
 * match table (`MatchColumn` says what it holds), so the ordinary where/project run over it.
 * Inside map/any/all, names are the element's properties and `node_degree_in()` (no argument)
 * etc. read the element node (hidden columns ELEM_*).
 */
import type * as A from '../syntax/ast.js';

/**
 * How a caller reports a misuse: the executor throws (`message`), the binder reports a type
 * mismatch (`mismatch`: what, what it expects, what it got) and leaves the expression as written.
 */
export type PatternProblem = (kind: 'badArgument' | 'unsupported', message: string, at: { start: number; end: number }, mismatch?: readonly [string, string, string]) => void;

export interface SlotPatterns {
  readonly vars: PatternVars;
  readonly patterns: readonly { readonly nodes: readonly number[]; readonly edges: readonly { slot: number; e: A.GraphEdgePattern }[] }[];
  readonly nodeSlots: number;
  readonly edgeSlots: number;
}

/** Slots for the patterns' nodes and edges (named nodes share a slot; edge names must be unique). */
export function assignSlots(patterns: readonly A.GraphPattern[], problem: PatternProblem): SlotPatterns {
  const nodes = new Map<string, number>(), edges = new Map<string, { slot: number; variable: boolean }>();
  let nodeSlots = 0, edgeSlots = 0;
  const out = patterns.map((p) => ({
    nodes: p.nodes.map((n) => {
      if (!n.name) return nodeSlots++;
      let s = nodes.get(n.name.name);
      if (s === undefined) { s = nodeSlots++; nodes.set(n.name.name, s); }
      return s;
    }),
    edges: p.edges.map((e) => {
      if (e.min < 0 || e.max < e.min) problem('badArgument', `the path length ${e.min}..${e.max} is not a range`, e);
      const slot = edgeSlots++;
      if (e.name) {
        if (edges.has(e.name.name)) problem('badArgument', `the name '${e.name.name}' is used twice`, e.name);
        edges.set(e.name.name, { slot, variable: e.variable });
      }
      return { slot, e };
    }),
  }));
  for (const [n] of nodes) if (edges.has(n)) problem('badArgument', `the name '${n}' names both a node and an edge`, patterns[0]!);
  return { vars: { nodes, edges }, patterns: out, nodeSlots, edgeSlots };
}

export type MatchColumn =
  | { readonly kind: 'prop'; readonly name: string; readonly entity: 'node' | 'edge'; readonly slot: number; readonly prop: A.Name }
  | { readonly kind: 'degree_in' | 'degree_out' | 'id'; readonly name: string; readonly slot: number }
  | { readonly kind: 'list'; readonly name: string; readonly fn: 'map' | 'any' | 'all'; readonly slot: number; readonly over: 'edges' | 'inner'; readonly elem: A.Expr; readonly at: A.Expr }
  /** A variable's properties as a bag; a variable-length edge's (`list`) as an array of bags. */
  | { readonly kind: 'bag'; readonly name: string; readonly entity: 'node' | 'edge'; readonly slot: number; readonly list?: boolean };

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
export function rewrite(e: A.Expr, vars: PatternVars, cols: MatchColumn[], problem: PatternProblem): A.Expr {
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
        // A variable-length edge's property is the array of its edges' values (graph-match-operator.md, Returns).
        if (ed.variable) return { ...add({ kind: 'list', name: next(), fn: 'map', slot: ed.slot, over: 'edges', elem: x.member, at: x }), start: x.start, end: x.end };
        return { ...add({ kind: 'prop', name: next(), entity: 'edge', slot: ed.slot, prop: x.member }), start: x.start, end: x.end };
      }
      return undefined;
    }
    if (x.kind === 'Call' && !x.target) {
      const fn = x.name.name;
      if (fn === 'labels' && x.args.length <= 1) return noLabels(x);
      const nodeFn = NODE_FNS[fn];
      if (nodeFn && x.args.length === 1 && x.args[0]!.kind === 'Name') {
        const slot = vars.nodes.get(x.args[0]!.name);
        if (slot === undefined) { problem('badArgument', `${fn}: '${x.args[0]!.name}' is not a node of the pattern`, x.args[0]!, [`Argument 1 of '${fn}'`, 'a node of the pattern', `'${x.args[0]!.name}'`]); return undefined; }
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
      if (fn === 'inner_nodes') problem('unsupported', 'inner_nodes() is supported as the first argument of map(), any() and all()', x, ["'inner_nodes()'", 'to be the first argument of map(), any() or all()', 'another place']);
      return undefined;
    }
    if (x.kind === 'Name') {
      const n = vars.nodes.get(x.name);
      if (n !== undefined) return add({ kind: 'bag', name: next(), entity: 'node', slot: n });
      const ed = vars.edges.get(x.name);
      if (ed) return add({ kind: 'bag', name: next(), entity: 'edge', slot: ed.slot, ...(ed.variable ? { list: true } : {}) });
    }
    return undefined;
  });
}

/**
 * Rewrites a `where`: a top-level `and` term that reads only one variable-length edge's properties
 * (`e.kind == "x"`) must hold for every edge of the path (graph-match-operator.md: "if all the
 * edges in the sequence satisfy the constraints"), so it becomes `all(e, kind == "x")`; the rest
 * as `rewrite`.
 */
export function rewriteWhere(e: A.Expr, vars: PatternVars, cols: MatchColumn[], problem: PatternProblem): A.Expr {
  const term = (t: A.Expr): A.Expr => {
    if (t.kind === 'Binary' && t.op === 'and') return { ...t, left: term(t.left), right: term(t.right) };
    const edge = onlyVariableEdge(t, vars);
    if (!edge) return rewrite(t, vars, cols, problem);
    const elem = mapExpr(t, (x) => (x.kind === 'Member' && x.target.kind === 'Name' && x.target.name === edge ? x.member : undefined));
    const name = (n: string): A.Name => ({ kind: 'Name', name: n, quoted: false, start: t.start, end: t.start });
    return rewrite({ kind: 'Call', name: name('all'), args: [name(edge), elem], start: t.start, end: t.end }, vars, cols, problem);
  };
  return term(e);
}

/** The one variable-length edge whose properties `t` reads, when it reads no other variable. */
function onlyVariableEdge(t: A.Expr, vars: PatternVars): string | undefined {
  let edge: string | undefined, other = false;
  mapExpr(t, (x) => {
    if (x.kind === 'Member' && x.target.kind === 'Name') {
      const ed = vars.edges.get(x.target.name);
      if (ed?.variable && (edge === undefined || edge === x.target.name)) { edge = x.target.name; return x; }
      if (ed || vars.nodes.has(x.target.name)) other = true;
      return x;
    }
    if (x.kind === 'Name' && (vars.nodes.has(x.name) || vars.edges.has(x.name))) other = true;
    if (x.kind === 'Call' && !x.target && (x.name.name in NODE_FNS || ['map', 'any', 'all', 'inner_nodes'].includes(x.name.name))) other = true;
    return undefined;
  });
  return other ? undefined : edge;
}

/** labels(v) / labels(): graphs built by make-graph carry no labels, so an empty array (labels-graph-function.md). */
function noLabels(at: A.Expr): A.Literal {
  return { kind: 'Literal', type: 'dynamic', value: [], text: 'dynamic([])', start: at.start, end: at.end };
}

/** An element expression (inside map/any/all): node functions without an argument read hidden columns. */
function elementExpr(e: A.Expr): A.Expr {
  return mapExpr(e, (x) => {
    if (x.kind === 'Call' && !x.target && x.args.length === 0 && x.name.name === 'labels') return noLabels(x);
    if (x.kind === 'Call' && !x.target && x.args.length === 0) {
      const k = NODE_FNS[x.name.name];
      if (k) return nameAt(k === 'degree_in' ? ELEM_DEGREE_IN : k === 'degree_out' ? ELEM_DEGREE_OUT : ELEM_ID, x);
    }
    return undefined;
  });
}
