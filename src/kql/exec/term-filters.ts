/**
 * Predicate → TermFilter[] (the `terms` of a ScanRequest, kql/scan.ts): the whole Kusto terms a
 * row's string column must hold for a filter predicate to be true on it. A store with a term
 * index narrows rows by them; the executor still runs the predicate on what the store returns,
 * so every filter here is NECESSARY for the predicate, never sufficient.
 *
 * Which terms of a right side `v` a matching value must hold as whole terms (the terms of
 * foldCase(v), semantics/terms.ts):
 * - `has`, `has_cs`, `==`, `=~`, `in`, `in~`: all of them. A has-needle whose first (last) character
 *   is a term character must start (end) on a term boundary; one that starts (ends) with
 *   punctuation has its first (last) term bounded by that punctuation. Either way each term of
 *   the needle is a maximal run in the value.
 * - `hasprefix(_cs)`, `startswith(_cs)`: all but the last when `v` ends with a term character
 *   (that run may continue in the value: `startswith "pow"` matches "powershell").
 * - `hassuffix(_cs)`, `endswith(_cs)`: all but the first when `v` starts with a term character.
 * - `has_any`, `in`, `in~` lists: one entry per value (anyOf); `has_all`: one entry, every term.
 * - `a and b`: the filters of both; `a or b`: for each column both sides constrain, one filter whose
 *   anyOf is the union of the two sides' entries.
 * Nothing for negations (`!has`, `not()`, `!in`), `contains`, `matches regex`, non-constant right
 * sides, left sides that are not a column name, a value without terms (`has "-"`, `== ""`: every row may match), or a value holding a character
 * whose case folding can move a term boundary (İ, U+0345: semantics/term-keys.ts).
 *
 * The left side must be a column name of the table the predicate reads directly (the caller
 * passes only predicates evaluated on the table reference's own columns). Filters are returned
 * for any column; a store uses those on columns it indexes and ignores the rest.
 */
import type * as A from '../syntax/ast.js';
import type { Value } from '../data/types.js';
import type { TermFilter } from '../scan.js';
import { foldCase, isTermChar, terms as splitTerms } from '../semantics/terms.js';
import { hasKeyHazard } from '../semantics/term-keys.js';

/**
 * Resolves a row-independent expression (a literal, a `let` scalar, `strcat("a", "b")`…) to its
 * value; undefined when it depends on a row. A Name it resolves is not a column. The executor's
 * fold (scan-request.ts `Fold`) fits as `(e) => fold(e)?.value`.
 */
export type ConstantOf = (e: A.Expr) => Value | undefined;

/** The most entries a filter built from `a and b` on one column (a cross product) may hold. */
const MAX_ENTRIES = 256;

type Cut = 'none' | 'last' | 'first';

const BINARY: Partial<Record<A.BinaryOp, Cut>> = {
  has: 'none', has_cs: 'none', '==': 'none', '=~': 'none',
  hasprefix: 'last', hasprefix_cs: 'last', startswith: 'last', startswith_cs: 'last',
  hassuffix: 'first', hassuffix_cs: 'first', endswith: 'first', endswith_cs: 'first',
};

/** The TermFilters implied by a `where` predicate (see the file comment). */
export function termFiltersOf(predicate: A.Expr, constantOf: ConstantOf = literalOf): TermFilter[] {
  switch (predicate.kind) {
    case 'Binary': return binary(predicate, constantOf);
    case 'InList': return inList(predicate, constantOf);
    default: return [];
  }
}

/** The value of a literal; undefined for anything else. */
export function literalOf(e: A.Expr): Value | undefined {
  return e.kind === 'Literal' ? e.value : undefined;
}

/** The terms a value matching `v` must hold whole, or undefined when the index cannot use `v`. */
export function requiredTerms(v: string, cut: Cut): string[] | undefined {
  if (hasKeyHazard(v)) return undefined;
  const ts = splitTerms(foldCase(v));
  if (cut === 'last' && v.length > 0 && isTermChar(v.charCodeAt(v.length - 1))) ts.pop();
  if (cut === 'first' && v.length > 0 && isTermChar(v.charCodeAt(0))) ts.shift();
  return ts;
}

