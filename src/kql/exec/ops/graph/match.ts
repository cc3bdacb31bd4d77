/**
 * `graph-match [cycles=unique_edges|none|all] pattern[, pattern…] [where …] [project …]` and
 * `graph-shortest-paths [output=any|all] pattern [where …] [project …]`.
 *
 * Matching: every assignment of the pattern's nodes and edges to graph nodes and edges (a
 * variable-length edge `*min..max` to a path of that many edges), found by depth-first search
 * from each candidate of a pattern's first node, in node and edge order. A node name used twice
 * (in one pattern or across patterns) is the same node. Cycles in a variable-length path:
 * unique_edges (default: an edge at most once), none (a node at most once), all.
 * Then the `where` filters the matches and `project` gives the output (the executor's own
 * where/project over a table with one column per variable use, pattern-expr.ts).
 * graph-shortest-paths keeps, for every assignment of the named nodes, the matches of least total
 * length that pass the `where`: the first found (output=any, default) or all of them (output=all).
 *
 * Limit: at most 1,000,000 matches before the `where` (an error at the operator says so).
 */
import type { Value } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { columnFromValues, compact, gather, rowIds } from '../../batch.js';
import { EXEC_CODES, fail } from '../../context.js';
import { compile } from '../../expr.js';
import { paramText } from '../../operator.js';
import type { Graph } from './model.js';
import { graphItemNames } from '../../../binder/graph.js';
import { rewrite, ELEM_DEGREE_IN, ELEM_DEGREE_OUT, ELEM_ID, type MatchColumn, type PatternVars } from './pattern-expr.js';

const MAX_MATCHES = 1_000_000;

interface EdgeBind { readonly edges: readonly number[]; readonly nodes: readonly number[] }
interface Match { readonly nodes: Int32Array; readonly edges: readonly EdgeBind[]; readonly length: number }

interface SlotPattern { readonly nodes: readonly number[]; readonly edges: readonly { slot: number; e: A.GraphEdgePattern }[] }

export function graphMatch(g: Graph, op: A.GraphOp, spec: A.GraphMatchSpec, o: OpEnv): Batch {
  const shortest = spec.op === 'graph-shortest-paths';
  const cycles = shortest ? 'none' : (paramText(spec.params, 'cycles') ?? 'unique_edges').toLowerCase();
  if (!['unique_edges', 'none', 'all'].includes(cycles)) return fail(EXEC_CODES.badArgument, `graph-match: cycles must be unique_edges, none or all, not '${cycles}'`, op);
  const output = (paramText(spec.params, 'output') ?? 'any').toLowerCase();
  if (shortest && output !== 'any' && output !== 'all') return fail(EXEC_CODES.badArgument, `graph-shortest-paths: output must be any or all, not '${output}'`, op);

  // Slots for the pattern's nodes and edges (named nodes share a slot).
  const nodeVars = new Map<string, number>(), edgeVars = new Map<string, { slot: number; variable: boolean }>();
  let nodeSlots = 0, edgeSlots = 0;
  const patterns: SlotPattern[] = spec.patterns.map((p) => ({
    nodes: p.nodes.map((n) => {
      if (!n.name) return nodeSlots++;
      let s = nodeVars.get(n.name.name);
      if (s === undefined) { s = nodeSlots++; nodeVars.set(n.name.name, s); }
      return s;
    }),
    edges: p.edges.map((e) => {
      if (e.min < 0 || e.max < e.min) return fail(EXEC_CODES.badArgument, `graph-match: the path length ${e.min}..${e.max} is not a range`, e.name ?? op);
      const slot = edgeSlots++;
      if (e.name) {
        if (edgeVars.has(e.name.name) || nodeVars.has(e.name.name)) return fail(EXEC_CODES.badArgument, `graph-match: the name '${e.name.name}' is used twice`, e.name);
        edgeVars.set(e.name.name, { slot, variable: e.variable });
      }
      return { slot, e };
    }),
  }));
  for (const n of nodeVars.keys()) if (edgeVars.has(n)) return fail(EXEC_CODES.badArgument, `graph-match: the name '${n}' is used twice`, op);

  const matches = enumerate(g, patterns, nodeSlots, edgeSlots, cycles, op);
  const vars: PatternVars = { nodes: nodeVars, edges: edgeVars };
  const cols: MatchColumn[] = [];
  const where = spec.where ? rewrite(spec.where, vars, cols) : undefined;
  const items = spec.project.length ? spec.project : [...nodeVars.keys(), ...[...edgeVars].filter(([, v]) => !v.variable).map(([k]) => k)].map((n): A.ColumnItem => {
    const e: A.Name = { kind: 'Name', name: n, quoted: false, start: op.start, end: op.start };
    return { kind: 'ColumnItem', names: [], expr: e, start: op.start, end: op.start };
  });
  const itemNames = graphItemNames(items);
  const project: A.ColumnItem[] = items.map((it, i) => {
    const names = it.names.length ? it.names : [{ kind: 'Name' as const, name: itemNames[i]!, quoted: true, start: it.start, end: it.start }];
    return { ...it, names, expr: rewrite(it.expr, vars, cols) };
  });

  let b = matchTable(g, matches, cols, o);
  if (where) b = o.apply({ kind: 'Where', params: [], predicate: where, start: where.start, end: where.end }, b, o.env);
  if (shortest) b = keepShortest(b, matches, output === 'all');
  return o.apply({ kind: 'Project', items: project, start: op.start, end: op.end }, b, o.env);
}

