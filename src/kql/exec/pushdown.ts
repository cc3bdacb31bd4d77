/**
 * Planner rewrite: filter before computing what the filter does not need.
 *
 * `… | extend a = f(x) | extend b = g(y) | where p(b)` computes `b`, filters with `p`, then
 * computes `a` over the surviving rows only, and restores the column order the original chain
 * gives. (The seed rule's `tostring(LocationDetails)` then runs on a few rows instead of every
 * successful sign-in.) The rewrite applies when every extend item has a known name, none uses a
 * row-order function, and no item redefines a name another item reads.
 */
import type * as A from '../syntax/ast.js';
import { columnLikeName } from './names.js';

const ORDERED = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_min', 'row_rank_dense', 'rand', 'new_guid', 'pack_all', 'column_ifexists']);

/** Adds the names an expression reads to `names`; returns true when it must not be moved (row order, sub-queries). */
export function scan(e: A.Expr, names: Set<string>): boolean {
  let pinned = false;
  const visit = (x: A.Expr): void => {
    switch (x.kind) {
      case 'Name': names.add(x.name); break;
      case 'Binary': visit(x.left); visit(x.right); break;
      case 'Unary': visit(x.operand); break;
      case 'Call':
        if (ORDERED.has(x.name.name)) pinned = true;
        for (const a of x.args) visit(a);
        break;
      case 'NamedArg': visit(x.value); break;
      case 'Member': visit(x.target); break;
      case 'Index': visit(x.target); visit(x.index); break;
      case 'InList': visit(x.left); for (const i of x.items) visit(i); break;
      case 'Between': visit(x.left); visit(x.low); visit(x.high); break;
      case 'Literal': case 'TypeOf': break;
      default: pinned = true;
    }
  };
  visit(e);
  return pinned;
}

export interface FilterFirst {
  /** The input below the extends. */
  readonly base: A.Expr;
  /** Items the filter needs, in original order. */
  readonly first: readonly A.ColumnItem[];
  readonly where: A.WhereOp;
  /** The other items, computed after the filter, in original order. */
  readonly rest: readonly A.ColumnItem[];
  /** Every item in original order (for the final column order). */
  readonly all: readonly { readonly name: string }[];
}

export function planFilterFirst(p: A.Pipe): FilterFirst | undefined {
  if (p.operator.kind !== 'Where') return undefined;
  const exts: A.ExtendOp[] = [];
  let src: A.Expr = p.source;
  while (src.kind === 'Pipe' && src.operator.kind === 'Extend') { exts.unshift(src.operator); src = src.source; }
  if (exts.length === 0) return undefined;
  const items = exts.flatMap((x) => x.items);
  const info: { item: A.ColumnItem; name: string; reads: Set<string> }[] = [];
  for (const item of items) {
    if (item.names.length > 1) return undefined;
    const name = item.names[0]?.name ?? columnLikeName(item.expr);
    if (name === undefined) return undefined;
    const reads = new Set<string>();
    if (scan(item.expr, reads)) return undefined;
    info.push({ item, name, reads });
  }
  const defined = new Set<string>();
  for (const i of info) { if (defined.has(i.name)) return undefined; defined.add(i.name); }
  for (const i of info) for (const j of info) if (i !== j && j.reads.has(i.name)) {
    // j reads a name i defines: fine only when i comes first and i does not shadow an input column j meant.
    if (info.indexOf(i) > info.indexOf(j)) return undefined;
  }
  const wReads = new Set<string>();
  if (scan(p.operator.predicate, wReads)) return undefined;
  const needed = new Set<string>();
  const queue = [...wReads].filter((n) => defined.has(n));
  while (queue.length) {
    const n = queue.pop()!;
    if (needed.has(n)) continue;
    needed.add(n);
    const it = info.find((i) => i.name === n)!;
    for (const r of it.reads) if (defined.has(r) && !needed.has(r)) queue.push(r);
  }
  if (needed.size === info.length) return undefined;
  return {
    base: src,
    first: info.filter((i) => needed.has(i.name)).map((i) => i.item),
    where: p.operator,
    rest: info.filter((i) => !needed.has(i.name)).map((i) => i.item),
    all: info.map((i) => ({ name: i.name })),
  };
}

/**
 * Column pruning: the input columns an operator reads to produce `needed` (undefined = all).
 * Only operators whose reads are plain to see narrow the set; anything else needs every column.
 */
export function neededBelow(op: A.Operator, needed: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  const reads = new Set<string>();
  const readAll = (es: readonly A.Expr[]): boolean => { for (const e of es) { if (e.kind === 'Star' || scan(e, reads)) return true; } return false; };
  const hasStar = (es: readonly A.Expr[]): boolean => es.some((e) => e.kind === 'Star' || (e.kind === 'Call' && e.args.some((a) => a.kind === 'Star')));
  switch (op.kind) {
    case 'Count': return reads;
    case 'Project': { const es = op.items.map((i) => i.expr); return hasStar(es) || readAll(es) ? undefined : reads; }
    case 'Summarize': { const es = [...op.aggregates, ...op.by].map((i) => i.expr); return hasStar(es) || readAll(es) ? undefined : reads; }
    case 'Distinct': { const es = op.items.map((i) => i.expr); return hasStar(es) || readAll(es) ? undefined : reads; }
    case 'Where': { if (!needed || readAll([op.predicate])) return undefined; for (const n of needed) reads.add(n); return reads; }
    case 'Take': return needed;
    case 'Sort': case 'Top': {
      const items = op.kind === 'Sort' ? op.items : [op.by];
      if (!needed || readAll(items.map((i) => i.expr))) return undefined;
      for (const n of needed) reads.add(n);
      return reads;
    }
    case 'Extend': {
      if (!needed) return undefined;
      const defined = new Set<string>();
      for (const it of op.items) { for (const n of it.names) defined.add(n.name); const c = columnLikeName(it.expr); if (c && it.names.length === 0) defined.add(c); if (it.names.length === 0 && !c) return undefined; }
      if (readAll(op.items.map((i) => i.expr))) return undefined;
      for (const n of needed) if (!defined.has(n)) reads.add(n);
      return reads;
    }
    default: return undefined;
  }
}
