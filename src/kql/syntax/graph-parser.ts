/**
 * The graph operators' grammar (make-graph, graph-match, graph-shortest-paths, graph-to-table,
 * graph-mark-components), on top of the main parser's tokens and expression rules (passed in as a
 * host, so that this file sees nothing of the parser but what it needs). Like the main parser it
 * never throws: a malformed part is reported through the host and parsing goes on.
 *
 * Edge patterns are written with the lexer's tokens: `-->` is `--` `>`, `<--` is `<` `--`, `]->`
 * is `]` `->`, `<-[` is `<` `-` `[`.
 */
import type * as A from './ast.js';
import type { Token } from './lexer.js';

export interface GraphParserHost {
  cur(): Token;
  peek(k?: number): Token;
  advance(): Token;
  at(p: string): boolean;
  atWord(w: string): boolean;
  eat(p: string): Token | undefined;
  expect(p: string, what?: string): boolean;
  /** Reports "expected `what`" at the current token. */
  missing(what: string): void;
  name(what: string): A.Name;
  expr(): A.Expr;
  subQuery(): A.Expr;
  columnItems(): A.ColumnItem[];
  opParams(allowed: readonly string[]): A.OpParam[];
  atOperatorEnd(): boolean;
  prevEnd(): number;
}

/** Parses the operator after its keyword (`word`); undefined for graph-merge (kept as text). */
export function parseGraphSpec(h: GraphParserHost, word: string): A.GraphSpec | undefined {
  switch (word) {
    case 'make-graph': return makeGraph(h);
    case 'graph-match': case 'graph-shortest-paths': return match(h, word);
    case 'graph-to-table': return toTable(h);
    case 'graph-mark-components': return markComponents(h);
    default: return undefined;
  }
}

/** `name = Name` as written after the operator (with_node_id=…, with_component_id=…). */
function assignedName(h: GraphParserHost): A.Name {
  h.advance(); // the parameter word
  h.expect('=');
  return h.name('a column name');
}

function atAssign(h: GraphParserHost, word: string): boolean {
  const t = h.cur();
  return t.kind === 'ident' && t.text === word && h.peek().text === '=';
}

function makeGraph(h: GraphParserHost): A.MakeGraphSpec {
  const source = h.name('the source node id column');
  if (!h.eat('-->')) { if (h.eat('--')) h.expect('>', "'-->'"); else h.missing("'-->'"); }
  const target = h.name('the target node id column');
  let nodeId: A.Name | undefined;
  const nodes: { table: A.Expr; key: A.Name }[] = [];
  for (;;) {
    if (atAssign(h, 'with_node_id')) { nodeId = assignedName(h); continue; }
    if (h.atWord('with')) {
      h.advance();
      for (;;) {
        const table = h.at('(') ? (h.advance(), paren(h)) : h.name('a nodes table');
        h.expect('on', "'on'");
        nodes.push({ table, key: h.name('the nodes table key column') });
        if (!h.eat(',')) break;
      }
      continue;
    }
    break;
  }
  let partition: { column: A.Name; body: A.Expr } | undefined;
  // `partitioned-by` reads as the words partitioned, -, by.
  if (h.atWord('partitioned') && h.peek().text === '-' && h.peek(2).text === 'by') {
    h.advance(); h.advance(); h.advance();
    const column = h.name('the partition column');
    if (h.expect('(', "'(' and graph operators")) { partition = { column, body: h.subQuery() }; h.expect(')'); }
  }
  return { op: 'make-graph', source, target, ...(nodeId ? { nodeId } : {}), nodes, ...(partition ? { partition } : {}) };
}

function paren(h: GraphParserHost): A.Expr {
  const q = h.subQuery();
  h.expect(')');
  return q;
}

function match(h: GraphParserHost, op: 'graph-match' | 'graph-shortest-paths'): A.GraphMatchSpec {
  const params = h.opParams(op === 'graph-match' ? ['cycles'] : ['output']);
  const patterns: A.GraphPattern[] = [];
  for (;;) {
    patterns.push(pattern(h));
    if (!h.eat(',')) break;
  }
  let where: A.Expr | undefined;
  if (h.atWord('where')) { h.advance(); where = h.expr(); }
  let project: A.ColumnItem[] = [];
  if (h.atWord('project')) { h.advance(); project = h.columnItems(); }
  return { op, params, patterns, ...(where ? { where } : {}), project };
}

