/**
 * Kusto's binary operators: result types (for the binder) and implementations over boxed values
 * (for the executor). Null rules (DOMAIN.md "KQL traps", Kusto's null-values page): string has no
 * null; `null == x` is false and `null != x` true for a non-null x, both are null when both sides
 * are null; other operators with a null operand give null (`where` then drops the row);
 * `and`/`or` are three-valued (false and null → false, true or null → true).
 *
 * The string operators (has family, contains, startswith…) are also exported as predicates compiled
 * once per constant right side (terms.ts) so the executor can run them over a column's dictionary.
 */
import { type DynamicValue, type ScalarType, type Value, exactLong } from '../data/types.js';
import { isNumericType, promoteNumeric } from '../functions/catalog.js';
import { convertValue, dynamicToString, toStringValue } from './convert.js';
import { compileHasAll, compileHasAny, compileStringPredicate, foldCase, type StringPredicateOp } from './terms.js';
import { compileRegex } from '../regex/index.js';
import { wildcardMatcher, type WildcardMatcher } from '../regex/wildcard.js';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~';
export type LogicalOp = 'and' | 'or';
export type StringOp =
  | StringPredicateOp | `!${Exclude<StringPredicateOp, '==' | '=~'>}` | 'matches regex';
/** `like`/`notlike` (case-insensitive) and `likecs`/`notlikecs`: SQL LIKE patterns, `%` any run, `_` one character. */
export type LikeOp = 'like' | 'notlike' | 'likecs' | 'notlikecs';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp | StringOp | LikeOp;

/** Extra type arguments are accepted and ignored (the impl is already specialised to the operand types). */
export type BinaryImpl = (a: Value, b: Value, leftType?: ScalarType, rightType?: ScalarType) => Value;
/** Success: the result type and the implementation; failure: `{ error }` with a message for a diagnostic. */
export type BinaryResolution =
  | { readonly type: ScalarType; readonly impl: BinaryImpl }
  | { readonly error: string };

const STRING_OPS = new Set<string>([
  'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs',
  'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs',
]);

export function isStringOp(op: string): boolean {
  return STRING_OPS.has(op) || (op.startsWith('!') && STRING_OPS.has(op.slice(1))) || op === 'matches regex';
}

const isTimeType = (t: ScalarType) => t === 'datetime' || t === 'timespan';
const isNumberLike = (t: ScalarType) => isNumericType(t) || t === 'bool';

// ------------------------------------------------------------------------------------------------
// arithmetic

function arithType(op: ArithmeticOp, l: ScalarType, r: ScalarType): ScalarType | undefined {
  if (l === 'dynamic' || r === 'dynamic') {
    const other = l === 'dynamic' ? r : l;
    if (other === 'dynamic' || isNumericType(other)) return 'real';
    if (isTimeType(other)) return arithType(op, l === 'dynamic' ? other : l, r === 'dynamic' ? other : r);
    return undefined;
  }
  if (isNumericType(l) && isNumericType(r)) return promoteNumeric([l, r]);
  switch (op) {
    case '+':
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'timespan' && r === 'datetime') return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '-':
      if (l === 'datetime' && r === 'datetime') return 'timespan';
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '*':
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      if (isNumericType(l) && r === 'timespan') return 'timespan';
      return undefined;
    case '/':
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      if (l === 'timespan' && r === 'timespan') return 'real';
      return undefined;
    case '%':
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      return undefined;
  }
}

const isInt = (t: ScalarType) => t === 'int' || t === 'long';

function numOf(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') { const n = Number(v); return v.trim() !== '' && !Number.isNaN(n) ? n : null; }
  return null;
}

function bigArith(op: ArithmeticOp, a: Value, b: Value): Value {
  const big = (v: Value): bigint | null => (typeof v === 'bigint' ? v : typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : typeof v === 'boolean' ? BigInt(v ? 1 : 0) : null);
  const x = big(a), y = big(b);
  if (x === null || y === null) return null;
  switch (op) {
    case '+': return exactLong(x + y);
    case '-': return exactLong(x - y);
    case '*': return exactLong(x * y);
    case '/': return y === 0n ? null : exactLong(x / y);
    case '%': return y === 0n ? null : exactLong(x % y);
  }
}