function enumerate(g: Graph, patterns: readonly SlotPattern[], nodeSlots: number, edgeSlots: number, cycles: string, op: A.GraphOp): Match[] {
  const out: Match[] = [];
  const nodeAt = new Int32Array(nodeSlots).fill(-1);
  const edgeAt: (EdgeBind | undefined)[] = new Array(edgeSlots);
  const n = g.nodes.physLen;
  const emit = (): void => {
    if (out.length >= MAX_MATCHES) fail(EXEC_CODES.memory, `${op.name}: more than ${MAX_MATCHES.toLocaleString('en-US')} matches before the where filter; make the pattern narrower (shorter paths, fewer patterns)`, op);
    let length = 0;
    for (const e of edgeAt) length += e ? e.edges.length : 0;
    out.push({ nodes: nodeAt.slice(), edges: edgeAt.map((e) => e!), length });
  };
  const runPattern = (pi: number): void => {
    if (pi === patterns.length) { emit(); return; }
    const s0 = patterns[pi]!.nodes[0]!;
    const was = nodeAt[s0]!;
    const visit = (c: number): void => { nodeAt[s0] = c; step(pi, 0, c); nodeAt[s0] = was; };
    if (was >= 0) visit(was); else for (let c = 0; c < n; c++) visit(c);
  };
  const step = (pi: number, k: number, at: number): void => {
    const p = patterns[pi]!;
    if (k === p.edges.length) { runPattern(pi + 1); return; }
    const { slot, e } = p.edges[k]!;
    const ns = p.nodes[k + 1]!;
    walk(g, at, e, cycles, (bind) => {
      const end = bind.nodes[bind.nodes.length - 1]!;
      const was = nodeAt[ns]!;
      if (was >= 0 && was !== end) return;
      nodeAt[ns] = end; edgeAt[slot] = bind;
      step(pi, k + 1, end);
      nodeAt[ns] = was; edgeAt[slot] = undefined;
    });
  };
  runPattern(0);
  return out;
}

/** Calls `cb` with every path from `from` that fits the edge pattern, shorter paths first along each branch. */
function walk(g: Graph, from: number, e: A.GraphEdgePattern, cycles: string, cb: (b: EdgeBind) => void): void {
  const edges: number[] = [], nodes: number[] = [from];
  const go = (at: number): void => {
    const d = edges.length;
    if (d >= e.min) cb({ edges: edges.slice(), nodes: nodes.slice() });
    if (d >= e.max) return;
    const tryEdge = (id: number, to: number): void => {
      if (cycles === 'unique_edges' && edges.includes(id)) return;
      if (cycles === 'none' && nodes.includes(to)) return;
      edges.push(id); nodes.push(to);
      go(to);
      edges.pop(); nodes.pop();
    };
    if (e.direction !== 'in') for (const id of g.out[at]!) tryEdge(id, g.dst[id]!);
    if (e.direction !== 'out') for (const id of g.inc[at]!) tryEdge(id, g.src[id]!);
  };
  go(from);
}