function pattern(h: GraphParserHost): A.GraphPattern {
  const start = h.cur().start;
  const nodes: A.GraphNodePattern[] = [node(h)];
  const edges: A.GraphEdgePattern[] = [];
  for (;;) {
    const e = edge(h);
    if (!e) break;
    edges.push(e);
    nodes.push(node(h));
  }
  return { nodes, edges, start, end: h.prevEnd() };
}

function node(h: GraphParserHost): A.GraphNodePattern {
  const start = h.cur().start;
  if (!h.expect('(', "'(' (a graph node)")) return { start, end: start };
  const t = h.cur();
  const name = t.kind === 'ident' || t.kind === 'bracketed' ? h.name('a node name') : undefined;
  h.expect(')');
  return { ...(name ? { name } : {}), start, end: h.prevEnd() };
}

/** An edge, or undefined when the pattern ends here. */
function edge(h: GraphParserHost): A.GraphEdgePattern | undefined {
  const start = h.cur().start;
  const done = (dir: 'out' | 'in' | 'any', inner?: { name?: A.Name; min: number; max: number; variable: boolean }): A.GraphEdgePattern =>
    ({ ...(inner?.name ? { name: inner.name } : {}), direction: dir, min: inner?.min ?? 1, max: inner?.max ?? 1, variable: inner?.variable ?? false, start, end: h.prevEnd() });
  if (h.at('--')) {
    h.advance();
    return done(h.eat('>') ? 'out' : 'any');
  }
  if (h.at('<') && h.peek().text === '--') { h.advance(); h.advance(); return done('in'); }
  if (h.at('<') && h.peek().text === '-' && h.peek(2).text === '[') {
    h.advance(); h.advance(); h.advance();
    const inner = edgeInner(h);
    h.expect('-', "'-' (closing the edge)");
    return done('in', inner);
  }
  if (h.at('-') && h.peek().text === '[') {
    h.advance(); h.advance();
    const inner = edgeInner(h);
    if (h.eat('->')) return done('out', inner);
    h.expect('-', "'->' or '-' (closing the edge)");
    return done('any', inner);
  }
  return undefined;
}

/** `[name] [*min..max]` then `]`. */
function edgeInner(h: GraphParserHost): { name?: A.Name; min: number; max: number; variable: boolean } {
  const t = h.cur();
  const name = t.kind === 'ident' || t.kind === 'bracketed' ? h.name('an edge name') : undefined;
  let min = 1, max = 1, variable = false;
  if (h.eat('*')) {
    variable = true;
    const int = (): number => {
      const x = h.cur();
      if (x.kind === 'long' && typeof x.value === 'number') { h.advance(); return x.value; }
      h.missing('a path length (integer)');
      return 1;
    };
    min = int();
    max = h.eat('..') ? int() : min;
  }
  h.expect(']');
  return { ...(name ? { name } : {}), min, max, variable };
}

function toTable(h: GraphParserHost): A.GraphToTableSpec {
  const parts: A.GraphTablePart[] = [];
  for (;;) {
    const w = h.cur();
    let entity: 'nodes' | 'edges' = 'nodes';
    if (w.kind === 'ident' && (w.text === 'nodes' || w.text === 'edges')) { h.advance(); entity = w.text; } else h.missing("'nodes' or 'edges'");
    let as: A.Name | undefined, nodeId: A.Name | undefined, sourceId: A.Name | undefined, targetId: A.Name | undefined;
    for (;;) {
      if (h.atWord('as')) { h.advance(); as = h.name('a table name'); continue; }
      if (atAssign(h, 'with_node_id')) { nodeId = assignedName(h); continue; }
      if (atAssign(h, 'with_source_id')) { sourceId = assignedName(h); continue; }
      if (atAssign(h, 'with_target_id')) { targetId = assignedName(h); continue; }
      break;
    }
    parts.push({ entity, ...(as ? { as } : {}), ...(nodeId ? { nodeId } : {}), ...(sourceId ? { sourceId } : {}), ...(targetId ? { targetId } : {}) });
    if (!h.eat(',')) break;
  }
  return { op: 'graph-to-table', parts };
}

function markComponents(h: GraphParserHost): A.GraphMarkComponentsSpec {
  let kind: 'weak' | 'strong' = 'weak';
  let componentId: A.Name | undefined;
  for (;;) {
    if (atAssign(h, 'with_component_id')) { componentId = assignedName(h); continue; }
    if (atAssign(h, 'kind')) {
      h.advance(); h.advance();
      const k = h.name("'weak' or 'strong'");
      if (k.name === 'strong' || k.name === 'weak') kind = k.name; else h.missing("'weak' or 'strong'");
      continue;
    }
    break;
  }
  return { op: 'graph-mark-components', kind, ...(componentId ? { componentId } : {}) };
}