function arithImpl(op: ArithmeticOp, l: ScalarType, r: ScalarType, out: ScalarType): BinaryImpl {
  const intDiv = isInt(out) || (out === 'timespan' && (op === '/' || op === '%') && isInt(r)) ;
  switch (op) {
    case '+': return (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null ? null : x + y; };
    case '-': return (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null ? null : x - y; };
    case '*': return isInt(out)
      ? (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null ? null : Math.trunc(x * y); }
      : (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null ? null : x * y; };
    case '/': return intDiv
      ? (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null || y === 0 ? null : Math.trunc(x / y); }
      : (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null ? null : x / y; };
    case '%': return (isInt(l) && isInt(r)) || out === 'timespan'
      ? (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null || y === 0 ? null : x % y; }
      : (a, b) => { const x = numOf(a), y = numOf(b); return x === null || y === null ? null : x % y; };
  }
}

// ------------------------------------------------------------------------------------------------
// comparison

/**
 * Total order used by comparisons and sort: numbers numerically, strings ordinally, bools
 * false < true, dynamic by content (numbers, then strings, then JSON text). Returns <0, 0, >0.
 * Nulls are not handled here (callers decide where nulls go).
 */
export function compareNonNull(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1;
  // An exact long beyond 2^53 (types.ts) against a long or a number: JS compares them exactly.
  if ((typeof a === 'bigint' && (typeof b === 'bigint' || (typeof b === 'number' && !Number.isNaN(b)))) || (typeof b === 'bigint' && typeof a === 'number' && !Number.isNaN(a))) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return (a ? 1 : 0) - (b ? 1 : 0);
  const na = numOf(a as Value), nb = numOf(b as Value);
  if (typeof a !== 'object' && typeof b !== 'object' && na !== null && nb !== null) return na - nb;
  const sa = typeof a === 'string' ? a : JSON.stringify(a), sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Deep equality of dynamic values (arrays element-wise, objects by key set and values). */
export function dynamicEquals(a: DynamicValue, b: DynamicValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as DynamicValue[];
    return a.length === bb.length && a.every((x, i) => dynamicEquals(x, bb[i]!));
  }
  const ka = Object.keys(a), kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  const ob = b as Record<string, DynamicValue>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && dynamicEquals((a as Record<string, DynamicValue>)[k]!, ob[k]!));
}

function comparable(l: ScalarType, r: ScalarType): boolean {
  if (l === r) return true;
  if (l === 'dynamic' || r === 'dynamic') return true;
  if (isNumberLike(l) && isNumberLike(r)) return true;
  if ((l === 'string' && r === 'guid') || (l === 'guid' && r === 'string')) return true;
  return false;
}

/** Brings a dynamic operand to the other side's type so 1 == dynamic(1) and "a" == dynamic("a") hold. */
function coerceDynamic(other: ScalarType): (v: Value) => Value {
  if (other === 'dynamic') return (v) => v;
  if (other === 'string') return (v) => (v === null ? null : typeof v === 'string' ? v : dynamicToString(v as DynamicValue));
  return (v) => (v === null || typeof v === 'object' ? v : convertValue(v, 'dynamic', other));
}

