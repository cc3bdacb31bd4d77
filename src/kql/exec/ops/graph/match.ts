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
import { EXEC_CODES, fail, rowLoopTick } from '../../context.js';
import { compile } from '../../expr.js';
import { paramText } from '../../operator.js';
import type { Graph } from './model.js';
import { graphItemNames } from '../../../binder/graph.js';
import { assignSlots, rewrite, rewriteWhere, ELEM_DEGREE_IN, ELEM_DEGREE_OUT, ELEM_ID, type MatchColumn, type PatternProblem, type SlotPatterns } from '../../../semantics/graph-pattern.js';

const MAX_MATCHES = 1_000_000;

interface EdgeBind { readonly edges: readonly number[]; readonly nodes: readonly number[] }
interface Match { readonly nodes: Int32Array; readonly edges: readonly EdgeBind[]; readonly length: number }

type SlotPattern = SlotPatterns['patterns'][number];

export function graphMatch(g: Graph, op: A.GraphOp, spec: A.GraphMatchSpec, o: OpEnv): Batch {
  const shortest = spec.op === 'graph-shortest-paths';
  const cycles = shortest ? 'none' : (paramText(spec.params, 'cycles') ?? 'unique_edges').toLowerCase();
  if (!['unique_edges', 'none', 'all'].includes(cycles)) return fail(EXEC_CODES.badArgument, `graph-match: cycles must be unique_edges, none or all, not '${cycles}'`, op);
  const output = (paramText(spec.params, 'output') ?? 'any').toLowerCase();
  if (shortest && output !== 'any' && output !== 'all') return fail(EXEC_CODES.badArgument, `graph-shortest-paths: output must be any or all, not '${output}'`, op);

  const problem: PatternProblem = (kind, message, at) => fail(EXEC_CODES[kind], `${spec.op}: ${message}`, at);
  const { vars, patterns, nodeSlots, edgeSlots } = assignSlots(spec.patterns, problem);
  const nodeVars = vars.nodes, edgeVars = vars.edges;

  const allowed = spec.where ? nodeCandidates(spec.where, nodeVars, g, o) : new Map<number, Uint8Array>();
  const matches = enumerate(g, patterns, nodeSlots, edgeSlots, cycles, op, allowed);
  const cols: MatchColumn[] = [];
  const where = spec.where ? rewriteWhere(spec.where, vars, cols, problem) : undefined;
  const items = spec.project.length ? spec.project : [...nodeVars.keys(), ...edgeVars.keys()].map((n): A.ColumnItem => {
    const e: A.Name = { kind: 'Name', name: n, quoted: false, start: op.start, end: op.start };
    return { kind: 'ColumnItem', names: [], expr: e, start: op.start, end: op.start };
  });
  const itemNames = graphItemNames(items);
  const project: A.ColumnItem[] = items.map((it, i) => {
    const names = it.names.length ? it.names : [{ kind: 'Name' as const, name: itemNames[i]!, quoted: true, start: it.start, end: it.start }];
    return { ...it, names, expr: rewrite(it.expr, vars, cols, problem) };
  });

  let b = matchTable(g, matches, cols, o);
  if (where) b = o.apply({ kind: 'Where', params: [], predicate: where, start: where.start, end: where.end }, b, o.env);
  if (shortest) b = keepShortest(b, matches, output === 'all');
  return o.apply({ kind: 'Project', items: project, start: op.start, end: op.end }, b, o.env);
}

/**
 * Nodes a slot may take, from the `where`'s top-level `and` terms `v.prop == constant` (either
 * side) and `node_id(v) == constant`: the search skips other nodes early. The whole `where` still
 * runs on every match, so this only prunes.
 */
function nodeCandidates(where: A.Expr, nodeVars: ReadonlyMap<string, number>, g: Graph, o: OpEnv): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const terms: A.Expr[] = [];
  const split = (e: A.Expr): void => { if (e.kind === 'Binary' && e.op === 'and') { split(e.left); split(e.right); } else terms.push(e); };
  split(where);
  const constantOf = (e: A.Expr): Value | undefined => {
    if (e.kind === 'Name' || e.kind === 'Member') return undefined;
    try { const c = compile(e, o.scope([])); return c.constant ? c.value ?? undefined : undefined; } catch { return undefined; }
  };
  for (const t of terms) {
    if (t.kind !== 'Binary' || t.op !== '==') continue;
    for (const [side, other] of [[t.left, t.right], [t.right, t.left]] as const) {
      let slot: number | undefined, column: { get(i: number): Value } | undefined;
      if (side.kind === 'Member' && side.target.kind === 'Name') {
        slot = nodeVars.get(side.target.name);
        column = g.nodes.fields.find((f) => f.name === side.member.name)?.column;
      } else if (side.kind === 'Call' && side.name.name === 'node_id' && side.args.length === 1 && side.args[0]!.kind === 'Name') {
        slot = nodeVars.get(side.args[0]!.name);
        column = g.ids;
      }
      if (slot === undefined || !column) continue;
      const v = constantOf(other);
      if (v === undefined || v === null || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) continue;
      const ok = new Uint8Array(g.nodes.physLen);
      for (let i = 0; i < ok.length; i++) if (column.get(i) === v) ok[i] = 1;
      const prev = out.get(slot);
      if (prev) for (let i = 0; i < ok.length; i++) ok[i]! &= prev[i]!;
      out.set(slot, ok);
      break;
    }
  }
  return out;
}

function enumerate(g: Graph, patterns: readonly SlotPattern[], nodeSlots: number, edgeSlots: number, cycles: string, op: A.GraphOp, allowed: ReadonlyMap<number, Uint8Array>): Match[] {
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
    const ok = allowed.get(s0);
    if (was >= 0) visit(was); else for (let c = 0; c < n; c++) if (!ok || ok[c]) visit(c);
  };
  const step = (pi: number, k: number, at: number): void => {
    const p = patterns[pi]!;
    if (k === p.edges.length) { runPattern(pi + 1); return; }
    const { slot, e } = p.edges[k]!;
    const ns = p.nodes[k + 1]!;
    const nextOk = allowed.get(ns);
    walk(g, at, e, cycles, (bind) => {
      const end = bind.nodes[bind.nodes.length - 1]!;
      const was = nodeAt[ns]!;
      if (was >= 0 && was !== end) return;
      if (nextOk && !nextOk[end]) return;
      nodeAt[ns] = end; edgeAt[slot] = bind;
      step(pi, k + 1, end);
      nodeAt[ns] = was; edgeAt[slot] = undefined;
    });
  };
  runPattern(0);
  return out;
}

/** Calls `cb` with every path from `from` that fits the edge pattern, shorter paths first along each branch. */
let steps = 0;

function walk(g: Graph, from: number, e: A.GraphEdgePattern, cycles: string, cb: (b: EdgeBind) => void): void {
  const edges: number[] = [], nodes: number[] = [from];
  const go = (at: number): void => {
    if ((++steps & 1023) === 0) rowLoopTick(); // the governor's time and memory limits hold inside long searches
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
        const bagOf = (r: number): Value => {
          const bag: Record<string, Value> = {};
          for (const f of src.fields) bag[f.name] = f.column.get(r);
          return bag as Value;
        };
        const vals: Value[] = matches.map((x) => {
          if (c.entity === 'node') return bagOf(x.nodes[c.slot]!);
          const es = x.edges[c.slot]!.edges;
          return c.list ? (es.map(bagOf) as Value) : bagOf(es[0]!);
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
