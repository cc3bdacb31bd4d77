/**
 * constant-folding: arithmetic and comparisons of two number literals, and `and`/`or`/`not` with a
 * bool literal side, become one literal in `where` predicates and `extend` items (`x > 60 * 60`
 * runs as `x > 3600`); a `where true` is dropped. Only row- and time-independent operators of
 * ../../semantics/operators.ts are folded (never `now()`/`ago()`: a prepared plan runs at many
 * `now`s); a fold that fails (division by zero, overflow) leaves the expression as written.
 */
import type * as A from '../../syntax/ast.js';
import type { ScalarType, Value } from '../../data/types.js';
import { binaryOperator } from '../../semantics/operators.js';
import { mapChain, type PlanNode } from '../nodes.js';
import type { OptimizerRule } from './rule.js';

const NUMBER: ReadonlySet<string> = new Set(['int', 'long', 'real']);
const FOLDS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=']);

/** The literals this rule made (explain prints their value, not the source text they replace). */
export const FOLDED = new WeakSet<A.Expr>();

function literal(at: A.Span, type: ScalarType, value: Value): A.Literal | undefined {
  const lit = made(at, type, value);
  if (lit) FOLDED.add(lit);
  return lit;
}

function made(at: A.Span, type: ScalarType, value: Value): A.Literal | undefined {
  if (typeof value === 'boolean') return { kind: 'Literal', type, value, text: String(value), start: at.start, end: at.end };
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (type !== 'real' && !Number.isSafeInteger(value)) return undefined;
  const text = type === 'real' && Number.isInteger(value) ? `${value}.0` : String(value);
  return { kind: 'Literal', type, value, text, start: at.start, end: at.end };
}

const isBool = (e: A.Expr, v: boolean): boolean => e.kind === 'Literal' && e.type === 'bool' && e.value === v;

/** `e` with its constant parts folded (the same object when nothing folds). */
export function foldExpr(e: A.Expr): A.Expr {
  switch (e.kind) {
    case 'Binary': {
      const left = foldExpr(e.left), right = foldExpr(e.right);
      if (e.op === 'and') {
        if (isBool(left, true)) return right;
        if (isBool(right, true)) return left;
        if (isBool(left, false) || isBool(right, false)) return literal(e, 'bool', false)!;
      }
      if (e.op === 'or') {
        if (isBool(left, false)) return right;
        if (isBool(right, false)) return left;
        if (isBool(left, true) || isBool(right, true)) return literal(e, 'bool', true)!;
      }
      if (FOLDS.has(e.op) && left.kind === 'Literal' && right.kind === 'Literal' && NUMBER.has(left.type) && NUMBER.has(right.type)
        && left.value !== null && right.value !== null) {
        if ((e.op === '/' || e.op === '%') && right.value === 0) return same(e, left, right);
        const r = binaryOperator(e.op, left.type, right.type);
        if ('impl' in r) {
          const lit = literal(e, r.type, r.impl(left.value, right.value, left.type, right.type));
          if (lit) return lit;
        }
      }
      return same(e, left, right);
    }
    case 'Call': {
      if (e.name.name === 'not' && e.args.length === 1 && !e.target) {
        const a = foldExpr(e.args[0]!);
        if (a.kind === 'Literal' && a.type === 'bool' && typeof a.value === 'boolean') return literal(e, 'bool', !a.value)!;
        return a === e.args[0] ? e : { ...e, args: [a] };
      }
      return e;
    }
    default: return e;
  }
}

function same(e: A.Binary, left: A.Expr, right: A.Expr): A.Expr {
  return left === e.left && right === e.right ? e : { ...e, left, right };
}

export const constantFolding: OptimizerRule = {
  name: 'constant-folding',
  apply: (plan) => mapChain(plan, (n): PlanNode => {
    if (n.kind === 'Filter') {
      const predicate = foldExpr(n.predicate);
      if (isBool(predicate, true)) return n.input;
      return predicate === n.predicate ? n : { ...n, predicate };
    }
    if (n.kind === 'Extend') {
      let changed = false;
      const items = n.items.map((it) => { const expr = foldExpr(it.expr); if (expr === it.expr) return it; changed = true; return { ...it, expr }; });
      return changed ? { ...n, items } : n;
    }
    return n;
  }),
};
