/**
 * Planner rewrite: predicate pushdown of `where` below `extend`.
 * `… | extend a = f(x) | where p` runs as `… | where p | extend a = f(x)` when `p` does not read
 * any column the extend defines (or redefines) and neither side uses row-order functions. The
 * extend then computes only the surviving rows (the seed rule's `tostring(LocationDetails)`
 * runs on a few rows instead of every sign-in).
 */
import type * as A from '../syntax/ast.js';
import { columnLikeName } from './names.js';

const WINDOW = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_min', 'row_rank_dense', 'rand', 'new_guid']);

/** Names read by an expression (columns/variables) and whether it calls a row-order function. */
function scan(e: A.Expr, names: Set<string>): boolean {
  let ordered = false;
  const visit = (x: A.Expr): void => {
    switch (x.kind) {
      case 'Name': names.add(x.name); break;
      case 'Binary': visit(x.left); visit(x.right); break;
      case 'Unary': visit(x.operand); break;
      case 'Call':
        if (WINDOW.has(x.name.name) || x.name.name === 'pack_all' || x.name.name === 'column_ifexists') ordered = true;
        for (const a of x.args) visit(a);
        break;
      case 'NamedArg': visit(x.value); break;
      case 'Member': visit(x.target); break;
      case 'Index': visit(x.target); visit(x.index); break;
      case 'InList': visit(x.left); for (const i of x.items) visit(i); break;
      case 'Between': visit(x.left); visit(x.low); visit(x.high); break;
      case 'Literal': case 'TypeOf': break;
      default: ordered = true; // sub-queries and anything unusual: do not move
    }
  };
  visit(e);
  return ordered;
}

/** Rewrites one pipe level; returns the same node when no rewrite applies. */
export function pushDownWhere(p: A.Pipe): A.Pipe {
  if (p.operator.kind !== 'Where' || p.source.kind !== 'Pipe' || p.source.operator.kind !== 'Extend') return p;
  const ext = p.source.operator;
  const defined = new Set<string>();
  for (const it of ext.items) {
    const n = it.names[0]?.name ?? columnLikeName(it.expr);
    if (n === undefined) return p; // Column1…: cannot tell what the predicate could read
    for (const m of it.names) defined.add(m.name);
    defined.add(n);
    if (scan(it.expr, new Set())) return p;
  }
  const read = new Set<string>();
  if (scan(p.operator.predicate, read)) return p;
  for (const n of read) if (defined.has(n)) return p;
  const inner: A.Pipe = { kind: 'Pipe', source: p.source.source, operator: p.operator, start: p.start, end: p.end };
  return { kind: 'Pipe', source: pushDownWhere(inner), operator: ext, start: p.start, end: p.end };
}