/** The match table: one row per match, one column per variable use (plus the hidden row number). */
function matchTable(g: Graph, matches: readonly Match[], cols: readonly MatchColumn[], o: OpEnv): Batch {
  const m = matches.length;
  const fields: Field[] = [{ name: ROW, column: columnFromValues('long', matches.map((_, i) => i)) }];
  const nodeAt = (slot: number) => Uint32Array.from(matches, (x) => x.nodes[slot]!);
  const degree = (adj: readonly number[][]) => adj.map((l) => l.length);
  const degIn = degree(g.inc), degOut = degree(g.out);
  let elemNodes: Batch | undefined;
  const nodeElements = (): Batch => elemNodes ??= {
    fields: [...g.nodes.fields, { name: ELEM_DEGREE_IN, column: columnFromValues('long', degIn) }, { name: ELEM_DEGREE_OUT, column: columnFromValues('long', degOut) }, { name: ELEM_ID, column: g.ids }],
    physLen: g.nodes.physLen,
  };
  for (const c of cols) {
    switch (c.kind) {
      case 'prop': {
        const src = c.entity === 'node' ? g.nodes : g.edges;
        const f = src.fields.find((x) => x.name === c.prop.name) ?? fail(EXEC_CODES.unknownColumn, `the graph's ${c.entity}s have no property '${c.prop.name}'`, c.prop);
        const ix = c.entity === 'node' ? nodeAt(c.slot) : Uint32Array.from(matches, (x) => x.edges[c.slot]!.edges[0]!);
        fields.push({ name: c.name, column: gather(f.column, ix) });
        break;
      }
      case 'degree_in': case 'degree_out': {
        const d = c.kind === 'degree_in' ? degIn : degOut;
        fields.push({ name: c.name, column: columnFromValues('long', matches.map((x) => d[x.nodes[c.slot]!]!)) });
        break;
      }
      case 'id': fields.push({ name: c.name, column: gather(g.ids, nodeAt(c.slot)) }); break;
      case 'bag': {
        const src = c.entity === 'node' ? g.nodes : g.edges;
        const vals: Value[] = matches.map((x) => {
          const r = c.entity === 'node' ? x.nodes[c.slot]! : x.edges[c.slot]!.edges[0]!;
          const bag: Record<string, Value> = {};
          for (const f of src.fields) bag[f.name] = f.column.get(r);
          return bag as Value;
        });
        fields.push({ name: c.name, column: columnFromValues('dynamic', vals) });
        break;
      }
      case 'list': {
        const el = c.over === 'edges' ? g.edges : nodeElements();
        const fn = compile(c.elem, o.scope(el.fields)).fn;
        const vals: Value[] = matches.map((x) => {
          const b = x.edges[c.slot]!;
          const rows = c.over === 'edges' ? b.edges : b.nodes.slice(1, -1);
          if (c.fn === 'map') return rows.map((r) => fn(r)) as Value;
          if (c.fn === 'any') return rows.some((r) => fn(r) === true);
          return rows.every((r) => fn(r) === true);
        });
        fields.push({ name: c.name, column: columnFromValues(c.fn === 'map' ? 'dynamic' : 'bool', vals) });
        break;
      }
    }
  }
  return { fields, physLen: m };
}

const ROW = '\u0001match';

/** graph-shortest-paths: of the surviving matches, those of least length per assignment of nodes. */
function keepShortest(b: Batch, matches: readonly Match[], all: boolean): Batch {
  const c = compact(b);
  const rowCol = c.fields.find((f) => f.name === ROW)!.column;
  const best = new Map<string, number[]>();
  for (const r of rowIds(c)) {
    const m = matches[rowCol.get(r) as number]!;
    const key = Array.from(m.nodes).join(',');
    const cur = best.get(key);
    if (!cur) { best.set(key, [r]); continue; }
    const len = matches[rowCol.get(cur[0]!) as number]!.length;
    if (m.length < len) best.set(key, [r]);
    else if (m.length === len && all) cur.push(r);
  }
  const keep = [...best.values()].flat().sort((x, y) => x - y);
  return { fields: c.fields, physLen: c.physLen, sel: Uint32Array.from(keep) };
}
