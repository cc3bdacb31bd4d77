/**
 * Expression helpers of the plan's rules (../plan/rules: filter-pushdown, column-pruning): which
 * columns an expression reads, extend items written into a predicate, what an operator reads of
 * its input. The rewrite they serve: filter before computing what the filter does not need.
 *
 * `… | extend a = f(x) | extend b = g(y) | where p(b)` filters with `p(g(y))` — the items the
 * predicate reads are substituted into it, so it runs on the input columns (a predicate over one
 * dictionary column is then evaluated once per distinct value) — and computes `a` and `b` over
 * the surviving rows only, restoring the column order the original chain gives. Items no
 * consumer reads are not computed at all. (The seed rule's `IsRisky` becomes part of its filter and
 * `tostring(LocationDetails)` runs on a few rows instead of every successful sign-in.) The rewrite
 * applies when every extend item has a known name, none uses a row-order function or a
 * sub-query, and no item redefines a name another item defines.
 */
import type * as A from '../syntax/ast.js';
import { columnLikeName } from './names.js';
import { functionRecord, isMovable } from '../functions/registry.js';

/** A call that must not move: its record's flags say it reads row order, randomness or the column set. */
function pinnedCall(name: string): boolean {
  const rec = functionRecord(name);
  return rec !== undefined && !isMovable(rec.flags);
}

/**
 * Visits the Name nodes of `e` that stand for a column (not function names, not the member after
 * a dot); returns true when the expression must not be moved: a row-order function, or any
 * expression kind not listed (sub-queries, lambdas, `*`).
 */
function visitColumnNames(e: A.Expr, onName: (n: A.Name) => void): boolean {
  let pinned = false;
  const visit = (x: A.Expr): void => {
    switch (x.kind) {
      case 'Name': onName(x); break;
      case 'Binary': visit(x.left); visit(x.right); break;
      case 'Unary': visit(x.operand); break;
      case 'Call':
        if (pinnedCall(x.name.name)) pinned = true;
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

/** Adds the names an expression reads to `names`; returns true when it must not be moved (row order, sub-queries). */
export function scan(e: A.Expr, names: Set<string>): boolean {
  return visitColumnNames(e, (n) => names.add(n.name));
}

/**
 * The text of a predicate with extend items written into it (for explain): the source of the
 * predicate with each inlined item written out in parentheses. `text` gives the source text of a node.
 */
export function inlinedPredicateText(original: A.Expr, items: readonly { readonly name: string; readonly expr: A.Expr }[], text: (e: A.Expr) => string): string {
  const byName = new Map<string, string>();
  const render = (e: A.Expr): string => {
    const names: A.Name[] = [];
    visitColumnNames(e, (n) => names.push(n));
    let out = text(e);
    for (const n of names.sort((a, b) => b.start - a.start)) {
      const t = byName.get(n.name);
      if (t !== undefined) out = out.slice(0, n.start - e.start) + (/^[\w.]+$/.test(t) ? t : `(${t})`) + out.slice(n.end - e.start);
    }
    return out;
  };
  for (const it of items) byName.set(it.name, render(it.expr));
  return render(original);
}

/** `e` with each Name in `subst` replaced by its expression (the names visitColumnNames visits). */
export function substitute(e: A.Expr, subst: ReadonlyMap<string, A.Expr>): A.Expr {
  const go = (x: A.Expr): A.Expr => {
    switch (x.kind) {
      case 'Name': return subst.get(x.name) ?? x;
      case 'Binary': return { ...x, left: go(x.left), right: go(x.right) };
      case 'Unary': return { ...x, operand: go(x.operand) };
      case 'Call': return { ...x, args: x.args.map(go) };
      case 'NamedArg': return { ...x, value: go(x.value) };
      case 'Member': return { ...x, target: go(x.target) };
      case 'Index': return { ...x, target: go(x.target), index: go(x.index) };
      case 'InList': return { ...x, left: go(x.left), items: x.items.map(go) };
      case 'Between': return { ...x, left: go(x.left), low: go(x.low), high: go(x.high) };
      default: return x;
    }
  };
  return go(e);
}

export interface InlinedItem { readonly item: A.ColumnItem; readonly name: string; readonly reads: ReadonlySet<string> }

/**
 * Extend items (in order, chained extends merged) and a predicate over their output: the predicate
 * with the items it reads substituted in, or undefined when the rewrite does not apply (an item
 * without a known name or with several, a row-order function or a sub-query, a name defined twice).
 */
export function inlineExtendItems(items: readonly A.ColumnItem[], predicate: A.Expr): { predicate: A.Expr; items: InlinedItem[] } | undefined {
  const info: InlinedItem[] = [];
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
  if (scan(predicate, new Set<string>())) return undefined;
  // Each item's expression in terms of the input columns: earlier items substituted in order.
  const subst = new Map<string, A.Expr>();
  for (const i of info) subst.set(i.name, substitute(i.item.expr, subst));
  return { predicate: substitute(predicate, subst), items: info };
}

/**
 * The items a consumer reading `needed` (undefined = all) requires: those it reads and, transitively,
 * the earlier items they read.
 */
export function keptItems(info: readonly InlinedItem[], needed: ReadonlySet<string> | undefined): InlinedItem[] {
  if (!needed) return [...info];
  const defined = new Set(info.map((i) => i.name));
  const keep = new Set<string>();
  const queue = info.map((i) => i.name).filter((n) => needed.has(n));
  while (queue.length) {
    const n = queue.pop()!;
    if (keep.has(n)) continue;
    keep.add(n);
    const at = info.findIndex((i) => i.name === n);
    for (const r of info[at]!.reads) if (defined.has(r) && !keep.has(r) && info.findIndex((i) => i.name === r) < at) queue.push(r);
  }
  return info.filter((i) => keep.has(i.name));
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