/** A column reference: a Name that is not a constant (a `let` scalar resolves, a column does not). */
function columnOf(e: A.Expr, constantOf: ConstantOf): string | undefined {
  return e.kind === 'Name' && constantOf(e) === undefined ? e.name : undefined;
}

function binary(e: A.Binary, constantOf: ConstantOf): TermFilter[] {
  if (e.op === 'and') return [...termFiltersOf(e.left, constantOf), ...termFiltersOf(e.right, constantOf)];
  if (e.op === 'or') return disjoin(termFiltersOf(e.left, constantOf), termFiltersOf(e.right, constantOf));
  const cut = BINARY[e.op];
  if (cut === undefined) return [];
  let column = columnOf(e.left, constantOf), rhs = e.right;
  // `"x" == Col` reads like `Col == "x"`; the other operators are not symmetric.
  if (column === undefined && (e.op === '==' || e.op === '=~')) { column = columnOf(e.right, constantOf); rhs = e.left; }
  if (column === undefined) return [];
  const v = constantOf(rhs);
  if (typeof v !== 'string') return [];
  const ts = requiredTerms(v, cut);
  return ts && ts.length > 0 ? [{ column, anyOf: [ts] }] : [];
}

/** The list's values flattened (dynamic arrays spread), or undefined when one is not a string. */
function listStrings(items: readonly A.Expr[], constantOf: ConstantOf): string[] | undefined {
  const out: string[] = [];
  for (const it of items) {
    const v = constantOf(it);
    if (v === undefined) return undefined;
    const vs = Array.isArray(v) ? v : [v];
    for (const x of vs) {
      if (x === null) continue; // null list items match nothing (has_any, in) or are ignored (has_all)
      if (typeof x !== 'string') return undefined;
      out.push(x);
    }
  }
  return out;
}

function inList(e: A.InList, constantOf: ConstantOf): TermFilter[] {
  const column = columnOf(e.left, constantOf);
  if (column === undefined) return [];
  if (e.op !== 'in' && e.op !== 'in~' && e.op !== 'has_any' && e.op !== 'has_all') return [];
  const values = listStrings(e.items, constantOf);
  if (values === undefined || values.length === 0) return [];
  if (e.op === 'has_all') {
    // A conjunction: a needle the index cannot use only drops its own terms.
    const all = new Set<string>();
    for (const v of values) for (const t of requiredTerms(v, 'none') ?? []) all.add(t);
    return all.size > 0 ? [{ column, anyOf: [[...all]] }] : [];
  }
  const anyOf: string[][] = [];
  for (const v of values) {
    const ts = requiredTerms(v, 'none');
    if (ts === undefined || ts.length === 0) return [];
    anyOf.push(ts);
  }
  return [{ column, anyOf: dedupe(anyOf) }];
}

/** `a or b`: per column both sides constrain, the union of their (conjoined) entries. */
function disjoin(left: TermFilter[], right: TermFilter[]): TermFilter[] {
  const out: TermFilter[] = [];
  for (const column of new Set(left.map((f) => f.column))) {
    const r = right.filter((f) => f.column === column);
    if (r.length === 0) continue;
    const l = conjoin(left.filter((f) => f.column === column));
    out.push({ column, anyOf: dedupe([...l.anyOf, ...conjoin(r).anyOf]) });
  }
  return out;
}

/** Several filters on one column as one: the cross product of their entries, or the narrowest one when that grows too large. */
function conjoin(fs: TermFilter[]): TermFilter {
  let acc = fs[0]!;
  for (let i = 1; i < fs.length; i++) {
    const f = fs[i]!;
    if (acc.anyOf.length * f.anyOf.length > MAX_ENTRIES) { if (f.anyOf.length < acc.anyOf.length) acc = f; continue; }
    const anyOf: string[][] = [];
    for (const a of acc.anyOf) for (const b of f.anyOf) anyOf.push([...new Set([...a, ...b])]);
    acc = { column: acc.column, anyOf };
  }
  return acc;
}

function dedupe(entries: (readonly string[])[]): (readonly string[])[] {
  const seen = new Set<string>();
  return entries.filter((e) => { const k = e.join('\u0000'); if (seen.has(k)) return false; seen.add(k); return true; });
}