function eqImpl(l: ScalarType, r: ScalarType, ci: boolean): BinaryImpl {
  const cl = l === 'dynamic' && r !== 'dynamic' ? coerceDynamic(r) : undefined;
  const cr = r === 'dynamic' && l !== 'dynamic' ? coerceDynamic(l) : undefined;
  const bothString = (l === 'string' || l === 'guid') && (r === 'string' || r === 'guid');
  if (bothString && !ci) {
    return (a, b) => {
      // guid columns may be null; string never is
      if (a === null || b === null) return a === b ? null : false;
      return a === b;
    };
  }
  return (a0, b0) => {
    const a = cl ? cl(a0) : a0, b = cr ? cr(b0) : b0;
    if (a === null || b === null) return a === b ? null : false;
    if (typeof a === 'bigint' || typeof b === 'bigint') return (typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number') ? compareNonNull(a, b) === 0 : numOf(a) === numOf(b); // exact between longs
    if (typeof a === 'string' && typeof b === 'string') return ci ? a === b || foldCase(a) === foldCase(b) : a === b;
    if (typeof a === 'object' || typeof b === 'object') return dynamicEquals(a as DynamicValue, b as DynamicValue);
    if (typeof a === 'number' && typeof b === 'number') return a === b;
    const x = numOf(a), y = numOf(b);
    if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
    return x !== null && y !== null && x === y;
  };
}

/**
 * `==` / `!=` between types Kusto has no common type for. Microsoft's analyzer accepts any pair of
 * scalars here (`ResultType == 0` on a string column, `EventID in ("4624")`), so the executor must
 * give an answer: a string against anything else compares the other side's text (`0` as "0",
 * `true` as "true", a datetime as its ISO text); bool, numbers, datetimes and timespans against
 * each other compare as numbers (bool as 0/1, datetimes and timespans as ticks). Null against a value
 * is false (==); two nulls give null.
 */
function mixedEqImpl(l: ScalarType, r: ScalarType): BinaryImpl {
  if (l === 'string' || r === 'string' || l === 'guid' || r === 'guid') {
    const tl = l === 'string' ? undefined : l, tr = r === 'string' ? undefined : r;
    return (a, b) => {
      if (a === null || b === null) return a === b ? null : false; // null-values.md, as eqImpl
      const x = tl === undefined || typeof a === 'string' ? a : toStringValue(a, tl);
      const y = tr === undefined || typeof b === 'string' ? b : toStringValue(b, tr);
      return x === y;
    };
  }
  return (a, b) => { if (a === null && b === null) return null; const x = numOf(a), y = numOf(b); return x !== null && y !== null && x === y; };
}

function cmpImpl(op: '<' | '<=' | '>' | '>=', l: ScalarType, r: ScalarType): BinaryImpl {
  const cl = l === 'dynamic' && r !== 'dynamic' ? coerceDynamic(r) : undefined;
  const cr = r === 'dynamic' && l !== 'dynamic' ? coerceDynamic(l) : undefined;
  const test = op === '<' ? (c: number) => c < 0 : op === '<=' ? (c: number) => c <= 0 : op === '>' ? (c: number) => c > 0 : (c: number) => c >= 0;
  if (isNumericStorageType(l) && isNumericStorageType(r)) {
    switch (op) {
      case '<': return (a, b) => (a === null || b === null ? null : (a as number) < (b as number));
      case '<=': return (a, b) => (a === null || b === null ? null : (a as number) <= (b as number));
      case '>': return (a, b) => (a === null || b === null ? null : (a as number) > (b as number));
      case '>=': return (a, b) => (a === null || b === null ? null : (a as number) >= (b as number));
    }
  }
  return (a0, b0) => {
    const a = cl ? cl(a0) : a0, b = cr ? cr(b0) : b0;
    if (a === null || b === null) return null;
    return test(compareNonNull(a, b));
  };
}

function isNumericStorageType(t: ScalarType): boolean { return isNumericType(t) || t === 'datetime' || t === 'timespan'; }

// ------------------------------------------------------------------------------------------------

/** Result type and implementation of `left op right`, or a message for the binder. */
export function binaryOperator(op: BinaryOp, l: ScalarType, r: ScalarType): BinaryResolution {
  switch (op) {
    case '+': case '-': case '*': case '/': case '%': {
      const t = arithType(op, l, r);
      if (!t) return { error: `operator '${op}' cannot be applied to ${l} and ${r}` };
      const impl = arithImpl(op, l, r, t);
      // Exact 64-bit arithmetic when a long operand is beyond 2^53 (a bigint, types.ts).
      return { type: t, impl: isInt(t) ? (a, b) => (typeof a === 'bigint' || typeof b === 'bigint' ? bigArith(op, a, b) : impl(a, b)) : impl };
    }
    case '==': case '!=': case '=~': case '!~': {
      const ci = op === '=~' || op === '!~';
      if (ci && !((l === 'string' || l === 'dynamic') && (r === 'string' || r === 'dynamic'))) {
        return { error: `operator '${op}' needs string operands, got ${l} and ${r}` };
      }
      const eq = comparable(l, r) ? eqImpl(l, r, ci) : mixedEqImpl(l, r);
      if (op === '==' || op === '=~') return { type: 'bool', impl: eq };
      return { type: 'bool', impl: (a, b) => { const x = eq(a, b); return x === null ? null : !x; } };
    }
    case '<': case '<=': case '>': case '>=': {
      if (!comparable(l, r)) return { error: `cannot compare ${l} with ${r} using '${op}'` };
      return { type: 'bool', impl: cmpImpl(op, l, r) };
    }
    case 'and': case 'or': {
      if (!(l === 'bool' || l === 'dynamic') || !(r === 'bool' || r === 'dynamic')) {
        return { error: `operator '${op}' needs bool operands, got ${l} and ${r}` };
      }
      const b = (v: Value): boolean | null => (typeof v === 'boolean' ? v : null);
      return op === 'and'
        ? { type: 'bool', impl: (x, y) => { const p = b(x), q = b(y); return p === false || q === false ? false : p === null || q === null ? null : true; } }
        : { type: 'bool', impl: (x, y) => { const p = b(x), q = b(y); return p === true || q === true ? true : p === null || q === null ? null : false; } };
    }
    default: {
      if (op === 'matches regex') {
        return {
          type: 'bool', impl: (a, b) => {
            if (typeof b !== 'string') return null;
            const re = compileRegex(b);
            if (!re.ok) return null;
            return re.regex.test(toStringValue(a, l));
          },
        };
      }
      if (op === 'like' || op === 'notlike' || op === 'likecs' || op === 'notlikecs') {
        const ci = op === 'like' || op === 'notlike', neg = op.startsWith('not');
        const cache = new Map<string, WildcardMatcher>();
        return {
          type: 'bool', impl: (a, b) => {
            const pat = b === null ? '' : typeof b === 'string' ? b : toStringValue(b, r);
            let match = cache.get(pat);
            if (!match) { match = likeMatcher(pat, ci); if (cache.size < 1000) cache.set(pat, match); }
            const hit = match(typeof a === 'string' ? a : toStringValue(a, l));
            return neg ? !hit : hit;
          },
        };
      }
      if (!isStringOp(op)) return { error: `unknown operator '${op}'` };
      // String operators convert a non-string left side to its text (tostring).
      const cache = new Map<string, (s: string) => boolean>();
      return {
        type: 'bool', impl: (a, b) => {
          const rhs = b === null ? '' : typeof b === 'string' ? b : toStringValue(b, r);
          let p = cache.get(rhs);
          if (!p) { p = compileStringPredicate(op as StringPredicateOp, rhs); if (cache.size < 1000) cache.set(rhs, p); }
          return p(typeof a === 'string' ? a : toStringValue(a, l));
        },
      };
    }
  }
}

/** `%` any run, `_` one character; matched in linear-ish time (../regex/wildcard.ts), never by a backtracking RegExp. */
function likeMatcher(pat: string, ci: boolean): WildcardMatcher {
  return wildcardMatcher(pat, '%', '_', ci);
}

/** Unary minus (and plus). */
export function unaryOperator(op: '-' | '+', t: ScalarType): BinaryResolution {
  if (!(isNumericType(t) || t === 'timespan' || t === 'dynamic')) return { error: `operator '${op}' cannot be applied to ${t}` };
  const type = t === 'dynamic' ? 'real' : t;
  return { type, impl: op === '-' ? (a) => { const x = numOf(a); return x === null ? null : -x; } : (a) => numOf(a) };
}

// ------------------------------------------------------------------------------------------------
// list operators: in, !in, in~, !in~, has_any, has_all, and between

export type ListOp = 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all' | '!has_any' | '!has_all';

/**
 * Compiles `left op (items…)` once per query for constant items. Dynamic array items are
 * flattened (`x in (dynamic(["a","b"]))`, a let-bound array, a subquery's column values).
 * `in`/`!in` compare case-sensitively (numbers numerically), `in~`/`!in~` ignore case; has_any/has_all
 * use term semantics. Null left: `in` → false, `!in` → true.
 */
export function compileListPredicate(op: ListOp, leftType: ScalarType, items: readonly Value[], itemTypes?: readonly ScalarType[]): (v: Value) => boolean {
  const flat: Value[] = [];
  const flatTypes: ScalarType[] = [];
  items.forEach((it, i) => {
    const t = itemTypes?.[i] ?? 'dynamic';
    if (Array.isArray(it)) for (const x of it) { flat.push(x as Value); flatTypes.push('dynamic'); }
    else { flat.push(it); flatTypes.push(t); }
  });
  const neg = op.startsWith('!');
  const base = (neg ? op.slice(1) : op) as 'in' | 'in~' | 'has_any' | 'has_all';
  let p: (v: Value) => boolean;
  if (base === 'has_any' || base === 'has_all') {
    const texts = flat.filter((x) => x !== null).map((x, i) => (typeof x === 'string' ? x : toStringValue(x, flatTypes[i]!)));
    const sp = base === 'has_any' ? compileHasAny(texts) : compileHasAll(texts);
    p = (v) => sp(typeof v === 'string' ? v : toStringValue(v, leftType));
  } else if (leftType === 'string' || leftType === 'guid' || leftType === 'dynamic' && flat.every((x) => typeof x === 'string')) {
    const ci = base === 'in~';
    const set = new Set(flat.filter((x) => x !== null).map((x, i) => {
      const s = typeof x === 'string' ? x : toStringValue(x, flatTypes[i]!);
      return ci ? foldCase(s) : s;
    }));
    p = (v) => {
      if (v === null) return false;
      const s = typeof v === 'string' ? v : dynamicToString(v as DynamicValue);
      return set.has(ci ? foldCase(s) : s);
    };
  } else if (isNumericStorageType(leftType) || leftType === 'bool') {
    // Numbers against numbers; a string item ("4624", "true") also matches the value's text.
    const set = new Set<number>();
    const texts = new Set<string>();
    flat.forEach((x, i) => {
      if (typeof x === 'string') texts.add(x);
      else if (flatTypes[i] === 'string' && x !== null) texts.add(toStringValue(x, 'string'));
      const n = numOf(x);
      if (n !== null) set.add(n);
    });
    p = texts.size === 0
      ? (v) => { const n = numOf(v); return n !== null && set.has(n); }
      : (v) => { if (v === null) return false; const n = numOf(v); return (n !== null && set.has(n)) || texts.has(toStringValue(v, leftType)); };
  } else {
    const eq = eqImpl(leftType, 'dynamic', base === 'in~');
    p = (v) => v !== null && flat.some((x) => eq(v, x) === true);
  }
  return neg ? (v) => !p(v) : p;
}

/**
 * `x between (lo .. hi)`, inclusive. For datetime x with a timespan hi, hi = lo + hi (Kusto's
 * `T between (datetime(…) .. 1d)`). Null → null.
 */
export function betweenImpl(negated: boolean, leftType: ScalarType, hiType: ScalarType): (x: Value, lo: Value, hi: Value) => Value {
  const relHi = leftType === 'datetime' && hiType === 'timespan';
  return (x, lo, hi) => {
    if (x === null || lo === null || hi === null) return null;
    const h = relHi ? (lo as number) + (hi as number) : hi;
    const inside = compareNonNull(x, lo) >= 0 && compareNonNull(x, h) <= 0;
    return negated ? !inside : inside;
  };
}

/** Type check for between's operands. */
export function checkBetween(l: ScalarType, lo: ScalarType, hi: ScalarType): string | undefined {
  if (l === 'datetime' && lo === 'datetime' && (hi === 'datetime' || hi === 'timespan')) return undefined;
  if (comparable(l, lo) && comparable(l, hi)) return undefined;
  return `between: cannot compare ${l} with ${lo} .. ${hi}`;
}

